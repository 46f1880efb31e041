import { t } from '@/lib/i18n';
import type { LocalTimeRange, WorkingHours } from '@/lib/schedule';
import { firstDayOfWeek, weekdayName, type IsoWeekday } from './dates';

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

/** The ISO number of each weekday, Monday 1, as Intl's week info counts them. */
const isoNumber: Record<Weekday, IsoWeekday> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

/** "Monday" / "Montag". */
export function weekdayLabel(day: Weekday): string {
  return weekdayName(isoNumber[day]);
}

/** The weekdays in the order a week runs in the UI's locale: Monday first in de-DE, Sunday first in en-US. */
export function weekdaysInLocaleOrder(locale?: string): Weekday[] {
  const first = firstDayOfWeek(locale);
  const start = weekdays.findIndex((day) => isoNumber[day] === first);
  return [...weekdays.slice(start), ...weekdays.slice(0, start)];
}

/** One weekday as the settings form edits it: the first range, with any further ones kept aside. */
export interface DayHours {
  day: Weekday;
  working: boolean;
  start: string;
  end: string;
  /** Ranges after the first (a split day); kept as they are so saving never drops them. */
  more: LocalTimeRange[];
}

const DEFAULT_START = '09:00';
const DEFAULT_END = '17:00';

/** The week's rows in the order the UI's locale starts its week. */
export function toDayRows(hours: WorkingHours, locale?: string): DayHours[] {
  return weekdaysInLocaleOrder(locale).map((day) => {
    const [first, ...more] = hours[day] ?? [];
    return first ? { day, working: true, start: first.start, end: first.end, more } : { day, working: false, start: DEFAULT_START, end: DEFAULT_END, more: [] };
  });
}

export function fromDayRows(rows: readonly DayHours[]): WorkingHours {
  const hours: WorkingHours = {};
  for (const row of rows) {
    if (row.working) hours[row.day] = [{ start: row.start, end: row.end }, ...row.more];
  }
  return hours;
}

/** Why a day's hours cannot be saved, or undefined. An end before the start runs past midnight. */
export function dayProblem(row: DayHours): string | undefined {
  if (!row.working) return undefined;
  if (!/^(?:[01]\d|2[0-3]):[0-5]\d$/.test(row.start)) return t('settings_problemDayStart', { day: weekdayLabel(row.day) });
  if (!/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/.test(row.end)) return t('settings_problemDayEnd', { day: weekdayLabel(row.day) });
  if (row.start === row.end) return t('settings_problemDaySameTime', { day: weekdayLabel(row.day) });
  return undefined;
}

export function endsNextDay(row: DayHours): boolean {
  return row.working && row.end !== '24:00' && row.end < row.start;
}
