import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IdentityPort } from './identity-port';
import { MicrosoftAuth, OffscreenMsal, grantedMicrosoftScopes, type OffscreenDocumentApi } from './microsoft';
import {
  FromMsalHostSchema,
  MsalCallSchema,
  serveMsalHost,
  ToMsalHostSchema,
  type MicrosoftTokenSource,
  type MsalAcquireRequest,
  type MsalClientConfig,
  type MsalToken,
  type PortLike,
} from './offscreen-protocol';
import { microsoftScope } from './scopes';
import { TokenVault, type SessionArea } from './token-vault';
import { AuthError } from './types';

const config: MsalClientConfig = {
  clientId: '6f1c3a52-0b7e-4d0e-9a55-0c0ffee00001',
  authority: 'https://login.example.test/common/',
  redirectUri: 'https://pkcodgkijfojifnkmbgokhdfdjdelnlf.chromiumapp.org/',
  protocol: 'aad',
};
const identity: string[] = [microsoftScope.openid, microsoftScope.profile, microsoftScope.offlineAccess, microsoftScope.userRead];
const freeBusy = [...identity, microsoftScope.calendarsReadBasic];

/** Two ends of a `runtime.Port`: messages are copied and arrive asynchronously; disconnect tells only the other end. */
function portPair(): [PortLike, PortLike] {
  const ends = [0, 1].map(() => ({ messages: [] as ((message: unknown) => void)[], disconnects: [] as (() => void)[] }));
  let connected = true;
  const end = (self: number): PortLike => {
    const other = ends[1 - self]!;
    return {
      postMessage(message) {
        if (!connected) throw new Error('Attempting to use a disconnected port object');
        const copy = structuredClone(message);
        void Promise.resolve().then(() => other.messages.forEach((listener) => listener(copy)));
      },
      disconnect() {
        if (!connected) return;
        connected = false;
        void Promise.resolve().then(() => other.disconnects.forEach((listener) => listener()));
      },
      onMessage: { addListener: (listener) => ends[self]!.messages.push(listener) },
      onDisconnect: { addListener: (listener) => ends[self]!.disconnects.push(listener) },
    };
  };
  return [end(0), end(1)];
}

/** What MSAL would answer, scripted per test; it may ask the background for a sign-in window. */
class ScriptedMsal implements MicrosoftTokenSource {
  readonly requests: MsalAcquireRequest[] = [];
  readonly forgotten: string[] = [];
  answer: (request: MsalAcquireRequest, launchFlow: (url: string, interactive: boolean) => Promise<string>) => Promise<MsalToken> = async (request) =>
    token({ scopes: request.scopes.filter((scope) => !identity.slice(0, 3).includes(scope)) });
  launchFlow: (url: string, interactive: boolean) => Promise<string> = () => Promise.reject(new Error('no flow runner'));

  async acquire(request: MsalAcquireRequest): Promise<MsalToken> {
    this.requests.push(request);
    return this.answer(request, this.launchFlow);
  }
  async forget(username: string): Promise<void> {
    this.forgotten.push(username);
  }
}

function token(overrides: Partial<MsalToken> = {}): MsalToken {
  return { accessToken: 'at-1', scopes: [microsoftScope.userRead], username: 'Jack.Nguyen@contoso.example', displayName: 'Jack Nguyen', expiresAt: Date.now() + 3_600_000, idTokenReceived: true, ...overrides };
}

/** `chrome.offscreen` as Chrome behaves: one document at most; creating a second one throws. */
class FakeOffscreenDocuments implements OffscreenDocumentApi {
  open = false;
  created = 0;
  closed = 0;
  private hostEnd: PortLike | undefined;
  client: OffscreenMsal | undefined;

  constructor(private readonly msal: ScriptedMsal) {}

  async exists(): Promise<boolean> {
    return this.open;
  }
  async create(): Promise<void> {
    if (this.open) throw new Error('Only a single offscreen document may be created.');
    this.open = true;
    this.created += 1;
    const [background, host] = portPair();
    this.hostEnd = host;
    serveMsalHost(host, (_config, launchFlow) => {
      this.msal.launchFlow = launchFlow;
      return this.msal;
    });
    void Promise.resolve().then(() => this.client?.accept(background));
  }
  async close(): Promise<void> {
    if (!this.open) throw new Error('No current offscreen document.');
    this.open = false;
    this.closed += 1;
    this.hostEnd?.disconnect();
  }
  /** The document dies on its own (renderer crash, or closed from outside). */
  crash(): void {
    this.open = false;
    this.hostEnd?.disconnect();
  }
}

function sessionArea(): SessionArea {
  const items = new Map<string, unknown>();
  return {
    get: async (key) => (items.has(key) ? { [key]: structuredClone(items.get(key)) } : {}),
    set: async (values) => {
      for (const [key, value] of Object.entries(values)) items.set(key, structuredClone(value));
    },
    remove: async (key) => {
      items.delete(key);
    },
  };
}

function setup(options: { idleMs?: number; launch?: IdentityPort['launchWebAuthFlow'] } = {}) {
  const msal = new ScriptedMsal();
  const documents = new FakeOffscreenDocuments(msal);
  const launched: { url: string; interactive: boolean }[] = [];
  const identityPort: IdentityPort = {
    redirectUrl: () => config.redirectUri,
    launchWebAuthFlow: async (url, interactive) => {
      launched.push({ url, interactive });
      return (options.launch ?? (async () => `${config.redirectUri}#code=abc&state=s1`))(url, interactive);
    },
  };
  const client = new OffscreenMsal(documents, config, identityPort, { idleMs: options.idleMs ?? 60_000, connectTimeoutMs: 5_000 });
  documents.client = client;
  return { msal, documents, client, launched };
}

const acquireRequest = (overrides: Partial<MsalAcquireRequest> = {}): MsalAcquireRequest => ({ scopes: freeBusy, interactive: false, forceRefresh: false, loginHint: 'jack.nguyen@contoso.example', ...overrides });

describe('grantedMicrosoftScopes', () => {
  it('names Graph permissions reported by their resource URI or in another case by their catalog names', () => {
    const granted = grantedMicrosoftScopes({ scopes: ['https://graph.microsoft.com/calendars.readbasic', 'User.Read'], idTokenReceived: true }, freeBusy);
    expect(granted).toEqual(freeBusy);
  });

  it('counts openid and profile as granted only when an ID token vouched for the account', () => {
    expect(grantedMicrosoftScopes({ scopes: ['User.Read'], idTokenReceived: false }, identity)).toEqual([microsoftScope.offlineAccess, microsoftScope.userRead]);
  });

  it('never reports a Graph permission the provider left out of its answer, even when it was asked for', () => {
    expect(grantedMicrosoftScopes({ scopes: ['User.Read'], idTokenReceived: true }, freeBusy)).not.toContain(microsoftScope.calendarsReadBasic);
  });

  it('keeps a permission outside the catalog so the page can show Overlap did not ask for it', () => {
    expect(grantedMicrosoftScopes({ scopes: ['email', 'User.Read'], idTokenReceived: true }, identity)).toEqual([...identity, 'email']);
  });

  it('does not add offline_access when it was not asked for', () => {
    expect(grantedMicrosoftScopes({ scopes: ['User.Read'], idTokenReceived: true }, [microsoftScope.userRead])).toEqual([microsoftScope.userRead]);
  });
});

describe('the offscreen message schemas', () => {
  it('refuses an authority that is not HTTPS, which MSAL would reject later with a vaguer error', () => {
    const parsed = MsalCallSchema.safeParse({ op: 'acquire', config: { ...config, authority: 'http://127.0.0.1:47806/' }, request: acquireRequest() });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('The Microsoft authority must be an https:// URL.');
  });

  it('refuses a scope with spaces, which would smuggle several scopes into one', () => {
    expect(MsalCallSchema.safeParse({ op: 'acquire', config, request: acquireRequest({ scopes: ['User.Read Mail.Read'] }) }).success).toBe(false);
  });

  it('refuses an answer that carries an empty access token', () => {
    expect(FromMsalHostSchema.safeParse({ kind: 'answer', id: 1, answer: { ok: true, token: token({ accessToken: '' }) } }).success).toBe(false);
  });

  it('accepts a well-formed acquire call', () => {
    expect(ToMsalHostSchema.safeParse({ kind: 'call', id: 0, call: { op: 'acquire', config, request: acquireRequest() } }).success).toBe(true);
  });

  it('answers a malformed call from the background with a clear error instead of ignoring it', async () => {
    const [background, host] = portPair();
    serveMsalHost(host, () => new ScriptedMsal());
    const answers: unknown[] = [];
    background.onMessage.addListener((message) => answers.push(message));
    background.postMessage({ kind: 'call', id: 7, call: { op: 'acquire', config, request: { scopes: [] } } });
    await vi.waitFor(() => expect(answers).toHaveLength(1));
    expect(answers[0]).toMatchObject({ kind: 'answer', id: 7, answer: { ok: false, kind: 'provider-error', message: expect.stringMatching(/^Malformed request to the Microsoft sign-in host/) } });
  });
});

describe('OffscreenMsal', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('creates a single offscreen document for calls that arrive together', async () => {
    const { client, documents, msal } = setup();
    const tokens = await Promise.all([client.acquire(acquireRequest()), client.acquire(acquireRequest()), client.acquire(acquireRequest())]);
    expect(tokens.map((answer) => answer.accessToken)).toEqual(['at-1', 'at-1', 'at-1']);
    expect(documents.created).toBe(1);
    expect(msal.requests).toHaveLength(3);
  });

  describe('with fake timers', () => {
    beforeEach(() => {
      vi.useFakeTimers();
    });

    it('closes the document once no call has come for the idle time, and not before', async () => {
      const { client, documents } = setup({ idleMs: 60_000 });
      await client.acquire(acquireRequest());
      await vi.advanceTimersByTimeAsync(59_000);
      expect(documents.open).toBe(true);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(documents.open).toBe(false);
      expect(client.isOpen).toBe(false);
    });

    it('restarts the idle countdown with every call', async () => {
      const { client, documents } = setup({ idleMs: 60_000 });
      await client.acquire(acquireRequest());
      await vi.advanceTimersByTimeAsync(50_000);
      await client.acquire(acquireRequest());
      await vi.advanceTimersByTimeAsync(50_000);
      expect(documents.open).toBe(true);
      await vi.advanceTimersByTimeAsync(10_000);
      expect(documents.closed).toBe(1);
    });

    it('does not close the document while a sign-in is still running', async () => {
      const { client, documents, msal } = setup({ idleMs: 1_000 });
      let finish: (value: MsalToken) => void = () => undefined;
      msal.answer = () => new Promise((resolve) => (finish = resolve));
      const pending = client.acquire(acquireRequest({ interactive: true }));
      await vi.advanceTimersByTimeAsync(120_000);
      expect(documents.open).toBe(true);
      finish(token());
      await pending;
      await vi.advanceTimersByTimeAsync(1_000);
      expect(documents.open).toBe(false);
    });

    it('opens a new document for a call that comes after the idle close', async () => {
      const { client, documents } = setup({ idleMs: 1_000 });
      await client.acquire(acquireRequest());
      await vi.advanceTimersByTimeAsync(1_000);
      await client.acquire(acquireRequest());
      expect(documents.created).toBe(2);
      expect(documents.open).toBe(true);
    });

    it('fails the call with a clear error when the document never connects', async () => {
      const { client, documents } = setup();
      documents.client = undefined;
      const failure = client.acquire(acquireRequest()).catch((error: unknown) => error);
      await vi.advanceTimersByTimeAsync(5_000);
      expect(await failure).toMatchObject({ name: 'AuthError', kind: 'provider-error', message: 'Microsoft sign-in did not start in time; try again.' });
    });
  });

  it('replaces a document left open by an earlier life of the service worker, which has no port to it', async () => {
    const { client, documents } = setup();
    documents.open = true;
    await client.acquire(acquireRequest());
    expect(documents.closed).toBe(1);
    expect(documents.created).toBe(1);
  });

  it('runs the sign-in window MSAL asks for through the identity API and hands back the redirect', async () => {
    const { client, msal, launched } = setup();
    msal.answer = async (_request, launchFlow) => {
      const redirect = await launchFlow(`${config.authority}oauth2/v2.0/authorize?prompt=none&state=s1`, false);
      return token({ accessToken: new URL(redirect).hash });
    };
    const answer = await client.acquire(acquireRequest());
    expect(launched).toEqual([{ url: `${config.authority}oauth2/v2.0/authorize?prompt=none&state=s1`, interactive: false }]);
    expect(answer.accessToken).toBe('#code=abc&state=s1');
  });

  it('refuses to open a window on any origin but the configured authority', async () => {
    const { client, msal, launched } = setup();
    msal.answer = async (_request, launchFlow) => {
      await launchFlow('https://evil.example/phish', true);
      return token();
    };
    await expect(client.acquire(acquireRequest())).rejects.toThrow(/Refused to open https:\/\/evil\.example: it is not the configured Microsoft authority/);
    expect(launched).toEqual([]);
  });

  it('passes the kind of a sign-in failure through, so the caller can tell a needed prompt from a refusal', async () => {
    const { client, msal } = setup();
    msal.answer = async () => {
      throw new AuthError('microsoft', 'interaction-required', 'Microsoft needs you to sign in again.');
    };
    await expect(client.acquire(acquireRequest())).rejects.toMatchObject({ name: 'AuthError', provider: 'microsoft', kind: 'interaction-required', message: 'Microsoft needs you to sign in again.' });
  });

  it('fails a pending call when the document goes away, and recovers with a fresh document', async () => {
    const { client, msal, documents } = setup();
    msal.answer = () => new Promise(() => undefined);
    const pending = client.acquire(acquireRequest());
    await vi.waitFor(() => expect(msal.requests).toHaveLength(1));
    documents.crash();
    await expect(pending).rejects.toMatchObject({ kind: 'provider-error', message: 'Microsoft sign-in stopped unexpectedly; try again.' });
    msal.answer = async () => token({ accessToken: 'at-2' });
    expect((await client.acquire(acquireRequest())).accessToken).toBe('at-2');
    expect(documents.created).toBe(2);
  });

  it('opens no document just to forget an account, because MSAL’s cache died with the last one', async () => {
    const { client, documents, msal } = setup();
    await client.forget('jack.nguyen@contoso.example');
    expect(documents.created).toBe(0);
    expect(msal.forgotten).toEqual([]);
  });

  it('asks an open document to forget the account', async () => {
    const { client, msal } = setup();
    await client.acquire(acquireRequest());
    await client.forget('jack.nguyen@contoso.example');
    expect(msal.forgotten).toEqual(['jack.nguyen@contoso.example']);
  });

  it('refuses a port nobody is waiting for', async () => {
    const { client } = setup();
    const [background, host] = portPair();
    let disconnected = false;
    host.onDisconnect.addListener(() => (disconnected = true));
    client.accept(background);
    await vi.waitFor(() => expect(disconnected).toBe(true));
    expect(client.isOpen).toBe(false);
  });
});

describe('MicrosoftAuth', () => {
  function auth(source: MicrosoftTokenSource, clientId = config.clientId) {
    const vault = new TokenVault(sessionArea());
    return { vault, auth: new MicrosoftAuth({ clientId }, source, vault) };
  }

  it('connects an account with the scopes Microsoft reported and keeps the token in the vault', async () => {
    const msal = new ScriptedMsal();
    msal.answer = async () => token({ scopes: ['User.Read', 'Calendars.ReadBasic'] });
    const { auth: microsoft, vault } = auth(msal);
    const grant = await microsoft.authorize({ scopes: freeBusy, interactive: true });
    expect(grant).toMatchObject({ provider: 'microsoft', email: 'jack.nguyen@contoso.example', displayName: 'Jack Nguyen', grantedScopes: freeBusy });
    expect(msal.requests).toEqual([{ scopes: freeBusy, interactive: true, forceRefresh: false }]);
    expect(await vault.usable('microsoft', 'jack.nguyen@contoso.example', freeBusy)).toEqual(grant);
  });

  it('answers from the vault without waking MSAL while the token is good', async () => {
    const msal = new ScriptedMsal();
    msal.answer = async () => token({ scopes: ['User.Read', 'Calendars.ReadBasic'] });
    const { auth: microsoft } = auth(msal);
    await microsoft.authorize({ scopes: freeBusy, interactive: true });
    await microsoft.authorize({ email: 'jack.nguyen@contoso.example', scopes: freeBusy, interactive: false });
    expect(msal.requests).toHaveLength(1);
  });

  it('goes to MSAL with the account as login hint when the caller forces a refresh', async () => {
    const msal = new ScriptedMsal();
    msal.answer = async () => token({ scopes: ['User.Read', 'Calendars.ReadBasic'] });
    const { auth: microsoft } = auth(msal);
    await microsoft.authorize({ scopes: freeBusy, interactive: true });
    await microsoft.authorize({ email: 'jack.nguyen@contoso.example', scopes: freeBusy, interactive: false, forceRefresh: true });
    expect(msal.requests[1]).toEqual({ scopes: freeBusy, loginHint: 'jack.nguyen@contoso.example', interactive: false, forceRefresh: true });
  });

  it('refuses a token for another account than the one asked for, and stores nothing', async () => {
    const msal = new ScriptedMsal();
    msal.answer = async () => token({ username: 'kiri.walker@contoso.example' });
    const { auth: microsoft, vault } = auth(msal);
    await expect(microsoft.authorize({ email: 'jack.nguyen@contoso.example', scopes: identity, interactive: true })).rejects.toMatchObject({ kind: 'provider-error' });
    expect(await vault.peek('microsoft', 'kiri.walker@contoso.example')).toBeUndefined();
  });

  it('says a build without a client id is not configured, without starting MSAL', async () => {
    const msal = new ScriptedMsal();
    await expect(auth(msal, '').auth.authorize({ scopes: identity, interactive: true })).rejects.toMatchObject({ kind: 'not-configured' });
    expect(msal.requests).toEqual([]);
  });

  it('never connects a new account silently', async () => {
    const msal = new ScriptedMsal();
    await expect(auth(msal).auth.authorize({ scopes: identity, interactive: false })).rejects.toMatchObject({ kind: 'interaction-required' });
    expect(msal.requests).toEqual([]);
  });

  it('on revoke forgets every token, even when MSAL cannot be reached, and explains what Microsoft keeps', async () => {
    const msal = new ScriptedMsal();
    msal.answer = async () => token({ scopes: ['User.Read'] });
    msal.forget = async () => {
      throw new Error('offscreen document unavailable');
    };
    const { auth: microsoft, vault } = auth(msal);
    await microsoft.authorize({ scopes: identity, interactive: true });
    const outcome = await microsoft.revoke('jack.nguyen@contoso.example');
    expect(await vault.peek('microsoft', 'jack.nguyen@contoso.example')).toBeUndefined();
    expect(outcome.revokedAtProvider).toBe(false);
    expect(outcome.manageUrl).toBe('https://myapps.microsoft.com');
    expect(outcome.explanation).toMatch(/keep working until they expire, in about an hour/);
    expect(outcome.explanation).toContain('https://account.live.com/consent/Manage');
  });
});
