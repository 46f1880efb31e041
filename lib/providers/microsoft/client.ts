import { formatList, t } from '@/lib/i18n';
import { chunked, sleep as wait, splitRange } from '../calls';
import { byStartThenEnd } from '../busy-order';
import { mapWithConcurrency } from '../concurrency';
import type { z } from 'zod';
import { ProviderError, endsWholeLookup, isProviderError } from '../errors';
import { createHttpClient, type ErrorAnswer, type HttpClientOptions, type InterpretedError, type JsonRequest } from '../http';
import type { BusyInterval, BusyStatus, ParticipantAvailability } from '../types';
import { graphUtc, instantFromGraph, toIanaZone } from './time';
import {
  calendarSchema,
  eventPageSchema,
  eventSchema,
  getScheduleResponseSchema,
  graphErrorSchema,
  mailboxSettingsSchema,
  onlineMeetingSchema,
  type OnlineMeetingProvider,
  type WireEvent,
} from './wire';

/** Overlap's tag on the events it creates; the GUID is ours alone and must never change. */
export const partnerPropertyId = 'String {6f1c2b9a-4e3d-4a57-8b0e-9d2c7f1a3e65} Name OverlapPartner';

/** getSchedule's documented limits: 20 schedules a call, a window shorter than 62 days. */
export const maxSchedulesPerCall = 20;
const dayMs = 24 * 60 * 60 * 1000;
export const maxScheduleWindowMs = 62 * dayMs - 60_000;

/** Outlook allows 4 concurrent requests per app and mailbox; more only earns 429s. */
const defaultConcurrency = 4;

const calendarRead = 'Calendars.ReadBasic';
const calendarWrite = 'Calendars.ReadWrite';
const mailboxRead = 'MailboxSettings.Read';
const onlineMeetingsWrite = 'OnlineMeetings.ReadWrite';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export type WeeklyHours = Record<Weekday, { start: string; end: string }[]>;

/** ParticipantAvailability plus the working hours Exchange reports beside it. */
export type MicrosoftParticipantAvailability = ParticipantAvailability & { workingHours?: WeeklyHours };

export interface MicrosoftClientOptions extends Omit<HttpClientOptions, 'provider' | 'interpretError'> {
  /** Parallel getSchedule calls at most. */
  concurrency?: number;
  /** How often to re-read an event whose Teams link is not there yet. */
  joinUrlPolls?: number;
  joinUrlPollDelayMs?: number;
}

export interface AvailabilityRequest {
  emails: string[];
  start: Date;
  end: Date;
  /**
   * The signed-in user's own address. Their calendar is read from calendarView whenever
   * getSchedule cannot answer for it, which at personal accounts is always.
   */
  self?: string;
}

export interface PartnerEventInput {
  /** The caller's persisted operation key: a retry with the same key never makes a second event. */
  operationKey: string;
  subject: string;
  bodyHtml?: string;
  start: Date;
  end: Date;
  attendees: { email: string; name?: string; optional?: boolean }[];
  location?: string;
  /** 'none' for no online meeting; otherwise the provider, which the calendar must allow. */
  onlineMeeting: OnlineMeetingProvider | 'none';
}

export interface PartnerEvent {
  eventId: string;
  joinUrl: string | null;
  webLink: string | null;
  start: string;
  end: string;
}

export interface PartnerEventChanges {
  subject?: string;
  bodyHtml?: string;
  start?: Date;
  end?: Date;
  attendees?: PartnerEventInput['attendees'];
  location?: string;
}

const statusMap: Record<string, BusyStatus | undefined> = {
  busy: 'busy',
  tentative: 'tentative',
  oof: 'outOfOffice',
  workingElsewhere: 'workingElsewhere',
  free: 'free',
  // Exchange could not say: treat the time as possibly taken rather than free.
  unknown: 'tentative',
};

const graphWeekdays: Record<string, Weekday> = {
  monday: 'mon',
  tuesday: 'tue',
  wednesday: 'wed',
  thursday: 'thu',
  friday: 'fri',
  saturday: 'sat',
  sunday: 'sun',
};

/** Reads Graph's error body into the shared error kinds; 403 ErrorAccessDenied means a scope is missing. */
export function interpretGraphError(answer: ErrorAnswer): InterpretedError | undefined {
  const parsed = graphErrorSchema.safeParse(answer.body);
  const code = parsed.success ? parsed.data.error.code : undefined;
  const graphMessage = parsed.success ? parsed.data.error.message : undefined;
  if (answer.status === 403 && (code === 'ErrorAccessDenied' || code === 'Authorization_RequestDenied')) {
    return { kind: 'consent-needed', ...(code ? { reason: code } : {}), retryable: false };
  }
  if (answer.status === 404) return { kind: 'not-found', ...(code ? { reason: code } : {}) };
  if (answer.status === 400 && code) {
    return { kind: 'invalid-request', reason: code, message: t('provider_microsoftRejected', { detail: graphMessage ?? code }) };
  }
  return code ? { kind: answer.status === 401 ? 'unauthorized' : answer.status === 429 ? 'rate-limited' : answer.status >= 500 ? 'unavailable' : 'invalid-request', reason: code } : undefined;
}

function toWeeklyHours(hours: z.infer<typeof mailboxSettingsSchema>['workingHours']): WeeklyHours | undefined {
  if (!hours) return undefined;
  const start = hours.startTime.slice(0, 5);
  const end = hours.endTime.slice(0, 5);
  if (!/^\d{2}:\d{2}$/.test(start) || !/^\d{2}:\d{2}$/.test(end)) return undefined;
  const week: WeeklyHours = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
  for (const day of hours.daysOfWeek) {
    const weekday = graphWeekdays[day];
    if (weekday) week[weekday] = [{ start, end }];
  }
  return week;
}

/** Splits [start, end) into the fewest windows getSchedule accepts. */
export function scheduleWindows(start: Date, end: Date): { start: Date; end: Date }[] {
  return splitRange(start.getTime(), end.getTime(), maxScheduleWindowMs).map(([from, to]) => ({ start: new Date(from), end: new Date(to) }));
}

function odataQuote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export function createMicrosoftClient(options: MicrosoftClientOptions) {
  const http = createHttpClient({ ...options, provider: 'microsoft', interpretError: interpretGraphError });
  const concurrency = options.concurrency ?? defaultConcurrency;
  const sleep = options.sleep ?? wait;
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const utcPrefer = { prefer: 'outlook.timezone="UTC"' };
  const partnerExpand = `singleValueExtendedProperties($filter=id eq ${odataQuote(partnerPropertyId)})`;

  const malformed = (field: string, message: string) =>
    new ProviderError({ provider: 'microsoft', kind: 'malformed-response', field, message: t('provider_microsoftMalformed', { detail: message }) });

  function instant(value: { dateTime: string; timeZone?: string | null | undefined }, field: string): Date {
    const parsed = instantFromGraph(value.dateTime, value.timeZone);
    if (!parsed) throw malformed(field, `field "${field}" holds "${value.dateTime}" in zone "${value.timeZone}".`);
    return parsed;
  }

  function validateWindow(start: Date, end: Date) {
    if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || end <= start) {
      throw new ProviderError({ provider: 'microsoft', kind: 'invalid-request', message: t('provider_rangeBackwards') });
    }
  }

  async function getScheduleBatch(emails: string[], window: { start: Date; end: Date }) {
    return http.requestJson({
      method: 'POST',
      path: '/me/calendar/getSchedule',
      headers: utcPrefer,
      body: { schedules: emails, startTime: graphUtc(window.start), endTime: graphUtc(window.end), availabilityViewInterval: 30 },
      schema: getScheduleResponseSchema,
      // A read that happens to be a POST: repeating it is harmless, and it waits only as long as a read.
      idempotent: true,
      read: true,
      requiredScope: calendarRead,
    });
  }

  /**
   * Free/busy for colleagues and, when `self` is among them, the signed-in user. getSchedule
   * answers first; the user's own calendar falls back to calendarView when getSchedule could not
   * show it, so a personal account's organizer is never "unknown" while their calendar is readable.
   */
  async function getAvailability(request: AvailabilityRequest): Promise<MicrosoftParticipantAvailability[]> {
    const { answers, refused } = await getSchedules(request);
    const self = request.self?.trim().toLowerCase();
    const ownAnswer = answers.find((answer) => answer.email === self);
    if (!self || !ownAnswer || ownAnswer.availability.status === 'known') return answers;
    const own = await getOwnAvailability({ email: self, start: request.start, end: request.end });
    // getSchedule refused a request about the user's own calendar, which their calendar view
    // shows: this account cannot look anyone up, so the others learn why, not just "no answer".
    const accountCannotLookUp = refused.has(self);
    return answers.map((answer) => {
      if (answer === ownAnswer) return { ...answer, ...own };
      if (!accountCannotLookUp || !refused.has(answer.email) || answer.availability.status !== 'unknown') return answer;
      return { ...answer, availability: { status: 'unknown', reason: t('provider_personalAccount', { detail: answer.availability.reason }) } };
    });
  }

  /**
   * Free/busy for colleagues through getSchedule, in ≤ 20-person batches and < 62-day windows,
   * a few calls at a time. A person Exchange cannot answer for, or whose batch failed, becomes
   * unknown; the others keep their answers. A missing scope or a dead sign-in fails the whole call,
   * since nobody's availability can be read then and the user has to act.
   */
  async function getSchedules(request: AvailabilityRequest): Promise<{ answers: MicrosoftParticipantAvailability[]; refused: Set<string> }> {
    validateWindow(request.start, request.end);
    const emails = [...new Set(request.emails.map((email) => email.trim().toLowerCase()).filter(Boolean))];
    const batches = chunked(emails, maxSchedulesPerCall);
    const windows = scheduleWindows(request.start, request.end);
    const calls = batches.flatMap((batch) => windows.map((window) => ({ batch, window })));

    const people = new Map<string, { busy: Map<string, BusyInterval>; unknown?: string; timeZone?: string; workingHours?: WeeklyHours }>(
      emails.map((email) => [email, { busy: new Map() }]),
    );
    const outcomes = await mapWithConcurrency(calls, concurrency, async (call) => {
      try {
        return { call, answer: await getScheduleBatch(call.batch, call.window) };
      } catch (error) {
        if (endsWholeLookup(error)) throw error;
        return { call, error: error instanceof Error ? error : new Error(String(error)) };
      }
    });

    /** People in a call Graph refused as a bad request, rather than one that failed on the way. */
    const refused = new Set<string>();
    for (const outcome of outcomes) {
      if ('error' in outcome && outcome.error) {
        for (const email of outcome.call.batch) {
          if (isProviderError(outcome.error, 'invalid-request')) refused.add(email);
          people.get(email)!.unknown ??= t('provider_noAnswerForPerson', { detail: outcome.error.message });
        }
        continue;
      }
      const answered = new Set<string>();
      for (const [index, schedule] of (outcome.answer?.value ?? []).entries()) {
        const email = schedule.scheduleId.toLowerCase();
        const person = people.get(email);
        if (!person) continue;
        answered.add(email);
        if (schedule.error) {
          person.unknown ??= t('provider_microsoftCannotShow', { reason: schedule.error.responseCode ?? schedule.error.message ?? t('provider_noReasonGiven') });
          continue;
        }
        for (const [itemIndex, item] of (schedule.scheduleItems ?? []).entries()) {
          const field = `value.${index}.scheduleItems.${itemIndex}`;
          const start = instant(item.start, `${field}.start`).toISOString();
          const end = instant(item.end, `${field}.end`).toISOString();
          const status = statusMap[item.status] ?? 'busy';
          // Items that cross a window boundary come back in both windows.
          person.busy.set(`${start}|${end}|${status}`, { start, end, status });
        }
        const zone = toIanaZone(schedule.workingHours?.timeZone?.name);
        if (zone) {
          person.timeZone = zone;
          const hours = toWeeklyHours(schedule.workingHours);
          if (hours) person.workingHours = hours;
        }
      }
      for (const email of outcome.call.batch) {
        if (!answered.has(email)) people.get(email)!.unknown ??= t('provider_personLeftOut');
      }
    }

    const answers = emails.map((email): MicrosoftParticipantAvailability => {
      const person = people.get(email)!;
      const base = {
        email,
        ...(person.timeZone ? { timeZone: person.timeZone } : {}),
        ...(person.workingHours ? { workingHours: person.workingHours } : {}),
      };
      if (person.unknown) return { ...base, availability: { status: 'unknown' as const, reason: person.unknown } };
      const busy = [...person.busy.values()].sort(byStartThenEnd);
      return { ...base, availability: { status: 'known' as const, busy } };
    });
    return { answers, refused };
  }

  async function listCalendarView(start: Date, end: Date): Promise<WireEvent[]> {
    const events: WireEvent[] = [];
    let page: JsonRequest<z.infer<typeof eventPageSchema>> | undefined = {
      method: 'GET',
      path: '/me/calendarView',
      headers: utcPrefer,
      query: {
        startDateTime: start.toISOString(),
        endDateTime: end.toISOString(),
        // Only what free/busy needs: no subjects leave Exchange for this read.
        $select: 'start,end,showAs,isAllDay,isCancelled',
        $top: 250,
      },
      schema: eventPageSchema,
      requiredScope: calendarRead,
    };
    while (page) {
      const answer: z.infer<typeof eventPageSchema> = await http.requestJson(page);
      events.push(...answer.value);
      const next = answer['@odata.nextLink'];
      if (!next) break;
      if (!next.startsWith(`${baseUrl}/`)) throw malformed('@odata.nextLink', `the next page link points outside ${baseUrl}.`);
      page = { ...page, path: next.slice(baseUrl.length), query: {} };
    }
    return events;
  }

  /**
   * The signed-in user's own free/busy from their calendar: the only way for personal accounts,
   * where getSchedule is not offered.
   */
  async function getOwnAvailability(request: { email: string; start: Date; end: Date }): Promise<MicrosoftParticipantAvailability> {
    validateWindow(request.start, request.end);
    // Time zone and working hours are the "read-time-zone" feature's (MailboxSettings.Read), not
    // this read's: a token for free/busy alone would only earn a 403 asking for them.
    const events = await listCalendarView(request.start, request.end);
    const busy: BusyInterval[] = events
      .filter((event) => !event.isCancelled)
      .map((event, index) => ({
        start: instant(event.start, `value.${index}.start`).toISOString(),
        end: instant(event.end, `value.${index}.end`).toISOString(),
        status: statusMap[event.showAs ?? 'busy'] ?? 'busy',
        ...(event.isAllDay ? { allDay: true } : {}),
      }));
    return { email: request.email.toLowerCase(), availability: { status: 'known', busy } };
  }

  /**
   * The mailbox's time zone (Windows names converted to IANA) and working hours. The hours come
   * back only when they are kept in that same zone: a person's hours are placed in their one
   * zone, and hours in a zone nobody can name, or another one, would land at the wrong time.
   */
  async function getMailboxSettings(): Promise<{ timeZone?: string; workingHours?: WeeklyHours }> {
    const settings = await http.requestJson({ method: 'GET', path: '/me/mailboxSettings', schema: mailboxSettingsSchema, requiredScope: mailboxRead });
    const timeZone = toIanaZone(settings.timeZone);
    const hoursZone = toIanaZone(settings.workingHours?.timeZone?.name ?? settings.timeZone);
    const workingHours = timeZone && hoursZone === timeZone ? toWeeklyHours(settings.workingHours) : undefined;
    return { ...(timeZone ? { timeZone } : {}), ...(workingHours ? { workingHours } : {}) };
  }

  async function getCalendar() {
    const calendar = await http.requestJson({ method: 'GET', path: '/me/calendar', schema: calendarSchema, requiredScope: calendarRead });
    return { allowedOnlineMeetingProviders: calendar.allowedOnlineMeetingProviders ?? [], defaultOnlineMeetingProvider: calendar.defaultOnlineMeetingProvider ?? null };
  }

  const partnerKeyOf = (event: WireEvent) =>
    event.singleValueExtendedProperties?.find((property) => property.id.toLowerCase() === partnerPropertyId.toLowerCase())?.value ?? undefined;

  function toPartnerEvent(event: WireEvent): PartnerEvent {
    return {
      eventId: event.id,
      joinUrl: event.onlineMeeting?.joinUrl ?? null,
      webLink: event.webLink ?? null,
      start: instant(event.start, 'start').toISOString(),
      end: instant(event.end, 'end').toISOString(),
    };
  }

  async function findTaggedEvent(operationKey: string): Promise<WireEvent | undefined> {
    const page = await http.requestJson({
      method: 'GET',
      path: '/me/events',
      headers: utcPrefer,
      query: {
        $filter: `singleValueExtendedProperties/Any(ep: ep/id eq ${odataQuote(partnerPropertyId)} and ep/value eq ${odataQuote(operationKey)})`,
        $expand: partnerExpand,
        $top: 2,
      },
      schema: eventPageSchema,
      requiredScope: calendarRead,
    });
    return page.value[0];
  }

  /**
   * The event an earlier `createPartnerEvent` with this operation key made, found by Overlap's
   * tag; undefined when the mailbox has none. A failed search is thrown, never read as "none".
   */
  async function findPartnerEvent(operationKey: string, options: { waitForJoinUrl?: boolean } = {}): Promise<PartnerEvent | undefined> {
    const existing = await findTaggedEvent(operationKey);
    if (!existing) return undefined;
    return toPartnerEvent(options.waitForJoinUrl ? await waitForJoinUrl(existing) : existing);
  }

  async function readEvent(eventId: string): Promise<WireEvent> {
    return http.requestJson({
      method: 'GET',
      path: `/me/events/${encodeURIComponent(eventId)}`,
      headers: utcPrefer,
      query: { $expand: partnerExpand },
      schema: eventSchema,
      requiredScope: calendarRead,
    });
  }

  async function waitForJoinUrl(event: WireEvent): Promise<WireEvent> {
    let current = event;
    for (let poll = 0; poll < (options.joinUrlPolls ?? 3) && !current.onlineMeeting?.joinUrl; poll += 1) {
      await sleep(options.joinUrlPollDelayMs ?? 1000);
      current = await readEvent(current.id);
    }
    return current;
  }

  const attendeesWire = (attendees: PartnerEventInput['attendees']) =>
    attendees.map((attendee) => ({
      type: attendee.optional ? 'optional' : 'required',
      emailAddress: { address: attendee.email, ...(attendee.name ? { name: attendee.name } : {}) },
    }));

  /**
   * Creates the meeting in the signed-in user's calendar, tagged as Overlap's. Safe to call again
   * with the same operation key after any failure: an earlier success is found (by the tag, or by
   * Graph's transactionId on a repeated POST) and returned instead of a second event.
   */
  async function createPartnerEvent(input: PartnerEventInput): Promise<PartnerEvent> {
    if (!input.operationKey.trim()) {
      throw new ProviderError({ provider: 'microsoft', kind: 'invalid-request', message: t('provider_needsOperationKey') });
    }
    validateWindow(input.start, input.end);
    const existing = await findPartnerEvent(input.operationKey, { waitForJoinUrl: input.onlineMeeting !== 'none' });
    if (existing) return existing;

    if (input.onlineMeeting !== 'none') {
      const calendar = await getCalendar();
      if (!calendar.allowedOnlineMeetingProviders.includes(input.onlineMeeting)) {
        const allowed = calendar.allowedOnlineMeetingProviders.filter((provider) => provider !== 'unknown');
        throw new ProviderError({
          provider: 'microsoft',
          kind: 'invalid-request',
          reason: 'onlineMeetingProviderNotAllowed',
          message: t('provider_onlineMeetingNotAllowed', { kind: input.onlineMeeting, allowed: allowed.length ? formatList(allowed) : t('provider_noOnlineMeetings') }),
        });
      }
    }

    const created = await http.requestJson({
      method: 'POST',
      path: '/me/events',
      headers: utcPrefer,
      body: {
        subject: input.subject,
        body: { contentType: 'html', content: input.bodyHtml ?? '' },
        start: graphUtc(input.start),
        end: graphUtc(input.end),
        attendees: attendeesWire(input.attendees),
        ...(input.location ? { location: { displayName: input.location } } : {}),
        ...(input.onlineMeeting === 'none' ? {} : { isOnlineMeeting: true, onlineMeetingProvider: input.onlineMeeting }),
        transactionId: input.operationKey,
        singleValueExtendedProperties: [{ id: partnerPropertyId, value: input.operationKey }],
      },
      schema: eventSchema,
      // transactionId makes Graph answer a repeat with the event it already made.
      idempotent: true,
      requiredScope: calendarWrite,
    });
    const withLink =
      input.onlineMeeting === 'teamsForBusiness' || input.onlineMeeting === 'skypeForBusiness' ? await waitForJoinUrl(created) : created;
    return toPartnerEvent(withLink);
  }

  /** Reads the event and refuses, before any write, unless Overlap created it. */
  async function requirePartnerEvent(eventId: string): Promise<WireEvent> {
    const event = await readEvent(eventId);
    if (!partnerKeyOf(event)) {
      throw new ProviderError({
        provider: 'microsoft',
        kind: 'not-partner-event',
        message: t('provider_notOursMicrosoft'),
      });
    }
    return event;
  }

  async function updatePartnerEvent(eventId: string, changes: PartnerEventChanges): Promise<PartnerEvent> {
    await requirePartnerEvent(eventId);
    if (changes.start && changes.end) validateWindow(changes.start, changes.end);
    const updated = await http.requestJson({
      method: 'PATCH',
      path: `/me/events/${encodeURIComponent(eventId)}`,
      headers: utcPrefer,
      body: {
        ...(changes.subject !== undefined ? { subject: changes.subject } : {}),
        ...(changes.bodyHtml !== undefined ? { body: { contentType: 'html', content: changes.bodyHtml } } : {}),
        ...(changes.start ? { start: graphUtc(changes.start) } : {}),
        ...(changes.end ? { end: graphUtc(changes.end) } : {}),
        ...(changes.attendees ? { attendees: attendeesWire(changes.attendees) } : {}),
        ...(changes.location !== undefined ? { location: { displayName: changes.location } } : {}),
      },
      schema: eventSchema,
      // Setting the same fields twice leaves the same event.
      idempotent: true,
      requiredScope: calendarWrite,
    });
    return toPartnerEvent(updated);
  }

  /**
   * Cancels an event Overlap created. Graph moves the organizer's copy to Deleted Items, after
   * which the event answers 404: so a 404, on the read or on the cancel, means it is already done,
   * and a repeat after a lost answer succeeds (as Google's 410 does).
   */
  async function cancelPartnerEvent(eventId: string, comment: string): Promise<void> {
    try {
      const event = await requirePartnerEvent(eventId);
      if (event.isOrganizer === false) {
        throw new ProviderError({ provider: 'microsoft', kind: 'invalid-request', message: t('provider_onlyOrganizerCancels') });
      }
      await http.request({
        method: 'POST',
        path: `/me/events/${encodeURIComponent(eventId)}/cancel`,
        body: { comment },
        // A repeat finds the event gone, which is the outcome asked for.
        idempotent: true,
        requiredScope: calendarWrite,
      });
    } catch (error) {
      if (isProviderError(error, 'not-found')) return;
      throw error;
    }
  }

  /**
   * A Teams link for a meeting that lives elsewhere (e.g. in Google Calendar); work or school
   * accounts only. `createOrGet` by the caller's operation key makes a retry return the same
   * meeting instead of a second one.
   */
  async function createTeamsMeeting(input: { externalId: string; subject: string; start: Date; end: Date }): Promise<{ joinUrl: string; meetingId: string }> {
    validateWindow(input.start, input.end);
    const meeting = await http.requestJson({
      method: 'POST',
      path: '/me/onlineMeetings/createOrGet',
      body: { externalId: input.externalId, subject: input.subject, startDateTime: input.start.toISOString(), endDateTime: input.end.toISOString() },
      schema: onlineMeetingSchema,
      idempotent: true,
      requiredScope: onlineMeetingsWrite,
    });
    return { joinUrl: meeting.joinWebUrl, meetingId: meeting.id };
  }

  return {
    getAvailability,
    getOwnAvailability,
    getMailboxSettings,
    getCalendar,
    createPartnerEvent,
    findPartnerEvent,
    updatePartnerEvent,
    cancelPartnerEvent,
    createTeamsMeeting,
  };
}

export type MicrosoftClient = ReturnType<typeof createMicrosoftClient>;
