import type { IDBPDatabase } from 'idb';
import type { FeatureId, Provider } from '@/lib/auth/scopes';
import type { AccountRecord, OverlapDB } from './db';
import { accountRows, type Checked } from './records';

export function accountId(provider: Provider, email: string): string {
  return `${provider}:${email.toLowerCase()}`;
}

/**
 * The granted set after an answer that speaks only for the scopes it was asked for: what it
 * reports is granted, a scope it was asked for and left out was declined, and a recorded scope
 * it was not asked for keeps its state. Sorted, as the account record keeps it.
 */
export function scopesAfterAnswer(recorded: readonly string[], reported: readonly string[], answeredFor: readonly string[]): string[] {
  const kept = recorded.filter((scope) => !answeredFor.includes(scope));
  return [...new Set([...kept, ...reported])].sort();
}

export class Accounts {
  constructor(
    private readonly db: IDBPDatabase<OverlapDB>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async list(): Promise<AccountRecord[]> {
    return (await this.read()).records;
  }

  /** Every usable account, oldest connection first, and how many rows were too damaged to use. */
  async read(): Promise<Checked<AccountRecord>> {
    const checked = accountRows.all(await this.db.getAll('accounts'));
    checked.records.sort((a, b) => a.connectedAt.localeCompare(b.connectedAt) || a.id.localeCompare(b.id));
    return checked;
  }

  /** How many rows `read` would leave out as damaged, counted without reading the rest into memory. */
  damaged(): Promise<number> {
    return accountRows.countDamaged(this.db.transaction('accounts').store);
  }

  /** A damaged row reads as no account: the user connects it again, which writes a good one. */
  async get(id: string): Promise<AccountRecord | undefined> {
    return accountRows.one(await this.db.get('accounts', id));
  }

  /**
   * Records what the provider just reported as granted. Without `answeredFor` the granted set
   * replaces the old one: at Google a new token carries every scope of the grant, so an unticked
   * or withdrawn scope must disappear, not linger. With it, the answer speaks only for those
   * scopes and the others keep their recorded state (see `scopesAfterAnswer`); the merge happens
   * inside the write, so two answers for different features arriving together both count.
   */
  async recordGrant(update: {
    provider: Provider;
    email: string;
    displayName?: string;
    grantedScopes: readonly string[];
    /** The scopes the answer was asked for, when it says nothing about the others. */
    answeredFor?: readonly string[];
    enableFeature?: FeatureId;
  }): Promise<AccountRecord> {
    const id = accountId(update.provider, update.email);
    const tx = this.db.transaction('accounts', 'readwrite');
    const existing = accountRows.one(await tx.store.get(id));
    const at = this.now().toISOString();
    const enabled = new Set(existing?.enabledFeatures ?? []);
    if (update.enableFeature) enabled.add(update.enableFeature);
    const record: AccountRecord = {
      id,
      provider: update.provider,
      email: update.email.toLowerCase(),
      displayName: update.displayName ?? existing?.displayName,
      grantedScopes: update.answeredFor ? scopesAfterAnswer(existing?.grantedScopes ?? [], update.grantedScopes, update.answeredFor) : [...new Set(update.grantedScopes)].sort(),
      enabledFeatures: [...enabled].sort(),
      connectedAt: existing?.connectedAt ?? at,
      updatedAt: at,
    };
    await tx.store.put(record);
    await tx.done;
    return record;
  }

  async setFeatureEnabled(id: string, feature: FeatureId, enabled: boolean): Promise<AccountRecord> {
    const tx = this.db.transaction('accounts', 'readwrite');
    const existing = accountRows.one(await tx.store.get(id));
    if (!existing) throw new Error(`No connected account "${id}".`);
    const features = new Set(existing.enabledFeatures);
    if (enabled) features.add(feature);
    else features.delete(feature);
    const record = { ...existing, enabledFeatures: [...features].sort(), updatedAt: this.now().toISOString() };
    await tx.store.put(record);
    await tx.done;
    return record;
  }

  async remove(id: string): Promise<void> {
    await this.db.delete('accounts', id);
  }
}
