import { tzOffset } from '@date-fns/tz';
import type { MeetingRequest, WorkingHours } from '@/lib/schedule';
import { isoBusy } from './helpers';

// A deliberately naive, independent model of what findMeetingTimes must accept: every minute is
// checked on its own, offsets come straight from Intl, busy time is scanned interval by
// interval. Slow and obviously right, it is the yardstick for the property tests.

const DAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const NINE_TO_FIVE = [{ start: '09:00', end: '17:00' }];
const DEFAULT_HOURS: WorkingHours = { mon: NINE_TO_FIVE, tue: NINE_TO_FIVE, wed: NINE_TO_FIVE, thu: NINE_TO_FIVE, fri: NINE_TO_FIVE };

const minuteOf = (iso: string) => Date.parse(iso) / 60000;
const clock = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3));

export function oracleMatchingStarts(request: MeetingRequest): number[] {
  const offsetCache = new Map<string, number>();
  const offset = (zone: string, minute: number) => {
    const key = `${zone}@${minute}`;
    let value = offsetCache.get(key);
    if (value === undefined) offsetCache.set(key, (value = tzOffset(zone, new Date(minute * 60000))));
    return value;
  };
  const localDay = (zone: string, minute: number) => Math.floor((minute + offset(zone, minute)) / 1440);
  const duration = request.durationMinutes;
  const before = request.bufferBeforeMinutes ?? 0;
  const after = request.bufferAfterMinutes ?? 0;
  const granularity = request.granularityMinutes ?? 15;
  const now = minuteOf(request.now);
  const earliest = now + (request.minimumNoticeMinutes ?? 0);
  const horizonEnd = now + (request.horizonDays ?? 90) * 1440;
  const tentativeBlocks = (request.tentativePolicy ?? 'busy') === 'busy';
  const allDayBlocks = (request.allDayPolicy ?? 'busy') === 'busy';
  const insideOnly = (request.workingHoursPolicy ?? 'inside-only') === 'inside-only';
  const groups = request.groups ?? [];
  const inGroup = new Set(groups.flatMap((g) => g.members.map((m) => m.toLowerCase())));

  const inWindow = (minute: number) =>
    minute >= earliest && minute < horizonEnd && request.searchWindows.some((w) => minute >= minuteOf(w.start) && minute < minuteOf(w.end));

  const worksAt = (hours: WorkingHours, zone: string, minute: number) => {
    const wall = minute + offset(zone, minute);
    const day = Math.floor(wall / 1440);
    const minuteOfDay = wall - day * 1440;
    const today = hours[DAY_KEYS[(((day + 4) % 7) + 7) % 7]!] ?? [];
    const yesterday = hours[DAY_KEYS[(((day + 3) % 7) + 7) % 7]!] ?? [];
    return (
      today.some((r) => (clock(r.end) > clock(r.start) ? minuteOfDay >= clock(r.start) && minuteOfDay < clock(r.end) : minuteOfDay >= clock(r.start))) ||
      yesterday.some((r) => clock(r.end) <= clock(r.start) && minuteOfDay < clock(r.end))
    );
  };

  const available = (participant: MeetingRequest['participants'][number], start: number): boolean => {
    const zone = participant.timeZone ?? request.organizer.timeZone;
    const hours = participant.workingHours ?? (participant.kind === 'room' ? undefined : (request.defaultWorkingHours ?? DEFAULT_HOURS));
    if (insideOnly && hours !== undefined) {
      for (let m = start; m < start + duration; m++) if (!worksAt(hours, zone, m)) return false;
    }
    if (participant.availability.status === 'unknown') return true;
    const counted = isoBusy(participant.availability.busy).filter((b) => {
      const status = b.status ?? 'busy';
      if (status === 'free' || status === 'workingElsewhere') return false;
      if (status === 'tentative' && !tentativeBlocks) return false;
      if (b.allDay === true && !allDayBlocks && status !== 'outOfOffice') return false;
      return Math.ceil(minuteOf(b.end)) > Math.floor(minuteOf(b.start));
    });
    for (const b of counted) {
      if (Math.floor(minuteOf(b.start)) < start + duration + after && Math.ceil(minuteOf(b.end)) > start - before) return false;
    }
    if (request.maxMeetingsPerDay !== undefined && participant.kind !== 'room') {
      const meetings = new Set(
        counted
          .filter((b) => b.allDay !== true && b.status !== 'outOfOffice' && localDay(zone, Math.floor(minuteOf(b.start))) === localDay(zone, start))
          .map((b) => `${minuteOf(b.start)}|${minuteOf(b.end)}`),
      );
      if (meetings.size >= request.maxMeetingsPerDay) return false;
    }
    return true;
  };

  const starts: number[] = [];
  const first = Math.min(...request.searchWindows.map((w) => minuteOf(w.start)));
  const last = Math.max(...request.searchWindows.map((w) => minuteOf(w.end)));
  for (let start = first; start + duration <= last; start++) {
    const wall = start + offset(request.organizer.timeZone, start);
    if (wall % granularity !== 0) continue;
    let fits = true;
    for (let m = start; m < start + duration && fits; m++) fits = inWindow(m);
    if (!fits) continue;
    const requiredOk = request.participants.every(
      (p) => (p.attendance ?? 'required') !== 'required' || inGroup.has(p.email.toLowerCase()) || available(p, start),
    );
    const quorumsOk = groups.every((g) => {
      const free = g.members.filter((m) => available(request.participants.find((p) => p.email.toLowerCase() === m.toLowerCase())!, start)).length;
      return free >= (g.required === 'all' ? g.members.length : g.required);
    });
    if (requiredOk && quorumsOk) starts.push(start);
  }
  return starts;
}
