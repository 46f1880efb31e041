import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as i18n from '@/lib/i18n';
import { findMeetingTimes, MeetingRequestSchema, type FindResult, type MeetingRequest, type Participant, type ValidMeetingRequest } from '@/lib/schedule';
import { buildSearchSpace, prepare, rankBest, rankOrder, rankSignals, tally, type Prepared, type Tallies } from '@/lib/schedule/engine';
import { formatWall } from '@/lib/schedule/time';
import { explainEmptySearchSpace, explainShortfall, findNearMisses } from '@/lib/schedule/explain';
import * as reference from './reference/engine';
import { describeSlot as referenceDescribeSlot } from './reference/describe';
import { packBusy } from './reference/pack';
import { isoBusy } from './helpers';

// The engine in lib/schedule was tuned for speed (one scratch sort per calendar, position ranges
// built during the sweep, days counted in arrays, cached zone offsets, a partial ranking). These
// properties hold it to the engine as it was before (./reference, frozen), on random requests
// built to reach the tuned paths: unsorted, reversed and duplicated busy lists, instants with
// seconds, fractions and offsets, clock changes, daily limits, groups and short result lists.
// Slots are described by the frozen copy of the describer too (./reference/describe.ts), so the
// tuning of describing (sentences reused across slots, repeats dropped by number) is held to the
// same words; explanations and near misses are worded by lib/schedule's own on both sides.

const ZONES = ['UTC', 'America/New_York', 'Europe/London', 'Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/Sao_Paulo', 'Africa/Casablanca'];
// Days on which some of those zones change their clocks, and one on which none do.
const DAYS = ['2026-03-08', '2026-03-29', '2026-04-05', '2026-09-27', '2026-10-04', '2026-10-25', '2026-11-01', '2026-06-15'];
const CLOCK = Array.from({ length: 48 }, (_, i) => `${String(Math.floor(i / 2)).padStart(2, '0')}:${i % 2 === 0 ? '00' : '30'}`);

const minuteOf = (text: string) => Date.parse(text) / 60000;
const two = (n: number) => String(n).padStart(2, '0');

/** One instant written the ways providers write it: with or without seconds and fractions, in Z or an offset. */
function instant(minute: number, second: number, style: number): string {
  const offsets = [0, 0, 330, -480, 345];
  const offset = offsets[style % offsets.length]!;
  const wall = new Date((minute + offset) * 60000).toISOString().slice(0, 16);
  const seconds = style % 3 === 0 ? '' : style % 3 === 1 ? `:${two(second)}` : `:${two(second)}.${String(second * 7).padStart(3, '0')}`;
  const zone = offset === 0 ? 'Z' : `${offset < 0 ? '-' : '+'}${two(Math.floor(Math.abs(offset) / 60))}${style % 2 === 0 ? ':' : ''}${two(Math.abs(offset) % 60)}`;
  return `${wall}${seconds}${zone}`;
}

const busyArb = fc.record({
  startMinute: fc.integer({ min: -2 * 1440, max: 12 * 1440 }).map((m) => (m % 3 === 0 ? m - (m % 15) : m)),
  length: fc.constantFrom(0, 1, 15, 30, 30, 45, 60, 90, 240, 1440, 3 * 1440),
  second: fc.integer({ min: 0, max: 59 }),
  style: fc.integer({ min: 0, max: 29 }),
  status: fc.constantFrom('busy', 'busy', 'busy', 'tentative', 'outOfOffice', 'workingElsewhere', 'free') as fc.Arbitrary<'busy' | 'tentative' | 'outOfOffice' | 'workingElsewhere' | 'free'>,
  allDay: fc.integer({ min: 0, max: 9 }).map((roll) => roll === 0),
  copies: fc.constantFrom(1, 1, 1, 2, 3),
});

const hoursArb = fc.record({
  days: fc.subarray(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], { minLength: 1 }),
  start: fc.constantFrom(...CLOCK),
  end: fc.constantFrom(...CLOCK.slice(1), '24:00'),
  split: fc.boolean(),
});

/** Orders in which a calendar can arrive; the tuned sort must not care. */
type Order = 'as-made' | 'sorted' | 'reversed' | 'day-shuffled';

function arrange<T extends { startMinute: number }>(items: T[], order: Order, seed: number): T[] {
  const sorted = [...items].sort((a, b) => a.startMinute - b.startMinute);
  if (order === 'as-made') return items;
  if (order === 'sorted') return sorted;
  if (order === 'reversed') return sorted.reverse();
  // Chronological by day, shuffled within each day, as many calendars come.
  return sorted
    .map((item, i) => ({ item, key: Math.floor(item.startMinute / 1440) * 1000 + ((i * 7919 + seed) % 997) }))
    .sort((a, b) => a.key - b.key)
    .map((entry) => entry.item);
}

function requestArb(): fc.Arbitrary<MeetingRequest> {
  return fc
    .record({
      day: fc.constantFrom(...DAYS),
      nowOffsetMinutes: fc.integer({ min: -1440, max: 1440 }),
      organizerZone: fc.constantFrom(...ZONES),
      people: fc.array(
        fc.record({
          zone: fc.option(fc.constantFrom(...ZONES), { nil: undefined }),
          hours: fc.option(hoursArb, { nil: undefined }),
          kind: fc.constantFrom('person' as const, 'person' as const, 'person' as const, 'room' as const),
          attendance: fc.constantFrom('required' as const, 'optional' as const),
          unknown: fc.integer({ min: 0, max: 7 }).map((roll) => roll === 0),
          busy: fc.array(busyArb, { maxLength: 80 }),
          order: fc.constantFrom<Order>('as-made', 'sorted', 'reversed', 'day-shuffled'),
          seed: fc.nat(),
        }),
        { minLength: 1, maxLength: 7 },
      ),
      groups: fc.array(fc.record({ members: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 5 }), quorum: fc.integer({ min: 0, max: 3 }) }), { maxLength: 2 }),
      durationMinutes: fc.constantFrom(15, 30, 45, 60, 90, 240),
      granularityMinutes: fc.constantFrom(5, 15, 30, 60),
      windows: fc.array(fc.record({ startMinute: fc.integer({ min: -1440, max: 5 * 1440 }), length: fc.integer({ min: 30, max: 9 * 1440 }) }), { minLength: 1, maxLength: 3 }),
      bufferBeforeMinutes: fc.constantFrom(0, 0, 5, 15, 60),
      bufferAfterMinutes: fc.constantFrom(0, 0, 10, 30),
      minimumNoticeMinutes: fc.constantFrom(0, 0, 60, 600),
      horizonDays: fc.integer({ min: 1, max: 10 }),
      maxMeetingsPerDay: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined, freq: 3 }),
      tentativePolicy: fc.constantFrom('busy' as const, 'free' as const),
      allDayPolicy: fc.constantFrom('busy' as const, 'free' as const),
      workingHoursPolicy: fc.constantFrom('inside-only' as const, 'allow-outside' as const),
      maxResults: fc.constantFrom(1, 3, 10, 500),
    })
    .map((r) => {
      const base = minuteOf(`${r.day}T00:00:00Z`);
      const participants: Participant[] = r.people.map((p, i) => {
        const busy = arrange(
          p.busy.flatMap((b) => Array.from({ length: b.copies }, () => b)),
          p.order,
          p.seed,
        ).map((b) => ({
          start: instant(base + b.startMinute, b.second, b.style),
          // A zero-length event ends at its start; any other ends a whole minute or more later, whatever the seconds.
          end: b.length === 0 ? instant(base + b.startMinute, b.second, b.style) : instant(base + b.startMinute + b.length, (b.second * 3) % 60, b.style + 1),
          ...(b.status === 'busy' && b.style % 2 === 0 ? {} : { status: b.status }),
          ...(b.allDay ? { allDay: true } : {}),
        }));
        const hours =
          p.hours === undefined
            ? undefined
            : Object.fromEntries(
                p.hours.days.map((day) => [day, p.hours!.split ? [{ start: p.hours!.start, end: '12:00' }, { start: '13:00', end: p.hours!.end }] : [{ start: p.hours!.start, end: p.hours!.end }]]),
              );
        return {
          email: `p${i}@example.com`,
          // Every fourth person shares a name, so two people's sentences can read the same and a
          // slot must say such a sentence once.
          name: `P${i % 4}`,
          kind: p.kind,
          attendance: p.attendance,
          ...(p.zone === undefined ? {} : { timeZone: p.zone }),
          ...(hours === undefined ? {} : { workingHours: hours }),
          availability: p.unknown ? { status: 'unknown' as const, reason: 'calendar failed' } : { status: 'known' as const, busy },
        };
      });
      const groups = r.groups
        .map((g, i) => {
          const members = [...new Set(g.members.filter((m) => m < participants.length))].map((m) => `p${m}@example.com`);
          return { id: `g${i}`, members, required: g.quorum === 0 ? ('all' as const) : Math.min(g.quorum, members.length) };
        })
        .filter((g) => g.members.length > 0);
      return {
        organizer: { email: 'p0@example.com', timeZone: r.organizerZone },
        now: instant(base + r.nowOffsetMinutes, 0, 0),
        participants,
        groups,
        durationMinutes: r.durationMinutes,
        searchWindows: r.windows.map((w) => ({ start: instant(base + w.startMinute, 0, 0), end: instant(base + w.startMinute + w.length, 0, 0) })),
        granularityMinutes: r.granularityMinutes,
        bufferBeforeMinutes: r.bufferBeforeMinutes,
        bufferAfterMinutes: r.bufferAfterMinutes,
        minimumNoticeMinutes: r.minimumNoticeMinutes,
        horizonDays: r.horizonDays,
        ...(r.maxMeetingsPerDay === undefined ? {} : { maxMeetingsPerDay: r.maxMeetingsPerDay }),
        tentativePolicy: r.tentativePolicy,
        allDayPolicy: r.allDayPolicy,
        workingHoursPolicy: r.workingHoursPolicy,
        maxResults: r.maxResults,
      } satisfies MeetingRequest;
    });
}

function validated(request: MeetingRequest): ValidMeetingRequest {
  const parsed = MeetingRequestSchema.safeParse(request);
  if (!parsed.success) throw new Error(parsed.error.message);
  return parsed.data;
}

/** The validated request with every busy list packed the reference way. */
function referenceValidated(request: MeetingRequest): ValidMeetingRequest {
  const valid = validated(request);
  return {
    ...valid,
    participants: valid.participants.map((participant, index) => {
      const raw = request.participants[index]!.availability;
      return raw.status === 'known' ? { ...participant, availability: { status: 'known' as const, busy: packBusy(isoBusy(raw.busy)) } } : participant;
    }),
  };
}

interface Computation {
  prepared: Prepared;
  tallies: Tallies;
  /** Every start that passes the hard constraints, best first. */
  ranked: number[];
  /** The best few, as the live engine picks them (it ranks only those that can be among them). */
  best?: (limit: number) => number[];
}

function matching(prepared: Prepared, tallies: Tallies): number[] {
  const insideOnly = prepared.space.request.workingHoursPolicy === 'inside-only';
  const positions: number[] = [];
  for (let position = 0; position < prepared.space.candidates.count; position++) {
    if (tallies.requiredBlocked[position] !== 0 || (insideOnly && tallies.requiredOutside[position] !== 0)) continue;
    if (prepared.groups.every((group, g) => (tallies.groupAvailable[g]![position] as number) >= group.quorum)) positions.push(position);
  }
  return positions;
}

function computeLive(request: MeetingRequest): Computation | undefined {
  const space = buildSearchSpace(validated(request));
  if (space.candidates.count === 0) return undefined;
  const prepared = prepare(space);
  const tallies = tally(prepared);
  const positions = matching(prepared, tallies);
  return { prepared, tallies, ranked: rankOrder(rankSignals(prepared, tallies, positions)), best: (limit) => rankBest(prepared, tallies, positions, limit) };
}

function computeReference(request: MeetingRequest): Computation | undefined {
  const space = reference.buildSearchSpace(referenceValidated(request));
  if (space.candidates.count === 0) return undefined;
  // The frozen engine's records differ from today's only in their timelines' private fields.
  const prepared = reference.prepare(space) as unknown as Prepared;
  const tallies = reference.tally(prepared as unknown as reference.Prepared);
  const positions = matching(prepared, tallies);
  const ranked = reference.rankOrder(reference.rankSignals(prepared as unknown as reference.Prepared, tallies, positions));
  return { prepared, tallies, ranked };
}

/** What the engine computed, without the zone timelines (which may cover more days than before). */
function essentials(computation: Computation | undefined) {
  if (computation === undefined) return undefined;
  const { prepared, tallies, ranked } = computation;
  return {
    starts: Array.from(prepared.space.candidates.starts),
    windows: prepared.space.windows,
    participants: prepared.participants.map((p) => ({
      key: p.key,
      role: p.role,
      weight: p.weight,
      zone: p.zone,
      profile: p.profile === undefined ? undefined : { key: p.profile.key, working: p.profile.working, outside: p.profile.outsidePositions, persons: p.profile.persons },
      unknownReason: p.unknownReason,
      calendarBlocked: p.calendarBlocked,
      capBlocked: p.capBlocked,
      blocked: p.blocked,
      tentative: p.tentative,
      outside: p.outside,
    })),
    groups: prepared.groups.map((g) => ({ id: g.id, quorum: g.quorum, members: g.members.map((m) => m.key) })),
    profiles: prepared.profiles.map((profile) => profile.key),
    adjacency: Array.from(prepared.adjacency),
    tallies: {
      requiredBlocked: Array.from(tallies.requiredBlocked),
      requiredOutside: Array.from(tallies.requiredOutside),
      groupAvailable: tallies.groupAvailable.map((a) => Array.from(a)),
      groupNotBlocked: tallies.groupNotBlocked.map((a) => Array.from(a)),
      penalty: Array.from(tallies.penalty),
      totalWeight: tallies.totalWeight,
    },
    ranked,
  };
}

/** findMeetingTimes assembled from the frozen engine and the frozen describer, explained by today's explain. */
function referenceFind(request: MeetingRequest): FindResult {
  const valid = referenceValidated(request);
  const space = reference.buildSearchSpace(valid);
  const candidateStarts = space.candidates.count;
  if (candidateStarts === 0) {
    return { ok: true, slots: [], nearMisses: [], explanation: explainEmptySearchSpace(space as unknown as Prepared['space'], i18n), matchingStarts: 0, candidateStarts };
  }
  const { prepared, tallies, ranked } = computeReference(request)!;
  const matchingStarts = ranked.length;
  const slots = ranked.slice(0, valid.maxResults).map((position) => referenceDescribeSlot(prepared, tallies, position, i18n));
  if (slots.length === valid.maxResults) return { ok: true, slots, nearMisses: [], matchingStarts, candidateStarts };
  return {
    ok: true,
    slots,
    explanation: explainShortfall(prepared, tallies, matchingStarts, i18n),
    nearMisses: findNearMisses(prepared, tallies, slots, i18n),
    matchingStarts,
    candidateStarts,
  };
}

const RUNS = { numRuns: 250 };
const TIMEOUT_MS = 120_000;

describe('the tuned engine against the engine it replaced', () => {
  it('packs every busy list into the same instants, statuses and all-day flags', () => {
    fc.assert(
      fc.property(requestArb(), (request) => {
        const live = validated(request).participants.map((p) => p.availability);
        const frozen = referenceValidated(request).participants.map((p) => p.availability);
        expect(live).toEqual(frozen);
      }),
      RUNS,
    );
  }, TIMEOUT_MS);

  it('rules out the same positions, tallies the same counts and ranks every match, and the best few, in the same order', () => {
    let withMatches = 0;
    let withDailyLimit = 0;
    fc.assert(
      fc.property(requestArb(), (request) => {
        const computed = computeLive(request);
        const live = essentials(computed);
        const frozen = essentials(computeReference(request));
        expect(live).toEqual(frozen);
        for (const limit of [1, 2, 5, 20]) expect(computed?.best?.(limit)).toEqual(frozen?.ranked.slice(0, limit));
        if ((live?.ranked.length ?? 0) > 0) withMatches++;
        if (live?.participants.some((p) => p.capBlocked.length > 0)) withDailyLimit++;
      }),
      RUNS,
    );
    // Guards the generator: agreeing on empty answers alone would prove little.
    expect(withMatches).toBeGreaterThan(RUNS.numRuns / 3);
    expect(withDailyLimit).toBeGreaterThan(RUNS.numRuns / 25);
  }, TIMEOUT_MS);

  it('returns the same slots, explanations and near misses from findMeetingTimes', () => {
    fc.assert(
      fc.property(requestArb(), (request) => {
        expect(findMeetingTimes(request, i18n)).toEqual(referenceFind(request));
      }),
      RUNS,
    );
  }, TIMEOUT_MS);
});

describe('wall-clock formatting without Date', () => {
  it('writes every minute from year 1000 to 9999 as Date’s ISO string does', () => {
    const lowest = Date.UTC(1000, 0, 1) / 60000;
    const highest = Date.UTC(9999, 11, 31, 23, 59) / 60000;
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: lowest, max: highest }), fc.integer({ min: -1440 * 400, max: 1440 * 400 }).map((m) => m + 29_000_000)), (wall) => {
        expect(formatWall(wall)).toBe(new Date(wall * 60000).toISOString().slice(0, 16));
      }),
      { numRuns: 5000 },
    );
  });
});
