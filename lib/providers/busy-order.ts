import type { BusyInterval } from './types';

/**
 * Orders busy intervals by start, then end. Every instant the clients hand out is in
 * `toISOString()` form (UTC, fixed width), so comparing the strings' code units is chronological.
 * `localeCompare` orders them the same, but through ICU's collator: in Node, loading it took
 * ~14 ms on its first use in a process (the first search), and each comparison nearly twice as long.
 */
export function byStartThenEnd<T extends Pick<BusyInterval, 'start' | 'end'>>(a: T, b: T): number {
  return compareInstants(a.start, b.start) || compareInstants(a.end, b.end);
}

/** Chronological order of two `toISOString()` instants. */
export function compareInstants(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
