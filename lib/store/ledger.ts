import { deleteAll, eachRecord, type RecordCursor } from './cursor';
import type { IDBPDatabase, IDBPObjectStore } from 'idb';
import type { FeatureId } from '@/lib/auth/scopes';
import type { LedgerEntry, OverlapDB } from './db';
import { ledgerRows, type Checked } from './records';

export interface LedgerRetention {
  maxEntries: number;
  maxAgeDays: number;
}

/** Enough for months of normal use, small enough to read on the permissions page at once. */
export const defaultRetention: LedgerRetention = { maxEntries: 5000, maxAgeDays: 90 };

export interface LedgerQuery {
  accountId?: string;
  feature?: FeatureId;
  /** e.g. `sign-in`, `POST /freeBusy` */
  operation?: string;
  since?: string;
  until?: string;
  limit?: number;
}

const TOKEN_LIKE = /(ya29\.|eyJ[A-Za-z0-9_-]{10,}|Bearer\s)/;

export class Ledger {
  constructor(
    private readonly db: IDBPDatabase<OverlapDB>,
    private readonly retention: LedgerRetention = defaultRetention,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Records one call and prunes what is past retention in the same transaction. A field that
   * looks like a token is refused outright: the ledger must never hold one, even by mistake.
   */
  async record(entry: Omit<LedgerEntry, 'id' | 'at'> & { at?: string }): Promise<void> {
    for (const [field, value] of Object.entries(entry)) {
      if (typeof value === 'string' && TOKEN_LIKE.test(value)) throw new Error(`Refusing to write a token-like value into the ledger field "${field}".`);
    }
    const tx = this.db.transaction('ledger', 'readwrite');
    await tx.store.add({ ...entry, at: entry.at ?? this.now().toISOString() });
    await this.prune(tx.store);
    await tx.done;
  }

  private async prune(store: IDBPObjectStore<OverlapDB, ['ledger'], 'ledger', 'readwrite'>): Promise<void> {
    const cutoff = new Date(this.now().getTime() - this.retention.maxAgeDays * 86_400_000).toISOString();
    await deleteAll(store.index('by-at').openCursor(IDBKeyRange.upperBound(cutoff, true)));
    const excess = (await store.count()) - this.retention.maxEntries;
    if (excess > 0) await deleteAll(store.index('by-at').openCursor(), excess);
  }

  /** Newest first, filtered by account, feature and time. */
  async list(query: LedgerQuery = {}): Promise<LedgerEntry[]> {
    return (await this.read(query)).records;
  }

  /** What `list` answers, and how many rows in the range were too damaged to show. */
  async read(query: LedgerQuery = {}): Promise<Checked<LedgerEntry>> {
    const store = this.db.transaction('ledger').store;
    const newestFirst: Promise<RecordCursor<LedgerEntry> | null> = query.accountId
      ? store.index('by-account-at').openCursor(IDBKeyRange.bound([query.accountId, query.since ?? ''], [query.accountId, query.until ?? '\uffff']), 'prev')
      : store.index('by-at').openCursor(IDBKeyRange.bound(query.since ?? '', query.until ?? '\uffff'), 'prev');
    const limit = query.limit ?? Number.POSITIVE_INFINITY;
    const results: LedgerEntry[] = [];
    let damaged = 0;
    if (limit <= 0) return { records: results, damaged };
    await eachRecord(newestFirst, ({ value: entry }) => {
      if (!ledgerRows.is(entry)) damaged += 1;
      else if ((!query.feature || entry.feature === query.feature) && (!query.operation || entry.operation === query.operation)) results.push(entry);
      return results.length < limit;
    });
    return { records: results, damaged };
  }

  /** When each scope of an account last authorised a successful call. */
  async lastUsed(accountId: string, scopes: readonly string[]): Promise<Record<string, string | undefined>> {
    const index = this.db.transaction('ledger').store.index('by-account-scope-at');
    const entries = await Promise.all(
      scopes.map(async (scope) => {
        let lastOk: string | undefined;
        await eachRecord(index.openCursor(IDBKeyRange.bound([accountId, scope, ''], [accountId, scope, '\uffff']), 'prev'), ({ value }) => {
          if (ledgerRows.is(value) && value.outcome === 'ok') lastOk = value.at;
          return lastOk === undefined;
        });
        return [scope, lastOk] as const;
      }),
    );
    return Object.fromEntries(entries);
  }

  async deleteAccount(accountId: string): Promise<number> {
    const tx = this.db.transaction('ledger', 'readwrite');
    const removed = await deleteAll(tx.store.index('by-account-at').openCursor(IDBKeyRange.bound([accountId, ''], [accountId, '\uffff'])));
    await tx.done;
    return removed;
  }
}
