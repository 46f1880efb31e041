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
    return { kind: 'rate-limited', retryable: true, message: 'Google is limiting how fast Overlap may ask. Try again in a minute.', ...withReason };
  }
  if (reason === 'quotaExceeded' || reason === 'dailyLimitExceeded') {
    return { kind: 'rate-limited', retryable: false, message: 'Google’s calendar usage limit for this account is used up for now. Try again later.', ...withReason };
  }
  if (answer.status === 403 && reason && scopeReasons.has(reason)) return { kind: 'consent-needed', ...withReason };
  if (answer.status === 401) return { kind: 'unauthorized', ...withReason };
  if (answer.status === 409 && reason === 'duplicate') {
    return { kind: 'conflict', message: 'An event with this id already exists in Google Calendar.', ...withReason };
  }
  if (answer.status === 412) {
    return { kind: 'conflict', message: 'The event changed in Google Calendar since Overlap read it. Reload and try again.', ...withReason };
  }
  if (answer.status === 404 || answer.status === 410) {
    return { kind: 'not-found', message: 'Google Calendar could not find that event; it may have been deleted.', ...withReason };
  }
  if (answer.status >= 500) return { kind: 'unavailable', retryable: true, ...withReason };
  if (answer.status === 400 || answer.status === 403) {
    return { kind: 'invalid-request', message: `Google refused the request${googleMessage ? `: ${googleMessage}` : '.'}`, ...withReason };
  }
  return undefined;
}
