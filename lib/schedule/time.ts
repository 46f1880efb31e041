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

/**
 * The month of the last instant parsed: busy lists come roughly in date order, so consecutive
 * instants almost always share a month, and one comparison replaces a map lookup per instant.
 */
let lastMonthKey = -1;
let lastMonthStartDay = 0;

const DASH = 45;
const COLON = 58;
const DOT = 46;
const PLUS = 43;
const LETTER_T = 84;
const LETTER_Z = 90;

/** Holds parseIsoInstantMs's answer between the parse and its return. */
const parsed = new Float64Array(1);

/**
 * Parses an ISO-8601 instant that carries an offset or Z — `YYYY-MM-DDTHH:mm[:ss[.fff]]` then
 * `Z`, `±HH:mm` or `±HHmm` — into epoch milliseconds, or returns undefined.
 */
export function parseIsoInstantMs(text: string): number | undefined {
  return writeIsoInstantMs(text, parsed, 0) ? (parsed[0] as number) : undefined;
}

/**
 * parseIsoInstantMs for the hot loop: writes the epoch milliseconds into column[index] and says
 * whether the text was an instant (column[index] is unspecified when it was not).
 *
 * Hand-written because both a regular expression and `Date.parse` cost more than the whole sweep
 * on large requests, and because it rejects impossible dates (Feb 30) that `Date.parse` rolls over.
 * It writes into a typed array rather than returning the number because a returned double is
 * boxed on the heap, and 100,000 boxes per search kept the garbage collector busy.
 */
export function writeIsoInstantMs(text: string, column: Float64Array, index: number): boolean {
  if (
    text.length < 17 ||
    text.charCodeAt(4) !== DASH ||
    text.charCodeAt(7) !== DASH ||
    text.charCodeAt(10) !== LETTER_T ||
    text.charCodeAt(13) !== COLON
  ) {
    return false;
  }
  const year = digitAt(text, 0) * 1000 + digitAt(text, 1) * 100 + digitAt(text, 2) * 10 + digitAt(text, 3);
  const month = digitAt(text, 5) * 10 + digitAt(text, 6);
  const day = digitAt(text, 8) * 10 + digitAt(text, 9);
  const hour = digitAt(text, 11) * 10 + digitAt(text, 12);
  const minute = digitAt(text, 14) * 10 + digitAt(text, 15);
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
    return false;
  }
  const monthLength = month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] as number);
  if (day > monthLength) return false;
  let at = 16;
  let second = 0;
  let fractionMs = 0;
  if (text.charCodeAt(at) === COLON) {
    second = digitAt(text, at + 1) * 10 + digitAt(text, at + 2);
    if (second < 0 || second > 59) return false;
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
      if (at === firstDigit || at - firstDigit > 9) return false;
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
    if (offsetHours < 0 || offsetHours > 23 || offsetMins < 0 || offsetMins > 59) return false;
    offsetMinutes = (sign === DASH ? -1 : 1) * (offsetHours * 60 + offsetMins);
    at += 5 + colon;
  } else return false;
  if (at !== text.length) return false;
  const monthKey = year * 16 + month;
  if (monthKey !== lastMonthKey) {
    lastMonthKey = monthKey;
    lastMonthStartDay = daysFromCivil(year, month, 1);
  }
  const wallMinutes = (lastMonthStartDay + day - 1) * MINUTES_PER_DAY + hour * 60 + minute;
  column[index] = (wallMinutes - offsetMinutes) * MS_PER_MINUTE + second * 1000 + fractionMs;
  return true;
}

/** Start of the minute containing the instant: used for the beginning of busy time. */
export function floorToMinute(ms: number): number {
  return Math.floor(ms / MS_PER_MINUTE);
}

/** End of busy time rounded outwards, so a busy 10:00:00–10:00:30 still blocks 10:00. */
export function ceilToMinute(ms: number): number {
  return Math.ceil(ms / MS_PER_MINUTE);
}

export function minuteToIso(minute: number): string {
  return new Date(minute * MS_PER_MINUTE).toISOString().replace('.000Z', 'Z');
}

const zoneValidity = new Map<string, boolean>();

/** True for zone names the runtime's tz database knows (IANA names such as "Asia/Kolkata"). */
export function isKnownTimeZone(zone: string): boolean {
  const cached = zoneValidity.get(zone);
  if (cached !== undefined) return cached;
  let valid = /^[A-Za-z]/.test(zone);
  if (valid) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
    } catch {
      valid = false;
    }
  }
  zoneValidity.set(zone, valid);
  return valid;
}

function intlOffsetMinutes(zone: string, minute: number): number {
  // Offsets with seconds only occur in 19th-century local mean time; whole minutes suffice.
  return Math.round(tzOffset(zone, new Date(minute * MS_PER_MINUTE)));
}

/**
 * Intl's answers, per zone and instant, kept across searches: the tz database does not change
 * while the extension runs, and timelines ask at the same aligned instants every time, so a
 * repeated search asks Intl nothing. Bounded per zone; a full zone starts over.
 */
const offsetMemo = new Map<string, Map<number, number>>();
const OFFSET_MEMO_LIMIT = 4096;

function memoOffsetMinutes(zone: string, minute: number): number {
  let known = offsetMemo.get(zone);
  if (known === undefined) offsetMemo.set(zone, (known = new Map()));
  let offset = known.get(minute);
  if (offset === undefined) {
    if (known.size >= OFFSET_MEMO_LIMIT) known.clear();
    offset = intlOffsetMinutes(zone, minute);
    known.set(minute, offset);
  }
  return offset;
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
    // Samples sit on multiples of the step, so every search over the same days asks the same instants.
    const from = Math.floor((fromMinute - 2 * MINUTES_PER_DAY) / SAMPLE_STEP) * SAMPLE_STEP;
    const to = Math.ceil((toMinute + 2 * MINUTES_PER_DAY) / SAMPLE_STEP) * SAMPLE_STEP;
    let previous = memoOffsetMinutes(zone, from);
    this.offsets.push(previous);
    for (let sample = from; sample < to; ) {
      const next = Math.min(sample + SAMPLE_STEP, to);
      const offset = memoOffsetMinutes(zone, next);
      if (offset !== previous) {
        let low = sample; // offset here is `previous`
        let high = next; // offset here is `offset`
        while (high - low > 1) {
          const middle = Math.floor((low + high) / 2);
          if (memoOffsetMinutes(zone, middle) === previous) low = middle;
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

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/**
 * The civil date and clock of a wall-clock minute, by Howard Hinnant's civil_from_days: what
 * Date's getUTC* would say, without a Date per call (a slot describes every participant's times).
 */
function civilOfWall(wall: number): { year: number; month: number; day: number; hour: number; minute: number } {
  const days = Math.floor(wall / MINUTES_PER_DAY);
  const minuteOfDay = wall - days * MINUTES_PER_DAY;
  const shifted = days + 719468;
  const era = Math.floor(shifted / 146097);
  const dayOfEra = shifted - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  return {
    year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0),
    month,
    day: dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1,
    hour: Math.floor(minuteOfDay / 60),
    minute: minuteOfDay % 60,
  };
}

/** "2026-03-08T09:00" for a local wall-clock minute. */
export function formatWall(wall: number): string {
  const c = civilOfWall(wall);
  return `${c.year}-${pad2(c.month)}-${pad2(c.day)}T${pad2(c.hour)}:${pad2(c.minute)}`;
}

export function formatLocalDate(wall: number): string {
  return formatWall(wall).slice(0, 10);
}

export function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const magnitude = Math.abs(offsetMinutes);
  return `${sign}${pad2(Math.floor(magnitude / 60))}:${pad2(magnitude % 60)}`;
}
