import type { ReactNode } from 'react';
import { GuidanceNotice } from '@/components/GuidanceNotice';
import { LiveAnnouncer } from '@/components/LiveAnnouncer';
import type { AccountsAndPreferences } from '@/lib/ui/find/use-accounts-and-preferences';
import { openPermissionsPage } from './open-permissions';
import { t } from '@/lib/i18n';

/** What every inline panel shows around its own content: heading, close, and why it cannot work yet. */
export function PanelShell({ heading, onClose, formFailure, accounts, announcement, children }: { heading: string; onClose(): void; formFailure?: string; accounts: Pick<AccountsAndPreferences, 'accounts' | 'accountsFailure' | 'reloadAccounts'>; announcement: string; children: ReactNode }) {
  return (
    <div className="popup panel">
      <header className="popup-header">
        <h1>{heading}</h1>
        <button type="button" className="link-button" aria-label={t('panel_closeLabel')} onClick={onClose}>
          {t('common_close')}
        </button>
      </header>
      <main className="popup-main">
        {formFailure && <GuidanceNotice guidance={{ message: formFailure }} />}
        {accounts.accountsFailure && <GuidanceNotice guidance={accounts.accountsFailure} onAction={accounts.reloadAccounts} />}
        {accounts.accounts?.length === 0 && (
          <div className="guidance">
            <p>{t('panel_noAccount')}</p>
            <button type="button" className="primary" onClick={openPermissionsPage}>
              {t('panel_openPermissions')}
            </button>
          </div>
        )}
        {children}
      </main>
      <LiveAnnouncer text={announcement} />
    </div>
  );
}
