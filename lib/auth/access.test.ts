import { describe, expect, it } from 'vitest';
import { Accounts } from '@/lib/store/accounts';
import { openOverlapDB } from '@/lib/store/db';
import { Ledger } from '@/lib/store/ledger';
import { AccessManager, ConsentMissingError } from './access';
import { googleScope } from './scopes';
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

async function managerWith(google: ProviderAuth, dbName: string) {
  const db = await openOverlapDB(dbName);
  const ledger = new Ledger(db);
  const manager = new AccessManager({ google, microsoft: google }, new Accounts(db), ledger);
  return { manager, ledger };
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
});
