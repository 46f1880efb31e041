import { describe, expect, it } from 'vitest';
import type { ParticipantInSlot, Slot } from '@/lib/schedule';
import { describeFreshness, flagLabel, groupSlotsByDay, slotFlags, summarizePeople } from './slots';

function person(email: string, localStart: string, extra: Partial<ParticipantInSlot> = {}): ParticipantInSlot {
  return {
    email,
    kind: 'person',
    role: 'required',
    groupIds: [],
    status: 'free',
    timeZone: 'UTC',
    localStart,
    localEnd: localStart,
    utcOffsetStart: '+00:00',
    utcOffsetEnd: '+00:00',
    minutesOutsideWorkingHours: 0,
    dstChangeThatDay: false,
    crossesDstChange: false,
    localDateDiffersFromOrganizer: false,
    ...extra,
  };
}

function slot(start: string, participants: ParticipantInSlot[] = []): Slot {
  const end = new Date(Date.parse(start) + 30 * 60_000).toISOString();
  return { start, end, confidence: 100, free: [], busy: [], tentative: [], unknown: [], outsideWorkingHours: [], participants, reasons: [] };
}

describe('groupSlotsByDay', () => {
  it('groups ranked slots by the organizer’s local day, in calendar order, keeping each slot’s rank', () => {
    const ranked = [slot('2026-11-25T14:00:00Z'), slot('2026-11-24T16:00:00Z'), slot('2026-11-24T09:00:00Z'), slot('2026-11-25T00:30:00Z')];
    const days = groupSlotsByDay(ranked, 'America/New_York', 'en-GB');
    expect(days.map((day) => day.date)).toEqual(['2026-11-24', '2026-11-25']);
    expect(days[0]?.heading).toBe('Tuesday 24 November');
    // 00:30 UTC on the 25th is still the evening of the 24th in New York.
    expect(days[0]?.slots.map((s) => [s.start, s.rank])).toEqual([
      ['2026-11-24T09:00:00Z', 3],
      ['2026-11-24T16:00:00Z', 2],
      ['2026-11-25T00:30:00Z', 4],
    ]);
    expect(days[1]?.slots.map((s) => s.rank)).toEqual([1]);
  });
});

describe('slotFlags', () => {
  it('flags people for whom the slot is on the next or previous day, and DST changes', () => {
    const flags = slotFlags(
      slot('2026-11-24T22:00:00Z', [
        person('organizer@x.com', '2026-11-24T23:00'),
        person('tokyo@x.com', '2026-11-25T07:00', { name: 'Kenji' }),
        person('hawaii@x.com', '2026-11-24T12:00'),
        person('dst@x.com', '2026-11-24T22:00', { crossesDstChange: true, dstChangeThatDay: true }),
        person('dstday@x.com', '2026-11-24T22:00', { dstChangeThatDay: true }),
      ]),
      'Europe/Berlin',
    );
    expect(flags.map(flagLabel)).toEqual(['Next day for Kenji', 'Clocks change during it for dst@x.com', 'Clocks change that day for dstday@x.com']);
  });

  it('flags the previous day for someone west of the date line', () => {
    const flags = slotFlags(slot('2026-11-25T01:00:00Z', [person('sydney@x.com', '2026-11-25T12:00'), person('la@x.com', '2026-11-24T17:00')]), 'Australia/Sydney');
    expect(flags.map(flagLabel)).toEqual(['Previous day for la@x.com']);
  });

  it('flags who is outside their working hours by how much, and whose calendar is unknown, before the day flags', () => {
    const flags = slotFlags(
      slot('2026-11-24T16:00:00Z', [
        person('ana@x.com', '2026-11-24T16:00'),
        person('kenji@x.com', '2026-11-25T01:00', { name: 'Kenji', minutesOutsideWorkingHours: 90 }),
        person('guest@y.com', '2026-11-24T16:00', { status: 'unknown' }),
      ]),
      'UTC',
    );
    expect(flags.map(flagLabel)).toEqual(['Outside working hours: Kenji (1 hr 30 min)', 'Calendar unknown: guest@y.com', 'Next day for Kenji']);
  });
});

describe('summarizePeople', () => {
  it('lists up to three names and counts the rest, joined as the language joins a list', () => {
    expect(summarizePeople(['Ada'])).toBe('Ada');
    expect(summarizePeople(['Ada', 'Bob'])).toBe('Ada and Bob');
    expect(summarizePeople(['Ada', 'Bob', 'Cy'])).toBe('Ada, Bob, and Cy');
    expect(summarizePeople(['Ada', 'Bob', 'Cy', 'Di'])).toBe('Ada, Bob, and 2 others');
  });
});

describe('describeFreshness', () => {
  const now = new Date('2026-11-24T12:00:00Z');
  const nameOf = (email: string) => (email === 'kenji@x.com' ? 'Kenji' : email);

  it('says whose calendars came from the cache and how old the oldest is', () => {
    const cache = { people: [{ email: 'kenji@x.com', cachedAt: '2026-11-24T11:56:00Z' }, { email: 'priya@y.com', cachedAt: '2026-11-24T11:50:00Z' }], oldestCachedAt: '2026-11-24T11:50:00Z', ageSeconds: 600 };
    expect(describeFreshness(cache, nameOf, now)).toBe('Calendars of Kenji and priya@y.com are from Overlap’s cache, checked 10 minutes ago.');
  });

  it('says nothing when every calendar was fetched just now', () => {
    expect(describeFreshness({ people: [] }, nameOf, now)).toBeUndefined();
  });
});
