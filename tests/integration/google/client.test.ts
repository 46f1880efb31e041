import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { googleScope } from '@/lib/auth/scopes';
import { ProviderError } from '@/lib/providers/errors';
import { createGoogleClient, eventIdFor, partnerKeyProperty, type GoogleClientOptions } from '@/lib/providers/google';
import type { ParticipantAvailability } from '@/lib/providers/types';
import { scenarioPeople } from '@/tests/sandbox/scenario';
import type { Sandbox } from '@/tests/sandbox/start';
import { fixedTokenSource, implicitFlowTokenSource, recordingSleep } from './helpers';
import { withStandIns } from '../stand-ins';

const now = new Date('2026-03-04T09:00:00Z');
const ben = 'ben.carter@northwind.example';
const dev = 'dev.patel@northwind.example';
const allScopes = ['email', googleScope.freeBusy, googleScope.settings, googleScope.ownedEvents, googleScope.meetSpaces];
const googleTeam = scenarioPeople.filter((person) => person.provider === 'google').map((person) => person.email);

let sandbox: Sandbox;
let operation = 0;

withStandIns({ now }, (started) => (sandbox = started));
beforeEach(() => {
  sandbox.log.clear();
  sandbox.google.conference.pendingGets = 1;
  sandbox.google.conference.pendingSeconds = 30;
});
afterEach(() => {
  sandbox.faults.clear();
});

function client(account = ben, scopes = allScopes, extra: Partial<GoogleClientOptions> = {}) {
  sandbox.google.issueToken(account, scopes);
  const tokens = implicitFlowTokenSource(sandbox.urls.googleAuthorize, account, scopes);
  const sleeper = recordingSleep();
  const google = createGoogleClient({
    calendarBaseUrl: sandbox.urls.googleCalendar,
    meetBaseUrl: sandbox.urls.googleMeet,
    tokenSource: tokens.source,
    sleep: sleeper.sleep,
    random: () => 0.5,
    timeoutMs: 2_000,
    ...extra,
  });
  return { google, tokenCalls: tokens.calls, delays: sleeper.delays };
}

const week = { timeMin: '2026-03-02T00:00:00Z', timeMax: '2026-03-09T00:00:00Z' };
const freeBusyCalls = () => sandbox.log.list({ target: 'google-calendar', pathIncludes: '/freeBusy' });
const meeting = (overrides: Partial<Parameters<ReturnType<typeof createGoogleClient>['createMeeting']>[0]> = {}) => ({
  operationKey: `op-${++operation}-${Math.random().toString(36).slice(2)}`,
  summary: 'Quarterly planning',
  start: '2026-03-10T15:00:00Z',
  end: '2026-03-10T15:30:00Z',
  timeZone: 'America/New_York',
  attendees: [{ email: dev }, { email: 'isla.mcdonald@contoso.example' }],
  withMeet: true,
  ...overrides,
});
const known = (entry: ParticipantAvailability | undefined) => {
  if (entry?.availability.status !== 'known') throw new Error(`expected known availability, got ${JSON.stringify(entry)}`);
  return entry.availability.busy;
};

describe('Google free/busy against the stand-in', () => {
  it('returns each Workspace member’s busy times in UTC and marks people Google cannot see as unknown', async () => {
    const { google } = client();
    const result = await google.freeBusy({ emails: [ben, dev, 'isla.mcdonald@contoso.example', 'lena.ivanova@partner.example'], ...week });
    expect(result.map((entry) => entry.email)).toEqual([ben, dev, 'isla.mcdonald@contoso.example', 'lena.ivanova@partner.example']);
    const benBusy = known(result[0]);
    expect(benBusy.length).toBeGreaterThan(5);
    expect(benBusy.every((interval) => interval.start.endsWith('Z') && interval.start < interval.end && interval.status === 'busy')).toBe(true);
    // Ben's Thursday all-day birthday reminder is transparent, so no busy period spans a whole day.
    expect(benBusy.some((interval) => Date.parse(interval.end) - Date.parse(interval.start) >= 86_400_000)).toBe(false);
    expect(result[2]!.availability).toEqual({ status: 'unknown', reason: expect.stringMatching(/outside your organisation/) });
    expect(result[3]!.availability.status).toBe('unknown');
    expect(freeBusyCalls()).toHaveLength(1);
  });

  it('counts a meeting booked through the API as busy for the organizer and the invited colleague', async () => {
    const { google } = client();
    const booked = meeting({ start: '2026-03-13T03:00:00Z', end: '2026-03-13T03:45:00Z', withMeet: false });
    await google.createMeeting(booked);
    const result = await google.freeBusy({ emails: [ben, dev], timeMin: '2026-03-13T02:00:00Z', timeMax: '2026-03-13T05:00:00Z' });
    for (const entry of result) expect(known(entry)).toContainEqual({ start: '2026-03-13T03:00:00.000Z', end: '2026-03-13T03:45:00.000Z', status: 'busy' });
  });

  it('splits 60 calendars over 200 days into 2 batches × 3 chunks and merges the chunks per person', async () => {
    const { google } = client();
    const strangers = Array.from({ length: 60 - googleTeam.length }, (_, index) => `guest${index}@partner.example`);
    const emails = [...googleTeam, ...strangers];
    const timeMin = '2026-03-02T00:00:00Z';
    const timeMax = '2026-09-18T00:00:00Z';
    const result = await google.freeBusy({ emails, timeMin, timeMax });
    const calls = freeBusyCalls();
    expect(calls).toHaveLength(6);
    const bodies = calls.map((call) => call.body as { items: { id: string }[]; timeMin: string; timeMax: string });
    expect(bodies.every((body) => body.items.length <= 50)).toBe(true);
    expect(bodies.every((body) => Date.parse(body.timeMax) - Date.parse(body.timeMin) <= 90 * 86_400_000)).toBe(true);
    expect(new Set(bodies.map((body) => body.timeMin))).toEqual(new Set(['2026-03-02T00:00:00.000Z', '2026-05-31T00:00:00.000Z', '2026-08-29T00:00:00.000Z']));
    expect(result).toHaveLength(60);
    const anaBusy = known(result.find((entry) => entry.email === 'ana.lima@northwind.example'));
    // Seeded events reach 26 weeks past the anchor (into late August), so the first two chunks both contribute.
    expect(anaBusy.some((interval) => interval.start < '2026-05-31')).toBe(true);
    expect(anaBusy.some((interval) => interval.start >= '2026-05-31')).toBe(true);
    expect(result.filter((entry) => entry.availability.status === 'unknown')).toHaveLength(strangers.length);
  });

  it('makes only the people of a batch that keeps failing unknown and keeps the other batch', async () => {
    const { google } = client(ben, allScopes, { concurrency: 1 });
    const strangers = Array.from({ length: 48 }, (_, index) => `guest${index}@partner.example`);
    const emails = [...strangers, 'ana.lima@northwind.example', ben, 'late.joiner@partner.example', dev];
    // The first batch meets four 500s (every attempt); the second batch then succeeds.
    sandbox.faults.inject({ target: 'google-calendar', match: { pathIncludes: '/freeBusy' }, times: 4, fault: { kind: 'status', status: 500 } });
    const result = await google.freeBusy({ emails, ...week });
    const firstBatch = result.slice(0, 50);
    const secondBatch = result.slice(50);
    expect(firstBatch.every((entry) => entry.availability.status === 'unknown')).toBe(true);
    expect(firstBatch[0]!.availability).toMatchObject({ reason: expect.stringMatching(/^Google did not answer/) });
    expect(secondBatch.map((entry) => entry.email)).toEqual(['late.joiner@partner.example', dev]);
    expect(known(secondBatch[1]).length).toBeGreaterThan(0);
  });

  it('waits out two 429s for exactly the Retry-After seconds, then succeeds', async () => {
    const { google, delays } = client();
    sandbox.faults.inject({ target: 'google-calendar', times: 2, fault: { kind: 'status', status: 429, retryAfterSeconds: 3 } });
    const result = await google.freeBusy({ emails: [dev], ...week });
    expect(known(result[0]).length).toBeGreaterThan(0);
    expect(delays).toEqual([3000, 3000]);
    expect(freeBusyCalls().map((call) => call.status)).toEqual([429, 429, 200]);
  });

  it('backs off with jitter after a 403 rateLimitExceeded in the usageLimits domain', async () => {
    const { google, delays } = client();
    sandbox.faults.inject({ target: 'google-calendar', times: 1, fault: { kind: 'status', status: 403, reason: 'rateLimitExceeded' } });
    await google.freeBusy({ emails: [dev], ...week });
    expect(delays).toEqual([250]);
    expect(freeBusyCalls().map((call) => call.status)).toEqual([403, 200]);
  });

  it('rides out a 500 and a 503', async () => {
    const { google, delays } = client();
    sandbox.faults.inject({ target: 'google-calendar', times: 1, fault: { kind: 'status', status: 500 } });
    sandbox.faults.inject({ target: 'google-calendar', times: 1, fault: { kind: 'status', status: 503 } });
    expect(await google.getTimeZone()).toBe('America/New_York');
    expect(delays).toEqual([250, 500]);
  });

  it('gives up on a request that hangs past the timeout and succeeds on the retry', async () => {
    const { google } = client(ben, allScopes, { timeoutMs: 300 });
    sandbox.faults.inject({ target: 'google-calendar', times: 1, fault: { kind: 'hang', ms: 10_000 } });
    expect(await google.getTimeZone()).toBe('America/New_York');
    const calls = sandbox.log.list({ target: 'google-calendar', pathIncludes: '/settings/timezone' });
    // The hung request is logged when its socket closes, which may come after the retry's answer.
    expect(calls.map((call) => call.status).sort()).toEqual([0, 200]);
  });

  it('answers a request met by a latency fault no sooner than its round trip after sending it, and processes it', async () => {
    const { google } = client();
    sandbox.faults.inject({ target: 'google-calendar', times: 1, fault: { kind: 'latency', ms: 250 } });
    const sent = performance.now();
    expect(await google.getTimeZone()).toBe('America/New_York');
    expect(performance.now() - sent).toBeGreaterThanOrEqual(250);
    expect(sandbox.log.list({ target: 'google-calendar', pathIncludes: '/settings/timezone' }).map((call) => [call.status, call.fault])).toEqual([[200, 'latency']]);
  });

  it('reports a timeout error once every attempt has hung', async () => {
    const { google } = client(ben, allScopes, { timeoutMs: 200, retry: { maxAttempts: 2 } });
    sandbox.faults.inject({ target: 'google-calendar', times: 2, fault: { kind: 'hang', ms: 10_000 } });
    await expect(google.getTimeZone()).rejects.toMatchObject({ provider: 'google', kind: 'timeout' });
  });

  it('rejects a wrongly shaped settings answer, naming Google and the field', async () => {
    const { google } = client();
    sandbox.faults.inject({ target: 'google-calendar', times: 1, fault: { kind: 'malformed' } });
    const error = (await google.getTimeZone().catch((e: unknown) => e)) as ProviderError;
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'google', kind: 'malformed-response', field: 'value' });
    expect(error.message).toMatch(/^Google sent an answer .*"value"/);
  });

  it('turns a malformed free/busy answer into unknown people whose reason names the field', async () => {
    const { google } = client();
    sandbox.faults.inject({ target: 'google-calendar', times: 1, fault: { kind: 'malformed' } });
    const [entry] = await google.freeBusy({ emails: [dev], ...week });
    expect(entry!.availability).toEqual({ status: 'unknown', reason: expect.stringContaining(`calendars.${dev}.busy.0.start`) });
  });

  it('rejects a truncated JSON body as malformed', async () => {
    const { google } = client();
    sandbox.faults.inject({ target: 'google-calendar', times: 1, fault: { kind: 'malformed', style: 'truncated' } });
    await expect(google.getTimeZone()).rejects.toMatchObject({ kind: 'malformed-response', field: '(body)' });
  });
});

describe('Google tokens and scopes', () => {
  it('refreshes an expired token once and carries on', async () => {
    const { google, tokenCalls } = client();
    await google.getTimeZone();
    expect(sandbox.google.expireTokens(ben)).toBeGreaterThan(0);
    expect(await google.getTimeZone()).toBe('America/New_York');
    expect(tokenCalls).toEqual([{ forceRefresh: false }, { forceRefresh: false }, { forceRefresh: true, rejectedToken: expect.any(String) }]);
    expect(sandbox.log.list({ target: 'google-calendar' }).map((call) => call.status)).toEqual([200, 401, 200]);
  });

  it('reports unauthorized, after exactly one refresh attempt, when the user revoked access', async () => {
    const token = sandbox.google.issueToken(dev, allScopes);
    sandbox.google.revokeGrant(dev);
    const google = createGoogleClient({ calendarBaseUrl: sandbox.urls.googleCalendar, meetBaseUrl: sandbox.urls.googleMeet, tokenSource: fixedTokenSource(token) });
    const error = (await google.getTimeZone().catch((e: unknown) => e)) as ProviderError;
    expect(error).toMatchObject({ provider: 'google', kind: 'unauthorized', retryable: false });
    expect(error.message).toMatch(/Connect the account again/);
    expect(sandbox.log.list({ target: 'google-calendar' }).map((call) => call.status)).toEqual([401, 401]);
  });

  it('asks for consent naming calendar.events.owned when the user unticked it, and writes nothing', async () => {
    // Accounts with a fresh, narrow grant: include_granted_scopes would otherwise add earlier grants.
    const chloe = 'chloe.dubois@northwind.example';
    const { google } = client(chloe, ['email', googleScope.freeBusy]);
    const booking = meeting();
    await expect(google.createMeeting(booking)).rejects.toMatchObject({ kind: 'consent-needed', scope: googleScope.ownedEvents, reason: 'insufficientPermissions' });
    const id = await eventIdFor(booking.operationKey);
    expect(sandbox.google.readEvents(chloe).some((event) => event.id === id)).toBe(false);
  });

  it('asks for consent naming calendar.events.freebusy when free/busy is not granted', async () => {
    const { google } = client('emma.schmidt@northwind.example', ['email', googleScope.settings]);
    await expect(google.freeBusy({ emails: [dev], ...week })).rejects.toMatchObject({ kind: 'consent-needed', scope: googleScope.freeBusy });
  });
});

describe('Google booking with Meet', () => {
  it('books once and recovers the event when the answer to the insert is lost', async () => {
    const { google } = client();
    const booking = meeting();
    sandbox.faults.inject({ target: 'google-calendar', match: { method: 'POST', pathIncludes: '/events' }, times: 1, fault: { kind: 'dropAfterCommit' } });
    const booked = await google.createMeeting(booking);
    expect(booked.recovered).toBe(true);
    expect(booked.eventId).toBe(await eventIdFor(booking.operationKey));
    expect(sandbox.google.readEvents(ben).filter((event) => event.extendedProperties?.private?.[partnerKeyProperty] === booking.operationKey)).toHaveLength(1);
    const inserts = sandbox.log.list({ target: 'google-calendar', method: 'POST', pathIncludes: '/events' });
    expect(inserts.map((call) => [call.status, call.fault])).toEqual([[200, 'dropAfterCommit'], [409, undefined]]);
    expect(sandbox.google.meetSpaces()).toHaveLength(0);
  });

  it('waits for a pending conference and returns the Meet link', async () => {
    sandbox.google.conference.pendingGets = 2;
    const { google, delays } = client();
    const booked = await google.createMeeting(meeting());
    expect(booked.conference).toBe('ready');
    expect(booked.joinUrl).toMatch(/^https:\/\/meet\.google\.com\/[a-z]{3}-[a-z]{4}-[a-z]{3}$/);
    expect(delays).toEqual([500, 1000, 2000]);
    expect(sandbox.google.sentUpdates().at(-1)).toMatchObject({ action: 'insert', sendUpdates: 'all', eventId: booked.eventId });
  });

  it('stops waiting after the bound and says the link is still being created', async () => {
    sandbox.google.conference.pendingGets = 1_000;
    const { google, delays } = client(ben, allScopes, { conferenceWaitMs: 3_000 });
    const booked = await google.createMeeting(meeting());
    expect(booked.conference).toBe('pending');
    expect(booked.joinUrl).toBeUndefined();
    expect(booked.conferenceMessage).toMatch(/still creating its Meet link/);
    expect(delays.reduce((sum, delay) => sum + delay, 0)).toBe(3_000);
  });

  it('creates no second conference when the same booking is repeated', async () => {
    sandbox.google.conference.pendingGets = 0;
    const { google } = client();
    const booking = meeting();
    const first = await google.createMeeting(booking);
    const again = await google.createMeeting(booking);
    expect(again.recovered).toBe(true);
    expect(again.joinUrl).toBe(first.joinUrl);
    expect(sandbox.google.readEvents(ben).filter((event) => event.id === first.eventId)).toHaveLength(1);
  });

  it('rejects a booking whose end is not after its start before sending anything', async () => {
    const { google } = client();
    await expect(google.createMeeting(meeting({ end: '2026-03-10T14:00:00Z' }))).rejects.toMatchObject({ kind: 'invalid-request' });
    expect(sandbox.log.list({ target: 'google-calendar' })).toHaveLength(0);
  });
});

describe('Google partner events', () => {
  it('moves and cancels a meeting Overlap booked', async () => {
    const { google } = client();
    const booked = await google.createMeeting(meeting({ withMeet: false, start: '2026-03-11T16:00:00Z', end: '2026-03-11T16:30:00Z' }));
    const moved = await google.updateMeeting(booked.eventId, { start: '2026-03-11T17:00:00Z', end: '2026-03-11T17:30:00Z' });
    expect(moved.start.dateTime).toBe('2026-03-11T17:00:00.000Z');
    expect(sandbox.google.readEvents(ben).find((event) => event.id === booked.eventId)?.start?.dateTime).toBe('2026-03-11T17:00:00.000Z');
    await google.cancelMeeting(booked.eventId);
    expect(sandbox.google.readEvents(ben).find((event) => event.id === booked.eventId)?.status).toBe('cancelled');
    // A repeat of the cancel (e.g. after a lost answer) is harmless.
    await google.cancelMeeting(booked.eventId);
    expect(sandbox.google.readEvents(ben).find((event) => event.id === booked.eventId)?.status).toBe('cancelled');
  });

  it('refuses to update or cancel an event Overlap did not create, writing nothing', async () => {
    const { google } = client();
    const seeded = sandbox.google.readEvents(ben).find((event) => event.summary === 'Team stand-up' && event.status === 'confirmed')!;
    await expect(google.updateMeeting(seeded.id!, { summary: 'Hijacked' })).rejects.toMatchObject({ kind: 'not-partner-event' });
    await expect(google.cancelMeeting(seeded.id!)).rejects.toMatchObject({ kind: 'not-partner-event' });
    expect(sandbox.log.list({ target: 'google-calendar' }).filter((call) => call.method === 'PATCH' || call.method === 'DELETE')).toHaveLength(0);
    expect(sandbox.google.readEvents(ben).find((event) => event.id === seeded.id)).toMatchObject({ summary: 'Team stand-up', status: 'confirmed' });
  });

  it('reports a conflict and changes nothing when the event moved on since Overlap read it (412)', async () => {
    const { google } = client();
    const booked = await google.createMeeting(meeting({ withMeet: false }));
    await google.updateMeeting(booked.eventId, { summary: 'Renamed elsewhere' });
    const error = (await google.updateMeeting(booked.eventId, { summary: 'Stale rename' }, { etag: booked.etag }).catch((e: unknown) => e)) as ProviderError;
    expect(error).toMatchObject({ kind: 'conflict', status: 412 });
    expect(sandbox.google.readEvents(ben).find((event) => event.id === booked.eventId)?.summary).toBe('Renamed elsewhere');
  });
});

describe('Google settings and Meet spaces', () => {
  it('reads the time zone of the signed-in user', async () => {
    const { google } = client(dev);
    expect(await google.getTimeZone()).toBe('Asia/Kolkata');
  });

  it('creates a Meet space for an Outlook meeting', async () => {
    const { google } = client();
    const space = await google.createMeetSpace();
    expect(space.meetingUri).toBe(`https://meet.google.com/${space.meetingCode}`);
    expect(sandbox.google.meetSpaces().map((entry) => entry.name)).toContain(space.name);
  });

  it('asks for meetings.space.created when creating a Meet space without it', async () => {
    const { google } = client('farah.haddad@northwind.example', ['email', googleScope.freeBusy]);
    await expect(google.createMeetSpace()).rejects.toMatchObject({ kind: 'consent-needed', scope: googleScope.meetSpaces, reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT' });
  });

  it('does not repeat a Meet space creation that failed with a 503, so no stray space is made', async () => {
    const { google } = client();
    const before = sandbox.google.meetSpaces().length;
    sandbox.faults.inject({ target: 'google-meet', times: 1, fault: { kind: 'status', status: 503 } });
    await expect(google.createMeetSpace()).rejects.toMatchObject({ kind: 'unavailable' });
    expect(sandbox.log.list({ target: 'google-meet' })).toHaveLength(1);
    expect(sandbox.google.meetSpaces()).toHaveLength(before);
  });
});
