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

/**
 * What every host of the find feature loads first: the connected accounts and the preferences,
 * asked for in parallel after the first paint so the host never waits blank for the background.
 */
export function useAccountsAndPreferences(): AccountsAndPreferences {
  const [accounts, setAccounts] = useState<AccountView[] | undefined>();
  const [accountsFailure, setAccountsFailure] = useState<Guidance | undefined>();
  const [preferences, setPreferences] = useState<PreferencesAnswer | undefined>();
  const [preferencesFailure, setPreferencesFailure] = useState<Guidance | undefined>();

  const reloadAccounts = useCallback(() => {
    setAccountsFailure(undefined);
    sendMessage('permissions.overview', {}).then(
      ({ accounts }) => setAccounts(accounts),
      (error: unknown) => setAccountsFailure(guidanceFor(error, t('guidance_doingLoadAccounts'))),
    );
  }, []);

  useEffect(() => {
    reloadAccounts();
    sendMessage('preferences.get', {}).then(setPreferences, (error: unknown) => setPreferencesFailure(guidanceFor(error, t('guidance_doingLoadSettings'))));
  }, [reloadAccounts]);

  return { accounts, accountsFailure, reloadAccounts, preferences, preferencesFailure, setPreferences };
}
