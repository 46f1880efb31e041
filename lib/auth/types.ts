import type { Provider } from './scopes';

/** What a provider's sign-in answered. The token stays in the background; nothing else sees it. */
export interface Grant {
  provider: Provider;
  email: string;
  displayName?: string;
  accessToken: string;
  /** As the provider reported it — the user may have unticked some of what was asked. */
  grantedScopes: string[];
  /** Epoch milliseconds. */
  expiresAt: number;
}

export interface AuthorizeRequest {
  /** The account to renew; absent when connecting a new account. */
  email?: string;
  scopes: readonly string[];
  /** Whether a window may be shown; false renews silently or fails with `interaction-required`. */
  interactive: boolean;
  /** Skip any cached token (after a 401). */
  forceRefresh?: boolean;
}

export interface RevokeOutcome {
  /** True when the provider itself withdrew the grant (Google); false where only Overlap forgot its tokens (Microsoft). */
  revokedAtProvider: boolean;
  /** Plain words for the permissions page. */
  explanation: string;
  /** Where the user finishes the job themselves, when Overlap cannot. */
  manageUrl?: string;
}

export interface ProviderAuth {
  readonly provider: Provider;
  authorize(request: AuthorizeRequest): Promise<Grant>;
  /** Withdraws Overlap's access as far as the provider allows, and forgets every token of the account. */
  revoke(email: string): Promise<RevokeOutcome>;
}

export type AuthErrorKind =
  /** Silent renewal is impossible; the user must see a window. */
  | 'interaction-required'
  /** The user closed the window or said no. */
  | 'cancelled'
  /** The build has no client id for this provider. */
  | 'not-configured'
  /** The provider answered something Overlap cannot use. */
  | 'provider-error';

export class AuthError extends Error {
  override readonly name = 'AuthError';
  constructor(
    readonly provider: Provider,
    readonly kind: AuthErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
