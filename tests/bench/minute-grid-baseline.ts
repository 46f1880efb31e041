import { tzOffset } from '@date-fns/tz';
import type { MeetingRequest, WorkingHours } from '@/lib/schedule';

// The naive way to find mutual free time: one byte per participant per minute, then check every
// minute of every candidate slot. Written independently of lib/schedule so the benchmark can
// also confirm that both find the same number of matching start times.

const DAY = 1440;
const DAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const toMinute = (iso: string) => Math.floor(Date.parse(iso) / 60000);
const clock = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));

/** UTC offset per 15-minute block, asked of Intl once per block and zone. */
function offsetLookup(zone: string, base: number, size: number): (minute: number) => number {
  const blocks = new Int16Array(Math.ceil(size / 15) + 1);
  for (let b = 0; b < blocks.length; b++) blocks[b] = Math.round(tzOffset(zone, new Date((base + b * 15) * 60000)));
  return (minute) => blocks[Math.floor((minute - base) / 15)]!;
}

function inWorkingHours(hours: WorkingHours, wall: number): boolean {
  const day = Math.floor(wall / DAY);
  const minuteOfDay = wall - day * DAY;
  const today = hours[DAY_KEYS[(((day + 4) % 7) + 7) % 7]!] ?? [];
  const yesterday = hours[DAY_KEYS[(((day + 3) % 7) + 7) % 7]!] ?? [];
  for (const range of today) {
    const start = clock(range.start);
    const end = clock(range.end);
    if (end > start ? minuteOfDay >= start && minuteOfDay < end : minuteOfDay >= start) return true;
  }
  for (const range of yesterday) {
    const start = clock(range.start);
    const end = clock(range.end);
    if (end <= start && minuteOfDay < end) return true;
  }
  return false;
}

export function minuteGridMatchingStarts(request: MeetingRequest): number {
  const duration = request.durationMinutes;
  const before = request.bufferBeforeMinutes ?? 0;
  const after = request.bufferAfterMinutes ?? 0;
  const granularity = request.granularityMinutes ?? 15;
  const now = toMinute(request.now);
  const earliest = now + (request.minimumNoticeMinutes ?? 0);
  const horizonEnd = now + (request.horizonDays ?? 90) * DAY;
  const windows = request.searchWindows.map((w) => [Math.max(toMinute(w.start), earliest), Math.min(toMinute(w.end), horizonEnd)] as const);
  const low = Math.min(...windows.map((w) => w[0]));
  const high = Math.max(...windows.map((w) => w[1]));
  const base = low - 2 * DAY;
  const size = high - low + 4 * DAY;
  const defaultHours = request.defaultWorkingHours ?? {};
  const insideOnly = request.workingHoursPolicy !== 'allow-outside';
  const offsets = new Map<string, (minute: number) => number>();
  const offsetOf = (zone: string) => {
    let lookup = offsets.get(zone);
    if (lookup === undefined) offsets.set(zone, (lookup = offsetLookup(zone, base, size)));
    return lookup;
  };

  const people = request.participants.map((participant) => {
    const zone = participant.timeZone ?? request.organizer.timeZone;
    const offset = offsetOf(zone);
    const busy = new Uint8Array(size);
    const cappedDays = new Set<number>();
    if (participant.availability.status === 'known') {
      const perDay = new Map<number, Set<string>>();
      const intervals = participant.availability.busy;
      if (!Array.isArray(intervals)) throw new Error('the minute grid reads busy lists of ISO intervals only');
      for (const interval of intervals) {
        const status = interval.status ?? 'busy';
        if (status === 'free' || status === 'workingElsewhere') continue;
        if (status === 'tentative' && request.tentativePolicy === 'free') continue;
        if (interval.allDay === true && request.allDayPolicy === 'free' && status !== 'outOfOffice') continue;
        const start = toMinute(interval.start);
        const end = Math.ceil(Date.parse(interval.end) / 60000);
        for (let m = Math.max(start, base); m < Math.min(end, base + size); m++) busy[m - base] = 1;
        if (end > start && interval.allDay !== true && status !== 'outOfOffice') {
          const day = Math.floor((start + offset(Math.max(base, Math.min(start, base + size - 1)))) / DAY);
          const meetings = perDay.get(day) ?? new Set<string>();
          meetings.add(`${start}/${end}`);
          perDay.set(day, meetings);
        }
      }
      if (request.maxMeetingsPerDay !== undefined && participant.kind !== 'room') {
        for (const [day, meetings] of perDay) if (meetings.size >= request.maxMeetingsPerDay) cappedDays.add(day);
      }
    }
    const hours = participant.workingHours ?? (participant.kind === 'room' ? undefined : defaultHours);
    const working = new Uint8Array(size);
    for (let m = 0; m < size; m++) working[m] = hours === undefined || inWorkingHours(hours, base + m + offset(base + m)) ? 1 : 0;
    return { email: participant.email.toLowerCase(), attendance: participant.attendance ?? 'required', busy, working, cappedDays, offset };
  });
  const groupMembers = new Set((request.groups ?? []).flatMap((g) => g.members.map((m) => m.toLowerCase())));
  const byEmail = new Map(people.map((p) => [p.email, p]));

  const free = (person: (typeof people)[number], start: number, withHours: boolean): boolean => {
    if (person.cappedDays.has(Math.floor((start + person.offset(start)) / DAY))) return false;
    for (let m = start - before; m < start + duration + after; m++) if (person.busy[m - base] === 1) return false;
    if (withHours) for (let m = start; m < start + duration; m++) if (person.working[m - base] === 0) return false;
    return true;
  };

  const organizerOffset = offsetOf(request.organizer.timeZone);
  let matches = 0;
  for (let start = low; start <= high - duration; start++) {
    if (!windows.some(([from, to]) => start >= from && start + duration <= to)) continue;
    const wall = start + organizerOffset(start);
    if ((((wall % granularity) + granularity) % granularity) !== 0) continue;
    const requiredFree = people.every(
      (p) => p.attendance !== 'required' || groupMembers.has(p.email) || free(p, start, insideOnly),
    );
    if (!requiredFree) continue;
    const quorumsMet = (request.groups ?? []).every((group) => {
      const available = group.members.filter((m) => free(byEmail.get(m.toLowerCase())!, start, insideOnly)).length;
      return available >= (group.required === 'all' ? group.members.length : group.required);
    });
    if (quorumsMet) matches++;
  }
  return matches;
}
