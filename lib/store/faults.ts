/**
 * How storage fails underneath Overlap, in the words the rest of the code acts on:
 * - `quota`: the browser refused a write because Overlap's storage is full;
 * - `closed`: the database connection is gone (the database was deleted, or the browser closed it);
 * - `blocked`: an older Overlap page holds the database open at an older version, so it cannot be upgraded.
 */
export type StorageFaultKind = 'quota' | 'closed' | 'blocked';

/** A storage fault Overlap names itself (the upgrade it gave up on, a booking it could not keep). */
export class StorageFaultError extends Error {
  override readonly name = 'StorageFaultError';
  constructor(
    readonly kind: StorageFaultKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The fault behind an error thrown by IndexedDB (or by Overlap about it); undefined for anything else. */
export function storageFaultOf(error: unknown): StorageFaultKind | undefined {
  if (error instanceof StorageFaultError) return error.kind;
  if (typeof error !== 'object' || error === null || !('name' in error)) return undefined;
  switch ((error as { name: unknown }).name) {
    case 'QuotaExceededError':
      return 'quota';
    // "The database connection is closing", or a transaction on a connection already closed.
    case 'InvalidStateError':
    case 'TransactionInactiveError':
      return 'closed';
    default:
      return undefined;
  }
}

/**
 * What `work` answers, or `otherwise` when storage fails under it: for work a full or vanished
 * database may skip or answer less for, without failing what the user asked. Anything else that
 * goes wrong is no storage fault, so it is thrown.
 */
export async function unlessStorageFails<T, U = undefined>(work: () => Promise<T> | T, otherwise?: U): Promise<T | U> {
  try {
    return await work();
  } catch (error) {
    if (storageFaultOf(error)) return otherwise as U;
    throw error;
  }
}
