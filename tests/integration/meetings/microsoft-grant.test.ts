import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { microsoftScope } from '@/lib/auth/scopes';
import type { Sandbox } from '@/tests/sandbox/start';
import { startWorld, type World } from './world';
import { withStandIns } from '../stand-ins';

/**
 * A Microsoft account that uses a second feature: each token answers for the scopes it was asked
 * for, and the account keeps what it consented to for the others (Entra consent persists).
 */

const now = new Date('2026-03-04T09:00:00Z');
const ben = 'ben.carter@northwind.example';
const isla = 'isla.mcdonald@contoso.example';

let sandbox: Sandbox;
let world: World;
let benId: string;
let islaId: string;

withStandIns({ now }, (started) => (sandbox = started));
beforeEach(async () => {
  // Entra's consent outlives every sign-in; each test starts from an account that never consented.
  sandbox.microsoft.removeConsent(isla);
  world = await startWorld(sandbox, now);
  benId = await world.connect('google', ben);
  islaId = await world.connect('microsoft', isla);
});

let searches = 0;
/** Each search looks at a day of its own within the horizon, so it reads Graph rather than the busy-time cache. */
const searchFromIsla = async () => {
  const day = Date.parse('2026-03-05T00:00:00Z') + 86_400_000 * (searches++ % 12);
  const outcome = await world.call('schedule.find', {
    organizerAccountId: islaId,
    timeZone: 'Europe/London',
    participants: [{ email: 'jack.nguyen@contoso.example' }],
    durationMinutes: 30,
    start: new Date(day).toISOString(),
    end: new Date(day + 86_400_000).toISOString(),
  });
  expect(outcome.result.ok).toBe(true);
  expect(outcome.requests.microsoft).toBeGreaterThan(0);
};
const teamsLinkOnGoogleForm = () =>
  world.call('inline.teamsLink', { operationKey: randomUUID(), accountId: benId, title: 'Roadmap review', start: '2026-03-10T15:00:00Z', end: '2026-03-10T15:30:00Z' });
const teamsBookingOnGoogle = () =>
  world.call('meetings.create', {
    operationKey: randomUUID(),
    accountId: benId,
    title: 'Roadmap review',
    description: 'Where we are, what is next.',
    start: '2026-03-10T15:00:00Z',
    end: '2026-03-10T15:30:00Z',
    timeZone: 'America/New_York',
    attendees: [{ email: 'dev.patel@northwind.example' }],
    conference: 'teams',
    sendInvitations: false,
  });
const islaView = async () => (await world.call('permissions.overview', {})).accounts.find((account) => account.id === islaId)!;
const islaSignIns = () => world.services.ledger.list({ accountId: islaId, operation: 'sign-in' });

describe('a Microsoft account that consents to a second feature', () => {
  beforeEach(async () => {
    await searchFromIsla();
  });

  it('keeps the calendar scope it granted for finding times when it consents to Teams links', async () => {
    await teamsLinkOnGoogleForm();
    const view = await islaView();
    expect(view.granted.map((scope) => scope.scope)).toEqual(expect.arrayContaining([microsoftScope.calendarsReadBasic, microsoftScope.onlineMeetings]));
    expect(view.missing).toEqual([]);
  });

  it('keeps the Teams scope when a search then uses a token minted before that consent, and the permissions page shows both features granted', async () => {
    await teamsLinkOnGoogleForm();
    await searchFromIsla();
    const view = await islaView();
    expect(view.missing).toEqual([]);
    expect(view.granted.map((scope) => scope.scope)).toEqual(expect.arrayContaining([microsoftScope.calendarsReadBasic, microsoftScope.onlineMeetings]));
  });

  it('makes the Teams link of a second popup booking on a Google meeting with the account that made the first', async () => {
    const first = await teamsBookingOnGoogle();
    const second = await teamsBookingOnGoogle();
    expect([first.status, second.status]).toEqual(['booked', 'booked']);
    const options = await world.call('meetings.options', { accountId: benId });
    expect(options.linkMadeBy).toEqual({ teams: isla });
  });

  it('writes no sign-in row to the ledger when searches and Teams links alternate and nothing changed', async () => {
    await teamsLinkOnGoogleForm();
    await searchFromIsla();
    const before = await islaSignIns();
    await teamsLinkOnGoogleForm();
    await searchFromIsla();
    await teamsLinkOnGoogleForm();
    expect(await islaSignIns()).toEqual(before);
  });
});
