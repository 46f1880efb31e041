import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isProviderError, type ProviderError } from '@/lib/providers/errors';
import { createMicrosoftClient, partnerPropertyId, type MicrosoftClientOptions } from '@/lib/providers/microsoft/client';
import { SettableClock } from '../../sandbox/core/clock';
import { FaultInjector } from '../../sandbox/core/faults';
import { RequestLog } from '../../sandbox/core/request-log';
import { scenarioAnchor, scenarioPeople } from '../../sandbox/scenario';
import { startMicrosoftStandIns, type MicrosoftStandIns } from '../../sandbox/microsoft';
import { refreshingTokenSource, sandboxLoginOptions, signIn, type LoginOptions } from './oidc-login';

const jack = 'jack.nguyen@contoso.example';
const isla = 'isla.mcdonald@contoso.example';
const sam = 'sam.okafor@outlook.example';
const allScopes = ['User.Read', 'Calendars.ReadWrite', 'MailboxSettings.Read', 'OnlineMeetings.ReadWrite'];

const ctx = { faults: new FaultInjector(), log: new RequestLog(), clock: new SettableClock() };
let sandbox: MicrosoftStandIns;
const anchor = scenarioAnchor(ctx.clock.now());
const day = 24 * 60 * 60 * 1000;
const weekStart = new Date(anchor.getTime() + 7 * day);
const weekEnd = new Date(weekStart.getTime() + 7 * day);

function loginOptions(email: string, scopes = allScopes): LoginOptions {
  return sandboxLoginOptions(sandbox.urls.microsoftAuthority, sandbox.state, email, scopes);
}

async function clientFor(email: string, extra: Partial<MicrosoftClientOptions> & { scopes?: string[]; declineScopes?: string[] } = {}) {
  sandbox.state.setAutoSignIn(email, { declineScopes: extra.declineScopes ?? [] });
  const options = loginOptions(email, extra.scopes);
  const login = await signIn(options);
  const tokenSource = refreshingTokenSource(options, login);
  const sleeps: number[] = [];
  const client = createMicrosoftClient({
    baseUrl: sandbox.urls.graph,
    tokenSource,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    timeoutMs: 2_000,
    ...extra,
  });
  return { client, tokenSource, sleeps, login };
}

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!isProviderError(error)) throw new Error(`Expected a ProviderError, got ${String(error)}`);
  return error;
}

const sameZone = (a: string | undefined, b: string) =>
  a !== undefined && new Intl.DateTimeFormat('en-US', { timeZone: a }).resolvedOptions().timeZone === new Intl.DateTimeFormat('en-US', { timeZone: b }).resolvedOptions().timeZone;

beforeAll(async () => {
  sandbox = await startMicrosoftStandIns(ctx, { graph: 0, microsoftIdentity: 0 }, { accessTokenTtlSeconds: 300 });
});
afterAll(async () => {
  await sandbox.stop();
});
afterEach(() => {
  ctx.faults.clear();
  ctx.log.clear();
});

describe('sign-in against the Microsoft-like authority', () => {
  it('leaves a scope the user declined out of the granted token and the stored consent', async () => {
    const { login } = await clientFor(isla, { declineScopes: ['Calendars.ReadWrite'] });
    expect(login.scopes).toContain('MailboxSettings.Read');
    expect(login.scopes).not.toContain('Calendars.ReadWrite');
    const [grant] = sandbox.state.consentGrants(isla);
    expect(grant?.declinedScopes).toEqual(['Calendars.ReadWrite']);
    sandbox.state.removeConsent(isla);
  });

  it('answers a token asked for one permission with every Graph permission the account consented to, as Entra does', async () => {
    await clientFor(isla, { scopes: ['Calendars.ReadBasic'] });
    const { login } = await clientFor(isla, { scopes: ['OnlineMeetings.ReadWrite'] });
    expect(login.scopes).toEqual(expect.arrayContaining(['Calendars.ReadBasic', 'OnlineMeetings.ReadWrite']));
    sandbox.state.removeConsent(isla);
  });
});

describe('free/busy through getSchedule', () => {
  it('maps tenant people to IANA zones and busy times, and makes people outside the tenant unknown', async () => {
    const { client } = await clientFor(jack);
    const emails = scenarioPeople.map((person) => person.email);
    const result = await client.getAvailability({ emails, start: weekStart, end: weekEnd });
    const byEmail = new Map(result.map((person) => [person.email, person]));

    expect(sameZone(byEmail.get(jack)?.timeZone, 'America/Los_Angeles')).toBe(true);
    expect(sameZone(byEmail.get('gita.shrestha@contoso.example')?.timeZone, 'Asia/Kathmandu')).toBe(true);
    expect(byEmail.get(jack)?.workingHours?.mon).toEqual([{ start: '08:00', end: '16:30' }]);
    // Kiri's mailbox uses a custom zone nobody can name: busy times known, zone and hours not guessed.
    const kiri = byEmail.get('kiri.walker@contoso.example');
    expect(kiri?.availability.status).toBe('known');
    expect(kiri?.timeZone).toBeUndefined();

    const storedBusy = sandbox.state
      .readEvents(isla)
      .filter((event) => !event.isCancelled && new Date(`${event.start!.dateTime}`) < weekEnd && new Date(`${event.end!.dateTime}`) > weekStart);
    const islaAvailability = byEmail.get(isla)?.availability;
    expect(islaAvailability?.status).toBe('known');
    if (islaAvailability?.status === 'known') {
      expect(islaAvailability.busy.length).toBe(storedBusy.length);
      expect(islaAvailability.busy.some((interval) => interval.status === 'workingElsewhere')).toBe(true);
    }
    for (const person of scenarioPeople.filter((candidate) => candidate.provider !== 'microsoft' || candidate.accountType === 'personal')) {
      expect(byEmail.get(person.email)?.availability).toMatchObject({ status: 'unknown', reason: expect.stringContaining('ErrorMailRecipientNotFound') });
    }
  });

  it('splits 25 people over 100 days into two batches of two windows each, never more', async () => {
    const { client } = await clientFor(jack);
    const outsiders = Array.from({ length: 20 }, (_, index) => `guest${index}@partner.example`);
    const tenant = scenarioPeople.filter((person) => person.provider === 'microsoft' && person.accountType === 'work').map((person) => person.email);
    const emails = [...tenant, ...outsiders];
    expect(emails.length).toBeGreaterThan(20);
    const result = await client.getAvailability({ emails, start: weekStart, end: new Date(weekStart.getTime() + 100 * day) });
    const calls = ctx.log.list({ target: 'graph', pathIncludes: 'getSchedule' });
    expect(calls.map((call) => call.status)).toEqual([200, 200, 200, 200]);
    expect(result.filter((person) => person.availability.status === 'known').map((person) => person.email).sort()).toEqual([...tenant].sort());
  });

  it('waits out a 429 for exactly its Retry-After, then answers', async () => {
    const { client, sleeps } = await clientFor(jack);
    ctx.faults.inject({ target: 'graph', match: { pathIncludes: 'getSchedule' }, times: 1, fault: { kind: 'status', status: 429, retryAfterSeconds: 7 } });
    const [person] = await client.getAvailability({ emails: [isla], start: weekStart, end: weekEnd });
    expect(sleeps).toEqual([7000]);
    expect(person?.availability.status).toBe('known');
    expect(ctx.log.list({ target: 'graph' }).map((entry) => entry.status)).toEqual([429, 200]);
  });

  it('retries a 503 and keeps a batch that keeps failing from blanking the other batch', async () => {
    const { client } = await clientFor(jack, { concurrency: 1 });
    const firstBatch = Array.from({ length: 20 }, (_, index) => `guest${index}@partner.example`);
    ctx.faults.inject({ target: 'graph', match: { pathIncludes: 'getSchedule' }, times: 4, fault: { kind: 'status', status: 500 } });
    const mixed = await client.getAvailability({ emails: [...firstBatch, jack, isla], start: weekStart, end: weekEnd });
    expect(mixed.slice(0, 20).every((person) => person.availability.status === 'unknown')).toBe(true);
    expect(mixed[0]?.availability).toMatchObject({ reason: expect.stringContaining('Microsoft is having trouble') });
    expect(mixed.slice(20).map((person) => [person.email, person.availability.status])).toEqual([[jack, 'known'], [isla, 'known']]);

    ctx.faults.inject({ target: 'graph', match: { pathIncludes: 'getSchedule' }, times: 1, fault: { kind: 'status', status: 503 } });
    ctx.log.clear();
    const recovered = await client.getAvailability({ emails: [jack, isla], start: weekStart, end: weekEnd });
    expect(recovered.every((person) => person.availability.status === 'known')).toBe(true);
    expect(ctx.log.list({ target: 'graph' }).map((entry) => entry.status)).toEqual([503, 200]);
  });

  it('makes the batch of a malformed answer unknown, naming the broken field', async () => {
    const { client } = await clientFor(jack);
    ctx.faults.inject({ target: 'graph', match: { pathIncludes: 'getSchedule' }, times: 1, fault: { kind: 'malformed' } });
    const [person] = await client.getAvailability({ emails: [isla], start: weekStart, end: weekEnd });
    expect(person?.availability).toMatchObject({ status: 'unknown', reason: expect.stringContaining('value.0.scheduleId') });
  });

  it('reads a personal account\'s own free/busy from its calendar view', async () => {
    const { client } = await clientFor(sam);
    const own = await client.getOwnAvailability({ email: sam, start: weekStart, end: weekEnd });
    expect(own.availability.status).toBe('known');
    // The zone and working hours are the time-zone feature's read, not this one's.
    expect(ctx.log.list({ target: 'graph', pathIncludes: 'mailboxSettings' })).toHaveLength(0);
    if (own.availability.status === 'known') {
      expect(own.availability.busy.length).toBeGreaterThan(5);
      expect(own.availability.busy.some((interval) => interval.status === 'tentative')).toBe(true);
    }
    expect(ctx.log.list({ target: 'graph', pathIncludes: 'getSchedule' })).toHaveLength(0);
  });
});

describe('failures a user must see clearly', () => {
  it('gives up on a call that hangs past its timeout with a timeout error', async () => {
    const { client } = await clientFor(jack, { timeoutMs: 200 });
    ctx.faults.inject({ target: 'graph', match: { pathIncludes: 'mailboxSettings' }, times: 4, fault: { kind: 'hang', ms: 1_500 } });
    const error = await rejection(client.getMailboxSettings());
    expect(error.kind).toBe('timeout');
    expect(error.provider).toBe('microsoft');
  });

  it('rejects a wrongly shaped mailbox settings answer naming Microsoft and the field', async () => {
    const { client } = await clientFor(jack);
    ctx.faults.inject({ target: 'graph', match: { pathIncludes: 'mailboxSettings' }, times: 1, fault: { kind: 'malformed' } });
    const error = await rejection(client.getMailboxSettings());
    expect(error).toMatchObject({ kind: 'malformed-response', field: 'timeZone' });
    expect(error.message).toContain('Microsoft');
  });

  it('refreshes an expired token once and carries on', async () => {
    const { client, tokenSource } = await clientFor(jack);
    expect(sandbox.state.expireTokens(jack)).toBeGreaterThan(0);
    const settings = await client.getMailboxSettings();
    expect(sameZone(settings.timeZone, 'America/Los_Angeles')).toBe(true);
    expect(tokenSource.refreshes).toBe(1);
  });

  it('reports a dead sign-in once the admin removed consent and the token ran out', async () => {
    const { client } = await clientFor(isla);
    sandbox.state.removeConsent(isla);
    // Tokens already issued stay valid until they expire, as at Entra.
    await expect(client.getMailboxSettings()).resolves.toBeDefined();
    ctx.clock.advance(301);
    try {
      const error = await rejection(client.getMailboxSettings());
      expect(error.kind).toBe('unauthorized');
      expect(error.message).toMatch(/Connect the account again/);
    } finally {
      ctx.clock.advance(-301);
    }
  });

  it('asks for consent to MailboxSettings.Read when the token lacks it', async () => {
    // Consent persists across sign-ins, as at Entra: Jack's earlier consent to it is removed first.
    sandbox.state.removeConsent(jack);
    const { client } = await clientFor(jack, { scopes: ['Calendars.ReadWrite'] });
    const error = await rejection(client.getMailboxSettings());
    expect(error).toMatchObject({ kind: 'consent-needed', scope: 'MailboxSettings.Read', reason: 'ErrorAccessDenied' });
  });
});

describe('partner events', () => {
  const meeting = (operationKey: string) => ({
    operationKey,
    subject: 'Quarterly planning',
    start: new Date(weekStart.getTime() + 2 * day + 17 * 60 * 60 * 1000),
    end: new Date(weekStart.getTime() + 2 * day + 17.5 * 60 * 60 * 1000),
    attendees: [{ email: isla }],
    onlineMeeting: 'teamsForBusiness' as const,
  });
  const tagged = (mailbox: string, key: string) =>
    sandbox.state.readEvents(mailbox).filter((event) => event.singleValueExtendedProperties?.some((property) => property.id === partnerPropertyId && property.value === key));

  it('creates a tagged Teams meeting, invites a colleague, then updates and cancels it', async () => {
    const { client } = await clientFor(jack);
    const created = await client.createPartnerEvent(meeting('op-create-1'));
    expect(created.joinUrl).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//);
    expect(tagged(jack, 'op-create-1')).toHaveLength(1);
    expect(sandbox.state.readEvents(isla).some((event) => event.subject === 'Quarterly planning' && event.showAs === 'tentative')).toBe(true);

    const moved = await client.updatePartnerEvent(created.eventId, { subject: 'Quarterly planning (moved)' });
    expect(moved.eventId).toBe(created.eventId);
    expect(tagged(jack, 'op-create-1')[0]?.subject).toBe('Quarterly planning (moved)');

    await client.cancelPartnerEvent(created.eventId, 'Plans changed');
    expect(tagged(jack, 'op-create-1')).toHaveLength(0);
    expect(sandbox.state.readEvents(isla).find((event) => event.subject === 'Quarterly planning (moved)')?.isCancelled).toBe(true);
  });

  it('makes exactly one event when the create was committed but its answer was lost', async () => {
    const { client } = await clientFor(jack);
    ctx.faults.inject({ target: 'graph', match: { method: 'POST', pathIncludes: '/me/events' }, times: 1, fault: { kind: 'dropAfterCommit' } });
    const created = await client.createPartnerEvent(meeting('op-drop-1'));
    expect(tagged(jack, 'op-drop-1')).toHaveLength(1);
    expect(tagged(jack, 'op-drop-1')[0]?.id).toBe(created.eventId);
    // A later retry by the caller with the same key finds the event instead of booking again.
    const again = await client.createPartnerEvent(meeting('op-drop-1'));
    expect(again.eventId).toBe(created.eventId);
    expect(tagged(jack, 'op-drop-1')).toHaveLength(1);
  });

  it('refuses a Teams meeting on a calendar that does not allow Teams, before writing anything', async () => {
    const { client } = await clientFor(sam);
    const before = sandbox.state.readEvents(sam).length;
    const error = await rejection(client.createPartnerEvent(meeting('op-teams-personal')));
    expect(error).toMatchObject({ kind: 'invalid-request', reason: 'onlineMeetingProviderNotAllowed' });
    expect(error.message).toContain('skypeForConsumer');
    expect(sandbox.state.readEvents(sam)).toHaveLength(before);
    expect(ctx.log.list({ target: 'graph', method: 'POST' })).toHaveLength(0);
  });

  it('asks for Calendars.ReadWrite when the user declined it, and writes nothing', async () => {
    sandbox.state.removeConsent(jack);
    const { client } = await clientFor(jack, { declineScopes: ['Calendars.ReadWrite'], scopes: ['Calendars.ReadWrite', 'Calendars.ReadBasic'] });
    const error = await rejection(client.createPartnerEvent({ ...meeting('op-no-write'), onlineMeeting: 'none' }));
    expect(error).toMatchObject({ kind: 'consent-needed', scope: 'Calendars.ReadWrite' });
    expect(tagged(jack, 'op-no-write')).toHaveLength(0);
    sandbox.state.removeConsent(jack);
  });

  it('refuses to update or cancel an event Overlap did not create, with nothing written', async () => {
    const { client } = await clientFor(jack);
    const foreign = sandbox.state.readEvents(jack).find((event) => event.isOrganizer && !event.singleValueExtendedProperties?.length);
    expect(foreign?.id).toBeDefined();
    const update = await rejection(client.updatePartnerEvent(foreign!.id!, { subject: 'Hijacked' }));
    const cancel = await rejection(client.cancelPartnerEvent(foreign!.id!, 'no'));
    expect(update.kind).toBe('not-partner-event');
    expect(cancel.kind).toBe('not-partner-event');
    expect(ctx.log.list({ target: 'graph' }).every((entry) => entry.method === 'GET')).toBe(true);
    expect(sandbox.state.readEvents(jack).find((event) => event.id === foreign!.id)?.subject).toBe(foreign!.subject);
  });

  it('creates a standalone Teams link for a work account, and the same one again for a repeat with the same key', async () => {
    const { client } = await clientFor(jack);
    const input = { externalId: 'overlap-teams-1', subject: 'From Google', start: weekStart, end: new Date(weekStart.getTime() + 30 * 60 * 1000) };
    const link = await client.createTeamsMeeting(input);
    expect(link.joinUrl).toMatch(/^https:\/\/teams\.microsoft\.com\//);
    expect(await client.createTeamsMeeting(input)).toEqual(link);
    expect((await client.createTeamsMeeting({ ...input, externalId: 'overlap-teams-2' })).joinUrl).not.toBe(link.joinUrl);
  });
});
