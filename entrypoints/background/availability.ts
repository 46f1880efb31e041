import { ConsentMissingError, type AccessManager } from '@/lib/auth/access';
import { auditedFetch } from '@/lib/auth/audited-fetch';
import { featureById, type FeatureId } from '@/lib/auth/scopes';
import { AuthError } from '@/lib/auth/types';
import { endpoints } from '@/lib/endpoints';
import type { AvailabilitySource } from '@/lib/meetings/find-times';
import { ProviderError } from '@/lib/providers/errors';
import { createGoogleClient } from '@/lib/providers/google';
import { createMicrosoftClient } from '@/lib/providers/microsoft/client';
import type { TokenSource } from '@/lib/providers/types';
import type { AccountRecord } from '@/lib/store/db';
import type { Ledger } from '@/lib/store/ledger';

/**
 * A token source for one account and feature. The user started the action, so a consent
 * window may open; the clients expect ProviderErrors, so auth failures are translated here.
 */
export function tokenSourceFor(access: AccessManager, account: AccountRecord, feature: FeatureId): TokenSource {
  return {
    async getToken({ forceRefresh }) {
      try {
        return (await access.grantFor(account.id, feature, { interactive: true, forceRefresh })).accessToken;
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
 * Every connected account that has "find times" on, as a free/busy source for the engine. The
 * organizer's account is always one: using the feature from it is what asks for its consent.
 */
export function availabilitySources(access: AccessManager, ledger: Ledger, accounts: AccountRecord[], organizerAccountId: string): AvailabilitySource[] {
  return accounts
    .filter((account) => account.id === organizerAccountId || account.enabledFeatures.includes('find-times'))
    .map((account) => {
      const scope = featureById('find-times').scopes[account.provider]![0]!;
      const fetch = auditedFetch(ledger, { accountId: account.id, provider: account.provider, feature: 'find-times', scope });
      const tokenSource = tokenSourceFor(access, account, 'find-times');
      if (account.provider === 'google') {
        const client = createGoogleClient({ calendarBaseUrl: endpoints.googleCalendar, meetBaseUrl: endpoints.googleMeet, tokenSource, fetch });
        return {
          accountId: account.id,
          provider: account.provider,
          email: account.email,
          read: (emails, start, end) => client.freeBusy({ emails, timeMin: start.toISOString(), timeMax: end.toISOString() }),
        };
      }
      const client = createMicrosoftClient({ baseUrl: endpoints.graph, tokenSource, fetch });
      return {
        accountId: account.id,
        provider: account.provider,
        email: account.email,
        read: (emails, start, end) => client.getAvailability({ emails, start, end }),
      };
    });
}
