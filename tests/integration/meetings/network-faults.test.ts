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

const later = (minutes: number) => {
  world.clock.now = new Date(world.clock.now.getTime() + minutes * 60_000);
};
/** The network is gone: every Google host drops the connection before reading anything. */
const goOffline = () => sandbox.faults.inject({ target: 'google-calendar', times: 1000, fault: { kind: 'unreachable' } });
const emma = 'emma.schmidt@northwind.example';

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

describe('no network', () => {
  it('answers from what the cache saved, however old, marks the rest unknown, and asks the provider again once the network is back', async () => {
    await world.call('schedule.find', search([chloe, dev]));
    // Past the cache's five minutes: online, this search would ask Google again.
    later(20);
    goOffline();
    const offline = await world.call('schedule.find', search([chloe, dev, emma]));
    expect(offline.cache.offline).toBe(true);
    expect(offline.cache.people.map((person) => person.email).sort()).toEqual([ben, chloe, dev]);
    expect(offline.cache).toMatchObject({ oldestCachedAt: now.toISOString(), ageSeconds: 20 * 60 });
    expect(offline.result.ok).toBe(true);
    if (!offline.result.ok) return;
    const emmaInFirst = offline.result.slots[0]!.participants.find((person) => person.email === emma);
    expect(emmaInFirst?.status).toBe('unknown');
    expect(offline.result.slots[0]!.participants.find((person) => person.email === chloe)?.status).not.toBe('unknown');
    expect((await freeBusyLedger()).at(0)).toMatchObject({ outcome: 'error', detail: 'network error' });

    sandbox.faults.clear();
    sandbox.log.clear();
    later(1);
    const back = await world.call('schedule.find', search([chloe, dev, emma]));
    expect(back.cache).toEqual({ people: [] });
    expect(back.requests.google).toBe(1);
    expect(sandbox.log.list({ target: 'google-calendar', pathIncludes: '/freeBusy' }).map((entry) => entry.status)).toEqual([200]);
  });

  it('says a booking failed because the network is gone, keeps it pending under its key, and books it once when the network is back', async () => {
    const operationKey = randomUUID();
    const request: RequestOf<'meetings.create'> = {
      operationKey,
      accountId: benId,
      title: 'Offline planning',
      start: '2026-03-10T15:00:00Z',
      end: '2026-03-10T15:30:00Z',
      timeZone: 'Europe/London',
      attendees: [{ email: dev }],
      conference: 'none',
      sendInvitations: false,
    };
    goOffline();
    await expect(world.call('meetings.create', request)).rejects.toMatchObject({ kind: 'network', provider: 'google' });
    expect((await world.call('meetings.list', {})).find((meeting) => meeting.id === operationKey)).toMatchObject({ status: 'pending' });

    sandbox.faults.clear();
    const booked = await world.call('meetings.create', request);
    expect(booked).toMatchObject({ id: operationKey, status: 'booked' });
    expect(sandbox.google.readEvents(ben).filter((event) => event.summary === 'Offline planning')).toHaveLength(1);
  });
});
