import type { ParticipantInSlot, Slot } from '@/lib/schedule';
import type { FindTimesOutcome } from '@/lib/meetings/find-times';
import { formatList, plural, t } from '@/lib/i18n';
import { formatAge, formatDayHeading, formatDuration, localDateOf, type LocalDate } from './dates';

export interface RankedSlot extends Slot {
  /** 1 for the engine's best slot. */
  rank: number;
}

export interface SlotDay {
  date: LocalDate;
  heading: string;
  slots: RankedSlot[];
}

/**
 * The engine's ranked slots, grouped by the organizer's local day: days in calendar order and
 * slots by time within a day, each keeping its rank so the best ones can still be pointed out.
 */
export function groupSlotsByDay(slots: readonly Slot[], zone: string, locale?: string): SlotDay[] {
  const days = new Map<LocalDate, RankedSlot[]>();
  slots.forEach((slot, index) => {
    const date = localDateOf(slot.start, zone);
    days.set(date, [...(days.get(date) ?? []), { ...slot, rank: index + 1 }]);
  });
  return [...days]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, daySlots]) => ({ date, heading: formatDayHeading(date, locale), slots: daySlots.sort((a, b) => Date.parse(a.start) - Date.parse(b.start)) }));
}

/** -1 when the participant's local date is the day before the organizer's, +1 the day after. */
export function dayShift(participant: ParticipantInSlot, organizerDate: LocalDate): number {
  const theirs = participant.localStart.slice(0, 10);
  if (theirs === organizerDate) return 0;
  return theirs > organizerDate ? 1 : -1;
}

export type SlotFlag = { kind: 'outside-hours' | 'unknown' | 'next-day' | 'previous-day' | 'dst-during' | 'dst-that-day'; people: string[] };

/** Short markers for a slot's card; the engine's reasons carry the full sentences. */
export function slotFlags(slot: Slot, organizerZone: string): SlotFlag[] {
  const organizerDate = localDateOf(slot.start, organizerZone);
  const flags: SlotFlag[] = [];
  const add = (kind: SlotFlag['kind'], people: ParticipantInSlot[]) => {
    if (people.length) flags.push({ kind, people: people.map((person) => person.name ?? person.email) });
  };
  const outside = slot.participants.filter((person) => person.minutesOutsideWorkingHours > 0);
  if (outside.length) {
    flags.push({ kind: 'outside-hours', people: outside.map((person) => `${person.name ?? person.email} (${formatDuration(person.minutesOutsideWorkingHours)})`) });
  }
  add('unknown', slot.participants.filter((person) => person.status === 'unknown'));
  add('next-day', slot.participants.filter((person) => dayShift(person, organizerDate) > 0));
  add('previous-day', slot.participants.filter((person) => dayShift(person, organizerDate) < 0));
  add('dst-during', slot.participants.filter((person) => person.crossesDstChange));
  add('dst-that-day', slot.participants.filter((person) => person.dstChangeThatDay && !person.crossesDstChange));
  return flags;
}

const flagKeys = {
  'outside-hours': 'find_flagOutsideHours',
  unknown: 'find_flagUnknown',
  'next-day': 'find_flagNextDay',
  'previous-day': 'find_flagPreviousDay',
  'dst-during': 'find_flagDstDuring',
  'dst-that-day': 'find_flagDstThatDay',
} as const satisfies Record<SlotFlag['kind'], string>;

export function flagLabel(flag: SlotFlag): string {
  return t(flagKeys[flag.kind], { who: formatList(flag.people) });
}

const statusKeys = { free: 'find_statusFree', busy: 'find_statusBusy', tentative: 'find_statusTentative', unknown: 'find_statusUnknown' } as const satisfies Record<ParticipantInSlot['status'], string>;

/** "free", "busy", "tentatively booked", "calendar unknown" in the UI language. */
export function statusWords(status: ParticipantInSlot['status']): string {
  return t(statusKeys[status]);
}

/** "Ada, Bob and 2 others": a compact list for a card's summary line. */
export function summarizePeople(names: readonly string[], shown = 2): string {
  if (names.length <= shown + 1) return formatList(names);
  return formatList([...names.slice(0, shown), plural('find_others', names.length - shown)]);
}

/** "Calendars of Kenji and Priya are from Overlap's cache, checked 4 minutes ago", or nothing when all is fresh. */
export function describeFreshness(cache: FindTimesOutcome['cache'], nameOf: (email: string) => string, now: Date): string | undefined {
  const { oldestCachedAt, people } = cache;
  if (!oldestCachedAt || people.length === 0) return undefined;
  return plural('find_freshness', people.length, { people: summarizePeople(people.map((person) => nameOf(person.email))), age: formatAge(oldestCachedAt, now) });
}
