import { BUSY_STATUSES, type AttendeeRole, type PackedBusy, type ValidMeetingRequest, type WorkingHours } from './schemas';
import {
  addOverRanges,
  complementWithin,
  normalizeRanges,
  prefixSum,
  subtractRanges,
  StartPositions,
  toPositionRanges,
  unionRanges,
  type Ranges,
} from './ranges';
import {
  ceilToMinute,
  floorToMinute,
  MINUTES_PER_DAY,
  parseIsoInstantMs,
  weekdayOfDay,
  WEEKDAY_KEYS,
  ZoneTimeline,
  type WeekdayKey,
} from './time';

/** Graph's scores per attendee state; tentative sits just above unknown. */
export const SCORE_FREE = 100;
export const SCORE_TENTATIVE = 50;
export const SCORE_UNKNOWN = 49;
/** Required attendees count twice as much as optional ones in a slot's confidence. */
const WEIGHT_REQUIRED = 2;
const WEIGHT_OPTIONAL = 1;
/**
 * Minutes from the edge of someone's working block beyond which a slot is simply comfortable.
 * A cap keeps "comfort" from outranking earlier dates once nobody is at the edge of their day.
 */
export const COMFORT_MARGIN_CAP = 30;

function minuteOf(iso: string): number {
  return floorToMinute(parseIsoInstantMs(iso) as number);
}

/** Everything about one working-hours pattern in one zone; people who share it share the work. */
export interface HoursProfile {
  key: string;
  timeline: ZoneTimeline;
  /** Working time as UTC minute ranges (merged). */
  working: Ranges;
  /** Candidate positions at which the meeting would not lie wholly inside these hours. */
  outsidePositions: Ranges;
  persons: number;
}

export interface PreparedParticipant {
  email: string;
  key: string;
  displayName: string;
  name: string | undefined;
  kind: 'person' | 'room';
  role: AttendeeRole;
  groupIds: string[];
  weight: number;
  zone: string;
  /** The zone came with the participant (their calendar's working hours), not from the organizer. */
  zoneFromCalendar: boolean;
  timeline: ZoneTimeline;
  /** Undefined for rooms with no hours: always open. */
  profile: HoursProfile | undefined;
  unknownReason: string | undefined;
  /** Positions blocked by the calendar (busy time widened by buffers). */
  calendarBlocked: Ranges;
  /** Positions on local days already at the daily meeting limit. */
  capBlocked: Ranges;
  blocked: Ranges;
  /** Positions overlapping tentative time that the policy lets through. */
  tentative: Ranges;
  outside: Ranges;
}

export interface PreparedGroup {
  id: string;
  label: string;
  quorum: number;
  members: PreparedParticipant[];
}

export interface Candidates {
  starts: Float64Array;
  count: number;
}

export interface SearchSpace {
  request: ValidMeetingRequest;
  duration: number;
  now: number;
  earliestStart: number;
  horizonEnd: number;
  /** Windows after notice and horizon, merged. */
  windows: Ranges;
  organizerTimeline: ZoneTimeline;
  timelines: Map<string, ZoneTimeline>;
  candidates: Candidates;
}

/** The windows clipped to notice and horizon, and the grid of start times within them. */
export function buildSearchSpace(request: ValidMeetingRequest): SearchSpace {
  const duration = request.durationMinutes;
  const now = minuteOf(request.now);
  const earliestStart = now + request.minimumNoticeMinutes;
  const horizonEnd = now + request.horizonDays * MINUTES_PER_DAY;
  const clipped: Ranges = [];
  for (const window of request.searchWindows) {
    clipped.push(Math.max(minuteOf(window.start), earliestStart), Math.min(ceilToMinute(parseIsoInstantMs(window.end) as number), horizonEnd));
  }
  const windows = normalizeRanges(clipped);
  const rangeStart = windows.length > 0 ? (windows[0] as number) : earliestStart;
  const rangeEnd = windows.length > 0 ? (windows[windows.length - 1] as number) : earliestStart;
  const timelines = new Map<string, ZoneTimeline>();
  const organizerTimeline = timelineFor(timelines, request.organizer.timeZone, rangeStart, rangeEnd);
  const starts = gridStarts(windows, organizerTimeline, duration, request.granularityMinutes);
  return {
    request,
    duration,
    now,
    earliestStart,
    horizonEnd,
    windows,
    organizerTimeline,
    timelines,
    candidates: { starts, count: starts.length },
  };
}

/**
 * The start times on the grid within the windows, ascending. Each constant-offset piece of the
 * organizer's clock holds an evenly spaced run of them, so the runs are counted first and fill
 * one typed array in place: 90 days hold ~8,600 starts, which a growing list copied a dozen times.
 */
function gridStarts(windows: Ranges, organizerTimeline: ZoneTimeline, duration: number, granularity: number): Float64Array {
  const runs: number[] = [];
  let count = 0;
  for (let k = 0; k < windows.length; k += 2) {
    const lastStart = (windows[k + 1] as number) - duration;
    for (const piece of organizerTimeline.segmentsWithin(windows[k] as number, lastStart + 1)) {
      // A start is on the grid when its local minute-of-day is a multiple of the granularity.
      const misalignment = (((piece.from + piece.offset) % granularity) + granularity) % granularity;
      const first = misalignment === 0 ? piece.from : piece.from + granularity - misalignment;
      if (first >= piece.to) continue;
      runs.push(first, piece.to);
      count += Math.ceil((piece.to - first) / granularity);
    }
  }
  const starts = new Float64Array(count);
  let at = 0;
  for (let r = 0; r < runs.length; r += 2) {
    for (let s = runs[r] as number; s < (runs[r + 1] as number); s += granularity) starts[at++] = s;
  }
  return starts;
}

function timelineFor(cache: Map<string, ZoneTimeline>, zone: string, from: number, to: number): ZoneTimeline {
  let timeline = cache.get(zone);
  if (timeline === undefined) {
    timeline = new ZoneTimeline(zone, from - MINUTES_PER_DAY, to + MINUTES_PER_DAY);
    cache.set(zone, timeline);
  }
  return timeline;
}

function clockMinutes(text: string): number {
  return Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));
}

/** Working time in UTC minutes for every local day that can touch [from, to). */
export function workingRanges(hours: WorkingHours, timeline: ZoneTimeline, from: number, to: number): Ranges {
  const pairs: Ranges = [];
  const firstDay = timeline.localDayAt(from) - 1;
  const lastDay = timeline.localDayAt(to) + 1;
  // Each weekday's clock times, read once rather than once per week of the range (with a loop:
  // flatMap's callbacks cost more than the rest of a profile's working time).
  const clocks = new Map<WeekdayKey, number[]>();
  for (const weekday of WEEKDAY_KEYS) {
    const times: number[] = [];
    for (const range of hours[weekday] ?? []) times.push(clockMinutes(range.start), clockMinutes(range.end));
    clocks.set(weekday, times);
  }
  for (let day = firstDay; day <= lastDay; day++) {
    const today = clocks.get(weekdayOfDay(day)) as number[];
    for (let k = 0; k < today.length; k += 2) {
      const startClock = today[k] as number;
      const endClock = today[k + 1] as number;
      const endDay = endClock <= startClock ? day + 1 : day;
      pairs.push(
        timeline.firstInstantAtOrAfterWall(day * MINUTES_PER_DAY + startClock),
        timeline.firstInstantAtOrAfterWall(endDay * MINUTES_PER_DAY + endClock),
      );
    }
  }
  return normalizeRanges(pairs);
}

/** One calendar's busy time, as the candidate positions it rules out. */
interface BusyStarts {
  /** Positions whose slot (buffers included) meets blocking busy time; merged ranges. */
  blocked: Ranges;
  /** Positions whose slot meets tentative time that the policy lets through; merged ranges. */
  tentative: Ranges;
  /** How many distinct timed meetings count towards the daily limit (their starts, ascending, are in scratchMeetingStarts). */
  meetings: number;
}

/**
 * Busy time this far outside the candidate starts can affect nothing: buffers (≤ 12 h), a
 * local day reaching past the range (≤ 1 day plus a 14 h offset) and adjacency all fit inside.
 */
const RELEVANCE_MARGIN = 3 * MINUTES_PER_DAY;
/** Sort keys pack (start − origin) × 2^32 + index into one double: exact below 2^53. */
const INDEX_SPAN = 2 ** 32;

const TENTATIVE_STATUS = BUSY_STATUSES.indexOf('tentative');
const OUT_OF_OFFICE_STATUS = BUSY_STATUSES.indexOf('outOfOffice');
/** Statuses that leave the person free, by index into BUSY_STATUSES. */
const LEAVES_FREE = Uint8Array.from(BUSY_STATUSES, (status) => (status === 'free' || status === 'workingElsewhere' ? 1 : 0));

const KIND_BLOCKING = 1;
const KIND_MEETING = 2;
const KIND_TENTATIVE = 3;

/**
 * Scratch columns shared by every calendar of every search (the engine is synchronous, so one
 * set suffices): a search then allocates nothing per busy interval. Grown on demand.
 */
let scratchKeys = new Float64Array(1024);
let scratchKept = new Int32Array(1024);
let scratchStarts = new Float64Array(1024);
let scratchEnds = new Float64Array(1024);
let scratchKinds = new Uint8Array(1024);
let scratchMeetingStarts = new Float64Array(1024);
let scratchMeetingEnds = new Float64Array(1024);
let scratchBlocked = new Int32Array(2048);
let scratchTentative = new Int32Array(2048);

function reserveScratch(count: number): void {
  if (scratchKeys.length >= count) return;
  const size = Math.max(count, 2 * scratchKeys.length);
  scratchBlocked = new Int32Array(2 * size);
  scratchTentative = new Int32Array(2 * size);
  scratchKeys = new Float64Array(size);
  scratchKept = new Int32Array(size);
  scratchStarts = new Float64Array(size);
  scratchEnds = new Float64Array(size);
  scratchKinds = new Uint8Array(size);
  scratchMeetingStarts = new Float64Array(size);
  scratchMeetingEnds = new Float64Array(size);
}

/**
 * Sorts keys[0, n) ascending. Providers list busy time in order or nearly so (the same day's
 * events shuffled), which insertion sort finishes in one pass; once it has moved more than a
 * few elements per key the list is not like that, and the native sort takes over.
 */
function sortKeys(keys: Float64Array, n: number): void {
  const budget = 8 * n + 64;
  let moved = 0;
  for (let i = 1; i < n; i++) {
    const key = keys[i] as number;
    let j = i - 1;
    while (j >= 0 && (keys[j] as number) > key) {
      keys[j + 1] = keys[j] as number;
      j--;
    }
    keys[j + 1] = key;
    moved += i - 1 - j;
    if (moved > budget) {
      keys.subarray(0, n).sort();
      return;
    }
  }
}

/**
 * Merges instant ranges arriving in ascending start order and hands each finished range over as
 * positions: the ranges never exist as instants, which saves a list and a pass per calendar.
 * Positions collect in a typed array and leave as one list of exactly their length, rather than
 * in a list that grows (and is copied) a dozen times per calendar.
 */
class PositionMerger {
  private readonly collected: Int32Array;
  private length = 0;
  private openStart = 0;
  private openEnd = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly table: StartPositions,
    /** When set, counts the meeting-adjacent starts of every finished range (see markAdjacency). */
    private readonly adjacency: Int32Array | undefined,
    /** Scratch with room for two positions per range the calendar can yield. */
    collected: Int32Array,
  ) {
    this.collected = collected;
  }

  add(start: number, end: number): void {
    if (start <= this.openEnd) {
      if (end > this.openEnd) this.openEnd = end;
      return;
    }
    this.flush();
    this.openStart = start;
    this.openEnd = end;
  }

  finish(): Ranges {
    this.flush();
    const positions: Ranges = new Array<number>(this.length);
    for (let k = 0; k < this.length; k++) positions[k] = this.collected[k] as number;
    return positions;
  }

  private flush(): void {
    if (this.openEnd === Number.NEGATIVE_INFINITY) return;
    const from = this.table.firstAtOrAfter(this.openStart);
    const to = this.table.firstAtOrAfter(this.openEnd);
    // As appendSorted: empty ranges vanish, and one that meets the last extends it.
    if (to > from) {
      if (this.length > 0 && from <= (this.collected[this.length - 1] as number)) {
        if (to > (this.collected[this.length - 1] as number)) this.collected[this.length - 1] = to;
      } else {
        this.collected[this.length++] = from;
        this.collected[this.length++] = to;
      }
    }
    if (this.adjacency !== undefined) markAdjacency(this.adjacency, this.openStart, this.openEnd, from, to, this.table);
  }
}

/**
 * Turns one calendar's busy time, in start order (sorted first when it does not come so), into
 * the candidate positions it rules out, merging as it goes.
 *
 * A slot [s, s+d) padded to [s−before, s+d+after) meets busy [a, b) iff a−d−after < s < b+before.
 * Shifting every start by one constant keeps them sorted, so the ruled-out ranges come out
 * in order. Only intervals within RELEVANCE_MARGIN of [from, to) are kept, which bounds every
 * relative start below 2^20 minutes (the horizon is at most 366 days) so that the start and the
 * index share one exact sort key; intervals that begin earlier are clipped to the margin.
 */
function busyStarts(
  busy: PackedBusy,
  space: SearchSpace,
  from: number,
  to: number,
  table: StartPositions,
  adjacency: Int32Array | undefined,
  countMeetings: boolean,
): BusyStarts {
  const { request, duration } = space;
  const { count, startMs, endMs, status, allDay } = busy;
  const origin = from - RELEVANCE_MARGIN;
  const limit = to + RELEVANCE_MARGIN;
  const reachBefore = duration + request.bufferAfterMinutes - 1;
  const reachAfter = request.bufferBeforeMinutes;
  const tentativeIsFree = request.tentativePolicy === 'free';
  const allDayIsFree = request.allDayPolicy === 'free';
  reserveScratch(count);
  const sweep = new Sweep(table, adjacency, countMeetings);
  // Lists from the cache arrive in start order: those are swept as they are read. Any other is
  // gathered into the scratch columns first, sorted, and swept from there.
  const inOrder = startsAscend(startMs, count);
  const keptIndexes = scratchKept;
  const starts = scratchStarts;
  const ends = scratchEnds;
  const kinds = scratchKinds;
  let kept = 0;
  for (let index = 0; index < count; index++) {
    const statusIndex = status[index] as number;
    if (LEAVES_FREE[statusIndex] === 1) continue;
    const isAllDay = allDay[index] === 1;
    if (isAllDay && allDayIsFree && statusIndex !== OUT_OF_OFFICE_STATUS) continue;
    const start = floorToMinute(startMs[index] as number);
    const end = ceilToMinute(endMs[index] as number);
    // Zero-length events (reminders, markers) occupy no time, so they block nothing.
    if (end <= start || end <= origin || start >= limit) continue;
    let kind = KIND_BLOCKING;
    if (statusIndex === TENTATIVE_STATUS && tentativeIsFree) kind = KIND_TENTATIVE;
    // A meeting that began before the margin lies on a day no candidate can reach.
    else if (!isAllDay && statusIndex !== OUT_OF_OFFICE_STATUS && start >= origin) kind = KIND_MEETING;
    const clipped = Math.max(start, origin);
    if (inOrder) {
      sweep.take(clipped - reachBefore, end + reachAfter, clipped, end, kind);
      continue;
    }
    kinds[index] = kind;
    starts[index] = clipped;
    ends[index] = end;
    keptIndexes[kept++] = index;
  }
  if (inOrder) return sweep.finish();
  const keys = scratchKeys;
  for (let k = 0; k < kept; k++) {
    const index = keptIndexes[k] as number;
    keys[k] = ((starts[index] as number) - origin) * INDEX_SPAN + index;
  }
  sortKeys(keys, kept);
  for (let k = 0; k < kept; k++) {
    const key = keys[k] as number;
    const index = key - Math.floor(key / INDEX_SPAN) * INDEX_SPAN;
    const start = starts[index] as number;
    const end = ends[index] as number;
    sweep.take(start - reachBefore, end + reachAfter, start, end, kinds[index] as number);
  }
  return sweep.finish();
}

/** True when the instants never decrease, so the kept intervals come in start order as they are. */
function startsAscend(startMs: Float64Array, count: number): boolean {
  for (let index = 1; index < count; index++) if ((startMs[index] as number) < (startMs[index - 1] as number)) return false;
  return true;
}

/**
 * One calendar's intervals in start order (equal starts in list order), turned into the positions
 * they rule out, and its distinct meetings counted towards the daily limit.
 */
class Sweep {
  private readonly blocked: PositionMerger;
  private readonly tentative: PositionMerger;
  private meetings = 0;
  private runStart = Number.NaN;
  private runBegin = 0;

  constructor(
    table: StartPositions,
    adjacency: Int32Array | undefined,
    private readonly countMeetings: boolean,
  ) {
    this.blocked = new PositionMerger(table, adjacency, scratchBlocked);
    this.tentative = new PositionMerger(table, undefined, scratchTentative);
  }

  /** An interval [start, end) whose slots meet it from reachFrom up to reachTo. */
  take(reachFrom: number, reachTo: number, start: number, end: number, kind: number): void {
    if (kind === KIND_TENTATIVE) {
      this.tentative.add(reachFrom, reachTo);
      return;
    }
    this.blocked.add(reachFrom, reachTo);
    if (kind !== KIND_MEETING || !this.countMeetings) return;
    // The same event reported twice (two calendars) counts once: compare with the meetings kept
    // since the current start began (equal starts come in list order, not by end).
    const meetingEnds = scratchMeetingEnds;
    if (start !== this.runStart) {
      this.runStart = start;
      this.runBegin = this.meetings;
    } else {
      for (let m = this.runBegin; m < this.meetings; m++) if (meetingEnds[m] === end) return;
    }
    meetingEnds[this.meetings] = end;
    scratchMeetingStarts[this.meetings++] = start;
  }

  finish(): BusyStarts {
    return { blocked: this.blocked.finish(), tentative: this.tentative.finish(), meetings: this.meetings };
  }
}

export interface Prepared {
  space: SearchSpace;
  participants: PreparedParticipant[];
  groups: PreparedGroup[];
  profiles: HoursProfile[];
  /** Positions where the slot touches an existing meeting, per number of people it touches. */
  adjacency: Int32Array;
  organizer: PreparedParticipant | undefined;
}

const ROLE_ORDER: Record<AttendeeRole, number> = { required: 0, 'quorum-member': 1, optional: 2 };

export function prepare(space: SearchSpace): Prepared {
  const { request, candidates, duration } = space;
  const count = candidates.count;
  const rangeFrom = count > 0 ? (candidates.starts[0] as number) : space.earliestStart;
  const rangeTo = count > 0 ? (candidates.starts[count - 1] as number) + duration : space.earliestStart;
  const groupsOf = new Map<string, string[]>();
  for (const group of [...request.groups].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    for (const member of group.members) {
      const key = member.toLowerCase();
      groupsOf.set(key, [...(groupsOf.get(key) ?? []), group.id]);
    }
  }
  // By zone, then by weekly hours: looking up two strings that are already hashed costs less than
  // hashing a key joined from them for every participant.
  const profilesByZone = new Map<string, Map<string, HoursProfile>>();
  const profiles: HoursProfile[] = [];
  // Everyone on the default hours shares one object: its key is built once.
  const hoursKeys = new Map<WorkingHours, string>();
  const adjacency = new Int32Array(count);
  const positions = new StartPositions(candidates.starts);
  const participants: PreparedParticipant[] = [];
  for (const input of request.participants) {
    const key = input.email.toLowerCase();
    const groupIds = groupsOf.get(key) ?? [];
    const role: AttendeeRole = groupIds.length > 0 ? 'quorum-member' : input.attendance;
    const zone = input.timeZone ?? request.organizer.timeZone;
    const timeline = timelineFor(space.timelines, zone, rangeFrom, rangeTo);
    const hours = input.workingHours ?? (input.kind === 'room' ? undefined : request.defaultWorkingHours);
    let profile: HoursProfile | undefined;
    if (hours !== undefined) {
      let weekKey = hoursKeys.get(hours);
      if (weekKey === undefined) hoursKeys.set(hours, (weekKey = hoursKey(hours)));
      let zoneProfiles = profilesByZone.get(zone);
      if (zoneProfiles === undefined) profilesByZone.set(zone, (zoneProfiles = new Map()));
      profile = zoneProfiles.get(weekKey);
      if (profile === undefined) {
        const working = workingRanges(hours, timeline, rangeFrom, rangeTo);
        const allowedStarts: Ranges = [];
        for (let k = 0; k < working.length; k += 2) {
          allowedStarts.push(working[k] as number, (working[k + 1] as number) - duration + 1);
        }
        const inside = toPositionRanges(normalizeRanges(allowedStarts), positions);
        profile = { key: `${zone}|${weekKey}`, timeline, working, outsidePositions: complementWithin(inside, count), persons: 0 };
        zoneProfiles.set(weekKey, profile);
        profiles.push(profile);
      }
      if (input.kind === 'person') profile.persons++;
    }
    let calendarBlocked: Ranges = [];
    let capBlocked: Ranges = [];
    let tentative: Ranges = [];
    let unknownReason: string | undefined;
    if (input.availability.status === 'unknown') {
      unknownReason = input.availability.reason;
    } else {
      const isPerson = input.kind === 'person';
      const capped = request.maxMeetingsPerDay !== undefined && isPerson;
      const ruledOut = busyStarts(input.availability.busy, space, rangeFrom, rangeTo, positions, isPerson ? adjacency : undefined, capped);
      calendarBlocked = ruledOut.blocked;
      tentative = ruledOut.tentative;
      if (capped) {
        capBlocked = toPositionRanges(daysAtLimit(scratchMeetingStarts, ruledOut.meetings, request.maxMeetingsPerDay as number, timeline), positions);
      }
    }
    const blocked = unionRanges(calendarBlocked, capBlocked);
    participants.push({
      email: input.email,
      key,
      displayName: input.name ?? input.email,
      name: input.name,
      kind: input.kind,
      role,
      groupIds,
      weight: role === 'required' || (role === 'quorum-member' && isAllQuorum(request, groupIds)) ? WEIGHT_REQUIRED : WEIGHT_OPTIONAL,
      zone,
      zoneFromCalendar: input.timeZone !== undefined,
      timeline,
      profile,
      unknownReason,
      calendarBlocked,
      capBlocked,
      blocked,
      tentative: subtractRanges(tentative, blocked),
      outside: profile?.outsidePositions ?? [],
    });
  }
  // Input order must not matter: every later loop walks participants in this order.
  participants.sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const byKey = new Map(participants.map((p) => [p.key, p]));
  const groups = request.groups
    .map((group) => {
      const members = [...new Set(group.members.map((m) => m.toLowerCase()))].map((m) => byKey.get(m) as PreparedParticipant);
      return {
        id: group.id,
        label: group.label ?? group.id,
        quorum: group.required === 'all' ? members.length : group.required,
        members: members.sort((a, b) => (a.key < b.key ? -1 : 1)),
      };
    })
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const organizer = byKey.get(request.organizer.email.toLowerCase());
  return { space, participants, groups, profiles: profiles.sort((a, b) => (a.key < b.key ? -1 : 1)), adjacency, organizer };
}

function isAllQuorum(request: ValidMeetingRequest, groupIds: string[]): boolean {
  return request.groups.some((g) => groupIds.includes(g.id) && (g.required === 'all' || g.required === g.members.length));
}

/**
 * A slot whose buffered edge exactly meets someone's busy time keeps their free time in one
 * piece. The ruled-out range [x, y) has its meeting-adjacent starts at x-1 and y, found from the
 * range's own positions: x-1 can only be the start just before the first at or after x, and y
 * only the first start at or after y, so no lookup of their own is needed.
 */
function markAdjacency(adjacency: Int32Array, from: number, to: number, fromPosition: number, toPosition: number, positions: StartPositions): void {
  if (positions.startIs(fromPosition - 1, from - 1)) adjacency[fromPosition - 1]!++;
  if (positions.startIs(toPosition, to)) adjacency[toPosition]!++;
}

/** Meetings per local day, indexed from the first day a daysAtLimit call can meet; zeroed after use. */
let scratchDayCounts = new Int32Array(512);

/**
 * Local days (as UTC ranges) on which a person already has `limit` meetings or more, from the
 * first `count` entries of `starts` (ascending). The starts are walked with the zone's
 * constant-offset pieces, and days are counted in an array rather than a map: local days of
 * ascending instants stay between the first one's day at the smallest offset and the last one's
 * at the largest, even where the clocks go back. Meetings are counted in runs that share a day,
 * and the day is worked out only where a run ends: a person has a few hundred meetings on a
 * hundred days.
 */
function daysAtLimit(starts: Float64Array, count: number, limit: number, timeline: ZoneTimeline): Ranges {
  if (count === 0) return [];
  const first = starts[0] as number;
  const last = starts[count - 1] as number;
  const pieces = timeline.segmentsWithin(first, last + 1);
  let lowestOffset = Infinity;
  let highestOffset = -Infinity;
  for (const piece of pieces) {
    lowestOffset = Math.min(lowestOffset, piece.offset);
    highestOffset = Math.max(highestOffset, piece.offset);
  }
  const firstDay = Math.floor((first + lowestOffset) / MINUTES_PER_DAY);
  const span = Math.floor((last + highestOffset) / MINUTES_PER_DAY) - firstDay + 1;
  if (scratchDayCounts.length < span) scratchDayCounts = new Int32Array(Math.max(span, 2 * scratchDayCounts.length));
  const perDay = scratchDayCounts;
  let piece = 0;
  let pieceEnd = (pieces[0] as { to: number }).to;
  let offset = (pieces[0] as { offset: number }).offset;
  let runDay = firstDay;
  let runLength = 0;
  // Where the run's day ends at the current piece's offset; a new piece ends the run's reach.
  let runDayEnd = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < count; k++) {
    const start = starts[k] as number;
    while (start >= pieceEnd) {
      piece++;
      pieceEnd = (pieces[piece] as { to: number }).to;
      offset = (pieces[piece] as { offset: number }).offset;
      runDayEnd = Number.NEGATIVE_INFINITY;
    }
    if (start >= runDayEnd) {
      const day = Math.floor((start + offset) / MINUTES_PER_DAY);
      if (day !== runDay) {
        perDay[runDay - firstDay]! += runLength;
        runDay = day;
        runLength = 0;
      }
      runDayEnd = (day + 1) * MINUTES_PER_DAY - offset;
    }
    runLength++;
  }
  perDay[runDay - firstDay]! += runLength;
  const days: Ranges = [];
  for (let index = 0; index < span; index++) {
    if ((perDay[index] as number) >= limit) {
      const day = firstDay + index;
      days.push(
        timeline.firstInstantAtOrAfterWall(day * MINUTES_PER_DAY),
        timeline.firstInstantAtOrAfterWall((day + 1) * MINUTES_PER_DAY),
      );
    }
  }
  perDay.fill(0, 0, span);
  return normalizeRanges(days);
}

/** Per-position tallies that decide feasibility and near misses. */
export interface Tallies {
  /** Required participants blocked by calendar or daily limit. */
  requiredBlocked: Int32Array;
  /** Required people outside their working hours. */
  requiredOutside: Int32Array;
  /** Per group: members available (not blocked; also inside hours under 'inside-only'). */
  groupAvailable: Int32Array[];
  /** Per group: members not blocked, ignoring working hours. */
  groupNotBlocked: Int32Array[];
  /** Sum over attendees of weight × (100 − score). */
  penalty: Int32Array;
  totalWeight: number;
}

export function tally(prepared: Prepared): Tallies {
  const count = prepared.space.candidates.count;
  const insideOnly = prepared.space.request.workingHoursPolicy === 'inside-only';
  const requiredBlocked = new Int32Array(count + 1);
  const requiredOutside = new Int32Array(count + 1);
  const penalty = new Int32Array(count + 1);
  let totalWeight = 0;
  let unknownPenalty = 0;
  for (const p of prepared.participants) {
    totalWeight += p.weight;
    if (p.role === 'required') {
      addOverRanges(requiredBlocked, p.blocked, 1);
      addOverRanges(requiredOutside, p.outside, 1);
    }
    if (p.unknownReason !== undefined) unknownPenalty += p.weight * (SCORE_FREE - SCORE_UNKNOWN);
    addOverRanges(penalty, p.blocked, p.weight * SCORE_FREE);
    addOverRanges(penalty, p.tentative, p.weight * (SCORE_FREE - SCORE_TENTATIVE));
  }
  penalty[0]! += unknownPenalty;
  penalty[count]! -= unknownPenalty;
  const groupAvailable: Int32Array[] = [];
  const groupNotBlocked: Int32Array[] = [];
  for (const group of prepared.groups) {
    const available = new Int32Array(count + 1);
    const notBlocked = new Int32Array(count + 1);
    available[0] = group.members.length;
    notBlocked[0] = group.members.length;
    for (const member of group.members) {
      addOverRanges(notBlocked, member.blocked, -1);
      addOverRanges(available, insideOnly ? unionRanges(member.blocked, member.outside) : member.blocked, -1);
    }
    groupAvailable.push(prefixSum(available));
    groupNotBlocked.push(prefixSum(notBlocked));
  }
  return {
    requiredBlocked: prefixSum(requiredBlocked),
    requiredOutside: prefixSum(requiredOutside),
    groupAvailable,
    groupNotBlocked,
    penalty: prefixSum(penalty),
    totalWeight,
  };
}

/** Ranking signals for a set of positions, in ascending position order. */
export interface RankSignals {
  positions: number[];
  penalty: Int32Array;
  personMinutesOutside: Int32Array;
  worstComfort: Int32Array;
  organizerDay: Int32Array;
  adjacency: Int32Array;
}

/**
 * For each position: person-minutes outside working hours, and the worst-off person's comfort
 * (minutes from the edge of their working block, capped; negative = minutes outside).
 * Computed per hours profile, not per person, so a hundred colleagues in one zone cost one.
 */
export function rankSignals(prepared: Prepared, tallies: Tallies, positions: number[]): RankSignals {
  const { starts } = prepared.space.candidates;
  const duration = prepared.space.duration;
  const personProfiles = prepared.profiles.filter((profile) => profile.persons > 0);
  const profileCount = personProfiles.length;
  const cursors = new Int32Array(profileCount);
  const count = positions.length;
  const signals: RankSignals = {
    positions,
    penalty: new Int32Array(count),
    personMinutesOutside: new Int32Array(count),
    worstComfort: new Int32Array(count),
    organizerDay: new Int32Array(count),
    adjacency: new Int32Array(count),
  };
  const organizerTimeline = prepared.space.organizerTimeline;
  for (let i = 0; i < count; i++) {
    const position = positions[i] as number;
    const start = starts[position] as number;
    const end = start + duration;
    let outsideTotal = 0;
    let worst = COMFORT_MARGIN_CAP;
    for (let p = 0; p < profileCount; p++) {
      const profile = personProfiles[p] as HoursProfile;
      const working = profile.working;
      let k = cursors[p] as number;
      while (k < working.length && (working[k + 1] as number) <= start) k += 2;
      cursors[p] = k;
      let overlap = 0;
      for (let j = k; j < working.length && (working[j] as number) < end; j += 2) {
        overlap += Math.min(working[j + 1] as number, end) - Math.max(working[j] as number, start);
      }
      const outside = duration - overlap;
      let comfort: number;
      if (outside > 0) comfort = -outside;
      else comfort = Math.min(start - (working[k] as number), (working[k + 1] as number) - end, COMFORT_MARGIN_CAP);
      outsideTotal += outside * profile.persons;
      if (comfort < worst) worst = comfort;
    }
    signals.penalty[i] = tallies.penalty[position] as number;
    signals.personMinutesOutside[i] = outsideTotal;
    signals.worstComfort[i] = worst;
    signals.organizerDay[i] = organizerTimeline.localDayAt(start);
    signals.adjacency[i] = prepared.adjacency[position] as number;
  }
  return signals;
}

/** Above this many results, ranking sorts every match rather than keeping the best in one pass. */
const PARTIAL_RANK_LIMIT = 64;

/**
 * Orders positions best first: confidence, then inside everyone's hours, then the fairest
 * local times, then earlier dates, then adjacency to existing meetings, then earlier start.
 * With a limit, only the best `limit` are ordered and returned: the order is total (positions
 * differ), so they are exactly the first `limit` of the full order, found in one pass that
 * keeps the best so far instead of sorting thousands of matches to read ten.
 */
export function rankOrder(signals: RankSignals, limit = Infinity): number[] {
  const { positions, penalty, personMinutesOutside, worstComfort, organizerDay, adjacency } = signals;
  const better = (a: number, b: number): number =>
    (penalty[a] as number) - (penalty[b] as number) ||
    (personMinutesOutside[a] as number) - (personMinutesOutside[b] as number) ||
    (worstComfort[b] as number) - (worstComfort[a] as number) ||
    (organizerDay[a] as number) - (organizerDay[b] as number) ||
    (adjacency[b] as number) - (adjacency[a] as number) ||
    (positions[a] as number) - (positions[b] as number);
  const count = positions.length;
  // Keeping the best costs up to `limit` comparisons per position, so long lists are sorted.
  if (limit > PARTIAL_RANK_LIMIT || limit >= count / 4) {
    const order = positions.map((_, i) => i);
    order.sort(better);
    return (limit < count ? order.slice(0, limit) : order).map((i) => positions[i] as number);
  }
  const best: number[] = [];
  for (let i = 0; i < count; i++) {
    if (best.length === limit && better(i, best[limit - 1] as number) >= 0) continue;
    let at = best.length === limit ? limit - 1 : best.length;
    while (at > 0 && better(i, best[at - 1] as number) < 0) {
      best[at] = best[at - 1] as number;
      at--;
    }
    best[at] = i;
  }
  return best.map((i) => positions[i] as number);
}

/**
 * The best `limit` positions, best first: exactly the first `limit` of rankOrder over them all.
 * Penalty is the order's first key, so none of the best has a penalty above the limit-th
 * smallest, and the other signals (a pass over every hours profile per position, most of the
 * cost of ranking) are worked out only for positions within it: a few dozen of thousands.
 */
export function rankBest(prepared: Prepared, tallies: Tallies, positions: number[], limit: number): number[] {
  return rankOrder(rankSignals(prepared, tallies, contenders(tallies.penalty, positions, limit)), limit);
}

/** The positions (still ascending) whose penalty is no more than the limit-th smallest among them. */
function contenders(penalty: Int32Array, positions: number[], limit: number): number[] {
  if (positions.length <= limit) return positions;
  const penalties = new Int32Array(positions.length);
  for (let i = 0; i < positions.length; i++) penalties[i] = penalty[positions[i] as number] as number;
  const worstKept = penalties.sort()[limit - 1] as number;
  return positions.filter((position) => (penalty[position] as number) <= worstKept);
}

/**
 * A key equal for equal weekly hours whatever the order of their weekdays. (A replacer array in
 * JSON.stringify filters nested keys too, which dropped every start and end and made different
 * hours share one profile.)
 */
function hoursKey(hours: WorkingHours): string {
  return (Object.keys(hours) as (keyof WorkingHours)[])
    .sort()
    .map((day) => `${day}=${(hours[day] ?? []).map((range) => `${range.start}-${range.end}`).join(',')}`)
    .join(';');
}
