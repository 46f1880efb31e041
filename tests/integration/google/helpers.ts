import type { TokenSource } from '@/lib/providers/types';
import { SANDBOX_EXTENSION_ID } from '@/lib/sandbox-endpoints';
import { sandboxGoogleClientId } from '@/tests/sandbox/google';

export const extensionRedirect = `https://${SANDBOX_EXTENSION_ID}.chromiumapp.org/`;

export interface AuthorizeParams {
  scope: string;
  loginHint?: string;
  prompt?: 'none' | 'consent' | 'select_account';
  includeGrantedScopes?: boolean;
  state?: string;
}

export function authorizeUrl(base: string, params: AuthorizeParams): string {
  const url = new URL(base);
  url.searchParams.set('client_id', sandboxGoogleClientId);
  url.searchParams.set('redirect_uri', extensionRedirect);
  url.searchParams.set('response_type', 'token');
  url.searchParams.set('scope', params.scope);
  url.searchParams.set('state', params.state ?? 'test-state');
  if (params.includeGrantedScopes) url.searchParams.set('include_granted_scopes', 'true');
  if (params.prompt) url.searchParams.set('prompt', params.prompt);
  if (params.loginHint) url.searchParams.set('login_hint', params.loginHint);
  return url.toString();
}

/** Follows one authorize request the way `launchWebAuthFlow` would and returns the fragment. */
export async function runAuthorize(base: string, params: AuthorizeParams): Promise<URLSearchParams> {
  const response = await fetch(authorizeUrl(base, params), { redirect: 'manual' });
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) throw new Error(`Expected a redirect, got ${response.status}: ${await response.text()}`);
  if (!location.startsWith(extensionRedirect)) throw new Error(`Redirected somewhere unexpected: ${location}`);
  return new URLSearchParams(new URL(location).hash.slice(1));
}

/**
 * The token source an extension has: tokens from the implicit flow, renewed silently with
 * `prompt=none` when forced. `requests` counts how often the client asked for one.
 */
export function implicitFlowTokenSource(authorize: string, account: string, scopes: string[]) {
  let cached: string | undefined;
  const calls: { forceRefresh?: boolean }[] = [];
  const source: TokenSource = {
    async getToken(options) {
      calls.push(options);
      if (cached && !options.forceRefresh) return cached;
      const fragment = await runAuthorize(authorize, { scope: scopes.join(' '), loginHint: account, prompt: 'none', includeGrantedScopes: true });
      const token = fragment.get('access_token');
      if (!token) throw new Error(`Silent renewal failed: ${fragment.get('error')}`);
      cached = token;
      return token;
    },
  };
  return { source, calls };
}

/** A token source that can never renew (what is left after the user revoked access). */
export function fixedTokenSource(token: string): TokenSource {
  return { getToken: async () => token };
}

export function recordingSleep() {
  const delays: number[] = [];
  return {
    delays,
    sleep: async (ms: number) => {
      delays.push(ms);
    },
  };
}
