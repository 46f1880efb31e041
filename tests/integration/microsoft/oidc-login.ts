import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:https';
import { ProviderError } from '@/lib/providers/errors';
import type { TokenSource } from '@/lib/providers/types';
import type { MicrosoftSandboxState } from '@/tests/sandbox/microsoft';

/**
 * A Node stand-in for what MSAL does in the extension: authorization code + PKCE against the
 * sandbox authority over HTTPS (trusting only its self-signed certificate), then refresh.
 */

interface HttpsAnswer {
  status: number;
  location?: string;
  body: string;
}

function httpsCall(url: string, ca: string, init: { method?: string; body?: string; cookies: Map<string, string> }): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const cookie = [...init.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const req = request(
      url,
      {
        method: init.method ?? 'GET',
        ca,
        headers: {
          ...(cookie ? { cookie } : {}),
          ...(init.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
      },
      (res) => {
        for (const header of res.headers['set-cookie'] ?? []) {
          const [pair] = header.split(';');
          const [name, ...value] = (pair ?? '').split('=');
          if (name) init.cookies.set(name.trim(), value.join('='));
        }
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            ...(res.headers.location ? { location: new URL(res.headers.location, url).toString() } : {}),
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

export interface SandboxLogin {
  accessToken: string;
  refreshToken: string;
  scopes: string[];
}

export interface LoginOptions {
  authority: string;
  ca: string;
  clientId: string;
  redirectUri: string;
  email: string;
  scopes: string[];
}

/** The login options for `email` at a running Microsoft identity stand-in (its authority URL and state). */
export function sandboxLoginOptions(
  authority: string,
  standIn: Pick<MicrosoftSandboxState, 'identityCertificate' | 'clientId' | 'redirectUris'>,
  email: string,
  scopes: string[],
): LoginOptions {
  return { authority, ca: standIn.identityCertificate, clientId: standIn.clientId, redirectUri: standIn.redirectUris[0]!, email, scopes };
}

const base64url = (buffer: Buffer) => buffer.toString('base64url');

async function tokenRequest(options: LoginOptions, form: Record<string, string>): Promise<SandboxLogin> {
  const answer = await httpsCall(new URL('token', options.authority).toString(), options.ca, {
    method: 'POST',
    body: new URLSearchParams({ client_id: options.clientId, ...form }).toString(),
    cookies: new Map(),
  });
  const body = JSON.parse(answer.body) as { access_token?: string; refresh_token?: string; scope?: string; error?: string; error_description?: string };
  if (answer.status !== 200 || !body.access_token) {
    throw new ProviderError({
      provider: 'microsoft',
      kind: 'unauthorized',
      reason: body.error ?? `http-${answer.status}`,
      message: `Microsoft no longer accepts Overlap's sign-in (${body.error ?? answer.status}). Connect the account again.`,
    });
  }
  return { accessToken: body.access_token, refreshToken: body.refresh_token ?? form.refresh_token ?? '', scopes: (body.scope ?? '').split(' ').filter(Boolean) };
}

/** Signs in through the authorize endpoint, following the 303 chain that auto sign-in produces. */
export async function signIn(options: LoginOptions): Promise<SandboxLogin> {
  const verifier = base64url(randomBytes(32));
  const state = base64url(randomBytes(8));
  const authorize = new URL('auth', options.authority);
  authorize.search = new URLSearchParams({
    client_id: options.clientId,
    response_type: 'code',
    response_mode: 'fragment',
    redirect_uri: options.redirectUri,
    scope: ['openid', 'profile', 'offline_access', ...options.scopes].join(' '),
    code_challenge: base64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
    state,
    nonce: base64url(randomBytes(8)),
    login_hint: options.email,
  }).toString();

  const cookies = new Map<string, string>();
  let next = authorize.toString();
  for (let hop = 0; hop < 10; hop += 1) {
    if (next.startsWith(options.redirectUri)) {
      const fragment = new URLSearchParams(new URL(next).hash.slice(1));
      const code = fragment.get('code');
      if (!code || fragment.get('state') !== state) throw new Error(`Sign-in ended without a code: ${fragment.toString()}`);
      return tokenRequest(options, { grant_type: 'authorization_code', code, redirect_uri: options.redirectUri, code_verifier: verifier });
    }
    const answer = await httpsCall(next, options.ca, { cookies });
    if (!answer.location) throw new Error(`Sign-in stopped at ${next} with HTTP ${answer.status}: ${answer.body.slice(0, 300)}`);
    next = answer.location;
  }
  throw new Error('Sign-in did not finish within 10 redirects.');
}

/** A token source like the extension's: cached token, refresh on demand, a clear error when refresh dies. */
export function refreshingTokenSource(options: LoginOptions, login: SandboxLogin): TokenSource & { refreshes: number } {
  let current = login;
  const source = {
    refreshes: 0,
    async getToken({ forceRefresh }: { forceRefresh?: boolean }) {
      if (forceRefresh) {
        source.refreshes += 1;
        current = await tokenRequest(options, { grant_type: 'refresh_token', refresh_token: current.refreshToken });
      }
      return current.accessToken;
    },
  };
  return source;
}
