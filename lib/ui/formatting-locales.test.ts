import { afterEach, describe, expect, it } from 'vitest';
import english from '@/public/_locales/en/messages.json';
import german from '@/public/_locales/de/messages.json';
import { formatList, useMessageFile, type MessageFile } from '@/lib/i18n';
import { firstDayOfWeek, formatAge, formatDayHeading, formatDayRange, formatDuration, formatSlot, formatTime, formatWallClock, weekdayName } from './dates';
import { toDayRows, weekdayLabel } from './working-hours';
import { summarizePeople } from './slots';

// Each test speaks one language, as a browser with that interface language would.
let restore: (() => void) | undefined;
afterEach(() => restore?.());
const speak = (file: MessageFile, locale: string) => {
  restore = useMessageFile(file, locale);
};

const afternoonInBerlin = { start: '2026-11-24T15:00:00Z', end: '2026-11-24T15:30:00Z' };

describe('dates and times in German and in English', () => {
  it('shows times on a 24-hour clock in German and a 12-hour clock in American English', () => {
    speak(german, 'de-DE');
    expect(formatTime(afternoonInBerlin.start, 'Europe/Berlin')).toBe('16:00');
    expect(formatSlot(afternoonInBerlin.start, afternoonInBerlin.end, 'Europe/Berlin')).toBe('Di., 24. Nov., 16:00–16:30');
    speak(english, 'en-US');
    expect(formatTime(afternoonInBerlin.start, 'Europe/Berlin')).toBe('4:00 PM');
    expect(formatSlot(afternoonInBerlin.start, afternoonInBerlin.end, 'Europe/Berlin')).toBe('Tue, Nov 24, 4:00 PM–4:30 PM');
  });

  it('names days and ranges in the language’s own order and words', () => {
    speak(german, 'de-DE');
    expect(formatDayHeading('2026-11-24')).toBe('Dienstag, 24. November');
    expect(formatDayRange({ from: '2026-11-24', to: '2026-12-07' })).toBe('24. Nov. – 7. Dez.');
    expect(formatWallClock('2026-11-25T13:00')).toBe('Mi., 25. Nov., 13:00');
    speak(english, 'en-US');
    expect(formatDayHeading('2026-11-24')).toBe('Tuesday, November 24');
    expect(formatDayRange({ from: '2026-11-24', to: '2026-12-07' })).toBe('Nov 24 – Dec 7');
    expect(formatWallClock('2026-11-25T13:00')).toBe('Wed, Nov 25, 1:00 PM');
  });

  it('starts the week on Monday in Germany and on Sunday in the United States, with the weekdays named in each language', () => {
    expect(firstDayOfWeek('de-DE')).toBe(1);
    expect(firstDayOfWeek('en-US')).toBe(7);
    expect(firstDayOfWeek('en-GB')).toBe(1);
    speak(german, 'de-DE');
    expect(toDayRows({}).map((row) => weekdayLabel(row.day))).toEqual(['Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag', 'Sonntag']);
    speak(english, 'en-US');
    expect(toDayRows({}).map((row) => weekdayLabel(row.day))).toEqual(['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']);
    expect(weekdayName(7, 'de')).toBe('Sonntag');
  });

  it('says how old an answer is in relative words of the language', () => {
    const now = new Date('2026-11-24T12:00:00Z');
    speak(german, 'de-DE');
    expect(formatAge('2026-11-24T11:59:40Z', now)).toBe('gerade eben');
    expect(formatAge('2026-11-24T11:48:00Z', now)).toBe('vor 12 Minuten');
    expect(formatAge('2026-11-24T09:30:00Z', now)).toBe('vor 2 Stunden');
    speak(english, 'en-US');
    expect(formatAge('2026-11-24T11:48:00Z', now)).toBe('12 minutes ago');
  });
});

describe('durations and lists in German and in English', () => {
  it('writes a length of time with the language’s unit abbreviations', () => {
    speak(german, 'de-DE');
    expect(formatDuration(45)).toBe('45 Min.');
    expect(formatDuration(60)).toBe('1 Std.');
    expect(formatDuration(150)).toBe('2 Std., 30 Min.');
    speak(english, 'en-US');
    expect(formatDuration(45)).toBe('45 min');
    expect(formatDuration(150)).toBe('2 hr 30 min');
  });

  it('joins names with the language’s conjunction and counts the rest in its words', () => {
    speak(german, 'de-DE');
    expect(formatList(['Ada', 'Bob', 'Cy'])).toBe('Ada, Bob und Cy');
    expect(summarizePeople(['Ada', 'Bob', 'Cy', 'Di', 'Eve'])).toBe('Ada, Bob und 3 weitere Personen');
    speak(english, 'en-US');
    expect(summarizePeople(['Ada', 'Bob', 'Cy', 'Di', 'Eve'])).toBe('Ada, Bob, and 3 others');
  });
});
