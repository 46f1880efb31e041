import { deleteAll } from './cursor';
import type { IDBPDatabase } from 'idb';
import { countMeeting } from './contacts';
import type { OverlapDB, PartnerMeetingRecord } from './db';
import { meetingRows, type Checked } from './records';

/** The order every meetings list answers in: newest created first, by key among those of one instant so the order is stable. */
export const newestMeetingFirst = (a: PartnerMeetingRecord, b: PartnerMeetingRecord): number => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);

/** The meetings Overlap created (or is creating), keyed by the page's operation key. */
export class PartnerMeetings {
  constructor(private readonly db: IDBPDatabase<OverlapDB>) {}

  /**
   * Stores the intended meeting as `pending` unless a record with this key exists, in one
   * transaction: of two attempts with the same key, exactly one gets `created: true`. A damaged
   * record under the key is replaced by the intent at hand: the provider side is idempotent by
   * the same key, so sending it again finishes whatever the damaged record stood for, once.
   */
  async begin(record: PartnerMeetingRecord): Promise<{ record: PartnerMeetingRecord; created: boolean }> {
    const tx = this.db.transaction('partnerMeetings', 'readwrite');
    const existing = meetingRows.one(await tx.store.get(record.id));
    if (!existing) await tx.store.put(record);
    await tx.done;
    return existing ? { record: existing, created: false } : { record, created: true };
  }

  /** A damaged record reads as none. */
  async get(id: string): Promise<PartnerMeetingRecord | undefined> {
    return meetingRows.one(await this.db.get('partnerMeetings', id));
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

  /** Newest first, and how many records were too damaged to show. */
  async list(): Promise<Checked<PartnerMeetingRecord>> {
    const checked = meetingRows.all(await this.db.getAll('partnerMeetings'));
    checked.records.sort(newestMeetingFirst);
    return checked;
  }

  /** How many records `list` would leave out as damaged, counted without reading the rest into memory. */
  damaged(): Promise<number> {
    return meetingRows.countDamaged(this.db.transaction('partnerMeetings').store);
  }

  /**
   * Drops the meetings that ended before `endedBefore`, so the store stays bounded. Pending ones
   * stay whatever their age: the provider may hold them, and only the user may forget them.
   */
  async prune(endedBefore: string): Promise<number> {
    const tx = this.db.transaction('partnerMeetings', 'readwrite');
    // Damaged records stay: one may stand for a pending booking, which only the user may forget.
    const ended = meetingRows.all(await tx.store.getAll()).records.filter((record) => record.status !== 'pending' && record.end < endedBefore);
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
