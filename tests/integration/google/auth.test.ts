import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { GoogleAuth } from '@/lib/auth/google';
import type { IdentityPort } from '@/lib/auth/identity-port';
import { googleScope } from '@/lib/auth/scopes';
import { TokenVault, type SessionArea } from '@/lib/auth/token-vault';
import { openOverlapDB } from '@/lib/store/db';
import { Ledger } from '@/lib/store/ledger';
import { startSandbox, type Sandbox } from '@/tests/sandbox/start';
import { sandboxGoogleClientId } from '@/tests/sandbox/google';
import { extensionRedirect } from './helpers';

/**
 * Overlap's Google sign-in broker against the identity stand-in: only the sign-in window is
 * replaced, by following the authorize redirects the way `launchWebAuthFlow` does.
 */

const ana = 'ana.lima@northwind.example';
let sandbox: Sandbox;
let databases = 0;

/** `launchWebAuthFlow` without a window: the stand-in's auto-consent answers with one redirect. */
const redirectFollowingIdentity: IdentityPort = {
  redirectUrl: () => extensionRedirect,
  async launchWebAuthFlow(url) {
    const response = await fetch(url, { redirect: 'manual' });
    const location = response.headers.get('location');
    if (response.status !== 302 || !location) throw new Error(`The sign-in did not redirect (HTTP ${response.status}).`);
    return location;
  },
};

function memoryArea(): SessionArea {
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

async function broker() {
  const ledger = new Ledger(await openOverlapDB(`overlap-google-auth-${++databases}`));
  const auth = new GoogleAuth(
    { clientId: sandboxGoogleClientId, authorizeUrl: sandbox.urls.googleAuthorize, tokenInfoUrl: `${sandbox.urls.googleToken}/tokeninfo`, revokeUrl: `${sandbox.urls.googleToken}/revoke` },
    redirectFollowingIdentity,
    new TokenVault(memoryArea()),
    ledger,
  );
  return { auth, ledger };
}

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.stop();
});
beforeEach(() => {
  fakeBrowser.reset();
  sandbox.log.clear();
  sandbox.google.setConsentPolicy({ account: ana, grant: 'all' });
});

describe('the Google sign-in broker at the identity stand-in', () => {
  it('confirms a sign-in and withdraws it with the token in POST bodies, never in a URL', async () => {
    const { auth } = await broker();
    const grant = await auth.authorize({ scopes: ['openid', 'email', googleScope.freeBusy], interactive: true });
    expect(grant.email).toBe(ana);
    expect((await auth.revoke(ana)).revokedAtProvider).toBe(true);
    const calls = sandbox.log.list({ target: 'google-identity' }).filter((entry) => entry.path === '/tokeninfo' || entry.path === '/revoke');
    expect(calls.map((entry) => [entry.method, entry.path, entry.query, entry.status])).toEqual([
      ['POST', '/tokeninfo', {}, 200],
      ['POST', '/revoke', {}, 200],
    ]);
    expect(calls.map((entry) => entry.body)).toEqual([{ access_token: '[redacted]' }, { token: '[redacted]' }]);
  });

  it('records the tokeninfo and revoke calls in the ledger, without the token', async () => {
    const { auth, ledger } = await broker();
    const grant = await auth.authorize({ scopes: ['openid', 'email', googleScope.freeBusy], interactive: true });
    await auth.revoke(ana);
    const entries = await ledger.list();
    expect(entries.map((entry) => [entry.accountId, entry.operation, entry.feature, entry.outcome, entry.detail])).toEqual([
      [`google:${ana}`, 'POST /revoke', 'identify-account', 'ok', '200'],
      [`google:${ana}`, 'POST /tokeninfo', 'identify-account', 'ok', '200'],
    ]);
    expect(JSON.stringify(entries)).not.toContain(grant.accessToken);
  });
});
