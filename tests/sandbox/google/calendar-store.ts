import { createHash, randomBytes } from 'node:crypto';
import type { calendar_v3 } from '@googleapis/calendar';
import { TZDate } from '@date-fns/tz';
import type { Clock } from '../core/clock';
import { scenarioAnchor, scenarioEvents, scenarioPerson, type ScenarioEvent } from '../scenario';

type Event = calendar_v3.Schema$Event;

const weekMs = 7 * 24 * 60 * 60 * 1000;
/** Seeded events are materialised for this window around the scenario anchor. */
const seedWeeksBefore = 4;
const seedWeeksAfter = 26;

export interface ConferenceSettings {
  /** How many `events.get` calls after creation still see `pending`. */
  pendingGets: number;
  /** Or: seconds of sandbox-clock time after which the conference is ready, whichever comes first. */
  pendingSeconds: number;
}

interface StoredEvent {
  event: Event;
  /** The calendar that owns the event (the organizer's); other copies are attendee copies. */
  organizerCalendar: string;
  conferencePending?: { remainingGets: number; readyAt: number; code: string };
}

/** Lower-case base32hex, 5–1024 characters: Google's rule for client-chosen event ids. */
export const eventIdPattern = /^[a-v0-9]{5,1024}$/;

/**
 * The Google Calendar stand-in's data: one map of events per calendar, seeded lazily from the
 * scenario on first touch, so events created later count in free/busy like seeded ones.
 */
export class GoogleCalendarStore {
  private calendars = new Map<string, Map<string, StoredEvent>>();
  private conferenceByRequestId = new Map<string, string>();
  private etagCounter = 1;
  readonly conference: ConferenceSettings = { pendingGets: 1, pendingSeconds: 30 };

  constructor(private readonly clock: Clock) {}

  /** Calendars that exist in the Workspace domain (people and rooms). */
  static isDomainCalendar(id: string): boolean {
    const person = scenarioPerson(id);
    return person?.provider === 'google';
  }

  events(calendarId: string): Map<string, StoredEvent> {
    const id = calendarId.toLowerCase();
    let calendar = this.calendars.get(id);
    if (!calendar) {
      calendar = new Map();
      this.calendars.set(id, calendar);
      this.seed(id, calendar);
    }
    return calendar;
  }

  list(calendarId: string): Event[] {
    return [...this.events(calendarId).values()].map((stored) => stored.event);
  }

  get(calendarId: string, eventId: string): StoredEvent | undefined {
    return this.events(calendarId).get(eventId);
  }

  nextEtag(): string {
    this.etagCounter += 1;
    return `"${3_000_000_000_000_000 + this.etagCounter}"`;
  }

  newEventId(): string {
    return base32hex(randomBytes(16));
  }

  insert(calendarId: string, event: Event, options: { withConference: boolean }): StoredEvent {
    const now = this.clock.now();
    const stored: StoredEvent = {
      organizerCalendar: calendarId,
      event: {
        ...event,
        kind: 'calendar#event',
        etag: this.nextEtag(),
        status: event.status ?? 'confirmed',
        htmlLink: `https://www.google.com/calendar/event?eid=${Buffer.from(`${event.id} ${calendarId}`).toString('base64url')}`,
        created: now.toISOString(),
        updated: now.toISOString(),
        iCalUID: `${event.id}@google.com`,
        sequence: 0,
        creator: { email: calendarId, self: true },
        organizer: { email: calendarId, self: true },
        eventType: event.eventType ?? 'default',
        reminders: event.reminders ?? { useDefault: true },
      },
    };
    delete stored.event.conferenceData;
    if (options.withConference) this.applyConferenceRequest(stored, event.conferenceData);
    this.events(calendarId).set(event.id!, stored);
    this.syncAttendeeCopies(stored);
    return stored;
  }

  /** Google's patch: objects merge field by field, arrays and scalars replace. */
  patch(calendarId: string, stored: StoredEvent, changes: Event, options: { withConference: boolean }): StoredEvent {
    const before = stored.event;
    const { conferenceData, ...rest } = changes;
    const merged = mergePatch(before, rest) as Event;
    const timesChanged = JSON.stringify([before.start, before.end]) !== JSON.stringify([merged.start, merged.end]);
    stored.event = {
      ...merged,
      id: before.id,
      etag: this.nextEtag(),
      updated: this.clock.now().toISOString(),
      sequence: (before.sequence ?? 0) + (timesChanged ? 1 : 0),
    };
    if (options.withConference && conferenceData) this.applyConferenceRequest(stored, conferenceData);
    this.events(calendarId).set(before.id!, stored);
    this.syncAttendeeCopies(stored);
    return stored;
  }

  cancel(stored: StoredEvent): void {
    stored.event = { ...stored.event, status: 'cancelled', etag: this.nextEtag(), updated: this.clock.now().toISOString() };
    this.syncAttendeeCopies(stored);
  }

  /** Called on every `events.get`: a pending conference turns to success after enough gets or time. */
  advanceConference(stored: StoredEvent): void {
    const pending = stored.conferencePending;
    if (!pending) return;
    pending.remainingGets -= 1;
    if (pending.remainingGets >= 0 && this.clock.now().getTime() < pending.readyAt) return;
    stored.conferencePending = undefined;
    stored.event = { ...stored.event, etag: this.nextEtag(), conferenceData: readyConference(stored.event.conferenceData!, pending.code) };
  }

  private applyConferenceRequest(stored: StoredEvent, conferenceData: calendar_v3.Schema$ConferenceData | null | undefined): void {
    const request = conferenceData?.createRequest;
    if (!request?.requestId) return;
    if (request.conferenceSolutionKey?.type !== 'hangoutsMeet') return;
    const existingCode = this.conferenceByRequestId.get(request.requestId);
    // A reused requestId creates nothing new: the event keeps whatever conference it had.
    if (existingCode) return;
    const code = meetCode(request.requestId);
    this.conferenceByRequestId.set(request.requestId, code);
    stored.event.conferenceData = {
      createRequest: { requestId: request.requestId, conferenceSolutionKey: { type: 'hangoutsMeet' }, status: { statusCode: 'pending' } },
    };
    stored.conferencePending = {
      remainingGets: this.conference.pendingGets,
      readyAt: this.clock.now().getTime() + this.conference.pendingSeconds * 1000,
      code,
    };
  }

  /** Google puts invited Workspace members' copies of an event on their own calendars. */
  private syncAttendeeCopies(stored: StoredEvent): void {
    for (const attendee of stored.event.attendees ?? []) {
      const email = attendee.email?.toLowerCase();
      if (!email || email === stored.organizerCalendar || !GoogleCalendarStore.isDomainCalendar(email)) continue;
      const copy: StoredEvent = {
        organizerCalendar: stored.organizerCalendar,
        event: {
          ...stored.event,
          creator: { email: stored.organizerCalendar },
          organizer: { email: stored.organizerCalendar },
          attendees: stored.event.attendees?.map((other) => (other.email?.toLowerCase() === email ? { ...other, self: true } : other)),
          // Attendee copies never carry the organizer's private properties.
          extendedProperties: stored.event.extendedProperties?.shared ? { shared: stored.event.extendedProperties.shared } : undefined,
        },
      };
      this.events(email).set(stored.event.id!, copy);
    }
  }

  private seed(calendarId: string, calendar: Map<string, StoredEvent>): void {
    const person = scenarioPerson(calendarId);
    if (!person || person.provider !== 'google') return;
    const anchor = scenarioAnchor(this.clock.now());
    const from = new Date(anchor.getTime() - seedWeeksBefore * weekMs);
    const to = new Date(anchor.getTime() + seedWeeksAfter * weekMs);
    for (const seeded of scenarioEvents(calendarId, from, to, anchor)) {
      calendar.set(seeded.id, { event: this.fromScenario(seeded, calendarId, person.timeZone), organizerCalendar: seeded.organizer });
    }
  }

  private fromScenario(seeded: ScenarioEvent, calendarId: string, timeZone: string): Event {
    const day = (date: Date) => new TZDate(date.getTime(), timeZone).toISOString().slice(0, 10);
    const self = seeded.organizer === calendarId;
    return {
      kind: 'calendar#event',
      id: seeded.id,
      etag: this.nextEtag(),
      status: 'confirmed',
      summary: seeded.subject,
      created: new Date(seeded.start.getTime() - weekMs).toISOString(),
      updated: new Date(seeded.start.getTime() - weekMs).toISOString(),
      creator: { email: seeded.organizer, ...(self ? { self: true } : {}) },
      organizer: { email: seeded.organizer, ...(self ? { self: true } : {}) },
      start: seeded.allDay ? { date: day(seeded.start) } : { dateTime: seeded.start.toISOString(), timeZone },
      end: seeded.allDay ? { date: day(seeded.end) } : { dateTime: seeded.end.toISOString(), timeZone },
      iCalUID: `${seeded.id}@google.com`,
      sequence: 0,
      eventType: seeded.showAs === 'oof' ? 'outOfOffice' : seeded.showAs === 'workingElsewhere' ? 'workingLocation' : 'default',
      // Free and working-location entries do not block time; everything else does.
      ...(seeded.showAs === 'free' || seeded.showAs === 'workingElsewhere' ? { transparency: 'transparent' } : {}),
      attendees: seeded.attendees.length > 1
        ? seeded.attendees.map((email) => ({
            email,
            responseStatus: email === seeded.organizer ? 'accepted' : seeded.showAs === 'tentative' ? 'tentative' : 'accepted',
            ...(email === calendarId ? { self: true } : {}),
            ...(email === seeded.organizer ? { organizer: true } : {}),
            ...(scenarioPerson(email)?.kind === 'room' ? { resource: true } : {}),
          }))
        : undefined,
      reminders: { useDefault: true },
    };
  }
}

/** The instant an event's start or end denotes; all-day dates count from the calendar's zone. */
export function eventInstant(time: calendar_v3.Schema$EventDateTime | undefined, calendarTimeZone: string): number | undefined {
  if (time?.dateTime) return Date.parse(time.dateTime);
  if (time?.date) {
    const [year, month, day] = time.date.split('-').map(Number);
    return new TZDate(year!, month! - 1, day!, 0, 0, 0, 0, time.timeZone ?? calendarTimeZone).getTime();
  }
  return undefined;
}

function readyConference(data: calendar_v3.Schema$ConferenceData, code: string): calendar_v3.Schema$ConferenceData {
  return {
    createRequest: { ...data.createRequest, status: { statusCode: 'success' } },
    entryPoints: [
      { entryPointType: 'video', uri: `https://meet.google.com/${code}`, label: `meet.google.com/${code}` },
      { entryPointType: 'more', uri: `https://tel.meet/${code}?pin=1234567890`, pin: '1234567890' },
    ],
    conferenceSolution: { key: { type: 'hangoutsMeet' }, name: 'Google Meet', iconUri: 'https://fonts.gstatic.com/s/i/productlogos/meet_2020q4/v6/web-512dp/logo_meet_2020q4_color_2x_web_512dp.png' },
    conferenceId: code,
  };
}

/** `abc-defg-hij`: the shape of a Meet meeting code, derived from the request id. */
export function meetCode(seed: string): string {
  const digest = createHash('sha256').update(seed).digest();
  const letters = [...digest.subarray(0, 10)].map((byte) => String.fromCharCode(97 + (byte % 26))).join('');
  return `${letters.slice(0, 3)}-${letters.slice(3, 7)}-${letters.slice(7, 10)}`;
}

function base32hex(bytes: Buffer): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuv';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(target) || !isPlainObject(patch)) return patch;
  const result: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    result[key] = value === null ? undefined : mergePatch(result[key], value);
  }
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
