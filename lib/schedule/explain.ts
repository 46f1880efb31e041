import { label, outsideHours, outsideHoursSentence } from './describe';
import { rankBest, type Prepared, type PreparedParticipant, type SearchSpace, type Tallies } from './engine';
import { containsPoint, normalizeRanges, totalLength, unionRanges } from './ranges';
import type { NearMiss, NearMissKind, Slot } from './schemas';
import { ceilToMinute, floorToMinute, minuteToIso, parseIsoInstantMs } from './time';
import { formatDay, formatDuration, formatWall, type Wording } from './wording';

const NEAR_MISSES_PER_KIND = 2;

function organizerTime(space: SearchSpace, minute: number, w: Wording): string {
  return w.t('engine_timeInZone', { time: formatWall(w, space.organizerTimeline.wallAt(minute)), zone: space.request.organizer.timeZone });
}

/** Why the windows, after notice, horizon and the start-time grid, hold no start at all. */
export function explainEmptySearchSpace(space: SearchSpace, w: Wording): string[] {
  const { request } = space;
  const raw = normalizeRanges(
    request.searchWindows.flatMap((w) => [
      floorToMinute(parseIsoInstantMs(w.start) as number),
      ceilToMinute(parseIsoInstantMs(w.end) as number),
    ]),
  );
  const rawStart = raw[0] as number;
  const rawEnd = raw[raw.length - 1] as number;
  if (rawEnd <= space.now) {
    return [w.t('engine_windowsEnded', { now: organizerTime(space, space.now, w) })];
  }
  if (rawStart >= space.horizonEnd) {
    return [w.plural('engine_windowsAfterHorizon', request.horizonDays, { end: organizerTime(space, space.horizonEnd, w) })];
  }
  if (rawEnd <= space.earliestStart) {
    return [
      w.t('engine_noticePastWindow', {
        notice: formatDuration(w, request.minimumNoticeMinutes),
        start: organizerTime(space, space.earliestStart, w),
      }),
    ];
  }
  const duration = formatDuration(w, space.duration);
  const longest = Math.max(0, ...pairs(space.windows).map(([from, to]) => to - from));
  if (longest < space.duration) {
    const cut = request.minimumNoticeMinutes > 0 && rawStart < space.earliestStart;
    return [w.t(cut ? 'engine_noWindowLongEnoughAfterNotice' : 'engine_noWindowLongEnough', { duration, longest: formatDuration(w, longest) })];
  }
  return [w.t('engine_noStartOnGrid', { grid: formatDuration(w, request.granularityMinutes), zone: request.organizer.timeZone, duration })];
}

function pairs(ranges: number[]): Array<[number, number]> {
  const result: Array<[number, number]> = [];
  for (let k = 0; k < ranges.length; k += 2) result.push([ranges[k] as number, ranges[k + 1] as number]);
  return result;
}

interface Classified {
  hoursOk: (position: number) => boolean;
  groupsMet: (position: number, available: Int32Array[]) => boolean;
}

function classifier(prepared: Prepared, tallies: Tallies): Classified {
  const insideOnly = prepared.space.request.workingHoursPolicy === 'inside-only';
  return {
    hoursOk: (position) => !insideOnly || tallies.requiredOutside[position] === 0,
    groupsMet: (position, available) =>
      prepared.groups.every((group, g) => (available[g]?.[position] as number) >= group.quorum),
  };
}

function blockerAt(prepared: Prepared, position: number): PreparedParticipant | undefined {
  return prepared.participants.find((p) => p.role === 'required' && containsPoint(p.blocked, position));
}

/** Why fewer slots than asked for fit: working hours, busy people, limits, groups, notice. */
export function explainShortfall(prepared: Prepared, tallies: Tallies, matching: number, w: Wording): string[] {
  const { space } = prepared;
  const { request } = space;
  const count = space.candidates.count;
  const insideOnly = request.workingHoursPolicy === 'inside-only';
  const { hoursOk, groupsMet } = classifier(prepared, tallies);
  const lines: string[] = [];
  const lastStart = space.candidates.starts[count - 1] as number;
  const until = formatDay(w, space.organizerTimeline.wallAt(lastStart + space.duration - 1));
  const duration = formatDuration(w, space.duration);
  lines.push(matching === 0 ? w.t('engine_nothingFits', { duration, until }) : w.plural('engine_onlySomeFit', matching));
  if (request.minimumNoticeMinutes > 0) {
    const firstWindowStart = Math.min(...request.searchWindows.map((w) => floorToMinute(parseIsoInstantMs(w.start) as number)));
    if (firstWindowStart < space.earliestStart) {
      lines.push(
        w.t('engine_noticeRulesOut', {
          notice: formatDuration(w, request.minimumNoticeMinutes),
          start: organizerTime(space, space.earliestStart, w),
        }),
      );
    }
  }

  let hoursProblem = false;
  if (insideOnly) {
    const organizer = prepared.organizer;
    for (const person of prepared.participants) {
      if (person.role !== 'required' || person.profile === undefined) continue;
      if (totalLength(person.outside) === count) {
        hoursProblem = true;
        lines.push(w.t('engine_noWorkingHours', { person: label(person), zone: person.zone, duration }));
      } else if (organizer !== undefined && organizer !== person && organizer.profile !== undefined) {
        const jointlyOutside = unionRanges(person.outside, organizer.outside);
        if (totalLength(jointlyOutside) === count) {
          hoursProblem = true;
          lines.push(w.t('engine_noOverlapWithYours', { person: label(person), zone: person.zone, yourZone: organizer.zone, duration }));
        }
      }
    }
    if (!hoursProblem && tallies.requiredOutside.subarray(0, count).every((outside) => outside > 0)) {
      hoursProblem = true;
      lines.push(w.t('engine_hoursNeverOverlap', { duration }));
    }
  }
  if (hoursProblem) return lines;

  const soleBlocks = new Map<PreparedParticipant, { calendar: number; limit: number }>();
  const groupShort = prepared.groups.map(() => 0);
  let requiredFree = 0;
  for (let position = 0; position < count; position++) {
    if (!hoursOk(position)) continue;
    const blocked = tallies.requiredBlocked[position] as number;
    if (blocked === 0) {
      requiredFree++;
      prepared.groups.forEach((group, g) => {
        if ((tallies.groupAvailable[g]?.[position] as number) < group.quorum) groupShort[g]!++;
      });
    } else if (blocked === 1 && groupsMet(position, tallies.groupAvailable)) {
      const blocker = blockerAt(prepared, position) as PreparedParticipant;
      const tallyFor = soleBlocks.get(blocker) ?? { calendar: 0, limit: 0 };
      if (containsPoint(blocker.calendarBlocked, position)) tallyFor.calendar++;
      else tallyFor.limit++;
      soleBlocks.set(blocker, tallyFor);
    }
  }
  const blockers = [...soleBlocks.entries()].sort(
    (a, b) => b[1].calendar + b[1].limit - (a[1].calendar + a[1].limit) || (a[0].key < b[0].key ? -1 : 1),
  );
  for (const [person, times] of blockers.slice(0, 3)) {
    if (times.calendar > 0) lines.push(w.plural('engine_onlyOneBusy', times.calendar, { person: label(person) }));
    if (times.limit > 0) {
      lines.push(w.plural('engine_limitRulesOut', times.limit, { person: label(person), limit: request.maxMeetingsPerDay as number }));
    }
  }
  prepared.groups.forEach((group, g) => {
    if (requiredFree > 0 && groupShort[g] === requiredFree) {
      lines.push(w.t('engine_groupNeverQuorum', { group: group.label, quorum: group.quorum, size: group.members.length }));
    }
  });
  if (matching === 0 && blockers.length === 0 && requiredFree === 0) {
    lines.push(w.t('engine_neverAllFree', { duration }));
  }
  for (const person of prepared.participants) {
    if (person.unknownReason !== undefined) {
      lines.push(w.t('engine_calendarUnreadableAssumed', { person: label(person), reason: person.unknownReason }));
    }
  }
  return lines;
}

/** The best times that miss by one thing, like Graph's emptySuggestionsReason but actionable. */
export function findNearMisses(prepared: Prepared, tallies: Tallies, slots: Slot[], w: Wording): NearMiss[] {
  const { space } = prepared;
  const count = space.candidates.count;
  const insideOnly = space.request.workingHoursPolicy === 'inside-only';
  const { hoursOk, groupsMet } = classifier(prepared, tallies);
  const byKind = new Map<NearMissKind, number[]>([
    ['required-attendee-busy', []],
    ['quorum-short-by-one', []],
    ['outside-working-hours', []],
  ]);
  for (let position = 0; position < count; position++) {
    const blocked = tallies.requiredBlocked[position] as number;
    if (blocked === 1 && hoursOk(position) && groupsMet(position, tallies.groupAvailable)) {
      byKind.get('required-attendee-busy')!.push(position);
    } else if (blocked === 0 && hoursOk(position)) {
      let short = 0;
      let shortByOne = 0;
      prepared.groups.forEach((group, g) => {
        const available = tallies.groupAvailable[g]?.[position] as number;
        if (available < group.quorum) short++;
        if (available === group.quorum - 1) shortByOne++;
      });
      if (short === 1 && shortByOne === 1) byKind.get('quorum-short-by-one')!.push(position);
    }
    if (insideOnly && blocked === 0 && !hoursOk(position) && groupsMet(position, tallies.groupNotBlocked)) {
      byKind.get('outside-working-hours')!.push(position);
    }
  }
  const misses: NearMiss[] = [];
  for (const [kind, positions] of byKind) {
    const best = rankBest(prepared, tallies, positions, NEAR_MISSES_PER_KIND);
    for (const position of best) misses.push(describeNearMiss(prepared, tallies, kind, position, w));
  }
  const optionalDropped = optionalDroppedMiss(slots, w);
  if (optionalDropped !== undefined) misses.push(optionalDropped);
  return misses;
}

function describeNearMiss(prepared: Prepared, tallies: Tallies, kind: NearMissKind, position: number, w: Wording): NearMiss {
  const start = prepared.space.candidates.starts[position] as number;
  const end = start + prepared.space.duration;
  const base = { start: minuteToIso(start), end: minuteToIso(end), kind };
  if (kind === 'required-attendee-busy') {
    const blocker = blockerAt(prepared, position) as PreparedParticipant;
    const why = containsPoint(blocker.calendarBlocked, position)
      ? w.t('engine_blockerBusy', { person: label(blocker) })
      : w.t('engine_blockerAtLimit', { person: label(blocker), limit: prepared.space.request.maxMeetingsPerDay as number });
    return { ...base, participants: [blocker.email], reason: w.t('engine_othersFree', { why }) };
  }
  if (kind === 'quorum-short-by-one') {
    const group = prepared.groups.find((g, index) => (tallies.groupAvailable[index]?.[position] as number) < g.quorum)!;
    const busy = group.members.filter((member) => !memberAvailable(prepared, member, position));
    return {
      ...base,
      participants: busy.map((member) => member.email),
      reason: w.plural('engine_quorumShortByOne', busy.length, { group: group.label, quorum: group.quorum, people: w.formatList(busy.map(label)) }),
    };
  }
  const outside = prepared.participants.filter(
    (p) => p.role === 'required' && outsideHours(p, start, end) > 0,
  );
  return {
    ...base,
    participants: outside.map((p) => p.email),
    reason: w.t('engine_freeButOutsideHours', { details: w.formatList(outside.map((p) => outsideHoursSentence(p, start, end, w))) }),
  };
}

function memberAvailable(prepared: Prepared, member: PreparedParticipant, position: number): boolean {
  if (containsPoint(member.blocked, position)) return false;
  return prepared.space.request.workingHoursPolicy !== 'inside-only' || !containsPoint(member.outside, position);
}

/** When every slot that fits leaves someone optional out, say so: it is the closest to "everyone". */
function optionalDroppedMiss(slots: Slot[], w: Wording): NearMiss | undefined {
  const best = slots[0];
  if (best === undefined || slots.some((slot) => slot.busy.length === 0)) return undefined;
  const dropped = best.participants.filter((p) => p.status === 'busy');
  const names = dropped.map((p) => p.name ?? p.email);
  return {
    start: best.start,
    end: best.end,
    kind: 'optional-attendee-dropped',
    participants: dropped.map((p) => p.email),
    reason: w.t('engine_worksWithout', { people: w.formatList(names) }),
  };
}
