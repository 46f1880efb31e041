import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as i18n from '@/lib/i18n';
import { BUSY_STATUSES, BusyIntervalSchema, BusyListSchema, findMeetingTimes } from '@/lib/schedule';
import { allocatePacked, busyPerWindow, everyRowValid, invalidPackedField, joinWindows, packBusy, type PackedBusy } from '@/lib/schedule/packed-busy';
import { expectIssue, hourly, person, request, solve, startsOf } from './helpers';

const DAY = '2026-01-12';
const at = (time: string) => `${DAY}T${time}:00Z`;
const nineToFive = hourly(DAY, 9, 17);

/** A long, valid calendar: one 15-minute meeting an hour for `count` hours from 2025-10-01. */
function longBusyList(count: number): Array<{ start: string; end: string }> {
  const first = Date.UTC(2025, 9, 1);
  return Array.from({ length: count }, (_, i) => ({
    start: new Date(first + i * 3_600_000).toISOString(),
    end: new Date(first + i * 3_600_000 + 900_000).toISOString(),
  }));
}

/** A three-person request in which participant `index` has the given busy list. */
function withBusy(index: number, busy: unknown): unknown {
  const participants: unknown[] = [person('org@example.com'), person('b@example.com'), person('c@example.com')];
  participants[index] = { email: `p${index}@example.com`, availability: { status: 'known', busy } };
  return { ...request(), participants };
}

describe('validating long busy lists', () => {
  it('names the exact field of one bad interval deep inside a list of thousands', () => {
    const busy: unknown[] = longBusyList(5000);
    busy[4317] = { start: '2026-02-30T10:00:00Z', end: '2026-03-01T11:00:00Z' };
    expectIssue(withBusy(2, busy), 'participants.2.availability.busy.4317.start', /"2026-02-30T10:00:00Z" is not an ISO-8601 instant/);
  });

  it('reports every bad interval of a list, each under its own index', () => {
    const busy: unknown[] = longBusyList(3000);
    busy[12] = { start: '2025-10-01T12:00:00Z', end: '2025-09-01T00:00:00Z' };
    busy[2999] = { start: '2026-01-01T10:00:00Z', end: '2026-01-01T11:00:00Z', status: 'maybe' };
    busy[1500] = { start: '2026-01-01T10:00:00Z', end: '2026-01-01T11:00:00Z', allDay: 'yes' };
    busy[700] = { end: '2026-01-01T11:00:00Z' };
    busy[900] = 'ten to eleven';
    const result = findMeetingTimes(withBusy(1, busy), i18n);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paths = result.error.issues.map((issue) => issue.path);
    expect(paths).toEqual([
      'participants.1.availability.busy.12.end',
      'participants.1.availability.busy.700.start',
      'participants.1.availability.busy.900',
      'participants.1.availability.busy.1500.allDay',
      'participants.1.availability.busy.2999.status',
    ]);
    expect(result.error.issues[0]!.message).toMatch(/not be before start/);
  });

  it('says so when the busy list is not a list at all', () => {
    expectIssue(withBusy(0, 'all day'), 'participants.0.availability.busy', /must be a list of busy intervals or packed busy columns, not string/);
    expectIssue(withBusy(0, null), 'participants.0.availability.busy', /not null/);
  });

  it('reports exactly the issues, paths and messages that zod reports for the same list entry by entry', () => {
    const instant = fc.constantFrom(
      '2026-01-12T10:00:00Z',
      '2026-01-12T10:00Z',
      '2026-01-12T10:00:00.250Z',
      '2026-01-12T11:00:00+01:00',
      '2026-01-12T05:00:00-0500',
      '2026-01-12 10:00',
      '2026-02-29T10:00:00Z',
      '2026-01-12T24:00:00Z',
      '',
    );
    const entry = fc.oneof(
      { weight: 6, arbitrary: fc.record(
        {
          start: fc.oneof(instant, fc.constant(42)),
          end: instant,
          status: fc.constantFrom(...BUSY_STATUSES, 'maybe', undefined),
          allDay: fc.constantFrom(true, false, undefined, 'yes'),
          note: fc.string(),
        },
        { requiredKeys: ['end'] },
      ) },
      { weight: 1, arbitrary: fc.constantFrom(null, 'busy', 7, [], [1, 2]) },
    );
    const entryByEntry = z.array(BusyIntervalSchema);
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 8 }), (list) => {
        const fast = BusyListSchema.safeParse(list);
        const reference = entryByEntry.safeParse(list);
        expect(fast.success).toBe(reference.success);
        if (!fast.success && !reference.success) {
          const shape = (issues: z.core.$ZodIssue[]) => issues.map((issue) => [issue.path.join('.'), issue.message]);
          expect(shape(fast.error.issues)).toEqual(shape(reference.error.issues));
        }
        if (fast.success && reference.success) {
          const packed = fast.data;
          expect(packed.count).toBe(reference.data.length);
          reference.data.forEach((interval, i) => {
            expect(packed.startMs[i]).toBe(Date.parse(interval.start.replace(/(\d\d)(\d\d)$/, '$1:$2')));
            expect(packed.endMs[i]).toBe(Date.parse(interval.end.replace(/(\d\d)(\d\d)$/, '$1:$2')));
            expect(BUSY_STATUSES[packed.status[i]!]).toBe(interval.status);
            expect(packed.allDay[i]).toBe(interval.allDay === true ? 1 : 0);
          });
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('busy lists packed into columns', () => {
  const calendar = [
    { start: at('09:00'), end: at('10:30') },
    { start: at('12:00'), end: at('13:00'), status: 'tentative' as const },
    { start: '2026-01-11T00:00:00Z', end: '2026-01-13T00:00:00Z', status: 'outOfOffice' as const, allDay: true },
  ];
  const asTheCacheHandsThem = (list: typeof calendar) => {
    const packed = packBusy(list);
    if (packed === undefined) throw new Error('the calendar did not pack');
    return packed;
  };

  it('give exactly the answer the same calendar gives as ISO intervals', () => {
    fc.assert(
      fc.property(fc.subarray(calendar), fc.constantFrom('busy' as const, 'free' as const), (list, tentativePolicy) => {
        const other = person('b@example.com', [[at('14:00'), at('15:00')]]);
        const base = { ...request({ participants: [other] }), tentativePolicy, allDayPolicy: 'free' as const };
        const iso = solve({ ...base, participants: [person('org@example.com', list), other] });
        const packed = findMeetingTimes({ ...base, participants: [{ email: 'org@example.com', availability: { status: 'known', busy: asTheCacheHandsThem(list) } }, other] }, i18n);
        expect(packed).toEqual(iso);
      }),
      { numRuns: 40 },
    );
  });

  it('name the row and column of a packed interval that ends before it starts, or holds a status or flag out of range', () => {
    const broken = asTheCacheHandsThem(longBusyList(300));
    broken.endMs[17] = broken.startMs[17]! - 60_000;
    broken.status[120] = 9;
    broken.allDay[299] = 2;
    broken.startMs[42] = Number.NaN;
    const result = findMeetingTimes(withBusy(1, broken), i18n);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.issues.map((issue) => [issue.path, issue.message])).toEqual([
      ['participants.1.availability.busy.17.end', 'must be a finite instant in epoch milliseconds, not before start'],
      ['participants.1.availability.busy.42.start', 'must be a finite instant in epoch milliseconds'],
      ['participants.1.availability.busy.120.status', 'must index one of busy, tentative, outOfOffice, workingElsewhere, free'],
      ['participants.1.availability.busy.299.allDay', 'must be 0 or 1'],
    ]);
  });

  it('are judged valid in one pass exactly when no row has a field that invalidPackedField would name', () => {
    const instant = fc.oneof(
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -1, Date.UTC(2026, 0, 12)),
      fc.double({ noNaN: false }),
    );
    const row = fc.record({ start: instant, end: instant, status: fc.integer({ min: 0, max: 255 }), allDay: fc.integer({ min: 0, max: 255 }) });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 6 }), fc.boolean(), (rows, mostlyValid) => {
        const packed = allocatePacked(rows.length);
        rows.forEach((r, index) => {
          packed.startMs[index] = r.start;
          packed.endMs[index] = mostlyValid && Number.isFinite(r.start) ? r.start + Math.abs(r.end % 1e6) : r.end;
          packed.status[index] = mostlyValid ? r.status % BUSY_STATUSES.length : r.status;
          packed.allDay[index] = mostlyValid ? r.allDay % 2 : r.allDay;
        });
        const rowByRow = rows.every((_, index) => invalidPackedField(packed, index) === undefined);
        expect(everyRowValid(packed)).toBe(rowByRow);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuse columns whose lengths disagree with their count, as not a busy list at all', () => {
    const packed = asTheCacheHandsThem(longBusyList(10));
    expectIssue(withBusy(0, { ...packed, count: 11 }), 'participants.0.availability.busy', /must be a list of busy intervals or packed busy columns, not object/);
    expectIssue(withBusy(0, { ...packed, startMs: Array.from(packed.startMs) }), 'participants.0.availability.busy', /not object/);
  });

  it('split into days hold every interval that overlaps a day, unclipped, and none that only touches its edge, and join back with each interval once', () => {
    const day = 86_400_000;
    const first = Date.parse('2026-01-12T00:00:00Z');
    const packed = asTheCacheHandsThem([
      { start: '2026-01-11T22:00:00Z', end: '2026-01-12T00:00:00Z' }, // ends as the first day begins
      { start: '2026-01-12T23:00:00Z', end: '2026-01-14T01:00:00Z' }, // spans three days
      { start: '2026-01-13T12:00:00Z', end: '2026-01-13T12:00:00Z' }, // a zero-length marker
      { start: '2026-01-14T09:00:00Z', end: '2026-01-14T10:00:00Z' },
      { start: '2026-01-15T09:00:00Z', end: '2026-01-15T10:00:00Z' }, // after the last day
    ]);
    const days = busyPerWindow(packed, first, day, 3);
    const startsOfDay = (list: PackedBusy) => Array.from(list.startMs, (ms) => new Date(ms).toISOString());
    expect(days.map(startsOfDay)).toEqual([
      ['2026-01-12T23:00:00.000Z'],
      ['2026-01-12T23:00:00.000Z', '2026-01-13T12:00:00.000Z'],
      ['2026-01-12T23:00:00.000Z', '2026-01-14T09:00:00.000Z'],
    ]);
    expect(days[1]!.endMs[0]).toBe(Date.parse('2026-01-14T01:00:00Z'));
    const windows = days.map((busy, index) => ({ startMs: first + index * day, busy }));
    expect(startsOfDay(joinWindows(windows))).toEqual(['2026-01-12T23:00:00.000Z', '2026-01-13T12:00:00.000Z', '2026-01-14T09:00:00.000Z']);
    // Joined from its second day on, the spanning event is still there, once.
    expect(startsOfDay(joinWindows(windows.slice(1)))).toEqual(['2026-01-12T23:00:00.000Z', '2026-01-13T12:00:00.000Z', '2026-01-14T09:00:00.000Z']);
    expect(startsOfDay(joinWindows(windows.slice(2)))).toEqual(['2026-01-12T23:00:00.000Z', '2026-01-14T09:00:00.000Z']);
    // A day saved by an earlier fetch, before the spanning event was booked, loses nothing from the later day.
    const savedEarlier = [{ ...windows[0]!, busy: asTheCacheHandsThem([]) }, ...windows.slice(1)];
    expect(startsOfDay(joinWindows(savedEarlier))).toEqual(['2026-01-12T23:00:00.000Z', '2026-01-13T12:00:00.000Z', '2026-01-14T09:00:00.000Z']);
  });

  it('are not packed at all when one provider interval is not an instant, so the engine reports it', () => {
    expect(packBusy([{ start: at('09:00'), end: at('10:00') }, { start: '2026-02-30T10:00:00Z', end: at('11:00') }])).toBeUndefined();
  });
});

describe('preparing busy time', () => {
  it('still blocks the window with an event that began years before it', () => {
    const result = solve(request({ participants: [person('org@example.com', [['2019-05-01T00:00:00Z', at('11:00')]])] }));
    expect(startsOf(result)).toEqual(nineToFive.filter((s) => s >= at('11:00')));
  });

  it('gives the same answer for a calendar listed in any order', () => {
    const busy = [[at('15:00'), at('16:00')], [at('09:00'), at('09:30')], ['2026-01-11T23:00:00Z', '2026-01-12T00:00:00Z'], [at('12:30'), at('13:15')]] as Array<[string, string]>;
    const forwards = solve(request({ participants: [person('org@example.com', busy)] }));
    const backwards = solve(request({ participants: [person('org@example.com', [...busy].reverse())] }));
    expect(startsOf(backwards)).toEqual(startsOf(forwards));
    expect(startsOf(forwards)).toEqual([at('10:00'), at('11:00'), at('14:00'), at('16:00')]);
  });

  it('counts a meeting reported twice once, but two meetings that start together twice, towards the daily limit', () => {
    // The same 10:00–10:30 meeting from two calendars, listed around a different 10:00–11:00 one.
    const sameStart = [[at('10:00'), at('10:30')], [at('10:00'), at('11:00')], [at('10:00'), at('10:30')]] as Array<[string, string]>;
    const withLimit = (limit: number) =>
      solve(request({ maxMeetingsPerDay: limit, participants: [person('org@example.com', sameStart)], searchWindows: [{ start: at('00:00'), end: '2026-01-14T00:00:00Z' }] }));
    expect(startsOf(withLimit(2))).toEqual(hourly('2026-01-13', 9, 17));
    expect(startsOf(withLimit(3))).toEqual([...nineToFive.filter((s) => s !== at('10:00')), ...hourly('2026-01-13', 9, 17)]);
  });
});
