import { randomUUID } from 'node:crypto';
import { deleteDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createHandlers, describeError } from '@/entrypoints/background/handlers';
import { composeServices, servicesOnDemand, type Services } from '@/entrypoints/background/services';
import { scopesFor } from '@/lib/auth/scopes';
import type { SessionArea } from '@/lib/auth/token-vault';
import { t } from '@/lib/i18n';
import type { RequestOf } from '@/lib/messaging/protocol';
import { partnerKeyProperty } from '@/lib/providers/google';
import { openOverlapDB, type DatabaseLife } from '@/lib/store/db';
import { guidanceFor } from '@/lib/ui/errors';
import type { Sandbox } from '@/tests/sandbox/start';
import { sandboxAuth } from '../meetings/world';
import { withStandIns } from '../stand-ins';

/**
 * A booking while storage breaks under it: IndexedDB full before the provider call or after the
 * event was created, and the database deleted under the running worker. The user always gets a
 * clear answer, the provider holds the meeting at most once, and the booking is never forgotten.
 */
const now = new Date('2026-03-04T09:00:00Z');
const ben = 'ben.carter@northwind.example';
const dev = 'dev.patel@northwind.example';

let sandbox: Sandbox;
withStandIns({ now }, (started) => (sandbox = started));

/** `storage.session`: a Map that outlives the worker, as the browser's does, and can be made to fail. */
function sessionArea(): SessionArea & { failing: boolean } {
  const items = new Map<string, unknown>();
  const area = {
    failing: false,
    get: async (key: string) => (items.has(key) ? { [key]: structuredClone(items.get(key)) } : {}),
    set: async (values: Record<string, unknown>) => {
      if (area.failing) throw new Error('Session storage quota exceeded.');
      for (const [key, value] of Object.entries(values)) items.set(key, structuredClone(value));
    },
    remove: async (key: string) => void items.delete(key),
  };
  return area;
}

/**
 * IndexedDB refusing writes to the meetings store, as a full disk does: every write, or only the
 * one that records the meeting as booked (the provider has created the event by then).
 */
const quota = { refuse: 'none' as 'none' | 'all' | 'booked' };
const original = { put: IDBObjectStore.prototype.put, add: IDBObjectStore.prototype.add };
function refusing(write: typeof IDBObjectStore.prototype.put) {
  return function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
    const status = (value as { status?: string } | null)?.status;
    if (this.name === 'partnerMeetings' && (quota.refuse === 'all' || (quota.refuse === 'booked' && status !== 'pending'))) {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    }
    return write.call(this, value, key);
  };
}
IDBObjectStore.prototype.put = refusing(original.put);
IDBObjectStore.prototype.add = refusing(original.add);

let names = 0;
let name: string;
let session: ReturnType<typeof sessionArea>;

/** One worker life: services built on demand over the database `name` and the shared session area. */
function worker() {
  const build = async (life: DatabaseLife) =>
    composeServices({
      db: await openOverlapDB(name, life),
      auth: sandboxAuth(sandbox),
      urls: sandbox.urls,
      tuning: { google: { sleep: async () => {}, timeoutMs: 10_000, conferenceWaitMs: 8_000 } },
      now: () => now,
      sessionArea: session,
    });
  const services = servicesOnDemand(build);
  const handlers = createHandlers(services);
  return {
    services,
    call: <T extends 'meetings.create' | 'meetings.list' | 'meetings.finish' | 'contacts.suggest' | 'storage.health'>(type: T, payload: Parameters<(typeof handlers)[T]>[0]) =>
      (handlers[type] as (payload: unknown, sender: { kind: 'extension-page' }) => ReturnType<(typeof handlers)[T]>)(payload, { kind: 'extension-page' }),
  };
}

async function connectBen(services: Services): Promise<string> {
  const account = await services.accounts.recordGrant({ provider: 'google', email: ben, grantedScopes: scopesFor('google', ['identify-account', 'find-times', 'book-meetings']), enableFeature: 'book-meetings' });
  return account.id;
}

function booking(accountId: string): RequestOf<'meetings.create'> {
  return {
    operationKey: randomUUID(),
    accountId,
    title: 'Roadmap review',
    start: '2026-03-10T15:00:00Z',
    end: '2026-03-10T15:30:00Z',
    timeZone: 'America/New_York',
    attendees: [{ email: dev }],
    conference: 'none',
    sendInvitations: true,
  };
}

const googleCopies = (key: string) => sandbox.google.readEvents(ben).filter((event) => event.extendedProperties?.private?.[partnerKeyProperty] === key);

beforeEach(() => {
  fakeBrowser.reset();
  name = `overlap-broken-${++names}`;
  session = sessionArea();
  quota.refuse = 'none';
});
afterEach(() => {
  quota.refuse = 'none';
  sandbox.faults.clear();
});

describe('storage full while booking', () => {
  it('before the provider call: the meeting is booked once, the answer says it is not saved here with its event link, and the next start stores it', async () => {
    const first = worker();
    const request = booking(await connectBen(await first.services()));
    quota.refuse = 'all';

    const booked = await first.call('meetings.create', request);
    expect(booked).toMatchObject({ id: request.operationKey, status: 'booked', note: t('storage_bookedNotSaved') });
    expect(booked.eventUrl).toMatch(/^https?:\/\//);
    expect(googleCopies(request.operationKey)).toHaveLength(1);
    const db = await openOverlapDB(name);
    expect(await db.get('partnerMeetings', request.operationKey)).toBeUndefined();
    // The meetings list shows it from the session mirror meanwhile.
    expect((await first.call('meetings.list', {})).map((meeting) => [meeting.id, meeting.status])).toEqual([[request.operationKey, 'booked']]);
    // The popup's notice counts it while storage still refuses it.
    expect(await first.call('storage.health', {})).toEqual({ damaged: { accounts: 0, meetings: 0, ledger: 0, contacts: 0 }, unsavedMeetings: 1 });

    // Space is free again; the worker is restarted: its first build writes the meeting.
    quota.refuse = 'none';
    const next = worker();
    await next.services();
    expect((await next.call('storage.health', {})).unsavedMeetings).toBe(0);
    expect(await db.get('partnerMeetings', request.operationKey)).toMatchObject({ status: 'booked', providerEventId: booked.providerEventId });
    expect((await next.call('contacts.suggest', { query: 'dev' })).map((contact) => contact.email)).toEqual([dev]);
    // A retry of the same key answers the stored meeting and sends nothing.
    sandbox.log.clear();
    expect(await next.call('meetings.create', request)).toMatchObject({ id: request.operationKey, status: 'booked' });
    expect(sandbox.log.list({ target: 'google-calendar' }).filter((entry) => entry.method === 'POST')).toEqual([]);
    db.close();
  });

  it('before the provider call with the session mirror failing too: the booking is refused, nothing is sent, and the user reads that storage is full', async () => {
    const first = worker();
    const request = booking(await connectBen(await first.services()));
    quota.refuse = 'all';
    session.failing = true;
    sandbox.log.clear();

    const failure = await first.call('meetings.create', request).then(
      () => undefined,
      (error: unknown) => error,
    );
    const reply = describeError(failure);
    expect(reply).toMatchObject({ code: 'handler-failed', detail: { kind: 'storage', fault: 'quota' } });
    expect(guidanceFor({ reply }, 'book the meeting')).toEqual({ message: t('storage_full', { doing: 'book the meeting' }), action: { kind: 'retry', label: 'Try again' } });
    expect(sandbox.log.list({ target: 'google-calendar' })).toEqual([]);
    expect(googleCopies(request.operationKey)).toEqual([]);
    quota.refuse = 'none';
    expect(await first.call('meetings.list', {})).toEqual([]);
  });

  it('after the event was created: the answer says so with the event link; if the browser quits before the next start, the pending record finds the event with "Check and finish"', async () => {
    const first = worker();
    const request = booking(await connectBen(await first.services()));
    quota.refuse = 'booked';

    const booked = await first.call('meetings.create', request);
    expect(booked).toMatchObject({ status: 'booked', note: t('storage_bookedNotSaved') });
    expect(booked.eventUrl).toBeTruthy();
    const db = await openOverlapDB(name);
    // IndexedDB holds the booking as sent and unconfirmed; the mirror holds it booked.
    expect(await db.get('partnerMeetings', request.operationKey)).toMatchObject({ status: 'pending', sentAt: expect.any(String) });
    expect((await first.call('meetings.list', {}))[0]).toMatchObject({ status: 'booked' });

    // The browser quits: storage.session is gone. What IndexedDB kept is enough to finish.
    quota.refuse = 'none';
    session = sessionArea();
    const next = worker();
    const [listed] = await next.call('meetings.list', {});
    expect(listed).toMatchObject({ id: request.operationKey, status: 'pending' });
    sandbox.log.clear();
    expect(await next.call('meetings.finish', { meetingId: request.operationKey })).toMatchObject({ status: 'booked', providerEventId: booked.providerEventId });
    expect(googleCopies(request.operationKey)).toHaveLength(1);
    expect(sandbox.log.list({ target: 'google-calendar' }).filter((entry) => entry.method === 'POST')).toEqual([]);
    db.close();
  });
});

describe('the database deleted under a running worker', () => {
  it('closes and reopens it, and the booking in flight is written into the new database from the mirror', async () => {
    const running = worker();
    const request = booking(await connectBen(await running.services()));
    // Google takes a while to answer; the database is deleted meanwhile (site data cleared).
    sandbox.faults.inject({ target: 'google-calendar', match: { method: 'POST', pathIncludes: '/events' }, times: 1, fault: { kind: 'slowAnswer', ms: 400 } });
    const booking$ = running.call('meetings.create', request);
    await expect.poll(() => googleCopies(request.operationKey).length).toBe(1);
    await deleteDB(name);

    const booked = await booking$;
    expect(booked).toMatchObject({ status: 'booked', note: t('storage_bookedNotSaved') });
    // The next request builds the services anew on a fresh database, and writes what was in flight.
    expect((await running.call('meetings.list', {})).map((meeting) => [meeting.id, meeting.status])).toEqual([[request.operationKey, 'booked']]);
    const db = await openOverlapDB(name);
    expect(await db.get('partnerMeetings', request.operationKey)).toMatchObject({ status: 'booked', providerEventId: booked.providerEventId });
    expect(googleCopies(request.operationKey)).toHaveLength(1);
    db.close();
  });
});
