import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import english from '@/public/_locales/en/messages.json';
import german from '@/public/_locales/de/messages.json';
import * as i18n from '@/lib/i18n';
import { findMeetingTimes, type MeetingRequest } from '@/lib/schedule';
import { invitationBlock, plainTextOf, timeInZone, timesBlock } from './mail-text';

const free = { status: 'known' as const, busy: [] };
const allDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, [{ start: '00:00', end: '23:59' }]]));

/** Real slots from the engine: the zones in them are the ones a search would hand the panel. */
function slotsAt(start: string, participants: MeetingRequest['participants']) {
  const result = findMeetingTimes({
    organizer: { email: 'org@example.com', timeZone: 'Europe/Berlin' },
    participants: [{ email: 'org@example.com', availability: free, workingHours: allDay }, ...participants],
    durationMinutes: 30,
    searchWindows: [{ start, end: new Date(Date.parse(start) + 30 * 60_000).toISOString() }],
    now: new Date(Date.parse(start) - 86_400_000).toISOString(),
    defaultWorkingHours: allDay,
  }, i18n);
  if (!result.ok) throw new Error(result.error.message);
  return result.slots;
}

// The sender's language words the lines; British English shows the day-month order and 24-hour clock most cases below use.
let restore: () => void;
beforeEach(() => {
  restore = i18n.useMessageFile(english, 'en-GB');
});
afterEach(() => restore());

describe('the times Gmail gets from "Insert times"', () => {
  it('shows each time in the organizer’s zone and in a recipient’s zone their calendar reported, but not in a zone only assumed', () => {
    const slots = slotsAt('2026-12-03T09:00:00Z', [
      { email: 'ben@example.com', name: 'Ben Carter', availability: free, timeZone: 'America/New_York', workingHours: allDay },
      { email: 'ana@example.com', availability: free },
    ]);
    const block = timesBlock('b1', slots, 'Europe/Berlin');
    expect(block.kind).toBe('times');
    expect(block.lines.map((line) => line.text)).toEqual(['Would this time work for you?', '• Thu, 3 Dec 2026, 10:00–10:30 Europe/Berlin (Thu, 3 Dec 2026, 04:00–04:30 America/New_York for Ben Carter)']);
  });

  it('uses each zone’s own offset on the day Europe moves its clocks, while New York already moved', () => {
    const slots = slotsAt('2026-03-29T07:00:00Z', [{ email: 'ben@example.com', availability: free, timeZone: 'America/New_York', workingHours: allDay }]);
    // Berlin is UTC+2 from 01:00 UTC that day; New York has been UTC−4 since 8 March.
    expect(timesBlock('b2', slots, 'Europe/Berlin').lines[1]!.text).toBe('• Sun, 29 Mar 2026, 09:00–09:30 Europe/Berlin (Sun, 29 Mar 2026, 03:00–03:30 America/New_York for ben@example.com)');
  });

  it('names both days when the meeting crosses midnight in a zone', () => {
    expect(timeInZone({ start: '2026-12-03T22:45:00Z', end: '2026-12-03T23:15:00Z' }, 'Europe/Berlin')).toBe('Thu, 3 Dec 2026, 23:45 – Fri, 4 Dec 2026, 00:15 Europe/Berlin');
  });

  it('keeps a hostile display name as the characters it is, for the content script to set as text', () => {
    const slots = slotsAt('2026-12-03T09:00:00Z', [{ email: 'eve@example.com', name: '<img src=x onerror=alert(1)>', availability: free, timeZone: 'Asia/Tokyo', workingHours: allDay }]);
    expect(timesBlock('b3', slots, 'Europe/Berlin').lines[1]!.text).toContain('for <img src=x onerror=alert(1)>)');
  });

  it('reads as one line per time in plain text, the question first', () => {
    const slots = [...slotsAt('2026-12-03T09:00:00Z', []), ...slotsAt('2026-12-04T13:30:00Z', [])];
    expect(plainTextOf(timesBlock('b4', slots, 'Europe/Berlin'))).toBe('Would one of these times work for you?\n• Thu, 3 Dec 2026, 10:00–10:30 Europe/Berlin\n• Fri, 4 Dec 2026, 14:30–15:00 Europe/Berlin');
  });
});

describe('the line Gmail gets after "Send an invite"', () => {
  const meeting = { start: '2026-12-03T09:00:00Z', end: '2026-12-03T09:30:00Z', timeZone: 'Europe/Berlin' };

  it('names the booked time and links the event when its link is https', () => {
    const block = invitationBlock('i1', { ...meeting, eventUrl: 'https://calendar.google.com/event?eid=abc' });
    expect(block).toEqual({ id: 'i1', kind: 'invite', lines: [{ text: 'Invitation sent for Thu, 3 Dec 2026, 10:00–10:30 Europe/Berlin', href: 'https://calendar.google.com/event?eid=abc' }] });
    expect(plainTextOf(block)).toBe('Invitation sent for Thu, 3 Dec 2026, 10:00–10:30 Europe/Berlin: https://calendar.google.com/event?eid=abc');
  });

  it('leaves out a link that is not https', () => {
    expect(invitationBlock('i2', { ...meeting, eventUrl: 'javascript:alert(1)' }).lines[0]!.href).toBeUndefined();
  });
});

describe('the inserted lines in the sender’s language', () => {
  const meeting = { start: '2026-12-03T09:00:00Z', end: '2026-12-03T09:30:00Z', timeZone: 'Europe/Berlin' };

  it('follow a US browser’s month-first dates and 12-hour clock', () => {
    restore();
    restore = i18n.useMessageFile(english, 'en-US');
    expect(timeInZone(meeting, 'Europe/Berlin')).toMatch(/^Thu, Dec 3, 2026, 10:00\s–\s10:30\sAM Europe\/Berlin$/);
  });

  it('are German, on a 24-hour clock, for a German browser', () => {
    restore();
    restore = i18n.useMessageFile(german, 'de');
    const slots = slotsAt('2026-12-03T09:00:00Z', [
      { email: 'ben@example.com', name: 'Ben Carter', availability: free, timeZone: 'America/New_York', workingHours: allDay },
      { email: 'cleo@example.com', name: 'Cleo', availability: free, timeZone: 'America/New_York', workingHours: allDay },
    ]);
    expect(timesBlock('b1', slots, 'Europe/Berlin').lines.map((line) => line.text)).toEqual([
      'Würde Ihnen dieser Termin passen?',
      '• Do., 3. Dez. 2026, 10:00–10:30 Uhr Europe/Berlin (Do., 3. Dez. 2026, 04:00–04:30 Uhr America/New_York für Ben Carter und Cleo)',
    ]);
    expect(invitationBlock('i1', meeting).lines[0]!.text).toBe('Einladung gesendet für Do., 3. Dez. 2026, 10:00–10:30 Uhr Europe/Berlin');
  });
});
