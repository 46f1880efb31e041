import { t } from '@/lib/i18n';
import { features, type FeatureId } from '@/lib/auth/scopes';
import type { ReplyError } from '@/lib/messaging/protocol';

/** What the user can do about a failure; the popup turns each into one button. */
export type RemedyAction =
  /** Ask for the missing permission (opens the provider's consent window), then repeat. */
  | { kind: 'grant-and-retry'; label: string; feature: FeatureId }
  /** Repeat the same request (the booking reuses its operation key). */
  | { kind: 'retry'; label: string }
  /** The account must be connected again from the permissions page. */
  | { kind: 'open-permissions'; label: string };

export interface Guidance {
  /** What went wrong and what to do, in one or two sentences. */
  message: string;
  action?: RemedyAction;
}

const providerNames: Record<string, string> = { google: 'Google', microsoft: 'Microsoft' };

function isFeatureId(value: unknown): value is FeatureId {
  return features.some((feature) => feature.id === value);
}

/** Reads the background's error from anything thrown: a MessageError carries it as `reply`. */
export function replyOf(error: unknown): ReplyError | undefined {
  if (typeof error !== 'object' || error === null || !('reply' in error)) return undefined;
  const reply = (error as { reply: unknown }).reply;
  return typeof reply === 'object' && reply !== null && 'code' in reply && 'message' in reply ? (reply as ReplyError) : undefined;
}

const retry = (): RemedyAction => ({ kind: 'retry', label: t('guidance_tryAgain') });
const openPermissions = (): RemedyAction => ({ kind: 'open-permissions', label: t('guidance_openPermissions') });

/**
 * Turns a failed request into words and a next step. `doing` names the attempt as a `guidance_doing…`
 * message ("book the meeting", "den Termin zu buchen") so the message says what did not happen.
 */
export function guidanceFor(error: unknown, doing: string): Guidance {
  const reply = replyOf(error);
  const couldNot = (detail: string) => t('guidance_couldNot', { doing, detail });
  if (!reply) {
    const text = error instanceof Error ? error.message : String(error);
    return { message: couldNot(text), action: retry() };
  }
  const detail = reply.detail ?? {};
  const provider = providerNames[String(detail.provider)] ?? t('guidance_providerUnknown');
  const values = { provider, doing, detail: reply.message };
  switch (reply.code) {
    case 'background-lost':
      if (detail.kind === 'context-invalidated') {
        return { message: t('guidance_contextInvalidated') };
      }
      return { message: t('guidance_backgroundLost', values), action: retry() };
    case 'consent-needed': {
      const feature = isFeatureId(detail.feature) ? detail.feature : undefined;
      const title = features.find((candidate) => candidate.id === feature)?.title;
      if (!feature) return { message: t('guidance_consentNoFeature', values), action: openPermissions() };
      return {
        message: t('guidance_consentNeeded', { ...values, feature: title ?? feature }),
        action: { kind: 'grant-and-retry', label: t('guidance_grantAndRetry'), feature },
      };
    }
    case 'auth-failed':
      if (detail.kind === 'cancelled') {
        return { message: t('guidance_signInCancelled', values), action: retry() };
      }
      if (detail.kind === 'interaction-required') {
        return { message: t('guidance_signInAgain', values), action: { kind: 'retry', label: t('guidance_signInAndRetry') } };
      }
      return { message: t('guidance_signInFailed', values), action: openPermissions() };
    case 'provider-failed':
      switch (detail.kind) {
        case 'rate-limited':
          return { message: t('guidance_rateLimited', values), action: retry() };
        case 'network':
          return { message: t('network_offline', { provider, doing }), action: retry() };
        case 'cancelled':
          return { message: reply.message };
        case 'unavailable':
        case 'timeout':
          return { message: t('guidance_noAnswer', values), action: retry() };
        case 'unauthorized':
        case 'consent-needed':
          return { message: t('guidance_accessRefused', values), action: openPermissions() };
        case 'not-partner-event':
          return { message: t('guidance_notPartnerEvent') };
        case 'not-found':
          return { message: t('guidance_notFound', values) };
        default:
          return { message: couldNot(reply.message), action: detail.retryable === true ? retry() : undefined };
      }
    case 'unknown-message':
      return { message: t('guidance_unknownMessage', values) };
    case 'invalid-message': {
      const issues = (reply.issues ?? []).map((issue) => `${issue.path}: ${issue.message}`).join('; ');
      return { message: couldNot(issues || reply.message) };
    }
    case 'forbidden-sender':
      return { message: couldNot(reply.message) };
    case 'handler-failed':
      if (detail.kind === 'storage') return storageGuidance(detail.fault, doing);
      // A refusal (e.g. a meeting Overlap did not create) gives the same answer however often it is asked.
      if (detail.kind === 'refused') return { message: couldNot(reply.message) };
      return { message: couldNot(reply.message), action: retry() };
  }
}

/** The browser's storage failed under the request (see lib/store/faults.ts); a retry is always safe. */
function storageGuidance(fault: unknown, doing: string): Guidance {
  if (fault === 'quota') return { message: t('storage_full', { doing }), action: retry() };
  if (fault === 'blocked') return { message: t('storage_blocked', { doing }), action: retry() };
  return { message: t('storage_closed', { doing }), action: retry() };
}
