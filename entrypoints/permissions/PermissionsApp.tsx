import { useCallback, useEffect, useRef, useState } from 'react';
import { AccountCard } from '@/components/AccountCard';
import { InlinePanelExplainer, InlinePanelHealthNotice } from '@/components/InlinePanelNotices';
import { LedgerTable, type LedgerFilter } from '@/components/LedgerTable';
import { StatusLine } from '@/components/StatusLine';
import type { AccountView } from '@/lib/auth/access';
import { features, type FeatureId, type Provider } from '@/lib/auth/scopes';
import { MessageError, sendMessage } from '@/lib/messaging/client';
import type { LedgerEntry } from '@/lib/store/db';
import { useSiteHealth } from '@/lib/ui/use-site-health';
import { useBackgroundStatus } from '../popup/PopupApp';
import { t } from '@/lib/i18n';
import { Message } from '@/components/Message';

interface Notice {
  tone: 'info' | 'error';
  text: string;
  link?: string;
}

function errorText(error: unknown): string {
  if (error instanceof MessageError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

export function PermissionsApp() {
  const status = useBackgroundStatus();
  const [accounts, setAccounts] = useState<AccountView[] | undefined>();
  const siteHealth = useSiteHealth();
  const [ledger, setLedger] = useState<LedgerEntry[]>([]);
  const [filter, setFilter] = useState<LedgerFilter>({});
  const [busy, setBusy] = useState<string | undefined>();
  const [notice, setNotice] = useState<Notice | undefined>();
  const [confirmDisconnect, setConfirmDisconnect] = useState<AccountView | undefined>();
  // The confirmation gives the keyboard back to the button that opened it when it closes unanswered.
  const confirmOpener = useRef<HTMLElement | null>(null);
  const closeConfirm = () => {
    setConfirmDisconnect(undefined);
    confirmOpener.current?.focus();
  };

  const refresh = useCallback(async () => {
    const [overview, entries] = await Promise.all([sendMessage('permissions.overview', {}), sendMessage('ledger.list', { ...filter, limit: 200 })]);
    setAccounts(overview.accounts);
    setLedger(entries);
  }, [filter]);

  useEffect(() => {
    refresh().catch((error: unknown) => setNotice({ tone: 'error', text: t('permissions_loadFailed', { detail: errorText(error) }) }));
  }, [refresh]);

  /** Runs one action with a visible progress state, then reloads what it may have changed. */
  async function act(label: string, action: () => Promise<Notice>) {
    setBusy(label);
    setNotice(undefined);
    try {
      setNotice(await action());
    } catch (error) {
      setNotice({ tone: 'error', text: errorText(error) });
    } finally {
      setBusy(undefined);
      await refresh().catch(() => undefined);
    }
  }

  const connect = (provider: Provider) =>
    act(t('permissions_connecting', { provider: provider === 'google' ? 'Google' : 'Microsoft' }), async () => {
      const { account, missing } = await sendMessage('accounts.connect', { provider });
      return missing.length
        ? { tone: 'error', text: t('permissions_connectedMissing', { email: account.email }) }
        : { tone: 'info', text: t('permissions_connected', { email: account.email }) };
    });

  const setFeature = (account: AccountView, feature: FeatureId, enabled: boolean) =>
    act(enabled ? t('permissions_asking') : t('permissions_turningOff'), async () => {
      const change = await sendMessage('features.set', { accountId: account.id, feature, enabled });
      return { tone: 'info', text: change.explanation, link: change.manageUrl };
    });

  const disconnect = (account: AccountView) =>
    act(t('permissions_disconnecting', { email: account.email }), async () => {
      setConfirmDisconnect(undefined);
      const outcome = await sendMessage('accounts.disconnect', { accountId: account.id });
      return { tone: 'info', text: t('permissions_disconnected', { email: account.email, explanation: outcome.explanation }), link: outcome.manageUrl };
    });

  return (
    <main className="permissions">
      <h1>{t('common_permissionsAndActivity')}</h1>
      <StatusLine state={status} />
      <div aria-live="polite" role="status" className="notice-region">
        {busy && <p className="progress">{busy}</p>}
        {notice && (
          <p className={notice.tone === 'error' ? 'error' : 'notice'} data-testid="notice">
            {notice.text}{' '}
            {notice.link && (
              <a href={notice.link} target="_blank" rel="noreferrer">
                {t('permissions_manageAtProvider')}
              </a>
            )}
          </p>
        )}
      </div>

      <InlinePanelHealthNotice health={siteHealth} />
      <section aria-labelledby="accounts-heading">
        <h2 id="accounts-heading">{t('permissions_accountsHeading')}</h2>
        <div className="actions">
          <button type="button" className="primary" disabled={!!busy} onClick={() => void connect('google')}>
            {t('permissions_connectGoogle')}
          </button>
          <button type="button" className="primary" disabled={!!busy} onClick={() => void connect('microsoft')}>
            {t('permissions_connectMicrosoft')}
          </button>
        </div>
        {accounts === undefined && <p className="muted">{t('common_loadingAccounts')}</p>}
        {accounts?.length === 0 && <p>{t('permissions_noAccount')}</p>}
        {confirmDisconnect && (
          <div role="alertdialog" aria-labelledby="confirm-heading" className="confirm" onKeyDown={(event) => event.key === 'Escape' && closeConfirm()}>
            <h3 id="confirm-heading">{t('permissions_disconnectQuestion', { email: confirmDisconnect.email })}</h3>
            <p>
              {confirmDisconnect.provider === 'google' ? t('permissions_disconnectGoogle') : t('permissions_disconnectMicrosoft')} {t('permissions_disconnectRecords')}
            </p>
            <button type="button" className="danger" onClick={() => void disconnect(confirmDisconnect)}>
              {t('permissions_disconnect')}
            </button>{' '}
            <button type="button" onClick={closeConfirm} autoFocus>
              {t('common_cancel')}
            </button>
          </div>
        )}
        {accounts?.map((account) => (
          <AccountCard
            key={account.id}
            account={account}
            busy={!!busy}
            onToggleFeature={(feature, enabled) => void setFeature(account, feature, enabled)}
            onAskAgain={(feature) => void setFeature(account, feature, true)}
            onDisconnect={() => {
              confirmOpener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
              setConfirmDisconnect(account);
            }}
          />
        ))}
      </section>

      <LedgerTable
        entries={ledger}
        accounts={(accounts ?? []).map(({ id, email }) => ({ id, email }))}
        features={features.map(({ id, title }) => ({ id, title }))}
        filter={filter}
        onFilter={setFilter}
      />

      <InlinePanelExplainer />
      <section aria-labelledby="truth-heading">
        <h2 id="truth-heading">{t('permissions_truthHeading')}</h2>
        <p>
          <Message id="permissions_truthGoogle" values={{ google: <strong>Google</strong> }} />
        </p>
        <p>
          <Message
            id="permissions_truthMicrosoft"
            values={{
              microsoft: <strong>Microsoft</strong>,
              myApps: (
                <a href="https://myapps.microsoft.com" target="_blank" rel="noreferrer">
                  {t('permissions_truthMyApps')}
                </a>
              ),
              consent: (
                <a href="https://account.live.com/consent/Manage" target="_blank" rel="noreferrer">
                  {t('permissions_truthConsentLink')}
                </a>
              ),
            }}
          />
        </p>
        <p>{t('permissions_truthOwnEvents')}</p>
      </section>
    </main>
  );
}
