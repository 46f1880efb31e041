import { fakeBrowser } from 'wxt/testing/fake-browser';
import { GoogleAuth } from '@/lib/auth/google';
import type { IdentityPort } from '@/lib/auth/identity-port';
import type { Provider } from '@/lib/auth/scopes';
import { TokenVault, type SessionArea } from '@/lib/auth/token-vault';
import { scopesFor } from '@/lib/auth/scopes';
import type { Grant, ProviderAuth } from '@/lib/auth/types';
import type { IDBPDatabase } from 'idb';
import { openOverlapDB, type OverlapDB } from '@/lib/store/db';
import { Ledger } from '@/lib/store/ledger';
import type { Handlers } from '@/lib/messaging/router';
import type { MessageType, RequestOf, ResponseOf } from '@/lib/messaging/protocol';
import { createHandlers } from '@/entrypoints/background/handlers';
import { composeServices, type Services } from '@/entrypoints/background/services';
import type { Sandbox } from '@/tests/sandbox/start';
import { sandboxGoogleClientId } from '@/tests/sandbox/google';
import { extensionRedirect } from '../google/helpers';
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

/** `storage.session` as a Map: what the vault mirrors survives only this world. */
function memorySessionArea(): SessionArea {
  const items = new Map<string, unknown>();
  return {
    get: async (key) => (items.has(key) ? { [key]: items.get(key) } : {}),
    set: async (values) => {
      for (const [key, value] of Object.entries(values)) items.set(key, value);
    },
    remove: async (key) => {
      items.delete(key);
    },
  };
}

/**
 * Overlap's real Google sign-in (implicit flow, tokeninfo, revoke, session vault) against the
 * identity stand-in. `launchWebAuthFlow` follows the authorize URL as the browser would: a
 * redirect back to the extension finishes it; a page that needs the user (consent, account
 * choice) is a window the simulated user closes, as a cancelled sign-in.
 */
export function standInGoogleAuth(sandbox: Sandbox, ledger: Ledger): GoogleAuth {
  const identity: IdentityPort = {
    redirectUrl: () => extensionRedirect,
    async launchWebAuthFlow(url) {
      const response = await fetch(url, { redirect: 'manual' });
      const location = response.headers.get('location');
      if (response.status === 302 && location?.startsWith(extensionRedirect)) return location;
      throw new Error('The user closed the sign-in window.');
    },
  };
  const config = {
    clientId: sandboxGoogleClientId,
    authorizeUrl: sandbox.urls.googleAuthorize,
    tokenInfoUrl: `${sandbox.urls.googleToken}/tokeninfo`,
    revokeUrl: `${sandbox.urls.googleToken}/revoke`,
  };
  return new GoogleAuth(config, identity, new TokenVault(memorySessionArea()), ledger);
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

export interface WorldOptions {
  databaseName?: string;
  /** Google sign-in through Overlap's own GoogleAuth and the identity stand-in, not minted tokens. */
  realGoogleSignIn?: boolean;
}

export async function startWorld(sandbox: Sandbox, now: Date, options: WorldOptions = {}): Promise<World> {
  fakeBrowser.reset();
  const db = await openOverlapDB(options.databaseName ?? `overlap-meetings-${++worlds}`);
  const clock = { now };
  const build = (): World => {
    const auth = sandboxAuth(sandbox);
    // One ledger for the services and the sign-in broker that records its tokeninfo and revoke calls.
    const ledger = new Ledger(db, undefined, () => clock.now);
    const services = composeServices({
      db,
      auth: options.realGoogleSignIn ? { ...auth, google: standInGoogleAuth(sandbox, ledger) } : auth,
      ledger,
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
