import { describe, expect, it } from 'vitest';
import { parseShownTime } from '../core/selectors';
import { outlookFormats, parseShownDate } from './selectors';

describe("Outlook's date and time comboboxes", () => {
  it('types dates and times the way each interface language parses them', () => {
    expect(outlookFormats.en.date('2026-12-03')).toBe('12/3/2026');
    expect(outlookFormats.en.time('00:05')).toBe('12:05 AM');
    expect(outlookFormats.en.time('14:30')).toBe('2:30 PM');
    expect(outlookFormats.de.date('2026-12-03')).toBe('3.12.2026');
    expect(outlookFormats.de.time('14:30')).toBe('14:30');
  });

  it('reads back what Outlook shows: a slash date is month first, a dot date day first, with or without a weekday', () => {
    expect(parseShownDate('Thu 12/3/2026')).toBe('2026-12-03');
    expect(parseShownDate('Do 03.12.2026')).toBe('2026-12-03');
    expect(parseShownDate('3.12/2026')).toBeUndefined();
    expect(parseShownTime('12:30 PM')).toBe('12:30');
    expect(parseShownTime('12:30 AM')).toBe('00:30');
    expect(parseShownTime('14:30')).toBe('14:30');
  });
});
