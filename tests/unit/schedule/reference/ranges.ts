// FROZEN: the engine as it stood at commit eaacd16, before the sweep was tuned for speed. It is
// the yardstick of tests/unit/schedule/equivalence.test.ts, which holds the tuned engine in
// lib/schedule to exactly this one's answers; do not edit it to follow lib/schedule.
//
// Sets of integers kept as flat, sorted, non-overlapping, non-touching half-open ranges
// [start0, end0, start1, end1, …]. Flat number arrays keep the hot loops free of allocation.

export type Ranges = number[];

/** Sorts arbitrary half-open ranges and unions those that overlap or touch. Empty ones vanish. */
export function normalizeRanges(pairs: Ranges): Ranges {
  let sorted = true;
  for (let k = 2; k < pairs.length && sorted; k += 2) sorted = (pairs[k] as number) >= (pairs[k - 2] as number);
  if (sorted) return mergeSorted(pairs);
  const order = Array.from({ length: pairs.length / 2 }, (_, i) => i);
  order.sort((a, b) => (pairs[2 * a] as number) - (pairs[2 * b] as number) || a - b);
  const reordered: Ranges = new Array<number>(pairs.length);
  order.forEach((from, to) => {
    reordered[2 * to] = pairs[2 * from] as number;
    reordered[2 * to + 1] = pairs[2 * from + 1] as number;
  });
  return mergeSorted(reordered);
}

function mergeSorted(pairs: Ranges): Ranges {
  const merged: Ranges = [];
  for (let k = 0; k < pairs.length; k += 2) appendSorted(merged, pairs[k] as number, pairs[k + 1] as number);
  return merged;
}

/**
 * Adds [start, end) to normalized ranges whose last start is not after `start`, merging with the
 * last range when they overlap or touch; empty ranges are dropped.
 */
export function appendSorted(ranges: Ranges, start: number, end: number): void {
  if (end <= start) return;
  const last = ranges.length - 1;
  if (last > 0 && start <= (ranges[last] as number)) {
    if (end > (ranges[last] as number)) ranges[last] = end;
  } else ranges.push(start, end);
}

/**
 * Answers "which is the first candidate start at or after this instant?" in constant time, from a
 * table with one entry per minute of the candidates' span (≤ 367 days, so ≤ 2 MB). Building it
 * costs less than the hundred thousand binary searches a large request would otherwise make.
 */
export class StartPositions {
  private readonly first: number;
  private readonly atOrAfter: Int32Array;

  constructor(private readonly starts: Float64Array) {
    const count = starts.length;
    this.first = count > 0 ? (starts[0] as number) : 0;
    const span = count > 0 ? (starts[count - 1] as number) - this.first + 1 : 0;
    this.atOrAfter = new Int32Array(span);
    let position = 0;
    for (let offset = 0; offset < span; offset++) {
      while ((starts[position] as number) < this.first + offset) position++;
      this.atOrAfter[offset] = position;
    }
  }

  /** Index of the first start >= instant (the number of starts when there is none). */
  firstAtOrAfter(instant: number): number {
    const offset = instant - this.first;
    if (offset <= 0) return 0;
    if (offset >= this.atOrAfter.length) return this.starts.length;
    return this.atOrAfter[offset] as number;
  }

  /** Index of the start at exactly this instant, or -1 when no start is. */
  positionOf(instant: number): number {
    const position = this.firstAtOrAfter(instant);
    return position < this.starts.length && this.starts[position] === instant ? position : -1;
  }
}

/**
 * Re-expresses ranges of instants as ranges of positions in the ascending candidate starts:
 * position i is inside iff starts[i] is inside one of the ranges.
 */
export function toPositionRanges(ranges: Ranges, positions: StartPositions): Ranges {
  const result: Ranges = [];
  for (let k = 0; k < ranges.length; k += 2) {
    appendSorted(result, positions.firstAtOrAfter(ranges[k] as number), positions.firstAtOrAfter(ranges[k + 1] as number));
  }
  return result;
}

/** The complement of normalized ranges within [0, total). */
export function complementWithin(ranges: Ranges, total: number): Ranges {
  const result: Ranges = [];
  let cursor = 0;
  for (let k = 0; k < ranges.length; k += 2) {
    const start = ranges[k] as number;
    if (start > cursor) result.push(cursor, Math.min(start, total));
    cursor = Math.max(cursor, ranges[k + 1] as number);
    if (cursor >= total) return result;
  }
  if (cursor < total) result.push(cursor, total);
  return result;
}

/** The union of two normalized range lists, in one merging pass. */
export function unionRanges(a: Ranges, b: Ranges): Ranges {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const union: Ranges = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const takeA = j >= b.length || (i < a.length && (a[i] as number) <= (b[j] as number));
    if (takeA) {
      appendSorted(union, a[i] as number, a[i + 1] as number);
      i += 2;
    } else {
      appendSorted(union, b[j] as number, b[j + 1] as number);
      j += 2;
    }
  }
  return union;
}

/** Elements of a that are not in b (both normalized). */
export function subtractRanges(a: Ranges, b: Ranges): Ranges {
  const result: Ranges = [];
  let j = 0;
  for (let k = 0; k < a.length; k += 2) {
    let start = a[k] as number;
    const end = a[k + 1] as number;
    while (j < b.length && (b[j + 1] as number) <= start) j += 2;
    let i = j;
    while (i < b.length && (b[i] as number) < end) {
      if ((b[i] as number) > start) result.push(start, b[i] as number);
      start = Math.max(start, b[i + 1] as number);
      i += 2;
    }
    if (start < end) result.push(start, end);
  }
  return result;
}

/** Adds `amount` over every range to a difference array (read back with a prefix sum). */
export function addOverRanges(difference: Int32Array, ranges: Ranges, amount: number): void {
  for (let k = 0; k < ranges.length; k += 2) {
    difference[ranges[k] as number]! += amount;
    difference[ranges[k + 1] as number]! -= amount;
  }
}

/** Turns a difference array into running values in place. */
export function prefixSum(difference: Int32Array): Int32Array {
  for (let i = 1; i < difference.length; i++) difference[i]! += difference[i - 1]!;
  return difference;
}

// The two look-ups the frozen slot descriptions (./describe.ts) use, as they stood at e576fa2.

export function containsPoint(ranges: Ranges, point: number): boolean {
  let low = 0;
  let high = ranges.length / 2;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((ranges[2 * middle + 1] as number) <= point) low = middle + 1;
    else high = middle;
  }
  return low < ranges.length / 2 && (ranges[2 * low] as number) <= point;
}

/** Length of the overlap between [from, to) and normalized ranges. */
export function overlapLength(ranges: Ranges, from: number, to: number): number {
  let low = 0;
  let high = ranges.length / 2;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((ranges[2 * middle + 1] as number) <= from) low = middle + 1;
    else high = middle;
  }
  let overlap = 0;
  for (let k = 2 * low; k < ranges.length && (ranges[k] as number) < to; k += 2) {
    overlap += Math.min(ranges[k + 1] as number, to) - Math.max(ranges[k] as number, from);
  }
  return overlap;
}
