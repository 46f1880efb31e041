import { describe, expect, it } from 'vitest';
import type { IDBPDatabase } from 'idb';
import { openOverlapDB, type OverlapDB } from './db';
import { defaultRetention, Ledger } from './ledger';
import { Accounts, accountId } from './accounts';
import { Contacts, countMeeting } from './contacts';

let dbCounter = 0;
const freshDb = () => openOverlapDB(`overlap-test-${++dbCounter}`);

describe('the ledger', () => {
  const call = { accountId: 'google:ada@example.com', provider: 'google' as const, operation: 'freeBusy.query', scope: 'https://www.googleapis.com/auth/calendar.events.freebusy', feature: 'find-times' as const, outcome: 'ok' as const };

  it('lists entries newest first and filters by account, feature and time', async () => {
    const ledger = new Ledger(await freshDb());
    await ledger.record({ ...call, at: '2026-11-01T10:00:00.000Z' });
    await ledger.record({ ...call, at: '2026-11-02T10:00:00.000Z', feature: 'book-meetings', operation: 'events.insert' });
    await ledger.record({ ...call, at: '2026-11-03T10:00:00.000Z', accountId: 'microsoft:bo@example.com', provider: 'microsoft' });

    expect((await ledger.list()).map((e) => e.at)).toEqual(['2026-11-03T10:00:00.000Z', '2026-11-02T10:00:00.000Z', '2026-11-01T10:00:00.000Z']);
    expect((await ledger.list({ accountId: call.accountId })).map((e) => e.operation)).toEqual(['events.insert', 'freeBusy.query']);
    expect((await ledger.list({ feature: 'book-meetings' })).map((e) => e.operation)).toEqual(['events.insert']);
    expect((await ledger.list({ since: '2026-11-02T00:00:00.000Z', until: '2026-11-02T23:59:59.999Z' })).length).toBe(1);
  });

  it('keeps at most the configured number of entries, dropping the oldest', async () => {
    const ledger = new Ledger(await freshDb(), { maxEntries: 3, maxAgeDays: 365 }, () => new Date('2026-11-10T00:00:00Z'));
    for (let day = 1; day <= 5; day++) await ledger.record({ ...call, at: `2026-11-0${day}T00:00:00.000Z` });
    expect((await ledger.list()).map((e) => e.at.slice(0, 10))).toEqual(['2026-11-05', '2026-11-04', '2026-11-03']);
  });

  it('drops entries older than the retention age', async () => {
    const ledger = new Ledger(await freshDb(), { maxEntries: 100, maxAgeDays: 30 }, () => new Date('2026-11-23T00:00:00Z'));
    await ledger.record({ ...call, at: '2026-10-01T00:00:00.000Z' });
    await ledger.record({ ...call, at: '2026-11-20T00:00:00.000Z' });
    expect((await ledger.list()).map((e) => e.at.slice(0, 10))).toEqual(['2026-11-20']);
  });

  it('refuses to record anything that looks like an access token', async () => {
    const ledger = new Ledger(await freshDb());
    await expect(ledger.record({ ...call, detail: 'Bearer ya29.a0AfH6SMBx' })).rejects.toThrow(/token-like value into the ledger field "detail"/);
    expect(await ledger.list()).toEqual([]);
  });

  it('reports when each scope last authorised a successful call, ignoring failures', async () => {
    const ledger = new Ledger(await freshDb());
    await ledger.record({ ...call, at: '2026-11-01T10:00:00.000Z' });
    await ledger.record({ ...call, at: '2026-11-05T10:00:00.000Z', outcome: 'error', detail: '503' });
    expect(await ledger.lastUsed(call.accountId, [call.scope, 'https://www.googleapis.com/auth/calendar.events.owned'])).toEqual({
      [call.scope]: '2026-11-01T10:00:00.000Z',
      'https://www.googleapis.com/auth/calendar.events.owned': undefined,
    });
  });

  it('deletes every entry of a disconnected account and keeps the others', async () => {
    const ledger = new Ledger(await freshDb());
    await ledger.record(call);
    await ledger.record({ ...call, accountId: 'microsoft:bo@example.com', provider: 'microsoft' });
    expect(await ledger.deleteAccount(call.accountId)).toBe(1);
    expect((await ledger.list()).map((e) => e.accountId)).toEqual(['microsoft:bo@example.com']);
  });
});

describe('connected accounts', () => {
  it('replaces the granted scopes with what the provider reported, so an unticked scope disappears', async () => {
    const accounts = new Accounts(await freshDb());
    await accounts.recordGrant({ provider: 'google', email: 'Ada@Example.com', grantedScopes: ['email', 'openid', 'x'], enableFeature: 'find-times' });
    const after = await accounts.recordGrant({ provider: 'google', email: 'ada@example.com', grantedScopes: ['openid', 'email'], enableFeature: 'book-meetings' });
    expect(after).toMatchObject({ id: 'google:ada@example.com', grantedScopes: ['email', 'openid'], enabledFeatures: ['book-meetings', 'find-times'] });
  });

  it('turns a feature off and on again, and refuses an unknown account', async () => {
    const accounts = new Accounts(await freshDb());
    await accounts.recordGrant({ provider: 'microsoft', email: 'bo@example.com', grantedScopes: ['User.Read'], enableFeature: 'find-times' });
    const id = accountId('microsoft', 'bo@example.com');
    expect((await accounts.setFeatureEnabled(id, 'find-times', false)).enabledFeatures).toEqual([]);
    await expect(accounts.setFeatureEnabled('google:nobody@example.com', 'find-times', true)).rejects.toThrow(/No connected account/);
  });
});

describe('people met before', () => {
  it('keeps at most the bound of people met before, dropping those met longest ago', async () => {
    const db = await freshDb();
    const account = 'google:ana@northwind.example';
    for (const [day, person] of ['ben', 'dev', 'eli', 'fay', 'gus'].entries()) {
      const tx = db.transaction('contacts', 'readwrite');
      await countMeeting(tx.store, account, [{ email: `${person}@northwind.example` }], `2026-11-0${day + 1}T09:00:00.000Z`, 3);
      await tx.done;
    }
    expect((await new Contacts(db).suggest('')).map((contact) => contact.email).sort()).toEqual(['eli@northwind.example', 'fay@northwind.example', 'gus@northwind.example']);
    expect(await db.count('contacts')).toBe(3);
  });
});

describe('upgrading the database', () => {
  /** An account as every version so far has stored it. */
  const ada = { id: 'google:ada@example.com', provider: 'google', email: 'ada@example.com', grantedScopes: [], enabledFeatures: [], connectedAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z' };

  /** The ledger as versions 1 to 3 laid it out. */
  function createVersion1Ledger(db: IDBPDatabase): void {
    const ledger = db.createObjectStore('ledger', { keyPath: 'id', autoIncrement: true });
    ledger.createIndex('by-at', 'at');
    ledger.createIndex('by-account-at', ['accountId', 'at']);
    ledger.createIndex('by-account-scope-at', ['accountId', 'scope', 'at']);
  }

  const ledgerIndexes = (db: IDBPDatabase<OverlapDB>) => [...db.transaction('ledger').store.indexNames].sort();

  it('creates every store and the ledger index by account and operation on a fresh install', async () => {
    const db = await openOverlapDB(`overlap-upgrade-test-${++dbCounter}`);
    expect([...db.objectStoreNames].sort()).toEqual(['accounts', 'contacts', 'freeBusyCache', 'ledger', 'partnerMeetings', 'preferences']);
    expect(ledgerIndexes(db)).toEqual(['by-account-at', 'by-account-operation-at', 'by-account-scope-at', 'by-at']);
  });

  it('keeps version-1 accounts and ledger entries and adds the version-2 stores', async () => {
    const { openDB } = await import('idb');
    const name = `overlap-upgrade-test-${++dbCounter}`;
    // The version-1 layout as the first release created it.
    const v1 = await openDB(name, 1, {
      upgrade(db) {
        db.createObjectStore('accounts', { keyPath: 'id' }).createIndex('by-provider', 'provider');
        createVersion1Ledger(db);
      },
    });
    await v1.put('accounts', ada);
    v1.close();

    const upgraded = await openOverlapDB(name);
    expect((await new Accounts(upgraded).list()).map((account) => account.id)).toEqual([ada.id]);
    expect([...upgraded.objectStoreNames].sort()).toEqual(['accounts', 'contacts', 'freeBusyCache', 'ledger', 'partnerMeetings', 'preferences']);
    expect(ledgerIndexes(upgraded)).toContain('by-account-operation-at');
  });

  it('drops version-2 cache rows, whose busy time is not packed, and keeps the accounts, on upgrading', async () => {
    const { openDB } = await import('idb');
    const name = `overlap-upgrade-test-${++dbCounter}`;
    const v2 = await openDB(name, 2, {
      upgrade(db) {
        db.createObjectStore('accounts', { keyPath: 'id' }).createIndex('by-provider', 'provider');
        const cache = db.createObjectStore('freeBusyCache', { keyPath: 'key' });
        cache.createIndex('by-account', 'accountId');
        cache.createIndex('by-email', 'email');
        cache.createIndex('by-cached', 'cachedAt');
        createVersion1Ledger(db);
      },
    });
    await v2.put('accounts', ada);
    await v2.put('freeBusyCache', { key: 'google:ada@example.com|ben@example.com|2026-11-02', accountId: 'google:ada@example.com', email: 'ben@example.com', day: '2026-11-02', cachedAt: '2026-11-01T23:00:00.000Z', busy: [{ start: '2026-11-02T09:00:00.000Z', end: '2026-11-02T10:00:00.000Z', status: 'busy' }] });
    v2.close();

    const upgraded = await openOverlapDB(name);
    expect(await upgraded.count('freeBusyCache')).toBe(0);
    expect((await new Accounts(upgraded).list()).map((account) => account.id)).toEqual([ada.id]);
    expect(ledgerIndexes(upgraded)).toContain('by-account-operation-at');
  });

  it('indexes the ledger rows a version-3 database already holds by account and operation, so the last sign-in is found among them', async () => {
    const { openDB } = await import('idb');
    const name = `overlap-upgrade-test-${++dbCounter}`;
    const v3 = await openDB(name, 3, {
      upgrade(db) {
        createVersion1Ledger(db);
      },
    });
    const row = { accountId: ada.id, provider: 'google', scope: 'openid', feature: 'find-times', outcome: 'ok' };
    await v3.add('ledger', { ...row, operation: 'sign-in', at: '2026-09-01T08:00:00.000Z' });
    await v3.add('ledger', { ...row, operation: 'POST /freeBusy', at: '2026-11-01T08:00:00.000Z' });
    v3.close();

    const upgraded = await openOverlapDB(name);
    expect(await upgraded.count('ledger')).toBe(2);
    const [lastSignIn] = await new Ledger(upgraded, defaultRetention, () => new Date('2026-11-02T00:00:00.000Z')).list({ accountId: ada.id, operation: 'sign-in', limit: 1 });
    expect(lastSignIn?.at).toBe('2026-09-01T08:00:00.000Z');
  });
});
