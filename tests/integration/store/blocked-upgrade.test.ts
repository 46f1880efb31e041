import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { describeError } from '@/entrypoints/background/handlers';
import { composeServices, servicesOnDemand } from '@/entrypoints/background/services';
import type { ProviderAuth } from '@/lib/auth/types';
import { endpoints } from '@/lib/endpoints';
import { t } from '@/lib/i18n';
import { DB_VERSION, openOverlapDB, upgradeGiveUpMs, type DatabaseLife } from '@/lib/store/db';
import { guidanceFor } from '@/lib/ui/errors';

/**
 * A blocked version upgrade: a page of the previous version holds the database open at version
 * 1 and never steps aside. The open gives up after a bounded wait with a message the user can act
 * on; nothing stored is lost, and once the old page is gone the next request opens the database.
 */
const noSignIn = (provider: ProviderAuth['provider']): ProviderAuth => ({
  provider,
  authorize: () => Promise.reject(new Error('No sign-in in this test.')),
  revoke: () => Promise.reject(new Error('No sign-in in this test.')),
});

/** The version-1 layout, opened as the old page did, with an account in it. */
async function oldPageHolding(name: string) {
  const v1 = await openDB(name, 1, {
    upgrade(db) {
      db.createObjectStore('accounts', { keyPath: 'id' }).createIndex('by-provider', 'provider');
      const ledger = db.createObjectStore('ledger', { keyPath: 'id', autoIncrement: true });
      ledger.createIndex('by-at', 'at');
      ledger.createIndex('by-account-at', ['accountId', 'at']);
      ledger.createIndex('by-account-scope-at', ['accountId', 'scope', 'at']);
    },
  });
  await v1.put('accounts', { id: 'google:ana@northwind.example', provider: 'google', email: 'ana@northwind.example', grantedScopes: ['email'], enabledFeatures: [], connectedAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z' });
  return v1;
}

describe('a blocked version upgrade', () => {
  it('gives up after about five seconds by default', () => {
    expect(upgradeGiveUpMs).toBe(5000);
  });

  it('answers a clear "close the older Overlap window" message after the give-up time, and opens with everything kept once the old page is gone', async () => {
    const name = 'overlap-blocked-upgrade';
    const oldPage = await oldPageHolding(name);
    const build = async (life: DatabaseLife) => composeServices({ db: await openOverlapDB(name, { ...life, giveUpAfterMs: 300 }), auth: { google: noSignIn('google'), microsoft: noSignIn('microsoft') }, urls: endpoints });
    const services = servicesOnDemand(build);

    const started = Date.now();
    const failure = await services().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    const reply = describeError(failure);
    expect(reply).toMatchObject({ code: 'handler-failed', detail: { kind: 'storage', fault: 'blocked' } });
    expect(guidanceFor({ reply }, 'find times').message).toBe(t('storage_blocked', { doing: 'find times' }));

    // The old page closes (the user closed it); the next request opens the upgraded database.
    oldPage.close();
    const recovered = await services();
    expect((await recovered.accounts.list()).map((account) => account.id)).toEqual(['google:ana@northwind.example']);
    expect(await recovered.preferences.get()).toMatchObject({ preferences: { defaultDurationMinutes: 30 } });
  });

  it('closes the connection that opens after it gave up, so it never blocks the next upgrade', async () => {
    const name = 'overlap-blocked-late';
    const oldPage = await oldPageHolding(name);
    await expect(openOverlapDB(name, { giveUpAfterMs: 100 })).rejects.toMatchObject({ name: 'StorageFaultError', kind: 'blocked' });
    oldPage.close();
    // The given-up open finished the upgrade in the background and closed itself: a newer open is not blocked.
    const next = await openDB(name, DB_VERSION);
    expect([...next.objectStoreNames]).toContain('partnerMeetings');
    expect(await next.getAllKeys('accounts')).toEqual(['google:ana@northwind.example']);
    next.close();
  });
});
