import type { ParticipantInSlot, Slot } from '@/lib/schedule';
import type { FindTimesOutcome } from '@/lib/meetings/find-times';
import { formatAge, formatDayHeading, localDateOf, type LocalDate } from './dates';

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
    flags.push({ kind: 'outside-hours', people: outside.map((person) => `${person.name ?? person.email} (${formatMinutes(person.minutesOutsideWorkingHours)})`) });
  }
  add('unknown', slot.participants.filter((person) => person.status === 'unknown'));
  add('next-day', slot.participants.filter((person) => dayShift(person, organizerDate) > 0));
  add('previous-day', slot.participants.filter((person) => dayShift(person, organizerDate) < 0));
  add('dst-during', slot.participants.filter((person) => person.crossesDstChange));
  add('dst-that-day', slot.participants.filter((person) => person.dstChangeThatDay && !person.crossesDstChange));
  return flags;
}

export function flagLabel(flag: SlotFlag): string {
  const who = flag.people.join(', ');
  switch (flag.kind) {
    case 'outside-hours':
      return `Outside working hours: ${who}`;
    case 'unknown':
      return `Calendar unknown: ${who}`;
    case 'next-day':
      return `Next day for ${who}`;
    case 'previous-day':
      return `Previous day for ${who}`;
    case 'dst-during':
      return `Clocks change during it for ${who}`;
    case 'dst-that-day':
      return `Clocks change that day for ${who}`;
  }
}

/** "45 min", "1 h", "2 h 30 min". */
export function formatMinutes(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

export const statusWords: Record<ParticipantInSlot['status'], string> = {
  free: 'free',
  busy: 'busy',
  tentative: 'tentatively booked',
  unknown: 'calendar unknown',
};

/** "Ada, Bob and 2 others": a compact list for a card's summary line. */
export function summarizePeople(names: readonly string[], shown = 2): string {
  if (names.length <= shown + 1) {
    return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  }
  const rest = names.length - shown;
  return `${names.slice(0, shown).join(', ')} and ${rest} others`;
}

/** "Calendars of Kenji and Priya are from Overlap's cache, checked 4 minutes ago", or nothing when all is fresh. */
export function describeFreshness(cache: FindTimesOutcome['cache'], nameOf: (email: string) => string, now: Date): string | undefined {
  const { oldestCachedAt, people } = cache;
  if (!oldestCachedAt || people.length === 0) return undefined;
  const one = people.length === 1;
  return `${one ? 'The calendar' : 'Calendars'} of ${summarizePeople(people.map((person) => nameOf(person.email)))} ${one ? 'is' : 'are'} from Overlap’s cache, checked ${formatAge(oldestCachedAt, now)}.`;
}
