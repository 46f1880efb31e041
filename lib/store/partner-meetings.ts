import { deleteAll } from './cursor';
import type { IDBPDatabase } from 'idb';
import { countMeeting } from './contacts';
import type { OverlapDB, PartnerMeetingRecord } from './db';

/** The meetings Overlap created (or is creating), keyed by the page's operation key. */
export class PartnerMeetings {
  constructor(private readonly db: IDBPDatabase<OverlapDB>) {}

  /**
   * Stores the intended meeting as `pending` unless a record with this key exists, in one
   * transaction: of two attempts with the same key, exactly one gets `created: true`.
   */
  async begin(record: PartnerMeetingRecord): Promise<{ record: PartnerMeetingRecord; created: boolean }> {
    const tx = this.db.transaction('partnerMeetings', 'readwrite');
    const existing = await tx.store.get(record.id);
    if (!existing) await tx.store.add(record);
    await tx.done;
    return existing ? { record: existing, created: false } : { record, created: true };
  }

  get(id: string): Promise<PartnerMeetingRecord | undefined> {
    return this.db.get('partnerMeetings', id);
  }

  async put(record: PartnerMeetingRecord): Promise<void> {
    await this.db.put('partnerMeetings', record);
  }

  /** Marks the meeting booked and counts its attendees as contacts, together or not at all. */
  async recordBooked(record: PartnerMeetingRecord): Promise<void> {
    const tx = this.db.transaction(['partnerMeetings', 'contacts'], 'readwrite');
    await tx.objectStore('partnerMeetings').put(record);
    await countMeeting(tx.objectStore('contacts'), record.accountId, record.attendees, record.updatedAt);
    await tx.done;
  }

  async remove(id: string): Promise<void> {
    await this.db.delete('partnerMeetings', id);
  }

  /** Newest first. */
  async list(): Promise<PartnerMeetingRecord[]> {
    const records = await this.db.getAllFromIndex('partnerMeetings', 'by-created');
    return records.reverse();
  }

  /**
   * Drops the meetings that ended before `endedBefore`, so the store stays bounded. Pending ones
   * stay whatever their age: the provider may hold them, and only the user may forget them.
   */
  async prune(endedBefore: string): Promise<number> {
    const tx = this.db.transaction('partnerMeetings', 'readwrite');
    const ended = (await tx.store.getAll()).filter((record) => record.status !== 'pending' && record.end < endedBefore);
    await Promise.all(ended.map((record) => tx.store.delete(record.id)));
    await tx.done;
    return ended.length;
  }

  async deleteAccount(accountId: string): Promise<number> {
    const tx = this.db.transaction('partnerMeetings', 'readwrite');
    const removed = await deleteAll(tx.store.index('by-account').openCursor(accountId));
    await tx.done;
    return removed;
  }
}
