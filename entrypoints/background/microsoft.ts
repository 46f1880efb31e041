import { browser } from 'wxt/browser';
import { browserIdentity } from '@/lib/auth/identity-port';
import { MicrosoftAuth, OffscreenMsal, browserOffscreenDocuments } from '@/lib/auth/microsoft';
import { MSAL_PORT_NAME, OFFSCREEN_DOCUMENT_PATH, type MicrosoftTokenSource, type MsalClientConfig } from '@/lib/auth/offscreen-protocol';
import type { TokenVault } from '@/lib/auth/token-vault';
import type { ProviderAuth } from '@/lib/auth/types';
import { clientIds, endpoints, isSandboxBuild } from '@/lib/endpoints';
import type { ProviderClock } from '@/lib/providers/provider-clock';

/**
 * Microsoft sign-in. MSAL cannot run in Chrome's service worker, so on Chrome/Edge it lives in
 * an offscreen document the background opens on demand. Firefox's background is an event page
 * with a DOM, so there MSAL runs in the background itself, loaded only when first needed.
 */
export function createMicrosoftAuth(vault: TokenVault, clock: ProviderClock): ProviderAuth {
  const config: MsalClientConfig = {
    clientId: clientIds.microsoft,
    authority: endpoints.microsoftAuthority,
    redirectUri: browserIdentity.redirectUrl(),
    // The sandbox's identity stand-in is a plain OpenID provider, not Entra.
    protocol: isSandboxBuild ? 'oidc' : 'aad',
  };
  const source = import.meta.env.FIREFOX ? msalInThisPage(config) : msalInOffscreenDocument(config);
  return new MicrosoftAuth({ clientId: config.clientId }, onProviderClock(source, clock), vault);
}

/**
 * MSAL dates a token's expiry by this computer's clock (now + `expires_in`); the vault judges
 * expiry on the providers' clock, so the date is moved by the offset learnt so far.
 */
function onProviderClock(source: MicrosoftTokenSource, clock: ProviderClock): MicrosoftTokenSource {
  return {
    acquire: async (request) => {
      const token = await source.acquire(request);
      return { ...token, expiresAt: token.expiresAt + clock.offset() };
    },
    forget: (username) => source.forget(username),
  };
}

function msalInOffscreenDocument(config: MsalClientConfig): MicrosoftTokenSource {
  const offscreen = new OffscreenMsal(browserOffscreenDocuments, config, browserIdentity);
  const offscreenUrl = browser.runtime.getURL(OFFSCREEN_DOCUMENT_PATH);
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== MSAL_PORT_NAME) return;
    // Only our own offscreen document may speak for MSAL.
    if (port.sender?.id !== browser.runtime.id || port.sender.url !== offscreenUrl) {
      port.disconnect();
      return;
    }
    offscreen.accept(port);
  });
  return offscreen;
}

/** Firefox: tests/e2e/firefox.spec.ts connects Microsoft through it and books a Teams meeting. */
function msalInThisPage(config: MsalClientConfig): MicrosoftTokenSource {
  const host = import('@/lib/auth/msal-host').then(({ MsalHost }) => new MsalHost(config, (url, interactive) => browserIdentity.launchWebAuthFlow(url, interactive)));
  return {
    acquire: async (request) => (await host).acquire(request),
    forget: async (username) => (await host).forget(username),
  };
}
