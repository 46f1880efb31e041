import { TZDate } from '@date-fns/tz';
import { addDays, differenceInCalendarDays, format, parseISO } from 'date-fns';

/** A calendar date as the date input holds it: "2026-11-24". */
export type LocalDate = string;

export interface DateRange {
  from: LocalDate;
  to: LocalDate;
}

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function todayIn(zone: string, now: Date): LocalDate {
  return format(new TZDate(now.getTime(), zone), 'yyyy-MM-dd');
}

export function addDaysTo(date: LocalDate, days: number): LocalDate {
  return format(addDays(parseISO(date), days), 'yyyy-MM-dd');
}

/** Today and the days after it, `days` in all, in the organizer's zone. */
export function defaultRange(now: Date, zone: string, days: number): DateRange {
  const from = todayIn(zone, now);
  return { from, to: addDaysTo(from, Math.max(1, days) - 1) };
}

/** Midnight at the start of `from` to midnight after `to`, both in `zone`, as ISO instants. */
export function rangeToInstants(range: DateRange, zone: string): { start: string; end: string } {
  const midnight = (date: LocalDate) => {
    const [year, month, day] = date.split('-').map(Number) as [number, number, number];
    return new Date(new TZDate(year, month - 1, day, 0, 0, 0, zone).getTime());
  };
  return { start: midnight(range.from).toISOString(), end: midnight(addDaysTo(range.to, 1)).toISOString() };
}

/** Why a range cannot be searched, in words for the form, or undefined when it can. */
export function rangeProblem(range: DateRange, today: LocalDate, horizonDays: number): string | undefined {
  if (!LOCAL_DATE.test(range.from)) return 'Choose the first day to search.';
  if (!LOCAL_DATE.test(range.to)) return 'Choose the last day to search.';
  if (range.to < range.from) return 'The last day comes before the first day.';
  if (range.to < today) return 'These days have passed; choose days from today on.';
  const lastAllowed = addDaysTo(today, horizonDays - 1);
  if (range.from > lastAllowed) return `Overlap looks at most ${horizonDays} days ahead (until ${lastAllowed}); change the horizon in Settings to look further.`;
  return undefined;
}

/** Clamps a range to today and the horizon, so a search never asks for days it cannot have. */
export function clampRange(range: DateRange, today: LocalDate, horizonDays: number): DateRange {
  const lastAllowed = addDaysTo(today, horizonDays - 1);
  return { from: range.from < today ? today : range.from, to: range.to > lastAllowed ? lastAllowed : range.to };
}

export function daysInRange(range: DateRange): number {
  return differenceInCalendarDays(parseISO(range.to), parseISO(range.from)) + 1;
}

/** The organizer's calendar date of an instant: the key slots are grouped by. */
export function localDateOf(iso: string, zone: string): LocalDate {
  return format(new TZDate(Date.parse(iso), zone), 'yyyy-MM-dd');
}

export function formatDayHeading(date: LocalDate, locale?: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(Date.UTC(year, month - 1, day));
}

export function formatTime(iso: string, zone: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone: zone }).format(Date.parse(iso));
}

export function formatTimeRange(start: string, end: string, zone: string, locale?: string): string {
  return `${formatTime(start, zone, locale)}–${formatTime(end, zone, locale)}`;
}

/** "Tue 24 Nov, 10:00–10:30": a slot in one line, for button names and confirmations. */
export function formatSlot(start: string, end: string, zone: string, locale?: string): string {
  const day = new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', timeZone: zone }).format(Date.parse(start));
  return `${day}, ${formatTimeRange(start, end, zone, locale)}`;
}

/**
 * A wall-clock time the engine reports per participant ("2026-03-08T09:00"), as "Sun 8 Mar, 09:00".
 * It is already local, so it is formatted as if in UTC to keep it from being shifted again.
 */
export function formatWallClock(wall: string, locale?: string): string {
  const ms = Date.parse(`${wall}:00Z`);
  if (Number.isNaN(ms)) return wall;
  return new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }).format(ms);
}

/** "24 Nov – 7 Dec": a search range in a few characters. */
export function formatDayRange(range: DateRange, locale?: string): string {
  const day = (date: LocalDate) => {
    const [year, month, dayOfMonth] = date.split('-').map(Number) as [number, number, number];
    return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(Date.UTC(year, month - 1, dayOfMonth));
  };
  return range.from === range.to ? day(range.from) : `${day(range.from)} – ${day(range.to)}`;
}

/** "just now", "4 minutes ago", "2 hours ago": how old a cached answer is. */
export function formatAge(since: string, now: Date): string {
  const minutes = Math.floor((now.getTime() - Date.parse(since)) / 60_000);
  if (!(minutes >= 1)) return 'just now';
  if (minutes < 60) return minutes === 1 ? '1 minute ago' : `${minutes} minutes ago`;
  const hours = Math.floor(minutes / 60);
  return hours === 1 ? '1 hour ago' : `${hours} hours ago`;
}
