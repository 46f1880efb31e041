import { TZDate } from '@date-fns/tz';
import { findIana } from 'windows-iana';

/** Answers per zone name: a search reads thousands of date-times in a handful of zones. */
const ianaZones = new Map<string, string | undefined>();
const IANA_ZONE_MEMO_LIMIT = 1000;

/**
 * Graph names zones either the Windows way ("Pacific Standard Time") or the IANA way; the engine
 * only takes IANA. Custom zones ("Customized Time Zone") have no name to map, so they stay unknown.
 */
export function toIanaZone(name: string | null | undefined): string | undefined {
  if (!name) return undefined;
  if (ianaZones.has(name)) return ianaZones.get(name);
  if (ianaZones.size >= IANA_ZONE_MEMO_LIMIT) ianaZones.clear();
  const zone = lookUpIanaZone(name);
  ianaZones.set(name, zone);
  return zone;
}

function lookUpIanaZone(name: string): string | undefined {
  const [fromWindows] = findIana(name, '001');
  if (fromWindows) return fromWindows;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/**
 * Names of UTC itself. Overlap asks Graph for UTC (`Prefer: outlook.timezone="UTC"`), so nearly
 * every date-time arrives in one of these, and reading it needs no zone arithmetic: TZDate's
 * Intl lookups cost ~40 µs per date-time, about 90 ms of a 40-person search.
 */
const UTC_ZONES = new Set(['UTC', 'Etc/UTC', 'Etc/UCT', 'Etc/Universal', 'Etc/Zulu', 'UCT', 'Universal', 'Zulu']);

const localPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/;

/**
 * Reads Graph's offset-less date-time (`2019-03-15T12:00:00.0000000`) as wall-clock time in the
 * zone the answer names; undefined when either part cannot be read.
 */
export function instantFromGraph(dateTime: string, zoneName: string | null | undefined): Date | undefined {
  if (/(Z|[+-]\d{2}:\d{2})$/.test(dateTime)) {
    const instant = new Date(dateTime);
    return Number.isNaN(instant.getTime()) ? undefined : instant;
  }
  const zone = toIanaZone(zoneName ?? 'UTC');
  const match = localPattern.exec(dateTime);
  if (!zone || !match) return undefined;
  const [, year, month, day, hour, minute, second, fraction] = match;
  const millis = Math.floor(Number(`0.${fraction ?? '0'}`) * 1000);
  if (UTC_ZONES.has(zone)) {
    const utc = new Date(0);
    utc.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
    utc.setUTCHours(Number(hour), Number(minute), Number(second ?? 0), millis);
    return Number.isNaN(utc.getTime()) ? undefined : utc;
  }
  const local = new TZDate(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second ?? 0), millis, zone);
  return Number.isNaN(local.getTime()) ? undefined : new Date(local.getTime());
}

/** Graph's request form of an instant: UTC wall-clock time without an offset, zone named beside it. */
export function graphUtc(instant: Date): { dateTime: string; timeZone: 'UTC' } {
  return { dateTime: instant.toISOString().replace(/Z$/, ''), timeZone: 'UTC' };
}
