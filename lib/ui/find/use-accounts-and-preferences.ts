import { useCallback, useEffect, useState } from 'react';
import type { AccountView } from '@/lib/auth/access';
import type { PreferencesAnswer } from '@/lib/meetings/types';
import { sendMessage } from '@/lib/messaging/client';
import { guidanceFor, type Guidance } from '../errors';
import { t } from '@/lib/i18n';

export interface AccountsAndPreferences {
  /** undefined until the background answered. */
  accounts?: AccountView[];
  accountsFailure?: Guidance;
  /** Asks for the accounts again (the remedy for a failed load). */
  reloadAccounts(): void;
  /** undefined until the background answered; the find form uses defaults meanwhile. */
  preferences?: PreferencesAnswer;
  preferencesFailure?: Guidance;
  /** Replaces the preferences with what a save stored. */
  setPreferences(answer: PreferencesAnswer): void;
}

type AccountsReply = { accounts: AccountView[] };

/** Requests a page started before its first render (see prefetchAccountsAndPreferences). */
let early: { accounts: Promise<AccountsReply>; preferences: Promise<PreferencesAnswer> } | undefined;

/**
 * Asks the background for the accounts and the preferences at once, before the page renders,
 * for the hook's first load to pick up: the round trip then overlaps React's first render
 * instead of starting after it (it was most of the popup's time to interactive).
 */
export function prefetchAccountsAndPreferences(): void {
  const accounts = sendMessage('permissions.overview', {});
  const preferences = sendMessage('preferences.get', {});
  // Handled where the hook consumes them; this only keeps an early failure from being reported as unhandled.
  accounts.catch(() => undefined);
  preferences.catch(() => undefined);
  early = { accounts, preferences };
}

function takeEarly(): typeof early {
  const taken = early;
  early = undefined;
  return taken;
}

/**
 * What every host of the find feature loads first: the connected accounts and the preferences,
 * asked for in parallel after the first paint so the host never waits blank for the background
 * (or, when the page prefetched them, taken from those requests).
 */
export function useAccountsAndPreferences(): AccountsAndPreferences {
  const [accounts, setAccounts] = useState<AccountView[] | undefined>();
  const [accountsFailure, setAccountsFailure] = useState<Guidance | undefined>();
  const [preferences, setPreferences] = useState<PreferencesAnswer | undefined>();
  const [preferencesFailure, setPreferencesFailure] = useState<Guidance | undefined>();

  const loadAccounts = useCallback((request: Promise<AccountsReply>) => {
    setAccountsFailure(undefined);
    request.then(
      ({ accounts }) => setAccounts(accounts),
      (error: unknown) => setAccountsFailure(guidanceFor(error, t('guidance_doingLoadAccounts'))),
    );
  }, []);
  const reloadAccounts = useCallback(() => loadAccounts(sendMessage('permissions.overview', {})), [loadAccounts]);

  useEffect(() => {
    const prefetched = takeEarly();
    loadAccounts(prefetched?.accounts ?? sendMessage('permissions.overview', {}));
    (prefetched?.preferences ?? sendMessage('preferences.get', {})).then(setPreferences, (error: unknown) =>
      setPreferencesFailure(guidanceFor(error, t('guidance_doingLoadSettings'))),
    );
  }, [loadAccounts]);

  return { accounts, accountsFailure, reloadAccounts, preferences, preferencesFailure, setPreferences };
}
