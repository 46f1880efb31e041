/**
 * The one cursor loop the stores share: every walk over records (deleting, collecting, finding, counting)
 * goes through `eachRecord`, inside the caller's transaction.
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
