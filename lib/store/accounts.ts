import type { IDBPDatabase } from 'idb';
import type { FeatureId, Provider } from '@/lib/auth/scopes';
import type { AccountRecord, OverlapDB } from './db';

export function accountId(provider: Provider, email: string): string {
  return `${provider}:${email.toLowerCase()}`;
}

export class Accounts {
  constructor(
    private readonly db: IDBPDatabase<OverlapDB>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async list(): Promise<AccountRecord[]> {
    const all = await this.db.getAll('accounts');
    return all.sort((a, b) => a.connectedAt.localeCompare(b.connectedAt) || a.id.localeCompare(b.id));
  }

  get(id: string): Promise<AccountRecord | undefined> {
    return this.db.get('accounts', id);
  }

  /**
   * Records what the provider just reported as granted. The granted set replaces the old one,
   * because at Google a new token carries every scope of the grant and at Microsoft the answer
   * lists what this token holds: an unticked scope must disappear, not linger.
   */
  async recordGrant(update: {
    provider: Provider;
    email: string;
    displayName?: string;
    grantedScopes: readonly string[];
    enableFeature?: FeatureId;
  }): Promise<AccountRecord> {
    const id = accountId(update.provider, update.email);
    const tx = this.db.transaction('accounts', 'readwrite');
    const existing = await tx.store.get(id);
    const at = this.now().toISOString();
    const enabled = new Set(existing?.enabledFeatures ?? []);
    if (update.enableFeature) enabled.add(update.enableFeature);
    const record: AccountRecord = {
      id,
      provider: update.provider,
      email: update.email.toLowerCase(),
      displayName: update.displayName ?? existing?.displayName,
      grantedScopes: [...new Set(update.grantedScopes)].sort(),
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
    const existing = await tx.store.get(id);
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
