import { deleteAll } from './cursor';
import type { IDBPDatabase } from 'idb';
import type { FreeBusyCacheEntry, OverlapDB } from './db';
import { cacheRows } from './records';

export function cacheKey(accountId: string, email: string, day: string): string {
  return `${accountId}|${email.toLowerCase()}|${day}`;
}

/**
 * How many rows (one person, one account, one day) the cache keeps: 200 people over 25 days, more
 * than any search asks at once, and a bound so a month of searching for many people cannot grow
 * the store without end. Past it, the rows cached longest ago go first.
 */
export const maxCacheRows = 5000;

/** The cache's rows: one person, one account, one UTC day. Freshness is the caller's rule. */
export class FreeBusyCacheStore {
  constructor(
    private readonly db: IDBPDatabase<OverlapDB>,
    private readonly maxRows = maxCacheRows,
  ) {}

  /** The entries that exist for these people and days, by key; a damaged one reads as missing, so it is asked again. */
  async read(accountId: string, emails: string[], days: string[]): Promise<Map<string, FreeBusyCacheEntry>> {
    const tx = this.db.transaction('freeBusyCache');
    const keys = emails.flatMap((email) => days.map((day) => cacheKey(accountId, email, day)));
    const found = await Promise.all(keys.map((key) => tx.store.get(key)));
    await tx.done;
    return new Map(cacheRows.all(found.filter((entry) => entry !== undefined)).records.map((entry) => [entry.key, entry]));
  }

  /**
   * Writes fresh entries and, in the same transaction, drops every entry cached outside the fresh
   * window: at or before `after` (past its time to live), or after `until` (cached "in the
   * future", before the clock stepped back). Past the row bound, the rows cached longest ago go.
   */
  async write(entries: FreeBusyCacheEntry[], fresh: { after: string; until: string }): Promise<void> {
    const tx = this.db.transaction('freeBusyCache', 'readwrite');
    const byCached = tx.store.index('by-cached');
    await deleteAll(byCached.openCursor(IDBKeyRange.upperBound(fresh.after)));
    await deleteAll(byCached.openCursor(IDBKeyRange.lowerBound(fresh.until, true)));
    await Promise.all(entries.map((entry) => tx.store.put(entry)));
    const excess = (await tx.store.count()) - this.maxRows;
    if (excess > 0) await deleteAll(byCached.openCursor(), excess);
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
