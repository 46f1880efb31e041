import { describe, expect, it } from 'vitest';
import { countMeeting, Contacts, maxContacts } from '@/lib/store/contacts';
import { allocatePacked } from '@/lib/schedule/packed-busy';
import { openOverlapDB, type FreeBusyCacheEntry, type LedgerEntry } from '@/lib/store/db';
import { FreeBusyCacheStore, cacheKey, maxCacheRows } from '@/lib/store/free-busy-cache';
import { defaultRetention, Ledger } from '@/lib/store/ledger';

/**
 * The stores that grow with use stay bounded at their stated limits (README, "When storage
 * breaks"): each is filled past its real bound, not a test-sized one, and the oldest rows go.
 */
let counter = 0;
/** Thousands of rows through fake-indexeddb take seconds on a shared machine. */
const filling = { timeout: 60_000 };
const freshDb = () => openOverlapDB(`overlap-bounds-${++counter}`);

const now = new Date('2026-12-01T12:00:00.000Z');
const minutesBefore = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
const call = { accountId: 'google:ana@northwind.example', provider: 'google' as const, operation: 'POST /freeBusy', scope: 'https://www.googleapis.com/auth/calendar.events.freebusy', feature: 'find-times' as const, outcome: 'ok' as const };

describe('the ledger', () => {
  it('states its bounds as 5,000 rows and 90 days', () => {
    expect(defaultRetention).toEqual({ maxEntries: 5000, maxAgeDays: 90 });
  });

  it('keeps 5,000 rows when filled past them, and the ones that go are the oldest', filling, async () => {
    const db = await freshDb();
    // One row a minute, the oldest first: 5,000 rows already there, all inside 90 days.
    const fill = db.transaction('ledger', 'readwrite');
    for (let row = 0; row < defaultRetention.maxEntries; row++) void fill.store.add({ ...call, at: minutesBefore(defaultRetention.maxEntries - row + 10) } as LedgerEntry);
    await fill.done;
    const ledger = new Ledger(db, defaultRetention, () => now);
    for (let extra = 0; extra < 10; extra++) await ledger.record({ ...call, at: minutesBefore(10 - extra) });

    expect(await db.count('ledger')).toBe(5000);
    const kept = await ledger.list();
    expect(kept[0]?.at).toBe(minutesBefore(1));
    // The ten oldest (5,010 … 5,001 minutes before) went; the next oldest is still there.
    expect(kept.at(-1)?.at).toBe(minutesBefore(5000));
  });

  it('drops every row older than 90 days on the next write, however few rows there are', async () => {
    const db = await freshDb();
    const ledger = new Ledger(db, defaultRetention, () => now);
    const day = 24 * 60;
    await ledger.record({ ...call, at: minutesBefore(91 * day) });
    await ledger.record({ ...call, at: minutesBefore(89 * day) });
    await ledger.record({ ...call, at: minutesBefore(1) });
    expect((await ledger.list()).map((entry) => entry.at)).toEqual([minutesBefore(1), minutesBefore(89 * day)]);
  });
});

describe('the free/busy cache', () => {
  const entry = (person: number, day: string, cachedAt: string): FreeBusyCacheEntry => ({
    key: cacheKey(call.accountId, `p${person}@northwind.example`, day),
    accountId: call.accountId,
    email: `p${person}@northwind.example`,
    day,
    cachedAt,
    busy: allocatePacked(0),
  });
  const window = { after: minutesBefore(60), until: now.toISOString() };

  it('states its bound as 5,000 rows', () => {
    expect(maxCacheRows).toBe(5000);
  });

  it('keeps 5,000 rows when filled past them, and the rows cached longest ago go', filling, async () => {
    const db = await freshDb();
    const store = new FreeBusyCacheStore(db);
    // 250 people × 20 days, cached in 20 searches a minute apart (a day's rows per search).
    const days = Array.from({ length: 20 }, (_, index) => `2026-12-${String(index + 2).padStart(2, '0')}`);
    for (const [index, day] of days.entries()) {
      await store.write(Array.from({ length: 250 }, (_, person) => entry(person, day, minutesBefore(30 - index))), window);
    }
    expect(await db.count('freeBusyCache')).toBe(5000);

    // One more search of 100 people for a new day: the 100 rows cached longest ago make room.
    await store.write(Array.from({ length: 100 }, (_, person) => entry(person, '2026-12-30', minutesBefore(5))), window);
    expect(await db.count('freeBusyCache')).toBe(5000);
    const firstDay = await store.read(call.accountId, Array.from({ length: 250 }, (_, person) => `p${person}@northwind.example`), [days[0]!]);
    expect(firstDay.size).toBe(150);
    expect((await store.read(call.accountId, ['p0@northwind.example'], ['2026-12-30'])).size).toBe(1);
    expect((await store.read(call.accountId, ['p249@northwind.example'], [days[1]!])).size).toBe(1);
  });
});

describe('people met before', () => {
  it('states its bound as 1,000 people, and past it forgets those met longest ago', filling, async () => {
    expect(maxContacts).toBe(1000);
    const db = await freshDb();
    const account = call.accountId;
    const fill = db.transaction('contacts', 'readwrite');
    for (let person = 0; person < maxContacts; person++) {
      void fill.store.put({ accountId: account, email: `p${String(person).padStart(4, '0')}@northwind.example`, meetings: 1, lastMetAt: minutesBefore(maxContacts - person + 10) });
    }
    await fill.done;

    const meeting = db.transaction('contacts', 'readwrite');
    await countMeeting(meeting.store, account, Array.from({ length: 5 }, (_, index) => ({ email: `new${index}@northwind.example` })), now.toISOString());
    await meeting.done;

    expect(await db.count('contacts')).toBe(1000);
    const emails = (await db.getAll('contacts')).map((contact) => contact.email);
    expect(emails).not.toContain('p0000@northwind.example');
    expect(emails).not.toContain('p0004@northwind.example');
    expect(emails).toContain('p0005@northwind.example');
    expect(emails).toContain('new4@northwind.example');
    expect((await new Contacts(db).suggest('new', 10)).length).toBe(5);
  });
});
