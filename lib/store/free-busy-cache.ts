import { deleteAll } from './cursor';
import type { IDBPDatabase } from 'idb';
import type { FreeBusyCacheEntry, OverlapDB } from './db';

export function cacheKey(accountId: string, email: string, day: string): string {
  return `${accountId}|${email.toLowerCase()}|${day}`;
}

/** The cache's rows: one person, one account, one UTC day. Freshness is the caller's rule. */
export class FreeBusyCacheStore {
  constructor(private readonly db: IDBPDatabase<OverlapDB>) {}

  /** The entries that exist for these people and days, by key. */
  async read(accountId: string, emails: string[], days: string[]): Promise<Map<string, FreeBusyCacheEntry>> {
    const tx = this.db.transaction('freeBusyCache');
    const keys = emails.flatMap((email) => days.map((day) => cacheKey(accountId, email, day)));
    const found = await Promise.all(keys.map((key) => tx.store.get(key)));
    await tx.done;
    return new Map(found.filter((entry): entry is FreeBusyCacheEntry => entry !== undefined).map((entry) => [entry.key, entry]));
  }

  /** Writes fresh entries and, in the same transaction, drops every entry cached before `staleBefore`. */
  async write(entries: FreeBusyCacheEntry[], staleBefore: string): Promise<void> {
    const tx = this.db.transaction('freeBusyCache', 'readwrite');
    let cursor = await tx.store.index('by-cached').openCursor(IDBKeyRange.upperBound(staleBefore, true));
    while (cursor) {
      await cursor.delete();
      cursor = await cursor.continue();
    }
    await Promise.all(entries.map((entry) => tx.store.put(entry)));
    await tx.done;
  }

  /** Forgets these people's availability as every account saw it (their calendars just changed). */
  async forgetPeople(emails: string[]): Promise<number> {
    const tx = this.db.transaction('freeBusyCache', 'readwrite');
    let removed = 0;
    for (const email of new Set(emails.map((address) => address.toLowerCase()))) {
      removed += await deleteAll(tx.store.index('by-email').openCursor(email));
    }
    await tx.done;
    return removed;
  }

  async deleteAccount(accountId: string): Promise<number> {
    const tx = this.db.transaction('freeBusyCache', 'readwrite');
    const removed = await deleteAll(tx.store.index('by-account').openCursor(accountId));
    await tx.done;
    return removed;
  }
}
