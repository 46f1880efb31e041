import { randomUUID } from 'node:crypto';
import type * as Graph from '@microsoft/microsoft-graph-types';
import { scenarioAnchor, scenarioEvents, scenarioPeople, type ScenarioPerson, type Weekday } from '../scenario';
import { windowsZoneFor } from './zones';

export interface StoredAttendee {
  email: string;
  name?: string;
  type: Graph.AttendeeType;
}

/** One event as Exchange keeps it; rendered to Graph's wire shape on the way out. */
export interface StoredEvent {
  id: string;
  iCalUId: string;
  changeKey: string;
  subject: string;
  body: string;
  start: Date;
  end: Date;
  isAllDay: boolean;
  showAs: Graph.FreeBusyStatus;
  organizer: string;
  isOrganizer: boolean;
  attendees: StoredAttendee[];
  location: string;
  isOnlineMeeting: boolean;
  onlineMeetingProvider: Graph.OnlineMeetingProviderType;
  joinUrl: string | null;
  transactionId: string | null;
  /** Keyed by the property id normalised to lower case, as Exchange matches ids case-insensitively. */
  extendedProperties: Map<string, { id: string; value: string }>;
  isCancelled: boolean;
  createdDateTime: Date;
  lastModifiedDateTime: Date;
}

export interface Mailbox {
  email: string;
  name: string;
  accountType: 'work' | 'personal';
  kind: 'person' | 'room';
  iana: string;
  /** What mailboxSettings answers: a Windows zone name, as Exchange stores it. */
  timeZone: string;
  workingHours: Graph.WorkingHours | null;
  calendarId: string;
  allowedOnlineMeetingProviders: Graph.OnlineMeetingProviderType[];
  defaultOnlineMeetingProvider: Graph.OnlineMeetingProviderType;
  events: Map<string, StoredEvent>;
  onlineMeetings: Graph.OnlineMeeting[];
}

const graphDays: Record<Weekday, Graph.DayOfWeek> = {
  mon: 'monday',
  tue: 'tuesday',
  wed: 'wednesday',
  thu: 'thursday',
  fri: 'friday',
  sat: 'saturday',
  sun: 'sunday',
};

/** How far around the clock's week the scenario's recurring patterns are laid into mailboxes. */
const seedWeeksBefore = 2;
const seedWeeksAfter = 20;
const weekMs = 7 * 24 * 60 * 60 * 1000;

/**
 * Kiri's mailbox carries a custom time zone (as Exchange reports for zones set by old clients),
 * which no library can name: clients must cope with working hours they cannot place.
 */
const customZoneMailboxes = new Set(['kiri.walker@contoso.example']);

export function newEventId(): string {
  // Exchange ids are long opaque base64url strings; tests must not guess them.
  return `AAMkAD${Buffer.from(randomUUID() + randomUUID()).toString('base64url')}`;
}

function workingHoursFor(person: ScenarioPerson, timeZone: string): Graph.WorkingHours | null {
  // Room mailboxes have no working hours configured in the tenant.
  if (person.kind === 'room') return null;
  const zone: Graph.TimeZoneBase | Graph.CustomTimeZone = customZoneMailboxes.has(person.email)
    ? {
        name: 'Customized Time Zone',
        bias: -600,
        standardOffset: { time: '03:00:00.0000000', dayOccurrence: 1, dayOfWeek: 'sunday', month: 4, year: 0 },
        daylightOffset: { time: '02:00:00.0000000', dayOccurrence: 1, dayOfWeek: 'sunday', month: 10, year: 0, daylightBias: -60 },
      }
    : { name: timeZone };
  return {
    daysOfWeek: person.workingHours.days.map((day) => graphDays[day]),
    startTime: `${person.workingHours.start}:00.0000000`,
    endTime: `${person.workingHours.end}:00.0000000`,
    timeZone: zone,
  };
}

export function seedMailboxes(now: Date): Map<string, Mailbox> {
  const anchor = scenarioAnchor(now);
  const from = new Date(anchor.getTime() - seedWeeksBefore * weekMs);
  const to = new Date(anchor.getTime() + seedWeeksAfter * weekMs);
  const mailboxes = new Map<string, Mailbox>();
  for (const person of scenarioPeople.filter((candidate) => candidate.provider === 'microsoft')) {
    const accountType = person.accountType ?? 'work';
    const timeZone = windowsZoneFor(person.timeZone);
    const providers: Graph.OnlineMeetingProviderType[] =
      accountType === 'personal' ? ['skypeForConsumer'] : ['teamsForBusiness'];
    const events = new Map<string, StoredEvent>();
    for (const event of scenarioEvents(person.email, from, to, anchor)) {
      const id = newEventId();
      events.set(id, {
        id,
        iCalUId: `040000008200E00074C5B7101A82E008${event.id}`,
        changeKey: randomUUID(),
        subject: event.subject,
        body: '',
        start: event.start,
        end: event.end,
        isAllDay: event.allDay,
        showAs: event.showAs,
        organizer: event.organizer,
        isOrganizer: event.organizer === person.email,
        attendees: event.attendees
          .filter((attendee) => attendee !== event.organizer)
          .map((attendee) => ({ email: attendee, type: attendee.includes('room') ? 'resource' : 'required' })),
        location: '',
        isOnlineMeeting: false,
        onlineMeetingProvider: 'unknown',
        joinUrl: null,
        transactionId: null,
        extendedProperties: new Map(),
        isCancelled: false,
        createdDateTime: from,
        lastModifiedDateTime: from,
      });
    }
    mailboxes.set(person.email, {
      email: person.email,
      name: person.name,
      accountType,
      kind: person.kind,
      iana: person.timeZone,
      timeZone,
      workingHours: workingHoursFor(person, timeZone),
      calendarId: `AAMkCal${Buffer.from(person.email).toString('base64url')}`,
      allowedOnlineMeetingProviders: providers,
      defaultOnlineMeetingProvider: providers[0] ?? 'unknown',
      events,
      onlineMeetings: [],
    });
  }
  return mailboxes;
}
