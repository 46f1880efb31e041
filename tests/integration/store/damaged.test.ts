import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packBusy } from '@/lib/schedule/packed-busy';
import { Accounts } from '@/lib/store/accounts';
import { Contacts } from '@/lib/store/contacts';
import { openOverlapDB, type AccountRecord, type PartnerMeetingRecord } from '@/lib/store/db';
import { FreeBusyCacheStore, cacheKey } from '@/lib/store/free-busy-cache';
import { Ledger } from '@/lib/store/ledger';
import { PartnerMeetings } from '@/lib/store/partner-meetings';
import { PreferencesStore } from '@/lib/store/preferences';
import { readStorageHealth } from '@/lib/store/health';
import { MirroredMeetings } from '@/lib/store/unsaved-meetings';
import { memorySessionArea } from '@/lib/sites/health';

/**
 * Rows damaged on disk (a field gone, a wrong type, not an object at all) are checked on every
 * read: each store answers its good rows and counts the damaged ones, and nothing throws.
 */
let counter = 0;
const freshDb = () => openOverlapDB(`overlap-damaged-${++counter}`);

const ana = 'google:ana@northwind.example';
const account: AccountRecord = { id: ana, provider: 'google', email: 'ana@northwind.example', grantedScopes: ['email'], enabledFeatures: ['find-times'], connectedAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z' };
const meeting: PartnerMeetingRecord = {
  id: 'op-0000-good',
  accountId: ana,
  provider: 'google',
  title: 'Roadmap review',
  start: '2026-12-02T10:00:00.000Z',
  end: '2026-12-02T10:30:00.000Z',
  timeZone: 'Europe/Berlin',
  attendees: [{ email: 'ben@northwind.example' }],
  conference: 'meet',
  status: 'booked',
  providerEventId: 'abc',
  intent: 'digest',
  sendInvitations: true,
  createdAt: '2026-12-01T09:00:00.000Z',
  updatedAt: '2026-12-01T09:00:00.000Z',
};

describe('records damaged on disk', () => {
  it('leave the accounts list with the good accounts and a count of the damaged ones', async () => {
    const db = await freshDb();
    await db.put('accounts', account);
    await db.put('accounts', { ...account, id: 'google:bo@northwind.example', grantedScopes: 'email' } as never);
    await db.put('accounts', { id: 'microsoft:cy@northwind.example' } as never);
    const accounts = new Accounts(db);
    expect(await accounts.read()).toEqual({ records: [account], damaged: 2 });
    expect(await accounts.get('microsoft:cy@northwind.example')).toBeUndefined();
    // Connecting the account again writes a good record over the damaged one.
    await accounts.recordGrant({ provider: 'microsoft', email: 'cy@northwind.example', grantedScopes: ['User.Read'] });
    expect((await accounts.read()).damaged).toBe(1);
  });

  it('leave the ledger with the good rows, newest first, and a count of the damaged ones in range', async () => {
    const db = await freshDb();
    const call = { accountId: ana, provider: 'google' as const, operation: 'POST /freeBusy', scope: 's', feature: 'find-times' as const, outcome: 'ok' as const };
    const ledger = new Ledger(db, undefined, () => new Date('2026-12-01T12:00:00.000Z'));
    await ledger.record({ ...call, at: '2026-12-01T10:00:00.000Z' });
    await db.add('ledger', { ...call, at: '2026-12-01T10:30:00.000Z', outcome: 42 } as never);
    await db.add('ledger', { at: '2026-12-01T11:00:00.000Z' } as never);
    await ledger.record({ ...call, at: '2026-12-01T11:30:00.000Z' });
    const read = await ledger.read();
    expect(read.records.map((entry) => entry.at)).toEqual(['2026-12-01T11:30:00.000Z', '2026-12-01T10:00:00.000Z']);
    expect(read.damaged).toBe(2);
    expect(await ledger.lastUsed(ana, ['s'])).toEqual({ s: '2026-12-01T11:30:00.000Z' });
  });

  it('leave the meetings list with the good meetings and a count of the damaged ones, and a damaged key can be booked again', async () => {
    const db = await freshDb();
    await db.put('partnerMeetings', meeting);
    await db.put('partnerMeetings', { ...meeting, id: 'op-0000-bad1', attendees: [{}] } as never);
    await db.put('partnerMeetings', { id: 'op-0000-bad2', createdAt: '2026-12-01T10:00:00.000Z' } as never);
    const meetings = new PartnerMeetings(db);
    expect(await meetings.list()).toEqual({ records: [meeting], damaged: 2 });
    expect(await meetings.get('op-0000-bad2')).toBeUndefined();
    const again = { ...meeting, id: 'op-0000-bad2', status: 'pending' as const };
    expect(await meetings.begin(again)).toEqual({ record: again, created: true });
    expect((await meetings.list()).damaged).toBe(1);
    // Pruning ended meetings leaves damaged records alone: one may stand for a pending booking.
    expect(await meetings.prune('2027-01-01T00:00:00.000Z')).toBe(1);
    expect(await db.count('partnerMeetings')).toBe(2);
  });

  it('leave the free/busy cache reading a damaged day as missing, so it is asked again, whether its busy time is not packed or a packed interval ends before it starts', async () => {
    const db = await freshDb();
    const busy = packBusy([{ start: '2026-12-02T09:00:00.000Z', end: '2026-12-02T10:00:00.000Z', status: 'busy' }])!;
    const good = { key: cacheKey(ana, 'ben@northwind.example', '2026-12-02'), accountId: ana, email: 'ben@northwind.example', day: '2026-12-02', cachedAt: '2026-12-01T11:00:00.000Z', busy };
    await db.put('freeBusyCache', good);
    await db.put('freeBusyCache', { ...good, key: cacheKey(ana, 'ben@northwind.example', '2026-12-03'), day: '2026-12-03', busy: [{ start: 7 }] } as never);
    const backwards = packBusy([{ start: '2026-12-04T09:00:00.000Z', end: '2026-12-04T10:00:00.000Z' }])!;
    backwards.endMs[0] = backwards.startMs[0]! - 1;
    await db.put('freeBusyCache', { ...good, key: cacheKey(ana, 'ben@northwind.example', '2026-12-04'), day: '2026-12-04', busy: backwards });
    const read = await new FreeBusyCacheStore(db).read(ana, ['ben@northwind.example'], ['2026-12-02', '2026-12-03', '2026-12-04']);
    expect([...read.keys()]).toEqual([good.key]);
  });

  it('leave contact suggestions to the good rows, and are the first to go past the bound', async () => {
    const db = await freshDb();
    await db.put('contacts', { accountId: ana, email: 'ben@northwind.example', meetings: 2, lastMetAt: '2026-11-01T00:00:00.000Z' });
    await db.put('contacts', { accountId: ana, email: 'bea@northwind.example', meetings: 'many' } as never);
    const contacts = new Contacts(db);
    expect((await contacts.suggest('be')).map((contact) => contact.email)).toEqual(['ben@northwind.example']);
    expect((await contacts.read()).damaged).toBe(1);
  });

  it('are counted for the popup’s notice, store by store', async () => {
    const db = await freshDb();
    await db.put('accounts', { id: 'google:bo@northwind.example' } as never);
    await db.put('partnerMeetings', { id: 'op-0000-bad', createdAt: '2026-12-01T10:00:00.000Z' } as never);
    await db.put('partnerMeetings', meeting);
    await db.add('ledger', { at: '2026-12-01T11:00:00.000Z' } as never);
    await db.put('contacts', { accountId: ana, email: 'bea@northwind.example', meetings: 'many' } as never);
    await db.put('contacts', { accountId: ana, email: 'bob@northwind.example' } as never);
    const health = await readStorageHealth({ accounts: new Accounts(db), meetings: new MirroredMeetings(new PartnerMeetings(db), memorySessionArea()), ledger: new Ledger(db), contacts: new Contacts(db) });
    expect(health).toEqual({ damaged: { accounts: 1, meetings: 1, ledger: 1, contacts: 2 }, unsavedMeetings: 0 });
  });

  it('are counted for the popup’s notice exactly as each store’s own read leaves them out, for any mix of good and damaged rows', async () => {
    const call = { accountId: ana, provider: 'google' as const, operation: 'POST /freeBusy', scope: 's', feature: 'find-times' as const, outcome: 'ok' as const };
    const rows = fc.record({
      accounts: fc.array(fc.constantFrom('good', 'damaged'), { maxLength: 6 }),
      meetings: fc.array(fc.constantFrom('good', 'damaged'), { maxLength: 8 }),
      // A ledger row without a string instant is damaged too, but the ledger's read (by time) never meets it.
      ledger: fc.array(fc.constantFrom('good', 'damaged', 'no instant', 'numeric instant'), { maxLength: 25 }),
      contacts: fc.array(fc.constantFrom('good', 'damaged'), { maxLength: 8 }),
    });
    await fc.assert(
      fc.asyncProperty(rows, async (kinds) => {
        const db = await freshDb();
        for (const [i, kind] of kinds.accounts.entries()) await db.put('accounts', kind === 'good' ? { ...account, id: `google:a${i}@northwind.example` } : ({ id: `google:a${i}@northwind.example`, grantedScopes: 'email' } as never));
        for (const [i, kind] of kinds.meetings.entries()) await db.put('partnerMeetings', kind === 'good' ? { ...meeting, id: `op-${i}` } : ({ id: `op-${i}`, createdAt: meeting.createdAt } as never));
        for (const [i, kind] of kinds.ledger.entries()) {
          const at = `2026-12-01T10:${String(i).padStart(2, '0')}:00.000Z`;
          const row = { good: { ...call, at }, damaged: { ...call, at, outcome: 42 }, 'no instant': { ...call }, 'numeric instant': { ...call, at: i } }[kind];
          await db.add('ledger', row as never);
        }
        for (const [i, kind] of kinds.contacts.entries()) await db.put('contacts', kind === 'good' ? { accountId: ana, email: `c${i}@northwind.example`, meetings: 1, lastMetAt: '2026-11-01T00:00:00.000Z' } : ({ accountId: ana, email: `c${i}@northwind.example`, meetings: 'many' } as never));
        const stores = { accounts: new Accounts(db), meetings: new MirroredMeetings(new PartnerMeetings(db), memorySessionArea()), ledger: new Ledger(db), contacts: new Contacts(db) };

        const health = await readStorageHealth(stores);
        const damaged = (list: string[]) => list.filter((kind) => kind === 'damaged').length;
        expect(health).toEqual({ damaged: { accounts: damaged(kinds.accounts), meetings: damaged(kinds.meetings), ledger: damaged(kinds.ledger), contacts: damaged(kinds.contacts) }, unsavedMeetings: 0 });
        const leftOut = { accounts: (await stores.accounts.read()).damaged, meetings: (await stores.meetings.list()).damaged, ledger: (await stores.ledger.read()).damaged, contacts: (await stores.contacts.read()).damaged };
        expect(health.damaged).toEqual(leftOut);
        db.close();
      }),
      { numRuns: 30 },
    );
  });

  it('leave preferences at the defaults with a notice, the damaged record kept aside', async () => {
    const db = await freshDb();
    await db.put('preferences', { version: 2, workingHours: 'nine to five' }, 'current');
    const preferences = new PreferencesStore(db);
    const answer = await preferences.get();
    expect(answer.preferences.defaultDurationMinutes).toBe(30);
    expect(answer.notice).toMatch(/damaged/);
    expect((await preferences.setAside()).map(({ record }) => record)).toEqual([{ version: 2, workingHours: 'nine to five' }]);
  });
});
