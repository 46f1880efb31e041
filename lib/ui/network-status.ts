import type { FindTimesOutcome } from '@/lib/meetings/find-times';

type CacheReport = FindTimesOutcome['cache'];

/**
 * The cache report with its oldest instant moved onto this computer's clock. The background
 * dates cached free/busy by the providers' clock, which may be minutes away from the one the
 * popup reads; the age it computed on that clock is what holds, so "checked 4 minutes ago" and
 * "as of 14:05" are told from the moment the answer arrived here, minus that age.
 */
export function onThisClock(cache: CacheReport, receivedAt: Date): CacheReport {
  if (cache.ageSeconds === undefined || !cache.oldestCachedAt) return cache;
  return { ...cache, oldestCachedAt: new Date(receivedAt.getTime() - cache.ageSeconds * 1000).toISOString() };
}
