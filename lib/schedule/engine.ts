import type { AttendeeRole, ValidMeetingRequest, WorkingHours } from './schemas';
import {
  addOverRanges,
  complementWithin,
  lowerBound,
  normalizeRanges,
  prefixSum,
  subtractRanges,
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
  ZoneTimeline,
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
  const starts: number[] = [];
  const granularity = request.granularityMinutes;
  for (let k = 0; k < windows.length; k += 2) {
    const lastStart = (windows[k + 1] as number) - duration;
    for (const piece of organizerTimeline.segmentsWithin(windows[k] as number, lastStart + 1)) {
      // A start is on the grid when its local minute-of-day is a multiple of the granularity.
      const misalignment = (((piece.from + piece.offset) % granularity) + granularity) % granularity;
      for (let s = misalignment === 0 ? piece.from : piece.from + granularity - misalignment; s < piece.to; s += granularity) {
        starts.push(s);
      }
    }
  }
  return {
    request,
    duration,
    now,
    earliestStart,
    horizonEnd,
    windows,
    organizerTimeline,
    timelines,
    candidates: { starts: Float64Array.from(starts), count: starts.length },
  };
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
  for (let day = firstDay; day <= lastDay; day++) {
    for (const range of hours[weekdayOfDay(day)] ?? []) {
      const startClock = clockMinutes(range.start);
      const endClock = clockMinutes(range.end);
      const endDay = endClock <= startClock ? day + 1 : day;
      pairs.push(
        timeline.firstInstantAtOrAfterWall(day * MINUTES_PER_DAY + startClock),
        timeline.firstInstantAtOrAfterWall(endDay * MINUTES_PER_DAY + endClock),
      );
    }
  }
  return normalizeRanges(pairs);
}

interface ParsedBusy {
  blocking: Ranges;
  tentative: Ranges;
  /** Starts of timed meetings that count towards the daily limit. */
  meetingStarts: number[];
}

function parseBusy(
  busy: ValidMeetingRequest['participants'][number]['availability'] & { status: 'known' },
  request: ValidMeetingRequest,
): ParsedBusy {
  const blocking: Ranges = [];
  const tentative: Ranges = [];
  const meetings: Ranges = [];
  for (const interval of busy.busy) {
    const status = interval.status;
    if (status === 'free' || status === 'workingElsewhere') continue;
    if (interval.allDay === true && request.allDayPolicy === 'free' && status !== 'outOfOffice') continue;
    const start = floorToMinute(parseIsoInstantMs(interval.start) as number);
    const end = ceilToMinute(parseIsoInstantMs(interval.end) as number);
    // Zero-length events (reminders, markers) occupy no time, so they block nothing.
    if (end <= start) continue;
    if (status === 'tentative' && request.tentativePolicy === 'free') {
      tentative.push(start, end);
      continue;
    }
    blocking.push(start, end);
    if (interval.allDay !== true && status !== 'outOfOffice') meetings.push(start, end);
  }
  return { blocking: normalizeRanges(blocking), tentative: normalizeRanges(tentative), meetingStarts: request.maxMeetingsPerDay === undefined ? [] : distinctStarts(meetings) };
}

/** Starts of distinct meetings: the same event reported twice (two calendars) counts once. */
function distinctStarts(meetings: Ranges): number[] {
  const order = Array.from({ length: meetings.length / 2 }, (_, i) => i);
  order.sort((a, b) => (meetings[2 * a] as number) - (meetings[2 * b] as number) || (meetings[2 * a + 1] as number) - (meetings[2 * b + 1] as number));
  const starts: number[] = [];
  let previous = -1;
  for (const i of order) {
    if (previous >= 0 && meetings[2 * i] === meetings[2 * previous] && meetings[2 * i + 1] === meetings[2 * previous + 1]) continue;
    starts.push(meetings[2 * i] as number);
    previous = i;
  }
  return starts;
}

/** Busy time as the set of start instants it rules out, buffers included. */
function startsRuledOut(busy: Ranges, duration: number, bufferBefore: number, bufferAfter: number): Ranges {
  // Slot [s, s+d) padded to [s-before, s+d+after) meets busy [a, b) iff a-d-after < s < b+before.
  const ruledOut: Ranges = new Array<number>(busy.length);
  for (let k = 0; k < busy.length; k += 2) {
    ruledOut[k] = (busy[k] as number) - duration - bufferAfter + 1;
    ruledOut[k + 1] = (busy[k + 1] as number) + bufferBefore;
  }
  return normalizeRanges(ruledOut);
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
  const profiles = new Map<string, HoursProfile>();
  const adjacency = new Int32Array(count);
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
      const profileKey = `${zone}|${JSON.stringify(hours, Object.keys(hours).sort())}`;
      profile = profiles.get(profileKey);
      if (profile === undefined) {
        const working = workingRanges(hours, timeline, rangeFrom, rangeTo);
        const allowedStarts: Ranges = [];
        for (let k = 0; k < working.length; k += 2) {
          allowedStarts.push(working[k] as number, (working[k + 1] as number) - duration + 1);
        }
        const inside = toPositionRanges(normalizeRanges(allowedStarts), candidates.starts);
        profile = { key: profileKey, timeline, working, outsidePositions: complementWithin(inside, count), persons: 0 };
        profiles.set(profileKey, profile);
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
      const parsed = parseBusy(input.availability, request);
      const ruledOut = startsRuledOut(parsed.blocking, duration, request.bufferBeforeMinutes, request.bufferAfterMinutes);
      calendarBlocked = toPositionRanges(ruledOut, candidates.starts);
      if (input.kind === 'person') markAdjacency(adjacency, ruledOut, candidates.starts);
      if (parsed.tentative.length > 0) {
        const tentativeStarts = startsRuledOut(parsed.tentative, duration, request.bufferBeforeMinutes, request.bufferAfterMinutes);
        tentative = toPositionRanges(tentativeStarts, candidates.starts);
      }
      if (request.maxMeetingsPerDay !== undefined && input.kind === 'person') {
        capBlocked = toPositionRanges(daysAtLimit(parsed.meetingStarts, request.maxMeetingsPerDay, timeline), candidates.starts);
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
  return { space, participants, groups, profiles: [...profiles.values()].sort((a, b) => (a.key < b.key ? -1 : 1)), adjacency, organizer };
}

function isAllQuorum(request: ValidMeetingRequest, groupIds: string[]): boolean {
  return request.groups.some((g) => groupIds.includes(g.id) && (g.required === 'all' || g.required === g.members.length));
}

/**
 * A slot whose buffered edge exactly meets someone's busy time keeps their free time in one
 * piece. The ruled-out range [x, y) has its meeting-adjacent starts at x-1 and y.
 */
function markAdjacency(adjacency: Int32Array, ruledOut: Ranges, starts: Float64Array): void {
  for (let k = 0; k < ruledOut.length; k += 2) {
    const before = (ruledOut[k] as number) - 1;
    const after = ruledOut[k + 1] as number;
    const i = lowerBound(starts, before);
    if (i < starts.length && starts[i] === before) adjacency[i]!++;
    const j = lowerBound(starts, after, i);
    if (j < starts.length && starts[j] === after) adjacency[j]!++;
  }
}

/** Local days (as UTC ranges) on which a person already has `limit` meetings or more. */
function daysAtLimit(meetingStarts: number[], limit: number, timeline: ZoneTimeline): Ranges {
  const perDay = new Map<number, number>();
  for (const start of meetingStarts) {
    const day = timeline.localDayAt(start);
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  const days: Ranges = [];
  for (const [day, meetings] of perDay) {
    if (meetings >= limit) {
      days.push(
        timeline.firstInstantAtOrAfterWall(day * MINUTES_PER_DAY),
        timeline.firstInstantAtOrAfterWall((day + 1) * MINUTES_PER_DAY),
      );
    }
  }
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
  penalty: number[];
  personMinutesOutside: number[];
  worstComfort: number[];
  organizerDay: number[];
  adjacency: number[];
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
  const cursors = personProfiles.map(() => 0);
  const signals: RankSignals = {
    positions,
    penalty: [],
    personMinutesOutside: [],
    worstComfort: [],
    organizerDay: [],
    adjacency: [],
  };
  for (const position of positions) {
    const start = starts[position] as number;
    const end = start + duration;
    let outsideTotal = 0;
    let worst = COMFORT_MARGIN_CAP;
    personProfiles.forEach((profile, p) => {
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
    });
    signals.penalty.push(tallies.penalty[position] as number);
    signals.personMinutesOutside.push(outsideTotal);
    signals.worstComfort.push(worst);
    signals.organizerDay.push(prepared.space.organizerTimeline.localDayAt(start));
    signals.adjacency.push(prepared.adjacency[position] as number);
  }
  return signals;
}

/**
 * Orders positions best first: confidence, then inside everyone's hours, then the fairest
 * local times, then earlier dates, then adjacency to existing meetings, then earlier start.
 */
export function rankOrder(signals: RankSignals): number[] {
  const order = signals.positions.map((_, i) => i);
  order.sort(
    (a, b) =>
      (signals.penalty[a] as number) - (signals.penalty[b] as number) ||
      (signals.personMinutesOutside[a] as number) - (signals.personMinutesOutside[b] as number) ||
      (signals.worstComfort[b] as number) - (signals.worstComfort[a] as number) ||
      (signals.organizerDay[a] as number) - (signals.organizerDay[b] as number) ||
      (signals.adjacency[b] as number) - (signals.adjacency[a] as number) ||
      (signals.positions[a] as number) - (signals.positions[b] as number),
  );
  return order.map((i) => signals.positions[i] as number);
}
