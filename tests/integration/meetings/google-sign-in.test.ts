import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { googleScope } from '@/lib/auth/scopes';
import type { Sandbox } from '@/tests/sandbox/start';
import { openOverlapDB } from '@/lib/store/db';
import { Ledger } from '@/lib/store/ledger';
import { standInGoogleAuth, startWorld, type World } from './world';
import { withStandIns } from '../stand-ins';

/** Google sign-in as the extension does it (GoogleAuth, tokeninfo, revoke) against the identity stand-in. */

const now = new Date('2026-03-04T09:00:00Z');
const ben = 'ben.carter@northwind.example';

let sandbox: Sandbox;
let world: World;
let benId: string;

withStandIns({ now }, (started) => (sandbox = started));
beforeEach(async () => {
  // Ben consented before and consents to whatever is asked while the policy stands: his browser
  // renews silently (prompt=none), without a window.
  sandbox.google.setConsentPolicy({ account: ben, grant: 'all' });
  world = await startWorld(sandbox, new Date(now), { realGoogleSignIn: true });
  benId = await world.connect('google', ben);
  sandbox.log.clear();
});
afterEach(() => {
  sandbox.google.clearConsentPolicies();
});

const searchWith = (email: string) =>
  world.call('schedule.find', {
    organizerAccountId: benId,
    timeZone: 'America/New_York',
    participants: [{ email }],
    durationMinutes: 30,
    start: '2026-03-09T00:00:00Z',
    end: '2026-03-14T00:00:00Z',
  });

const authorizeTrips = () => sandbox.log.list({ target: 'google-identity', pathIncludes: '/o/oauth2/v2/auth' });

describe('one token fetch per account and scope set', () => {
  it('makes one authorize round trip for two concurrent searches on an account that holds no token yet', async () => {
    const outcomes = await Promise.all([searchWith('dev.patel@northwind.example'), searchWith('chloe.dubois@northwind.example')]);
    expect(outcomes.map((outcome) => outcome.result.ok)).toEqual([true, true]);
    expect(authorizeTrips()).toHaveLength(1);
  });

  it('renews once when two concurrent calls both meet a 401', async () => {
    await searchWith('dev.patel@northwind.example');
    expect(sandbox.google.expireTokens(ben)).toBeGreaterThan(0);
    sandbox.log.clear();
    const outcomes = await Promise.all([searchWith('chloe.dubois@northwind.example'), searchWith('emma.schmidt@northwind.example')]);
    expect(outcomes.map((outcome) => outcome.result.ok)).toEqual([true, true]);
    expect(sandbox.log.list({ target: 'google-calendar', pathIncludes: '/freeBusy' }).filter((entry) => entry.status === 401)).toHaveLength(2);
    expect(authorizeTrips()).toHaveLength(1);
  });
});

const benView = async () => (await world.call('permissions.overview', {})).accounts.find((account) => account.id === benId)!;

describe('turning a Google feature off', () => {
  beforeEach(async () => {
    await searchWith('dev.patel@northwind.example');
    await world.call('features.set', { accountId: benId, feature: 'book-meetings', enabled: true });
  });

  it('leaves the account listing exactly what Google still grants when the user closes the window that asks again', async () => {
    expect((await benView()).granted.map((scope) => scope.scope)).toContain(googleScope.ownedEvents);
    // From now on Google shows its consent window, and Ben closes it.
    sandbox.google.clearConsentPolicies();

    const change = await world.call('features.set', { accountId: benId, feature: 'book-meetings', enabled: false });

    expect(change.droppedScopes).toEqual([googleScope.ownedEvents]);
    expect(change.explanation).toMatch(/closed/);
    const view = await benView();
    // Google withdrew the whole grant and nothing was granted again: nothing is listed as granted.
    expect(view.granted).toEqual([]);
    expect(view.features.find((feature) => feature.id === 'book-meetings')?.enabled).toBe(false);
    // Finding times is still on, and the page says it needs consent again.
    expect(view.missing.find((scope) => scope.scope === googleScope.freeBusy)?.neededBy).toEqual(['find-times']);
    expect(view.missing.map((scope) => scope.scope)).not.toContain(googleScope.ownedEvents);
  });

  it('lists the re-granted scopes, without the dropped one, when the user consents again', async () => {
    const change = await world.call('features.set', { accountId: benId, feature: 'book-meetings', enabled: false });
    expect(change.droppedScopes).toEqual([googleScope.ownedEvents]);
    const view = await benView();
    expect(view.granted.map((scope) => scope.scope).sort()).toEqual(['email', 'openid', googleScope.freeBusy].sort());
    expect(view.missing).toEqual([]);
  });
});

let brokers = 0;

/** The broker alone, with its own ledger: what it sends to Google's token endpoints and what it records. */
async function broker() {
  const ledger = new Ledger(await openOverlapDB(`overlap-google-broker-${++brokers}`));
  return { auth: standInGoogleAuth(sandbox, ledger), ledger };
}

describe('the Google sign-in broker at the identity stand-in', () => {
  it('confirms a sign-in and withdraws it with the token in POST bodies, never in a URL', async () => {
    const { auth } = await broker();
    const grant = await auth.authorize({ scopes: ['openid', 'email', googleScope.freeBusy], interactive: true });
    expect(grant.email).toBe(ben);
    expect((await auth.revoke(ben)).revokedAtProvider).toBe(true);
    const calls = sandbox.log.list({ target: 'google-identity' }).filter((entry) => entry.path === '/tokeninfo' || entry.path === '/revoke');
    expect(calls.map((entry) => [entry.method, entry.path, entry.query, entry.status])).toEqual([
      ['POST', '/tokeninfo', {}, 200],
      ['POST', '/revoke', {}, 200],
    ]);
    expect(calls.map((entry) => entry.body)).toEqual([{ access_token: '[redacted]' }, { token: '[redacted]' }]);
  });

  it('records the tokeninfo and revoke calls in the ledger, without the token', async () => {
    const { auth, ledger } = await broker();
    const grant = await auth.authorize({ scopes: ['openid', 'email', googleScope.freeBusy], interactive: true });
    await auth.revoke(ben);
    const entries = await ledger.list();
    expect(entries.map((entry) => [entry.accountId, entry.operation, entry.feature, entry.outcome, entry.detail])).toEqual([
      [`google:${ben}`, 'POST /revoke', 'identify-account', 'ok', '200'],
      [`google:${ben}`, 'POST /tokeninfo', 'identify-account', 'ok', '200'],
    ]);
    expect(JSON.stringify(entries)).not.toContain(grant.accessToken);
  });
});
