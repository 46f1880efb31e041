/**
 * How both provider clients divide and pace their calls: a range too long for one call is split
 * into spans the provider accepts, a list too long into batches, and waits (backoff, polling)
 * go through one `sleep` that tests replace.
 */

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise<void>((resolve) => setTimeout(resolve, ms));
}

/** Splits [from, to) (epoch milliseconds) into consecutive spans of at most `maxSpan`, the last one shorter. */
export function splitRange(from: number, to: number, maxSpan: number): [number, number][] {
  const spans: [number, number][] = [];
  for (let start = from; start < to; start += maxSpan) spans.push([start, Math.min(start + maxSpan, to)]);
  return spans;
}

/** Splits `items` into batches of at most `size`, in order. */
export function chunked<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let index = 0; index < items.length; index += size) batches.push(items.slice(index, index + size));
  return batches;
}
