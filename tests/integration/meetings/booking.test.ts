import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { googleScope } from '@/lib/auth/scopes';
import type { RequestOf } from '@/lib/messaging/protocol';
import { intendedMeeting } from '@/lib/meetings/booking';
import { partnerKeyProperty } from '@/lib/providers/google';
import { partnerPropertyId } from '@/lib/providers/microsoft/client';
import type { Sandbox } from '@/tests/sandbox/start';
import { startWorld, type World } from './world';
import { withStandIns } from '../stand-ins';

const now = new Date('2026-03-04T09:00:00Z');
const ben = 'ben.carter@northwind.example';
const dev = 'dev.patel@northwind.example';
const isla = 'isla.mcdonald@contoso.example';
const jack = 'jack.nguyen@contoso.example';
const sam = 'sam.okafor@outlook.example';

let sandbox: Sandbox;
let world: World;
let benId: string;
let islaId: string;

withStandIns({ now }, (started) => (sandbox = started));
beforeEach(async () => {
  world = await startWorld(sandbox, now);
  benId = await world.connect('google', ben);
  islaId = await world.connect('microsoft', isla);
  sandbox.google.conference.pendingGets = 0;
  sandbox.google.conference.pendingSeconds = 0;
  sandbox.log.clear();
});
afterEach(() => {
  sandbox.faults.clear();
});

function booking(overrides: Partial<RequestOf<'meetings.create'>> = {}): RequestOf<'meetings.create'> {
  return {
    operationKey: randomUUID(),
    accountId: benId,
    title: 'Roadmap review',
    description: 'Where we are, what is next.',
    start: '2026-03-10T15:00:00Z',
    end: '2026-03-10T15:30:00Z',
    timeZone: 'America/New_York',
    attendees: [{ email: dev, name: 'Dev Patel' }, { email: isla, name: 'Isla McDonald', optional: true }],
    conference: 'meet',
    sendInvitations: true,
    ...overrides,
  };
}

const googleCopies = (calendar: string, key: string) => sandbox.google.readEvents(calendar).filter((event) => event.extendedProperties?.private?.[partnerKeyProperty] === key);
const graphCopies = (mailbox: string, key: string) =>
  sandbox.microsoft.readEvents(mailbox).filter((event) => event.singleValueExtendedProperties?.some((property) => property.id?.toLowerCase() === partnerPropertyId.toLowerCase() && property.value === key));
/** Isla's standalone Teams meetings made for one booking (the stand-ins live for the whole file). */
const teamsMeetingsFor = (key: string) => sandbox.microsoft.readOnlineMeetings(isla).filter((meeting) => meeting.externalId === key);
const requestsTo = (target: 'google-calendar' | 'graph', method?: string) => sandbox.log.list({ target }).filter((entry) => !method || entry.method === method);

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error)) throw new Error('Expected the call to fail.');
  return outcome;
}

describe('booking on Google', () => {
  it('books a double click once and answers both clicks with the same meeting and its Meet link', async () => {
    const request = booking();
    const [first, second] = await Promise.all([world.call('meetings.create', request), world.call('meetings.create', request)]);
    expect(second).toEqual(first);
    expect(first).toMatchObject({ id: request.operationKey, status: 'booked', provider: 'google', conference: 'meet' });
    expect(first.joinUrl).toMatch(/^https:\/\/meet\.google\.com\//);
    expect(first.eventUrl).toBeTruthy();
    expect(googleCopies(ben, request.operationKey)).toHaveLength(1);
    expect(requestsTo('google-calendar', 'POST')).toHaveLength(1);
  });

  it('answers a later repeat of a finished booking from the store without asking Google again', async () => {
    const request = booking();
    const first = await world.call('meetings.create', request);
    sandbox.log.clear();
    expect(await world.restart().call('meetings.create', request)).toEqual(first);
    expect(requestsTo('google-calendar')).toEqual([]);
  });

  it('asks for the booking permission on first use and records every call in the ledger under "book meetings"', async () => {
    await world.call('meetings.create', booking());
    const account = await world.services.accounts.get(benId);
    expect(account?.enabledFeatures).toContain('book-meetings');
    expect(account?.grantedScopes).toContain(googleScope.ownedEvents);
    const calls = await world.services.ledger.list({ accountId: benId, feature: 'book-meetings' });
    expect(calls.map((entry) => entry.operation)).toContain('POST /calendars/primary/events');
    expect(calls.filter((entry) => entry.operation !== 'sign-in').every((entry) => entry.scope === googleScope.ownedEvents)).toBe(true);
  });

  it('keeps the booking pending when every answer is lost after Google committed, and the page’s retry finishes the same event', async () => {
    const request = booking();
    sandbox.faults.inject({ target: 'google-calendar', match: { method: 'POST', pathIncludes: '/events' }, times: 4, fault: { kind: 'dropAfterCommit' } });
    await failureOf(world.call('meetings.create', request));
    const [pending] = await world.call('meetings.list', {});
    expect(pending).toMatchObject({ id: request.operationKey, status: 'pending' });
    expect(pending?.note).toMatch(/retry finishes this meeting and never books it twice/);

    const finished = await world.call('meetings.create', request);
    expect(finished).toMatchObject({ status: 'booked', providerEventId: expect.any(String) });
    expect(googleCopies(ben, request.operationKey)).toHaveLength(1);
  });

  it('keeps a booking Google committed although every retry of its insert was rate limited, and records the event it finds by its id', async () => {
    const request = booking();
    // The first insert commits and its answer is lost; the client's own retries then meet 429s.
    sandbox.faults.inject({ target: 'google-calendar', match: { method: 'POST', pathIncludes: '/events' }, times: 1, fault: { kind: 'dropAfterCommit' } });
    sandbox.faults.inject({ target: 'google-calendar', match: { method: 'POST', pathIncludes: '/events' }, times: 3, fault: { kind: 'status', status: 429, reason: 'rateLimitExceeded' } });
    const meeting = await world.call('meetings.create', request);
    expect(meeting).toMatchObject({ id: request.operationKey, status: 'booked', providerEventId: googleCopies(ben, request.operationKey)[0]?.id });
    expect(meeting.joinUrl).toMatch(/^https:\/\/meet\.google\.com\//);
    expect(googleCopies(ben, request.operationKey)).toHaveLength(1);
  });

  it('never deletes a pending booking whose retry is rate limited, because Google may hold it: the event found by its id is recorded', async () => {
    const request = booking();
    sandbox.faults.inject({ target: 'google-calendar', match: { method: 'POST', pathIncludes: '/events' }, times: 4, fault: { kind: 'dropAfterCommit' } });
    await failureOf(world.call('meetings.create', request));
    sandbox.faults.inject({ target: 'google-calendar', match: { method: 'POST', pathIncludes: '/events' }, times: 4, fault: { kind: 'status', status: 429, reason: 'rateLimitExceeded' } });
    const finished = await world.call('meetings.create', request);
    expect(finished).toMatchObject({ status: 'booked', providerEventId: googleCopies(ben, request.operationKey)[0]?.id });
    expect(await world.call('meetings.list', {})).toEqual([finished]);
    expect(googleCopies(ben, request.operationKey)).toHaveLength(1);
  });

  it('keeps a pending booking, saying so, when its retry is refused and Google cannot be asked whether the first attempt booked it', async () => {
    const request = booking();
    sandbox.faults.inject({ target: 'google-calendar', match: { method: 'POST', pathIncludes: '/events' }, times: 4, fault: { kind: 'dropAfterCommit' } });
    await failureOf(world.call('meetings.create', request));
    sandbox.faults.inject({ target: 'google-calendar', match: { method: 'GET', pathIncludes: '/events/' }, times: 8, fault: { kind: 'status', status: 503 } });
    sandbox.faults.inject({ target: 'google-calendar', match: { method: 'POST', pathIncludes: '/events' }, times: 4, fault: { kind: 'status', status: 429, reason: 'rateLimitExceeded' } });
    await failureOf(world.call('meetings.create', request));
    const [pending] = await world.call('meetings.list', {});
    expect(pending).toMatchObject({ id: request.operationKey, status: 'pending' });
    expect(pending?.note).toMatch(/could not check/);
    expect(googleCopies(ben, request.operationKey)).toHaveLength(1);
  });

  it('finishes a booking whose worker was stopped after storing it as pending and before sending it', async () => {
    const request = booking();
    // What a worker stopped between the two steps leaves behind: the pending record, and no request sent.
    const account = (await world.services.accounts.get(benId))!;
    await world.services.meetings.begin(await intendedMeeting(account, request, now.toISOString()));
    expect(googleCopies(ben, request.operationKey)).toHaveLength(0);

    const finished = await world.restart().call('meetings.create', request);
    expect(finished).toMatchObject({ id: request.operationKey, status: 'booked' });
    expect(googleCopies(ben, request.operationKey)).toHaveLength(1);
  });

  it('finishes in a new worker a booking whose first worker died after Google committed it', async () => {
    const request = booking();
    sandbox.faults.inject({ target: 'google-calendar', match: { method: 'POST', pathIncludes: '/events' }, times: 4, fault: { kind: 'dropAfterCommit' } });
    await failureOf(world.call('meetings.create', request));
    const fresh = world.restart();
    const finished = await fresh.call('meetings.create', request);
    expect(finished.status).toBe('booked');
    expect(googleCopies(ben, request.operationKey)).toHaveLength(1);
    expect(await fresh.call('meetings.list', {})).toEqual([finished]);
  });

  it('refuses a reused booking key for a different meeting without sending anything', async () => {
    const request = booking();
    await world.call('meetings.create', request);
    sandbox.log.clear();
    const error = await failureOf(world.call('meetings.create', { ...request, start: '2026-03-11T15:00:00Z', end: '2026-03-11T15:30:00Z' }));
    expect(error.message).toMatch(/already made with different details/);
    expect(requestsTo('google-calendar')).toEqual([]);
  });

  it('forgets a booking Google refused outright, so nothing pending lingers', async () => {
    const request = booking();
    sandbox.faults.inject({ target: 'google-calendar', match: { method: 'POST', pathIncludes: '/events' }, times: 1, fault: { kind: 'status', status: 403, reason: 'forbiddenForNonOrganizer' } });
    await failureOf(world.call('meetings.create', request));
    expect(await world.call('meetings.list', {})).toEqual([]);
  });

  it('sends no invitations when asked not to, and says so', async () => {
    const request = booking({ sendInvitations: false, conference: 'none' });
    const meeting = await world.call('meetings.create', request);
    expect(meeting.note).toMatch(/No invitations were sent/);
    expect(meeting.joinUrl).toBeUndefined();
    const insert = requestsTo('google-calendar', 'POST').find((entry) => entry.path.endsWith('/events'));
    expect(insert?.query).toMatchObject({ sendUpdates: 'none' });
  });

  it('records a Meet link still being made as link-pending with Google’s words', async () => {
    sandbox.google.conference.pendingGets = 1_000;
    sandbox.google.conference.pendingSeconds = 3_600;
    const meeting = await world.call('meetings.create', booking());
    expect(meeting.status).toBe('link-pending');
    expect(meeting.note).toMatch(/still creating its Meet link/);
  });

  it('puts a Teams link made by the connected Microsoft work account into the Google meeting, and a repeat answers the same meeting', async () => {
    const request = booking({ conference: 'teams' });
    const meeting = await world.call('meetings.create', request);
    expect(meeting).toMatchObject({ status: 'booked', provider: 'google', conference: 'teams' });
    expect(meeting.joinUrl).toMatch(/^https:\/\/teams\.microsoft\.com\//);
    const [event] = googleCopies(ben, request.operationKey);
    expect(event?.location).toBe(meeting.joinUrl);
    expect(event?.description).toBe(`Where we are, what is next.\n\nJoin the Microsoft Teams meeting: ${meeting.joinUrl}`);
    expect(event?.conferenceData).toBeUndefined();

    expect(await world.call('meetings.create', request)).toEqual(meeting);
    expect(googleCopies(ben, request.operationKey)).toHaveLength(1);
    expect(teamsMeetingsFor(request.operationKey).map((entry) => entry.joinWebUrl)).toEqual([meeting.joinUrl]);
  });

  it('finishes a Teams-linked Google booking whose event answer was lost, with the same Teams meeting', async () => {
    const request = booking({ conference: 'teams' });
    sandbox.faults.inject({ target: 'google-calendar', match: { method: 'POST', pathIncludes: '/events' }, times: 4, fault: { kind: 'dropAfterCommit' } });
    await failureOf(world.call('meetings.create', request));
    const meeting = await world.call('meetings.create', request);
    expect(googleCopies(ben, request.operationKey)).toHaveLength(1);
    expect(googleCopies(ben, request.operationKey)[0]?.location).toBe(meeting.joinUrl);
    expect(teamsMeetingsFor(request.operationKey).map((entry) => entry.joinWebUrl)).toEqual([meeting.joinUrl]);
  });

  it('finishes a Teams-linked retry with the link made the first time, even after the Microsoft account was disconnected', async () => {
    const request = booking({ conference: 'teams' });
    sandbox.faults.inject({ target: 'google-calendar', match: { method: 'POST', pathIncludes: '/events' }, times: 4, fault: { kind: 'status', status: 503 } });
    await failureOf(world.call('meetings.create', request));
    await world.call('accounts.disconnect', { accountId: islaId });
    const meeting = await world.call('meetings.create', request);
    expect(meeting).toMatchObject({ status: 'booked', conference: 'teams' });
    expect(teamsMeetingsFor(request.operationKey).map((entry) => entry.joinWebUrl)).toEqual([meeting.joinUrl]);
    expect(googleCopies(ben, request.operationKey)[0]?.location).toBe(meeting.joinUrl);
  });

  it('refuses a Teams link on a Google account when no Microsoft work account is connected, before sending anything', async () => {
    await world.call('accounts.disconnect', { accountId: islaId });
    sandbox.log.clear();
    const options = await world.call('meetings.options', { accountId: benId });
    expect(options.conferences).toEqual(['meet', 'none']);
    expect(options.unavailable).toEqual([{ conference: 'teams', reason: expect.stringMatching(/connect a Microsoft work or school account/) }]);
    const error = await failureOf(world.call('meetings.create', booking({ conference: 'teams' })));
    expect(error.message).toMatch(/connect a Microsoft work or school account/);
    expect(requestsTo('google-calendar')).toEqual([]);
  });
});

describe('moving and cancelling only partner meetings', () => {
  it('moves a partner meeting’s time and nothing else', async () => {
    const meeting = await world.call('meetings.create', booking());
    const moved = await world.call('meetings.reschedule', { meetingId: meeting.id, start: '2026-03-12T14:00:00Z', end: '2026-03-12T14:45:00Z' });
    expect(moved).toMatchObject({ start: '2026-03-12T14:00:00.000Z', end: '2026-03-12T14:45:00.000Z', title: meeting.title, status: 'booked' });
    const [event] = googleCopies(ben, meeting.id);
    expect(new Date(event!.start!.dateTime!).toISOString()).toBe('2026-03-12T14:00:00.000Z');
    expect(event?.summary).toBe('Roadmap review');
  });

  it('reports a Google move whose answer was lost as done, and keeps the new time', async () => {
    const meeting = await world.call('meetings.create', booking());
    // The PATCH commits, its answer is lost, and the client's retry carries the old etag.
    sandbox.faults.inject({ target: 'google-calendar', match: { method: 'PATCH' }, times: 1, fault: { kind: 'dropAfterCommit' } });
    const moved = await world.call('meetings.reschedule', { meetingId: meeting.id, start: '2026-03-12T14:00:00Z', end: '2026-03-12T14:45:00Z' });
    expect(moved).toMatchObject({ start: '2026-03-12T14:00:00.000Z', end: '2026-03-12T14:45:00.000Z', status: 'booked' });
    expect(requestsTo('google-calendar', 'PATCH').map((entry) => entry.status)).toEqual([200, 412]);
    expect((await world.call('meetings.list', {}))[0]).toMatchObject({ start: '2026-03-12T14:00:00.000Z' });
  });

  it('refuses a Google move when the meeting was changed in Google Calendar meanwhile, and shows the time Google has', async () => {
    const meeting = await world.call('meetings.create', booking());
    const eventId = googleCopies(ben, meeting.id)[0]!.id!;
    // Overlap reads the event; before it writes, someone moves the event in Google Calendar.
    sandbox.faults.inject({ target: 'google-calendar', match: { method: 'GET', pathIncludes: `/events/${eventId}` }, times: 1, fault: { kind: 'slowAnswer', ms: 1_000 } });
    const move = world.call('meetings.reschedule', { meetingId: meeting.id, start: '2026-03-12T14:00:00Z', end: '2026-03-12T14:45:00Z' });
    while (sandbox.faults.pending().length) await new Promise((resolve) => setTimeout(resolve, 10));
    const elsewhere = await fetch(`${sandbox.urls.googleCalendar}/calendars/primary/events/${eventId}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${sandbox.google.issueToken(ben, [googleScope.ownedEvents])}`, 'content-type': 'application/json' },
      body: JSON.stringify({ start: { dateTime: '2026-03-13T16:00:00Z', timeZone: 'America/New_York' }, end: { dateTime: '2026-03-13T17:00:00Z', timeZone: 'America/New_York' } }),
    });
    expect(elsewhere.status).toBe(200);
    const error = await failureOf(move);
    expect(error.message).toMatch(/meeting was changed in Google Calendar since/);
    expect((await world.call('meetings.list', {}))[0]).toMatchObject({ start: '2026-03-13T16:00:00.000Z', end: '2026-03-13T17:00:00.000Z' });
  });

  it('cancels a partner meeting at Google, and a second cancel changes nothing', async () => {
    const meeting = await world.call('meetings.create', booking());
    expect((await world.call('meetings.cancel', { meetingId: meeting.id })).status).toBe('cancelled');
    expect(googleCopies(ben, meeting.id)[0]?.status).toBe('cancelled');
    sandbox.log.clear();
    expect((await world.call('meetings.cancel', { meetingId: meeting.id })).status).toBe('cancelled');
    expect(requestsTo('google-calendar')).toEqual([]);
  });

  it('refuses to move or cancel a meeting Overlap has no record of, without a single request', async () => {
    const someoneElses = sandbox.google.readEvents(ben).find((event) => !event.extendedProperties?.private?.[partnerKeyProperty]);
    expect(someoneElses?.id).toBeTruthy();
    await expect(world.call('meetings.cancel', { meetingId: someoneElses!.id! })).rejects.toThrow(/Overlap did not create this meeting/);
    await expect(world.call('meetings.reschedule', { meetingId: someoneElses!.id!, start: '2026-03-12T14:00:00Z', end: '2026-03-12T15:00:00Z' })).rejects.toThrow(/Overlap did not create this meeting/);
    expect(requestsTo('google-calendar')).toEqual([]);
  });

  it('leaves an event untouched when a damaged record points at one Overlap did not create', async () => {
    const meeting = await world.call('meetings.create', booking());
    const someoneElses = sandbox.google.readEvents(ben).find((event) => !event.extendedProperties?.private?.[partnerKeyProperty] && event.status !== 'cancelled')!;
    const meetings = world.services.meetings;
    await meetings.put({ ...(await meetings.get(meeting.id))!, providerEventId: someoneElses.id! });
    await expect(world.call('meetings.cancel', { meetingId: meeting.id })).rejects.toMatchObject({ kind: 'not-partner-event' });
    expect(sandbox.google.readEvents(ben).find((event) => event.id === someoneElses.id)?.status).toBe(someoneElses.status);
  });
});

describe('booking on Microsoft', () => {
  it('books a double click once, with a Teams link, and says Outlook sends invitations regardless', async () => {
    const request = booking({ accountId: islaId, conference: 'teams', sendInvitations: false, attendees: [{ email: jack }, { email: ben }] });
    const [first, second] = await Promise.all([world.call('meetings.create', request), world.call('meetings.create', request)]);
    expect(second).toEqual(first);
    expect(first).toMatchObject({ provider: 'microsoft', status: 'booked', conference: 'teams' });
    expect(first.joinUrl).toBeTruthy();
    expect(first.note).toMatch(/Outlook always emails invitations/);
    expect(graphCopies(isla, request.operationKey)).toHaveLength(1);
  });

  it('books once when Graph’s answer is lost after it committed and the page retries', async () => {
    const request = booking({ accountId: islaId, conference: 'none', attendees: [{ email: jack }] });
    sandbox.faults.inject({ target: 'graph', match: { method: 'POST', pathIncludes: '/me/events' }, times: 4, fault: { kind: 'dropAfterCommit' } });
    await failureOf(world.call('meetings.create', request));
    const finished = await world.restart().call('meetings.create', request);
    expect(finished.status).toBe('booked');
    expect(graphCopies(isla, request.operationKey)).toHaveLength(1);
  });

  it('puts a Meet room made by the connected Google account into the Outlook meeting, and a retry after lost answers reuses that room', async () => {
    const request = booking({ accountId: islaId, conference: 'meet', attendees: [{ email: jack }] });
    sandbox.faults.inject({ target: 'graph', match: { method: 'POST', pathIncludes: '/me/events' }, times: 4, fault: { kind: 'dropAfterCommit' } });
    await failureOf(world.call('meetings.create', request));
    const meeting = await world.restart().call('meetings.create', request);
    expect(meeting).toMatchObject({ provider: 'microsoft', conference: 'meet', status: 'booked' });
    expect(meeting.joinUrl).toMatch(/^https:\/\/meet\.google\.com\/[a-z]{3}-[a-z]{4}-[a-z]{3}$/);
    const events = graphCopies(isla, request.operationKey);
    expect(events).toHaveLength(1);
    expect(events[0]?.location?.displayName).toBe(`Google Meet: ${meeting.joinUrl}`);
    expect(events[0]?.body?.content).toContain(`<a href="${meeting.joinUrl}">`);
    expect(events[0]?.isOnlineMeeting).toBeFalsy();
    expect(sandbox.log.list({ target: 'google-meet' })).toHaveLength(1);
  });

  it('refuses and forgets, rather than leaving pending, a Meet-linked retry whose Google account was disconnected before the room was made', async () => {
    const request = booking({ accountId: islaId, conference: 'meet', attendees: [{ email: jack }] });
    // Meet rooms are not retried (no idempotency key), so one 503 ends the first attempt without a room.
    sandbox.faults.inject({ target: 'google-meet', times: 1, fault: { kind: 'status', status: 503 } });
    await failureOf(world.call('meetings.create', request));
    await world.call('accounts.disconnect', { accountId: benId });
    const error = await failureOf(world.call('meetings.create', request));
    expect(error.message).toMatch(/no longer connected/);
    expect(graphCopies(isla, request.operationKey)).toEqual([]);
    expect((await world.call('meetings.list', {})).map((meeting) => meeting.id)).not.toContain(request.operationKey);
  });

  it('refuses Meet on an Outlook meeting when no Google account is connected, before sending anything', async () => {
    await world.call('accounts.disconnect', { accountId: benId });
    sandbox.log.clear();
    const error = await failureOf(world.call('meetings.create', booking({ accountId: islaId, conference: 'meet', attendees: [{ email: jack }] })));
    expect(error.message).toMatch(/connect a Google account/);
    expect(requestsTo('graph', 'POST')).toEqual([]);
  });

  it('keeps an Outlook booking Graph committed although the retries of its create were throttled, and records the event it finds by Overlap’s tag', async () => {
    const request = booking({ accountId: islaId, conference: 'none', attendees: [{ email: jack }] });
    sandbox.faults.inject({ target: 'graph', match: { method: 'POST', pathIncludes: '/me/events' }, times: 1, fault: { kind: 'dropAfterCommit' } });
    sandbox.faults.inject({ target: 'graph', match: { method: 'POST', pathIncludes: '/me/events' }, times: 3, fault: { kind: 'status', status: 429, retryAfterSeconds: 0 } });
    const meeting = await world.call('meetings.create', request);
    expect(meeting).toMatchObject({ status: 'booked', providerEventId: graphCopies(isla, request.operationKey)[0]?.id });
    expect(graphCopies(isla, request.operationKey)).toHaveLength(1);
  });

  it('cancels an Outlook meeting again after the answer to the first cancel was lost, and records it cancelled', async () => {
    const meeting = await world.call('meetings.create', booking({ accountId: islaId, conference: 'none', attendees: [{ email: jack }] }));
    sandbox.faults.inject({ target: 'graph', match: { method: 'POST', pathIncludes: '/cancel' }, times: 4, fault: { kind: 'dropAfterCommit' } });
    await failureOf(world.call('meetings.cancel', { meetingId: meeting.id }));
    expect(graphCopies(isla, meeting.id)).toEqual([]);
    expect((await world.call('meetings.cancel', { meetingId: meeting.id })).status).toBe('cancelled');
    expect((await world.call('meetings.list', {}))[0]?.status).toBe('cancelled');
  });

  it('moves and then cancels a partner meeting in Outlook', async () => {
    const meeting = await world.call('meetings.create', booking({ accountId: islaId, conference: 'none', attendees: [{ email: jack }] }));
    await world.call('meetings.reschedule', { meetingId: meeting.id, start: '2026-03-12T10:00:00Z', end: '2026-03-12T10:30:00Z' });
    const [moved] = graphCopies(isla, meeting.id);
    expect(moved?.start?.dateTime?.startsWith('2026-03-12T10:00:00')).toBe(true);
    expect((await world.call('meetings.cancel', { meetingId: meeting.id })).status).toBe('cancelled');
    expect(graphCopies(isla, meeting.id).every((event) => event.isCancelled === true)).toBe(true);
  });
});

describe('booking options', () => {
  it('offers each calendar its own link first, the other provider’s link through a connected account of it, and says why anything is missing', async () => {
    const samId = await world.connect('microsoft', sam);
    expect(await world.call('meetings.options', { accountId: benId })).toMatchObject({
      provider: 'google',
      conferences: ['meet', 'teams', 'none'],
      unavailable: [],
      linkMadeBy: { teams: isla },
      alwaysSendsInvitations: false,
    });
    const work = await world.call('meetings.options', { accountId: islaId });
    // Meet is the user's default, but on Outlook another account would make it, so Teams stays first.
    expect(work).toMatchObject({ conferences: ['teams', 'meet', 'none'], unavailable: [], linkMadeBy: { meet: ben }, alwaysSendsInvitations: true });
    const personal = await world.call('meetings.options', { accountId: samId });
    expect(personal.conferences).toEqual(['meet', 'none']);
    expect(personal.unavailable.map((entry) => [entry.conference, entry.reason])).toEqual([['teams', expect.stringMatching(/does not allow Teams meetings/)]]);
  });

  it('puts the user’s default conference first', async () => {
    await world.call('preferences.set', { preferences: { defaultConference: 'none' } });
    expect((await world.call('meetings.options', { accountId: benId })).conferences).toEqual(['none', 'meet', 'teams']);
  });
});

describe('pending bookings: check and finish, forget, edit', () => {
  it('finishes a pending booking in a new worker from its stored record alone, sending it as first asked', async () => {
    const request = booking();
    const account = (await world.services.accounts.get(benId))!;
    await world.services.meetings.begin(await intendedMeeting(account, request, now.toISOString()));
    const finished = await world.restart().call('meetings.finish', { meetingId: request.operationKey });
    expect(finished).toMatchObject({ id: request.operationKey, status: 'booked', title: 'Roadmap review' });
    const [event] = googleCopies(ben, request.operationKey);
    expect(event).toMatchObject({ summary: 'Roadmap review', description: 'Where we are, what is next.' });
    expect(event?.attendees?.map((attendee) => attendee.email)).toEqual([dev, isla]);
    expect(finished.joinUrl).toMatch(/^https:\/\/meet\.google\.com\//);
  });

  it('records as booked, without sending it again, a pending booking that check and finish finds at Google', async () => {
    const request = booking();
    sandbox.faults.inject({ target: 'google-calendar', match: { method: 'POST', pathIncludes: '/events' }, times: 4, fault: { kind: 'dropAfterCommit' } });
    await failureOf(world.call('meetings.create', request));
    sandbox.log.clear();
    const finished = await world.restart().call('meetings.finish', { meetingId: request.operationKey });
    expect(finished).toMatchObject({ status: 'booked', providerEventId: googleCopies(ben, request.operationKey)[0]?.id });
    expect(requestsTo('google-calendar', 'POST')).toEqual([]);
    // The lookup is a booking call like the others, in the ledger under "book meetings".
    const lookups = (await world.services.ledger.list({ accountId: benId, feature: 'book-meetings' })).filter((entry) => entry.operation === 'GET /calendars/primary/events/{id}');
    expect(lookups.map((entry) => [entry.scope, entry.outcome])).toContainEqual([googleScope.ownedEvents, 'ok']);
    expect(await world.call('meetings.finish', { meetingId: request.operationKey })).toEqual(finished);
  });

  it('forgets a pending booking on this device only, leaving what Google holds untouched, and refuses to forget a booked one', async () => {
    const request = booking();
    sandbox.faults.inject({ target: 'google-calendar', match: { method: 'POST', pathIncludes: '/events' }, times: 4, fault: { kind: 'dropAfterCommit' } });
    await failureOf(world.call('meetings.create', request));
    await expect(world.call('meetings.cancel', { meetingId: request.operationKey })).rejects.toThrow(/Check and finish/);
    sandbox.log.clear();
    expect(await world.call('meetings.forget', { meetingId: request.operationKey })).toMatchObject({ id: request.operationKey, status: 'pending' });
    expect(await world.call('meetings.list', {})).toEqual([]);
    expect(requestsTo('google-calendar')).toEqual([]);
    expect(googleCopies(ben, request.operationKey)).toHaveLength(1);

    const booked = await world.call('meetings.create', booking());
    await expect(world.call('meetings.forget', { meetingId: booked.id })).rejects.toThrow(/Cancel this meeting instead/);
  });

  it('books the edited details when a pending booking is retried with a changed title and Google holds nothing for it', async () => {
    const request = booking();
    sandbox.faults.inject({ target: 'google-calendar', match: { method: 'POST', pathIncludes: '/events' }, times: 4, fault: { kind: 'status', status: 503 } });
    await failureOf(world.call('meetings.create', request));
    const edited = await world.call('meetings.create', { ...request, title: 'Roadmap review, take two' });
    expect(edited).toMatchObject({ id: request.operationKey, status: 'booked', title: 'Roadmap review, take two' });
    expect(googleCopies(ben, request.operationKey).map((event) => event.summary)).toEqual(['Roadmap review, take two']);
  });

  it('refuses an edited retry of a booking Google already holds, and records that meeting as Google has it', async () => {
    const request = booking();
    sandbox.faults.inject({ target: 'google-calendar', match: { method: 'POST', pathIncludes: '/events' }, times: 4, fault: { kind: 'dropAfterCommit' } });
    await failureOf(world.call('meetings.create', request));
    const error = await failureOf(world.call('meetings.create', { ...request, title: 'Roadmap review, take two' }));
    expect(error.message).toMatch(/first attempt did book this meeting/);
    expect(await world.call('meetings.list', {})).toEqual([expect.objectContaining({ id: request.operationKey, status: 'booked', title: 'Roadmap review' })]);
    expect(googleCopies(ben, request.operationKey)).toHaveLength(1);
  });

  it('looks for the first attempt in the first account’s calendar when an edited retry switches account, so the meeting is not booked in both', async () => {
    const request = booking({ conference: 'none', attendees: [{ email: jack }] });
    sandbox.faults.inject({ target: 'google-calendar', match: { method: 'POST', pathIncludes: '/events' }, times: 4, fault: { kind: 'dropAfterCommit' } });
    await failureOf(world.call('meetings.create', request));
    const error = await failureOf(world.call('meetings.create', { ...request, accountId: islaId }));
    expect(error.message).toMatch(/first attempt did book this meeting/);
    expect(googleCopies(ben, request.operationKey)).toHaveLength(1);
    expect(graphCopies(isla, request.operationKey)).toEqual([]);
    expect(await world.call('meetings.list', {})).toEqual([expect.objectContaining({ accountId: benId, status: 'booked' })]);
  });

  it('keeps meetings until 90 days after they ended, and a pending one whatever its age', async () => {
    const old = await world.call('meetings.create', booking());
    const stuck = booking();
    const account = (await world.services.accounts.get(benId))!;
    await world.services.meetings.begin(await intendedMeeting(account, stuck, now.toISOString()));
    // The old meeting ended on 10 March: 89 days later it stays, 91 days later it goes.
    world.clock.now = new Date('2026-06-07T15:30:00Z');
    const recent = await world.call('meetings.create', booking({ start: '2026-06-08T15:00:00Z', end: '2026-06-08T15:30:00Z' }));
    expect((await world.call('meetings.list', {})).map((meeting) => meeting.id).sort()).toEqual([old.id, stuck.operationKey, recent.id].sort());
    world.clock.now = new Date('2026-06-09T15:31:00Z');
    const next = await world.call('meetings.create', booking({ start: '2026-06-10T15:00:00Z', end: '2026-06-10T15:30:00Z' }));
    expect((await world.call('meetings.list', {})).map((meeting) => meeting.id).sort()).toEqual([stuck.operationKey, recent.id, next.id].sort());
  });
});

describe('contacts and disconnecting', () => {
  it('suggests the people of booked meetings by a prefix of address or name, most met first', async () => {
    await world.call('meetings.create', booking());
    await world.call('meetings.create', booking({ attendees: [{ email: dev, name: 'Dev Patel' }] }));
    expect((await world.call('contacts.suggest', { query: '' })).map((contact) => [contact.email, contact.meetings])).toEqual([
      [dev, 2],
      [isla, 1],
    ]);
    expect((await world.call('contacts.suggest', { query: 'mcd' })).map((contact) => contact.email)).toEqual([isla]);
    expect((await world.call('contacts.suggest', { query: 'DEV.P' })).map((contact) => contact.name)).toEqual(['Dev Patel']);
    expect(await world.call('contacts.suggest', { query: 'zz' })).toEqual([]);
  });

  it('forgets the account’s meetings, contacts and cached availability on disconnect, or keeps the meetings when asked', async () => {
    await world.call('meetings.create', booking());
    await world.call('meetings.create', booking({ accountId: islaId, conference: 'none', attendees: [{ email: jack, name: 'Jack Nguyen' }] }));
    await world.call('accounts.disconnect', { accountId: benId });
    expect((await world.call('meetings.list', {})).map((meeting) => meeting.accountId)).toEqual([islaId]);
    expect((await world.call('contacts.suggest', { query: '' })).map((contact) => contact.email)).toEqual([jack]);

    await world.call('accounts.disconnect', { accountId: islaId, keepMeetings: true });
    expect((await world.call('meetings.list', {})).map((meeting) => meeting.accountId)).toEqual([islaId]);
    expect(await world.call('contacts.suggest', { query: '' })).toEqual([]);
  });
});
