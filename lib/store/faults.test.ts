import { describe, expect, it } from 'vitest';
import { StorageFaultError, unlessStorageFails } from './faults';

describe('work that a storage fault may skip', () => {
  it('answers what the work answers while storage works', async () => {
    expect(await unlessStorageFails(async () => 3, 0)).toBe(3);
  });

  it('answers the fallback, or undefined without one, when IndexedDB refuses for a full disk or a closed database', async () => {
    expect(await unlessStorageFails(() => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError')), 0)).toBe(0);
    expect(await unlessStorageFails(() => Promise.reject(new DOMException('The database connection is closing.', 'InvalidStateError')))).toBeUndefined();
    expect(await unlessStorageFails(() => Promise.reject(new StorageFaultError('blocked', 'An older connection kept the database open.')), 'skipped')).toBe('skipped');
  });

  it('throws any failure that is no storage fault, so a bug is never mistaken for a full disk', async () => {
    await expect(unlessStorageFails(() => Promise.reject(new TypeError('record.id is undefined')), 0)).rejects.toThrow(TypeError);
  });
});
