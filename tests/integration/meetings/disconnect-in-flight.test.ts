import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '@/tests/sandbox/start';
import { startWorld, type World } from './world';
import { withStandIns } from '../stand-ins';

/**
 * A disconnect while the account's calls are under way, as when the permissions page disconnects
 * an account a popup is booking with: the disconnect waits for the calls in flight, refuses the
 * rest, and revokes only then, so no request reaches Google with a revoked token.
 */

const now = new Date('2026-03-04T09:00:00Z');
const ben = 'ben.carter@northwind.example';
const dev = 'dev.patel@northwind.example';

let sandbox: Sandbox;
let world: World;
let benId: string;

withStandIns({ now }, (started) => (sandbox = started));
beforeEach(async () => {
  // Ben's browser renews silently, so Overlap's own GoogleAuth (tokeninfo, revoke) runs without a window.
  sandbox.google.setConsentPolicy({ account: ben, grant: 'all' });
  world = await startWorld(sandbox, new Date(now), { realGoogleSignIn: true });
  benId = await world.connect('google', ben);
  sandbox.log.clear();
});
afterEach(() => {
  sandbox.faults.clear();
  sandbox.google.clearConsentPolicies();
  sandbox.google.conference.pendingGets = 0;
});

const withRevokedToken = () => sandbox.log.list().filter((entry) => entry.credential === 'revoked');
const revokes = () => sandbox.log.list({ target: 'google-identity', pathIncludes: '/revoke' });

async function until(condition: () => boolean): Promise<void> {
  for (let tries = 0; !condition(); tries += 1) {
    if (tries > 500) throw new Error('The condition never held.');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('disconnecting an account with calls in flight', () => {
  it('waits for the call Google is still answering, refuses the booking’s next call, and revokes after: no request carries the revoked token', async () => {
    // The Meet link stays pending for a few reads, and the first read is slow to answer, so the
    // booking is mid-way (event made, link awaited) when the disconnect starts.
    sandbox.google.conference.pendingGets = 3;
    sandbox.faults.inject({ target: 'google-calendar', match: { method: 'GET', pathIncludes: '/events/' }, times: 1, fault: { kind: 'slowAnswer', ms: 400 } });
    const booking = world
      .call('meetings.create', {
        operationKey: randomUUID(),
        accountId: benId,
        title: 'Handover',
        start: '2026-03-10T15:00:00Z',
        end: '2026-03-10T15:30:00Z',
        timeZone: 'America/New_York',
        attendees: [{ email: dev }],
        conference: 'meet',
        sendInvitations: false,
      })
      .then(
        () => 'booked',
        (error: unknown) => (error as Error).message,
      );
    await until(() => sandbox.faults.pending().length === 0);

    await world.call('accounts.disconnect', { accountId: benId });
    // The slow read was answered before the disconnect went on to revoke.
    const slowRead = sandbox.log.list({ target: 'google-calendar', method: 'GET' }).find((entry) => entry.fault === 'slowAnswer');
    expect(slowRead?.status).toBe(200);
    expect(revokes().map((entry) => entry.status)).toEqual([200]);
    expect(slowRead!.seq).toBeLessThan(revokes()[0]!.seq);

    expect(await booking).toBe(`${ben} is being disconnected, so Overlap sends no more requests for it.`);
    expect(withRevokedToken()).toEqual([]);
    expect(sandbox.log.list({ target: 'google-calendar' }).every((entry) => entry.seq < revokes()[0]!.seq)).toBe(true);
  });

  it('refuses a search for the account while its disconnect waits, without sending it', async () => {
    sandbox.faults.inject({ target: 'google-calendar', match: { method: 'POST', pathIncludes: '/freeBusy' }, times: 1, fault: { kind: 'slowAnswer', ms: 300 } });
    const search = (email: string) =>
      world.call('schedule.find', { organizerAccountId: benId, timeZone: 'America/New_York', participants: [{ email }], durationMinutes: 30, start: '2026-03-09T00:00:00Z', end: '2026-03-14T00:00:00Z' });
    const first = search(dev);
    await until(() => sandbox.faults.pending().length === 0);
    const disconnect = world.call('accounts.disconnect', { accountId: benId });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const refused = await search('chloe.dubois@northwind.example').catch((error: unknown) => (error as Error).message);
    await disconnect;

    expect((await first).result.ok).toBe(true);
    expect(refused).toBe(`${ben} is being disconnected, so Overlap sends no more requests for it.`);
    expect(sandbox.log.list({ target: 'google-calendar', pathIncludes: '/freeBusy' })).toHaveLength(1);
    expect(withRevokedToken()).toEqual([]);
  });

  it('waits for a token renewal under way and sends the renewed token nowhere: Google’s revoke withdrew it with the grant', async () => {
    const search = () =>
      world.call('schedule.find', { organizerAccountId: benId, timeZone: 'America/New_York', participants: [{ email: dev }], durationMinutes: 30, start: '2026-03-09T00:00:00Z', end: '2026-03-14T00:00:00Z' });
    await search();
    // Google stops taking Ben's token; the next search renews it, and Google is slow to confirm the new one.
    sandbox.google.expireTokens(ben);
    sandbox.faults.inject({ target: 'google-identity', match: { method: 'POST', pathIncludes: '/tokeninfo' }, times: 1, fault: { kind: 'slowAnswer', ms: 300 } });
    await world.services.cache.forgetPeople([dev]);
    sandbox.log.clear();
    const renewing = search().catch((error: unknown) => (error as Error).message);
    await until(() => sandbox.faults.pending().length === 0);

    await world.call('accounts.disconnect', { accountId: benId });
    const outcome = await renewing;
    expect(withRevokedToken()).toEqual([]);
    expect(outcome).toBe(`${ben} is being disconnected, so Overlap sends no more requests for it.`);
    expect(sandbox.log.list({ target: 'google-calendar', pathIncludes: '/freeBusy' }).map((entry) => entry.status)).toEqual([401]);
  });
});

