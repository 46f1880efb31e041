import type { Accounts } from './accounts';
import type { Contacts } from './contacts';
import type { Ledger } from './ledger';
import type { MirroredMeetings } from './unsaved-meetings';

/** What the popup tells the user about storage that read or wrote less than it should. */
export interface StorageHealth {
  /** Rows each store left out because they were damaged on disk (preferences say so themselves). */
  damaged: { accounts: number; meetings: number; ledger: number; contacts: number };
  /** Booked meetings held only in the session mirror: IndexedDB still refuses them. */
  unsavedMeetings: number;
}

/**
 * Counts what each store's reads would leave out, through the same row checks, a page at a time:
 * the popup asks on every open, and a full ledger is thousands of rows it has no use for. A store
 * that cannot be read at all throws, as any request would.
 */
export async function readStorageHealth(stores: { accounts: Accounts; meetings: MirroredMeetings; ledger: Ledger; contacts: Contacts }): Promise<StorageHealth> {
  const [accounts, meetings, ledger, contacts, unsavedMeetings] = await Promise.all([
    stores.accounts.damaged(),
    stores.meetings.damaged(),
    stores.ledger.damaged(),
    stores.contacts.damaged(),
    stores.meetings.unsaved(),
  ]);
  return { damaged: { accounts, meetings, ledger, contacts }, unsavedMeetings };
}
