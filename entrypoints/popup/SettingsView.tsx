import { useState } from 'react';
import { SettingsForm } from '@/components/SettingsForm';
import type { AccountView } from '@/lib/auth/access';
import type { Preferences, PreferencesAnswer } from '@/lib/meetings/types';
import { sendMessage } from '@/lib/messaging/client';
import { guidanceFor, replyOf, type Guidance } from '@/lib/ui/errors';
import { changedPreferences } from '@/lib/ui/preference-changes';
import { t } from '@/lib/i18n';

export interface SettingsViewProps {
  answer?: PreferencesAnswer;
  loadFailure?: Guidance;
  accounts: AccountView[];
  browserZone: string;
  onSaved(answer: PreferencesAnswer): void;
  announce(text: string): void;
}

/** The preferences form, saved through the background's versioned store. */
export function SettingsView({ answer, loadFailure, accounts, browserZone, onSaved, announce }: SettingsViewProps) {
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<Guidance | undefined>();
  const [issues, setIssues] = useState<{ path: string; message: string }[]>([]);
  const [savedMessage, setSavedMessage] = useState<string | undefined>();
  const [revision, setRevision] = useState(0);

  async function save(preferences: Preferences) {
    setSaving(true);
    setFailure(undefined);
    setIssues([]);
    setSavedMessage(undefined);
    try {
      // Only what this form changed: another page may have saved other fields since it opened.
      const saved = await sendMessage('preferences.set', { preferences: answer ? changedPreferences(answer.preferences, preferences) : preferences });
      onSaved(saved);
      setRevision((n) => n + 1);
      setSavedMessage(t('settings_saved'));
      announce(t('settings_announceSaved'));
    } catch (error) {
      setIssues(replyOf(error)?.issues ?? []);
      setFailure(guidanceFor(error, t('guidance_doingSaveSettings')));
    } finally {
      setSaving(false);
    }
  }

  return (
    <section aria-labelledby="settings-heading" className="settings-view">
      <h2 id="settings-heading">{t('popup_viewSettings')}</h2>
      {!answer && !loadFailure && <p className="progress muted">{t('settings_loading')}</p>}
      {loadFailure && !answer && <p className="error">{loadFailure.message}</p>}
      {answer && (
        <SettingsForm
          // A fresh form after each save shows exactly what the store kept.
          key={revision}
          preferences={answer.preferences}
          notice={answer.notice}
          accounts={accounts}
          browserZone={browserZone}
          saving={saving}
          failure={failure}
          issues={issues}
          savedMessage={savedMessage}
          onSave={(preferences) => void save(preferences)}
        />
      )}
    </section>
  );
}
