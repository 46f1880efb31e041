import { createHash, randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { SANDBOX_EXTENSION_ID, SANDBOX_GECKO_ID, SANDBOX_GOOGLE_CLIENT_ID } from '@/lib/sandbox-endpoints';
import type { SandboxContext } from '../core/context';
import { standInMiddleware, type StandInEnv } from '../core/stand-in';
import { googleDomain, scenarioPeople } from '../scenario';
import { googleError, googleFaultRenderer } from './errors';
import { identityScopes, knownScopes, normaliseScope } from './scopes';

/**
 * A Google-like authorization server for the implicit flow (what a browser extension without a
 * backend uses), with granular consent, incremental grants, silent renewal, tokeninfo and
 * revoke-the-whole-grant. Grants belong to (account, client); tokens carry exactly the scopes
 * they were issued for and expire by the sandbox clock.
 */

export const accessTokenLifetimeSeconds = 3599;

interface Grant {
  id: string;
  account: string;
  clientId: string;
  scopes: Set<string>;
}

export interface IssuedToken {
  token: string;
  grantId: string;
  account: string;
  clientId: string;
  scopes: string[];
  expiresAt: number;
}

export type ConsentPolicy = { account: string; grant: 'all' | string[] };

export type TokenCheck =
  | { ok: true; token: IssuedToken }
  | { ok: false; problem: 'missing' | 'invalid' | 'insufficientScope' };

export const googleAccounts = scenarioPeople.filter((person) => person.provider === 'google' && person.kind === 'person');

export class GoogleIdentity {
  private grants = new Map<string, Grant>();
  private tokens = new Map<string, IssuedToken>();
  private consentPolicies = new Map<string, ConsentPolicy>();
  private lastPolicyAccount: string | undefined;

  constructor(private readonly ctx: SandboxContext) {}

  setConsentPolicy(policy: ConsentPolicy): void {
    const account = policy.account.toLowerCase();
    if (!googleAccounts.some((person) => person.email === account)) {
      throw new Error(`${policy.account} is not a Google account in the sandbox scenario.`);
    }
    this.consentPolicies.set(account, { account, grant: policy.grant === 'all' ? 'all' : policy.grant.map(normaliseScope) });
    this.lastPolicyAccount = account;
  }

  clearConsentPolicies(): void {
    this.consentPolicies.clear();
    this.lastPolicyAccount = undefined;
  }

  consentPolicy(account: string | undefined): ConsentPolicy | undefined {
    const key = account?.toLowerCase() ?? this.lastPolicyAccount;
    return key ? this.consentPolicies.get(key) : undefined;
  }

  grantedScopes(account: string, clientId: string): Set<string> {
    return new Set(this.grants.get(grantKey(account, clientId))?.scopes ?? []);
  }

  /**
   * Records what the user approved and issues a token. With `includeGrantedScopes` the token
   * covers everything granted so far (incremental authorization); otherwise only this request.
   */
  grant(account: string, clientId: string, approved: string[], includeGrantedScopes: boolean): IssuedToken {
    const key = grantKey(account, clientId);
    const grant = this.grants.get(key) ?? { id: randomId(), account, clientId, scopes: new Set<string>() };
    approved.forEach((scope) => grant.scopes.add(scope));
    this.grants.set(key, grant);
    return this.issue(grant, includeGrantedScopes ? [...grant.scopes] : approved);
  }

  /** Issues a token straight from a test (no browser): the grant is recorded as if consented. */
  issueForTest(account: string, clientId: string, scopes: string[]): IssuedToken {
    return this.grant(account.toLowerCase(), clientId, scopes.map(normaliseScope), false);
  }

  private issue(grant: Grant, scopes: string[]): IssuedToken {
    const token: IssuedToken = {
      token: `ya29.sandbox-${randomBytes(24).toString('base64url')}`,
      grantId: grant.id,
      account: grant.account,
      clientId: grant.clientId,
      scopes: [...new Set(scopes)].sort(),
      expiresAt: this.ctx.clock.now().getTime() + accessTokenLifetimeSeconds * 1000,
    };
    this.tokens.set(token.token, token);
    return token;
  }

  /** The live token, or undefined when it is unknown, expired or revoked. */
  lookup(token: string): IssuedToken | undefined {
    const issued = this.tokens.get(token);
    if (!issued || issued.expiresAt <= this.ctx.clock.now().getTime()) return undefined;
    return issued;
  }

  check(authorization: string | undefined, acceptedScopes: string[]): TokenCheck {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) return { ok: false, problem: 'missing' };
    const token = this.lookup(match[1]!);
    if (!token) return { ok: false, problem: 'invalid' };
    if (!acceptedScopes.some((scope) => token.scopes.includes(scope))) return { ok: false, problem: 'insufficientScope' };
    return { ok: true, token };
  }

  expireTokens(account?: string): number {
    const now = this.ctx.clock.now().getTime();
    let count = 0;
    for (const token of this.tokens.values()) {
      if ((account === undefined || token.account === account.toLowerCase()) && token.expiresAt > now) {
        token.expiresAt = now;
        count += 1;
      }
    }
    return count;
  }

  /** Like Google: revoking any token of a grant removes the whole grant and all its tokens. */
  revokeToken(token: string): boolean {
    const issued = this.tokens.get(token);
    if (!issued) return false;
    this.revokeGrantById(issued.grantId);
    return true;
  }

  revokeGrant(account: string): number {
    let count = 0;
    for (const grant of [...this.grants.values()]) {
      if (grant.account === account.toLowerCase()) count += this.revokeGrantById(grant.id);
    }
    return count;
  }

  private revokeGrantById(grantId: string): number {
    let count = 0;
    for (const [value, token] of this.tokens) {
      if (token.grantId === grantId) {
        this.tokens.delete(value);
        this.ctx.log.noteRevoked(value);
        count += 1;
      }
    }
    for (const [key, grant] of this.grants) if (grant.id === grantId) this.grants.delete(key);
    return count;
  }
}

function grantKey(account: string, clientId: string): string {
  return `${account.toLowerCase()}\u0000${clientId}`;
}

function randomId(): string {
  return randomBytes(9).toString('base64url');
}

/** The 401/403 answers Google's APIs give for token problems. */
export function tokenProblem(c: Context, problem: 'missing' | 'invalid' | 'insufficientScope', acceptedScopes: string[]): Response {
  if (problem === 'insufficientScope') {
    return googleError(c, 403, 'insufficientPermissions', 'Request had insufficient authentication scopes.', {
      headers: { 'WWW-Authenticate': `Bearer realm="https://accounts.google.com/", error="insufficient_scope", scope="${acceptedScopes.join(' ')}"` },
    });
  }
  if (problem === 'missing') {
    return googleError(c, 401, 'required', 'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.', {
      location: 'Authorization',
      locationType: 'header',
      headers: { 'WWW-Authenticate': 'Bearer realm="https://accounts.google.com/"' },
    });
  }
  return googleError(c, 401, 'authError', 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.', {
    location: 'Authorization',
    locationType: 'header',
    headers: { 'WWW-Authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
  });
}

interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state: string | undefined;
  includeGrantedScopes: boolean;
  prompt: string | undefined;
  loginHint: string | undefined;
}

/**
 * Like Google, only the registered client and its registered redirect URIs are served: the
 * sandbox build's identity URLs on Chromium (its id is pinned by the manifest key) and on Firefox
 * (`identity.getRedirectURL()`: the SHA-1 of the pinned add-on id, in hex), and loopback.
 */
const registeredRedirects = new Set([
  `https://${SANDBOX_EXTENSION_ID}.chromiumapp.org/`,
  `https://${createHash('sha1').update(SANDBOX_GECKO_ID).digest('hex')}.extensions.allizom.org/`,
]);

function isRegisteredRedirect(uri: string): boolean {
  try {
    const url = new URL(uri);
    return registeredRedirects.has(uri) || (url.protocol === 'http:' && url.hostname === '127.0.0.1');
  } catch {
    return false;
  }
}

function errorPage(c: Context, error: string, detail: string): Response {
  return c.html(`<!doctype html><title>Error 400: ${escape(error)}</title><h1>Access blocked: Authorization Error</h1><p>Error 400: ${escape(error)}</p><p>${escape(detail)}</p>`, 400);
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function fragmentRedirect(c: Context, redirectUri: string, params: Record<string, string | undefined>): Response {
  const fragment = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return c.redirect(`${redirectUri}#${fragment.toString()}`, 302);
}

function tokenRedirect(c: Context, request: AuthorizeRequest, token: IssuedToken): Response {
  return fragmentRedirect(c, request.redirectUri, {
    access_token: token.token,
    token_type: 'Bearer',
    expires_in: String(accessTokenLifetimeSeconds),
    scope: token.scopes.join(' '),
    state: request.state,
    authuser: '0',
    prompt: 'consent',
  });
}

/** `accounts.google.com`: the authorize endpoint, its consent page and the form it posts back. */
export function googleIdentityApp(identity: GoogleIdentity, ctx: SandboxContext): Hono<StandInEnv> {
  const app = new Hono<StandInEnv>();
  app.use('*', standInMiddleware('google-identity', ctx, googleFaultRenderer));

  const parse = (params: URLSearchParams): AuthorizeRequest | { error: string; detail: string; redirect?: string; state?: string } => {
    const clientId = params.get('client_id');
    const redirectUri = params.get('redirect_uri');
    if (!clientId) return { error: 'invalid_request', detail: 'Missing required parameter: client_id' };
    if (clientId !== SANDBOX_GOOGLE_CLIENT_ID) return { error: 'invalid_client', detail: 'The OAuth client was not found.' };
    if (!redirectUri || !isRegisteredRedirect(redirectUri)) return { error: 'redirect_uri_mismatch', detail: `redirect_uri is not registered for this client: ${redirectUri ?? '(none)'}` };
    const state = params.get('state') ?? undefined;
    const responseType = params.get('response_type');
    if (responseType !== 'token') return { error: 'unsupported_response_type', detail: `response_type=${responseType ?? ''}`, redirect: redirectUri, ...(state ? { state } : {}) };
    const scopes = (params.get('scope') ?? '').split(/\s+/).filter(Boolean).map(normaliseScope);
    if (scopes.length === 0) return { error: 'invalid_request', detail: 'Missing required parameter: scope' };
    const unknown = scopes.find((scope) => !knownScopes.has(scope));
    if (unknown) return { error: 'invalid_scope', detail: `Some requested scopes were invalid: ${unknown}` };
    return {
      clientId,
      redirectUri,
      scopes: [...new Set(scopes)],
      state,
      includeGrantedScopes: params.get('include_granted_scopes') === 'true',
      prompt: params.get('prompt') ?? undefined,
      loginHint: params.get('login_hint')?.toLowerCase() ?? undefined,
    };
  };

  app.get('/o/oauth2/v2/auth', (c) => {
    const params = new URL(c.req.url).searchParams;
    const request = parse(params);
    if ('error' in request) {
      if (request.redirect) return fragmentRedirect(c, request.redirect, { error: request.error, state: request.state });
      return errorPage(c, request.error, request.detail);
    }
    const sessionAccount = c.req.header('cookie')?.match(/sandbox_google_account=([^;]+)/)?.[1];
    const account = request.loginHint ?? (sessionAccount ? decodeURIComponent(sessionAccount) : undefined);
    const policy = identity.consentPolicy(account);
    if (policy) {
      const allowed = policy.grant === 'all' ? request.scopes : request.scopes.filter((scope) => identityScopes.has(scope) || (policy.grant as string[]).includes(scope));
      return tokenRedirect(c, request, identity.grant(policy.account, request.clientId, allowed, request.includeGrantedScopes));
    }
    const knownAccount = account && googleAccounts.some((person) => person.email === account) ? account : undefined;
    const alreadyGranted = knownAccount ? identity.grantedScopes(knownAccount, request.clientId) : new Set<string>();
    const covered = request.scopes.every((scope) => alreadyGranted.has(scope));
    if (request.prompt === 'none') {
      if (!knownAccount) return fragmentRedirect(c, request.redirectUri, { error: 'interaction_required', state: request.state });
      if (!covered) return fragmentRedirect(c, request.redirectUri, { error: 'consent_required', state: request.state });
      return tokenRedirect(c, request, identity.grant(knownAccount, request.clientId, request.scopes, request.includeGrantedScopes));
    }
    if (knownAccount && covered && request.prompt === undefined) {
      return tokenRedirect(c, request, identity.grant(knownAccount, request.clientId, request.scopes, request.includeGrantedScopes));
    }
    return c.html(consentPage(params, request, knownAccount));
  });

  app.post('/o/oauth2/v2/auth/consent', async (c) => {
    const form = await c.req.formData();
    const params = new URLSearchParams(String(form.get('original') ?? ''));
    const request = parse(params);
    if ('error' in request) return errorPage(c, request.error, request.detail);
    if (form.get('decision') !== 'allow') return fragmentRedirect(c, request.redirectUri, { error: 'access_denied', state: request.state });
    const account = String(form.get('account') ?? '').toLowerCase();
    if (!googleAccounts.some((person) => person.email === account)) return errorPage(c, 'invalid_request', 'Choose an account.');
    const ticked = new Set(form.getAll('scope').map(String));
    const approved = request.scopes.filter((scope) => identityScopes.has(scope) || ticked.has(scope));
    const token = identity.grant(account, request.clientId, approved, request.includeGrantedScopes);
    c.header('Set-Cookie', `sandbox_google_account=${encodeURIComponent(account)}; Path=/; HttpOnly; SameSite=Lax`);
    return tokenRedirect(c, request, token);
  });

  return app;
}

function consentPage(params: URLSearchParams, request: AuthorizeRequest, account: string | undefined): string {
  const accounts = googleAccounts
    .map((person) => `<label><input type="radio" name="account" value="${escape(person.email)}"${person.email === account ? ' checked' : ''} required> ${escape(person.name)} &lt;${escape(person.email)}&gt;</label><br>`)
    .join('\n');
  const scopes = request.scopes
    .map((scope) =>
      identityScopes.has(scope)
        ? `<li><label><input type="checkbox" checked disabled> ${escape(scope)}</label> (always shared)</li>`
        : `<li><label><input type="checkbox" name="scope" value="${escape(scope)}" checked> ${escape(scope)}</label></li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in – Google Accounts (sandbox)</title></head>
<body>
<h1>Overlap wants access to your Google Account</h1>
<form method="post" action="/o/oauth2/v2/auth/consent">
<input type="hidden" name="original" value="${escape(params.toString())}">
<fieldset><legend>Choose an account (${escape(googleDomain)})</legend>
${accounts}
</fieldset>
<fieldset><legend>Select what Overlap can access</legend>
<ul>
${scopes}
</ul>
</fieldset>
<button type="submit" name="decision" value="deny">Cancel</button>
<button type="submit" name="decision" value="allow">Continue</button>
</form>
</body></html>`;
}

/**
 * A parameter Google reads from the query string or, on a POST, from a form-encoded body: both
 * tokeninfo and revoke accept either, and a client that keeps tokens out of URLs uses the body.
 */
async function queryOrFormField(c: Context<StandInEnv>, name: string): Promise<string | undefined> {
  const fromQuery = c.req.query(name);
  if (fromQuery) return fromQuery;
  if (c.req.method !== 'POST' || !(c.req.header('content-type') ?? '').includes('application/x-www-form-urlencoded')) return undefined;
  const value = (await c.req.parseBody())[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `oauth2.googleapis.com`: tokeninfo (GET or POST, like Google) and revoke. */
export function googleTokenApp(identity: GoogleIdentity, ctx: SandboxContext): Hono<StandInEnv> {
  const app = new Hono<StandInEnv>();
  app.use('*', standInMiddleware('google-identity', ctx, googleFaultRenderer));

  app.on(['GET', 'POST'], '/tokeninfo', async (c) => {
    const value = await queryOrFormField(c, 'access_token');
    const token = value ? identity.lookup(value) : undefined;
    if (!token) return c.json({ error: 'invalid_token', error_description: 'Invalid Value' }, 400);
    const expiresIn = Math.max(0, Math.floor((token.expiresAt - ctx.clock.now().getTime()) / 1000));
    return c.json({
      azp: token.clientId,
      aud: token.clientId,
      sub: String(1e20 + googleAccounts.findIndex((person) => person.email === token.account)),
      scope: token.scopes.join(' '),
      exp: String(Math.floor(token.expiresAt / 1000)),
      expires_in: String(expiresIn),
      email: token.account,
      email_verified: 'true',
      access_type: 'online',
    });
  });

  app.post('/revoke', async (c) => {
    const value = await queryOrFormField(c, 'token');
    if (!value || !identity.revokeToken(value)) {
      return c.json({ error: 'invalid_token', error_description: 'Token expired or revoked' }, 400);
    }
    return c.json({});
  });

  return app;
}
