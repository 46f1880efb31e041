import { deleteAll } from './cursor';
import type { IDBPDatabase, IDBPObjectStore, StoreNames } from 'idb';
import type { Contact } from '@/lib/meetings/types';
import type { ContactRecord, OverlapDB } from './db';
import { contactRows, type Checked } from './records';

type ContactsWrite = IDBPObjectStore<OverlapDB, ArrayLike<StoreNames<OverlapDB>>, 'contacts', 'readwrite'>;

/**
 * How many people-met-before records (one per account and person) the device keeps: plenty for
 * suggestions, and a bound so years of meetings do not grow a store of other people's addresses
 * without end.
 */
export const maxContacts = 1000;

/**
 * Counts one more meeting with each attendee, inside the caller's transaction, so a booking and
 * its suggestions are recorded together or not at all. Past `limit` people, those met longest
 * ago are forgotten.
 */
export async function countMeeting(store: ContactsWrite, accountId: string, attendees: { email: string; name?: string }[], at: string, limit = maxContacts): Promise<void> {
  for (const attendee of attendees) {
    const email = attendee.email.toLowerCase();
    // A damaged row is replaced by a good one that counts this meeting.
    const existing = contactRows.one(await store.get([accountId, email]));
    const name = attendee.name?.trim() || existing?.name;
    const record: ContactRecord = {
      accountId,
      email,
      ...(name ? { name } : {}),
      meetings: (existing?.meetings ?? 0) + 1,
      lastMetAt: existing && existing.lastMetAt > at ? existing.lastMetAt : at,
    };
    await store.put(record);
  }
  await forgetLongestAgo(store, limit);
}

async function forgetLongestAgo(store: ContactsWrite, limit: number): Promise<void> {
  const excess = (await store.count()) - limit;
  if (excess <= 0) return;
  const all = await store.getAll();
  // Damaged rows go first: they suggest no one, and would otherwise hold a place forever.
  const oldest = [...all.filter((row) => !contactRows.is(row)), ...contactRows.all(all).records.sort((a, b) => a.lastMetAt.localeCompare(b.lastMetAt) || a.email.localeCompare(b.email))].slice(0, excess);
  for (const contact of oldest) await store.delete([contact.accountId, contact.email]);
}

/** People the user met through Overlap, suggested while typing participants. */
export class Contacts {
  constructor(private readonly db: IDBPDatabase<OverlapDB>) {}

  /**
   * People whose address, or any word of whose name, starts with the query; ranked by how many
   * meetings they were in, then by how recently. One entry per person across accounts.
   */
  async suggest(query: string, limit = 8): Promise<Contact[]> {
    const needle = query.trim().toLowerCase();
    const byEmail = new Map<string, Contact>();
    for (const record of (await this.read()).records) {
      if (needle && !matches(record, needle)) continue;
      const known = byEmail.get(record.email);
      if (!known) {
        byEmail.set(record.email, { email: record.email, ...(record.name ? { name: record.name } : {}), meetings: record.meetings, lastMetAt: record.lastMetAt });
        continue;
      }
      const newer = record.lastMetAt > known.lastMetAt;
      // The name seen most recently wins: people fix how their name is written.
      const name = newer ? (record.name ?? known.name) : (known.name ?? record.name);
      byEmail.set(record.email, {
        email: record.email,
        ...(name ? { name } : {}),
        meetings: known.meetings + record.meetings,
        lastMetAt: newer ? record.lastMetAt : known.lastMetAt,
      });
    }
    return [...byEmail.values()]
      .sort((a, b) => b.meetings - a.meetings || b.lastMetAt.localeCompare(a.lastMetAt) || a.email.localeCompare(b.email))
      .slice(0, limit);
  }

  /** Every usable row, and how many were too damaged to suggest. */
  async read(): Promise<Checked<ContactRecord>> {
    return contactRows.all(await this.db.getAll('contacts'));
  }

  /** How many rows `read` would leave out as damaged, counted without reading the rest into memory. */
  damaged(): Promise<number> {
    return contactRows.countDamaged(this.db.transaction('contacts').store);
  }

  async deleteAccount(accountId: string): Promise<number> {
    const tx = this.db.transaction('contacts', 'readwrite');
    const removed = await deleteAll(tx.store.index('by-account').openCursor(accountId));
    await tx.done;
    return removed;
  }
}

function matches(record: ContactRecord, needle: string): boolean {
  if (record.email.startsWith(needle)) return true;
  return (record.name ?? '')
    .toLowerCase()
    .split(/[\s.,'’-]+/)
    .some((word) => word.startsWith(needle)) || (record.name ?? '').toLowerCase().startsWith(needle);
}
