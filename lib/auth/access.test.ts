import { describe, expect, it } from 'vitest';
import { Accounts } from '@/lib/store/accounts';
import { openOverlapDB } from '@/lib/store/db';
import { Ledger } from '@/lib/store/ledger';
import { AccessManager, ConsentMissingError } from './access';
import { googleScope, microsoftScope, scopesFor } from './scopes';
import type { AuthorizeRequest, Grant, ProviderAuth } from './types';

/**
 * A provider that grants what it is asked on top of everything granted before
 * (`include_granted_scopes`), listing scopes in its own order, as Google does.
 */
function fakeGoogle(decline: string[] = []): ProviderAuth & { requests: AuthorizeRequest[] } {
  const requests: AuthorizeRequest[] = [];
  const grant = new Set<string>();
  return {
    provider: 'google',
    requests,
    async authorize(request): Promise<Grant> {
      requests.push(request);
      for (const scope of request.scopes) if (!decline.includes(scope)) grant.add(scope);
      return { provider: 'google', email: request.email ?? 'ana.lima@northwind.example', accessToken: 'token', grantedScopes: [...grant].reverse(), expiresAt: Date.now() + 3_600_000 };
    },
    async revoke() {
      return { revokedAtProvider: true, explanation: '' };
    },
  };
}

/**
 * A Microsoft sign-in whose token lists only the scopes it was asked for (less any declined),
 * the narrowest answer Entra gives, with each answer held back until `release` is called.
 */
function fakeMicrosoft(decline: string[] = []): ProviderAuth & { release(): void } {
  const held: (() => void)[] = [];
  return {
    provider: 'microsoft',
    release: () => held.splice(0).forEach((resume) => resume()),
    async authorize(request): Promise<Grant> {
      await new Promise<void>((resume) => held.push(resume));
      const grantedScopes = request.scopes.filter((scope) => !decline.includes(scope));
      return { provider: 'microsoft', email: request.email ?? 'isla.mcdonald@contoso.example', accessToken: grantedScopes.join(' '), grantedScopes, expiresAt: Date.now() + 3_600_000 };
    },
    async revoke() {
      return { revokedAtProvider: false, explanation: '' };
    },
  };
}

async function managerWith(google: ProviderAuth, dbName: string, microsoft: ProviderAuth = google) {
  const db = await openOverlapDB(dbName);
  const ledger = new Ledger(db);
  const accounts = new Accounts(db);
  const manager = new AccessManager({ google, microsoft }, accounts, ledger);
  return { manager, ledger, accounts };
}

/** Runs `call` while answering every sign-in it waits for. */
async function answered<T>(microsoft: { release(): void }, call: Promise<T>): Promise<T> {
  const timer = setInterval(() => microsoft.release(), 1);
  try {
    return await call;
  } finally {
    clearInterval(timer);
  }
}

describe('the access manager', () => {
  it('records a sign-in once when a feature is first used, not again for every call that reuses the token', async () => {
    const { manager, ledger } = await managerWith(fakeGoogle(), 'access-1');
    const { account } = await manager.connect('google');
    await manager.grantFor(account.id, 'find-times', { interactive: false });
    await manager.grantFor(account.id, 'find-times', { interactive: false });
    await manager.grantFor(account.id, 'book-meetings', { interactive: true });
    await manager.grantFor(account.id, 'book-meetings', { interactive: false });
    await manager.grantFor(account.id, 'find-times', { interactive: false });
    const signIns = (await ledger.list()).filter((entry) => entry.operation === 'sign-in');
    expect(signIns.map((entry) => entry.feature).sort()).toEqual(['book-meetings', 'find-times']);
  });

  it('names the declined scope when the provider grants less than the feature needs', async () => {
    const { manager } = await managerWith(fakeGoogle([googleScope.ownedEvents]), 'access-2');
    const { account } = await manager.connect('google');
    const refusal = await manager.grantFor(account.id, 'book-meetings', { interactive: true }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ConsentMissingError);
    expect((refusal as ConsentMissingError).missingScopes).toEqual([googleScope.ownedEvents]);
  });

  it('shows the identity scopes as last used at the latest sign-in, and the free/busy scope as never used before any search', async () => {
    const { manager } = await managerWith(fakeGoogle(), 'access-3');
    await manager.connect('google');
    const [view] = await manager.overview();
    const lastUsed = Object.fromEntries(view!.granted.map((scope) => [scope.scope, scope.lastUsed]));
    expect(lastUsed.openid).toEqual(expect.any(String));
    expect(lastUsed.email).toBe(lastUsed.openid);
    expect(lastUsed[googleScope.freeBusy]).toBeUndefined();
  });

  it('keeps the calendar scopes a Microsoft account granted for finding times when it consents to Teams links with a token that lists only those', async () => {
    const microsoft = fakeMicrosoft();
    const { manager, ledger, accounts } = await managerWith(fakeGoogle(), 'access-4', microsoft);
    const { account } = await answered(microsoft, manager.connect('microsoft'));
    await answered(microsoft, manager.grantFor(account.id, 'teams-link-for-google', { interactive: true }));
    await answered(microsoft, manager.grantFor(account.id, 'find-times', { interactive: false, forceRefresh: true }));
    expect((await accounts.get(account.id))!.grantedScopes).toEqual(expect.arrayContaining([microsoftScope.calendarsReadBasic, microsoftScope.onlineMeetings]));
    const signIns = (await ledger.list()).filter((entry) => entry.operation === 'sign-in');
    expect(signIns.map((entry) => entry.feature).sort()).toEqual(['find-times', 'teams-link-for-google']);
  });

  it('drops a Microsoft scope the user declined when asked for it, and keeps the ones granted before', async () => {
    const microsoft = fakeMicrosoft([microsoftScope.onlineMeetings]);
    const { manager, accounts } = await managerWith(fakeGoogle(), 'access-5', microsoft);
    const { account } = await answered(microsoft, manager.connect('microsoft'));
    const refusal = await answered(microsoft, manager.grantFor(account.id, 'teams-link-for-google', { interactive: true })).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ConsentMissingError);
    expect((await accounts.get(account.id))!.grantedScopes).toEqual([...scopesFor('microsoft', ['identify-account', 'find-times'])].sort());
  });

  it('records both features when a Microsoft account answers for two of them at once', async () => {
    const microsoft = fakeMicrosoft();
    const { manager, accounts } = await managerWith(fakeGoogle(), 'access-6', microsoft);
    const { account } = await answered(microsoft, manager.connect('microsoft'));
    const both = Promise.all([
      manager.grantFor(account.id, 'teams-link-for-google', { interactive: true }),
      manager.grantFor(account.id, 'read-time-zone', { interactive: true }),
    ]);
    await answered(microsoft, both);
    const granted = (await accounts.get(account.id))!.grantedScopes;
    expect(granted).toEqual(expect.arrayContaining([microsoftScope.calendarsReadBasic, microsoftScope.onlineMeetings, ...scopesFor('microsoft', ['read-time-zone'])]));
  });
});
