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
    refresh().catch((error: unknown) => setNotice({ tone: 'error', text: `Could not load your accounts: ${errorText(error)}` }));
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
    act(`Connecting ${provider === 'google' ? 'Google' : 'Microsoft'}…`, async () => {
      const { account, missing } = await sendMessage('accounts.connect', { provider });
      return missing.length
        ? { tone: 'error', text: `Connected ${account.email}, but you did not grant everything finding a time needs. See “Not granted” below.` }
        : { tone: 'info', text: `Connected ${account.email}. Overlap asked only for what finding a time needs.` };
    });

  const setFeature = (account: AccountView, feature: FeatureId, enabled: boolean) =>
    act(enabled ? 'Asking for permission…' : 'Turning the feature off…', async () => {
      const change = await sendMessage('features.set', { accountId: account.id, feature, enabled });
      return { tone: 'info', text: change.explanation, link: change.manageUrl };
    });

  const disconnect = (account: AccountView) =>
    act(`Disconnecting ${account.email}…`, async () => {
      setConfirmDisconnect(undefined);
      const outcome = await sendMessage('accounts.disconnect', { accountId: account.id });
      return { tone: 'info', text: `Disconnected ${account.email}. ${outcome.explanation} Overlap deleted what it kept about this account.`, link: outcome.manageUrl };
    });

  return (
    <main className="permissions">
      <h1>Permissions and activity</h1>
      <StatusLine state={status} />
      <div aria-live="polite" role="status" className="notice-region">
        {busy && <p className="progress">{busy}</p>}
        {notice && (
          <p className={notice.tone === 'error' ? 'error' : 'notice'} data-testid="notice">
            {notice.text}{' '}
            {notice.link && (
              <a href={notice.link} target="_blank" rel="noreferrer">
                Manage this at the provider
              </a>
            )}
          </p>
        )}
      </div>

      <InlinePanelHealthNotice health={siteHealth} />
      <section aria-labelledby="accounts-heading">
        <h2 id="accounts-heading">Connected accounts</h2>
        <div className="actions">
          <button type="button" className="primary" disabled={!!busy} onClick={() => void connect('google')}>
            Connect Google
          </button>
          <button type="button" className="primary" disabled={!!busy} onClick={() => void connect('microsoft')}>
            Connect Microsoft
          </button>
        </div>
        {accounts === undefined && <p className="muted">Loading your accounts…</p>}
        {accounts?.length === 0 && <p>No account is connected. Overlap asks for a permission only when you first use the feature that needs it.</p>}
        {confirmDisconnect && (
          <div role="alertdialog" aria-labelledby="confirm-heading" className="confirm" onKeyDown={(event) => event.key === 'Escape' && closeConfirm()}>
            <h3 id="confirm-heading">Disconnect {confirmDisconnect.email}?</h3>
            <p>
              {confirmDisconnect.provider === 'google'
                ? 'Google will withdraw every permission this account gave Overlap, at once.'
                : 'Microsoft has no way for an app to withdraw its own permissions: Overlap will forget its tokens (those already issued work until they expire, about an hour), and you can remove the consent yourself at the link shown afterwards.'}{' '}
              Overlap deletes its records of this account, including its activity list.
            </p>
            <button type="button" className="danger" onClick={() => void disconnect(confirmDisconnect)}>
              Disconnect
            </button>{' '}
            <button type="button" onClick={closeConfirm} autoFocus>
              Cancel
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
        <h2 id="truth-heading">What “turn off” and “disconnect” really do</h2>
        <p>
          <strong>Google</strong> cannot take back a single permission: it withdraws everything an account granted to Overlap at once. So turning a feature off
          withdraws the whole grant and asks you again for only what your other features still need; disconnecting withdraws it all.
        </p>
        <p>
          <strong>Microsoft</strong> gives apps no way to withdraw their own permissions. Overlap forgets its tokens at once; tokens already issued keep working
          until they expire (about an hour). To remove the consent itself, use <a href="https://myapps.microsoft.com" target="_blank" rel="noreferrer">My Apps</a>{' '}
          (work or school) or <a href="https://account.live.com/consent/Manage" target="_blank" rel="noreferrer">your Microsoft account’s app permissions</a> (personal).
        </p>
        <p>
          Neither provider has a permission for “only events this app created”. Overlap enforces it itself: it tags every meeting it creates and checks the tag
          before it changes or cancels anything.
        </p>
      </section>
    </main>
  );
}
