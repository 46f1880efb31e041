import type { HoursProfile, Prepared, PreparedParticipant, Tallies } from './engine';
import { containsPoint, firstEndingAfter, overlapLength, type Ranges } from './ranges';
import type { ParticipantInSlot, Slot, SlotStatus } from './schemas';
import { formatOffset, formatWall, MINUTES_PER_DAY, minuteToIso, type ZoneTimeline } from './time';
import { formatDay, formatDuration, type Wording } from './wording';

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
  /** How far, as the wording writes it: "30 min". */
  duration: string;
}

function distanceFromHours(working: Ranges, start: number, end: number, w: Wording): DistanceFromHours | undefined {
  let pastEnd = Infinity;
  let beforeStart = Infinity;
  // Blocks that end 12 hours or more before the slot starts count for neither distance.
  for (let k = firstEndingAfter(working, start - NEARBY_BLOCK_MINUTES); k < working.length; k += 2) {
    const blockStart = working[k] as number;
    const blockEnd = working[k + 1] as number;
    if (blockStart >= end + NEARBY_BLOCK_MINUTES) break; // blocks are sorted: none later is nearby
    if (blockEnd < end && blockEnd > start - NEARBY_BLOCK_MINUTES) pastEnd = Math.min(pastEnd, end - blockEnd);
    if (blockStart > start) beforeStart = Math.min(beforeStart, blockStart - start);
  }
  if (pastEnd === Infinity && beforeStart === Infinity) return undefined;
  return pastEnd <= beforeStart
    ? { key: 'engine_pastHours', duration: formatDuration(w, pastEnd) }
    : { key: 'engine_beforeHours', duration: formatDuration(w, beforeStart) };
}

/** The messages of the sentences a slot can say about one person. */
type SentenceKey =
  | 'engine_calendarUnreadable'
  | 'engine_optionalBusy'
  | 'engine_groupMemberBusy'
  | 'engine_optionalAtLimit'
  | 'engine_groupMemberAtLimit'
  | 'engine_tentative'
  | 'engine_notWorking'
  | 'engine_pastHours'
  | 'engine_beforeHours'
  | 'engine_alreadyNextDay'
  | 'engine_clocksChangeDuring'
  | 'engine_clocksChangeThatDay';

/** One of a person's sentences: fixed by the person, the message and `detail` (a duration or a day). */
function sentence(participant: PreparedParticipant, key: SentenceKey, detail: string, w: Wording): string {
  const person = label(participant);
  const zone = participant.zone;
  switch (key) {
    case 'engine_calendarUnreadable':
      return w.t(key, { person, reason: participant.unknownReason ?? '' });
    case 'engine_optionalBusy':
    case 'engine_groupMemberBusy':
    case 'engine_optionalAtLimit':
    case 'engine_groupMemberAtLimit':
    case 'engine_tentative':
      return w.t(key, { person });
    case 'engine_notWorking':
    case 'engine_clocksChangeDuring':
    case 'engine_clocksChangeThatDay':
      return w.t(key, { person, zone });
    case 'engine_pastHours':
    case 'engine_beforeHours':
      return w.t(key, { person, zone, duration: detail });
    case 'engine_alreadyNextDay':
      return w.t(key, { person, zone, day: detail });
  }
}

function outsideSentenceKey(distance: DistanceFromHours | undefined): SentenceKey {
  return distance?.key ?? 'engine_notWorking';
}

/** "Priya (Asia/Kolkata) is 30 min past their working hours". */
export function outsideHoursSentence(participant: PreparedParticipant, start: number, end: number, w: Wording): string {
  const distance = distanceFromHours(participant.profile?.working ?? [], start, end, w);
  return sentence(participant, outsideSentenceKey(distance), distance?.duration ?? '', w);
}

/** Kinds of sentence a slot can say about one person, at most one of each. */
const ABOUT_STATUS = 0;
const ABOUT_HOURS = 1;
const ABOUT_DATE = 2;
const ABOUT_CLOCKS = 3;
const SENTENCE_KINDS = 4;

/**
 * Each person's sentences as last worded, one per kind, reused while message and detail stay the
 * same: the slots of one search mostly say the same of each person ("Dana (optional) is busy" in
 * most of them). Every distinct text gets a number when first worded, so a slot says each text
 * once by marking numbers, where hashing its ~170 sentences into a set of strings per slot was
 * a third of the cost of describing a 100-person slot.
 */
class SentenceCache {
  private readonly keys: string[];
  private readonly details: string[];
  /** The number of the sentence kept for each person and kind. */
  private readonly kept: Int32Array;
  private readonly texts: string[] = [];
  private readonly numbers = new Map<string, number>();
  /** The slot in which each sentence was last said. */
  private readonly saidIn: number[] = [];
  private slot = 0;

  constructor(participants: number) {
    const size = participants * SENTENCE_KINDS;
    this.keys = new Array<string>(size).fill('');
    this.details = new Array<string>(size).fill('');
    this.kept = new Int32Array(size);
  }

  /** The number of the sentence of kind `kind` about participant number `index`, worded and numbered first if it changed. */
  numberOf(index: number, kind: number, participant: PreparedParticipant, key: SentenceKey, detail: string, w: Wording): number {
    const at = index * SENTENCE_KINDS + kind;
    if (this.keys[at] === key && this.details[at] === detail) return this.kept[at] as number;
    const text = sentence(participant, key, detail, w);
    let number = this.numbers.get(text);
    if (number === undefined) {
      number = this.texts.length;
      this.texts.push(text);
      this.saidIn.push(0);
      this.numbers.set(text, number);
    }
    this.keys[at] = key;
    this.details[at] = detail;
    this.kept[at] = number;
    return number;
  }

  /** Starts a slot, in which each sentence is said once. */
  startSlot(): void {
    this.slot++;
  }

  /** The sentence with this number, unless the current slot has said it already. */
  unsaid(number: number): string | undefined {
    if (this.saidIn[number] === this.slot) return undefined;
    this.saidIn[number] = this.slot;
    return this.texts[number];
  }
}

function statusSentenceKey(participant: PreparedParticipant, status: SlotStatus, busyBecause: ParticipantInSlot['busyBecause']): SentenceKey | undefined {
  if (status === 'unknown') return 'engine_calendarUnreadable';
  if (status === 'tentative') return 'engine_tentative';
  if (status !== 'busy' || participant.role === 'required') return undefined;
  const optional = participant.role === 'optional';
  if (busyBecause === 'calendar') return optional ? 'engine_optionalBusy' : 'engine_groupMemberBusy';
  return optional ? 'engine_optionalAtLimit' : 'engine_groupMemberAtLimit';
}

/** Where a slot falls on one zone's clocks: the same for everyone in that zone. */
interface LocalDetails {
  localStart: string;
  localEnd: string;
  utcOffsetStart: string;
  utcOffsetEnd: string;
  dstChangeThatDay: boolean;
  crossesDstChange: boolean;
  localDateDiffersFromOrganizer: boolean;
  /** "Tue, Jan 13", worded only for zones where the slot falls on another date than the organizer's. */
  dayLabel: string | undefined;
}

/** "Tue, Jan 13" per local day number: the slots of one search fall on a few dozen dates, each worded once. */
type DayLabels = Map<number, string>;

function dayLabel(dayLabels: DayLabels, day: number, w: Wording): string {
  let text = dayLabels.get(day);
  if (text === undefined) dayLabels.set(day, (text = formatDay(w, day * MINUTES_PER_DAY)));
  return text;
}

function localDetails(timeline: ZoneTimeline, start: number, end: number, organizerDay: number, dayLabels: DayLabels, w: Wording): LocalDetails {
  const offsetStart = timeline.offsetAt(start);
  const offsetEnd = timeline.offsetAt(end);
  const day = Math.floor((start + offsetStart) / MINUTES_PER_DAY);
  const dayStart = timeline.firstInstantAtOrAfterWall(day * MINUTES_PER_DAY);
  const nextDayStart = timeline.firstInstantAtOrAfterWall((day + 1) * MINUTES_PER_DAY);
  return {
    localStart: formatWall(start + offsetStart),
    localEnd: formatWall(end + offsetEnd),
    utcOffsetStart: formatOffset(offsetStart),
    utcOffsetEnd: formatOffset(offsetEnd),
    dstChangeThatDay: timeline.transitionsWithin(dayStart, nextDayStart).length > 0,
    crossesDstChange: timeline.transitionsWithin(start + 1, end).length > 0,
    localDateDiffersFromOrganizer: day !== organizerDay,
    dayLabel: day === organizerDay ? undefined : dayLabel(dayLabels, day, w),
  };
}

/** How a slot meets one working-hours pattern: the same for everyone who shares it. */
interface HoursDetails {
  minutesOutside: number;
  /** Only worked out for patterns the slot lies outside of. */
  distance: DistanceFromHours | undefined;
}

function hoursDetails(participant: PreparedParticipant, working: Ranges, start: number, end: number, w: Wording): HoursDetails {
  const minutesOutside = outsideHours(participant, start, end);
  return { minutesOutside, distance: minutesOutside > 0 ? distanceFromHours(working, start, end, w) : undefined };
}

/**
 * One participant's entry. Two literals rather than one with the optional flag spread into its
 * middle: such a spread copies property by property, and describing builds an entry per person
 * per slot. The properties keep one order either way.
 */
function slotEntry(participant: PreparedParticipant, status: SlotStatus, local: LocalDetails, minutesOutsideWorkingHours: number): ParticipantInSlot {
  const { email, kind, role, groupIds, zone: timeZone } = participant;
  const { localStart, localEnd, utcOffsetStart, utcOffsetEnd, dstChangeThatDay, crossesDstChange, localDateDiffersFromOrganizer } = local;
  return participant.zoneFromCalendar
    ? { email, kind, role, groupIds, status, timeZone, timeZoneFromCalendar: true, localStart, localEnd, utcOffsetStart, utcOffsetEnd, dstChangeThatDay, crossesDstChange, localDateDiffersFromOrganizer, minutesOutsideWorkingHours }
    : { email, kind, role, groupIds, status, timeZone, localStart, localEnd, utcOffsetStart, utcOffsetEnd, dstChangeThatDay, crossesDstChange, localDateDiffersFromOrganizer, minutesOutsideWorkingHours };
}

/** The slots at these positions, in this order, each with who can come and why it ranks where it does. */
export function describeSlots(prepared: Prepared, tallies: Tallies, positions: readonly number[], w: Wording): Slot[] {
  const sentences = new SentenceCache(prepared.participants.length);
  const dayLabels: DayLabels = new Map();
  return positions.map((position) => describeSlot(prepared, tallies, position, sentences, dayLabels, w));
}

function describeSlot(prepared: Prepared, tallies: Tallies, position: number, sentences: SentenceCache, dayLabels: DayLabels, w: Wording): Slot {
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
  // A large meeting has a hundred people but a dozen zones and hours patterns: local times,
  // clock changes and distances from working hours are worked out once per slot for each.
  const byZone = new Map<ZoneTimeline, LocalDetails>();
  const byHours = new Map<HoursProfile, HoursDetails>();
  // Numbers of the sentences about each person, in order; said after the headline and the groups.
  const notes: number[] = [];
  const statuses: SlotStatus[] = [];
  for (let index = 0; index < prepared.participants.length; index++) {
    const participant = prepared.participants[index] as PreparedParticipant;
    const status = statusAt(participant, position);
    statuses.push(status);
    slot[status].push(participant.email);
    const { profile, timeline } = participant;
    let hours: HoursDetails | undefined;
    if (profile !== undefined) {
      hours = byHours.get(profile);
      if (hours === undefined) byHours.set(profile, (hours = hoursDetails(participant, profile.working, start, end, w)));
    }
    const minutesOutside = hours?.minutesOutside ?? 0;
    if (minutesOutside > 0) slot.outsideWorkingHours.push({ email: participant.email, minutes: minutesOutside });
    let local = byZone.get(timeline);
    if (local === undefined) byZone.set(timeline, (local = localDetails(timeline, start, end, organizerDay, dayLabels, w)));
    const entry = slotEntry(participant, status, local, minutesOutside);
    if (participant.name !== undefined) entry.name = participant.name;
    if (status === 'busy') {
      entry.busyBecause = containsPoint(participant.calendarBlocked, position) ? 'calendar' : 'daily-meeting-limit';
    }
    slot.participants.push(entry);

    const statusKey = statusSentenceKey(participant, status, entry.busyBecause);
    if (statusKey !== undefined) notes.push(sentences.numberOf(index, ABOUT_STATUS, participant, statusKey, '', w));
    if (minutesOutside > 0) {
      const distance = hours?.distance;
      notes.push(sentences.numberOf(index, ABOUT_HOURS, participant, outsideSentenceKey(distance), distance?.duration ?? '', w));
    }
    if (local.dayLabel !== undefined) notes.push(sentences.numberOf(index, ABOUT_DATE, participant, 'engine_alreadyNextDay', local.dayLabel, w));
    if (local.crossesDstChange) notes.push(sentences.numberOf(index, ABOUT_CLOCKS, participant, 'engine_clocksChangeDuring', '', w));
    else if (local.dstChangeThatDay) notes.push(sentences.numberOf(index, ABOUT_CLOCKS, participant, 'engine_clocksChangeThatDay', '', w));
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
  sentences.startSlot();
  for (const note of notes) {
    const text = sentences.unsaid(note);
    if (text !== undefined) slot.reasons.push(text);
  }
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
