import { t } from '@/lib/i18n';
import {
  CacheLookupPolicy,
  InteractionRequiredAuthError,
  ProtocolMode,
  PublicClientApplication,
  ServerError,
  type AuthenticationResult,
  type RedirectRequest,
} from '@azure/msal-browser';
import type { MicrosoftTokenSource, MsalAcquireRequest, MsalClientConfig, MsalToken } from './offscreen-protocol';
import { AuthError } from './types';

/** Runs an authorize URL in a sign-in window and resolves with the URL the provider redirected to. */
export type LaunchFlow = (url: string, interactive: boolean) => Promise<string>;

const INTERACTION_ERRORS = new Set(['interaction_required', 'login_required', 'consent_required', 'account_selection_required']);

function toAuthError(error: unknown, fallback: 'interaction-required' | 'provider-error'): AuthError {
  if (error instanceof AuthError) return error;
  if (error instanceof InteractionRequiredAuthError || (error instanceof ServerError && INTERACTION_ERRORS.has(error.errorCode))) {
    return new AuthError('microsoft', 'interaction-required', t('auth_signInAgain', { provider: 'Microsoft' }), { cause: error });
  }
  if (error instanceof ServerError && error.errorCode === 'access_denied') {
    return new AuthError('microsoft', 'cancelled', t('auth_declined', { provider: 'Microsoft' }), { cause: error });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return fallback === 'interaction-required'
    ? new AuthError('microsoft', 'interaction-required', t('auth_signInAgain', { provider: 'Microsoft' }), { cause: error })
    : new AuthError('microsoft', 'provider-error', t('auth_refused', { provider: 'Microsoft', detail }), { cause: error });
}

function tokenOf(result: AuthenticationResult): MsalToken {
  if (!result.account || !result.expiresOn) throw new AuthError('microsoft', 'provider-error', t('auth_noAccountOrExpiry'));
  return {
    accessToken: result.accessToken,
    scopes: result.scopes,
    username: result.account.username,
    ...(result.account.name ? { displayName: result.account.name } : {}),
    expiresAt: result.expiresOn.getTime(),
    idTokenReceived: Boolean(result.idToken),
  };
}

/**
 * MSAL (`@azure/msal-browser`), driven for an extension. MSAL needs a DOM, so this runs in the
 * offscreen document on Chrome/Edge and could run in Firefox's event-page background as is. It
 * never navigates: `onRedirectNavigate` captures the authorize URL MSAL builds, `launchFlow` (the
 * background's `identity.launchWebAuthFlow`) runs it, and `handleRedirectPromise({hash})` turns
 * the answer into tokens. One flow runs at a time, because MSAL allows only one interaction.
 */
export class MsalHost implements MicrosoftTokenSource {
  private client: Promise<PublicClientApplication> | undefined;
  private captureNavigation: ((url: string) => void) | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly config: MsalClientConfig,
    private readonly launchFlow: LaunchFlow,
  ) {}

  acquire(request: MsalAcquireRequest): Promise<MsalToken> {
    return this.serially(() => this.acquireNow(request));
  }

  forget(username: string): Promise<void> {
    return this.serially(async () => {
      const app = await this.app();
      const account = app.getAccount({ username });
      if (account) await app.clearCache({ account });
    });
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work, work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private app(): Promise<PublicClientApplication> {
    this.client ??= (async () => {
      const app = new PublicClientApplication({
        auth: {
          clientId: this.config.clientId,
          authority: this.config.authority,
          redirectUri: this.config.redirectUri,
          ...(this.config.protocol === 'oidc' ? { knownAuthorities: [new URL(this.config.authority).host] } : {}),
          onRedirectNavigate: (url) => {
            this.captureNavigation?.(url);
            return false;
          },
        },
        // memoryStorage cannot hold a redirect flow's state; the session store dies with the document.
        cache: { cacheLocation: 'sessionStorage' },
        system: { protocolMode: this.config.protocol === 'oidc' ? ProtocolMode.OIDC : ProtocolMode.AAD },
      });
      await app.initialize();
      return app;
    })();
    return this.client;
  }

  private async acquireNow(request: MsalAcquireRequest): Promise<MsalToken> {
    const app = await this.app();
    const account = request.loginHint ? app.getAccount({ username: request.loginHint }) : null;
    if (account) {
      try {
        return tokenOf(
          await app.acquireTokenSilent({
            scopes: request.scopes,
            account,
            forceRefresh: request.forceRefresh,
            // Without a refresh token the default policy waits ~10 s on a hidden iframe; fail at once instead.
            cacheLookupPolicy: request.forceRefresh ? CacheLookupPolicy.RefreshToken : CacheLookupPolicy.AccessTokenAndRefreshToken,
          }),
        );
      } catch {
        // Renewal through the identity provider's session below tells what is really wrong.
      }
    }
    if (request.loginHint) {
      try {
        return await this.redirectFlow(app, { scopes: request.scopes, loginHint: request.loginHint, prompt: 'none' }, false);
      } catch (error) {
        if (!request.interactive || !(error instanceof AuthError) || error.kind !== 'interaction-required') throw error;
      }
      return this.redirectFlow(app, { scopes: request.scopes, loginHint: request.loginHint }, true);
    }
    if (!request.interactive) throw new AuthError('microsoft', 'interaction-required', t('auth_signInNeeded', { provider: 'Microsoft' }));
    return this.redirectFlow(app, { scopes: request.scopes, prompt: 'select_account' }, true);
  }

  private async redirectFlow(app: PublicClientApplication, request: RedirectRequest, interactive: boolean): Promise<MsalToken> {
    let authorizeUrl: string | undefined;
    this.captureNavigation = (url) => {
      authorizeUrl = url;
    };
    try {
      await app.acquireTokenRedirect(request);
    } catch (error) {
      throw toAuthError(error, 'provider-error');
    } finally {
      this.captureNavigation = undefined;
    }
    if (!authorizeUrl) throw new AuthError('microsoft', 'provider-error', t('auth_noSignInAddress'));

    let redirect: string;
    try {
      redirect = await this.launchFlow(authorizeUrl, interactive);
    } catch (error) {
      await this.abandon(app, authorizeUrl);
      throw interactive
        ? new AuthError('microsoft', 'cancelled', t('auth_windowClosed', { provider: 'Microsoft' }), { cause: error })
        : new AuthError('microsoft', 'interaction-required', t('auth_signInAgain', { provider: 'Microsoft' }), { cause: error });
    }
    let result: AuthenticationResult | null;
    try {
      result = await app.handleRedirectPromise({ hash: new URL(redirect).hash, navigateToLoginRequestUrl: false });
    } catch (error) {
      throw toAuthError(error, 'provider-error');
    }
    if (!result) throw new AuthError('microsoft', 'provider-error', t('auth_stateMismatch', { provider: 'Microsoft' }));
    return tokenOf(result);
  }

  /**
   * A flow that never came back leaves MSAL in `interaction_in_progress`, refusing every later
   * flow. Answering it with an error that carries its own `state` ends it the way MSAL expects.
   */
  private async abandon(app: PublicClientApplication, authorizeUrl: string): Promise<void> {
    const state = new URL(authorizeUrl).searchParams.get('state');
    if (!state) return;
    const hash = `#${new URLSearchParams({ error: 'access_denied', error_description: 'The sign-in window closed.', state }).toString()}`;
    await app.handleRedirectPromise({ hash, navigateToLoginRequestUrl: false }).catch(() => undefined);
  }
}
