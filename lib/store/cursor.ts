/** The one operation the stores repeat on cursors: delete every record a cursor walks over. */
interface DeletableCursor {
  delete(): Promise<void>;
  continue(): Promise<DeletableCursor | null>;
}

/** Deletes each record from `first` on (in the caller's transaction) and says how many went. */
export async function deleteAll(first: Promise<DeletableCursor | null>): Promise<number> {
  let removed = 0;
  let cursor = await first;
  while (cursor) {
    await cursor.delete();
    removed += 1;
    cursor = await cursor.continue();
  }
  return removed;
}
