import type { Slot } from '@/lib/schedule';

/** The times a user ticked, in the ranked order they were shown, at most `max` of them. */
export interface SlotPicks {
  /** Start instants: a search never returns two times with one start. */
  starts: readonly string[];
  max: number;
}

/** Ticks a time, or unticks it; a tick beyond `max` is refused (the box is disabled then anyway). */
export function togglePick(picks: SlotPicks, slot: Slot): SlotPicks {
  if (picks.starts.includes(slot.start)) return { ...picks, starts: picks.starts.filter((start) => start !== slot.start) };
  if (picks.starts.length >= picks.max) return picks;
  return { ...picks, starts: [...picks.starts, slot.start] };
}

/** Whether another time may still be ticked. */
export function canPickMore(picks: SlotPicks): boolean {
  return picks.starts.length < picks.max;
}

/** The ticked times in the order the results rank them, not the order they were ticked. */
export function pickedSlots(picks: SlotPicks, slots: readonly Slot[]): Slot[] {
  return slots.filter((slot) => picks.starts.includes(slot.start));
}
