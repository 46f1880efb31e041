import { features, type FeatureId } from '@/lib/auth/scopes';
import { t } from '@/lib/i18n';
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

/**
 * Turns a failed request into words and a next step. `doing` names the attempt ("book the
 * meeting") so the message says what did not happen.
 */
export function guidanceFor(error: unknown, doing: string): Guidance {
  const reply = replyOf(error);
  if (!reply) {
    const text = error instanceof Error ? error.message : String(error);
    return { message: `Could not ${doing}: ${text}`, action: { kind: 'retry', label: 'Try again' } };
  }
  const detail = reply.detail ?? {};
  const provider = providerNames[String(detail.provider)] ?? 'The calendar provider';
  switch (reply.code) {
    case 'background-lost':
      if (detail.kind === 'context-invalidated') {
        return { message: 'Overlap was updated or reloaded, so this window can no longer reach it. Close it and open Overlap again; nothing was lost.' };
      }
      return { message: `Overlap’s background stopped before it could ${doing} (the browser may have suspended it). Nothing you typed is lost; try again.`, action: { kind: 'retry', label: 'Try again' } };
    case 'consent-needed': {
      const feature = isFeatureId(detail.feature) ? detail.feature : undefined;
      const title = features.find((candidate) => candidate.id === feature)?.title;
      if (!feature) return { message: `Could not ${doing}: ${reply.message} Grant the permission on the permissions page.`, action: { kind: 'open-permissions', label: 'Open permissions' } };
      return {
        message: `${provider} has not given Overlap the permission to “${title}” yet. Grant it in the window that opens, and Overlap will ${doing} right after.`,
        action: { kind: 'grant-and-retry', label: 'Grant permission and try again', feature },
      };
    }
    case 'auth-failed':
      if (detail.kind === 'cancelled') {
        return { message: `The sign-in window was closed before it finished, so Overlap could not ${doing}. Nothing was lost.`, action: { kind: 'retry', label: 'Try again' } };
      }
      if (detail.kind === 'interaction-required') {
        return { message: `${provider} wants you to sign in again before Overlap can ${doing}.`, action: { kind: 'retry', label: 'Sign in and try again' } };
      }
      return { message: `Signing in to ${provider} failed: ${reply.message} Reconnect the account on the permissions page.`, action: { kind: 'open-permissions', label: 'Open permissions' } };
    case 'provider-failed':
      switch (detail.kind) {
        case 'rate-limited':
          return { message: `${provider} is limiting requests right now. Wait a few seconds, then try again; nothing you typed is lost.`, action: { kind: 'retry', label: 'Try again' } };
        case 'network':
          return { message: t('network_offline', { provider, doing }), action: { kind: 'retry', label: 'Try again' } };
        case 'cancelled':
          return { message: reply.message };
        case 'unavailable':
        case 'timeout':
          return { message: `${provider} did not answer (${reply.message}). Check your connection and try again.`, action: { kind: 'retry', label: 'Try again' } };
        case 'unauthorized':
        case 'consent-needed':
          return { message: `${provider} refused Overlap's access: ${reply.message} Reconnect the account on the permissions page.`, action: { kind: 'open-permissions', label: 'Open permissions' } };
        case 'not-partner-event':
          return { message: `Overlap only changes meetings it created itself, and this is not one of them. Change it in your calendar instead.` };
        case 'not-found':
          return { message: `${provider} no longer has this meeting; it may have been deleted in the calendar.` };
        default:
          return { message: `Could not ${doing}: ${reply.message}`, action: detail.retryable === true ? { kind: 'retry', label: 'Try again' } : undefined };
      }
    case 'unknown-message':
      return { message: `This build of Overlap cannot ${doing} yet: its background does not handle the request. Update or reload the extension.` };
    case 'invalid-message': {
      const issues = (reply.issues ?? []).map((issue) => `${issue.path}: ${issue.message}`).join('; ');
      return { message: `Could not ${doing}: ${issues || reply.message}` };
    }
    case 'forbidden-sender':
      return { message: `Could not ${doing}: ${reply.message}` };
    case 'handler-failed':
      if (detail.kind === 'storage') return storageGuidance(detail.fault, doing);
      // A refusal (e.g. a meeting Overlap did not create) gives the same answer however often it is asked.
      if (detail.kind === 'refused') return { message: `Could not ${doing}: ${reply.message}` };
      return { message: `Could not ${doing}: ${reply.message}`, action: { kind: 'retry', label: 'Try again' } };
  }
}

/** The browser's storage failed under the request (see lib/store/faults.ts); a retry is always safe. */
function storageGuidance(fault: unknown, doing: string): Guidance {
  const retry: RemedyAction = { kind: 'retry', label: 'Try again' };
  if (fault === 'quota') return { message: t('storage_full', { doing }), action: retry };
  if (fault === 'blocked') return { message: t('storage_blocked', { doing }), action: retry };
  return { message: t('storage_closed', { doing }), action: retry };
}
