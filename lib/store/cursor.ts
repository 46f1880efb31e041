/**
 * The walks over records the stores share, inside the caller's transaction: `eachRecord` for those
 * that stop early or change rows as they go (deleting, collecting, finding), `eachPage` for those
 * that read a whole store (counting).
 */
export interface RecordCursor<Value = unknown> {
  readonly value: Value;
  continue(): Promise<RecordCursor<Value> | null>;
}

/** Visits each record from `first` on, in the cursor's order, until `visit` returns false. */
export async function eachRecord<C extends RecordCursor>(first: Promise<C | null>, visit: (cursor: C) => Promise<boolean | void> | boolean | void): Promise<void> {
  let cursor = await first;
  while (cursor) {
    if ((await visit(cursor)) === false) return;
    // idb's cursors continue into a cursor of their own type.
    cursor = (await cursor.continue()) as C | null;
  }
}

/** Deletes each record from `first` on (at most `limit` of them) and says how many went. */
export async function deleteAll<C extends RecordCursor & { delete(): Promise<void> }>(first: Promise<C | null>, limit = Number.POSITIVE_INFINITY): Promise<number> {
  let removed = 0;
  if (limit <= 0) return removed;
  await eachRecord(first, async (cursor) => {
    await cursor.delete();
    removed += 1;
    return removed < limit;
  });
  return removed;
}

/** What walking a whole store a page at a time needs of it: its rows and their keys, in key order. */
export interface PagedStore {
  getAll(query?: IDBKeyRange | null, count?: number): Promise<unknown[]>;
  getAllKeys(query?: IDBKeyRange | null, count?: number): Promise<IDBValidKey[]>;
}

/**
 * Visits every row of `store` in pages of `pageSize`, inside the caller's transaction. For a walk
 * that reads every row anyway: Chrome answers each cursor step with a round trip to its storage
 * process, so a 5,000-row ledger took 5,000 of them where this takes 20.
 */
export async function eachPage(store: PagedStore, visit: (rows: unknown[]) => void, pageSize = 250): Promise<void> {
  let after: IDBKeyRange | null = null;
  for (;;) {
    const [keys, rows] = await Promise.all([store.getAllKeys(after, pageSize), store.getAll(after, pageSize)]);
    visit(rows);
    if (keys.length < pageSize) return;
    after = IDBKeyRange.lowerBound(keys.at(-1), true);
  }
}
