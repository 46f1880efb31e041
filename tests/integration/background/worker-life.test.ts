import { deleteDB, openDB, unwrap } from 'idb';
import { forceCloseDatabase } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { composeServices, servicesOnDemand } from '@/entrypoints/background/services';
import type { ProviderAuth } from '@/lib/auth/types';
import { endpoints } from '@/lib/endpoints';
import { DB_NAME, DB_VERSION, openOverlapDB, type DatabaseLife } from '@/lib/store/db';

/** No test here signs in; the database's life is what is under test. */
const noSignIn = (provider: ProviderAuth['provider']): ProviderAuth => ({
  provider,
  authorize: () => Promise.reject(new Error('No sign-in in this test.')),
  revoke: () => Promise.reject(new Error('No sign-in in this test.')),
});

/** What `createServices` builds, minus the browser's sign-in windows. */
const build = async (life: DatabaseLife) =>
  composeServices({ db: await openOverlapDB(DB_NAME, life), auth: { google: noSignIn('google'), microsoft: noSignIn('microsoft') }, urls: endpoints });

beforeEach(async () => {
  fakeBrowser.reset();
  await deleteDB(DB_NAME);
});

/** The background's services across one service-worker life, on the real database code. */
describe('the background over one worker life', () => {
  it('opens the database again on the next request after an open failed, instead of failing until the worker restarts', async () => {
    // A database this version cannot open (a newer Overlap left it behind): the first open fails.
    (await openDB(DB_NAME, DB_VERSION + 1)).close();
    const services = servicesOnDemand(build);
    await expect(services()).rejects.toMatchObject({ name: 'VersionError' });
    await deleteDB(DB_NAME);
    const recovered = await services();
    expect(await recovered.accounts.list()).toEqual([]);
  });

  it('closes its connection when a newer version upgrades the database, and builds its services anew on the next request', async () => {
    const services = servicesOnDemand(build);
    const first = await services();
    await first.accounts.recordGrant({ provider: 'google', email: 'ana@northwind.example', grantedScopes: ['email'] });
    const upgrade = openDB(DB_NAME, DB_VERSION + 1);
    const outcome = await Promise.race([upgrade.then(() => 'upgraded'), new Promise((resolve) => setTimeout(resolve, 2_000, 'still blocked'))]);
    expect(outcome).toBe('upgraded');
    (await upgrade).close();
    // The next request does not reuse the closed connection: it opens again (and this older version cannot).
    await expect(services()).rejects.toMatchObject({ name: 'VersionError' });
  });

  it('says its connection is gone when the browser terminates it', async () => {
    let closed = 0;
    const db = await openOverlapDB('overlap-terminated', { onClosed: () => (closed += 1) });
    // fake-indexeddb types the parameter as its database class rather than an instance of it.
    forceCloseDatabase(unwrap(db) as unknown as Parameters<typeof forceCloseDatabase>[0]);
    expect(closed).toBe(1);
  });
});
