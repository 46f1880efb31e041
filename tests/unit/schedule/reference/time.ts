// FROZEN: the engine as it stood at commit eaacd16, before the sweep was tuned for speed. It is
// the yardstick of tests/unit/schedule/equivalence.test.ts, which holds the tuned engine in
// lib/schedule to exactly this one's answers; do not edit it to follow lib/schedule.

import { tzOffset } from '@date-fns/tz';

// The engine works on integer minutes since the Unix epoch: exact, cheap to compare, and fine
// enough for calendars (providers report whole minutes; anything finer is widened outwards).
export const MINUTES_PER_DAY = 1440;
const MS_PER_MINUTE = 60_000;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days from 1970-01-01 to a proleptic Gregorian civil date (Howard Hinnant's algorithm). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The digit at `at`, or a large negative number that poisons any sum it enters. */
function digitAt(text: string, at: number): number {
  const digit = text.charCodeAt(at) - 48;
  return digit >= 0 && digit <= 9 ? digit : -100_000;
}

/** Memo of daysFromCivil(year, month, 1): busy lists reuse a handful of months many times. */
const monthStartDays = new Map<number, number>();

const DASH = 45;
const COLON = 58;
const DOT = 46;
const PLUS = 43;
const LETTER_T = 84;
const LETTER_Z = 90;

/**
 * Parses an ISO-8601 instant that carries an offset or Z — `YYYY-MM-DDTHH:mm[:ss[.fff]]` then
 * `Z`, `±HH:mm` or `±HHmm` — into epoch milliseconds, or returns undefined.
 *
 * Hand-written because both a regular expression and `Date.parse` cost more than the whole sweep
 * on large requests, and because it rejects impossible dates (Feb 30) that `Date.parse` rolls over.
 */
export function parseIsoInstantMs(text: string): number | undefined {
  if (
    text.length < 17 ||
    text.charCodeAt(4) !== DASH ||
    text.charCodeAt(7) !== DASH ||
    text.charCodeAt(10) !== LETTER_T ||
    text.charCodeAt(13) !== COLON
  ) {
    return undefined;
  }
  const year = digitAt(text, 0) * 1000 + digitAt(text, 1) * 100 + digitAt(text, 2) * 10 + digitAt(text, 3);
  const month = digitAt(text, 5) * 10 + digitAt(text, 6);
  const day = digitAt(text, 8) * 10 + digitAt(text, 9);
  const hour = digitAt(text, 11) * 10 + digitAt(text, 12);
  const minute = digitAt(text, 14) * 10 + digitAt(text, 15);
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
    return undefined;
  }
  const monthLength = month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] as number);
  if (day > monthLength) return undefined;
  let at = 16;
  let second = 0;
  let fractionMs = 0;
  if (text.charCodeAt(at) === COLON) {
    second = digitAt(text, at + 1) * 10 + digitAt(text, at + 2);
    if (second < 0 || second > 59) return undefined;
    at += 3;
    if (text.charCodeAt(at) === DOT) {
      let scale = 100;
      at++;
      const firstDigit = at;
      for (let digit = text.charCodeAt(at) - 48; digit >= 0 && digit <= 9; digit = text.charCodeAt(at) - 48) {
        fractionMs += digit * scale;
        scale /= 10;
        at++;
      }
      if (at === firstDigit || at - firstDigit > 9) return undefined;
    }
  }
  let offsetMinutes = 0;
  const sign = text.charCodeAt(at);
  if (sign === LETTER_Z) {
    at++;
  } else if (sign === PLUS || sign === DASH) {
    const offsetHours = digitAt(text, at + 1) * 10 + digitAt(text, at + 2);
    const colon = text.charCodeAt(at + 3) === COLON ? 1 : 0;
    const offsetMins = digitAt(text, at + 3 + colon) * 10 + digitAt(text, at + 4 + colon);
    if (offsetHours < 0 || offsetHours > 23 || offsetMins < 0 || offsetMins > 59) return undefined;
    offsetMinutes = (sign === DASH ? -1 : 1) * (offsetHours * 60 + offsetMins);
    at += 5 + colon;
  } else return undefined;
  if (at !== text.length) return undefined;
  const monthKey = year * 16 + month;
  let monthStart = monthStartDays.get(monthKey);
  if (monthStart === undefined) {
    monthStart = daysFromCivil(year, month, 1);
    monthStartDays.set(monthKey, monthStart);
  }
  const wallMinutes = (monthStart + day - 1) * MINUTES_PER_DAY + hour * 60 + minute;
  return (wallMinutes - offsetMinutes) * MS_PER_MINUTE + second * 1000 + fractionMs;
}

/** Start of the minute containing the instant: used for the beginning of busy time. */
export function floorToMinute(ms: number): number {
  return Math.floor(ms / MS_PER_MINUTE);
}

/** End of busy time rounded outwards, so a busy 10:00:00–10:00:30 still blocks 10:00. */
export function ceilToMinute(ms: number): number {
  return Math.ceil(ms / MS_PER_MINUTE);
}

function intlOffsetMinutes(zone: string, minute: number): number {
  // Offsets with seconds only occur in 19th-century local mean time; whole minutes suffice.
  return Math.round(tzOffset(zone, new Date(minute * MS_PER_MINUTE)));
}

const SAMPLE_STEP = 3 * MINUTES_PER_DAY;

/**
 * The UTC offsets of one zone over a bounded range, as constant-offset segments.
 *
 * Asking Intl for every instant is ~2 µs a call, so the timeline samples every SAMPLE_STEP and
 * bisects to the exact minute where the offset changes. Two changes within one step would be
 * missed: the closest pair in the tz database from 1970 to 2045 is 7 days apart (Brazil's
 * north-east in October 2000, and Gaza's projected Ramadan rules), so a 3-day step keeps a
 * margin of more than two while asking Intl a third as often as a daily one. Sampling cost was
 * the largest fixed cost of a 100-person search.
 */
export class ZoneTimeline {
  /** transitions[i] is the first minute of segment i + 1; segment 0 starts at -Infinity. */
  private readonly transitions: number[] = [];
  private readonly offsets: number[] = [];

  constructor(
    readonly zone: string,
    fromMinute: number,
    toMinute: number,
  ) {
    const from = fromMinute - 2 * MINUTES_PER_DAY;
    const to = toMinute + 2 * MINUTES_PER_DAY;
    let previous = intlOffsetMinutes(zone, from);
    this.offsets.push(previous);
    for (let sample = from; sample < to; ) {
      const next = Math.min(sample + SAMPLE_STEP, to);
      const offset = intlOffsetMinutes(zone, next);
      if (offset !== previous) {
        let low = sample; // offset here is `previous`
        let high = next; // offset here is `offset`
        while (high - low > 1) {
          const middle = Math.floor((low + high) / 2);
          if (intlOffsetMinutes(zone, middle) === previous) low = middle;
          else high = middle;
        }
        this.transitions.push(high);
        this.offsets.push(offset);
        previous = offset;
      }
      sample = next;
    }
  }

  private segmentOf(minute: number): number {
    let low = 0;
    let high = this.transitions.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.transitions[middle] as number) <= minute) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  offsetAt(minute: number): number {
    return this.offsets[this.segmentOf(minute)] as number;
  }

  /** Local wall-clock minutes (minutes since 1970-01-01T00:00 local) at an instant. */
  wallAt(minute: number): number {
    return minute + this.offsetAt(minute);
  }

  localDayAt(minute: number): number {
    return Math.floor(this.wallAt(minute) / MINUTES_PER_DAY);
  }

  /**
   * The first instant at which the local clock reads `wall` or later.
   *
   * This one rule settles both DST traps deliberately: a wall time skipped by spring-forward
   * resolves to the moment the clocks jump (02:30 → the instant it becomes 03:00), and a wall
   * time repeated by fall-back resolves to its first occurrence.
   */
  firstInstantAtOrAfterWall(wall: number): number {
    const segmentCount = this.offsets.length;
    for (let i = this.segmentOf(wall - 15 * 60 - MINUTES_PER_DAY); i < segmentCount; i++) {
      const offset = this.offsets[i] as number;
      const segmentStart = i === 0 ? -Infinity : (this.transitions[i - 1] as number);
      const segmentEnd = i === segmentCount - 1 ? Infinity : (this.transitions[i] as number);
      const candidate = wall - offset;
      if (candidate >= segmentStart && candidate < segmentEnd) return candidate;
      if (segmentStart + offset > wall) return segmentStart;
    }
    return wall - (this.offsets[segmentCount - 1] as number);
  }

  /** Instants in [from, to) at which the offset changes. */
  transitionsWithin(from: number, to: number): number[] {
    return this.transitions.filter((t) => t >= from && t < to);
  }

  /** Constant-offset pieces covering [from, to), in order. */
  segmentsWithin(from: number, to: number): Array<{ from: number; to: number; offset: number }> {
    const pieces: Array<{ from: number; to: number; offset: number }> = [];
    let cursor = from;
    let i = this.segmentOf(from);
    while (cursor < to) {
      const segmentEnd = i < this.transitions.length ? Math.min(this.transitions[i] as number, to) : to;
      pieces.push({ from: cursor, to: segmentEnd, offset: this.offsets[i] as number });
      cursor = segmentEnd;
      i++;
    }
    return pieces;
  }
}

export const WEEKDAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type WeekdayKey = (typeof WEEKDAY_KEYS)[number];

/** Weekday of a day number counted from 1970-01-01, which was a Thursday. */
export function weekdayOfDay(day: number): WeekdayKey {
  return WEEKDAY_KEYS[(((day + 4) % 7) + 7) % 7] as WeekdayKey;
}
