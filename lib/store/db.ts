import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { FeatureId, Provider } from '@/lib/auth/scopes';

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

export interface OverlapDB extends DBSchema {
  accounts: { key: string; value: AccountRecord; indexes: { 'by-provider': Provider } };
  ledger: {
    key: number;
    value: LedgerEntry;
    indexes: { 'by-at': string; 'by-account-at': [string, string]; 'by-account-scope-at': [string, string, string] };
  };
}

export const DB_NAME = 'overlap';
export const DB_VERSION = 1;

/**
 * Opens (and on first use creates or upgrades) Overlap's database. Each version's step runs
 * once, in order, so a profile several versions behind is brought forward without data loss.
 */
export function openOverlapDB(name = DB_NAME): Promise<IDBPDatabase<OverlapDB>> {
  return openDB<OverlapDB>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        const accounts = db.createObjectStore('accounts', { keyPath: 'id' });
        accounts.createIndex('by-provider', 'provider');
        const ledger = db.createObjectStore('ledger', { keyPath: 'id', autoIncrement: true });
        ledger.createIndex('by-at', 'at');
        ledger.createIndex('by-account-at', ['accountId', 'at']);
        ledger.createIndex('by-account-scope-at', ['accountId', 'scope', 'at']);
      }
    },
  });
}
