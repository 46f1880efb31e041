import { TZDate } from '@date-fns/tz';

/**
 * The seeded team every stand-in serves. Deterministic for a given anchor (the Monday 00:00 UTC
 * of the sandbox clock's week), so a demo always shows upcoming weeks and a test can predict
 * every busy block.
 *
 * Domains: the Google Workspace domain is `northwind.example`, the Microsoft 365 tenant is
 * `contoso.example`, one personal Microsoft account lives at `outlook.example`, and two external
 * people (`partner.example`, `client.example`) have calendars neither provider can see.
 */

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export interface ScenarioPerson {
  email: string;
  name: string;
  provider: 'google' | 'microsoft' | 'external';
  accountType?: 'work' | 'personal';
  kind: 'person' | 'room';
  /** IANA time zone name. */
  timeZone: string;
  workingHours: { days: Weekday[]; start: string; end: string };
}

export type ScenarioShowAs = 'busy' | 'tentative' | 'oof' | 'workingElsewhere' | 'free';

export interface ScenarioEvent {
  /** Lower-case base32hex, valid both as a Google event id and as a Graph-side key. */
  id: string;
  subject: string;
  start: Date;
  end: Date;
  showAs: ScenarioShowAs;
  /** All-day events span local midnight to local midnight in the calendar owner's zone. */
  allDay: boolean;
  organizer: string;
  attendees: string[];
}

const weekdays: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const monToFri: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

export const googleDomain = 'northwind.example';
export const microsoftDomain = 'contoso.example';

export const scenarioPeople: ScenarioPerson[] = [
  // Google Workspace (northwind.example)
  { email: 'ana.lima@northwind.example', name: 'Ana Lima', provider: 'google', accountType: 'work', kind: 'person', timeZone: 'America/Sao_Paulo', workingHours: { days: monToFri, start: '09:00', end: '18:00' } },
  { email: 'ben.carter@northwind.example', name: 'Ben Carter', provider: 'google', accountType: 'work', kind: 'person', timeZone: 'America/New_York', workingHours: { days: monToFri, start: '09:00', end: '17:00' } },
  { email: 'chloe.dubois@northwind.example', name: 'Chloé Dubois', provider: 'google', accountType: 'work', kind: 'person', timeZone: 'Europe/Paris', workingHours: { days: monToFri, start: '09:00', end: '17:30' } },
  { email: 'dev.patel@northwind.example', name: 'Dev Patel', provider: 'google', accountType: 'work', kind: 'person', timeZone: 'Asia/Kolkata', workingHours: { days: monToFri, start: '10:00', end: '19:00' } },
  { email: 'emma.schmidt@northwind.example', name: 'Emma Schmidt', provider: 'google', accountType: 'work', kind: 'person', timeZone: 'Europe/Berlin', workingHours: { days: monToFri, start: '08:30', end: '17:00' } },
  { email: 'farah.haddad@northwind.example', name: 'Farah Haddad', provider: 'google', accountType: 'work', kind: 'person', timeZone: 'Asia/Dubai', workingHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '08:00', end: '16:00' } },
  { email: 'boardroom@northwind.example', name: 'Boardroom (NYC, 12)', provider: 'google', accountType: 'work', kind: 'room', timeZone: 'America/New_York', workingHours: { days: monToFri, start: '07:00', end: '20:00' } },
  // Microsoft 365 tenant (contoso.example)
  { email: 'gita.shrestha@contoso.example', name: 'Gita Shrestha', provider: 'microsoft', accountType: 'work', kind: 'person', timeZone: 'Asia/Kathmandu', workingHours: { days: monToFri, start: '10:00', end: '18:00' } },
  { email: 'hiro.tanaka@contoso.example', name: 'Hiro Tanaka', provider: 'microsoft', accountType: 'work', kind: 'person', timeZone: 'Asia/Tokyo', workingHours: { days: monToFri, start: '09:30', end: '18:30' } },
  { email: 'isla.mcdonald@contoso.example', name: 'Isla McDonald', provider: 'microsoft', accountType: 'work', kind: 'person', timeZone: 'Europe/London', workingHours: { days: monToFri, start: '09:00', end: '17:30' } },
  { email: 'jack.nguyen@contoso.example', name: 'Jack Nguyen', provider: 'microsoft', accountType: 'work', kind: 'person', timeZone: 'America/Los_Angeles', workingHours: { days: monToFri, start: '08:00', end: '16:30' } },
  { email: 'kiri.walker@contoso.example', name: 'Kiri Walker', provider: 'microsoft', accountType: 'work', kind: 'person', timeZone: 'Australia/Sydney', workingHours: { days: monToFri, start: '08:30', end: '17:00' } },
  { email: 'harbour-room@contoso.example', name: 'Harbour Room (London, 8)', provider: 'microsoft', accountType: 'work', kind: 'room', timeZone: 'Europe/London', workingHours: { days: monToFri, start: '08:00', end: '19:00' } },
  // A personal Microsoft account (no getSchedule, different meeting providers).
  { email: 'sam.okafor@outlook.example', name: 'Sam Okafor', provider: 'microsoft', accountType: 'personal', kind: 'person', timeZone: 'America/Chicago', workingHours: { days: monToFri, start: '09:00', end: '17:00' } },
  // External people: neither provider can see their calendars.
  { email: 'lena.ivanova@partner.example', name: 'Lena Ivanova', provider: 'external', kind: 'person', timeZone: 'Europe/Warsaw', workingHours: { days: monToFri, start: '09:00', end: '17:00' } },
  { email: 'omar.farouk@client.example', name: 'Omar Farouk', provider: 'external', kind: 'person', timeZone: 'Africa/Cairo', workingHours: { days: ['sun', 'mon', 'tue', 'wed', 'thu'], start: '09:00', end: '17:00' } },
];

/** Google Groups (mailing lists) in the Workspace domain; freeBusy expands them into their members. */
export interface ScenarioGroup {
  email: string;
  name: string;
  members: string[];
}

export const scenarioGroups: ScenarioGroup[] = [
  { email: 'design-team@northwind.example', name: 'Design team', members: ['ana.lima@northwind.example', 'chloe.dubois@northwind.example', 'emma.schmidt@northwind.example'] },
  // A list with an outside member, whose calendar Google cannot show.
  { email: 'partners@northwind.example', name: 'Partner programme', members: ['chloe.dubois@northwind.example', 'lena.ivanova@partner.example'] },
  // More members than Google ever expands (groupExpansionMax is at most 100).
  {
    email: 'all-staff@northwind.example',
    name: 'All staff',
    members: Array.from({ length: 120 }, (_, index) => `staff-${String(index + 1).padStart(3, '0')}@northwind.example`),
  },
];

export function scenarioGroup(email: string): ScenarioGroup | undefined {
  return scenarioGroups.find((group) => group.email === email.toLowerCase());
}

const peopleByEmail = new Map(scenarioPeople.map((person) => [person.email, person]));

export function scenarioPerson(email: string): ScenarioPerson | undefined {
  return peopleByEmail.get(email.toLowerCase());
}

/** The Monday 00:00 UTC of the week containing `now`: the scenario's fixed point. */
export function scenarioAnchor(now: Date): Date {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const daysSinceMonday = (new Date(midnight).getUTCDay() + 6) % 7;
  return new Date(midnight - daysSinceMonday * dayMs);
}

const dayMs = 24 * 60 * 60 * 1000;

/** One occurrence on a given local day; times are local wall-clock "HH:mm" in the owner's zone. */
interface Occurrence {
  key: string;
  subject: string;
  start: string;
  end: string;
  showAs: ScenarioShowAs;
  allDay?: boolean;
  organizer?: string;
  attendees?: string[];
}

/** Meetings that several people share, fixed in UTC so every attendee's calendar agrees. */
interface SharedMeeting {
  key: string;
  subject: string;
  weekday: Weekday;
  startUtc: string;
  minutes: number;
  organizer: string;
  attendees: string[];
  showAs: ScenarioShowAs;
  everyOtherWeek?: boolean;
}

const sharedMeetings: SharedMeeting[] = [
  {
    key: 'product-sync',
    subject: 'Product sync',
    weekday: 'tue',
    startUtc: '14:00',
    minutes: 60,
    organizer: 'ben.carter@northwind.example',
    attendees: ['ben.carter@northwind.example', 'ana.lima@northwind.example', 'chloe.dubois@northwind.example', 'emma.schmidt@northwind.example', 'isla.mcdonald@contoso.example', 'jack.nguyen@contoso.example', 'boardroom@northwind.example'],
    showAs: 'busy',
  },
  {
    key: 'apac-handoff',
    subject: 'APAC hand-off',
    weekday: 'wed',
    startUtc: '05:30',
    minutes: 30,
    organizer: 'dev.patel@northwind.example',
    attendees: ['dev.patel@northwind.example', 'gita.shrestha@contoso.example', 'hiro.tanaka@contoso.example', 'kiri.walker@contoso.example', 'farah.haddad@northwind.example'],
    showAs: 'busy',
  },
  {
    key: 'partner-review',
    subject: 'Partner review',
    weekday: 'thu',
    startUtc: '12:00',
    minutes: 45,
    organizer: 'isla.mcdonald@contoso.example',
    attendees: ['isla.mcdonald@contoso.example', 'chloe.dubois@northwind.example', 'lena.ivanova@partner.example', 'harbour-room@contoso.example'],
    showAs: 'busy',
    everyOtherWeek: true,
  },
  {
    key: 'design-crit',
    subject: 'Design critique (optional)',
    weekday: 'fri',
    startUtc: '15:00',
    minutes: 60,
    organizer: 'ana.lima@northwind.example',
    attendees: ['ana.lima@northwind.example', 'ben.carter@northwind.example', 'jack.nguyen@contoso.example', 'sam.okafor@outlook.example'],
    showAs: 'tentative',
  },
];

/** Person-specific exceptions: out-of-office, all-day and working-elsewhere days, by week and weekday. */
const specialDays: { email: string; week: number; weekday: Weekday; subject: string; showAs: ScenarioShowAs }[] = [
  // Emma is on holiday Wednesday to Friday of next week.
  { email: 'emma.schmidt@northwind.example', week: 1, weekday: 'wed', subject: 'Holiday', showAs: 'oof' },
  { email: 'emma.schmidt@northwind.example', week: 1, weekday: 'thu', subject: 'Holiday', showAs: 'oof' },
  { email: 'emma.schmidt@northwind.example', week: 1, weekday: 'fri', subject: 'Holiday', showAs: 'oof' },
  // Hiro is at a conference all day this Friday.
  { email: 'hiro.tanaka@contoso.example', week: 0, weekday: 'fri', subject: 'Conference (Osaka)', showAs: 'busy' },
  // An all-day reminder that must not block anything.
  { email: 'ben.carter@northwind.example', week: 0, weekday: 'thu', subject: "Ana's birthday", showAs: 'free' },
  // Kiri is out sick Monday next week; Gita is out the week after.
  { email: 'kiri.walker@contoso.example', week: 1, weekday: 'mon', subject: 'Out of office', showAs: 'oof' },
  { email: 'gita.shrestha@contoso.example', week: 2, weekday: 'tue', subject: 'Out of office', showAs: 'oof' },
];

/**
 * The events on `email`'s calendar that overlap [from, to), relative to `anchor` (use
 * `scenarioAnchor(clock.now())`). Unknown addresses have no events.
 */
export function scenarioEvents(email: string, from: Date, to: Date, anchor: Date): ScenarioEvent[] {
  const person = scenarioPerson(email);
  if (!person || to <= from) return [];
  const firstDay = Math.floor((from.getTime() - anchor.getTime()) / dayMs) - 1;
  const lastDay = Math.ceil((to.getTime() - anchor.getTime()) / dayMs) + 1;
  const events: ScenarioEvent[] = [];
  for (let day = firstDay; day <= lastDay; day += 1) {
    events.push(...localDayEvents(person, anchor, day), ...sharedEventsOn(person, anchor, day));
  }
  return events
    .filter((event) => event.start < to && event.end > from)
    .sort((a, b) => a.start.getTime() - b.start.getTime() || a.id.localeCompare(b.id));
}

/**
 * localDayEvents' answers, which depend on nothing else: working them out (a TZDate per time)
 * cost more than the rest of a search, and in the same process as the client it inflated the
 * bench's find → results wall time with work a real provider does on its own servers.
 */
const dayEventsMemo = new Map<string, ScenarioEvent[]>();
const DAY_EVENTS_MEMO_LIMIT = 20_000;

function localDayEvents(person: ScenarioPerson, anchor: Date, day: number): ScenarioEvent[] {
  const key = `${person.email}|${anchor.getTime()}|${day}`;
  let events = dayEventsMemo.get(key);
  if (events === undefined) {
    if (dayEventsMemo.size >= DAY_EVENTS_MEMO_LIMIT) dayEventsMemo.clear();
    events = workOutDayEvents(person, anchor, day);
    dayEventsMemo.set(key, events);
  }
  // Copies, so a caller that changes an event changes nothing the next caller sees.
  return events.map((event) => ({ ...event, attendees: [...event.attendees] }));
}

function workOutDayEvents(person: ScenarioPerson, anchor: Date, day: number): ScenarioEvent[] {
  const weekday = weekdays[mod(day, 7)]!;
  const week = Math.floor(day / 7);
  const date = new Date(anchor.getTime() + day * dayMs);
  const occurrences: Occurrence[] = [];

  for (const special of specialDays) {
    if (special.email === person.email && special.week === week && special.weekday === weekday) {
      occurrences.push({ key: `special-${special.subject}`, subject: special.subject, start: '00:00', end: '24:00', showAs: special.showAs, allDay: true });
    }
  }
  const outAllDay = occurrences.some((occurrence) => occurrence.showAs === 'oof' || occurrence.showAs === 'busy');
  if (person.workingHours.days.includes(weekday) && !outAllDay) {
    occurrences.push(...workdayPattern(person, day, weekday));
  }
  return occurrences.map((occurrence) => toEvent(person, date, day, occurrence));
}

function workdayPattern(person: ScenarioPerson, day: number, weekday: Weekday): Occurrence[] {
  const start = toMinutes(person.workingHours.start);
  const end = toMinutes(person.workingHours.end);
  const seed = hash(`${person.email}|${day}`);
  const random = mulberry32(seed);
  const occurrences: Occurrence[] = [];

  if (person.kind === 'room') {
    // Rooms are booked in a weekly rhythm by people the scenario does not model.
    const bookings = weekday === 'mon' || weekday === 'wed' ? [[600, 660], [840, 960]] : [[660, 720]];
    bookings.forEach(([from, to], index) =>
      occurrences.push({ key: `booking-${index}`, subject: 'Booked', start: fromMinutes(from!), end: fromMinutes(to!), showAs: 'busy' }),
    );
    return occurrences;
  }

  occurrences.push({ key: 'standup', subject: 'Team stand-up', start: fromMinutes(start + 30), end: fromMinutes(start + 45), showAs: 'busy' });
  occurrences.push({ key: 'lunch', subject: 'Lunch', start: '12:30', end: '13:15', showAs: 'busy' });
  if (person.email === 'isla.mcdonald@contoso.example' && weekday === 'mon') {
    occurrences.push({ key: 'office', subject: 'Working from the Manchester office', start: '00:00', end: '24:00', showAs: 'workingElsewhere', allDay: true });
  }
  const oneOnOneDay = weekdays[hash(person.email) % 5]!;
  if (weekday === oneOnOneDay) {
    occurrences.push({ key: 'one-on-one', subject: '1:1 with manager', start: fromMinutes(end - 90), end: fromMinutes(end - 60), showAs: 'busy' });
  }
  if (weekday === 'thu') {
    occurrences.push({ key: 'customer-call', subject: 'Customer call (to be confirmed)', start: fromMinutes(start + 120), end: fromMinutes(start + 180), showAs: 'tentative' });
  }
  // A few ad-hoc meetings on half-hour boundaries inside working hours, different every day.
  const adHocCount = Math.floor(random() * 3);
  for (let index = 0; index < adHocCount; index += 1) {
    const slots = Math.max(1, Math.floor((end - start - 60) / 30));
    const from = start + 60 + Math.floor(random() * slots) * 30;
    const length = random() < 0.5 ? 30 : 60;
    occurrences.push({ key: `adhoc-${index}`, subject: adHocSubjects[Math.floor(random() * adHocSubjects.length)]!, start: fromMinutes(from), end: fromMinutes(Math.min(from + length, end)), showAs: 'busy' });
  }
  return occurrences;
}

const adHocSubjects = ['Pairing session', 'Interview', 'Roadmap review', 'Vendor demo', 'Hiring debrief', 'Incident review'];

function sharedEventsOn(person: ScenarioPerson, anchor: Date, day: number): ScenarioEvent[] {
  const weekday = weekdays[mod(day, 7)]!;
  const week = Math.floor(day / 7);
  return sharedMeetings
    .filter((meeting) => meeting.weekday === weekday && meeting.attendees.includes(person.email))
    .filter((meeting) => !meeting.everyOtherWeek || mod(week, 2) === 0)
    .map((meeting) => {
      const start = new Date(anchor.getTime() + day * dayMs + toMinutes(meeting.startUtc) * 60_000);
      return {
        id: eventId(`shared|${meeting.key}|${day}`),
        subject: meeting.subject,
        start,
        end: new Date(start.getTime() + meeting.minutes * 60_000),
        showAs: meeting.showAs,
        allDay: false,
        organizer: meeting.organizer,
        attendees: meeting.attendees,
      };
    });
}

function toEvent(person: ScenarioPerson, utcDate: Date, day: number, occurrence: Occurrence): ScenarioEvent {
  const [year, month, date] = [utcDate.getUTCFullYear(), utcDate.getUTCMonth(), utcDate.getUTCDate()];
  const at = (time: string) => {
    const minutes = toMinutes(time);
    return new Date(new TZDate(year, month, date, 0, minutes, 0, 0, person.timeZone).getTime());
  };
  return {
    id: eventId(`${person.email}|${occurrence.key}|${day}`),
    subject: occurrence.subject,
    start: at(occurrence.start),
    end: at(occurrence.end),
    showAs: occurrence.showAs,
    allDay: occurrence.allDay ?? false,
    organizer: occurrence.organizer ?? person.email,
    attendees: occurrence.attendees ?? [person.email],
  };
}

/** A 26-character id over the base32hex alphabet Google accepts for client-chosen event ids. */
function eventId(seed: string): string {
  let id = '';
  for (let round = 0; id.length < 26; round += 1) {
    id += hash(`${round}|${seed}`).toString(32).padStart(7, '0');
  }
  return `sc${id.slice(0, 24)}`;
}

function toMinutes(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours! * 60 + minutes!;
}

function fromMinutes(total: number): string {
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

function mod(value: number, divisor: number): number {
  return ((value % divisor) + divisor) % divisor;
}

/** FNV-1a: a stable 32-bit hash so the scenario is the same on every machine. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193);
  }
  return value >>> 0;
}

function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
