import { formatList, t, uiLocale } from '@/lib/i18n';
import { dateTimeFormat, hourStyle } from '@/lib/i18n/formatters';
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

/**
 * What an offline answer says: whose calendars came from what Overlap had saved and as of when
 * (the oldest of them, on this computer's clock and in its locale's way of writing a time), and
 * that everyone else is unknown. Undefined when the providers answered.
 */
export function describeOffline(cache: CacheReport, nameOf: (email: string) => string, receivedAt: Date): string | undefined {
  if (!cache.offline) return undefined;
  const local = onThisClock(cache, receivedAt);
  if (!local.oldestCachedAt || local.people.length === 0) return t('network_offlineNothingSaved');
  const time = dateTimeFormat(uiLocale(), { hour: hourStyle(uiLocale()), minute: '2-digit' }).format(new Date(local.oldestCachedAt));
  return t('network_offlineAsOf', { time, people: formatList(local.people.map((person) => nameOf(person.email))) });
}
