import { describe, expect, it } from 'vitest';
import { allWeek, hourly, person, request, solve, startsOf } from './helpers';

function localStarts(result: ReturnType<typeof solve>, email: string): string[] {
  return result.slots
    .slice()
    .sort((a, b) => (a.start < b.start ? -1 : 1))
    .map((slot) => slot.participants.find((p) => p.email === email)!)
    .map((p) => `${p.localStart.slice(11)}${p.utcOffsetStart}`);
}

function oneZoneDay(zone: string, day: string, hours: { start: string; end: string }, extra: Parameters<typeof request>[0] = {}) {
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86400e3).toISOString().slice(0, 10);
  return solve(
    request({
      organizer: { email: 'org@example.com', timeZone: zone },
      now: `${day.slice(0, 8)}01T00:00:00Z`,
      participants: [person('org@example.com', [], { workingHours: allWeek(hours.start, hours.end) })],
      searchWindows: [{ start: `${day}T00:00:00Z`.replace(day, prevDay(day)), end: `${next}T23:59:00Z` }],
      ...extra,
    }),
  );
}

function prevDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - 86400e3).toISOString().slice(0, 10);
}

function onLocalDay(result: ReturnType<typeof solve>, localDay: string) {
  return { ...result, slots: result.slots.filter((s) => s.participants[0]!.localStart.startsWith(localDay)) };
}

describe('a 09:00–17:00 working day on the days clocks change', () => {
  const cases = [
    { zone: 'America/New_York', day: '2026-03-08', first: '13:00', offsets: ['-04:00'] },
    { zone: 'America/New_York', day: '2026-11-01', first: '14:00', offsets: ['-05:00'] },
    { zone: 'Europe/London', day: '2026-03-29', first: '08:00', offsets: ['+01:00'] },
    { zone: 'Europe/London', day: '2026-10-25', first: '09:00', offsets: ['+00:00'] },
    { zone: 'Australia/Lord_Howe', day: '2026-10-04', first: '22:00', offsets: ['+11:00'] },
    { zone: 'Australia/Lord_Howe', day: '2026-04-05', first: '22:30', offsets: ['+10:30'] },
  ];
  for (const { zone, day, first, offsets } of cases) {
    it(`stays 09:00–17:00 local in ${zone} on ${day}, eight hourly slots flagged as a DST day`, () => {
      const result = onLocalDay(oneZoneDay(zone, day, { start: '09:00', end: '17:00' }), day);
      expect(localStarts(result, 'org@example.com')).toEqual(
        ['09', '10', '11', '12', '13', '14', '15', '16'].map((h) => `${h}:00${offsets[0]}`),
      );
      expect(startsOf(result)[0]!.slice(11, 16)).toBe(first);
      expect(result.slots.every((s) => s.participants[0]!.dstChangeThatDay)).toBe(true);
      expect(result.slots.every((s) => !s.participants[0]!.crossesDstChange)).toBe(true);
    });
  }

  it('does not flag the day before a change as a DST day', () => {
    const result = onLocalDay(oneZoneDay('America/New_York', '2026-03-08', { start: '09:00', end: '17:00' }), '2026-03-07');
    expect(result.slots).toHaveLength(8);
    expect(result.slots.some((s) => s.participants[0]!.dstChangeThatDay)).toBe(false);
  });
});

describe('local times that do not exist or exist twice', () => {
  it('starts working hours that begin in the spring-forward gap when the clocks jump (New York 02:30 → 03:00)', () => {
    const result = onLocalDay(
      oneZoneDay('America/New_York', '2026-03-08', { start: '02:30', end: '05:00' }, { durationMinutes: 30, granularityMinutes: 30 }),
      '2026-03-08',
    );
    expect(localStarts(result, 'org@example.com')).toEqual(['03:00-04:00', '03:30-04:00', '04:00-04:00', '04:30-04:00']);
  });

  it('begins hours at the first of two repeated local times and offers both copies of the repeated hour (New York fall-back)', () => {
    const result = onLocalDay(oneZoneDay('America/New_York', '2026-11-01', { start: '01:00', end: '03:00' }), '2026-11-01');
    expect(startsOf(result)).toEqual(['2026-11-01T05:00:00Z', '2026-11-01T06:00:00Z', '2026-11-01T07:00:00Z']);
    expect(localStarts(result, 'org@example.com')).toEqual(['01:00-04:00', '01:00-05:00', '02:00-05:00']);
  });

  it('handles Lord Howe’s 30-minute spring-forward: 02:00–04:00 becomes 02:30–04:00', () => {
    const result = onLocalDay(
      oneZoneDay('Australia/Lord_Howe', '2026-10-04', { start: '02:00', end: '04:00' }, { durationMinutes: 30, granularityMinutes: 30 }),
      '2026-10-04',
    );
    expect(localStarts(result, 'org@example.com')).toEqual(['02:30+11:00', '03:00+11:00', '03:30+11:00']);
  });

  it('flags a slot during which the clocks change and shows its end in the new offset', () => {
    const result = onLocalDay(
      oneZoneDay('Europe/London', '2026-10-25', { start: '00:00', end: '24:00' }, { durationMinutes: 90 }),
      '2026-10-25',
    );
    const crossing = result.slots.find((s) => s.start === '2026-10-25T00:00:00Z')!.participants[0]!;
    expect(crossing).toMatchObject({ localStart: '2026-10-25T01:00', utcOffsetStart: '+01:00', localEnd: '2026-10-25T01:30', utcOffsetEnd: '+00:00', crossesDstChange: true });
    expect(result.slots.filter((s) => s.participants[0]!.crossesDstChange).map((s) => s.start)).toEqual(['2026-10-25T00:00:00Z']);
  });
});

describe('zones with 30- and 45-minute offsets', () => {
  const cases = [
    { zone: 'Asia/Kolkata', day: '2026-06-15', first: '2026-06-15T03:30:00Z' },
    { zone: 'Asia/Kathmandu', day: '2026-06-15', first: '2026-06-15T03:15:00Z' },
    { zone: 'Pacific/Chatham', day: '2026-06-15', first: '2026-06-14T20:15:00Z' },
    { zone: 'Pacific/Chatham', day: '2026-01-15', first: '2026-01-14T19:15:00Z' },
    { zone: 'Australia/Adelaide', day: '2026-06-15', first: '2026-06-14T23:30:00Z' },
  ];
  for (const { zone, day, first } of cases) {
    it(`snaps hourly starts to local :00 in ${zone}, so the day starts at ${first}`, () => {
      const result = onLocalDay(oneZoneDay(zone, day, { start: '09:00', end: '17:00' }), day);
      expect(startsOf(result)[0]).toBe(first);
      expect(localStarts(result, 'org@example.com').every((t) => t.slice(2, 5) === ':00')).toBe(true);
      expect(result.slots).toHaveLength(8);
    });
  }

  it('snaps half-hourly starts to Kathmandu’s local :00 and :30, i.e. :15 and :45 UTC', () => {
    const result = onLocalDay(
      oneZoneDay('Asia/Kathmandu', '2026-06-15', { start: '09:00', end: '11:00' }, { granularityMinutes: 30 }),
      '2026-06-15',
    );
    expect(startsOf(result)).toEqual(['2026-06-15T03:15:00Z', '2026-06-15T03:45:00Z', '2026-06-15T04:15:00Z']);
  });

  it('shows a New York organizer’s 09:00 as 19:45 in Kathmandu, on the same date', () => {
    const result = solve(
      request({
        organizer: { email: 'org@example.com', timeZone: 'America/New_York' },
        participants: [
          person('org@example.com'),
          person('anil@example.com', [], { timeZone: 'Asia/Kathmandu', attendance: 'optional' }),
        ],
        searchWindows: [{ start: '2026-01-12T14:00:00Z', end: '2026-01-12T15:00:00Z' }],
      }),
    );
    const anil = result.slots[0]!.participants.find((p) => p.email === 'anil@example.com')!;
    expect(anil.localStart).toBe('2026-01-12T19:45');
    expect(anil.utcOffsetStart).toBe('+05:45');
    expect(anil.minutesOutsideWorkingHours).toBe(60);
  });

  it('marks a slot that is already tomorrow for someone in Chatham', () => {
    const result = solve(
      request({
        organizer: { email: 'org@example.com', timeZone: 'America/New_York' },
        participants: [person('org@example.com'), person('kiri@example.com', [], { timeZone: 'Pacific/Chatham', attendance: 'optional' })],
        searchWindows: [{ start: '2026-01-12T16:00:00Z', end: '2026-01-12T17:00:00Z' }],
      }),
    );
    const kiri = result.slots[0]!.participants.find((p) => p.email === 'kiri@example.com')!;
    expect(kiri.localStart).toBe('2026-01-13T05:45');
    expect(kiri.localDateDiffersFromOrganizer).toBe(true);
    expect(result.slots[0]!.reasons).toContain('It is already Tue, Jan 13 for kiri@example.com (Pacific/Chatham)');
  });

  it('says which participants brought their own zone and which were assumed to be in the organizer’s', () => {
    const result = solve(
      request({
        organizer: { email: 'org@example.com', timeZone: 'America/New_York' },
        participants: [person('org@example.com'), person('kiri@example.com', [], { timeZone: 'Pacific/Chatham', attendance: 'optional' }), person('ben@example.com', [], { attendance: 'optional' })],
        searchWindows: [{ start: '2026-01-12T16:00:00Z', end: '2026-01-12T17:00:00Z' }],
      }),
    );
    const [kiri, ben] = ['kiri@example.com', 'ben@example.com'].map((email) => result.slots[0]!.participants.find((p) => p.email === email)!);
    expect(kiri!.timeZoneFromCalendar).toBe(true);
    expect(ben!.timeZone).toBe('America/New_York');
    expect(ben!.timeZoneFromCalendar).toBeUndefined();
  });
});

describe('working hours that cross midnight', () => {
  it('runs a Monday 22:00–06:00 shift into Tuesday morning', () => {
    const result = solve(
      request({
        participants: [person('org@example.com', [], { workingHours: { mon: [{ start: '22:00', end: '06:00' }] } })],
        searchWindows: [{ start: '2026-01-12T00:00:00Z', end: '2026-01-14T00:00:00Z' }],
      }),
    );
    expect(startsOf(result)).toEqual([...hourly('2026-01-12', 22, 24), ...hourly('2026-01-13', 0, 6)]);
  });

  it('runs a Saturday night shift into Sunday and a Sunday night shift into Monday, whatever day a week starts on', () => {
    const result = solve(
      request({
        now: '2026-01-01T00:00:00Z',
        participants: [
          person('org@example.com', [], { workingHours: { sat: [{ start: '23:00', end: '02:00' }], sun: [{ start: '23:00', end: '02:00' }] } }),
        ],
        searchWindows: [{ start: '2026-01-10T00:00:00Z', end: '2026-01-13T00:00:00Z' }],
      }),
    );
    expect(startsOf(result)).toEqual([
      '2026-01-10T23:00:00Z', '2026-01-11T00:00:00Z', '2026-01-11T01:00:00Z',
      '2026-01-11T23:00:00Z', '2026-01-12T00:00:00Z', '2026-01-12T01:00:00Z',
    ]);
  });

  it('makes a London 22:00–06:00 night an hour shorter when the clocks go forward inside it', () => {
    const result = solve(
      request({
        organizer: { email: 'org@example.com', timeZone: 'Europe/London' },
        now: '2026-03-01T00:00:00Z',
        participants: [person('org@example.com', [], { workingHours: { sat: [{ start: '22:00', end: '06:00' }] } })],
        searchWindows: [{ start: '2026-03-28T00:00:00Z', end: '2026-03-30T00:00:00Z' }],
      }),
    );
    expect(startsOf(result)).toEqual([...hourly('2026-03-28', 22, 24), ...hourly('2026-03-29', 0, 5)]);
    expect(localStarts(result, 'org@example.com')).toEqual(['22:00+00:00', '23:00+00:00', '00:00+00:00', '02:00+01:00', '03:00+01:00', '04:00+01:00', '05:00+01:00']);
  });

  it('treats an end of 24:00 as midnight at the end of the same day', () => {
    const result = solve(request({ participants: [person('org@example.com', [], { workingHours: { mon: [{ start: '21:00', end: '24:00' }] } })] }));
    expect(startsOf(result)).toEqual(hourly('2026-01-12', 21, 24));
  });
});

describe('clock changes close together', () => {
  // Recife kept summer time for one week only: from 2000-10-08T03:00Z to 2000-10-15T02:00Z,
  // 6 days 23 hours apart. The window is placed so that the zone's offset samples, had they
  // been a week apart, would straddle both changes and see no change at all.
  it('finds both ends of a one-week summer time (Recife, October 2000)', () => {
    const result = solve(
      request({
        organizer: { email: 'org@example.com', timeZone: 'UTC' },
        now: '2000-10-01T00:00:00Z',
        granularityMinutes: 30,
        participants: [person('org@example.com'), person('ana@example.com', [], { timeZone: 'America/Recife', workingHours: allWeek('09:00', '17:00') })],
        defaultWorkingHours: allWeek('00:00', '24:00'),
        searchWindows: [{ start: '2000-10-04T02:30:00Z', end: '2000-10-18T00:00:00Z' }],
        maxResults: 500,
      }),
    );
    const firstStartOn = (day: string) => startsOf(result).find((start) => start.startsWith(day));
    expect(firstStartOn('2000-10-07')).toBe('2000-10-07T12:00:00Z');
    expect(firstStartOn('2000-10-11')).toBe('2000-10-11T11:00:00Z');
    expect(firstStartOn('2000-10-16')).toBe('2000-10-16T12:00:00Z');
  });
});
