import { TZDate } from '@date-fns/tz';
import { addDays, differenceInCalendarDays, format, parseISO } from 'date-fns';
import { t, uiLocale } from '@/lib/i18n';
import { dateTimeFormat, formatMinutes, hourStyle, relativeTimeFormat } from '@/lib/i18n/formatters';

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
  if (!LOCAL_DATE.test(range.from)) return t('date_problemNoFirstDay');
  if (!LOCAL_DATE.test(range.to)) return t('date_problemNoLastDay');
  if (range.to < range.from) return t('date_problemLastBeforeFirst');
  if (range.to < today) return t('date_problemPast');
  const lastAllowed = addDaysTo(today, horizonDays - 1);
  if (range.from > lastAllowed) return t('date_problemBeyondHorizon', { days: horizonDays, until: formatDate(lastAllowed) });
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

/** "Dec 7, 2026" / "07.12.2026": a calendar date on its own, in a sentence. */
export function formatDate(date: LocalDate, locale = uiLocale()): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return dateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(year, month - 1, day));
}

export function formatDayHeading(date: LocalDate, locale = uiLocale()): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return dateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(Date.UTC(year, month - 1, day));
}

export function formatTime(iso: string, zone: string, locale = uiLocale()): string {
  return dateTimeFormat(locale, { hour: hourStyle(locale), minute: '2-digit', timeZone: zone }).format(Date.parse(iso));
}

export function formatTimeRange(start: string, end: string, zone: string, locale = uiLocale()): string {
  return `${formatTime(start, zone, locale)}–${formatTime(end, zone, locale)}`;
}

/** "Tue 24 Nov, 10:00–10:30": a slot in one line, for button names and confirmations. */
export function formatSlot(start: string, end: string, zone: string, locale = uiLocale()): string {
  const day = dateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', timeZone: zone }).format(Date.parse(start));
  return `${day}, ${formatTimeRange(start, end, zone, locale)}`;
}

/**
 * A wall-clock time the engine reports per participant ("2026-03-08T09:00"), as "Sun 8 Mar, 09:00".
 * It is already local, so it is formatted as if in UTC to keep it from being shifted again.
 */
export function formatWallClock(wall: string, locale = uiLocale()): string {
  const ms = Date.parse(`${wall}:00Z`);
  if (Number.isNaN(ms)) return wall;
  return dateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', hour: hourStyle(locale), minute: '2-digit', timeZone: 'UTC' }).format(ms);
}

/** "24 Nov – 7 Dec": a search range in a few characters. */
export function formatDayRange(range: DateRange, locale = uiLocale()): string {
  const day = (date: LocalDate) => {
    const [year, month, dayOfMonth] = date.split('-').map(Number) as [number, number, number];
    return dateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(Date.UTC(year, month - 1, dayOfMonth));
  };
  return range.from === range.to ? day(range.from) : `${day(range.from)} – ${day(range.to)}`;
}

/** "just now", "4 minutes ago", "2 hours ago" / "gerade eben", "vor 4 Minuten": how old a cached answer is. */
export function formatAge(since: string, now: Date, locale = uiLocale()): string {
  const minutes = Math.floor((now.getTime() - Date.parse(since)) / 60_000);
  if (!(minutes >= 1)) return t('date_justNow');
  const relative = relativeTimeFormat(locale, { numeric: 'always' });
  return minutes < 60 ? relative.format(-minutes, 'minute') : relative.format(-Math.floor(minutes / 60), 'hour');
}

/** "45 min", "1 hr", "2 hr 30 min" / "45 Min.", "1 Std.", "2 Std., 30 Min.": a length of time, as the engine writes it too. */
export function formatDuration(minutes: number, locale = uiLocale()): string {
  return formatMinutes(locale, minutes);
}

/** ISO weekday numbers, Monday 1 to Sunday 7, as Intl.Locale's week info counts them. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

// Where the runtime has no week info (Firefox before 130, Node 20 without getWeekInfo), CLDR's
// rule for the regions that start on Sunday or Saturday; every other region starts on Monday.
const SUNDAY_FIRST = new Set(['AG', 'AS', 'BD', 'BR', 'BS', 'BT', 'BW', 'BZ', 'CA', 'CN', 'CO', 'DM', 'DO', 'ET', 'GT', 'GU', 'HK', 'HN', 'ID', 'IL', 'IN', 'JM', 'JP', 'KE', 'KH', 'KR', 'LA', 'MH', 'MM', 'MO', 'MT', 'MX', 'MZ', 'NI', 'NP', 'PA', 'PE', 'PH', 'PK', 'PR', 'PT', 'PY', 'SA', 'SG', 'SV', 'TH', 'TT', 'TW', 'UM', 'US', 'VE', 'VI', 'WS', 'YE', 'ZA', 'ZW']);
const SATURDAY_FIRST = new Set(['AE', 'AF', 'BH', 'DJ', 'DZ', 'EG', 'IQ', 'IR', 'JO', 'KW', 'LY', 'OM', 'QA', 'SD', 'SY']);

/** The day a week starts on in `locale`: Monday in de-DE, Sunday in en-US. */
export function firstDayOfWeek(locale = uiLocale()): IsoWeekday {
  const parsed = new Intl.Locale(locale);
  const withInfo = parsed as Intl.Locale & { getWeekInfo?(): { firstDay: number }; weekInfo?: { firstDay: number } };
  const firstDay = withInfo.getWeekInfo?.().firstDay ?? withInfo.weekInfo?.firstDay;
  if (firstDay) return firstDay as IsoWeekday;
  // A language without a region ("en", "de") takes its most likely one, as CLDR does.
  const region = parsed.maximize().region ?? '';
  if (SUNDAY_FIRST.has(region)) return 7;
  return SATURDAY_FIRST.has(region) ? 6 : 1;
}

/** "Monday" / "Montag": a weekday's name, ISO-numbered. */
export function weekdayName(day: IsoWeekday, locale = uiLocale()): string {
  // 2024-01-01 was a Monday.
  return dateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(2024, 0, day));
}
