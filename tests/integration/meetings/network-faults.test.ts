import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RequestOf } from '@/lib/messaging/protocol';
import type { Sandbox } from '@/tests/sandbox/start';
import { startWorld, type World } from './world';
import { withStandIns } from '../stand-ins';

const now = new Date('2026-03-04T09:00:00Z');
const ben = 'ben.carter@northwind.example';
const chloe = 'chloe.dubois@northwind.example';
const dev = 'dev.patel@northwind.example';

let sandbox: Sandbox;
let world: World;
let benId: string;

withStandIns({ now }, (started) => (sandbox = started));
beforeEach(async () => {
  sandbox.faults.clear();
  world = await startWorld(sandbox, new Date(now));
  benId = await world.connect('google', ben);
  sandbox.log.clear();
});

const search = (people: string[], overrides: Partial<RequestOf<'schedule.find'>> = {}): RequestOf<'schedule.find'> => ({
  organizerAccountId: benId,
  timeZone: 'Europe/London',
  participants: people.map((email) => ({ email })),
  durationMinutes: 30,
  start: '2026-03-09T00:00:00Z',
  end: '2026-03-14T00:00:00Z',
  ...overrides,
});

const freeBusyLedger = async () => (await world.services.ledger.list()).filter((entry) => entry.operation === 'POST /freeBusy');

describe('a provider that stalls', () => {
  it('stops a search the user cancels, answers "cancelled" and records the call as cancelled, not timed out', async () => {
    sandbox.faults.inject({ target: 'google-calendar', match: { pathIncludes: '/freeBusy' }, times: 1, fault: { kind: 'hang', ms: 30_000 } });
    const searchId = randomUUID();
    const running = world.call('schedule.find', search([chloe], { searchId }));
    // The stand-in took the fault: the request is sitting there.
    await expect.poll(() => sandbox.faults.pending()).toEqual([]);
    expect(await world.call('schedule.cancel', { searchId })).toEqual({ cancelled: true });
    await expect(running).rejects.toMatchObject({ kind: 'cancelled', provider: 'google' });
    expect((await freeBusyLedger()).map((entry) => [entry.outcome, entry.detail])).toEqual([['error', 'cancelled']]);
    // The stand-in saw the client leave before answering.
    await expect.poll(() => sandbox.log.list({ target: 'google-calendar', pathIncludes: '/freeBusy' }).map((entry) => entry.status)).toEqual([0]);
    expect(await world.call('schedule.cancel', { searchId })).toEqual({ cancelled: false });
  });

  it('gives up on a stalled free/busy read after the read timeout, retries it, and records each wait as timed out', async () => {
    sandbox.faults.inject({ target: 'google-calendar', match: { pathIncludes: '/freeBusy' }, times: 1, fault: { kind: 'hang', ms: 30_000 } });
    const outcome = await world.call('schedule.find', search([chloe, dev]));
    expect(outcome.result.ok).toBe(true);
    expect((await freeBusyLedger()).map((entry) => entry.detail).sort()).toEqual(['200', 'timed out']);
  });
});
