import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { interactionPolicy, type Adapter, type AdapterPayload, type Configuration } from 'oidc-provider';
import type { SandboxContext } from '../core/context';

/** The audience Graph tokens are issued for; MSAL's bare scope names ("Calendars.Read") default to it. */
export const graphResource = 'https://graph.microsoft.com';

/** The delegated Graph permissions Overlap may ask for (auth-and-scopes.md), and the one it never needs. */
export const graphScopes = [
  'User.Read',
  'Calendars.ReadBasic',
  'Calendars.Read',
  'Calendars.ReadWrite',
  'MailboxSettings.Read',
  'OnlineMeetings.ReadWrite',
] as const;

/** Entra's fixed tenant id for personal Microsoft accounts; MSAL tells personal from work accounts by it. */
export const consumerTenantId = '9188040d-6c67-4c5b-b112-36a304b66dad';

export interface MicrosoftAccount {
  email: string;
  name: string;
  accountType: 'work' | 'personal';
}

export interface IdentityOptions {
  port: number;
  tenantId: string;
  accounts: MicrosoftAccount[];
  /** Public SPA clients: the extension's id decides both its redirect URI and its CORS origin. */
  clients: { clientId: string; redirectUris: string[]; allowedOrigins: string[]; allowAnyFirefoxExtensionOrigin?: boolean }[];
  /** Lifetime of access tokens in seconds; short so tests exercise renewal. */
  accessTokenTtlSeconds: number;
}

/** A decision the simulated user makes without a form, so a whole sign-in is a chain of 303 redirects. */
export interface AutoSignIn {
  /** Scopes the user unticks on the consent screen. */
  declineScopes?: string[];
}

export interface ConsentGrant {
  grantId: string;
  account: string;
  clientId: string;
  grantedScopes: string[];
  declinedScopes: string[];
}

/** What Graph learns from a bearer token: whose mailbox, which scopes, and whether it is still good. */
export type TokenCheck =
  | { valid: true; account: string; scopes: Set<string> }
  | { valid: false; reason: 'unknown' | 'expired' };

/**
 * A tiny in-memory store for oidc-provider, kept here rather than using its built-in one so the
 * sandbox can enumerate grants and tokens per account: Graph looks access tokens up in it, and
 * the "remove consent" admin action destroys a grant and everything issued under it.
 */
class SandboxStore {
  readonly records = new Map<string, { model: string; payload: AdapterPayload }>();

  adapterFor(model: string): Adapter {
    const key = (id: string) => `${model}:${id}`;
    return {
      upsert: async (id, payload) => {
        this.records.set(key(id), { model, payload });
      },
      find: async (id) => this.records.get(key(id))?.payload,
      findByUserCode: async (userCode) =>
        [...this.records.values()].find((r) => r.model === model && r.payload.userCode === userCode)?.payload,
      findByUid: async (uid) =>
        [...this.records.values()].find((r) => r.model === model && r.payload.uid === uid)?.payload,
      consume: async (id) => {
        const record = this.records.get(key(id));
        if (record) record.payload.consumed = Math.floor(Date.now() / 1000);
      },
      destroy: async (id) => {
        this.records.delete(key(id));
      },
      revokeByGrantId: async (grantId) => {
        this.revokeGrant(grantId);
      },
    };
  }

  revokeGrant(grantId: string): number {
    let removed = 0;
    for (const [id, record] of this.records) {
      if (record.payload.grantId === grantId && record.model !== 'Grant') {
        this.records.delete(id);
        removed += 1;
      }
    }
    this.records.delete(`Grant:${grantId}`);
    return removed;
  }

  byModel(model: string): AdapterPayload[] {
    return [...this.records.values()].filter((r) => r.model === model).map((r) => r.payload);
  }
}

export interface MicrosoftIdentity {
  /** e.g. `https://127.0.0.1:41234` — also the issuer; MSAL's authority is this plus `/`. */
  origin: string;
  /** The self-signed certificate clients must trust (PEM). */
  certificate: string;
  checkAccessToken(token: string): TokenCheck;
  setAutoSignIn(email: string, decision: AutoSignIn | null): void;
  expireTokens(account?: string): number;
  revokeTokens(account: string): number;
  removeConsent(account: string): number;
  consentGrants(account?: string): ConsentGrant[];
  stop(): Promise<void>;
}

export async function startMicrosoftIdentity(ctx: SandboxContext, options: IdentityOptions): Promise<MicrosoftIdentity> {
  const { default: selfsigned } = await import('selfsigned');
  const pems = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
    ],
  });

  const accounts = new Map(options.accounts.map((account) => [account.email.toLowerCase(), account]));
  const autoSignIn = new Map<string, AutoSignIn>();
  const store = new SandboxStore();
  // Tokens the sandbox made expire early: oidc-provider stamps real time, tests move the sandbox clock.
  const expiredEarly = new Set<string>();

  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const server: Server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => handler(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(new Error(`Microsoft identity stand-in could not listen on 127.0.0.1:${options.port}: ${error.message}`)),
    );
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const allowedOrigins = new Map(options.clients.map((client) => [client.clientId, new Set(client.allowedOrigins)]));
  const firefoxOrigins = new Set(options.clients.filter((client) => client.allowAnyFirefoxExtensionOrigin).map((client) => client.clientId));

  const configuration: Configuration = {
    adapter: (name: string) => store.adapterFor(name),
    clients: options.clients.map((client) => ({
      client_id: client.clientId,
      application_type: 'web',
      token_endpoint_auth_method: 'none',
      redirect_uris: client.redirectUris,
      response_types: ['code'],
      grant_types: ['authorization_code', 'refresh_token'],
    })),
    // oidc-provider's default CORS policy refuses chrome-extension:// origins on the token endpoint.
    clientBasedCORS: (_ctx, requestOrigin, client) =>
      (allowedOrigins.get(client.clientId)?.has(requestOrigin) ?? false) ||
      (firefoxOrigins.has(client.clientId) && /^moz-extension:\/\/[0-9a-f-]{36}$/.test(requestOrigin)),
    jwks: { keys: [{ ...signingKey, kid: 'sandbox-signing-key', alg: 'RS256', use: 'sig' }] },
    cookies: { keys: [randomUUID()] },
    claims: {
      openid: ['sub', 'tid', 'oid'],
      profile: ['name', 'preferred_username'],
      email: ['email'],
    },
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    findAccount: (_ctx, sub) => {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return {
        accountId: account.email,
        claims: () => ({
          sub: account.email,
          oid: account.email,
          tid: account.accountType === 'personal' ? consumerTenantId : options.tenantId,
          name: account.name,
          preferred_username: account.email,
          email: account.email,
        }),
      };
    },
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => graphResource,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: graphScopes.join(' '),
          audience: graphResource,
          accessTokenFormat: 'opaque',
          accessTokenTTL: options.accessTokenTtlSeconds,
        }),
      },
    },
    // Entra issues a refresh token whenever offline_access is asked for, without prompt=consent.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    expiresWithSession: async () => false,
    ttl: {
      AccessToken: options.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      IdToken: options.accessTokenTtlSeconds,
      // Entra's SPA refresh tokens live 24 hours.
      RefreshToken: 24 * 60 * 60,
      Interaction: 60 * 60,
      Session: 14 * 24 * 60 * 60,
      Grant: 365 * 24 * 60 * 60,
    },
    interactions: { policy: interactionPolicyWithAccountChooser(), url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    renderError: (koaCtx, out) => {
      koaCtx.type = 'html';
      koaCtx.body = page('Sign-in error', `<p id="error">${escapeHtml(String(out.error))}: ${escapeHtml(String(out.error_description ?? ''))}</p>`);
    },
  };
  const provider = new Provider(origin, configuration);
  provider.use(async (koaCtx, next) => {
    await next();
    if (koaCtx.method === 'POST' && koaCtx.path === '/token' && koaCtx.status === 200) widenToConsent(koaCtx.body);
  });
  const oidcCallback = provider.callback();

  /**
   * Entra's token answer (`scope`, and the token's `scp`) lists every Graph permission the user
   * has consented to for this app, not only the ones the request named: consent is per user and
   * app, incremental, and persists until removed (MSAL.NET #1713: "access tokens will have all
   * effective scopes"; msgraph-sdk-powershell #1056: "the scp claim ... always has the
   * previously consented scopes even when incrementally consenting to a single scope").
   * oidc-provider keeps a grant per session and filters the token to the request, so the answer
   * is widened here to the union of the account's grants for the client.
   */
  function widenToConsent(body: unknown): void {
    const answer = body as { access_token?: unknown; scope?: unknown } | undefined;
    if (typeof answer?.access_token !== 'string' || typeof answer.scope !== 'string') return;
    const token = store.records.get(`AccessToken:${answer.access_token}`)?.payload;
    if (!token?.accountId || !token.clientId) return;
    const consented = store
      .byModel('Grant')
      .filter((grant) => grant.accountId === token.accountId && grant.clientId === token.clientId)
      .flatMap((grant) => ((grant as { resources?: Record<string, string> }).resources?.[graphResource] ?? '').split(' ').filter(Boolean));
    const widen = (scope: string) => [...new Set([...scope.split(' ').filter(Boolean), ...consented])].join(' ');
    token.scope = widen(token.scope ?? '');
    answer.scope = widen(answer.scope);
  }

  async function finishLogin(req: IncomingMessage, res: ServerResponse, email: string) {
    // Answering the account chooser and the login in one go, as Entra's own picker does.
    await provider.interactionFinished(req, res, { select_account: {}, login: { accountId: email } }, { mergeWithLastSubmission: false });
  }

  async function finishConsent(req: IncomingMessage, res: ServerResponse, declined: Set<string>) {
    const details = await provider.interactionDetails(req, res);
    const accountId = details.session?.accountId;
    const clientId = String(details.params.client_id);
    if (!accountId) throw new Error('Consent was reached without a signed-in account.');
    const grant = details.grantId
      ? ((await provider.Grant.find(details.grantId)) ?? new provider.Grant({ accountId, clientId }))
      : new provider.Grant({ accountId, clientId });
    const prompt = details.prompt.details as { missingOIDCScope?: string[]; missingResourceScopes?: Record<string, string[]> };
    if (prompt.missingOIDCScope) grant.addOIDCScope(prompt.missingOIDCScope.join(' '));
    for (const [resource, scopes] of Object.entries(prompt.missingResourceScopes ?? {})) {
      const accepted = scopes.filter((scope) => !declined.has(scope));
      const rejected = scopes.filter((scope) => declined.has(scope));
      if (accepted.length) grant.addResourceScope(resource, accepted.join(' '));
      // Recording the refusal stops oidc-provider from asking again for the same scopes forever.
      if (rejected.length) grant.rejectResourceScope(resource, rejected.join(' '));
    }
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  async function interaction(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const [, , uid, action] = url.pathname.split('/');
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new Error('The interaction in the cookie is not the one in the URL.');
    const hint = typeof details.params.login_hint === 'string' ? details.params.login_hint.toLowerCase() : undefined;

    if (req.method === 'POST' && action === 'login') {
      const form = new URLSearchParams(await readBody(req));
      const email = (form.get('email') ?? '').toLowerCase();
      if (!accounts.has(email)) {
        send(res, 200, loginPage(uid, `No account ${email} in this directory.`, [...accounts.keys()]));
        return;
      }
      await finishLogin(req, res, email);
      return;
    }
    if (req.method === 'POST' && action === 'consent') {
      const form = new URLSearchParams(await readBody(req));
      const ticked = new Set(form.getAll('scope'));
      const offered = Object.values(
        (details.prompt.details as { missingResourceScopes?: Record<string, string[]> }).missingResourceScopes ?? {},
      ).flat();
      await finishConsent(req, res, new Set(offered.filter((scope) => !ticked.has(scope))));
      return;
    }
    if (action === 'abort') {
      await provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'The user declined to sign in.' },
        { mergeWithLastSubmission: false },
      );
      return;
    }

    if (details.prompt.name === 'login' || details.prompt.name === 'select_account') {
      const automatic = pickAutoAccount(hint);
      if (automatic) {
        await finishLogin(req, res, automatic);
        return;
      }
      send(res, 200, loginPage(uid, undefined, [...accounts.keys()], hint));
      return;
    }
    const accountId = details.session?.accountId;
    const decision = accountId ? autoSignIn.get(accountId) : undefined;
    if (decision) {
      await finishConsent(req, res, new Set(decision.declineScopes ?? []));
      return;
    }
    const missing = (details.prompt.details as { missingResourceScopes?: Record<string, string[]> }).missingResourceScopes ?? {};
    send(res, 200, consentPage(uid, accountId ?? '', Object.values(missing).flat()));
  }

  function pickAutoAccount(hint: string | undefined): string | undefined {
    if (hint) return autoSignIn.has(hint) ? hint : undefined;
    const candidates = [...autoSignIn.keys()];
    return candidates.length === 1 ? candidates[0] : undefined;
  }

  handler = (req, res) => {
    const url = new URL(req.url ?? '/', origin);
    const fault = ctx.faults.take('microsoft-identity', { method: req.method ?? 'GET', path: url.pathname });
    const record = (status: number) =>
      ctx.log.record({
        target: 'microsoft-identity',
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        status,
        ...(fault ? { fault: fault.kind } : {}),
      });
    res.once('finish', () => record(res.statusCode));
    res.once('close', () => {
      if (!res.writableFinished) record(0);
    });
    if (fault?.kind === 'status') {
      // Entra's token endpoint answers outages with an OAuth error body, not Graph's.
      res.setHeader('content-type', 'application/json');
      if (fault.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(fault.retryAfterSeconds));
      res.statusCode = fault.status;
      res.end(
        JSON.stringify({
          error: fault.status >= 500 ? 'temporarily_unavailable' : (fault.reason ?? 'invalid_request'),
          error_description: `Injected sandbox fault (${fault.status}).`,
        }),
      );
      return;
    }
    const run = () => {
      if (url.pathname.startsWith('/interaction/')) {
        interaction(req, res, url).catch((error: unknown) => {
          if (!res.headersSent) send(res, 400, page('Sign-in error', `<p id="error">${escapeHtml(String(error))}</p>`));
        });
        return;
      }
      oidcCallback(req, res);
    };
    if (fault?.kind === 'hang') setTimeout(run, fault.ms);
    else run();
  };

  const accessTokens = () => store.byModel('AccessToken');
  const accountOf = (email: string) => email.toLowerCase();

  return {
    origin,
    certificate: pems.cert,
    checkAccessToken(token) {
      const payload = store.records.get(`AccessToken:${token}`)?.payload;
      if (!payload?.accountId || !payload.jti) return { valid: false, reason: 'unknown' };
      const expiresAtMs = (payload.exp ?? 0) * 1000;
      if (expiredEarly.has(payload.jti) || expiresAtMs <= ctx.clock.now().getTime()) {
        return { valid: false, reason: 'expired' };
      }
      return { valid: true, account: payload.accountId, scopes: new Set((payload.scope ?? '').split(' ').filter(Boolean)) };
    },
    setAutoSignIn(email, decision) {
      const key = accountOf(email);
      if (!accounts.has(key)) throw new Error(`No Microsoft account ${email} in the sandbox.`);
      if (decision) autoSignIn.set(key, decision);
      else autoSignIn.delete(key);
    },
    expireTokens(account) {
      let count = 0;
      for (const token of accessTokens()) {
        if (!token.jti || (account && token.accountId !== accountOf(account)) || expiredEarly.has(token.jti)) continue;
        expiredEarly.add(token.jti);
        count += 1;
      }
      return count;
    },
    revokeTokens(account) {
      let count = 0;
      for (const grant of store.byModel('Grant')) {
        if (grant.accountId === accountOf(account) && grant.jti) count += store.revokeGrant(grant.jti);
      }
      return count;
    },
    removeConsent(account) {
      // An admin removing the app's consent kills the grant and its refresh tokens; access tokens
      // already issued stay valid until they expire, exactly as at Entra.
      let count = 0;
      for (const grant of store.byModel('Grant')) {
        if (grant.accountId !== accountOf(account) || !grant.jti) continue;
        for (const [id, record] of store.records) {
          if (record.payload.grantId === grant.jti && record.model !== 'AccessToken') {
            store.records.delete(id);
            count += 1;
          }
        }
        store.records.delete(`Grant:${grant.jti}`);
      }
      return count;
    },
    consentGrants(account) {
      return store
        .byModel('Grant')
        .filter((grant) => !account || grant.accountId === accountOf(account))
        .map((grant) => {
          const resources = (grant as { resources?: Record<string, string> }).resources ?? {};
          const rejected = (grant as { rejected?: { resources?: Record<string, string> } }).rejected?.resources ?? {};
          return {
            grantId: grant.jti ?? '',
            account: grant.accountId ?? '',
            clientId: grant.clientId ?? '',
            grantedScopes: (resources[graphResource] ?? '').split(' ').filter(Boolean),
            declinedScopes: (rejected[graphResource] ?? '').split(' ').filter(Boolean),
          };
        });
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, html: string) {
  res.statusCode = status;
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.end(html);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

function loginPage(uid: string, error: string | undefined, emails: string[], hint?: string): string {
  const options = emails
    .map((email) => `<option value="${escapeHtml(email)}"${email === hint ? ' selected' : ''}>${escapeHtml(email)}</option>`)
    .join('');
  return page(
    'Sign in to your account',
    `${error ? `<p id="error">${escapeHtml(error)}</p>` : ''}<form method="post" action="/interaction/${escapeHtml(uid)}/login">` +
      `<label>Email <select name="email">${options}</select></label><button type="submit">Sign in</button></form>` +
      `<a href="/interaction/${escapeHtml(uid)}/abort">Cancel</a>`,
  );
}

function consentPage(uid: string, email: string, scopes: string[]): string {
  const boxes = scopes
    .map(
      (scope) =>
        `<label><input type="checkbox" name="scope" value="${escapeHtml(scope)}" checked> ${escapeHtml(scope)}</label><br>`,
    )
    .join('');
  return page(
    'Permissions requested',
    `<p>Signed in as ${escapeHtml(email)}. Overlap would like to:</p><form method="post" action="/interaction/${escapeHtml(uid)}/consent">` +
      `${boxes}<button type="submit">Accept</button></form><a href="/interaction/${escapeHtml(uid)}/abort">Cancel</a>`,
  );
}

/**
 * Entra accepts `prompt=select_account` (MSAL sends it to connect another account); oidc-provider
 * knows only login and consent until the account chooser is added as a prompt of its own.
 */
function interactionPolicyWithAccountChooser() {
  const policy = interactionPolicy.base();
  policy.add(new interactionPolicy.Prompt({ name: 'select_account', requestable: true }), 0);
  return policy;
}
