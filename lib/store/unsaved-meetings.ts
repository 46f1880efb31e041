import type { SessionArea } from '@/lib/auth/token-vault';
import type { PartnerMeetingRecord } from './db';
import { StorageFaultError, storageFaultOf, unlessStorageFails } from './faults';
import { newestMeetingFirst, type PartnerMeetings } from './partner-meetings';
import { meetingRows, type Checked } from './records';

const MIRROR_KEY = 'unsavedMeetings';

/**
 * The meetings IndexedDB may not hold in their latest state, mirrored in `storage.session`: every
 * booking while it is pending, and any meeting whose last write IndexedDB refused (storage full,
 * database deleted under the worker). The session area is separate from IndexedDB and survives
 * the worker being stopped, so what was in flight is written into IndexedDB on the next start.
 * It is cleared when the browser quits, so a meeting held only here is reported to the user as
 * "not saved on this device" with its event link when it is booked.
 */
class SessionMirror {
  /** Writes one at a time: each is a read and a write of the whole mirror. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly area: SessionArea) {}

  async all(): Promise<PartnerMeetingRecord[]> {
    const stored = (await this.area.get(MIRROR_KEY))[MIRROR_KEY];
    return Array.isArray(stored) ? meetingRows.all(stored).records : [];
  }

  /** What the mirror holds, or nothing when the session area cannot be read: a backup that fails must not fail what it backs up. */
  allIfReadable(): Promise<PartnerMeetingRecord[]> {
    return this.all().catch(() => []);
  }

  hold(record: PartnerMeetingRecord): Promise<void> {
    return this.change((held) => [...held.filter((other) => other.id !== record.id), record]);
  }

  /** Holds the record, and says whether it could: a booking goes on when only IndexedDB keeps it. */
  tryHold(record: PartnerMeetingRecord): Promise<boolean> {
    return this.hold(record).then(
      () => true,
      () => false,
    );
  }

  release(ids: readonly string[]): Promise<void> {
    return this.change((held) => held.filter((other) => !ids.includes(other.id)));
  }

  private change(next: (held: PartnerMeetingRecord[]) => PartnerMeetingRecord[]): Promise<void> {
    const run = this.queue.then(async () => {
      const held = next(await this.all());
      await (held.length ? this.area.set({ [MIRROR_KEY]: held }) : this.area.remove(MIRROR_KEY));
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

const newer = (a: PartnerMeetingRecord, b: PartnerMeetingRecord | undefined) => !b || a.updatedAt >= b.updatedAt;

/**
 * The booking's view of the meetings store: IndexedDB, with the session mirror under it. A write
 * goes to the mirror first and then to IndexedDB; when IndexedDB refuses it for a storage fault
 * the write answers `false` ("not saved on this device") instead of failing a booking the
 * provider may already hold. Only when both refuse does the write fail. A read IndexedDB refuses
 * for a storage fault answers what the mirror has: the database may be gone or full.
 */
export class MirroredMeetings {
  private readonly mirror: SessionMirror;
  private restoring: Promise<number> | undefined;

  constructor(
    private readonly saved: PartnerMeetings,
    area: SessionArea,
  ) {
    this.mirror = new SessionMirror(area);
  }

  /** See {@link PartnerMeetings.begin}; a booking IndexedDB cannot store goes on from the mirror. */
  async begin(record: PartnerMeetingRecord): Promise<{ record: PartnerMeetingRecord; created: boolean }> {
    const held = (await this.mirror.allIfReadable()).find((other) => other.id === record.id);
    if (held) return { record: held, created: false };
    const mirrored = await this.mirror.tryHold(record);
    try {
      const begun = await this.saved.begin(record);
      if (!begun.created && mirrored) await this.mirror.hold(begun.record).catch(() => undefined);
      return begun;
    } catch (error) {
      // Begun in the mirror alone: within this browser session nothing else can take its key.
      if (mirrored && storageFaultOf(error)) return { record, created: true };
      throw this.unkept(error, mirrored);
    }
  }

  async get(id: string): Promise<PartnerMeetingRecord | undefined> {
    const [held, stored] = await Promise.all([this.mirror.allIfReadable(), unlessStorageFails(() => this.saved.get(id))]);
    const mirrored = held.find((record) => record.id === id);
    return mirrored && newer(mirrored, stored) ? mirrored : stored;
  }

  /** Stores a change; false when only the mirror holds it. */
  put(record: PartnerMeetingRecord): Promise<boolean> {
    return this.write(record, () => this.saved.put(record));
  }

  /** Records the booked meeting and its contacts; false when only the mirror holds it. */
  recordBooked(record: PartnerMeetingRecord): Promise<boolean> {
    return this.write(record, () => this.saved.recordBooked(record));
  }

  async remove(id: string): Promise<void> {
    await this.saved.remove(id);
    await this.mirror.release([id]).catch(() => undefined);
  }

  /** What IndexedDB holds, with what only the mirror holds (or holds newer) in its place. */
  async list(): Promise<Checked<PartnerMeetingRecord>> {
    await this.restore();
    const [held, stored] = await Promise.all([this.mirror.allIfReadable(), unlessStorageFails(() => this.saved.list(), { records: [], damaged: 0 })]);
    const byId = new Map(stored.records.map((record) => [record.id, record]));
    for (const record of held) if (newer(record, byId.get(record.id))) byId.set(record.id, record);
    return { records: [...byId.values()].sort(newestMeetingFirst), damaged: stored.damaged };
  }

  /** How many records `list` would leave out as damaged: counted after the same restore, and none when IndexedDB refuses the read. */
  async damaged(): Promise<number> {
    await this.restore();
    return unlessStorageFails(() => this.saved.damaged(), 0);
  }

  /** How many settled meetings only the mirror holds, once IndexedDB has been offered them again. */
  async unsaved(): Promise<number> {
    await this.restore();
    return (await this.mirror.all()).filter((record) => record.status !== 'pending').length;
  }

  prune(endedBefore: string): Promise<number> {
    return this.saved.prune(endedBefore);
  }

  async deleteAccount(accountId: string): Promise<number> {
    const held = await this.mirror.allIfReadable();
    await this.mirror.release(held.filter((record) => record.accountId === accountId).map((record) => record.id)).catch(() => undefined);
    return this.saved.deleteAccount(accountId);
  }

  /**
   * Writes what only the mirror holds into IndexedDB (on each start, and before each list): a
   * booked meeting through `recordBooked`, so its attendees count as contacts once. A record
   * IndexedDB holds in the same or a newer state is only let go; a pending one stays mirrored. Stops at the first refusal, and
   * says how many records it wrote. Callers at the same moment (a list and the health check the
   * popup sends together) share one run: two would both find a booking missing from IndexedDB and
   * both count its attendees.
   */
  restore(): Promise<number> {
    this.restoring ??= this.restoreHeld().finally(() => {
      this.restoring = undefined;
    });
    return this.restoring;
  }

  private async restoreHeld(): Promise<number> {
    const held = await this.mirror.allIfReadable();
    let written = 0;
    for (const record of held) {
      try {
        const stored = await this.saved.get(record.id);
        // The mirror is written first, so of two records of the same instant it holds the later one.
        const mirrorAhead = !stored || (record.updatedAt >= stored.updatedAt && JSON.stringify(record) !== JSON.stringify(stored));
        if (mirrorAhead) {
          // Settling a booking IndexedDB has as pending, or not at all, is when its contacts are counted.
          const settles = record.status !== 'pending' && (!stored || stored.status === 'pending');
          await (settles ? this.saved.recordBooked(record) : this.saved.put(record));
          written += 1;
        }
        if ((mirrorAhead ? record : stored).status !== 'pending') await this.mirror.release([record.id]);
      } catch (error) {
        if (storageFaultOf(error)) break;
        throw error;
      }
    }
    return written;
  }

  private async write(record: PartnerMeetingRecord, save: () => Promise<void>): Promise<boolean> {
    const mirrored = await this.mirror.tryHold(record);
    try {
      await save();
    } catch (error) {
      if (mirrored && storageFaultOf(error)) return false;
      throw this.unkept(error, mirrored);
    }
    if (record.status !== 'pending') await this.mirror.release([record.id]).catch(() => undefined);
    return true;
  }

  /** Neither IndexedDB nor the mirror kept the write: the booking must not go on. */
  private unkept(error: unknown, mirrored: boolean): unknown {
    const kind = storageFaultOf(error);
    if (mirrored || !kind) return error;
    return new StorageFaultError(kind, `Overlap could not keep a record of this booking (${error instanceof Error ? error.message : String(error)}).`, { cause: error });
  }
}
