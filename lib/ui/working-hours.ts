import type { LocalTimeRange, WorkingHours } from '@/lib/schedule';

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

export const weekdayNames: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

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

export function toDayRows(hours: WorkingHours): DayHours[] {
  return weekdays.map((day) => {
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
  if (!/^(?:[01]\d|2[0-3]):[0-5]\d$/.test(row.start)) return `${weekdayNames[row.day]}: choose when work starts.`;
  if (!/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/.test(row.end)) return `${weekdayNames[row.day]}: choose when work ends.`;
  if (row.start === row.end) return `${weekdayNames[row.day]}: work cannot start and end at the same time.`;
  return undefined;
}

export function endsNextDay(row: DayHours): boolean {
  return row.working && row.end !== '24:00' && row.end < row.start;
}
