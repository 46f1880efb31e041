import { useEffect, useMemo, useState } from 'react';
import { browser } from 'wxt/browser';
import { FindTimeFeature } from '@/components/FindTimeFeature';
import { FirstRun } from '@/components/FirstRun';
import { GuidanceNotice } from '@/components/GuidanceNotice';
import { InlinePanelHealthNotice } from '@/components/InlinePanelNotices';
import { StorageHealthNotice } from '@/components/StorageHealthNotice';
import { LiveAnnouncer } from '@/components/LiveAnnouncer';
import { StatusLine, type BackgroundState } from '@/components/StatusLine';
import type { PartnerMeeting } from '@/lib/meetings/types';
import { sendMessage } from '@/lib/messaging/client';
import { useAccountsAndPreferences } from '@/lib/ui/find/use-accounts-and-preferences';
import { useAnnouncer } from '@/lib/ui/find/use-announcer';
import { browserTimeZone } from '@/lib/ui/time-zones';
import { useInteractiveMark } from '@/lib/ui/interactive-mark';
import { useSiteHealth } from '@/lib/ui/use-site-health';
import { useStorageHealth } from '@/lib/ui/use-storage-health';
import { sessionDraftStorage } from './draft-storage';
import { MeetingsView } from './MeetingsView';
import { SettingsView } from './SettingsView';
import { t } from '@/lib/i18n';

type View = 'find' | 'meetings' | 'settings';

const viewNames = { find: 'popup_viewFind', meetings: 'popup_viewMeetings', settings: 'popup_viewSettings' } as const satisfies Record<View, string>;

/** The popup books the time the user picks. */
const BOOK = { kind: 'book' } as const;

function openPermissionsPage() {
  void browser.tabs.create({ url: browser.runtime.getURL('/permissions.html') });
}

/**
 * The toolbar popup. It paints at once and asks the background for accounts and preferences in
 * parallel afterwards; every view, once shown, stays mounted (only hidden) so switching views
 * loses nothing.
 */
export function PopupApp() {
  const [view, setView] = useState<View>('find');
  // The settings form is most of the popup's elements and seldom opened: it is built the first
  // time it is shown, not on every open, and then stays like the other views.
  const [settingsShown, setSettingsShown] = useState(false);
  if (view === 'settings' && !settingsShown) setSettingsShown(true);
  const { accounts, accountsFailure, reloadAccounts, preferences, preferencesFailure, setPreferences } = useAccountsAndPreferences();
  const [reschedule, setReschedule] = useState<{ meeting: PartnerMeeting; nonce: number } | undefined>();
  const { announcement, announce } = useAnnouncer();
  const browserZone = useMemo(browserTimeZone, []);
  const backToMeetings = () => {
    setReschedule(undefined);
    setView('meetings');
  };

  const usable = (accounts !== undefined || accountsFailure !== undefined) && (preferences !== undefined || preferencesFailure !== undefined);
  useInteractiveMark(usable);

  const timeZone = preferences?.preferences.timeZone ?? browserZone;
  const noAccounts = accounts?.length === 0;

  return (
    <div className="popup">
      <header className="popup-header">
        <h1>Overlap</h1>
        {!noAccounts && (
          <nav aria-label={t('popup_views')}>
            {(Object.keys(viewNames) as View[]).map((candidate) => (
              <button key={candidate} type="button" className="nav-button" aria-current={view === candidate ? 'page' : undefined} onClick={() => setView(candidate)}>
                {t(viewNames[candidate])}
              </button>
            ))}
          </nav>
        )}
      </header>

      <main className="popup-main">
        <HealthNotices popupUsable={usable} />
        {preferences?.notice && view !== 'settings' && (
          <p className="warning small">
            {preferences.notice}{' '}
            <button type="button" className="link-button" onClick={() => setView('settings')}>
              {t('popup_reviewSettings')}
            </button>
          </p>
        )}
        {accountsFailure && <GuidanceNotice guidance={accountsFailure} onAction={accountsFailure.action?.kind === 'open-permissions' ? openPermissionsPage : reloadAccounts} />}
        {accounts === undefined && !accountsFailure && <p className="progress muted">{t('common_loadingAccounts')}</p>}
        {noAccounts && <FirstRun onConnect={openPermissionsPage} />}
        {accounts && accounts.length > 0 && (
          <>
            <div hidden={view !== 'find'}>
              <FindTimeFeature
                accounts={accounts}
                preferences={preferences?.preferences}
                draftStorage={sessionDraftStorage}
                slotAction={BOOK}
                reschedule={reschedule && { ...reschedule, onMoved: backToMeetings, onStop: backToMeetings }}
                onOpenPermissions={openPermissionsPage}
                announce={announce}
              />
            </div>
            <div hidden={view !== 'meetings'}>
              <MeetingsView
                visible={view === 'meetings'}
                timeZone={timeZone}
                onReschedule={(meeting) => {
                  setReschedule((current) => ({ meeting, nonce: (current?.nonce ?? 0) + 1 }));
                  setView('find');
                }}
                onOpenPermissions={openPermissionsPage}
                announce={announce}
              />
            </div>
            <div hidden={view !== 'settings'}>
              {settingsShown && (
                <SettingsView
                  answer={preferences}
                  loadFailure={preferencesFailure}
                  accounts={accounts}
                  browserZone={browserZone}
                  onSaved={setPreferences}
                  announce={announce}
                />
              )}
            </div>
          </>
        )}
      </main>

      <footer className="popup-footer">
        <BackgroundStatusLine />
        <button type="button" className="link-button" onClick={openPermissionsPage}>
          {t('common_permissionsAndActivity')}
        </button>
      </footer>
      <LiveAnnouncer text={announcement} />
    </div>
  );
}

// The status line and the health notices ask for their own answers, which arrive while the
// popup opens: held here, each answer re-renders only its line, not every view of the popup.

function BackgroundStatusLine() {
  return <StatusLine state={useBackgroundStatus()} />;
}

function HealthNotices({ popupUsable }: { popupUsable: boolean }) {
  const siteHealth = useSiteHealth();
  const storageHealth = useStorageHealth(popupUsable);
  return (
    <>
      <InlinePanelHealthNotice health={siteHealth} />
      <StorageHealthNotice health={storageHealth} />
    </>
  );
}

export function useBackgroundStatus(): BackgroundState {
  const [state, setState] = useState<BackgroundState>({ kind: 'connecting' });
  useEffect(() => {
    sendMessage('app.status', {}).then(
      (status) => setState({ kind: 'ready', ...status }),
      (error: unknown) => setState({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
  }, []);
  return state;
}
