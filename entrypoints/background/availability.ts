import { ConsentMissingError, type AccessManager } from '@/lib/auth/access';
import { auditedFetch } from '@/lib/auth/audited-fetch';
import { featureById, type FeatureId } from '@/lib/auth/scopes';
import { AuthError } from '@/lib/auth/types';
import type { Endpoints } from '@/lib/endpoints';
import type { ProviderClientFactory } from '@/lib/meetings/booking';
import type { AvailabilitySource } from '@/lib/meetings/find-times';
import { ProviderError } from '@/lib/providers/errors';
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
export function tokenSourceFor(access: AccessManager, account: AccountRecord, feature: FeatureId): TokenSource {
  return {
    async getToken({ forceRefresh, rejectedToken }) {
      try {
        return (await access.grantFor(account.id, feature, { interactive: true, forceRefresh, rejectedToken })).accessToken;
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

/**
 * Clients whose every call is authorised for one feature (consent on first use) and written to
 * the ledger under it. `onRequest` sees each HTTP request sent, retries included.
 */
export function providerClients(access: AccessManager, ledger: Ledger, urls: ProviderUrls, tuning: ClientTuning = {}, onRequest?: () => void): ProviderClientFactory {
  const fetchFor = (account: AccountRecord, feature: FeatureId): typeof fetch => {
    const scope = featureById(feature).scopes[account.provider]?.[0];
    if (!scope) throw new Error(`${featureById(feature).title} does not use ${account.provider === 'google' ? 'Google' : 'Microsoft'} accounts.`);
    const audited = auditedFetch(ledger, { accountId: account.id, provider: account.provider, feature, scope });
    if (!onRequest) return audited;
    return (input, init) => {
      onRequest();
      return audited(input, init);
    };
  };
  return {
    google: (account, feature) =>
      createGoogleClient({
        ...tuning.google,
        calendarBaseUrl: urls.googleCalendar,
        meetBaseUrl: urls.googleMeet,
        tokenSource: tokenSourceFor(access, account, feature),
        fetch: fetchFor(account, feature),
      }),
    microsoft: (account, feature) =>
      createMicrosoftClient({ ...tuning.microsoft, baseUrl: urls.graph, tokenSource: tokenSourceFor(access, account, feature), fetch: fetchFor(account, feature) }),
  };
}

/**
 * Every connected account that has "find times" on, as a free/busy source for the engine. The
 * organizer's account is always one: using the feature from it is what asks for its consent.
 * Each source counts its own requests, so a search can say what it cost.
 */
export function availabilitySources(
  access: AccessManager,
  ledger: Ledger,
  accounts: AccountRecord[],
  organizerAccountId: string,
  urls: ProviderUrls,
  tuning: ClientTuning = {},
): AvailabilitySource[] {
  return accounts
    .filter((account) => account.id === organizerAccountId || account.enabledFeatures.includes('find-times'))
    .map((account) => {
      let requests = 0;
      const clients = providerClients(access, ledger, urls, tuning, () => {
        requests += 1;
      });
      const base = { accountId: account.id, provider: account.provider, email: account.email, requestCount: () => requests };
      if (account.provider === 'google') {
        const client = clients.google(account, 'find-times');
        return { ...base, read: (emails, start, end) => client.freeBusy({ emails, timeMin: start.toISOString(), timeMax: end.toISOString() }) };
      }
      const client = clients.microsoft(account, 'find-times');
      return { ...base, read: (emails, start, end) => client.getAvailability({ emails, start, end, self: account.email }) };
    });
}
