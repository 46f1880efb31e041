import type { MessageKey, MessageValues, PluralKey } from '@/lib/i18n';
import { dateTimeFormat, formatMinutes, hourStyle } from '@/lib/i18n/formatters';
import { MINUTES_PER_DAY } from './time';

/**
 * The words the engine explains itself in. The caller hands them in (in the extension, lib/i18n
 * itself: `findMeetingTimes(request, i18n)`), so the engine stays a pure function of its input
 * that Node tests and the bench run without a browser, in either language.
 */
export interface Wording {
  t(key: MessageKey, values?: MessageValues): string;
  plural(key: PluralKey, count: number, values?: MessageValues): string;
  formatList(items: readonly string[], type?: 'conjunction' | 'disjunction'): string;
  uiLocale(): string;
}

/** A wall-clock minute (minutes since 1970 as the local clock shows them) as a UTC Date, for Intl. */
function wallDate(wall: number): Date {
  return new Date(wall * 60_000);
}

/** "Tue, Jan 13, 9:00 AM" / "Di., 13. Jan., 09:00": the language's own order, names and clock. */
export function formatWall(wording: Wording, wall: number): string {
  const locale = wording.uiLocale();
  return dateTimeFormat(locale, { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', hour: hourStyle(locale), minute: '2-digit' }).format(wallDate(wall));
}

/** "Tue, Jan 13" / "Di., 13. Jan.". */
export function formatDay(wording: Wording, wall: number): string {
  const midnight = Math.floor(wall / MINUTES_PER_DAY) * MINUTES_PER_DAY;
  return dateTimeFormat(wording.uiLocale(), { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' }).format(wallDate(midnight));
}

/** "1 hr 30 min" / "1 Std., 30 Min." in the wording's language. */
export function formatDuration(wording: Wording, minutes: number): string {
  return formatMinutes(wording.uiLocale(), minutes);
}
