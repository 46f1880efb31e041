import { formatList, plural, t } from '@/lib/i18n';
import type { Accounts } from '@/lib/store/accounts';
import type { AccountRecord } from '@/lib/store/db';
import type { Ledger } from '@/lib/store/ledger';
import { accountId as makeAccountId, scopesAfterAnswer } from '@/lib/store/accounts';
import { AccountCalls } from './account-calls';
import { featureById, features, scopeInfo, scopesFor, featuresUsing, type FeatureId, type Provider } from './scopes';
import { AuthError, type Grant, type ProviderAuth, type RevokeOutcome } from './types';

/** The user's consent lacks scopes a feature needs; the UI offers to ask again. */
export class ConsentMissingError extends Error {
  override readonly name = 'ConsentMissingError';
  constructor(
    readonly provider: Provider,
    readonly feature: FeatureId,
    readonly missingScopes: string[],
  ) {
    super(
      t('auth_consentMissing', {
        feature: featureById(feature).title,
        permissions: formatList(missingScopes.map((scope) => scopeInfo(provider, scope)?.label ?? scope)),
      }),
    );
  }
}

export interface ScopeView {
  scope: string;
  label: string;
  allows: string;
  why: string;
  never: string;
  usedBy: { id: FeatureId; title: string }[];
  lastUsed?: string;
}

export interface AccountView {
  id: string;
  provider: Provider;
  email: string;
  connectedAt: string;
  granted: ScopeView[];
  /** Scopes the enabled features need but the provider did not grant. */
  missing: (ScopeView & { neededBy: FeatureId[] })[];
  features: { id: FeatureId; title: string; summary: string; enabled: boolean; essential: boolean; usesProvider: boolean }[];
}

export interface GrantOptions {
  /** Whether a consent or sign-in window may open (the user just asked for the feature). */
  interactive: boolean;
  /** Skip the held token (after a 401). */
  forceRefresh?: boolean;
  /** The token the provider refused; a newer one already held is used rather than renewed again. */
  rejectedToken?: string;
}

export interface FeatureChange {
  account: AccountRecord;
  /** Plain words about what happened at the provider. */
  explanation: string;
  manageUrl?: string;
  droppedScopes: string[];
}

function view(provider: Provider, scope: string, lastUsed?: string): ScopeView {
  const info = scopeInfo(provider, scope);
  return {
    scope,
    label: info?.label ?? scope,
    allows: info?.allows ?? t('scope_unknown_allows'),
    why: info?.why ?? t('scope_unknown_why'),
    never: info?.never ?? t('scope_unknown_never'),
    usedBy: featuresUsing(provider, scope).map((feature) => ({ id: feature.id, title: feature.title })),
    lastUsed,
  };
}

/**
 * Scopes whose whole use is the sign-in answer itself (who signed in, their name), so a sign-in
 * is when they were last used. `User.Read` and `offline_access` are not among them: Overlap
 * never reads the profile through Graph, and a refresh is not a sign-in.
 */
const SIGN_IN_SCOPES = ['openid', 'email', 'profile'];

/**
 * The scopes a token answer speaks for. Google's lists the whole grant (`include_granted_scopes`),
 * so a scope it leaves out really was withdrawn: undefined, the answer replaces the record.
 * Entra's consent is incremental and stays until the user removes it (myapps.microsoft.com,
 * account.live.com), but a token lists only what was consented when it was minted, and some
 * answers list only what was asked: a Microsoft token answers for the scopes it was asked for,
 * and the scopes other features were granted keep their state.
 */
function answeredFor(grant: Grant, requested: readonly string[]): readonly string[] | undefined {
  return grant.provider === 'microsoft' ? requested : undefined;
}

/** The account's granted scopes once this answer is recorded. */
function grantedAfter(account: AccountRecord, grant: Grant, requested: readonly string[]): string[] {
  const answered = answeredFor(grant, requested);
  return answered ? scopesAfterAnswer(account.grantedScopes, grant.grantedScopes, answered) : grant.grantedScopes;
}

/** Providers list scopes in any order; the account record keeps them sorted. */
function sameScopes(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((scope) => set.has(scope));
}

/**
 * Least privilege in one place: a feature's scopes are asked for the first time the feature is
 * used, the granted set is always the provider's word, and turning a feature off drops the
 * scopes only it needed, as far as each provider allows.
 */
export class AccessManager {
  /**
   * Token fetches under way, by account and scope set: concurrent requests that all need a token
   * (a first search, or several calls that met the same 401) share one sign-in or renewal
   * instead of each opening its own. Entries leave when their fetch settles.
   */
  private readonly inFlight = new Map<string, { options: GrantOptions; grant: Promise<Grant> }>();
  /** The provider calls and token requests under way per account, which a disconnect waits for. */
  readonly calls = new AccountCalls();

  constructor(
    private readonly auth: Record<Provider, ProviderAuth>,
    private readonly accounts: Accounts,
    private readonly ledger: Ledger,
  ) {}

  private async record(grant: Grant, feature: FeatureId, requested: readonly string[]): Promise<AccountRecord> {
    const missing = requested.filter((scope) => !grant.grantedScopes.includes(scope));
    const account = await this.accounts.recordGrant({
      provider: grant.provider,
      email: grant.email,
      displayName: grant.displayName,
      grantedScopes: grant.grantedScopes,
      answeredFor: answeredFor(grant, requested),
      // The feature stays wanted even when a scope was declined, so the page can show what is missing.
      enableFeature: feature,
    });
    await this.ledger.record({
      accountId: account.id,
      provider: grant.provider,
      operation: 'sign-in',
      scope: requested.join(' '),
      feature,
      outcome: 'ok',
      detail: missing.length ? `declined: ${missing.join(' ')}` : undefined,
    });
    return account;
  }

  /** Connects a new account, asking only for identity and the scopes of the first feature. */
  async connect(provider: Provider, feature: FeatureId = 'find-times'): Promise<{ account: AccountRecord; missing: string[] }> {
    const scopes = scopesFor(provider, ['identify-account', feature]);
    const grant = await this.auth[provider].authorize({ scopes, interactive: true });
    const account = await this.record(grant, feature, scopes);
    this.calls.reopen(account.id);
    return { account, missing: scopes.filter((scope) => !grant.grantedScopes.includes(scope)) };
  }

  /**
   * A token that covers `feature` at this account. Interactive when the user just asked for the
   * feature (so consent for a new scope can be shown); silent otherwise.
   */
  async grantFor(accountId: string, feature: FeatureId, options: GrantOptions): Promise<Grant> {
    const account = await this.accounts.get(accountId);
    if (!account) throw new AuthError(accountId.startsWith('microsoft') ? 'microsoft' : 'google', 'provider-error', t('auth_noSuchAccount', { account: accountId }));
    const scopes = scopesFor(account.provider, ['identify-account', feature]);
    const key = `${account.id} ${[...scopes].sort().join(' ')}`;
    const running = this.inFlight.get(key);
    // A fetch may be joined when it is at least what this caller needs: a renewal where a fresh
    // token is wanted, a window allowed where this caller would allow one.
    if (running && (running.options.forceRefresh || !options.forceRefresh) && (running.options.interactive || !options.interactive)) return running.grant;
    const grant = this.fetchGrant(account, feature, scopes, options).finally(() => {
      if (this.inFlight.get(key)?.grant === grant) this.inFlight.delete(key);
    });
    this.inFlight.set(key, { options, grant });
    return grant;
  }

  private async fetchGrant(account: AccountRecord, feature: FeatureId, scopes: string[], options: GrantOptions): Promise<Grant> {
    const firstUse = !account.enabledFeatures.includes(feature);
    const grant = await this.currentOrRenewed(account, scopes, options);
    const missing = scopes.filter((scope) => !grant.grantedScopes.includes(scope));
    // Compared with what recording would leave, so a token that changes nothing writes no sign-in.
    if (firstUse || missing.length || !sameScopes(grantedAfter(account, grant, scopes), account.grantedScopes)) {
      await this.record(grant, feature, scopes);
    }
    if (missing.length) throw new ConsentMissingError(account.provider, feature, missing);
    return grant;
  }

  /**
   * The held token, or a renewed one when asked. A call whose token was refused after another
   * call already renewed it gets the renewed token: one 401 storm, one renewal.
   */
  private async currentOrRenewed(account: AccountRecord, scopes: string[], options: GrantOptions): Promise<Grant> {
    const auth = this.auth[account.provider];
    const request = { email: account.email, scopes, interactive: options.interactive };
    if (options.forceRefresh && options.rejectedToken) {
      const held = await auth.authorize(request);
      if (held.accessToken !== options.rejectedToken) return held;
    }
    return auth.authorize({ ...request, forceRefresh: options.forceRefresh });
  }

  async setFeatureEnabled(accountId: string, feature: FeatureId, enabled: boolean): Promise<FeatureChange> {
    const account = await this.accounts.get(accountId);
    if (!account) throw new Error(t('auth_noSuchAccount', { account: accountId }));
    if (featureById(feature).essential && !enabled) throw new Error(t('auth_essentialFeature'));
    if (enabled) {
      await this.grantFor(accountId, feature, { interactive: true });
      const updated = (await this.accounts.get(accountId))!;
      return { account: updated, droppedScopes: [], explanation: t('auth_featureOn', { feature: featureById(feature).title }) };
    }

    const remaining = account.enabledFeatures.filter((id) => id !== feature);
    const keep = scopesFor(account.provider, ['identify-account', ...remaining]);
    const dropped = account.grantedScopes.filter((scope) => !keep.includes(scope));
    const turnedOff = await this.accounts.setFeatureEnabled(accountId, feature, false);
    const title = featureById(feature).title;
    if (dropped.length === 0) {
      return { account: turnedOff, droppedScopes: [], explanation: t('auth_featureOffNothingChanged', { feature: title }) };
    }

    // The reduced grant is written before anything happens at the provider, so whatever is
    // interrupted next (the revoke, the window asking again, the worker itself), the page never
    // lists a scope Overlap gave up.
    const reduced = { provider: account.provider, email: account.email, grantedScopes: account.grantedScopes.filter((scope) => keep.includes(scope)) };
    const updated = await this.accounts.recordGrant(reduced);
    const outcome = await this.auth[account.provider].revoke(account.email);
    if (account.provider === 'google' && outcome.revokedAtProvider) {
      return this.regrantGoogle(updated, feature, keep, dropped, outcome);
    }
    await this.ledger.record({ accountId, provider: account.provider, operation: 'forget-tokens', scope: dropped.join(' '), feature, outcome: 'ok' });
    return { account: updated, droppedScopes: dropped, explanation: t('auth_featureOff', { feature: title, outcome: outcome.explanation }), manageUrl: outcome.manageUrl };
  }

  /**
   * Google withdrew the whole grant, so nothing is granted until the user consents again to what
   * the other features need. If they close that window the account says so: nothing granted, and
   * each remaining feature lists the permission it needs back.
   */
  private async regrantGoogle(account: AccountRecord, feature: FeatureId, keep: string[], dropped: string[], outcome: RevokeOutcome): Promise<FeatureChange> {
    const title = featureById(feature).title;
    const withdrawn = await this.accounts.recordGrant({ provider: 'google', email: account.email, grantedScopes: [] });
    const base = { droppedScopes: dropped, manageUrl: outcome.manageUrl };
    let grant: Grant;
    try {
      grant = await this.auth.google.authorize({ email: account.email, scopes: keep, interactive: true });
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      await this.ledger.record({ accountId: account.id, provider: 'google', operation: 'revoke-and-regrant', scope: keep.join(' '), feature, outcome: 'error', detail: error.kind });
      const waiting = withdrawn.enabledFeatures.map((id) => featureById(id).title);
      return {
        ...base,
        account: withdrawn,
        explanation: waiting.length
          ? plural('auth_regrantFailedWaiting', waiting.length, { feature: title, error: error.message, waiting: formatList(waiting) })
          : t('auth_regrantFailed', { feature: title, error: error.message }),
      };
    }
    const regranted = await this.accounts.recordGrant({ provider: 'google', email: grant.email, grantedScopes: grant.grantedScopes });
    await this.ledger.record({ accountId: account.id, provider: 'google', operation: 'revoke-and-regrant', scope: keep.join(' '), feature, outcome: 'ok' });
    return {
      ...base,
      account: regranted,
      explanation: t('auth_regranted', { feature: title }),
    };
  }

  /**
   * Closes the account to new calls, waits for the calls and token requests already running, and
   * only then revokes, so no request carries a token after its disconnect began.
   */
  async disconnect(accountId: string): Promise<RevokeOutcome> {
    const account = await this.accounts.get(accountId);
    if (!account) throw new Error(t('auth_noSuchAccount', { account: accountId }));
    await this.calls.close(accountId);
    const outcome = await this.auth[account.provider].revoke(account.email);
    await this.accounts.remove(accountId);
    await this.ledger.deleteAccount(accountId);
    return outcome;
  }

  async overview(): Promise<AccountView[]> {
    const accounts = await this.accounts.list();
    return Promise.all(
      accounts.map(async (account) => {
        const needed = scopesFor(account.provider, ['identify-account', ...account.enabledFeatures]);
        // Two reads of the ledger that do not depend on each other, so asked for at once.
        const [lastUsed, [lastSignIn]] = await Promise.all([
          this.ledger.lastUsed(account.id, account.grantedScopes),
          this.ledger.list({ accountId: account.id, operation: 'sign-in', limit: 1 }),
        ]);
        // Every sign-in updates the account, so its update time stands in once the ledger pruned the entry.
        const signedInAt = lastSignIn?.at ?? account.updatedAt;
        for (const scope of SIGN_IN_SCOPES) {
          if (account.grantedScopes.includes(scope)) lastUsed[scope] = [lastUsed[scope], signedInAt].filter(Boolean).sort().at(-1);
        }
        const missing = needed.filter((scope) => !account.grantedScopes.includes(scope));
        return {
          id: account.id,
          provider: account.provider,
          email: account.email,
          connectedAt: account.connectedAt,
          granted: account.grantedScopes.map((scope) => view(account.provider, scope, lastUsed[scope])),
          missing: missing.map((scope) => ({
            ...view(account.provider, scope),
            // The essential feature needs its scopes though it is never "enabled" by use.
            neededBy: [...features.filter((feature) => feature.essential).map((feature) => feature.id), ...account.enabledFeatures].filter((id) => featureById(id).scopes[account.provider]?.includes(scope)),
          })),
          features: features.map((feature) => ({
            id: feature.id,
            title: feature.title,
            summary: feature.summary,
            enabled: feature.essential === true || account.enabledFeatures.includes(feature.id),
            essential: feature.essential === true,
            usesProvider: (feature.scopes[account.provider]?.length ?? 0) > 0,
          })),
        };
      }),
    );
  }
}

export { makeAccountId as accountIdOf };
