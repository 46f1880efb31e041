// FROZEN: slot descriptions as lib/schedule/describe.ts wrote them at commit e576fa2, before
// describing was tuned for speed (sentences reused across slots, repeats dropped by number, nearby
// working blocks found by binary search). The yardstick of tests/unit/schedule/equivalence.test.ts,
// which holds today's wording of every slot to exactly this one's; do not edit it to follow
// lib/schedule. It reads the live engine's prepared request, whose shape that tuning kept.

import type { HoursProfile, Prepared, PreparedParticipant, Tallies } from '@/lib/schedule/engine';
import { containsPoint, overlapLength, type Ranges } from './ranges';
import type { ParticipantInSlot, Slot, SlotStatus } from '@/lib/schedule/schemas';
import { formatOffset, formatWall, MINUTES_PER_DAY, minuteToIso, type ZoneTimeline } from '@/lib/schedule/time';
import { formatDay, formatDuration, type Wording } from '@/lib/schedule/wording';

export function statusAt(participant: PreparedParticipant, position: number): SlotStatus {
  if (participant.unknownReason !== undefined) return 'unknown';
  if (containsPoint(participant.blocked, position)) return 'busy';
  if (containsPoint(participant.tentative, position)) return 'tentative';
  return 'free';
}

export function label(participant: PreparedParticipant): string {
  return participant.name ?? participant.email;
}

/** Minutes of the slot outside the participant's working hours (0 for rooms that are always open). */
export function outsideHours(participant: PreparedParticipant, start: number, end: number): number {
  const working = participant.profile?.working;
  return working === undefined ? 0 : end - start - overlapLength(working, start, end);
}

/** How far a working block is still "nearby": beyond this the person is simply off that day. */
const NEARBY_BLOCK_MINUTES = 12 * 60;

/**
 * How far a slot lies from the nearest edge of a working block: the slot's end past the block's
 * end, or the block's start past the slot's; undefined when no block is nearby (off that day).
 */
interface DistanceFromHours {
  key: 'engine_pastHours' | 'engine_beforeHours';
  minutes: number;
}

function distanceFromHours(working: Ranges, start: number, end: number): DistanceFromHours | undefined {
  let pastEnd = Infinity;
  let beforeStart = Infinity;
  for (let k = 0; k < working.length; k += 2) {
    const blockStart = working[k] as number;
    const blockEnd = working[k + 1] as number;
    if (blockStart >= end + NEARBY_BLOCK_MINUTES) break; // blocks are sorted: none later is nearby
    if (blockEnd < end && blockEnd > start - NEARBY_BLOCK_MINUTES) pastEnd = Math.min(pastEnd, end - blockEnd);
    if (blockStart > start) beforeStart = Math.min(beforeStart, blockStart - start);
  }
  if (pastEnd === Infinity && beforeStart === Infinity) return undefined;
  return pastEnd <= beforeStart ? { key: 'engine_pastHours', minutes: pastEnd } : { key: 'engine_beforeHours', minutes: beforeStart };
}

function outsideSentence(participant: PreparedParticipant, distance: DistanceFromHours | undefined, w: Wording): string {
  const who = { person: label(participant), zone: participant.zone };
  if (distance === undefined) return w.t('engine_notWorking', who);
  return w.t(distance.key, { ...who, duration: formatDuration(w, distance.minutes) });
}

/** "Priya (Asia/Kolkata) is 30 min past their working hours". */
export function outsideHoursSentence(participant: PreparedParticipant, start: number, end: number, w: Wording): string {
  return outsideSentence(participant, distanceFromHours(participant.profile?.working ?? [], start, end), w);
}

/** Where a slot falls on one zone's clocks: the same for everyone in that zone. */
interface LocalDetails {
  offsetStart: number;
  fields: Pick<
    ParticipantInSlot,
    | 'localStart'
    | 'localEnd'
    | 'utcOffsetStart'
    | 'utcOffsetEnd'
    | 'dstChangeThatDay'
    | 'crossesDstChange'
    | 'localDateDiffersFromOrganizer'
  >;
}

function localDetails(timeline: ZoneTimeline, start: number, end: number, organizerDay: number): LocalDetails {
  const offsetStart = timeline.offsetAt(start);
  const offsetEnd = timeline.offsetAt(end);
  const day = Math.floor((start + offsetStart) / MINUTES_PER_DAY);
  const dayStart = timeline.firstInstantAtOrAfterWall(day * MINUTES_PER_DAY);
  const nextDayStart = timeline.firstInstantAtOrAfterWall((day + 1) * MINUTES_PER_DAY);
  return {
    offsetStart,
    fields: {
      localStart: formatWall(start + offsetStart),
      localEnd: formatWall(end + offsetEnd),
      utcOffsetStart: formatOffset(offsetStart),
      utcOffsetEnd: formatOffset(offsetEnd),
      dstChangeThatDay: timeline.transitionsWithin(dayStart, nextDayStart).length > 0,
      crossesDstChange: timeline.transitionsWithin(start + 1, end).length > 0,
      localDateDiffersFromOrganizer: day !== organizerDay,
    },
  };
}

/** How a slot meets one working-hours pattern: the same for everyone who shares it. */
interface HoursDetails {
  minutesOutside: number;
  /** Only worked out for patterns the slot lies outside of. */
  distance: DistanceFromHours | undefined;
}

/**
 * Memoised per slot: a large meeting has a hundred people but a dozen zones and hours patterns,
 * and working out local times and clock changes per person was most of the cost of describing.
 */
function memo<K, V>(cache: Map<K, V>, key: K, compute: () => V): V {
  let value = cache.get(key);
  if (value === undefined) cache.set(key, (value = compute()));
  return value;
}

export function describeSlot(prepared: Prepared, tallies: Tallies, position: number, w: Wording): Slot {
  const start = prepared.space.candidates.starts[position] as number;
  const end = start + prepared.space.duration;
  const organizerDay = prepared.space.organizerTimeline.localDayAt(start);
  const slot: Slot = {
    start: minuteToIso(start),
    end: minuteToIso(end),
    confidence:
      Math.round(((100 * tallies.totalWeight - (tallies.penalty[position] as number)) / tallies.totalWeight) * 10) / 10,
    free: [],
    busy: [],
    tentative: [],
    unknown: [],
    outsideWorkingHours: [],
    participants: [],
    reasons: [],
  };
  const byZone = new Map<ZoneTimeline, LocalDetails>();
  const byHours = new Map<HoursProfile, HoursDetails>();
  const dayLabels = new Map<ZoneTimeline, string>();
  const notes: string[] = [];
  const statuses: SlotStatus[] = [];
  for (const participant of prepared.participants) {
    const status = statusAt(participant, position);
    statuses.push(status);
    slot[status].push(participant.email);
    const { profile, timeline } = participant;
    const hours =
      profile === undefined
        ? undefined
        : memo(byHours, profile, () => {
            const minutesOutside = outsideHours(participant, start, end);
            return { minutesOutside, distance: minutesOutside > 0 ? distanceFromHours(profile.working, start, end) : undefined };
          });
    const minutesOutside = hours?.minutesOutside ?? 0;
    if (minutesOutside > 0) slot.outsideWorkingHours.push({ email: participant.email, minutes: minutesOutside });
    const local = memo(byZone, timeline, () => localDetails(timeline, start, end, organizerDay));
    const details = local.fields;
    const entry: ParticipantInSlot = {
      email: participant.email,
      kind: participant.kind,
      role: participant.role,
      groupIds: participant.groupIds,
      status,
      timeZone: participant.zone,
      ...(participant.zoneFromCalendar ? { timeZoneFromCalendar: true as const } : {}),
      ...details,
      minutesOutsideWorkingHours: minutesOutside,
    };
    if (participant.name !== undefined) entry.name = participant.name;
    if (status === 'busy') {
      entry.busyBecause = containsPoint(participant.calendarBlocked, position) ? 'calendar' : 'daily-meeting-limit';
    }
    slot.participants.push(entry);

    const person = label(participant);
    const who = { person, zone: participant.zone };
    if (status === 'unknown') notes.push(w.t('engine_calendarUnreadable', { person, reason: participant.unknownReason ?? '' }));
    if (status === 'busy' && participant.role !== 'required') {
      const optional = participant.role === 'optional';
      const key = entry.busyBecause === 'calendar'
        ? optional ? 'engine_optionalBusy' : 'engine_groupMemberBusy'
        : optional ? 'engine_optionalAtLimit' : 'engine_groupMemberAtLimit';
      notes.push(w.t(key, { person }));
    }
    if (status === 'tentative') notes.push(w.t('engine_tentative', { person }));
    if (minutesOutside > 0) notes.push(outsideSentence(participant, hours?.distance, w));
    if (details.localDateDiffersFromOrganizer) {
      const day = memo(dayLabels, timeline, () => formatDay(w, start + local.offsetStart));
      notes.push(w.t('engine_alreadyNextDay', { ...who, day }));
    }
    if (details.crossesDstChange) notes.push(w.t('engine_clocksChangeDuring', who));
    else if (details.dstChangeThatDay) notes.push(w.t('engine_clocksChangeThatDay', who));
  }
  slot.reasons.push(headline(prepared, statuses, w));
  for (const group of prepared.groups) {
    const free = group.members.filter((member) => statusAt(member, position) !== 'busy');
    slot.reasons.push(
      w.plural('engine_groupCanAttend', free.length, {
        size: group.members.length,
        group: group.label,
        people: w.formatList(free.map(label)),
        quorum: group.quorum,
      }),
    );
  }
  slot.reasons.push(...new Set(notes));
  const adjacent = prepared.adjacency[position] as number;
  if (adjacent > 0) {
    slot.reasons.push(w.plural('engine_nextToMeetings', adjacent));
  }
  return slot;
}

/** The first reason: how the required attendees stand (a returned slot never has one busy). */
function headline(prepared: Prepared, statuses: SlotStatus[], w: Wording): string {
  if (statuses.every((status) => status === 'free')) return w.t('engine_everyoneFree');
  const required = statuses.filter((_, index) => prepared.participants[index]?.role === 'required');
  if (required.length === 0) return w.t('engine_enoughOfEachGroup');
  if (required.includes('unknown')) return w.t('engine_readableRequiredFree');
  if (required.includes('tentative')) return w.t('engine_requiredFreeOrTentative');
  return w.t('engine_requiredFree');
}
