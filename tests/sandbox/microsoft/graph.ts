import { randomUUID } from 'node:crypto';
import type * as Graph from '@microsoft/microsoft-graph-types';
import { Hono, type Context } from 'hono';
import type { SandboxContext } from '../core/context';
import { standInMiddleware, type FaultRenderer, type StandInEnv } from '../core/stand-in';
import type { TokenCheck } from './identity';
import { newEventId, type Mailbox, type StoredAttendee, type StoredEvent } from './mailboxes';
import { fromGraphLocal, ianaZoneFor, toGraphLocal } from './zones';

/** getSchedule's request body; the Graph typings describe resources, not action parameters. */
export interface GetScheduleRequest {
  schedules: string[];
  startTime: Graph.DateTimeTimeZone;
  endTime: Graph.DateTimeTimeZone;
  availabilityViewInterval?: number;
}

export interface GraphErrorBody {
  error: { code: string; message: string; innerError: { 'request-id': string; date: string; 'client-request-id': string } };
}

type GraphEnv = StandInEnv & { Variables: { mailbox: Mailbox; scopes: Set<string> } };
type GraphContext = Context<GraphEnv>;

const maxSchedules = 20;
const maxScheduleDays = 62;
const dayMs = 24 * 60 * 60 * 1000;
const defaultPageSize = 10;
const maxPageSize = 1000;

const readScopes = ['Calendars.ReadBasic', 'Calendars.Read', 'Calendars.ReadWrite'];
const writeScopes = ['Calendars.ReadWrite'];
const mailboxSettingsScopes = ['MailboxSettings.Read', 'MailboxSettings.ReadWrite'];
const onlineMeetingScopes = ['OnlineMeetings.ReadWrite'];
const profileScopes = ['User.Read', 'User.ReadBasic.All', 'User.Read.All'];

export function graphError(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  const now = new Date();
  const body: GraphErrorBody = {
    error: {
      code,
      message,
      innerError: {
        'request-id': randomUUID(),
        date: now.toISOString().replace(/\.\d{3}Z$/, ''),
        'client-request-id': randomUUID(),
      },
    },
  };
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

const statusCodes: Record<number, [string, string]> = {
  400: ['BadRequest', 'The request is malformed or incorrect.'],
  401: ['InvalidAuthenticationToken', 'Access token validation failure.'],
  403: ['ErrorAccessDenied', 'Access is denied. Check credentials and try again.'],
  404: ['ErrorItemNotFound', 'The specified object was not found in the store.'],
  409: ['ErrorIrresolvableConflict', 'The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.'],
  429: ['ApplicationThrottled', 'Application is over its MailboxConcurrency limit.'],
  500: ['ErrorInternalServerError', 'An internal server error occurred. The operation failed.'],
  502: ['BadGateway', 'The service is temporarily unreachable.'],
  503: ['ServiceUnavailable', 'The service is temporarily unavailable. Please try again later.'],
  504: ['GatewayTimeout', 'The request timed out.'],
};

export const graphFaultRenderer: FaultRenderer = {
  status(fault) {
    const [code, message] = statusCodes[fault.status] ?? ['UnknownError', 'An unexpected error occurred.'];
    const headers: Record<string, string> = {};
    if (fault.retryAfterSeconds !== undefined) headers['Retry-After'] = String(fault.retryAfterSeconds);
    return graphError(fault.status, fault.reason ?? code, fault.message ?? message, headers);
  },
  wrongShape(body) {
    // Break a field a correct client must read, so its schema names that field.
    if (body && typeof body === 'object') {
      const record = body as Record<string, unknown>;
      if (Array.isArray(record.value)) {
        const [first, ...rest] = record.value as Record<string, unknown>[];
        if (!first) return { ...record, value: 'not a list' };
        const field = 'scheduleId' in first ? 'scheduleId' : 'id';
        return { ...record, value: [{ ...first, [field]: 42 }, ...rest] };
      }
      if ('timeZone' in record) return { ...record, timeZone: 42 };
      if ('id' in record) return { ...record, id: { unexpected: true } };
    }
    return { unexpected: true };
  },
};

function hasAny(scopes: Set<string>, accepted: string[]): boolean {
  const lower = new Set([...scopes].map((scope) => scope.toLowerCase()));
  return accepted.some((scope) => lower.has(scope.toLowerCase()));
}

/** The Prefer header's zone: Graph echoes the name it was given and renders wall-clock times in it. */
function preferredZone(c: GraphContext): { name: string; iana: string } | Response {
  const prefer = c.req.header('prefer') ?? '';
  const match = /outlook\.timezone\s*=\s*"([^"]+)"/i.exec(prefer);
  if (!match?.[1]) return { name: 'UTC', iana: 'UTC' };
  const iana = ianaZoneFor(match[1]);
  if (!iana) return graphError(400, 'TimeZoneNotSupportedException', `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${match[1]}'.`);
  return { name: match[1], iana };
}

function toDateTimeTimeZone(instant: Date, zone: { name: string; iana: string }): Graph.DateTimeTimeZone {
  return { dateTime: toGraphLocal(instant, zone.iana), timeZone: zone.name };
}

function parseDateTimeTimeZone(value: unknown, field: string): Date | Response {
  const candidate = value as Graph.DateTimeTimeZone | undefined;
  if (!candidate || typeof candidate.dateTime !== 'string') {
    return graphError(400, 'ErrorInvalidParameter', `The value of the parameter '${field}' is empty.`);
  }
  const iana = ianaZoneFor(candidate.timeZone ?? 'UTC');
  if (!iana) {
    return graphError(400, 'TimeZoneNotSupportedException', `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${candidate.timeZone}'.`);
  }
  const instant = fromGraphLocal(candidate.dateTime, iana);
  if (!instant) return graphError(400, 'ErrorInvalidParameter', `Cannot convert the literal '${candidate.dateTime}' to the expected type 'Edm.DateTimeOffset'.`);
  return instant;
}

const availabilityDigit: Record<Graph.FreeBusyStatus, number> = { free: 0, workingElsewhere: 0, unknown: 0, tentative: 1, busy: 2, oof: 3 };

function scheduleInformation(mailbox: Mailbox, start: Date, end: Date, intervalMinutes: number, zone: { name: string; iana: string }): Graph.ScheduleInformation {
  const items = [...mailbox.events.values()]
    .filter((event) => !event.isCancelled && event.start < end && event.end > start)
    .sort((a, b) => a.start.getTime() - b.start.getTime());
  let view = '';
  for (let slot = start.getTime(); slot < end.getTime(); slot += intervalMinutes * 60_000) {
    const slotEnd = slot + intervalMinutes * 60_000;
    const digit = items
      .filter((event) => event.start.getTime() < slotEnd && event.end.getTime() > slot)
      .reduce((highest, event) => Math.max(highest, availabilityDigit[event.showAs]), 0);
    view += String(digit);
  }
  const scheduleItems: Graph.ScheduleItem[] = items.map((event) => ({
    isPrivate: false,
    status: event.showAs,
    subject: event.subject,
    location: event.location,
    start: toDateTimeTimeZone(event.start, zone),
    end: toDateTimeTimeZone(event.end, zone),
  }));
  return {
    scheduleId: mailbox.email,
    availabilityView: view,
    scheduleItems,
    ...(mailbox.workingHours ? { workingHours: mailbox.workingHours } : {}),
  };
}

function renderEvent(event: StoredEvent, mailboxes: Map<string, Mailbox>, zone: { name: string; iana: string }, expand?: ExpandClause): Graph.Event {
  const nameOf = (email: string) => mailboxes.get(email)?.name ?? email;
  const rendered: Graph.Event = {
    id: event.id,
    createdDateTime: event.createdDateTime.toISOString(),
    lastModifiedDateTime: event.lastModifiedDateTime.toISOString(),
    changeKey: event.changeKey,
    iCalUId: event.iCalUId,
    subject: event.subject,
    bodyPreview: event.body.replace(/<[^>]*>/g, '').slice(0, 255),
    body: { contentType: 'html', content: event.body },
    start: toDateTimeTimeZone(event.start, zone),
    end: toDateTimeTimeZone(event.end, zone),
    isAllDay: event.isAllDay,
    showAs: event.showAs,
    isCancelled: event.isCancelled,
    isOrganizer: event.isOrganizer,
    type: 'singleInstance',
    responseRequested: true,
    organizer: { emailAddress: { name: nameOf(event.organizer), address: event.organizer } },
    attendees: event.attendees.map((attendee) => ({
      type: attendee.type,
      status: { response: 'none', time: '0001-01-01T00:00:00Z' },
      emailAddress: { name: attendee.name ?? nameOf(attendee.email), address: attendee.email },
    })),
    location: { displayName: event.location },
    isOnlineMeeting: event.isOnlineMeeting,
    onlineMeetingProvider: event.onlineMeetingProvider,
    onlineMeeting: event.joinUrl ? { joinUrl: event.joinUrl } : null,
    transactionId: event.transactionId,
    webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(event.id)}`,
  };
  if (expand) {
    rendered.singleValueExtendedProperties = [...event.extendedProperties.values()]
      .filter((property) => property.id.toLowerCase() === expand.propertyId.toLowerCase())
      .map((property) => ({ id: property.id, value: property.value }));
  }
  return rendered;
}

interface ExpandClause {
  propertyId: string;
}

const odataString = "'((?:[^']|'')*)'";
const unquote = (text: string) => text.replace(/''/g, "'");

/** `$expand=singleValueExtendedProperties($filter=id eq '…')`, the only expansion Exchange allows for them. */
function parseExpand(expand: string | undefined): ExpandClause | undefined | Response {
  if (!expand) return undefined;
  const match = new RegExp(`^singleValueExtendedProperties\\(\\$filter=id eq ${odataString}\\)$`, 'i').exec(expand.trim());
  if (!match?.[1]) return graphError(400, 'BadRequest', `Parsing OData Select and Expand failed: '${expand}' is not supported.`);
  return { propertyId: unquote(match[1]) };
}

/** `$filter=singleValueExtendedProperties/Any(ep: ep/id eq '…' and ep/value eq '…')`. */
function parseFilter(filter: string | undefined): ((event: StoredEvent) => boolean) | undefined | Response {
  if (!filter) return undefined;
  const match = new RegExp(
    `^singleValueExtendedProperties/any\\((\\w+):\\s*\\1/id eq ${odataString} and \\1/value eq ${odataString}\\)$`,
    'i',
  ).exec(filter.trim());
  if (!match?.[2] || match[3] === undefined) return graphError(400, 'ErrorInvalidUrlQueryFilter', 'The query filter contains one or more invalid nodes.');
  const id = unquote(match[2]).toLowerCase();
  const value = unquote(match[3]);
  return (event) => event.extendedProperties.get(id)?.value === value;
}

function page(c: GraphContext, all: Graph.Event[], basePath: string): Response {
  const topParam = c.req.query('$top');
  const top = topParam === undefined ? defaultPageSize : Number(topParam);
  if (!Number.isInteger(top) || top < 1 || top > maxPageSize) {
    return graphError(400, 'ErrorInvalidParameter', `The value '${topParam}' of parameter '$top' is invalid.`);
  }
  const skip = Number(c.req.query('$skip') ?? '0');
  const slice = all.slice(skip, skip + top);
  const body: { value: Graph.Event[]; '@odata.context': string; '@odata.nextLink'?: string } = {
    '@odata.context': `${new URL(c.req.url).origin}/v1.0/$metadata#users('me')/events`,
    value: slice,
  };
  if (skip + top < all.length) {
    const next = new URL(c.req.url);
    next.pathname = basePath;
    next.searchParams.set('$top', String(top));
    next.searchParams.set('$skip', String(skip + top));
    body['@odata.nextLink'] = next.toString();
  }
  return c.json(body);
}

interface EventWrite {
  subject?: string;
  body?: Graph.ItemBody;
  start?: Graph.DateTimeTimeZone;
  end?: Graph.DateTimeTimeZone;
  isAllDay?: boolean;
  showAs?: Graph.FreeBusyStatus;
  location?: Graph.Location;
  attendees?: Graph.Attendee[];
  isOnlineMeeting?: boolean;
  onlineMeetingProvider?: Graph.OnlineMeetingProviderType;
  transactionId?: string;
  singleValueExtendedProperties?: Graph.SingleValueLegacyExtendedProperty[];
}

const extendedPropertyIdPattern = /^String \{[0-9a-f-]{36}\} Name \S+$/i;

function readAttendees(attendees: Graph.Attendee[] | undefined): StoredAttendee[] | Response {
  const result: StoredAttendee[] = [];
  for (const attendee of attendees ?? []) {
    const email = attendee.emailAddress?.address?.toLowerCase();
    if (!email || !email.includes('@')) return graphError(400, 'ErrorInvalidRecipients', 'At least one recipient is not valid.');
    result.push({ email, ...(attendee.emailAddress?.name ? { name: attendee.emailAddress.name } : {}), type: attendee.type ?? 'required' });
  }
  return result;
}

async function readJson(c: GraphContext): Promise<Record<string, unknown> | Response> {
  try {
    const parsed: unknown = await c.req.json();
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through to the error below
  }
  return graphError(400, 'BadRequest', 'Empty Payload. JSON content expected.');
}

function joinUrlFor(provider: Graph.OnlineMeetingProviderType): string | null {
  if (provider === 'teamsForBusiness') {
    return `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${randomUUID().replace(/-/g, '')}%40thread.v2/0`;
  }
  if (provider === 'skypeForBusiness') return `https://meet.lync.com/contoso/${randomUUID().slice(0, 8)}`;
  // Consumer calendars accept isOnlineMeeting but never produce a link through the events API.
  return null;
}

export interface GraphStandInOptions {
  ctx: SandboxContext;
  mailboxes: Map<string, Mailbox>;
  checkAccessToken(token: string): TokenCheck;
}

export function createGraphApp({ ctx, mailboxes, checkAccessToken }: GraphStandInOptions): Hono<GraphEnv> {
  const app = new Hono<GraphEnv>();
  app.use('*', standInMiddleware('graph', ctx, graphFaultRenderer));

  app.use('/v1.0/*', async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    const challenge = { 'WWW-Authenticate': 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"' };
    if (!token) return graphError(401, 'InvalidAuthenticationToken', 'Access token is empty.', challenge);
    const check = checkAccessToken(token);
    if (!check.valid) {
      return graphError(
        401,
        'InvalidAuthenticationToken',
        check.reason === 'expired' ? 'Lifetime validation failed, the token is expired.' : 'IDX14100: JWT is not well formed, there are no dots (.).',
        challenge,
      );
    }
    const mailbox = mailboxes.get(check.account);
    if (!mailbox) return graphError(404, 'ResourceNotFound', 'Resource could not be discovered.');
    c.set('mailbox', mailbox);
    c.set('scopes', check.scopes);
    await next();
  });

  const requireScope = (c: GraphContext, accepted: string[]): Response | undefined =>
    hasAny(c.get('scopes'), accepted) ? undefined : graphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');

  app.get('/v1.0/me', (c) => {
    const denied = requireScope(c, profileScopes);
    if (denied) return denied;
    const mailbox = c.get('mailbox');
    const user: Graph.User = { id: mailbox.email, displayName: mailbox.name, mail: mailbox.email, userPrincipalName: mailbox.email };
    return c.json(user);
  });

  app.get('/v1.0/me/mailboxSettings', (c) => {
    const denied = requireScope(c, mailboxSettingsScopes);
    if (denied) return denied;
    const mailbox = c.get('mailbox');
    const settings: Graph.MailboxSettings = {
      timeZone: mailbox.timeZone,
      workingHours: mailbox.workingHours,
      dateFormat: 'yyyy-MM-dd',
      timeFormat: 'HH:mm',
      language: { locale: 'en-GB', displayName: 'English (United Kingdom)' },
    };
    return c.json(settings);
  });

  app.get('/v1.0/me/calendar', (c) => {
    const denied = requireScope(c, readScopes);
    if (denied) return denied;
    const mailbox = c.get('mailbox');
    const calendar: Graph.Calendar = {
      id: mailbox.calendarId,
      name: 'Calendar',
      isDefaultCalendar: true,
      canEdit: true,
      canShare: mailbox.accountType === 'work',
      canViewPrivateItems: true,
      owner: { name: mailbox.name, address: mailbox.email },
      allowedOnlineMeetingProviders: mailbox.allowedOnlineMeetingProviders,
      defaultOnlineMeetingProvider: mailbox.defaultOnlineMeetingProvider,
    };
    return c.json(calendar);
  });

  app.post('/v1.0/me/calendar/getSchedule', async (c) => {
    const denied = requireScope(c, readScopes);
    if (denied) return denied;
    const caller = c.get('mailbox');
    if (caller.accountType === 'personal') {
      // Documented as unsupported for personal accounts; the exact wording of the refusal is not.
      return graphError(400, 'ErrorInvalidRequest', 'getSchedule is not supported for personal Microsoft accounts.');
    }
    const zone = preferredZone(c);
    if (zone instanceof Response) return zone;
    const body = await readJson(c);
    if (body instanceof Response) return body;
    const request = body as Partial<GetScheduleRequest>;
    if (!Array.isArray(request.schedules) || request.schedules.length === 0 || !request.schedules.every((id) => typeof id === 'string')) {
      return graphError(400, 'ErrorInvalidParameter', "The value of the parameter 'Schedules' is empty.");
    }
    if (request.schedules.length > maxSchedules) {
      return graphError(400, 'ErrorInvalidParameter', `The number of schedules requested (${request.schedules.length}) exceeds the maximum of ${maxSchedules}.`);
    }
    const start = parseDateTimeTimeZone(request.startTime, 'StartTime');
    if (start instanceof Response) return start;
    const end = parseDateTimeTimeZone(request.endTime, 'EndTime');
    if (end instanceof Response) return end;
    if (end <= start) return graphError(400, 'ErrorInvalidTimeInterval', 'The start time must be before the end time.');
    const days = Math.ceil((end.getTime() - start.getTime()) / dayMs);
    if (end.getTime() - start.getTime() >= maxScheduleDays * dayMs) {
      return graphError(
        400,
        'ErrorTimeIntervalTooBig',
        `The requested time duration specified for FreeBusyViewOptions.TimeWindow is too long. The allowed limit = ${maxScheduleDays} days; the actual limit = ${days} days.`,
      );
    }
    const interval = request.availabilityViewInterval ?? 30;
    if (!Number.isInteger(interval) || interval < 5 || interval > 1440) {
      return graphError(400, 'ErrorInvalidParameter', "The value of 'AvailabilityViewInterval' must be between 5 and 1440.");
    }
    const value: Graph.ScheduleInformation[] = request.schedules.map((scheduleId) => {
      const mailbox = mailboxes.get(scheduleId.toLowerCase());
      if (!mailbox || mailbox.accountType !== 'work') {
        return {
          scheduleId,
          availabilityView: '',
          scheduleItems: [],
          error: { message: `Unable to resolve the recipient ${scheduleId}.`, responseCode: 'ErrorMailRecipientNotFound' },
        };
      }
      return scheduleInformation(mailbox, start, end, interval, zone);
    });
    return c.json({ '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Collection(microsoft.graph.scheduleInformation)', value });
  });

  app.get('/v1.0/me/calendarView', (c) => {
    const denied = requireScope(c, readScopes);
    if (denied) return denied;
    const zone = preferredZone(c);
    if (zone instanceof Response) return zone;
    const startParam = c.req.query('startDateTime');
    const endParam = c.req.query('endDateTime');
    if (!startParam || !endParam) {
      return graphError(400, 'ErrorInvalidParameter', "This request requires a time window specified by the query string parameters 'startDateTime' and 'endDateTime'.");
    }
    const start = fromGraphLocal(startParam, 'UTC');
    const end = fromGraphLocal(endParam, 'UTC');
    if (!start || !end) return graphError(400, 'ErrorInvalidParameter', 'The date-time values of the time window are not valid.');
    const expand = parseExpand(c.req.query('$expand'));
    if (expand instanceof Response) return expand;
    const events = [...c.get('mailbox').events.values()]
      .filter((event) => event.start < end && event.end > start)
      .sort((a, b) => a.start.getTime() - b.start.getTime())
      .map((event) => renderEvent(event, mailboxes, zone, expand));
    return page(c, events, '/v1.0/me/calendarView');
  });

  app.get('/v1.0/me/events', (c) => {
    const denied = requireScope(c, readScopes);
    if (denied) return denied;
    const zone = preferredZone(c);
    if (zone instanceof Response) return zone;
    const filter = parseFilter(c.req.query('$filter'));
    if (filter instanceof Response) return filter;
    const expand = parseExpand(c.req.query('$expand'));
    if (expand instanceof Response) return expand;
    const events = [...c.get('mailbox').events.values()]
      .filter((event) => !filter || filter(event))
      .sort((a, b) => b.createdDateTime.getTime() - a.createdDateTime.getTime())
      .map((event) => renderEvent(event, mailboxes, zone, expand));
    return page(c, events, '/v1.0/me/events');
  });

  const findEvent = (c: GraphContext): StoredEvent | Response =>
    c.get('mailbox').events.get(c.req.param('id') ?? '') ??
    graphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');

  app.get('/v1.0/me/events/:id', (c) => {
    const denied = requireScope(c, readScopes);
    if (denied) return denied;
    const zone = preferredZone(c);
    if (zone instanceof Response) return zone;
    const expand = parseExpand(c.req.query('$expand'));
    if (expand instanceof Response) return expand;
    const event = findEvent(c);
    if (event instanceof Response) return event;
    return c.json(renderEvent(event, mailboxes, zone, expand));
  });

  /** Exchange delivers invitations to attendees in the same organisation: a tentative copy on their calendar. */
  function deliverInvitations(organizerEvent: StoredEvent) {
    for (const attendee of organizerEvent.attendees) {
      const mailbox = mailboxes.get(attendee.email);
      if (!mailbox || mailbox.accountType !== 'work' || mailbox.email === organizerEvent.organizer) continue;
      const existing = [...mailbox.events.values()].find((event) => event.iCalUId === organizerEvent.iCalUId);
      const copy: StoredEvent = {
        ...organizerEvent,
        id: existing?.id ?? newEventId(),
        changeKey: randomUUID(),
        isOrganizer: false,
        showAs: mailbox.kind === 'room' ? 'busy' : 'tentative',
        transactionId: null,
        extendedProperties: new Map(),
      };
      mailbox.events.set(copy.id, copy);
    }
  }

  app.post('/v1.0/me/events', async (c) => {
    const denied = requireScope(c, writeScopes);
    if (denied) return denied;
    const zone = preferredZone(c);
    if (zone instanceof Response) return zone;
    const body = await readJson(c);
    if (body instanceof Response) return body;
    const write = body as EventWrite;
    const mailbox = c.get('mailbox');
    if (write.transactionId) {
      // A repeat of a create with the same transactionId answers the event already made.
      const existing = [...mailbox.events.values()].find((event) => event.transactionId === write.transactionId);
      if (existing) return c.json(renderEvent(existing, mailboxes, zone), 201);
    }
    const start = parseDateTimeTimeZone(write.start, 'Start');
    if (start instanceof Response) return start;
    const end = parseDateTimeTimeZone(write.end, 'End');
    if (end instanceof Response) return end;
    if (end < start) return graphError(400, 'ErrorInvalidRequest', 'The end time of the event must be after its start time.');
    const attendees = readAttendees(write.attendees);
    if (attendees instanceof Response) return attendees;
    const properties = new Map<string, { id: string; value: string }>();
    for (const property of write.singleValueExtendedProperties ?? []) {
      if (!property.id || !extendedPropertyIdPattern.test(property.id) || typeof property.value !== 'string') {
        return graphError(400, 'ErrorInvalidProperty', `The extended property '${property.id}' is not valid.`);
      }
      properties.set(property.id.toLowerCase(), { id: property.id, value: property.value });
    }
    const requestedProvider = write.onlineMeetingProvider ?? mailbox.defaultOnlineMeetingProvider;
    // A provider the calendar does not allow is ignored, as Exchange does: no error, no link.
    const online = write.isOnlineMeeting === true && mailbox.allowedOnlineMeetingProviders.includes(requestedProvider);
    const joinUrl = online ? joinUrlFor(requestedProvider) : null;
    const now = ctx.clock.now();
    const event: StoredEvent = {
      id: newEventId(),
      iCalUId: `040000008200E00074C5B7101A82E008${randomUUID().replace(/-/g, '')}`,
      changeKey: randomUUID(),
      subject: write.subject ?? '',
      body: write.body?.content ?? '',
      start,
      end,
      isAllDay: write.isAllDay ?? false,
      showAs: write.showAs ?? 'busy',
      organizer: mailbox.email,
      isOrganizer: true,
      attendees,
      location: write.location?.displayName ?? '',
      isOnlineMeeting: online && joinUrl !== null,
      onlineMeetingProvider: online ? requestedProvider : 'unknown',
      joinUrl,
      transactionId: write.transactionId ?? null,
      extendedProperties: properties,
      isCancelled: false,
      createdDateTime: now,
      lastModifiedDateTime: now,
    };
    mailbox.events.set(event.id, event);
    deliverInvitations(event);
    return c.json(renderEvent(event, mailboxes, zone), 201);
  });

  app.patch('/v1.0/me/events/:id', async (c) => {
    const denied = requireScope(c, writeScopes);
    if (denied) return denied;
    const zone = preferredZone(c);
    if (zone instanceof Response) return zone;
    const event = findEvent(c);
    if (event instanceof Response) return event;
    const body = await readJson(c);
    if (body instanceof Response) return body;
    const write = body as EventWrite;
    if (write.onlineMeetingProvider && event.isOnlineMeeting && write.onlineMeetingProvider !== event.onlineMeetingProvider) {
      return graphError(400, 'ErrorInvalidRequest', 'The online meeting provider of an online meeting cannot be changed.');
    }
    const start = write.start ? parseDateTimeTimeZone(write.start, 'Start') : event.start;
    if (start instanceof Response) return start;
    const end = write.end ? parseDateTimeTimeZone(write.end, 'End') : event.end;
    if (end instanceof Response) return end;
    if (end < start) return graphError(400, 'ErrorInvalidRequest', 'The end time of the event must be after its start time.');
    const attendees = write.attendees ? readAttendees(write.attendees) : event.attendees;
    if (attendees instanceof Response) return attendees;
    Object.assign(event, {
      subject: write.subject ?? event.subject,
      body: write.body?.content ?? event.body,
      start,
      end,
      showAs: write.showAs ?? event.showAs,
      location: write.location?.displayName ?? event.location,
      attendees,
      changeKey: randomUUID(),
      lastModifiedDateTime: ctx.clock.now(),
    });
    for (const property of write.singleValueExtendedProperties ?? []) {
      if (property.id && typeof property.value === 'string') {
        event.extendedProperties.set(property.id.toLowerCase(), { id: property.id, value: property.value });
      }
    }
    if (event.isOrganizer) deliverInvitations(event);
    return c.json(renderEvent(event, mailboxes, zone));
  });

  app.delete('/v1.0/me/events/:id', (c) => {
    const denied = requireScope(c, writeScopes);
    if (denied) return denied;
    const event = findEvent(c);
    if (event instanceof Response) return event;
    c.get('mailbox').events.delete(event.id);
    return c.body(null, 204);
  });

  app.post('/v1.0/me/events/:id/cancel', async (c) => {
    const denied = requireScope(c, writeScopes);
    if (denied) return denied;
    const event = findEvent(c);
    if (event instanceof Response) return event;
    if (!event.isOrganizer) {
      return graphError(400, 'ErrorAccessDenied', "Your request can't be completed. You need to be an organizer to cancel a meeting.");
    }
    // The organizer's copy goes to Deleted Items; attendees keep a cancelled copy that no longer blocks time.
    c.get('mailbox').events.delete(event.id);
    for (const mailbox of mailboxes.values()) {
      for (const copy of mailbox.events.values()) {
        if (copy.iCalUId === event.iCalUId) copy.isCancelled = true;
      }
    }
    return c.body(null, 202);
  });

  /** `POST /me/onlineMeetings` always makes a new meeting; `createOrGet` returns the one with the same externalId. */
  const createOnlineMeeting = async (c: GraphContext, byExternalId: boolean) => {
    const denied = requireScope(c, onlineMeetingScopes);
    if (denied) return denied;
    const mailbox = c.get('mailbox');
    if (mailbox.accountType === 'personal') {
      return graphError(403, 'Forbidden', 'Online meetings can only be created by work or school accounts.');
    }
    const body = await readJson(c);
    if (body instanceof Response) return body;
    const write = body as Graph.OnlineMeeting;
    if (byExternalId) {
      if (!write.externalId) return graphError(400, 'BadRequest', 'externalId is required for createOrGet.');
      const existing = mailbox.onlineMeetings.find((meeting) => meeting.externalId === write.externalId);
      if (existing) return c.json(existing, 200);
    }
    const meeting: Graph.OnlineMeeting = {
      id: `MSo${randomUUID().replace(/-/g, '')}`,
      creationDateTime: ctx.clock.now().toISOString(),
      startDateTime: write.startDateTime ?? null,
      endDateTime: write.endDateTime ?? null,
      subject: write.subject ?? null,
      externalId: write.externalId ?? null,
      joinWebUrl: joinUrlFor('teamsForBusiness'),
      participants: { organizer: { upn: mailbox.email, role: 'presenter' } },
    };
    mailbox.onlineMeetings.push(meeting);
    return c.json(meeting, 201);
  };
  app.post('/v1.0/me/onlineMeetings', (c) => createOnlineMeeting(c, false));
  app.post('/v1.0/me/onlineMeetings/createOrGet', (c) => createOnlineMeeting(c, true));

  app.notFound(() => graphError(400, 'BadRequest', 'Resource not found for the segment.'));
  return app;
}
