import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as i18n from '@/lib/i18n';
import { findMeetingTimes, type MeetingRequest, type Participant, type WorkingHours } from '@/lib/schedule';
import { isoBusy } from './helpers';
import { oracleMatchingStarts } from './oracle';

// Zones with 30/45-minute offsets and DST rules of both hemispheres. Working-hour edges are kept
// off the small hours, where these zones change their clocks: how a range edge inside a
// skipped or repeated hour resolves is pinned down by the table tests instead.
const ZONES = ['UTC', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/Los_Angeles'];
// Days on which some of those zones change their clocks.
const DST_DAYS = ['2026-03-08', '2026-03-29', '2026-04-05', '2026-09-27', '2026-10-04', '2026-10-25', '2026-11-01', '2026-06-15'];
const EDGES = ['00:00', ...Array.from({ length: 38 }, (_, i) => `${String(5 + Math.floor(i / 2)).padStart(2, '0')}:${i % 2 === 0 ? '00' : '30'}`)];

const minute = (iso: string) => Date.parse(iso) / 60000;
const iso = (m: number) => new Date(m * 60000).toISOString().replace('.000Z', 'Z');

/** Mostly on 5-minute marks, like real calendars, so edges line up with the start-time grid. */
function edgeHeavyMinute(min: number, max: number): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: Math.ceil(min / 5), max: Math.floor(max / 5) }).map((step) => step * 5) },
    { weight: 1, arbitrary: fc.integer({ min, max }) },
  );
}

const rangeArb = fc.record({
  start: fc.constantFrom(...EDGES),
  end: fc.constantFrom(...EDGES.slice(1), '24:00', '00:00'),
});
const hoursArb: fc.Arbitrary<WorkingHours> = fc
  .record(
    { mon: fc.array(rangeArb, { maxLength: 2 }), tue: fc.array(rangeArb, { maxLength: 2 }), wed: fc.array(rangeArb, { maxLength: 2 }), thu: fc.array(rangeArb, { maxLength: 2 }), fri: fc.array(rangeArb, { maxLength: 2 }), sat: fc.array(rangeArb, { maxLength: 1 }), sun: fc.array(rangeArb, { maxLength: 1 }) },
    { requiredKeys: [] },
  );

function requestArb(): fc.Arbitrary<MeetingRequest> {
  return fc
    .record({
      day: fc.constantFrom(...DST_DAYS),
      nowOffsetHours: fc.integer({ min: -30, max: 20 }),
      organizerZone: fc.constantFrom(...ZONES),
      people: fc.array(
        fc.record({
          zone: fc.option(fc.constantFrom(...ZONES), { nil: undefined }),
          hours: fc.option(hoursArb, { nil: undefined }),
          kind: fc.constantFrom('person' as const, 'person' as const, 'room' as const),
          attendance: fc.constantFrom('required' as const, 'optional' as const),
          unknown: fc.integer({ min: 0, max: 4 }).map((roll) => roll === 0),
          busy: fc.array(
            fc.record({
              startMinute: edgeHeavyMinute(-1440, 4 * 1440),
              length: fc.constantFrom(0, 5, 15, 30, 45, 60, 120, 1440),
              status: fc.constantFrom('busy', 'busy', 'tentative', 'outOfOffice', 'workingElsewhere', 'free') as fc.Arbitrary<'busy' | 'tentative' | 'outOfOffice' | 'workingElsewhere' | 'free'>,
              allDay: fc.boolean(),
            }),
            { maxLength: 10 },
          ),
        }),
        { minLength: 1, maxLength: 5 },
      ),
      groups: fc.array(fc.record({ members: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 4 }), quorum: fc.integer({ min: 0, max: 3 }) }), { maxLength: 2 }),
      durationMinutes: fc.constantFrom(15, 30, 45, 60, 90),
      granularityMinutes: fc.constantFrom(10, 15, 20, 30, 45, 60, 90),
      windows: fc.array(fc.record({ startMinute: edgeHeavyMinute(-600, 2 * 1440), length: edgeHeavyMinute(30, 1440) }), { minLength: 1, maxLength: 3 }),
      bufferBeforeMinutes: fc.constantFrom(0, 0, 5, 15),
      bufferAfterMinutes: fc.constantFrom(0, 0, 10, 30),
      minimumNoticeMinutes: fc.constantFrom(0, 0, 60, 600),
      horizonDays: fc.integer({ min: 1, max: 4 }),
      maxMeetingsPerDay: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
      tentativePolicy: fc.constantFrom('busy' as const, 'free' as const),
      allDayPolicy: fc.constantFrom('busy' as const, 'free' as const),
      workingHoursPolicy: fc.constantFrom('inside-only' as const, 'allow-outside' as const),
      defaultHours: fc.option(hoursArb, { nil: undefined }),
    })
    .map((r) => {
      const base = minute(`${r.day}T00:00:00Z`);
      const participants: Participant[] = r.people.map((p, i) => ({
        email: `p${i}@example.com`,
        name: `P${i}`,
        kind: p.kind,
        attendance: p.attendance,
        ...(p.zone === undefined ? {} : { timeZone: p.zone }),
        ...(p.hours === undefined ? {} : { workingHours: p.hours }),
        availability: p.unknown
          ? { status: 'unknown' as const, reason: 'calendar failed' }
          : {
              status: 'known' as const,
              busy: p.busy.map((b) => ({
                start: iso(base + b.startMinute),
                end: iso(base + b.startMinute + b.length),
                status: b.status,
                ...(b.allDay ? { allDay: true } : {}),
              })),
            },
      }));
      const groups = r.groups
        .map((g, i) => {
          const members = [...new Set(g.members.filter((m) => m < participants.length))].map((m) => `p${m}@example.com`);
          return { id: `g${i}`, members, required: g.quorum === 0 ? ('all' as const) : Math.min(g.quorum, members.length) };
        })
        .filter((g) => g.members.length > 0);
      return {
        organizer: { email: 'p0@example.com', timeZone: r.organizerZone },
        now: iso(base + r.nowOffsetHours * 60),
        participants,
        groups,
        durationMinutes: r.durationMinutes,
        searchWindows: r.windows.map((w) => ({ start: iso(base + w.startMinute), end: iso(base + w.startMinute + w.length) })),
        granularityMinutes: r.granularityMinutes,
        bufferBeforeMinutes: r.bufferBeforeMinutes,
        bufferAfterMinutes: r.bufferAfterMinutes,
        minimumNoticeMinutes: r.minimumNoticeMinutes,
        horizonDays: r.horizonDays,
        ...(r.maxMeetingsPerDay === undefined ? {} : { maxMeetingsPerDay: r.maxMeetingsPerDay }),
        tentativePolicy: r.tentativePolicy,
        allDayPolicy: r.allDayPolicy,
        workingHoursPolicy: r.workingHoursPolicy,
        ...(r.defaultHours === undefined ? {} : { defaultWorkingHours: r.defaultHours }),
        maxResults: 500,
      } satisfies MeetingRequest;
    });
}

function solve(request: MeetingRequest) {
  const result = findMeetingTimes(request, i18n);
  if (!result.ok) throw new Error(result.error.message);
  return result;
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const copy = [...items];
  let state = seed >>> 0;
  for (let i = copy.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

const RUNS = { numRuns: 150 };
// Generous: the oracle is slow on purpose and these machines are shared.
const TIMEOUT_MS = 120_000;

describe('findMeetingTimes on random requests', () => {
  it('finds exactly the start times a brute-force minute-by-minute check accepts', () => {
    const answerSizes: number[] = [];
    fc.assert(
      fc.property(requestArb(), (request) => {
        const result = solve(request);
        const expected = oracleMatchingStarts(request);
        expect(result.matchingStarts).toBe(expected.length);
        expect(result.slots.map((s) => minute(s.start)).sort((a, b) => a - b)).toEqual(expected);
        answerSizes.push(expected.length);
      }),
      RUNS,
    );
    // Guards the generator: agreeing on empty answers alone would prove little.
    expect(answerSizes.filter((size) => size > 0).length).toBeGreaterThan(RUNS.numRuns / 4);
  }, TIMEOUT_MS);

  it('never returns a slot that overlaps a required participant’s blocking busy time', () => {
    fc.assert(
      fc.property(requestArb(), (request) => {
        const groupMembers = new Set((request.groups ?? []).flatMap((g) => g.members));
        for (const slot of solve(request).slots) {
          const from = minute(slot.start) - (request.bufferBeforeMinutes ?? 0);
          const to = minute(slot.end) + (request.bufferAfterMinutes ?? 0);
          for (const p of request.participants) {
            if ((p.attendance ?? 'required') !== 'required' || groupMembers.has(p.email) || p.availability.status !== 'known') continue;
            for (const b of isoBusy(p.availability.busy)) {
              const blocks = b.status === 'busy' || b.status === 'outOfOffice' || (b.status === 'tentative' && request.tentativePolicy === 'busy');
              const ignoredAllDay = b.allDay === true && request.allDayPolicy === 'free' && b.status !== 'outOfOffice';
              if (blocks && !ignoredAllDay && minute(b.start) < minute(b.end)) {
                expect(minute(b.start) < to && minute(b.end) > from, `${p.email} busy ${b.start}–${b.end} vs ${slot.start}`).toBe(false);
              }
            }
          }
        }
      }),
      RUNS,
    );
  }, TIMEOUT_MS);

  it('places every slot inside a search window, after the notice and within the horizon', () => {
    fc.assert(
      fc.property(requestArb(), (request) => {
        const now = minute(request.now);
        for (const slot of solve(request).slots) {
          const start = minute(slot.start);
          const end = minute(slot.end);
          expect(end - start).toBe(request.durationMinutes);
          expect(start).toBeGreaterThanOrEqual(now + (request.minimumNoticeMinutes ?? 0));
          expect(end).toBeLessThanOrEqual(now + (request.horizonDays ?? 90) * 1440);
          const uncovered = Array.from({ length: end - start }, (_, i) => start + i).filter(
            (m) => !request.searchWindows.some((w) => m >= minute(w.start) && m < minute(w.end)),
          );
          expect(uncovered).toEqual([]);
        }
      }),
      RUNS,
    );
  }, TIMEOUT_MS);

  it('meets every group’s quorum in every slot it returns', () => {
    fc.assert(
      fc.property(requestArb(), (request) => {
        for (const slot of solve(request).slots) {
          for (const group of request.groups ?? []) {
            const attending = slot.participants.filter((p) => group.members.includes(p.email) && p.status !== 'busy');
            const available = request.workingHoursPolicy === 'inside-only' ? attending.filter((p) => p.minutesOutsideWorkingHours === 0) : attending;
            expect(available.length).toBeGreaterThanOrEqual(group.required === 'all' ? group.members.length : group.required);
          }
        }
      }),
      RUNS,
    );
  }, TIMEOUT_MS);

  it('gives the same answer whatever the order of participants, busy lists, groups and windows', () => {
    fc.assert(
      fc.property(requestArb(), fc.integer(), (request, seed) => {
        const reordered: MeetingRequest = {
          ...request,
          participants: shuffled(request.participants, seed).map((p) =>
            p.availability.status === 'known' ? { ...p, availability: { ...p.availability, busy: shuffled(isoBusy(p.availability.busy), seed + 1) } } : p,
          ),
          groups: shuffled(request.groups ?? [], seed + 2).map((g) => ({ ...g, members: shuffled(g.members, seed + 3) })),
          searchWindows: shuffled(request.searchWindows, seed + 4),
        };
        expect(findMeetingTimes(reordered, i18n)).toEqual(findMeetingTimes(request, i18n));
      }),
      RUNS,
    );
  }, TIMEOUT_MS);
});
