import type { calendar_v3 } from '@googleapis/calendar';
import { TZDate } from '@date-fns/tz';
import { Hono, type Context } from 'hono';
import type { SandboxContext } from '../core/context';
import { standInMiddleware, type StandInEnv } from '../core/stand-in';
import { scenarioGroup, scenarioPerson } from '../scenario';
import { eventIdPattern, eventInstant, GoogleCalendarStore } from './calendar-store';
import { googleError } from './errors';
import { googleFaultRenderer } from './errors';
import { tokenProblem, type GoogleIdentity, type IssuedToken } from './identity';
import { methodScopes } from './scopes';

type Event = calendar_v3.Schema$Event;

/** Google answers "too long" beyond this span (Cal.com splits at 90 days for the same reason). */
export const freeBusyMaxRangeDays = 90;
export const freeBusyMaxCalendars = 50;
/** The most members Google lists for one group (`groupExpansionMax` may not exceed it). */
export const freeBusyMaxGroupExpansion = 100;
const defaultPageSize = 250;
const maxPageSize = 2500;

export interface SentUpdate {
  calendarId: string;
  eventId: string;
  action: 'insert' | 'patch' | 'delete';
  sendUpdates: string;
}

type Env = StandInEnv & { Variables: { token: IssuedToken } };

/** `www.googleapis.com/calendar/v3`: free/busy, events, settings and the calendar list. */
export function googleCalendarApp(options: {
  ctx: SandboxContext;
  identity: GoogleIdentity;
  store: GoogleCalendarStore;
  sentUpdates: SentUpdate[];
}): Hono<Env> {
  const { ctx, identity, store, sentUpdates } = options;
  const app = new Hono<Env>().basePath('/calendar/v3');
  app.use('*', standInMiddleware('google-calendar', ctx, googleFaultRenderer));

  const requireScopes = (scopes: string[]) => async (c: Context<Env>, next: () => Promise<void>) => {
    const check = identity.check(c.req.header('authorization'), scopes);
    if (!check.ok) return tokenProblem(c, check.problem, scopes);
    c.set('token', check.token);
    await next();
  };

  const timeZoneOf = (account: string) => scenarioPerson(account)?.timeZone ?? 'UTC';

  /** Only the signed-in user's own calendar is readable/writable through `events`. */
  const ownCalendar = (c: Context<Env>): string | undefined => {
    const requested = (c.req.param('calendarId') ?? '').toLowerCase();
    const account = c.get('token').account;
    return requested === 'primary' || requested === account ? account : undefined;
  };

  const notFound = (c: Context) => googleError(c, 404, 'notFound', 'Not Found');

  app.post('/freeBusy', requireScopes(methodScopes.freeBusy), async (c) => {
    const body = await readJson<calendar_v3.Schema$FreeBusyRequest>(c);
    if (body instanceof Response) return body;
    if (!body.timeMin) return googleError(c, 400, 'required', 'Missing timeMin parameter.', { location: 'timeMin' });
    if (!body.timeMax) return googleError(c, 400, 'required', 'Missing timeMax parameter.', { location: 'timeMax' });
    const from = Date.parse(body.timeMin);
    const to = Date.parse(body.timeMax);
    if (Number.isNaN(from)) return googleError(c, 400, 'invalid', `Invalid value for: ${body.timeMin} is not a valid date-time.`, { location: 'timeMin' });
    if (Number.isNaN(to)) return googleError(c, 400, 'invalid', `Invalid value for: ${body.timeMax} is not a valid date-time.`, { location: 'timeMax' });
    if (to <= from) return googleError(c, 400, 'timeRangeEmpty', 'The specified time range is empty.', { domain: 'calendar', location: 'timeMax' });
    if (to - from > freeBusyMaxRangeDays * 86_400_000) {
      return googleError(c, 400, 'timeRangeTooLong', 'The requested time range is too long.', { domain: 'calendar', location: 'timeMax' });
    }
    const timeZone = body.timeZone ?? 'UTC';
    if (!isTimeZone(timeZone)) return googleError(c, 400, 'invalid', 'Invalid time zone definition.', { location: 'timeZone' });
    const expansionMax = body.groupExpansionMax ?? 0;
    if (body.groupExpansionMax !== undefined && body.groupExpansionMax !== null && (!Number.isInteger(expansionMax) || expansionMax < 0 || expansionMax > freeBusyMaxGroupExpansion)) {
      return googleError(c, 400, 'invalid', `Invalid value for: groupExpansionMax must be between 0 and ${freeBusyMaxGroupExpansion}.`, { location: 'groupExpansionMax' });
    }
    const format = (ms: number) => formatInZone(ms, timeZone);
    const account = c.get('token').account;
    const calendars: Record<string, calendar_v3.Schema$FreeBusyCalendar> = {};
    const groups: Record<string, calendar_v3.Schema$FreeBusyGroup> = {};
    const answerCalendar = (key: string, tooMany: boolean) => {
      const id = key.toLowerCase() === 'primary' ? account : key.toLowerCase();
      if (tooMany) {
        calendars[key] = { errors: [{ domain: 'calendar', reason: 'tooManyCalendarsRequested' }], busy: [] };
      } else if (!GoogleCalendarStore.isDomainCalendar(id)) {
        calendars[key] = { errors: [{ domain: 'global', reason: 'notFound' }], busy: [] };
      } else {
        calendars[key] = { busy: busyPeriods(store.list(id), timeZoneOf(id), from, to).map(([start, end]) => ({ start: format(start), end: format(end) })) };
      }
    };
    (body.items ?? []).forEach((item, index) => {
      const key = item.id ?? '';
      const group = scenarioGroup(key);
      if (!group) return answerCalendar(key, index >= freeBusyMaxCalendars);
      // A group is listed under `groups` with its members, each answered under `calendars`; one
      // with more members than the caller allowed (none, unless groupExpansionMax says so) is refused.
      if (group.members.length > expansionMax) {
        groups[key] = { errors: [{ domain: 'calendar', reason: 'groupTooBig' }] };
        return;
      }
      groups[key] = { calendars: group.members };
      for (const member of group.members) if (!(member in calendars)) answerCalendar(member, index >= freeBusyMaxCalendars);
    });
    const answer: calendar_v3.Schema$FreeBusyResponse = {
      kind: 'calendar#freeBusy',
      timeMin: format(from),
      timeMax: format(to),
      ...(Object.keys(groups).length ? { groups } : {}),
      calendars,
    };
    return c.json(answer);
  });

  app.get('/users/me/settings', requireScopes(methodScopes.settings), (c) => {
    const answer: calendar_v3.Schema$Settings = { kind: 'calendar#settings', etag: '"p33k9lj4jcqtuu0g"', items: settingsFor(c.get('token').account, timeZoneOf) };
    return c.json(answer);
  });

  app.get('/users/me/settings/:setting', requireScopes(methodScopes.settings), (c) => {
    const setting = settingsFor(c.get('token').account, timeZoneOf).find((item) => item.id === c.req.param('setting'));
    return setting ? c.json(setting) : notFound(c);
  });

  app.get('/calendars/:calendarId/events', requireScopes(methodScopes.eventsRead), (c) => {
    const calendarId = ownCalendar(c);
    if (!calendarId) return notFound(c);
    const query = new URL(c.req.url).searchParams;
    const timeMin = query.get('timeMin');
    const timeMax = query.get('timeMax');
    const filters: [string, string][] = [];
    for (const filter of query.getAll('privateExtendedProperty')) {
      const separator = filter.indexOf('=');
      if (separator < 1) return googleError(c, 400, 'invalid', `Invalid value for: ${filter}`, { location: 'privateExtendedProperty' });
      filters.push([filter.slice(0, separator), filter.slice(separator + 1)]);
    }
    if (query.get('orderBy') === 'startTime' && query.get('singleEvents') !== 'true') {
      return googleError(c, 400, 'invalid', 'The requested ordering is not available for the particular query.', { location: 'orderBy' });
    }
    const pageSize = Math.min(Number(query.get('maxResults') ?? defaultPageSize) || defaultPageSize, maxPageSize);
    const offset = query.get('pageToken') ? Number(Buffer.from(query.get('pageToken')!, 'base64url').toString()) : 0;
    const zone = timeZoneOf(calendarId);
    const from = timeMin ? Date.parse(timeMin) : -Infinity;
    const to = timeMax ? Date.parse(timeMax) : Infinity;
    if (to <= from) return googleError(c, 400, 'timeRangeEmpty', 'The specified time range is empty.', { domain: 'calendar', location: 'timeMax' });
    const matching = store
      .list(calendarId)
      .filter((event) => query.get('showDeleted') === 'true' || event.status !== 'cancelled')
      .filter((event) => {
        const start = eventInstant(event.start ?? undefined, zone) ?? 0;
        const end = eventInstant(event.end ?? undefined, zone) ?? 0;
        return end > from && start < to;
      })
      .filter((event) => filters.every(([key, value]) => event.extendedProperties?.private?.[key] === value))
      .sort((a, b) => (eventInstant(a.start ?? undefined, zone) ?? 0) - (eventInstant(b.start ?? undefined, zone) ?? 0));
    const page = matching.slice(offset, offset + pageSize);
    const answer: calendar_v3.Schema$Events = {
      kind: 'calendar#events',
      etag: store.nextEtag(),
      summary: calendarId,
      updated: ctx.clock.now().toISOString(),
      timeZone: zone,
      accessRole: 'owner',
      defaultReminders: [{ method: 'popup', minutes: 10 }],
      items: page,
      ...(offset + pageSize < matching.length ? { nextPageToken: Buffer.from(String(offset + pageSize)).toString('base64url') } : {}),
    };
    return c.json(answer);
  });

  app.post('/calendars/:calendarId/events', requireScopes(methodScopes.eventsWrite), async (c) => {
    const calendarId = ownCalendar(c);
    if (!calendarId) return notFound(c);
    const parameters = writeParameters(c);
    if (parameters instanceof Response) return parameters;
    const body = await readJson<Event>(c);
    if (body instanceof Response) return body;
    const invalid = validateEvent(c, body, timeZoneOf(calendarId));
    if (invalid) return invalid;
    if (body.id !== undefined && body.id !== null) {
      if (!eventIdPattern.test(body.id)) return googleError(c, 400, 'invalid', 'Invalid resource id value.', { location: 'id' });
      if (store.get(calendarId, body.id)) return googleError(c, 409, 'duplicate', 'The requested identifier already exists.');
    }
    const id = body.id ?? store.newEventId();
    const stored = store.insert(calendarId, { ...body, id }, { withConference: parameters.conferenceDataVersion === 1 });
    sentUpdates.push({ calendarId, eventId: id, action: 'insert', sendUpdates: parameters.sendUpdates });
    return c.json(stored.event);
  });

  app.get('/calendars/:calendarId/events/:eventId', requireScopes(methodScopes.eventsRead), (c) => {
    const calendarId = ownCalendar(c);
    const stored = calendarId ? store.get(calendarId, c.req.param('eventId') ?? '') : undefined;
    if (!stored) return notFound(c);
    store.advanceConference(stored);
    return c.json(stored.event);
  });

  app.patch('/calendars/:calendarId/events/:eventId', requireScopes(methodScopes.eventsWrite), async (c) => {
    const calendarId = ownCalendar(c);
    const stored = calendarId ? store.get(calendarId, c.req.param('eventId') ?? '') : undefined;
    if (!calendarId || !stored) return notFound(c);
    const precondition = checkIfMatch(c, stored.event.etag);
    if (precondition) return precondition;
    const parameters = writeParameters(c);
    if (parameters instanceof Response) return parameters;
    const body = await readJson<Event>(c);
    if (body instanceof Response) return body;
    const organizerOnly: (keyof Event)[] = ['start', 'end', 'summary', 'attendees', 'description', 'location', 'conferenceData'];
    if (stored.organizerCalendar !== calendarId && organizerOnly.some((field) => field in body)) {
      return googleError(c, 403, 'forbiddenForNonOrganizer', 'Shared properties can only be changed by the organizer of the event.');
    }
    const candidate = { ...stored.event, ...body, start: body.start ?? stored.event.start, end: body.end ?? stored.event.end };
    const invalid = validateEvent(c, candidate, timeZoneOf(calendarId));
    if (invalid) return invalid;
    const updated = store.patch(calendarId, stored, body, { withConference: parameters.conferenceDataVersion === 1 });
    sentUpdates.push({ calendarId, eventId: stored.event.id!, action: 'patch', sendUpdates: parameters.sendUpdates });
    return c.json(updated.event);
  });

  app.delete('/calendars/:calendarId/events/:eventId', requireScopes(methodScopes.eventsWrite), (c) => {
    const calendarId = ownCalendar(c);
    const stored = calendarId ? store.get(calendarId, c.req.param('eventId') ?? '') : undefined;
    if (!calendarId || !stored) return notFound(c);
    if (stored.event.status === 'cancelled') return googleError(c, 410, 'deleted', 'Resource has been deleted');
    const precondition = checkIfMatch(c, stored.event.etag);
    if (precondition) return precondition;
    const parameters = writeParameters(c);
    if (parameters instanceof Response) return parameters;
    store.cancel(stored);
    sentUpdates.push({ calendarId, eventId: stored.event.id!, action: 'delete', sendUpdates: parameters.sendUpdates });
    return c.body(null, 204);
  });

  return app;
}

async function readJson<T>(c: Context): Promise<T | Response> {
  try {
    const body = (await c.req.json()) as unknown;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return googleError(c, 400, 'parseError', 'Parse Error');
    return body as T;
  } catch {
    return googleError(c, 400, 'parseError', 'Parse Error');
  }
}

function writeParameters(c: Context): { conferenceDataVersion: number; sendUpdates: string } | Response {
  const version = c.req.query('conferenceDataVersion') ?? '0';
  if (version !== '0' && version !== '1') {
    return googleError(c, 400, 'invalid', `Invalid conference data version: ${version}`, { location: 'conferenceDataVersion' });
  }
  const sendUpdates = c.req.query('sendUpdates') ?? 'false';
  if (!['all', 'externalOnly', 'none', 'false'].includes(sendUpdates)) {
    return googleError(c, 400, 'invalid', `Invalid value for: ${sendUpdates}`, { location: 'sendUpdates' });
  }
  return { conferenceDataVersion: Number(version), sendUpdates };
}

function checkIfMatch(c: Context, etag: string | null | undefined): Response | undefined {
  const expected = c.req.header('if-match');
  if (expected === undefined || expected === '*' || expected === etag) return undefined;
  return googleError(c, 412, 'conditionNotMet', 'Precondition Failed', { location: 'If-Match', locationType: 'header' });
}

function validateEvent(c: Context, event: Event, calendarZone: string): Response | undefined {
  if (!event.start) return googleError(c, 400, 'required', 'Missing start time.', { location: 'start' });
  if (!event.end) return googleError(c, 400, 'required', 'Missing end time.', { location: 'end' });
  if (event.start.dateTime && !event.start.timeZone && !/(Z|[+-]\d\d:\d\d)$/.test(event.start.dateTime)) {
    return googleError(c, 400, 'required', 'Missing time zone definition for start time.', { location: 'start.timeZone' });
  }
  const start = eventInstant(event.start, calendarZone);
  const end = eventInstant(event.end, calendarZone);
  if (start === undefined || Number.isNaN(start)) return googleError(c, 400, 'invalid', 'Invalid start time.', { location: 'start' });
  if (end === undefined || Number.isNaN(end)) return googleError(c, 400, 'invalid', 'Invalid end time.', { location: 'end' });
  if (end < start) return googleError(c, 400, 'timeRangeEmpty', 'The specified time range is empty.', { domain: 'calendar', location: 'end.dateTime' });
  for (const bag of [event.extendedProperties?.private, event.extendedProperties?.shared]) {
    if (bag && Object.values(bag).some((value) => typeof value !== 'string')) {
      return googleError(c, 400, 'invalid', 'Invalid extended property value.', { location: 'extendedProperties' });
    }
  }
  return undefined;
}

/** Merged busy periods clipped to [from, to), honouring transparency and cancellation. */
function busyPeriods(events: Event[], calendarZone: string, from: number, to: number): [number, number][] {
  const periods = events
    .filter((event) => event.status !== 'cancelled' && event.transparency !== 'transparent')
    .map((event) => [eventInstant(event.start ?? undefined, calendarZone), eventInstant(event.end ?? undefined, calendarZone)] as const)
    .filter((pair): pair is readonly [number, number] => pair[0] !== undefined && pair[1] !== undefined)
    .filter(([start, end]) => start < to && end > from)
    .map(([start, end]): [number, number] => [Math.max(start, from), Math.min(end, to)])
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const period of periods) {
    const last = merged.at(-1);
    if (last && period[0] <= last[1]) last[1] = Math.max(last[1], period[1]);
    else merged.push([...period]);
  }
  return merged;
}

function settingsFor(account: string, timeZoneOf: (account: string) => string): calendar_v3.Schema$Setting[] {
  const values: Record<string, string> = {
    timezone: timeZoneOf(account),
    weekStart: account.startsWith('ana.') ? '0' : '1',
    format24HourTime: account.startsWith('ben.') ? 'false' : 'true',
    defaultEventLength: '30',
    locale: 'en',
    dateFieldOrder: 'DMY',
    hideWeekends: 'false',
  };
  return Object.entries(values).map(([id, value]) => ({ kind: 'calendar#setting', etag: `"${id.length}1700000000000"`, id, value }));
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** RFC 3339 without milliseconds, `Z` for UTC and a numeric offset otherwise (as Google answers). */
function formatInZone(ms: number, timeZone: string): string {
  if (timeZone === 'UTC') return new Date(ms).toISOString().replace('.000Z', 'Z');
  return new TZDate(ms, timeZone).toISOString().replace('.000', '');
}
