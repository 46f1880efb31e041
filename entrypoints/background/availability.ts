import { ConsentMissingError, type AccessManager } from '@/lib/auth/access';
import { auditedFetch } from '@/lib/auth/audited-fetch';
import { featureById, type FeatureId } from '@/lib/auth/scopes';
import { AuthError } from '@/lib/auth/types';
import type { Endpoints } from '@/lib/endpoints';
import type { ProviderClientFactory } from '@/lib/meetings/booking';
import type { AvailabilitySource, CalendarSettings } from '@/lib/meetings/find-times';
import { ProviderError } from '@/lib/providers/errors';
import type { ProviderClock } from '@/lib/providers/provider-clock';
import { createGoogleClient, type GoogleClientOptions } from '@/lib/providers/google';
import { createMicrosoftClient, type MicrosoftClientOptions } from '@/lib/providers/microsoft/client';
import type { TokenSource } from '@/lib/providers/types';
import type { AccountRecord } from '@/lib/store/db';
import type { Ledger } from '@/lib/store/ledger';

export type ProviderUrls = Pick<Endpoints, 'googleCalendar' | 'googleMeet' | 'graph'>;

/** Client settings beyond where to send requests and with which token; tests tune retries and sleeps. */
export interface ClientTuning {
  google?: Omit<GoogleClientOptions, 'calendarBaseUrl' | 'meetBaseUrl' | 'tokenSource' | 'fetch'>;
  microsoft?: Omit<MicrosoftClientOptions, 'baseUrl' | 'tokenSource' | 'fetch'>;
}

/**
 * A token source for one account and feature. The user started the action, so a consent
 * window may open; the clients expect ProviderErrors, so auth failures are translated here.
 */
export function tokenSourceFor(access: AccessManager, account: AccountRecord, feature: FeatureId, interactive = true): TokenSource {
  return {
    async getToken({ forceRefresh, rejectedToken }) {
      try {
        return (await access.grantFor(account.id, feature, { interactive, forceRefresh, rejectedToken })).accessToken;
      } catch (error) {
        if (error instanceof ConsentMissingError) {
          throw new ProviderError({ provider: account.provider, kind: 'consent-needed', scope: error.missingScopes[0] ?? '', message: error.message, cause: error });
        }
        if (error instanceof AuthError) {
          throw new ProviderError({ provider: account.provider, kind: 'unauthorized', message: `${error.message} Connect ${account.email} again from the permissions page.`, cause: error });
        }
        throw error;
      }
    },
  };
}

export interface ClientWiring {
  /** Sees each HTTP request sent, retries included. */
  onRequest?: () => void;
  /** False for reads the user did not ask for themselves: they never open a consent window. */
  interactive?: boolean;
  /** Learns the providers' time from the `Date` header of every answer. */
  clock?: ProviderClock;
  /** Aborts every request these clients send: the user cancelled what they asked for. */
  signal?: AbortSignal;
  /**
   * Told after each request whether it reached the provider: false when fetch itself rejected
   * (no network, the host unreachable), true for any answer, an error status included.
   */
  onReach?: (reached: boolean) => void;
}

/**
 * Clients whose every call is authorised for one feature (consent on first use) and written to
 * the ledger under it.
 */
export function providerClients(access: AccessManager, ledger: Ledger, urls: ProviderUrls, tuning: ClientTuning = {}, wiring: ClientWiring = {}): ProviderClientFactory {
  const { onRequest, interactive = true, clock, signal, onReach } = wiring;
  const fetchFor = (account: AccountRecord, feature: FeatureId): typeof fetch => {
    const scope = featureById(feature).scopes[account.provider]?.[0];
    if (!scope) throw new Error(`${featureById(feature).title} does not use ${account.provider === 'google' ? 'Google' : 'Microsoft'} accounts.`);
    const audited = auditedFetch(ledger, { accountId: account.id, provider: account.provider, feature, scope }, clock?.observing((...args) => fetch(...args)));
    if (!onRequest && !signal && !onReach) return audited;
    return async (input, init) => {
      onRequest?.();
      // The request's own signal (its timeout) and the user's cancel both stop it.
      const stop = signal && init?.signal ? AbortSignal.any([signal, init.signal]) : (signal ?? init?.signal);
      try {
        const response = await audited(input, stop ? { ...init, signal: stop } : init);
        onReach?.(true);
        return response;
      } catch (error) {
        // fetch rejects with a TypeError only when no answer came at all; aborts are DOMExceptions.
        if (error instanceof TypeError) onReach?.(false);
        throw error;
      }
    };
  };
  return {
    google: (account, feature) =>
      createGoogleClient({
        ...tuning.google,
        calendarBaseUrl: urls.googleCalendar,
        meetBaseUrl: urls.googleMeet,
        tokenSource: tokenSourceFor(access, account, feature, interactive),
        fetch: fetchFor(account, feature),
      }),
    microsoft: (account, feature) =>
      createMicrosoftClient({ ...tuning.microsoft, baseUrl: urls.graph, tokenSource: tokenSourceFor(access, account, feature, interactive), fetch: fetchFor(account, feature) }),
  };
}

/** How long a read calendar setting is trusted; a zone or working day changes rarely. */
const settingsFreshMs = 60 * 60 * 1000;
/** A failed read is retried after this long, not at every search. */
const settingsRetryMs = 5 * 60 * 1000;

/**
 * The organizers' calendar settings for the worker's life (the services hold one): one read an
 * hour per account rather than one per search. A failure is kept briefly too, so a missing
 * permission does not cost a request on every search.
 */
export class CalendarSettingsCache {
  private readonly entries = new Map<string, { expiresAt: number; settings: Promise<CalendarSettings> }>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  read(accountId: string, fetchSettings: () => Promise<CalendarSettings>): Promise<CalendarSettings> {
    const at = this.now().getTime();
    const held = this.entries.get(accountId);
    if (held && held.expiresAt > at) return held.settings;
    const settings = fetchSettings();
    const entry = { expiresAt: at + settingsFreshMs, settings };
    this.entries.set(accountId, entry);
    settings.catch(() => {
      entry.expiresAt = at + settingsRetryMs;
    });
    return settings;
  }
}

/**
 * The account's calendar time zone (Google: the calendar setting; Microsoft: the mailbox's zone
 * and working hours), under "read-time-zone" and without ever opening a window: the user asked
 * to find times, not to consent again.
 */
function calendarSettingsOf(access: AccessManager, ledger: Ledger, account: AccountRecord, urls: ProviderUrls, tuning: ClientTuning, clock?: ProviderClock): () => Promise<CalendarSettings> {
  // Not cancelled with the search: the settings are kept for later searches (CalendarSettingsCache).
  const clients = providerClients(access, ledger, urls, tuning, { interactive: false, ...(clock ? { clock } : {}) });
  if (account.provider === 'google') {
    const client = clients.google(account, 'read-time-zone');
    return async () => ({ timeZone: await client.getTimeZone() });
  }
  const client = clients.microsoft(account, 'read-time-zone');
  return async () => {
    const settings = await client.getMailboxSettings();
    if (!settings.timeZone) throw new Error('Outlook’s time zone for this mailbox has no standard name Overlap can use.');
    return { timeZone: settings.timeZone, ...(settings.workingHours ? { workingHours: settings.workingHours } : {}) };
  };
}

/**
 * Every connected account that has "find times" on, as a free/busy source for the engine. The
 * organizer's account is always one: using the feature from it is what asks for its consent.
 * Each source counts its own requests, so a search can say what it cost. The organizer's source
 * also reads their calendar's settings when "read-time-zone" is on for it.
 */
export function availabilitySources(
  access: AccessManager,
  ledger: Ledger,
  accounts: AccountRecord[],
  organizerAccountId: string,
  urls: ProviderUrls,
  tuning: ClientTuning = {},
  settingsCache: CalendarSettingsCache = new CalendarSettingsCache(),
  network: Pick<ClientWiring, 'clock' | 'signal'> = {},
): AvailabilitySource[] {
  return accounts
    .filter((account) => account.id === organizerAccountId || account.enabledFeatures.includes('find-times'))
    .map((account) => {
      let requests = 0;
      let reached = true;
      const clients = providerClients(access, ledger, urls, tuning, {
        ...network,
        onRequest: () => {
          requests += 1;
        },
        onReach: (answered) => {
          reached = answered;
        },
      });
      const readSettings = account.id === organizerAccountId && account.enabledFeatures.includes('read-time-zone') ? calendarSettingsOf(access, ledger, account, urls, tuning, network.clock) : undefined;
      const base = {
        accountId: account.id,
        provider: account.provider,
        email: account.email,
        requestCount: () => requests,
        unreachable: () => !reached,
        ...(readSettings ? { calendarSettings: () => settingsCache.read(account.id, readSettings) } : {}),
      };
      if (account.provider === 'google') {
        const client = clients.google(account, 'find-times');
        return { ...base, read: (emails, start, end) => client.freeBusy({ emails, timeMin: start.toISOString(), timeMax: end.toISOString() }) };
      }
      const client = clients.microsoft(account, 'find-times');
      return { ...base, read: (emails, start, end) => client.getAvailability({ emails, start, end, self: account.email }) };
    });
}
