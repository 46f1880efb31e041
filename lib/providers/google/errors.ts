import { t } from '@/lib/i18n';
import type { ErrorAnswer, InterpretedError } from '../http';
import { googleErrorBodySchema } from './wire';

const rateLimitReasons = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'RATE_LIMIT_EXCEEDED']);
const scopeReasons = new Set(['insufficientPermissions', 'ACCESS_TOKEN_SCOPE_INSUFFICIENT']);

/** Reads Google's error envelopes into the provider-neutral error kinds. */
export function interpretGoogleError(answer: ErrorAnswer): InterpretedError | undefined {
  const parsed = googleErrorBodySchema.safeParse(answer.body);
  const error = parsed.success ? parsed.data.error : undefined;
  const reason = error?.errors?.[0]?.reason ?? error?.details?.find((detail) => detail.reason)?.reason;
  const googleMessage = error?.message;
  const withReason = reason ? { reason } : {};

  if (reason && rateLimitReasons.has(reason)) {
    return { kind: 'rate-limited', retryable: true, message: t('provider_rateLimited', { service: 'Google' }), ...withReason };
  }
  if (reason === 'quotaExceeded' || reason === 'dailyLimitExceeded') {
    return { kind: 'rate-limited', retryable: false, message: t('provider_googleQuota'), ...withReason };
  }
  if (answer.status === 403 && reason && scopeReasons.has(reason)) return { kind: 'consent-needed', ...withReason };
  if (answer.status === 401) return { kind: 'unauthorized', ...withReason };
  if (answer.status === 409 && reason === 'duplicate') {
    return { kind: 'conflict', message: t('provider_googleDuplicate'), ...withReason };
  }
  if (answer.status === 412) {
    return { kind: 'conflict', message: t('provider_googleChanged'), ...withReason };
  }
  if (answer.status === 404 || answer.status === 410) {
    return { kind: 'not-found', message: t('provider_googleNotFound'), ...withReason };
  }
  if (answer.status >= 500) return { kind: 'unavailable', retryable: true, ...withReason };
  if (answer.status === 400 || answer.status === 403) {
    return { kind: 'invalid-request', message: googleMessage ? t('provider_googleRefusedBecause', { detail: googleMessage }) : t('provider_googleRefused'), ...withReason };
  }
  return undefined;
}
