import { browser } from 'wxt/browser';
import type { Grant } from './types';

/** Where session-only values live; `storage.session` in the extension, a Map in tests. */
export interface SessionArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

export const browserSessionArea: SessionArea = {
  get: (key) => browser.storage.session.get(key),
  set: (items) => browser.storage.session.set(items),
  remove: (key) => browser.storage.session.remove(key),
};

/**
 * Keeps `storage.session`, where the vault mirrors tokens, to trusted contexts: the worker and
 * Overlap's own pages, never a content script running inside a web page. That is Chromium's
 * default; it is set explicitly so it holds whatever the default or an earlier call says.
 * webextension-polyfill does not expose `setAccessLevel`, so it is reached through the `chrome`
 * namespace; a browser without it (Firefox) keeps its own default, and this answers false.
 */
export async function restrictSessionAreaToTrustedContexts(): Promise<boolean> {
  const session = globalThis.chrome?.storage?.session;
  if (typeof session?.setAccessLevel !== 'function') return false;
  await session.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
  return true;
}

const KEY = 'overlap.tokens';
/** A token this close to expiry is renewed before use, so a request never starts with a dying token. */
const EXPIRY_MARGIN_MS = 60_000;

/**
 * Tokens held in the background's memory and mirrored to `storage.session` — which the browser
 * keeps in memory, clears when it closes, and (see `restrictSessionAreaToTrustedContexts`)
 * denies to content scripts — so a service worker restart does not force a new sign-in. Never
 * IndexedDB or `storage.local`. Only the background imports this module (a build test checks).
 */
export class TokenVault {
  private readonly grants = new Map<string, Grant>();
  private loaded: Promise<void> | undefined;

  constructor(
    private readonly area: SessionArea,
    private readonly now: () => number = Date.now,
  ) {}

  private key(grant: Pick<Grant, 'provider' | 'email'>): string {
    return `${grant.provider}:${grant.email.toLowerCase()}`;
  }

  private load(): Promise<void> {
    this.loaded ??= this.area.get(KEY).then((items) => {
      const stored = (items[KEY] ?? {}) as Record<string, Grant>;
      for (const [key, grant] of Object.entries(stored)) if (!this.grants.has(key)) this.grants.set(key, grant);
    });
    return this.loaded;
  }

  private persist(): Promise<void> {
    return this.area.set({ [KEY]: Object.fromEntries(this.grants) });
  }

  /** A live token for the account that covers every scope asked for, if one is held. */
  async usable(provider: Grant['provider'], email: string, scopes: readonly string[]): Promise<Grant | undefined> {
    await this.load();
    const grant = this.grants.get(this.key({ provider, email }));
    if (!grant || grant.expiresAt - EXPIRY_MARGIN_MS <= this.now()) return undefined;
    return scopes.every((scope) => grant.grantedScopes.includes(scope)) ? grant : undefined;
  }

  async peek(provider: Grant['provider'], email: string): Promise<Grant | undefined> {
    await this.load();
    return this.grants.get(this.key({ provider, email }));
  }

  async put(grant: Grant): Promise<void> {
    await this.load();
    this.grants.set(this.key(grant), grant);
    await this.persist();
  }

  async forget(provider: Grant['provider'], email: string): Promise<void> {
    await this.load();
    this.grants.delete(this.key({ provider, email }));
    await this.persist();
  }
}
