import type { ProviderName } from './types';

export type ProviderErrorKind =
  | 'consent-needed'
  | 'unauthorized'
  | 'rate-limited'
  | 'unavailable'
  | 'timeout'
  /** The user stopped waiting (cancelled the search); nothing to retry. */
  | 'cancelled'
  | 'malformed-response'
  | 'not-found'
  | 'conflict'
  | 'not-partner-event'
  | 'invalid-request'
  | 'network';

type ErrorDetails =
  | { kind: 'consent-needed'; /** The full scope URL / name the user must grant. */ scope: string }
  | { kind: 'malformed-response'; /** Dotted path of the offending field, e.g. `calendars.a@b.busy.0.start`. */ field: string }
  | { kind: Exclude<ProviderErrorKind, 'consent-needed' | 'malformed-response'> };

export type ProviderErrorInit = ErrorDetails & {
  provider: ProviderName;
  /** A sentence a user can read. */
  message: string;
  retryable?: boolean;
  /** HTTP status, when the error came from an answer. */
  status?: number;
  /** The provider's own reason code (`rateLimitExceeded`, `ErrorAccessDenied`, …). */
  reason?: string;
  cause?: unknown;
};

export const providerLabels: Record<ProviderName, string> = { google: 'Google', microsoft: 'Microsoft' };

/** Every failure a provider client reports; the UI switches on `kind`. */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly provider: ProviderName;
  readonly kind: ProviderErrorKind;
  readonly retryable: boolean;
  readonly status: number | undefined;
  readonly reason: string | undefined;
  readonly scope: string | undefined;
  readonly field: string | undefined;

  constructor(init: ProviderErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.provider = init.provider;
    this.kind = init.kind;
    this.retryable = init.retryable ?? false;
    this.status = init.status;
    this.reason = init.reason;
    this.scope = init.kind === 'consent-needed' ? init.scope : undefined;
    this.field = init.kind === 'malformed-response' ? init.field : undefined;
  }
}

export function isProviderError(error: unknown, kind?: ProviderErrorKind): error is ProviderError {
  return error instanceof ProviderError && (kind === undefined || error.kind === kind);
}

/**
 * A failure of one batch that is everyone's: missing consent or a dead sign-in (the user has to
 * act) or the user's cancel. A free/busy read stops on it instead of marking that batch unknown.
 */
export function endsWholeLookup(error: unknown): boolean {
  return isProviderError(error, 'consent-needed') || isProviderError(error, 'unauthorized') || isProviderError(error, 'cancelled');
}
