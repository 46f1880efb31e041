import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { eachPage } from './cursor';

async function storeHolding(name: string, count: number) {
  const db = await openDB(name, 1, { upgrade: (created) => void created.createObjectStore('rows', { keyPath: ['group', 'n'] }) });
  const tx = db.transaction('rows', 'readwrite');
  for (let n = 0; n < count; n++) void tx.store.put({ group: n % 3 ? 'b' : 'a', n });
  await tx.done;
  return db;
}

async function pagesOf(name: string, count: number, pageSize: number): Promise<{ pages: number[]; keys: string[] }> {
  const db = await storeHolding(name, count);
  const pages: number[] = [];
  const keys: string[] = [];
  await eachPage(
    db.transaction('rows').store,
    (rows) => {
      pages.push(rows.length);
      for (const row of rows as Array<{ group: string; n: number }>) keys.push(`${row.group}${row.n}`);
    },
    pageSize,
  );
  db.close();
  return { pages, keys };
}

describe('walking a store a page at a time', () => {
  it('visits every row once, in key order, across pages of a compound key', async () => {
    const { pages, keys } = await pagesOf('paged-compound', 25, 10);
    expect(pages).toEqual([10, 10, 5]);
    expect(new Set(keys).size).toBe(25);
    expect(keys.slice(0, 3)).toEqual(['a0', 'a3', 'a6']);
  });

  it('asks once more after a store that fills its last page exactly, and once for an empty store', async () => {
    expect((await pagesOf('paged-exact', 20, 10)).pages).toEqual([10, 10, 0]);
    expect((await pagesOf('paged-empty', 0, 10)).pages).toEqual([0]);
  });
});
