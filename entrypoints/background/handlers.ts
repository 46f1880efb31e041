import { browser } from 'wxt/browser';
import type { Handlers } from '@/lib/messaging/router';
import type { ReplyError } from '@/lib/messaging/protocol';
import { ConsentMissingError } from '@/lib/auth/access';
import { AuthError } from '@/lib/auth/types';
import { ProviderError } from '@/lib/providers/errors';
import { isSandboxBuild } from '@/lib/endpoints';
import type { Services } from './services';

export function createHandlers(services: () => Promise<Services>): Handlers {
  async function accountView(id: string) {
    const view = (await (await services()).access.overview()).find((account) => account.id === id);
    if (!view) throw new Error(`Account ${id} is not connected.`);
    return view;
  }
  return {
    'app.status': async () => ({ version: browser.runtime.getManifest().version, flavor: isSandboxBuild ? 'sandbox' : 'production' }),
    'permissions.overview': async () => ({ accounts: await (await services()).access.overview() }),
    'accounts.connect': async ({ provider }) => {
      const { account, missing } = await (await services()).access.connect(provider);
      return { account: await accountView(account.id), missing };
    },
    'accounts.disconnect': async ({ accountId }) => (await services()).access.disconnect(accountId),
    'features.set': async ({ accountId, feature, enabled }) => {
      const { account: _account, ...change } = await (await services()).access.setFeatureEnabled(accountId, feature, enabled);
      return change;
    },
    'ledger.list': async (query) => (await services()).ledger.list(query),
  };
}

/** Known failures become replies the pages can act on; anything else stays a generic failure. */
export function describeError(error: unknown): ReplyError | undefined {
  if (error instanceof ConsentMissingError) {
    return { code: 'consent-needed', message: error.message, detail: { provider: error.provider, feature: error.feature, missingScopes: error.missingScopes } };
  }
  if (error instanceof AuthError) return { code: 'auth-failed', message: error.message, detail: { provider: error.provider, kind: error.kind } };
  if (error instanceof ProviderError) {
    return { code: 'provider-failed', message: error.message, detail: { provider: error.provider, kind: error.kind, scope: error.scope, retryable: error.retryable } };
  }
  return undefined;
}
