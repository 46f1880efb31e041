import { describe, expect, it } from 'vitest';
import { clampRange, daysInRange, defaultRange, formatAge, formatDayHeading, formatDayRange, formatSlot, formatWallClock, rangeProblem, rangeToInstants, todayIn } from './dates';

describe('date ranges in the organizer zone', () => {
  it('starts the default range on the organizer’s today, which may differ from UTC’s', () => {
    const lateEveningInNewYork = new Date('2026-11-25T03:30:00Z');
    expect(todayIn('America/New_York', lateEveningInNewYork)).toBe('2026-11-24');
    expect(defaultRange(lateEveningInNewYork, 'America/New_York', 14)).toEqual({ from: '2026-11-24', to: '2026-12-07' });
    expect(defaultRange(lateEveningInNewYork, 'Asia/Tokyo', 14).from).toBe('2026-11-25');
  });

  it('turns a range into midnight-to-midnight instants in the zone, across a DST change', () => {
    expect(rangeToInstants({ from: '2026-03-07', to: '2026-03-08' }, 'America/New_York')).toEqual({
      start: '2026-03-07T05:00:00.000Z',
      end: '2026-03-09T04:00:00.000Z',
    });
  });

  it('counts the days of a range including both ends', () => {
    expect(daysInRange({ from: '2026-11-24', to: '2026-12-07' })).toBe(14);
  });

  it('explains each range that cannot be searched', () => {
    const today = '2026-11-24';
    expect(rangeProblem({ from: '', to: '2026-11-30' }, today, 14)).toBe('Choose the first day to search.');
    expect(rangeProblem({ from: '2026-11-30', to: '2026-11-25' }, today, 14)).toBe('The last day comes before the first day.');
    expect(rangeProblem({ from: '2026-11-01', to: '2026-11-20' }, today, 14)).toBe('These days have passed; choose days from today on.');
    expect(rangeProblem({ from: '2026-12-20', to: '2026-12-21' }, today, 14)).toMatch(/at most 14 days ahead \(until Dec 7, 2026\)/);
    expect(rangeProblem({ from: '2026-11-24', to: '2026-12-07' }, today, 14)).toBeUndefined();
  });

  it('clamps a range that reaches into the past or past the horizon', () => {
    expect(clampRange({ from: '2026-11-20', to: '2026-12-31' }, '2026-11-24', 14)).toEqual({ from: '2026-11-24', to: '2026-12-07' });
  });
});

describe('formatting', () => {
  it('formats a slot in the organizer zone, not the machine’s', () => {
    expect(formatSlot('2026-11-24T15:00:00Z', '2026-11-24T15:30:00Z', 'Europe/Berlin', 'en-GB')).toBe('Tue 24 Nov, 16:00–16:30');
  });

  it('formats an engine wall-clock time without shifting it again', () => {
    expect(formatWallClock('2026-11-25T01:00', 'en-GB')).toBe('Wed 25 Nov, 01:00');
  });

  it('shortens a search range to its first and last day', () => {
    expect(formatDayRange({ from: '2026-11-24', to: '2026-12-07' }, 'en-GB')).toBe('24 Nov – 7 Dec');
    expect(formatDayRange({ from: '2026-11-24', to: '2026-11-24' }, 'en-GB')).toBe('24 Nov');
  });

  it('names a day for a heading', () => {
    expect(formatDayHeading('2026-11-24', 'en-GB')).toBe('Tuesday 24 November');
  });

  it('says how old a cached answer is in words', () => {
    const now = new Date('2026-11-24T12:00:00Z');
    expect(formatAge('2026-11-24T11:59:40Z', now)).toBe('just now');
    expect(formatAge('2026-11-24T11:59:00Z', now)).toBe('1 minute ago');
    expect(formatAge('2026-11-24T11:48:00Z', now)).toBe('12 minutes ago');
    expect(formatAge('2026-11-24T09:30:00Z', now)).toBe('2 hours ago');
  });
});
