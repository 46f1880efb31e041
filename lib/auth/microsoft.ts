import { t } from '@/lib/i18n';
import { browser } from 'wxt/browser';
import type { IdentityPort } from './identity-port';
import {
  authErrorFrom,
  FromMsalHostSchema,
  OFFSCREEN_DOCUMENT_PATH,
  type FromMsalHost,
  type MicrosoftTokenSource,
  type MsalAcquireRequest,
  type MsalCall,
  type MsalClientConfig,
  type MsalToken,
  type PortLike,
  type ToMsalHost,
} from './offscreen-protocol';
import { microsoftScope, scopeCatalog } from './scopes';
import type { TokenVault } from './token-vault';
import { AuthError, type AuthorizeRequest, type Grant, type ProviderAuth, type RevokeOutcome } from './types';

export const MICROSOFT_WORK_CONSENT_URL = 'https://myapps.microsoft.com';
export const MICROSOFT_PERSONAL_CONSENT_URL = 'https://account.live.com/consent/Manage';

/** Entra may name Graph permissions by their full resource URI; the catalog uses the short names. */
const GRAPH_RESOURCE_PREFIXES = ['https://graph.microsoft.com/', '00000003-0000-0000-c000-000000000000/'];

const catalogOrder = scopeCatalog.filter((entry) => entry.provider === 'microsoft').map((entry) => entry.scope);

/**
 * The scopes a Microsoft token really carries, in catalog spelling and order. Entra's answer
 * (`AuthenticationResult.scopes`) is the source of truth for Graph permissions, with two gaps
 * the rest of the answer fills: `openid` and `profile` are proven by the ID token that named the
 * account, and `offline_access` is never echoed by Entra (it grants a refresh token, not a
 * permission of the access token) and cannot be withheld on its own at Microsoft's consent.
 */
export function grantedMicrosoftScopes(token: Pick<MsalToken, 'scopes' | 'idTokenReceived'>, requested: readonly string[]): string[] {
  const granted = new Set<string>();
  for (const reported of token.scopes) {
    const prefix = GRAPH_RESOURCE_PREFIXES.find((candidate) => reported.toLowerCase().startsWith(candidate));
    const bare = prefix ? reported.slice(prefix.length) : reported;
    granted.add(catalogOrder.find((scope) => scope.toLowerCase() === bare.toLowerCase()) ?? bare);
  }
  if (token.idTokenReceived) {
    for (const scope of [microsoftScope.openid, microsoftScope.profile]) if (requested.includes(scope)) granted.add(scope);
  }
  if (requested.includes(microsoftScope.offlineAccess)) granted.add(microsoftScope.offlineAccess);
  const known = catalogOrder.filter((scope) => granted.has(scope));
  const others = [...granted].filter((scope) => !catalogOrder.includes(scope)).sort();
  return [...known, ...others];
}

/**
 * Microsoft sign-in through MSAL, which lives wherever there is a DOM (the offscreen document on
 * Chrome/Edge) behind `MicrosoftTokenSource`. Tokens are kept in the vault so the background
 * reuses them without waking MSAL; MSAL renews silently first and shows a window only when the
 * caller allows it. Granted scopes are always read from Microsoft's answer.
 */
export class MicrosoftAuth implements ProviderAuth {
  readonly provider = 'microsoft' as const;

  constructor(
    private readonly config: { clientId: string },
    private readonly source: MicrosoftTokenSource,
    private readonly vault: TokenVault,
  ) {}

  async authorize(request: AuthorizeRequest): Promise<Grant> {
    if (!this.config.clientId) throw new AuthError('microsoft', 'not-configured', t('auth_noClientId', { provider: 'Microsoft' }));
    if (request.email && !request.forceRefresh) {
      const cached = await this.vault.usable('microsoft', request.email, request.scopes);
      if (cached) return cached;
    }
    if (!request.email && !request.interactive) {
      throw new AuthError('microsoft', 'interaction-required', t('auth_signInNeeded', { provider: 'Microsoft' }));
    }
    const token = await this.source.acquire({
      scopes: [...request.scopes],
      ...(request.email ? { loginHint: request.email } : {}),
      interactive: request.interactive,
      forceRefresh: request.forceRefresh ?? false,
    });
    const email = token.username.toLowerCase();
    if (request.email && email !== request.email.toLowerCase()) {
      throw new AuthError('microsoft', 'provider-error', t('auth_wrongAccount', { email, expected: request.email }));
    }
    const grant: Grant = {
      provider: 'microsoft',
      email,
      ...(token.displayName ? { displayName: token.displayName } : {}),
      accessToken: token.accessToken,
      grantedScopes: grantedMicrosoftScopes(token, request.scopes),
      expiresAt: token.expiresAt,
    };
    await this.vault.put(grant);
    return grant;
  }

  async revoke(email: string): Promise<RevokeOutcome> {
    // Forgetting locally must happen even if MSAL's host cannot be reached.
    const forgotten = await this.source.forget(email).then(
      () => true,
      () => false,
    );
    await this.vault.forget('microsoft', email);
    return {
      revokedAtProvider: false,
      explanation: t(forgotten ? 'auth_microsoftForgotten' : 'auth_microsoftCopyForgotten', {
        email,
        workUrl: MICROSOFT_WORK_CONSENT_URL,
        personalUrl: MICROSOFT_PERSONAL_CONSENT_URL,
      }),
      manageUrl: MICROSOFT_WORK_CONSENT_URL,
    };
  }
}

/** `chrome.offscreen`, behind a seam so the document's lifecycle can be tested in Node. */
export interface OffscreenDocumentApi {
  exists(): Promise<boolean>;
  create(): Promise<void>;
  close(): Promise<void>;
}

export const browserOffscreenDocuments: OffscreenDocumentApi = {
  exists: async () => (await browser.runtime.getContexts({ contextTypes: [browser.runtime.ContextType.OFFSCREEN_DOCUMENT] })).length > 0,
  create: () =>
    browser.offscreen.createDocument({
      url: OFFSCREEN_DOCUMENT_PATH,
      reasons: [browser.offscreen.Reason.DOM_PARSER],
      justification: 'Microsoft’s sign-in library (MSAL) needs a DOM and web storage, which the service worker lacks.',
    }),
  close: () => browser.offscreen.closeDocument(),
};

export interface OffscreenMsalOptions {
  /** Close the document after this long without a request; its MSAL cache goes with it. */
  idleMs?: number;
  /** How long a new document may take to connect before the call fails. */
  connectTimeoutMs?: number;
}

type Answer = Extract<FromMsalHost, { kind: 'answer' }>['answer'];

/**
 * The background's end of MSAL in the offscreen document: creates the document on demand (one
 * at a time, however many calls arrive together), talks to it over a private port, runs the
 * sign-in windows it asks for, and closes it once no call has come for `idleMs`.
 */
export class OffscreenMsal implements MicrosoftTokenSource {
  private readonly idleMs: number;
  private readonly connectTimeoutMs: number;
  private port: PortLike | undefined;
  private opening: Promise<PortLike> | undefined;
  private closing: Promise<void> | undefined;
  private awaitingPort: ((port: PortLike) => void) | undefined;
  private readonly pending = new Map<number, { resolve: (answer: Answer) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private inFlight = 0;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly documents: OffscreenDocumentApi,
    private readonly config: MsalClientConfig,
    private readonly identity: IdentityPort,
    options: OffscreenMsalOptions = {},
  ) {
    this.idleMs = options.idleMs ?? 60_000;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  }

  /** Whether a document is open and connected right now. */
  get isOpen(): boolean {
    return this.port !== undefined;
  }

  /** Hands over a port the caller verified comes from our offscreen document; unasked-for ports are refused. */
  accept(port: PortLike): void {
    const awaiting = this.awaitingPort;
    if (!awaiting) {
      port.disconnect();
      return;
    }
    this.awaitingPort = undefined;
    this.port = port;
    port.onMessage.addListener((message) => this.receive(port, message));
    port.onDisconnect.addListener(() => {
      if (this.port !== port) return;
      this.port = undefined;
      this.failPending(new AuthError('microsoft', 'provider-error', t('auth_stoppedUnexpectedly')));
    });
    awaiting(port);
  }

  async acquire(request: MsalAcquireRequest): Promise<MsalToken> {
    const answer = await this.call({ op: 'acquire', config: this.config, request });
    if (!answer.ok) throw authErrorFrom(answer);
    if (!('token' in answer)) throw new AuthError('microsoft', 'provider-error', t('auth_noToken'));
    return answer.token;
  }

  async forget(username: string): Promise<void> {
    if (!this.port && !this.opening) {
      // MSAL's cache lives and dies with the document, so with none open there is nothing to forget.
      // A document left by an earlier life of the service worker is closed, which clears its cache.
      if (await this.documents.exists()) await this.documents.close();
      return;
    }
    const answer = await this.call({ op: 'forget', config: this.config, username });
    if (!answer.ok) throw authErrorFrom(answer);
  }

  private async call(call: MsalCall): Promise<Answer> {
    this.inFlight += 1;
    clearTimeout(this.idleTimer);
    try {
      const port = await this.connect();
      const id = this.nextId++;
      return await new Promise<Answer>((resolve, reject) => {
        this.pending.set(id, { resolve, reject });
        port.postMessage({ kind: 'call', id, call } satisfies ToMsalHost);
      });
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) this.idleTimer = setTimeout(() => void this.closeIfIdle(), this.idleMs);
    }
  }

  private connect(): Promise<PortLike> {
    if (this.port) return Promise.resolve(this.port);
    this.opening ??= this.open().finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  private async open(): Promise<PortLike> {
    await this.closing;
    // A document without a port to us was left by an earlier life of the service worker.
    if (await this.documents.exists()) await this.documents.close();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const connected = new Promise<PortLike>((resolve, reject) => {
      this.awaitingPort = resolve;
      timer = setTimeout(() => reject(new AuthError('microsoft', 'provider-error', t('auth_didNotStart'))), this.connectTimeoutMs);
    });
    try {
      await this.documents.create();
      return await connected;
    } catch (error) {
      this.awaitingPort = undefined;
      if (error instanceof AuthError) throw error;
      throw new AuthError('microsoft', 'provider-error', t('auth_couldNotStart'), { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  private async closeIfIdle(): Promise<void> {
    // Every call cancels the countdown, so when it fires nothing is in flight.
    if (!this.port) return;
    const port = this.port;
    this.port = undefined;
    port.disconnect();
    this.closing = this.documents.close().catch(() => undefined);
    await this.closing;
    this.closing = undefined;
  }

  private failPending(error: Error): void {
    for (const call of this.pending.values()) call.reject(error);
    this.pending.clear();
  }

  private receive(port: PortLike, raw: unknown): void {
    const parsed = FromMsalHostSchema.safeParse(raw);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.kind === 'answer') {
      const call = this.pending.get(message.id);
      this.pending.delete(message.id);
      call?.resolve(message.answer);
      return;
    }
    void this.runFlow(message.url, message.interactive).then(
      (redirectUrl) => port.postMessage({ kind: 'flow-answer', id: message.id, answer: { ok: true, redirectUrl } } satisfies ToMsalHost),
      (error: unknown) =>
        port.postMessage({ kind: 'flow-answer', id: message.id, answer: { ok: false, message: error instanceof Error ? error.message : t('auth_flowUnfinished') } } satisfies ToMsalHost),
    );
  }

  /** Opens only the configured authority: the document may ask for sign-in windows, not for arbitrary pages. */
  private async runFlow(url: string, interactive: boolean): Promise<string> {
    if (new URL(url).origin !== new URL(this.config.authority).origin) {
      throw new Error(t('auth_wrongAuthority', { origin: new URL(url).origin }));
    }
    return this.identity.launchWebAuthFlow(url, interactive);
  }
}
