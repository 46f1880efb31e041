import { TZDate } from '@date-fns/tz';
import { findIana } from 'windows-iana';

/**
 * Graph names zones either the Windows way ("Pacific Standard Time") or the IANA way; the engine
 * only takes IANA. Custom zones ("Customized Time Zone") have no name to map, so they stay unknown.
 */
export function toIanaZone(name: string | null | undefined): string | undefined {
  if (!name) return undefined;
  const [fromWindows] = findIana(name, '001');
  if (fromWindows) return fromWindows;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

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
  const local = new TZDate(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second ?? 0), millis, zone);
  return Number.isNaN(local.getTime()) ? undefined : new Date(local.getTime());
}

/** Graph's request form of an instant: UTC wall-clock time without an offset, zone named beside it. */
export function graphUtc(instant: Date): { dateTime: string; timeZone: 'UTC' } {
  return { dateTime: instant.toISOString().replace(/Z$/, ''), timeZone: 'UTC' };
}
