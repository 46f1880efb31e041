import { browser } from 'wxt/browser';
import { originOf, type Handlers } from '@/lib/messaging/router';
import type { ReplyError } from '@/lib/messaging/protocol';
import { ConsentMissingError } from '@/lib/auth/access';
import { AuthError } from '@/lib/auth/types';
import { ProviderError } from '@/lib/providers/errors';
import { isSandboxBuild } from '@/lib/endpoints';
import { BookingRefusedError } from '@/lib/meetings/refused';
import { findTimes } from '@/lib/meetings/find-times';
import { PreferencesInvalidError } from '@/lib/store/preferences';
import { storageFaultOf } from '@/lib/store/faults';
import { readStorageHealth } from '@/lib/store/health';
import type { Services } from './services';
import { availabilitySources } from './availability';

export function createHandlers(services: () => Promise<Services>): Handlers {
  /** The searches running now that a page may cancel, by the id the page gave them. */
  const searches = new Map<string, AbortController>();
  async function accountView(id: string) {
    const view = (await (await services()).access.overview()).find((account) => account.id === id);
    if (!view) throw new Error(`Account ${id} is not connected.`);
    return view;
  }
  return {
    'app.status': async () => ({ version: browser.runtime.getManifest().version, flavor: isSandboxBuild ? 'sandbox' : 'production' }),
    'permissions.overview': async () => ({ accounts: await (await services()).access.overview() }),
    'accounts.connect': async ({ provider }) => {
      const { account, missing } = await (await services()).access.connect(provider);
      return { account: await accountView(account.id), missing };
    },
    'accounts.disconnect': async ({ accountId, keepMeetings }) => {
      const { access, booking, contacts, cache } = await services();
      const outcome = await access.disconnect(accountId);
      // Everything Overlap learned through the account goes with it; its meetings only if not kept.
      await Promise.all([keepMeetings ? Promise.resolve(0) : booking.forgetAccount(accountId), contacts.deleteAccount(accountId), cache.deleteAccount(accountId)]);
      return outcome;
    },
    'features.set': async ({ accountId, feature, enabled }) => {
      const { account: _account, ...change } = await (await services()).access.setFeatureEnabled(accountId, feature, enabled);
      return change;
    },
    'ledger.list': async (query) => (await services()).ledger.list(query),
    'schedule.find': async ({ searchId, ...request }) => {
      const { access, accounts, ledger, preferences, cache, calendarSettings, urls, tuning, clock, now } = await services();
      const connected = await accounts.list();
      const organizer = connected.find((account) => account.id === request.organizerAccountId);
      if (!organizer) throw new Error(`Account ${request.organizerAccountId} is not connected.`);
      const cancel = new AbortController();
      if (searchId) searches.set(searchId, cancel);
      try {
        return await findTimes(
          {
            organizer: { email: organizer.email, timeZone: request.timeZone },
            participants: request.participants,
            durationMinutes: request.durationMinutes,
            start: new Date(request.start),
            end: new Date(request.end),
            now,
            preferences: (await preferences.get()).preferences,
          },
          availabilitySources(access, ledger, connected, organizer.id, urls, tuning, calendarSettings, { clock, signal: cancel.signal }),
          cache,
        );
      } finally {
        if (searchId && searches.get(searchId) === cancel) searches.delete(searchId);
      }
    },
    'schedule.cancel': async ({ searchId }) => {
      const search = searches.get(searchId);
      search?.abort();
      return { cancelled: search !== undefined };
    },
    'meetings.options': async ({ accountId }) => {
      const { booking, preferences } = await services();
      return booking.options(accountId, (await preferences.get()).preferences.defaultConference);
    },
    'meetings.create': async (request) => (await services()).booking.create(request),
    'meetings.list': async () => (await services()).booking.list(),
    'meetings.reschedule': async ({ meetingId, start, end }) => (await services()).booking.reschedule(meetingId, start, end),
    'meetings.cancel': async ({ meetingId }) => (await services()).booking.cancel(meetingId),
    'meetings.finish': async ({ meetingId }) => (await services()).booking.finish(meetingId),
    'meetings.forget': async ({ meetingId }) => (await services()).booking.forget(meetingId),
    'preferences.get': async () => (await services()).preferences.get(),
    'preferences.set': async ({ preferences }) => (await services()).preferences.set(preferences),
    'contacts.suggest': async ({ query }) => (await services()).contacts.suggest(query),
    // The inline panel: health reports from content scripts, and Teams links for forms the host saves.
    'sites.health.report': async (report, sender) => {
      await (await services()).siteHealth.record(report, originOf(sender.url));
      return { recorded: true as const };
    },
    'storage.health': async () => readStorageHealth(await services()),
    'sites.health.get': async () => (await services()).siteHealth.all(),
    'inline.teamsLink': async (request) => (await services()).booking.teamsLinkForGoogleEvent(request),
    'inline.meetLink': async (request) => {
      const { booking, inlineMeetRooms } = await services();
      return inlineMeetRooms.once(request.operationKey, () => booking.meetLinkForOutlookEvent(request));
    },
  };
}

/** Known failures become replies the pages can act on; anything else stays a generic failure. */
export function describeError(error: unknown): ReplyError | undefined {
  if (error instanceof ConsentMissingError) {
    return { code: 'consent-needed', message: error.message, detail: { provider: error.provider, feature: error.feature, missingScopes: error.missingScopes } };
  }
  if (error instanceof PreferencesInvalidError) {
    return { code: 'invalid-message', message: error.message, issues: error.issues.map((issue) => ({ path: `payload.${issue.path}`, message: issue.message })) };
  }
  if (error instanceof BookingRefusedError) return { code: 'handler-failed', message: error.message, detail: { kind: 'refused' } };
  if (error instanceof AuthError) return { code: 'auth-failed', message: error.message, detail: { provider: error.provider, kind: error.kind } };
  const fault = storageFaultOf(error);
  if (fault) return { code: 'handler-failed', message: error instanceof Error ? error.message : String(error), detail: { kind: 'storage', fault } };
  if (error instanceof ProviderError) {
    return { code: 'provider-failed', message: error.message, detail: { provider: error.provider, kind: error.kind, scope: error.scope, retryable: error.retryable } };
  }
  return undefined;
}
