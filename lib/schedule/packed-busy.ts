import { writeIsoInstantMs } from './time';

/**
 * Busy lists as columns of numbers: what the engine reads, and what the background's free/busy
 * cache keeps, so each provider instant is parsed once, when it arrives, rather than on every
 * search (reading 100,000 ISO strings was most of a large search's time) — and so a cached list
 * is stored and read back as four typed arrays instead of thousands of objects.
 */

export const BUSY_STATUSES = ['busy', 'tentative', 'outOfOffice', 'workingElsewhere', 'free'] as const;

export interface PackedBusy {
  count: number;
  /** Epoch milliseconds, one per interval. */
  startMs: Float64Array;
  endMs: Float64Array;
  /** Index into BUSY_STATUSES. */
  status: Uint8Array;
  /** 1 for all-day events. */
  allDay: Uint8Array;
}

/** An interval as providers and callers write it (status defaults to busy). */
interface IsoInterval {
  start: string;
  end: string;
  status?: (typeof BUSY_STATUSES)[number];
  allDay?: boolean;
}

const STATUS_INDEX = new Map<unknown, number>(BUSY_STATUSES.map((status, index) => [status, index]));
const BUSY_INDEX = 0;

/**
 * Room for `count` intervals. One buffer holds all four columns: a large request has hundreds of
 * lists, and every typed array of its own is a separate allocation outside the heap.
 */
export function allocatePacked(count: number): PackedBusy {
  const buffer = new ArrayBuffer(18 * count);
  return {
    count,
    startMs: new Float64Array(buffer, 0, count),
    endMs: new Float64Array(buffer, 8 * count, count),
    status: new Uint8Array(buffer, 16 * count, count),
    allDay: new Uint8Array(buffer, 17 * count, count),
  };
}

/**
 * Packs a well-formed entry into row `index` and returns true; returns false without judging
 * anything else (the row may then hold partial values, which the caller overwrites or discards).
 */
export function packFast(entry: unknown, index: number, packed: PackedBusy): boolean {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return false;
  const { start, end, status, allDay } = entry as Record<string, unknown>;
  if (typeof start !== 'string' || typeof end !== 'string') return false;
  if (!writeIsoInstantMs(start, packed.startMs, index) || !writeIsoInstantMs(end, packed.endMs, index)) return false;
  if ((packed.endMs[index] as number) < (packed.startMs[index] as number)) return false;
  const statusIndex = status === undefined ? BUSY_INDEX : STATUS_INDEX.get(status);
  if (statusIndex === undefined || (allDay !== undefined && typeof allDay !== 'boolean')) return false;
  packed.status[index] = statusIndex;
  packed.allDay[index] = allDay === true ? 1 : 0;
  return true;
}

/** A provider's busy list as columns, or undefined when an entry is not a valid interval. */
export function packBusy(intervals: readonly IsoInterval[]): PackedBusy | undefined {
  const packed = allocatePacked(intervals.length);
  for (let index = 0; index < intervals.length; index++) {
    if (!packFast(intervals[index], index, packed)) return undefined;
  }
  return packed;
}

/** True for a value shaped as PackedBusy (typed columns of `count` rows); contents unchecked. */
export function isPackedShape(value: unknown): value is PackedBusy {
  if (typeof value !== 'object' || value === null) return false;
  const { count, startMs, endMs, status, allDay } = value as Record<string, unknown>;
  return (
    typeof count === 'number' &&
    Number.isInteger(count) &&
    count >= 0 &&
    startMs instanceof Float64Array &&
    endMs instanceof Float64Array &&
    status instanceof Uint8Array &&
    allDay instanceof Uint8Array &&
    startMs.length === count &&
    endMs.length === count &&
    status.length === count &&
    allDay.length === count
  );
}

/** The first field of row `index` that does not hold a valid interval, or undefined when it does. */
export function invalidPackedField(packed: PackedBusy, index: number): 'start' | 'end' | 'status' | 'allDay' | undefined {
  const start = packed.startMs[index] as number;
  const end = packed.endMs[index] as number;
  if (!Number.isFinite(start)) return 'start';
  if (!Number.isFinite(end) || end < start) return 'end';
  if ((packed.status[index] as number) >= BUSY_STATUSES.length) return 'status';
  if ((packed.allDay[index] as number) > 1) return 'allDay';
  return undefined;
}

/** Packed columns whose every row is a valid interval. */
export function isValidPacked(value: unknown): value is PackedBusy {
  return isPackedShape(value) && everyRowValid(value);
}

/**
 * invalidPackedField's rules for every row, in one pass over the columns, since every search
 * checks every row of every list it is handed. A comparison with NaN is false, and start > −∞,
 * end < ∞ and end ≥ start together make both finite.
 */
export function everyRowValid(packed: PackedBusy): boolean {
  const { count, startMs, endMs, status, allDay } = packed;
  for (let index = 0; index < count; index++) {
    const start = startMs[index] as number;
    const end = endMs[index] as number;
    if (!(start > Number.NEGATIVE_INFINITY && end < Number.POSITIVE_INFINITY && end >= start)) return false;
    if ((status[index] as number) >= BUSY_STATUSES.length || (allDay[index] as number) > 1) return false;
  }
  return true;
}

/**
 * The intervals overlapping each of `windows` consecutive windows of `windowMs` from `firstMs`
 * (the cache's UTC days), unclipped, so an event spanning days keeps its true span in each. One
 * pass over the list, not one per window: a 90-day read would otherwise look at every interval
 * ninety times.
 */
export function busyPerWindow(packed: PackedBusy, firstMs: number, windowMs: number, windows: number): PackedBusy[] {
  const windowsOf = (index: number): [first: number, last: number] => [
    Math.max(0, Math.floor(((packed.startMs[index] as number) - firstMs) / windowMs)),
    Math.min(windows - 1, Math.ceil(((packed.endMs[index] as number) - firstMs) / windowMs) - 1),
  ];
  // Counted first, so each window's columns are allocated once at their size and filled in place.
  const counts = new Int32Array(windows);
  for (let index = 0; index < packed.count; index++) {
    const [first, last] = windowsOf(index);
    for (let window = first; window <= last; window++) counts[window]!++;
  }
  const lists = Array.from(counts, (count) => allocatePacked(count));
  const filled = new Int32Array(windows);
  for (let index = 0; index < packed.count; index++) {
    const [first, last] = windowsOf(index);
    for (let window = first; window <= last; window++) copyRow(packed, index, lists[window]!, filled[window]!++);
  }
  return lists;
}

function copyRow(from: PackedBusy, index: number, to: PackedBusy, at: number): void {
  to.startMs[at] = from.startMs[index] as number;
  to.endMs[at] = from.endMs[index] as number;
  to.status[at] = from.status[index] as number;
  to.allDay[at] = from.allDay[index] as number;
}

/**
 * Consecutive windows' lists (the cache's days, each holding every interval that overlaps it) as
 * one list with each interval once. An interval a window carries over from before its start is
 * the previous window's too, so it is kept only when the previous window does not hold it (that
 * day was saved by an earlier fetch that did not know it yet). No sort, because the cache joins a
 * person's days on every search it answers: rows stay in the provider's order, and the engine
 * orders what needs ordering.
 */
export function joinWindows(windows: ReadonlyArray<{ startMs: number; busy: PackedBusy }>): PackedBusy {
  const keeps = (window: number, index: number): boolean => {
    const { startMs, busy } = windows[window]!;
    return window === 0 || (busy.startMs[index] as number) >= startMs || !holdsRow(windows[window - 1]!.busy, busy, index);
  };
  let total = 0;
  for (let window = 0; window < windows.length; window++) {
    for (let index = 0; index < windows[window]!.busy.count; index++) if (keeps(window, index)) total++;
  }
  const joined = allocatePacked(total);
  let at = 0;
  for (let window = 0; window < windows.length; window++) {
    const { busy } = windows[window]!;
    for (let index = 0; index < busy.count; index++) if (keeps(window, index)) copyRow(busy, index, joined, at++);
  }
  return joined;
}

/** True when `list` holds an interval with the start, end and status of row `index` of `from`. */
function holdsRow(list: PackedBusy, from: PackedBusy, index: number): boolean {
  for (let row = 0; row < list.count; row++) {
    if (list.startMs[row] === from.startMs[index] && list.endMs[row] === from.endMs[index] && list.status[row] === from.status[index]) return true;
  }
  return false;
}
