import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { findIana, findWindows } from 'windows-iana';

/** Exchange's name for an IANA zone, as mailbox settings and getSchedule report it. */
export function windowsZoneFor(iana: string): string {
  const [windows] = findWindows(iana);
  if (!windows) throw new Error(`No Windows time zone maps to ${iana}; the scenario needs a zone Exchange knows.`);
  return windows;
}

/** Graph accepts both Windows and IANA names wherever it takes a time zone. */
export function ianaZoneFor(name: string): string | undefined {
  const [fromWindows] = findIana(name, '001');
  if (fromWindows) return fromWindows;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** Graph's offset-less local date-time with seven fractional digits, e.g. `2019-03-15T12:00:00.0000000`. */
export function toGraphLocal(instant: Date, iana: string): string {
  // UTC, which Overlap asks for, needs no zone rules; a TZDate per time cost the bench's find →
  // results several milliseconds per search, work a real Graph does on its own servers.
  if (iana === 'UTC' || iana === 'Etc/UTC') return `${instant.toISOString().slice(0, 19)}.0000000`;
  return `${format(new TZDate(instant.getTime(), iana), "yyyy-MM-dd'T'HH:mm:ss")}.0000000`;
}

const localPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/;

/** Reads a Graph date-time given in `iana`'s wall-clock time; a trailing `Z` or offset wins over the zone. */
export function fromGraphLocal(dateTime: string, iana: string): Date | undefined {
  if (/(Z|[+-]\d{2}:\d{2})$/.test(dateTime)) {
    const instant = new Date(dateTime);
    return Number.isNaN(instant.getTime()) ? undefined : instant;
  }
  const match = localPattern.exec(dateTime);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction] = match;
  const millis = Math.floor(Number(`0.${fraction ?? '0'}`) * 1000);
  const local = new TZDate(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second ?? 0), millis, iana);
  return Number.isNaN(local.getTime()) ? undefined : new Date(local.getTime());
}
