import { formatList, t } from '@/lib/i18n';
import { chunked, sleep as wait, splitRange } from '../calls';
import { compareInstants } from '../busy-order';
import { mapWithConcurrency } from '../concurrency';
import type { z } from 'zod';
import { googleScope } from '@/lib/auth/scopes';
import { ProviderError, endsWholeLookup, isProviderError } from '../errors';
import { createHttpClient, type HttpClient, type HttpClientOptions } from '../http';
import type { BusyInterval, ParticipantAvailability, TokenSource } from '../types';
import { interpretGoogleError } from './errors';
import {
  eventSchema,
  freeBusyResponseSchema,
  meetSpaceSchema,
  settingSchema,
  type GoogleEvent,
} from './wire';

/** Google's documented per-call limit on calendars in one freeBusy query. */
export const maxCalendarsPerFreeBusy = 50;
/** The most members Google lists for one group; a bigger group answers `groupTooBig`. */
export const maxGroupExpansion = 100;
/** Longer freeBusy ranges fail with "The requested time range is too long". */
export const maxFreeBusyRangeMs = 90 * 24 * 60 * 60 * 1000;

/** The private extended property that marks an event as Overlap's and names its operation key. */
export const partnerKeyProperty = 'overlapPartner';
/** A constant companion tag: `privateExtendedProperty` filters need an exact value, so listing all partner events needs one. */
export const partnerMarkerProperty = 'overlapManaged';
const partnerMarkerValue = 'true';

export interface GoogleClientOptions {
  /** `https://www.googleapis.com/calendar/v3` or the sandbox's. */
  calendarBaseUrl: string;
  /** `https://meet.googleapis.com/v2` or the sandbox's. */
  meetBaseUrl: string;
  tokenSource: TokenSource;
  fetch?: typeof fetch;
  timeoutMs?: number;
  timeouts?: HttpClientOptions['timeouts'];
  retry?: HttpClientOptions['retry'];
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** How many freeBusy calls may be in flight at once. */
  concurrency?: number;
  /** Upper bound on waiting for a pending Meet conference after booking. */
  conferenceWaitMs?: number;
}

export interface FreeBusyQuery {
  emails: string[];
  /** ISO instants; [timeMin, timeMax). */
  timeMin: string;
  timeMax: string;
}

export interface NewMeeting {
  /**
   * A unique key for this booking, persisted by the caller before calling: a repeat with the same
   * key returns the same event instead of creating a second one.
   */
  operationKey: string;
  summary: string;
  description?: string;
  location?: string;
  /** ISO instants. */
  start: string;
  end: string;
  /** IANA zone the event is shown in. */
  timeZone: string;
  attendees: { email: string; optional?: boolean }[];
  withMeet: boolean;
  sendUpdates?: 'all' | 'externalOnly' | 'none';
}

export type ConferenceState = 'ready' | 'pending' | 'failed' | 'none';

export interface BookedMeeting {
  eventId: string;
  etag: string;
  htmlLink?: string;
  conference: ConferenceState;
  /** The Meet link, once Google has created it. */
  joinUrl?: string;
  /** Set when the conference is not ready: what to tell the user. */
  conferenceMessage?: string;
  /** True when this call found the event an earlier attempt had already created. */
  recovered: boolean;
  event: GoogleEvent;
}

export interface MeetingChanges {
  summary?: string;
  description?: string;
  start?: string;
  end?: string;
  timeZone?: string;
  attendees?: { email: string; optional?: boolean }[];
}

export type GoogleClient = ReturnType<typeof createGoogleClient>;

type BatchOutcome =
  | { batch: string[]; answer: z.infer<typeof freeBusyResponseSchema>; error?: undefined }
  | { batch: string[]; answer?: undefined; error: Error };

export function createGoogleClient(options: GoogleClientOptions) {
  const common = {
    provider: 'google' as const,
    tokenSource: options.tokenSource,
    interpretError: interpretGoogleError,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.random ? { random: options.random } : {}),
  };
  const calendar: HttpClient = createHttpClient({ ...common, baseUrl: options.calendarBaseUrl });
  const meet: HttpClient = createHttpClient({ ...common, baseUrl: options.meetBaseUrl });
  const sleep = options.sleep ?? wait;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const conferenceWaitMs = options.conferenceWaitMs ?? 15_000;

  /**
   * Free/busy for many people over any range, in the fewest calls Google allows: calendars in
   * batches of 50, the range in chunks of at most 90 days, calls in parallel (bounded). A calendar
   * Google cannot show, or a batch whose call fails, makes exactly those people unknown.
   *
   * A group (mailing list) is one participant whose busy times are the union of its members':
   * the group is free only when every member is. If any member's calendar cannot be read, or
   * Google will not expand the group (`groupTooBig`), nobody can say when the whole group is
   * free, so the group is unknown, and its reason names who could not be read.
   */
  async function freeBusy(query: FreeBusyQuery): Promise<ParticipantAvailability[]> {
    const emails = uniqueEmails(query.emails);
    const from = Date.parse(query.timeMin);
    const to = Date.parse(query.timeMax);
    if (Number.isNaN(from) || Number.isNaN(to)) throw invalid(t('provider_rangeInvalid'));
    if (to <= from) throw invalid(t('provider_rangeBackwards'));
    if (emails.length === 0) return [];

    const chunks = splitRange(from, to, maxFreeBusyRangeMs);
    const batches = chunked(emails, maxCalendarsPerFreeBusy);
    const calls = batches.flatMap((batch) => chunks.map((chunk) => ({ batch, chunk })));
    const outcomes = await mapWithConcurrency(calls, concurrency, async ({ batch, chunk }): Promise<BatchOutcome> => {
      try {
        const answer = await calendar.requestJson({
          method: 'POST',
          path: '/freeBusy',
          body: { timeMin: new Date(chunk[0]).toISOString(), timeMax: new Date(chunk[1]).toISOString(), groupExpansionMax: maxGroupExpansion, items: batch.map((id) => ({ id })) },
          schema: freeBusyResponseSchema,
          // A read: repeating it is harmless, and it waits only as long as a read.
          idempotent: true,
          read: true,
          requiredScope: googleScope.freeBusy,
        });
        return { batch, answer };
      } catch (error) {
        // Missing consent or a dead sign-in affects everyone; the user has to act, so say so.
        if (endsWholeLookup(error)) throw error;
        return { batch, error: error instanceof Error ? error : new Error(String(error)) };
      }
    });

    const busyByEmail = new Map<string, BusyInterval[]>(emails.map((email) => [email, []]));
    const unknownByEmail = new Map<string, string>();
    for (const outcome of outcomes) {
      for (const email of outcome.batch) {
        if (unknownByEmail.has(email)) continue;
        if (outcome.error) {
          unknownByEmail.set(email, t('provider_noAnswerForCalendar', { provider: 'Google', detail: outcome.error.message }));
          continue;
        }
        const group = lookupCalendar(outcome.answer.groups ?? {}, email);
        const answer = group ? groupAnswer(group, outcome.answer.calendars) : calendarAnswer(lookupCalendar(outcome.answer.calendars, email));
        if ('unknown' in answer) unknownByEmail.set(email, answer.unknown);
        else busyByEmail.get(email)!.push(...answer.busy);
      }
    }
    return emails.map((email) => {
      const reason = unknownByEmail.get(email);
      if (reason !== undefined) return { email, availability: { status: 'unknown', reason } };
      return { email, availability: { status: 'known', busy: mergeTouching(busyByEmail.get(email)!) } };
    });
  }

  async function getEvent(eventId: string): Promise<GoogleEvent> {
    return calendar.requestJson({ method: 'GET', path: `/calendars/primary/events/${encodeURIComponent(eventId)}`, schema: eventSchema, requiredScope: googleScope.ownedEvents });
  }

  /**
   * Books a meeting on the user's primary calendar, with a Meet link when asked. The event id
   * derives from the operation key, so a retry after a lost answer meets 409 `duplicate` and
   * returns the event the first attempt created: never a second meeting or conference.
   */
  async function createMeeting(meeting: NewMeeting): Promise<BookedMeeting> {
    validateMeeting(meeting);
    const eventId = await eventIdFor(meeting.operationKey);
    const body = {
      id: eventId,
      summary: meeting.summary,
      ...(meeting.description ? { description: meeting.description } : {}),
      ...(meeting.location ? { location: meeting.location } : {}),
      start: { dateTime: toUtc(meeting.start), timeZone: meeting.timeZone },
      end: { dateTime: toUtc(meeting.end), timeZone: meeting.timeZone },
      attendees: meeting.attendees.map((attendee) => ({ email: attendee.email, ...(attendee.optional ? { optional: true } : {}) })),
      extendedProperties: { private: { [partnerKeyProperty]: meeting.operationKey, [partnerMarkerProperty]: partnerMarkerValue } },
      ...(meeting.withMeet ? { conferenceData: { createRequest: { requestId: meeting.operationKey, conferenceSolutionKey: { type: 'hangoutsMeet' } } } } : {}),
    };
    let event: GoogleEvent;
    let recovered = false;
    try {
      event = await calendar.requestJson({
        method: 'POST',
        path: '/calendars/primary/events',
        query: { conferenceDataVersion: 1, sendUpdates: meeting.sendUpdates ?? 'all' },
        body,
        schema: eventSchema,
        // The client-chosen id makes a repeat a 409, never a second event.
        idempotent: true,
        requiredScope: googleScope.ownedEvents,
      });
    } catch (error) {
      if (!(isProviderError(error, 'conflict') && error.reason === 'duplicate')) throw error;
      event = requireOwnKey(await getEvent(eventId), meeting.operationKey);
      recovered = true;
    }
    return withConference(await waitForConference(event, meeting.withMeet), recovered);
  }

  /**
   * The event an earlier `createMeeting` with this operation key made, looked up by the id that
   * key derives; undefined when Google certainly has none (404). Any other failure is thrown, so
   * a caller never mistakes "could not ask" for "not there".
   */
  async function findMeeting(operationKey: string, options: { withMeet: boolean }): Promise<BookedMeeting | undefined> {
    let event: GoogleEvent;
    try {
      event = await getEvent(await eventIdFor(operationKey));
    } catch (error) {
      if (isProviderError(error, 'not-found') && error.status === 404) return undefined;
      throw error;
    }
    return withConference(await waitForConference(requireOwnKey(event, operationKey), options.withMeet), true);
  }

  async function waitForConference(event: GoogleEvent, wanted: boolean): Promise<GoogleEvent> {
    if (!wanted) return event;
    let current = event;
    let waited = 0;
    for (let attempt = 0; conferenceStatus(current) === 'pending' && waited < conferenceWaitMs; attempt += 1) {
      const delay = Math.min(500 * 2 ** attempt, 4_000, conferenceWaitMs - waited);
      await sleep(delay);
      waited += delay;
      current = await getEvent(current.id);
    }
    return current;
  }

  /** Changes an event Overlap created; refuses any other event before writing anything. */
  async function updateMeeting(eventId: string, changes: MeetingChanges, options: { sendUpdates?: 'all' | 'externalOnly' | 'none'; etag?: string } = {}): Promise<GoogleEvent> {
    const current = await requirePartnerEvent(eventId);
    if ((changes.start || changes.end) && !changes.timeZone && !current.start.timeZone) throw invalid(t('provider_moveNeedsZone'));
    const timeZone = changes.timeZone ?? current.start.timeZone;
    const patch = {
      ...(changes.summary !== undefined ? { summary: changes.summary } : {}),
      ...(changes.description !== undefined ? { description: changes.description } : {}),
      ...(changes.start ? { start: { dateTime: toUtc(changes.start), timeZone } } : {}),
      ...(changes.end ? { end: { dateTime: toUtc(changes.end), timeZone } } : {}),
      ...(changes.attendees ? { attendees: changes.attendees.map((attendee) => ({ email: attendee.email, ...(attendee.optional ? { optional: true } : {}) })) } : {}),
    };
    try {
      return await calendar.requestJson({
        method: 'PATCH',
        path: `/calendars/primary/events/${encodeURIComponent(eventId)}`,
        query: { sendUpdates: options.sendUpdates ?? 'all' },
        headers: { 'If-Match': options.etag ?? current.etag },
        body: patch,
        schema: eventSchema,
        // If-Match makes a repeat fail with 412 instead of applying twice.
        idempotent: true,
        requiredScope: googleScope.ownedEvents,
      });
    } catch (error) {
      if (!(isProviderError(error, 'conflict') && error.status === 412)) throw error;
      // A repeat after a lost answer carries the etag from before Google applied the first
      // attempt; so does a write after someone else's change. What Google holds now tells which.
      const now = await getEvent(eventId);
      if (holdsChanges(now, changes)) return now;
      throw new ProviderError({
        provider: 'google',
        kind: 'conflict',
        status: 412,
        reason: 'changedElsewhere',
        message: t('provider_googleChangedElsewhere'),
      });
    }
  }

  /** Cancels an event Overlap created (attendees are told); refuses any other event. */
  async function cancelMeeting(eventId: string, options: { sendUpdates?: 'all' | 'externalOnly' | 'none'; etag?: string } = {}): Promise<void> {
    const current = await requirePartnerEvent(eventId);
    if (current.status === 'cancelled') return;
    try {
      await calendar.request({
        method: 'DELETE',
        path: `/calendars/primary/events/${encodeURIComponent(eventId)}`,
        query: { sendUpdates: options.sendUpdates ?? 'all' },
        headers: { 'If-Match': options.etag ?? current.etag },
        requiredScope: googleScope.ownedEvents,
      });
    } catch (error) {
      // A repeat after a lost answer finds the event already gone: the cancellation happened.
      if (isProviderError(error, 'not-found') && error.status === 410) return;
      throw error;
    }
  }

  function requireOwnKey(event: GoogleEvent, operationKey: string): GoogleEvent {
    if (event.extendedProperties?.private?.[partnerKeyProperty] !== operationKey) {
      throw new ProviderError({ provider: 'google', kind: 'conflict', reason: 'duplicate', message: t('provider_googleIdTaken') });
    }
    return event;
  }

  async function requirePartnerEvent(eventId: string): Promise<GoogleEvent> {
    const event = await getEvent(eventId);
    if (!event.extendedProperties?.private?.[partnerKeyProperty]) {
      throw new ProviderError({
        provider: 'google',
        kind: 'not-partner-event',
        message: t('provider_notOurs'),
      });
    }
    return event;
  }

  async function getTimeZone(): Promise<string> {
    const setting = await calendar.requestJson({ method: 'GET', path: '/users/me/settings/timezone', schema: settingSchema, requiredScope: googleScope.settings });
    if (!isIanaZone(setting.value)) {
      throw new ProviderError({ provider: 'google', kind: 'malformed-response', field: 'value', message: t('provider_unknownZone', { zone: setting.value }) });
    }
    return setting.value;
  }

  /**
   * A Meet space for a meeting that lives elsewhere (Outlook). Every call creates a new space, so
   * it is never retried automatically.
   */
  async function createMeetSpace(): Promise<{ name: string; meetingUri: string; meetingCode: string }> {
    return meet.requestJson({ method: 'POST', path: '/spaces', body: {}, schema: meetSpaceSchema, idempotent: false, requiredScope: googleScope.meetSpaces });
  }

  return { freeBusy, createMeeting, findMeeting, getEvent, updateMeeting, cancelMeeting, getTimeZone, createMeetSpace };
}

/**
 * Whether the event already shows the time and title asked for (instants compared, not their
 * spelling). Only these are read back: a move is what a repeat after a lost answer must recognise.
 */
function holdsChanges(event: GoogleEvent, changes: MeetingChanges): boolean {
  const sameInstant = (held: string | undefined, wanted: string | undefined) => wanted === undefined || (held !== undefined && Date.parse(held) === Date.parse(wanted));
  return sameInstant(event.start.dateTime, changes.start) && sameInstant(event.end.dateTime, changes.end) && (changes.summary === undefined || event.summary === changes.summary);
}

function withConference(event: GoogleEvent, recovered: boolean): BookedMeeting {
  const status = conferenceStatus(event);
  const joinUrl = event.conferenceData?.entryPoints?.find((entry) => entry.entryPointType === 'video')?.uri;
  const base = { eventId: event.id, etag: event.etag, recovered, event, ...(event.htmlLink ? { htmlLink: event.htmlLink } : {}) };
  if (status === 'none') return { ...base, conference: 'none' };
  if (status === 'success' && joinUrl) return { ...base, conference: 'ready', joinUrl };
  // Google made the conference, but no video link survived the https check.
  if (status === 'success') return { ...base, conference: 'failed', conferenceMessage: t('provider_meetUnusable') };
  if (status === 'failure') return { ...base, conference: 'failed', conferenceMessage: t('provider_meetFailed') };
  return { ...base, conference: 'pending', conferenceMessage: t('provider_meetPending') };
}

function conferenceStatus(event: GoogleEvent): 'pending' | 'success' | 'failure' | 'none' {
  if (!event.conferenceData) return 'none';
  return event.conferenceData.createRequest?.status?.statusCode ?? (event.conferenceData.entryPoints?.length ? 'success' : 'pending');
}

/** A stable Google event id for an operation key: lower-case base32hex of its SHA-256. */
export async function eventIdFor(operationKey: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(operationKey)));
  const alphabet = '0123456789abcdefghijklmnopqrstuv';
  let bits = 0;
  let value = 0;
  let id = 'ov';
  for (const byte of digest) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      id += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return id;
}

function validateMeeting(meeting: NewMeeting): void {
  if (!meeting.operationKey || meeting.operationKey.length > 200) throw invalid(t('provider_operationKeyLength'));
  if (!meeting.summary.trim()) throw invalid(t('provider_meetingNeedsTitle'));
  const start = Date.parse(meeting.start);
  const end = Date.parse(meeting.end);
  if (Number.isNaN(start) || Number.isNaN(end)) throw invalid(t('provider_meetingNeedsTimes'));
  if (end <= start) throw invalid(t('provider_meetingBackwards'));
  if (!isIanaZone(meeting.timeZone)) throw invalid(t('provider_unknownMeetingZone', { zone: meeting.timeZone }));
}

function invalid(message: string): ProviderError {
  return new ProviderError({ provider: 'google', kind: 'invalid-request', message });
}

function uniqueEmails(emails: string[]): string[] {
  const seen = new Set<string>();
  const unique: string[] = [];
  for (const raw of emails) {
    const email = raw.trim().toLowerCase();
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw invalid(t('provider_notAnEmail', { address: raw }));
    if (!seen.has(email)) {
      seen.add(email);
      unique.push(email);
    }
  }
  return unique;
}

function lookupCalendar<T>(calendars: Record<string, T>, email: string): T | undefined {
  if (email in calendars) return calendars[email];
  const key = Object.keys(calendars).find((candidate) => candidate.toLowerCase() === email);
  return key === undefined ? undefined : calendars[key];
}

type FreeBusyAnswer = z.infer<typeof freeBusyResponseSchema>;
type CalendarAnswer = { busy: BusyInterval[] } | { unknown: string };

function calendarAnswer(entry: FreeBusyAnswer['calendars'][string] | undefined): CalendarAnswer {
  if (!entry) return { unknown: t('provider_calendarMissing') };
  if (entry.errors && entry.errors.length > 0) return { unknown: calendarErrorReason(entry.errors[0]!.reason) };
  return { busy: (entry.busy ?? []).map((period) => ({ start: toUtc(period.start), end: toUtc(period.end), status: 'busy' as const })) };
}

/** A group's busy times are its members' together; one unreadable member makes the group unknown. */
function groupAnswer(group: NonNullable<FreeBusyAnswer['groups']>[string], calendars: FreeBusyAnswer['calendars']): CalendarAnswer {
  if (group.errors && group.errors.length > 0) return { unknown: calendarErrorReason(group.errors[0]!.reason) };
  const members = group.calendars ?? [];
  const answers = members.map((member) => ({ member, answer: calendarAnswer(lookupCalendar(calendars, member.toLowerCase())) }));
  const unreadable = answers.filter(({ answer }) => 'unknown' in answer).map(({ member }) => member);
  if (unreadable.length > 0) {
    return {
      unknown: t('provider_groupPartlyUnreadable', { read: members.length - unreadable.length, size: members.length, people: formatList(unreadable) }),
    };
  }
  return { busy: answers.flatMap(({ answer }) => ('busy' in answer ? answer.busy : [])) };
}

function calendarErrorReason(reason: string): string {
  switch (reason) {
    case 'notFound':
      return t('provider_calendarNotShared');
    case 'tooManyCalendarsRequested':
      return t('provider_tooManyCalendars');
    case 'groupTooBig':
      return t('provider_groupTooBig', { max: maxGroupExpansion });
    case 'internalError':
      return t('provider_googleInternal');
    default:
      return t('provider_calendarUnreadable', { reason });
  }
}

function toUtc(value: string): string {
  return new Date(value).toISOString();
}

/** Busy periods from adjacent chunks meet at the boundary; join them back into one. */
function mergeTouching(intervals: BusyInterval[]): BusyInterval[] {
  const sorted = [...intervals].sort((a, b) => compareInstants(a.start, b.start));
  const merged: BusyInterval[] = [];
  for (const interval of sorted) {
    const last = merged.at(-1);
    if (last && interval.start <= last.end) {
      if (interval.end > last.end) last.end = interval.end;
    } else {
      merged.push({ ...interval });
    }
  }
  return merged;
}

function isIanaZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone !== '' && zone.trim() === zone;
  } catch {
    return false;
  }
}
