import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Provider } from '@/lib/auth/scopes';
import { scopesFor } from '@/lib/auth/scopes';
import type { Grant, ProviderAuth } from '@/lib/auth/types';
import type { IDBPDatabase } from 'idb';
import { openOverlapDB, type OverlapDB } from '@/lib/store/db';
import type { Handlers } from '@/lib/messaging/router';
import type { MessageType, RequestOf, ResponseOf } from '@/lib/messaging/protocol';
import { createHandlers } from '@/entrypoints/background/handlers';
import { composeServices, type Services } from '@/entrypoints/background/services';
import type { Sandbox } from '@/tests/sandbox/start';
import { signIn } from '../microsoft/oidc-login';

/**
 * Overlap's background as the extension builds it — stores, access manager, provider clients,
 * booking, cache and message handlers — against the running stand-ins. Only the sign-in windows
 * are replaced: tokens come from the stand-ins' identity services, for exactly the scopes asked.
 */

const identityOnly = new Set(['openid', 'profile', 'offline_access']);

export function sandboxAuth(sandbox: Sandbox): Record<Provider, ProviderAuth> {
  const grants = new Map<string, Grant>();
  const cached = async (provider: Provider, email: string, scopes: readonly string[], forceRefresh: boolean | undefined, mint: () => Promise<Grant>) => {
    const key = `${provider}|${email}|${[...scopes].sort().join(' ')}`;
    const known = grants.get(key);
    if (known && !forceRefresh) return known;
    const grant = await mint();
    grants.set(key, grant);
    return grant;
  };
  const forget = (provider: Provider, email: string) => {
    for (const key of grants.keys()) if (key.startsWith(`${provider}|${email}|`)) grants.delete(key);
  };
  return {
    google: {
      provider: 'google',
      authorize: ({ email, scopes, forceRefresh }) => {
        if (!email) throw new Error('The test world connects accounts by address.');
        return cached('google', email, scopes, forceRefresh, async () => ({
          provider: 'google',
          email,
          accessToken: sandbox.google.issueToken(email, [...scopes]),
          grantedScopes: [...scopes],
          expiresAt: Date.now() + 3_600_000,
        }));
      },
      revoke: async (email) => {
        forget('google', email);
        sandbox.google.revokeGrant(email);
        return { revokedAtProvider: true, explanation: 'Google withdrew the grant.' };
      },
    },
    microsoft: {
      provider: 'microsoft',
      authorize: ({ email, scopes, forceRefresh }) => {
        if (!email) throw new Error('The test world connects accounts by address.');
        return cached('microsoft', email, scopes, forceRefresh, async () => {
          sandbox.microsoft.setAutoSignIn(email, {});
          const login = await signIn({
            authority: sandbox.urls.microsoftAuthority,
            ca: sandbox.microsoft.identityCertificate,
            clientId: sandbox.microsoft.clientId,
            redirectUri: sandbox.microsoft.redirectUris[0]!,
            email,
            scopes: scopes.filter((scope) => !identityOnly.has(scope)),
          });
          return { provider: 'microsoft', email, accessToken: login.accessToken, grantedScopes: [...new Set([...login.scopes, ...identityOnly])], expiresAt: Date.now() + 3_600_000 };
        });
      },
      revoke: async (email) => {
        forget('microsoft', email);
        return { revokedAtProvider: false, explanation: 'Overlap forgot its tokens.' };
      },
    },
  };
}

let worlds = 0;

export interface World {
  services: Services;
  handlers: Handlers;
  call<T extends MessageType>(type: T, payload: RequestOf<T>): Promise<ResponseOf<T>>;
  /** Connects an account as if the user had used "find times" with it. */
  connect(provider: Provider, email: string): Promise<string>;
  clock: { now: Date };
  db: IDBPDatabase<OverlapDB>;
  /** A new worker over the same database: nothing in memory survives, everything stored does. */
  restart(): World;
}

export async function startWorld(sandbox: Sandbox, now: Date, databaseName = `overlap-meetings-${++worlds}`): Promise<World> {
  fakeBrowser.reset();
  const db = await openOverlapDB(databaseName);
  const clock = { now };
  const build = (): World => {
    const services = composeServices({
      db,
      auth: sandboxAuth(sandbox),
      urls: sandbox.urls,
      // No real waiting in tests: backoff and Meet-link polling sleep for no time.
      tuning: { google: { sleep: async () => {}, timeoutMs: 3_000, conferenceWaitMs: 8_000 }, microsoft: { sleep: async () => {}, timeoutMs: 3_000 } },
      now: () => clock.now,
    });
    const handlers = createHandlers(async () => services);
    return {
      services,
      handlers,
      clock,
      db,
      call: (type, payload) => (handlers[type] as (payload: unknown, sender: { kind: 'extension-page' }) => Promise<never>)(payload, { kind: 'extension-page' }),
      connect: async (provider, email) => {
        const account = await services.accounts.recordGrant({ provider, email, grantedScopes: scopesFor(provider, ['identify-account', 'find-times']), enableFeature: 'find-times' });
        return account.id;
      },
      restart: build,
    };
  };
  return build();
}
