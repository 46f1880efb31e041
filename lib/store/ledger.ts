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

/** Bounds that take in every instant a row can hold: ISO strings sort between them. */
const firstInstant = '';
const lastInstant = '\uffff';

const TOKEN_LIKE = /(ya29\.|eyJ[A-Za-z0-9_-]{10,}|Bearer\s)/;

/** What a begun row says until its call settles; if it never does, that is what happened. */
export const interrupted = { outcome: 'error', detail: 'interrupted' } as const satisfies Pick<LedgerEntry, 'outcome' | 'detail'>;

function refuseTokens(fields: object): void {
  for (const [field, value] of Object.entries(fields)) {
    if (typeof value === 'string' && TOKEN_LIKE.test(value)) throw new Error(`Refusing to write a token-like value into the ledger field "${field}".`);
  }
}

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
    await this.add(entry);
  }

  /**
   * Writes a call's row before the call leaves, and answers its id for {@link settle}. Until it is
   * settled the row reads as interrupted: a worker stopped mid-call never settles it, and the
   * ledger still shows the call that the provider may have seen, instead of no row at all.
   */
  async begin(entry: Omit<LedgerEntry, 'id' | 'at' | 'outcome' | 'detail' | 'durationMs'> & { at?: string }): Promise<number> {
    return this.add({ ...entry, ...interrupted });
  }

  /** Records how a begun call ended. A row pruned meanwhile stays gone rather than coming back. */
  async settle(id: number, outcome: Pick<LedgerEntry, 'outcome' | 'detail' | 'durationMs'>): Promise<void> {
    refuseTokens(outcome);
    const tx = this.db.transaction('ledger', 'readwrite');
    const begun = await tx.store.get(id);
    if (begun) await tx.store.put({ ...begun, ...outcome });
    await tx.done;
  }

  private async add(entry: Omit<LedgerEntry, 'id' | 'at'> & { at?: string }): Promise<number> {
    refuseTokens(entry);
    const tx = this.db.transaction('ledger', 'readwrite');
    const id = await tx.store.add({ ...entry, at: entry.at ?? this.now().toISOString() });
    await this.prune(tx.store);
    await tx.done;
    return id;
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

  /**
   * What `list` answers, and how many rows in the range were too damaged to show: of those the
   * index the query goes through holds (by operation too, when it names one).
   */
  async read(query: LedgerQuery = {}): Promise<Checked<LedgerEntry>> {
    const newestFirst = newestFirstWithin(this.db.transaction('ledger').store, query);
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

  /**
   * How many rows `read` over the whole ledger would count as damaged, holding a page of rows at
   * a time. It pages through the store rather than the by-at index `read` follows, since a count
   * needs no order and an index walk costs a lookup per row; so it counts a damaged row only
   * where `read` would have met one: with an `at` the index holds within the whole range.
   */
  damaged(): Promise<number> {
    const everyInstant = IDBKeyRange.bound(firstInstant, lastInstant);
    return ledgerRows.countDamaged(this.db.transaction('ledger').store, (row) => keyWithin(everyInstant, (row as { at?: unknown } | null)?.at));
  }

  /** When each scope of an account last authorised a successful call. */
  async lastUsed(accountId: string, scopes: readonly string[]): Promise<Record<string, string | undefined>> {
    const index = this.db.transaction('ledger').store.index('by-account-scope-at');
    const entries = await Promise.all(
      scopes.map(async (scope) => {
        let lastOk: string | undefined;
        await eachRecord(index.openCursor(IDBKeyRange.bound([accountId, scope, firstInstant], [accountId, scope, lastInstant]), 'prev'), ({ value }) => {
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
    const removed = await deleteAll(tx.store.index('by-account-at').openCursor(IDBKeyRange.bound([accountId, firstInstant], [accountId, lastInstant])));
    await tx.done;
    return removed;
  }
}

/** A cursor over the rows `query` names, newest first, through the narrowest index that holds them. */
function newestFirstWithin(store: IDBPObjectStore<OverlapDB, ['ledger'], 'ledger'>, query: LedgerQuery): Promise<RecordCursor<LedgerEntry> | null> {
  const since = query.since ?? firstInstant;
  const until = query.until ?? lastInstant;
  if (query.accountId && query.operation) {
    return store.index('by-account-operation-at').openCursor(IDBKeyRange.bound([query.accountId, query.operation, since], [query.accountId, query.operation, until]), 'prev');
  }
  if (query.accountId) return store.index('by-account-at').openCursor(IDBKeyRange.bound([query.accountId, since], [query.accountId, until]), 'prev');
  return store.index('by-at').openCursor(IDBKeyRange.bound(since, until), 'prev');
}

/** Whether an index would hold `key` within `range`: a value that is no valid key is in no index at all. */
function keyWithin(range: IDBKeyRange, key: unknown): boolean {
  try {
    return range.includes(key);
  } catch {
    return false;
  }
}
