import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { operationName } from '@/lib/auth/audited-fetch';
import type { RequestOf } from '@/lib/messaging/protocol';
import { partnerKeyProperty } from '@/lib/providers/google';
import type { Sandbox } from '@/tests/sandbox/start';
import { startWorld, type World } from './world';
import { withStandIns } from '../stand-ins';

/**
 * A service worker stopped mid-call, in plain Node: when the worker "stops", its connections
 * close (as the browser closes a dead worker's) and nothing it awaited ever settles; the next
 * worker is a new world over the same database. Whatever the stop interrupted, the ledger keeps
 * one row per request Google saw, and a retry by the same key finishes the one booking.
 */

const now = new Date('2026-03-04T09:00:00Z');
const ben = 'ben.carter@northwind.example';
const dev = 'dev.patel@northwind.example';

let sandbox: Sandbox;
let world: World;
let benId: string;

const realFetch = globalThis.fetch;
let life = { stopped: new AbortController() };

/** Fetch as a worker's life sees it: a stopped life's requests are cut and their answers never arrive. */
function stoppableFetch(input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> {
  const own = life;
  const signal = init?.signal ? AbortSignal.any([init.signal, own.stopped.signal]) : own.stopped.signal;
  return new Promise((resolve, reject) => {
    realFetch(input, { ...init, signal }).then(
      (response) => own === life && resolve(response),
      (error: unknown) => own === life && reject(error),
    );
  });
}

function stopWorker(): void {
  life.stopped.abort();
  life = { stopped: new AbortController() };
  world = world.restart();
}

withStandIns({ now }, (started) => (sandbox = started));
beforeEach(async () => {
  globalThis.fetch = stoppableFetch as typeof fetch;
  world = await startWorld(sandbox, now);
  benId = await world.connect('google', ben);
  sandbox.log.clear();
});
afterEach(() => {
  globalThis.fetch = realFetch;
  sandbox.faults.clear();
});

function booking(): RequestOf<'meetings.create'> {
  return {
    operationKey: randomUUID(),
    accountId: benId,
    title: 'Storm review',
    start: '2026-03-10T15:00:00Z',
    end: '2026-03-10T15:30:00Z',
    timeZone: 'UTC',
    attendees: [{ email: dev }],
    conference: 'none',
    sendInvitations: false,
  };
}

async function until(condition: () => boolean): Promise<void> {
  for (let tries = 0; !condition(); tries += 1) {
    if (tries > 500) throw new Error('The condition never held.');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const copies = (key: string) => sandbox.google.readEvents(ben).filter((event) => event.extendedProperties?.private?.[partnerKeyProperty] === key);
const tally = (names: string[]) => Object.fromEntries([...new Set(names)].sort().map((name) => [name, names.filter((other) => other === name).length]));
const seenByGoogle = () => tally(sandbox.log.list({ target: 'google-calendar' }).map((entry) => operationName(entry.method, `http://stand-in${entry.path}`)));
const ledgerRows = async () => (await world.services.ledger.list({ accountId: benId })).filter((entry) => entry.operation !== 'sign-in');

describe('a worker stopped in the middle of a booking', () => {
  it('while Google holds the answer to the insert: the row is left marked interrupted, and the next worker finds the event instead of making another', async () => {
    sandbox.faults.inject({ target: 'google-calendar', match: { method: 'POST', pathIncludes: '/events' }, times: 1, fault: { kind: 'slowAnswer', ms: 5_000 } });
    const request = booking();
    void world.call('meetings.create', request);
    await until(() => copies(request.operationKey).length === 1);
    stopWorker();
    expect((await ledgerRows()).map((entry) => [entry.operation, entry.outcome, entry.detail])).toEqual([['POST /calendars/primary/events', 'error', 'interrupted']]);

    const meeting = await world.call('meetings.create', request);
    expect(meeting).toMatchObject({ id: request.operationKey, status: 'booked' });
    expect(copies(request.operationKey)).toHaveLength(1);
    await until(() => sandbox.log.list({ target: 'google-calendar', method: 'POST' }).length === 1);
    expect(tally((await ledgerRows()).map((entry) => entry.operation))).toEqual(seenByGoogle());
    expect((await world.call('meetings.list', {})).filter((listed) => listed.status === 'pending')).toEqual([]);
  });

  it('before Google acted on the insert: the cut request made nothing, the row says interrupted, and the next worker sends it once', async () => {
    sandbox.faults.inject({ target: 'google-calendar', match: { method: 'POST', pathIncludes: '/events' }, times: 1, fault: { kind: 'hang', ms: 5_000 } });
    const request = booking();
    void world.call('meetings.create', request);
    await until(() => sandbox.faults.pending().length === 0);
    stopWorker();
    await until(() => sandbox.log.list({ target: 'google-calendar', method: 'POST' }).length === 1);
    expect(sandbox.log.list({ target: 'google-calendar', method: 'POST' }).map((entry) => entry.status)).toEqual([0]);
    expect(copies(request.operationKey)).toEqual([]);

    expect(await world.call('meetings.create', request)).toMatchObject({ id: request.operationKey, status: 'booked' });
    expect(copies(request.operationKey)).toHaveLength(1);
    const rows = await ledgerRows();
    expect(rows.filter((entry) => entry.detail === 'interrupted')).toHaveLength(1);
    expect(tally(rows.map((entry) => entry.operation))).toEqual(seenByGoogle());
  });

  it('while a search waits for free/busy: the next worker’s search answers, and each request has its row', async () => {
    sandbox.faults.inject({ target: 'google-calendar', match: { method: 'POST', pathIncludes: '/freeBusy' }, times: 1, fault: { kind: 'hang', ms: 5_000 } });
    const search = () =>
      world.call('schedule.find', { organizerAccountId: benId, timeZone: 'UTC', participants: [{ email: dev }], durationMinutes: 30, start: '2026-03-09T00:00:00Z', end: '2026-03-14T00:00:00Z' });
    void search();
    await until(() => sandbox.faults.pending().length === 0);
    stopWorker();
    expect((await search()).result.ok).toBe(true);
    await until(() => sandbox.log.list({ target: 'google-calendar' }).length === 2);
    const rows = await ledgerRows();
    expect(rows.map((entry) => entry.detail)).toEqual(['200', 'interrupted']);
    expect(tally(rows.map((entry) => entry.operation))).toEqual(seenByGoogle());
  });
});
