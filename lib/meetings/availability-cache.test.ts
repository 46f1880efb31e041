import { describe, expect, it } from 'vitest';
import { openOverlapDB } from '@/lib/store/db';
import { FreeBusyCacheStore } from '@/lib/store/free-busy-cache';
import { ProviderError } from '@/lib/providers/errors';
import { packBusy } from '@/lib/schedule/packed-busy';
import { AvailabilityCache, utcDays } from './availability-cache';
import type { AvailabilitySource, SourceAnswer } from './find-times';

let dbCounter = 0;

/** A source that answers from a fixed calendar and remembers what it was asked. */
function calendarSource(busyByEmail: Record<string, SourceAnswer['availability']>) {
  const asked: { emails: string[]; start: string; end: string }[] = [];
  const source: AvailabilitySource = {
    accountId: 'google:ana@northwind.example',
    provider: 'google',
    email: 'ana@northwind.example',
    read: async (emails, start, end) => {
      asked.push({ emails, start: start.toISOString(), end: end.toISOString() });
      return emails.map((email) => ({ email, availability: busyByEmail[email] ?? { status: 'unknown', reason: 'Google can’t show this calendar.' } }));
    },
    requestCount: () => asked.length,
  };
  return { source, asked };
}

async function cacheAt(clock: { now: Date }) {
  return new AvailabilityCache(new FreeBusyCacheStore(await openOverlapDB(`overlap-cache-test-${++dbCounter}`)), { now: () => clock.now });
}

const offsite = { start: '2026-12-01T22:00:00.000Z', end: '2026-12-03T02:00:00.000Z', status: 'busy' as const };

describe('the free/busy cache', () => {
  it('lists the UTC days a range touches, whole days only', () => {
    expect(utcDays(new Date('2026-12-01T17:10:00Z'), new Date('2026-12-03T00:00:00Z'))).toEqual(['2026-12-01', '2026-12-02']);
    expect(utcDays(new Date('2026-12-01T17:10:00Z'), new Date('2026-12-03T00:00:01Z'))).toEqual(['2026-12-01', '2026-12-02', '2026-12-03']);
  });

  it('gives back an event spanning several days once, with its true start and end', async () => {
    const clock = { now: new Date('2026-11-30T09:00:00Z') };
    const cache = await cacheAt(clock);
    const { source } = calendarSource({ 'ben@northwind.example': { status: 'known', busy: [offsite] } });
    await cache.read(source, ['ben@northwind.example'], new Date('2026-12-01T00:00:00Z'), new Date('2026-12-04T00:00:00Z'));
    const again = await cache.read(source, ['ben@northwind.example'], new Date('2026-12-01T00:00:00Z'), new Date('2026-12-04T00:00:00Z'));
    expect(again.requests).toBe(0);
    expect(again.answers[0]?.availability).toEqual({ status: 'known', busy: packBusy([offsite]) });
  });

  it('asks only for the people missing from the cache', async () => {
    const clock = { now: new Date('2026-11-30T09:00:00Z') };
    const cache = await cacheAt(clock);
    const { source, asked } = calendarSource({ 'ben@northwind.example': { status: 'known', busy: [] }, 'dev@northwind.example': { status: 'known', busy: [offsite] } });
    const range = [new Date('2026-12-01T00:00:00Z'), new Date('2026-12-02T00:00:00Z')] as const;
    await cache.read(source, ['ben@northwind.example'], ...range);
    const both = await cache.read(source, ['ben@northwind.example', 'dev@northwind.example'], ...range);
    expect(asked.map((call) => call.emails)).toEqual([['ben@northwind.example'], ['dev@northwind.example']]);
    expect(both.fromCache).toEqual([{ email: 'ben@northwind.example', cachedAt: '2026-11-30T09:00:00.000Z' }]);
  });

  it('does not cache a person the provider could not answer for, so the next search asks again', async () => {
    const clock = { now: new Date('2026-11-30T09:00:00Z') };
    const cache = await cacheAt(clock);
    const { source, asked } = calendarSource({});
    const range = [new Date('2026-12-01T00:00:00Z'), new Date('2026-12-02T00:00:00Z')] as const;
    const first = await cache.read(source, ['outsider@elsewhere.example'], ...range);
    await cache.read(source, ['outsider@elsewhere.example'], ...range);
    expect(first.answers[0]?.availability.status).toBe('unknown');
    expect(asked).toHaveLength(2);
  });

  it('keeps entries past their time to live for an offline answer, drops them after a working day when it writes new ones, and forgets people whose calendars changed', async () => {
    const clock = { now: new Date('2026-11-30T09:00:00Z') };
    const store = new FreeBusyCacheStore(await openOverlapDB(`overlap-cache-test-${++dbCounter}`));
    const cache = new AvailabilityCache(store, { now: () => clock.now });
    const { source } = calendarSource({ 'ben@northwind.example': { status: 'known', busy: [] }, 'dev@northwind.example': { status: 'known', busy: [] } });
    await cache.read(source, ['ben@northwind.example'], new Date('2026-12-01T00:00:00Z'), new Date('2026-12-02T00:00:00Z'));
    clock.now = new Date('2026-11-30T09:06:00Z');
    await cache.read(source, ['dev@northwind.example'], new Date('2026-12-01T00:00:00Z'), new Date('2026-12-02T00:00:00Z'));
    expect((await store.read(source.accountId, ['ben@northwind.example', 'dev@northwind.example'], ['2026-12-01'])).size).toBe(2);
    clock.now = new Date('2026-11-30T17:01:00Z');
    await cache.read(source, ['dev@northwind.example'], new Date('2026-12-01T00:00:00Z'), new Date('2026-12-02T00:00:00Z'));
    expect([...(await store.read(source.accountId, ['ben@northwind.example', 'dev@northwind.example'], ['2026-12-01'])).keys()]).toEqual(['google:ana@northwind.example|dev@northwind.example|2026-12-01']);
    expect(await cache.forgetPeople(['DEV@northwind.example'])).toBe(1);
    expect((await store.read(source.accountId, ['dev@northwind.example'], ['2026-12-01'])).size).toBe(0);
  });
});

describe('the free/busy cache with no network', () => {
  const ben = 'ben@northwind.example';
  const range = [new Date('2026-12-01T00:00:00Z'), new Date('2026-12-02T00:00:00Z')] as const;

  /** A source whose provider cannot be reached: every person unknown, and it says it got no answer. */
  function unreachableSource(base: AvailabilitySource): AvailabilitySource {
    return {
      ...base,
      read: async (emails) => emails.map((email) => ({ email, availability: { status: 'unknown', reason: 'Google did not answer for this calendar: fetch failed' } })),
      unreachable: () => true,
    };
  }

  it('answers from entries saved hours ago, reports their age, and asks again once the network is back', async () => {
    const clock = { now: new Date('2026-11-30T09:00:00Z') };
    const cache = await cacheAt(clock);
    const { source, asked } = calendarSource({ [ben]: { status: 'known', busy: [offsite] } });
    await cache.read(source, [ben], ...range);
    clock.now = new Date('2026-11-30T15:00:00Z');
    const offline = await cache.read(unreachableSource(source), [ben], ...range);
    expect(offline.offline).toBe(true);
    expect(offline.answers[0]?.availability).toEqual({ status: 'known', busy: packBusy([offsite]) });
    expect(offline.fromCache).toEqual([{ email: ben, cachedAt: '2026-11-30T09:00:00.000Z' }]);
    clock.now = new Date('2026-11-30T15:01:00Z');
    const back = await cache.read(source, [ben], ...range);
    expect(back.offline).toBe(false);
    expect(back.fromCache).toEqual([]);
    expect(asked).toHaveLength(2);
  });

  it('marks a person unknown, saying Overlap is offline, when what it saved is older than a working day', async () => {
    const clock = { now: new Date('2026-11-30T09:00:00Z') };
    const cache = await cacheAt(clock);
    const { source } = calendarSource({ [ben]: { status: 'known', busy: [offsite] } });
    await cache.read(source, [ben], ...range);
    clock.now = new Date('2026-11-30T17:00:01Z');
    const offline = await cache.read(unreachableSource(source), [ben], ...range);
    expect(offline.answers[0]?.availability).toEqual({ status: 'unknown', reason: 'Overlap is offline and has no saved calendar for this person.' });
    expect(offline.fromCache).toEqual([]);
  });
});

describe('the free/busy cache when a search is cancelled', () => {
  it('lets a search that joined another’s read ask for itself when that other search is cancelled', async () => {
    const cache = await cacheAt({ now: new Date('2026-11-30T09:00:00Z') });
    const range = [new Date('2026-12-01T00:00:00Z'), new Date('2026-12-02T00:00:00Z')] as const;
    const { source: answering, asked } = calendarSource({ 'ben@northwind.example': { status: 'known', busy: [offsite] } });
    const cancelled: AvailabilitySource = {
      ...answering,
      read: async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        throw new ProviderError({ provider: 'google', kind: 'cancelled', message: 'You stopped waiting for Google.' });
      },
    };
    const [first, second] = await Promise.allSettled([cache.read(cancelled, ['ben@northwind.example'], ...range), cache.read(answering, ['ben@northwind.example'], ...range)]);
    expect(first).toMatchObject({ status: 'rejected', reason: { kind: 'cancelled' } });
    expect(second.status).toBe('fulfilled');
    if (second.status !== 'fulfilled') return;
    expect(second.value.shared).toBe(false);
    expect(second.value.answers[0]?.availability).toEqual({ status: 'known', busy: packBusy([offsite]) });
    expect(asked).toHaveLength(1);
  });
});

describe('the free/busy cache when the clock or the database misbehaves', () => {
  const ben = 'ben@northwind.example';
  const range = [new Date('2026-12-01T00:00:00Z'), new Date('2026-12-02T00:00:00Z')] as const;

  it('treats an entry cached in the future as stale after the clock steps back, and asks the provider again', async () => {
    const clock = { now: new Date('2026-11-30T10:00:00Z') };
    const cache = await cacheAt(clock);
    const { source, asked } = calendarSource({ [ben]: { status: 'known', busy: [] } });
    await cache.read(source, [ben], ...range);
    clock.now = new Date('2026-11-30T09:00:00Z');
    const afterStepBack = await cache.read(source, [ben], ...range);
    expect(asked).toHaveLength(2);
    expect(afterStepBack.fromCache).toEqual([]);
  });

  it('drops entries cached in the future from the database when it next writes', async () => {
    const clock = { now: new Date('2026-11-30T10:00:00Z') };
    const store = new FreeBusyCacheStore(await openOverlapDB(`overlap-cache-test-${++dbCounter}`));
    const cache = new AvailabilityCache(store, { now: () => clock.now });
    const dev = 'dev@northwind.example';
    const { source } = calendarSource({ [ben]: { status: 'known', busy: [] }, [dev]: { status: 'known', busy: [] } });
    await cache.read(source, [ben], ...range);
    clock.now = new Date('2026-11-30T09:00:00Z');
    await cache.read(source, [dev], ...range);
    expect([...(await store.read(source.accountId, [ben, dev], ['2026-12-01'])).keys()]).toEqual([`${source.accountId}|${dev}|2026-12-01`]);
  });

  it('answers a search the provider already answered when the cache cannot be written, and reports why', async () => {
    /** The real store, on a disk that is full: every write fails the way IndexedDB reports it. */
    class FullDiskStore extends FreeBusyCacheStore {
      override async write(): Promise<void> {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
    }
    const reported: unknown[] = [];
    const clock = { now: new Date('2026-11-30T10:00:00Z') };
    const cache = new AvailabilityCache(new FullDiskStore(await openOverlapDB(`overlap-cache-test-${++dbCounter}`)), {
      now: () => clock.now,
      onStoreError: (error) => reported.push(error),
    });
    const { source, asked } = calendarSource({ [ben]: { status: 'known', busy: [offsite] } });
    const answer = await cache.read(source, [ben], ...range);
    expect(answer.answers).toEqual([{ email: ben, availability: { status: 'known', busy: packBusy([offsite]) } }]);
    expect(reported).toEqual([expect.objectContaining({ name: 'QuotaExceededError' })]);
    await cache.read(source, [ben], ...range);
    expect(asked).toHaveLength(2);
  });

  it('asks the provider when the cache cannot be read, and reports why', async () => {
    class BrokenDatabaseStore extends FreeBusyCacheStore {
      override async read(): Promise<never> {
        throw new DOMException('The database connection is closing.', 'InvalidStateError');
      }
    }
    const reported: unknown[] = [];
    const cache = new AvailabilityCache(new BrokenDatabaseStore(await openOverlapDB(`overlap-cache-test-${++dbCounter}`)), { onStoreError: (error) => reported.push(error) });
    const { source } = calendarSource({ [ben]: { status: 'known', busy: [] } });
    expect((await cache.read(source, [ben], ...range)).answers).toEqual([{ email: ben, availability: { status: 'known', busy: packBusy([]) } }]);
    expect(reported).toEqual([expect.objectContaining({ name: 'InvalidStateError' })]);
  });
});
