import { t } from '@/lib/i18n';
import { z } from 'zod';
import { accountId } from '@/lib/store/accounts';
import type { Ledger } from '@/lib/store/ledger';
import { auditedFetch, type AuditContext } from './audited-fetch';
import type { IdentityPort } from './identity-port';
import type { TokenVault } from './token-vault';
import { AuthError, type AuthorizeRequest, type Grant, type ProviderAuth, type RevokeOutcome } from './types';

export interface GoogleAuthConfig {
  clientId: string;
  /** `https://accounts.google.com/o/oauth2/v2/auth` */
  authorizeUrl: string;
  /** `https://oauth2.googleapis.com/tokeninfo` */
  tokenInfoUrl: string;
  /** `https://oauth2.googleapis.com/revoke` */
  revokeUrl: string;
}

const TokenInfoSchema = z.object({
  aud: z.string(),
  azp: z.string().optional(),
  scope: z.string(),
  email: z.string().optional(),
  expires_in: z.union([z.string(), z.number()]).transform(Number),
});

const GOOGLE_PERMISSIONS_URL = 'https://myaccount.google.com/connections';

function randomState(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Google sign-in through `identity.launchWebAuthFlow` and the implicit flow — the one flow that
 * works without a client secret, hence without a server of ours. Renewal is silent
 * (`prompt=none` + `login_hint`) before it is interactive, and the granted scopes always come
 * from Google's answer, because granular consent lets the user untick any of them.
 */
export class GoogleAuth implements ProviderAuth {
  readonly provider = 'google' as const;

  constructor(
    private readonly config: GoogleAuthConfig,
    private readonly identity: IdentityPort,
    private readonly vault: TokenVault,
    /** Where the tokeninfo and revoke calls are recorded, like every other call to Google. */
    private readonly ledger: Pick<Ledger, 'record' | 'begin' | 'settle'>,
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
    private readonly now: () => number = Date.now,
  ) {}

  async authorize(request: AuthorizeRequest): Promise<Grant> {
    if (!this.config.clientId) throw new AuthError('google', 'not-configured', t('auth_noClientId', { provider: 'Google' }));
    if (request.email && !request.forceRefresh) {
      const cached = await this.vault.usable('google', request.email, request.scopes);
      if (cached) return cached;
    }
    if (request.email) {
      try {
        return await this.runFlow(request, 'silent');
      } catch (error) {
        if (!request.interactive || !(error instanceof AuthError) || error.kind !== 'interaction-required') throw error;
      }
    } else if (!request.interactive) {
      throw new AuthError('google', 'interaction-required', t('auth_signInNeeded', { provider: 'Google' }));
    }
    return this.runFlow(request, 'interactive');
  }

  private async runFlow(request: AuthorizeRequest, mode: 'silent' | 'interactive'): Promise<Grant> {
    const state = randomState();
    const url = new URL(this.config.authorizeUrl);
    url.search = new URLSearchParams({
      client_id: this.config.clientId,
      redirect_uri: this.identity.redirectUrl(),
      response_type: 'token',
      scope: request.scopes.join(' '),
      include_granted_scopes: 'true',
      state,
      ...(request.email ? { login_hint: request.email } : {}),
      ...(mode === 'silent' ? { prompt: 'none' } : request.email ? {} : { prompt: 'select_account' }),
    }).toString();

    let redirect: string;
    try {
      redirect = await this.identity.launchWebAuthFlow(url.toString(), mode === 'interactive');
    } catch (error) {
      throw mode === 'silent'
        ? new AuthError('google', 'interaction-required', t('auth_signInAgain', { provider: 'Google' }), { cause: error })
        : new AuthError('google', 'cancelled', t('auth_windowClosed', { provider: 'Google' }), { cause: error });
    }
    const answer = new URLSearchParams(new URL(redirect).hash.slice(1));
    if (answer.get('state') !== state) throw new AuthError('google', 'provider-error', t('auth_stateMismatch', { provider: 'Google' }));
    const error = answer.get('error');
    if (error) {
      if (['interaction_required', 'consent_required', 'login_required', 'account_selection_required'].includes(error)) {
        throw new AuthError('google', 'interaction-required', t('auth_confirmInWindow'));
      }
      if (error === 'access_denied') throw new AuthError('google', 'cancelled', t('auth_declined', { provider: 'Google' }));
      throw new AuthError('google', 'provider-error', t('auth_refused', { provider: 'Google', detail: error }));
    }
    const accessToken = answer.get('access_token');
    if (!accessToken) throw new AuthError('google', 'provider-error', t('auth_noAccessToken'));

    const info = await this.tokenInfo(accessToken, request);
    const email = info.email?.toLowerCase();
    if (!email) throw new AuthError('google', 'provider-error', t('auth_noAccountNamed'));
    if (request.email && email !== request.email.toLowerCase()) {
      throw new AuthError('google', 'provider-error', t('auth_wrongAccount', { email, expected: request.email }));
    }
    const grant: Grant = {
      provider: 'google',
      email,
      accessToken,
      grantedScopes: info.scope.split(' ').filter(Boolean).map(normalizeGoogleScope),
      expiresAt: this.now() + info.expires_in * 1000,
    };
    await this.vault.put(grant);
    return grant;
  }

  /** A call about the account's grant itself, filed in the ledger under the identity feature. */
  private audit(scopes: readonly string[], email: string): AuditContext {
    return { accountId: accountId('google', email), provider: 'google', feature: 'identify-account', scope: scopes.join(' ') };
  }

  /**
   * Confirms the token was issued to this extension (not substituted) and reads what it grants.
   * The token travels in the POST body, never in a URL that proxies and logs might keep.
   */
  private async tokenInfo(accessToken: string, request: AuthorizeRequest): Promise<z.infer<typeof TokenInfoSchema>> {
    // A first sign-in learns from this very answer which account it is about.
    const fetchAudited = auditedFetch(this.ledger, async (response) => {
      const email = request.email ?? (response ? TokenInfoSchema.safeParse(await response.clone().json()).data?.email : undefined);
      return email ? this.audit(request.scopes, email) : undefined;
    }, this.fetchImpl);
    let body: unknown;
    try {
      const response = await fetchAudited(this.config.tokenInfoUrl, { method: 'POST', body: new URLSearchParams({ access_token: accessToken }) });
      body = await response.json();
      if (!response.ok) throw new Error(`tokeninfo answered ${response.status}`);
    } catch (error) {
      throw new AuthError('google', 'provider-error', t('auth_couldNotConfirm'), { cause: error });
    }
    const info = TokenInfoSchema.safeParse(body);
    if (!info.success) throw new AuthError('google', 'provider-error', t('auth_tokenInfoMalformed'));
    if (info.data.aud !== this.config.clientId && info.data.azp !== this.config.clientId) {
      throw new AuthError('google', 'provider-error', t('auth_otherApp'));
    }
    return info.data;
  }

  async revoke(email: string): Promise<RevokeOutcome> {
    // Google revokes with any live token of the grant; renew silently if the held one is dead.
    let grant = await this.vault.usable('google', email, []);
    if (!grant) {
      grant = await this.authorize({ email, scopes: ['openid', 'email'], interactive: false }).catch(() => undefined);
    }
    await this.vault.forget('google', email);
    if (!grant) {
      return {
        revokedAtProvider: false,
        explanation: t('auth_revokeUnreachable'),
        manageUrl: GOOGLE_PERMISSIONS_URL,
      };
    }
    const revokeAudited = auditedFetch(this.ledger, this.audit(grant.grantedScopes, email), this.fetchImpl);
    const response = await revokeAudited(this.config.revokeUrl, { method: 'POST', body: new URLSearchParams({ token: grant.accessToken }) }).catch(() => undefined);
    if (!response?.ok) {
      return {
        revokedAtProvider: false,
        explanation: t('auth_revokeUnconfirmed'),
        manageUrl: GOOGLE_PERMISSIONS_URL,
      };
    }
    return {
      revokedAtProvider: true,
      explanation: t('auth_revoked'),
      manageUrl: GOOGLE_PERMISSIONS_URL,
    };
  }
}

/** Google reports the identity scopes by their long names; the catalog uses the short ones. */
export function normalizeGoogleScope(scope: string): string {
  if (scope === 'https://www.googleapis.com/auth/userinfo.email') return 'email';
  if (scope === 'https://www.googleapis.com/auth/userinfo.profile') return 'profile';
  return scope;
}
