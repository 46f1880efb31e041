import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { FeatureId, Provider } from '@/lib/auth/scopes';
import type { PartnerMeeting } from '@/lib/meetings/types';
import type { PackedBusy } from '@/lib/schedule/packed-busy';
import type { WorkingHours } from '@/lib/schedule';
import { StorageFaultError } from './faults';

/** A connected account as remembered on this device: never a token, only who and what was granted. */
export interface AccountRecord {
  /** `${provider}:${email}` — stable, readable, unique per provider. */
  id: string;
  provider: Provider;
  email: string;
  displayName?: string;
  /** Scopes the provider reported as granted in its latest answer, never assumed from the request. */
  grantedScopes: string[];
  /** Features the user has used (and so consented to) with this account and not turned off. */
  enabledFeatures: FeatureId[];
  connectedAt: string;
  updatedAt: string;
}

export type LedgerOutcome = 'ok' | 'error';

/** One provider call. Deliberately without tokens, titles, descriptions or attendee lists. */
export interface LedgerEntry {
  id?: number;
  at: string;
  accountId: string;
  provider: Provider;
  /** e.g. `freeBusy.query`, `events.insert`, `token.renew` */
  operation: string;
  /** The scope that authorised the call, or the scopes asked for on a token request. */
  scope: string;
  feature: FeatureId;
  outcome: LedgerOutcome;
  /** HTTP status or error kind, to explain a failure without its body. */
  detail?: string;
  durationMs?: number;
}

/**
 * One person's availability for one UTC day as one account saw it. Keyed by account, person and
 * day — never by or with a token — so a disconnect can drop exactly that account's entries.
 */
export interface FreeBusyCacheEntry {
  /** `${accountId}|${email}|${day}` */
  key: string;
  accountId: string;
  email: string;
  /** `YYYY-MM-DD`, a UTC day. */
  day: string;
  cachedAt: string;
  /**
   * Busy intervals overlapping the day, unclipped, so a multi-day event keeps its true span;
   * packed into columns (lib/schedule/packed-busy.ts) so a search reads numbers, not strings.
   */
  busy: PackedBusy;
  timeZone?: string;
  workingHours?: WorkingHours;
}

/** Someone the user met through Overlap, per account so a disconnect removes them with it. */
export interface ContactRecord {
  accountId: string;
  email: string;
  name?: string;
  meetings: number;
  lastMetAt: string;
}

export interface OverlapDB extends DBSchema {
  accounts: { key: string; value: AccountRecord; indexes: { 'by-provider': Provider } };
  ledger: {
    key: number;
    value: LedgerEntry;
    indexes: { 'by-at': string; 'by-account-at': [string, string]; 'by-account-scope-at': [string, string, string]; 'by-account-operation-at': [string, string, string] };
  };
  /**
   * Out-of-line keys: `current` holds the live record, `set-aside:<instant>` records that could
   * not be read. Values are whatever was stored, validated on read, because a record written by
   * another version (or damaged) must never be trusted by shape.
   */
  preferences: { key: string; value: unknown };
  partnerMeetings: { key: string; value: PartnerMeetingRecord; indexes: { 'by-account': string; 'by-created': string } };
  freeBusyCache: { key: string; value: FreeBusyCacheEntry; indexes: { 'by-account': string; 'by-email': string; 'by-cached': string } };
  contacts: { key: [string, string]; value: ContactRecord; indexes: { 'by-account': string; 'by-email': string } };
}

/** What a partner meeting's record holds beyond the page's view: the intent it was created for. */
export type PartnerMeetingRecord = PartnerMeeting & {
  /** A digest of the booking request, so a reused operation key for a different meeting is refused. */
  intent: string;
  description?: string;
  sendInvitations: boolean;
  /** The other provider's account that makes the call link (Teams on a Google meeting, Meet on an Outlook one). */
  linkAccountId?: string;
  /** When the create request first left: from then on the provider may hold the event, so the record is never dropped unchecked. */
  sentAt?: string;
};

export const DB_NAME = 'overlap';
export const DB_VERSION = 4;

export interface DatabaseLife {
  /**
   * The connection is gone: closed so a newer version of Overlap can upgrade the database, or
   * terminated by the browser (storage cleared, disk error). The next use must open a new one.
   */
  onClosed?: () => void;
  /** How long an upgrade waits for an older connection to close before giving up; see {@link upgradeGiveUpMs}. */
  giveUpAfterMs?: number;
}

/**
 * An older connection that does not step aside (a page of the previous version, frozen or
 * stuck) blocks an upgrade for as long as it stays open. After this long the open gives up with
 * a `blocked` fault the user can act on (close the old page) instead of every request hanging;
 * the database is untouched, and the next request tries again.
 */
export const upgradeGiveUpMs = 5000;

/**
 * Opens (and on first use creates or upgrades) Overlap's database. Each version's step runs
 * once, in order, so a profile several versions behind is brought forward without data loss.
 */
export async function openOverlapDB(name = DB_NAME, life: DatabaseLife = {}): Promise<IDBPDatabase<OverlapDB>> {
  let opened: IDBPDatabase<OverlapDB> | undefined;
  let gaveUp = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let giveUp: (error: Error) => void = () => undefined;
  const surrender = new Promise<never>((_, reject) => (giveUp = reject));
  const opening = openDB<OverlapDB>(name, DB_VERSION, {
    blocked(currentVersion, blockedVersion) {
      // An older connection (an updated extension's previous worker) still holds the database;
      // its `blocking` handler closes it, and this open then goes on by itself.
      console.warn(`Overlap: waiting for an older connection to close before upgrading the database from version ${currentVersion} to ${blockedVersion}.`);
      timer ??= setTimeout(() => {
        gaveUp = true;
        giveUp(new StorageFaultError('blocked', `An older connection kept the database at version ${currentVersion} open for ${life.giveUpAfterMs ?? upgradeGiveUpMs} ms, so it could not be upgraded to version ${blockedVersion}.`));
      }, life.giveUpAfterMs ?? upgradeGiveUpMs);
    },
    blocking() {
      // A newer version wants to upgrade, or the database is being deleted: step aside rather than block it.
      opened?.close();
      life.onClosed?.();
    },
    terminated() {
      life.onClosed?.();
    },
    upgrade(db, oldVersion, _newVersion, transaction) {
      if (oldVersion < 1) {
        const accounts = db.createObjectStore('accounts', { keyPath: 'id' });
        accounts.createIndex('by-provider', 'provider');
        const ledger = db.createObjectStore('ledger', { keyPath: 'id', autoIncrement: true });
        ledger.createIndex('by-at', 'at');
        ledger.createIndex('by-account-at', ['accountId', 'at']);
        ledger.createIndex('by-account-scope-at', ['accountId', 'scope', 'at']);
      }
      if (oldVersion < 2) {
        db.createObjectStore('preferences');
        const meetings = db.createObjectStore('partnerMeetings', { keyPath: 'id' });
        meetings.createIndex('by-account', 'accountId');
        meetings.createIndex('by-created', 'createdAt');
        const cache = db.createObjectStore('freeBusyCache', { keyPath: 'key' });
        cache.createIndex('by-account', 'accountId');
        cache.createIndex('by-email', 'email');
        cache.createIndex('by-cached', 'cachedAt');
        const contacts = db.createObjectStore('contacts', { keyPath: ['accountId', 'email'] });
        contacts.createIndex('by-account', 'accountId');
        contacts.createIndex('by-email', 'email');
      }
      if (oldVersion === 2) {
        // Version 3 keeps cached busy time packed into columns. The old rows are at most a working
        // day old and are asked for again on the next search; reading them as damaged would warn for nothing.
        void transaction.objectStore('freeBusyCache').clear();
      }
      if (oldVersion < 4) {
        // Every popup open asks for an account's last sign-in. Found through the account's rows, it
        // read the whole ledger once the sign-in was pruned or thousands of calls old (~300 ms at
        // the 5,000-row bound); this index answers it with one lookup.
        transaction.objectStore('ledger').createIndex('by-account-operation-at', ['accountId', 'operation', 'at']);
      }
    },
  });
  void opening.then(
    (db) => {
      clearTimeout(timer);
      // The old connection closed after all, too late for the request that gave up: nobody holds this one.
      if (gaveUp) db.close();
    },
    () => clearTimeout(timer),
  );
  opened = await Promise.race([opening, surrender]);
  return opened;
}
