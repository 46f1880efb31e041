import { useId, useState, type ReactNode } from 'react';
import type { ConferenceKind, Preferences } from '@/lib/meetings/types';
import { conferenceKinds, conferenceName } from '@/lib/ui/booking';
import type { Guidance } from '@/lib/ui/errors';
import { dayProblem, endsNextDay, fromDayRows, toDayRows, weekdayLabel, type DayHours } from '@/lib/ui/working-hours';
import { GuidanceNotice } from './GuidanceNotice';
import { TimeZonePicker } from './TimeZonePicker';
import { plural, t } from '@/lib/i18n';

export interface SettingsFormProps {
  preferences: Preferences;
  accounts: { id: string; email: string }[];
  browserZone: string;
  /** The store's word that saved preferences were unreadable and defaults are in use. */
  notice?: string;
  saving: boolean;
  failure?: Guidance;
  /** Field problems the background reported, by dotted path ("payload.preferences.horizonDays"). */
  issues: { path: string; message: string }[];
  savedMessage?: string;
  onSave(preferences: Preferences): void;
}

const GRANULARITIES = [5, 10, 15, 20, 30, 60];

function NumberField({ label, value, min, max, unit, onChange, problem }: { label: string; value: number; min: number; max: number; unit: string; onChange(value: number): void; problem?: string }) {
  const id = useId();
  const problemId = useId();
  return (
    <div className="number-field">
      <label htmlFor={id}>{label}</label>
      <span className="with-unit">
        <input
          id={id}
          type="number"
          inputMode="numeric"
          min={min}
          max={max}
          value={Number.isFinite(value) ? value : ''}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? problemId : undefined}
          onChange={(event) => onChange(event.currentTarget.valueAsNumber)}
        />
        <span className="muted" aria-hidden="true">
          {unit}
        </span>
      </span>
      {problem && (
        <span id={problemId} className="error small">
          {problem}
        </span>
      )}
    </div>
  );
}

function SelectField({ label, value, onChange, children }: { label: string; value: string; onChange(value: string): void; children: ReactNode }) {
  const id = useId();
  return (
    <div className="number-field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.currentTarget.value)}>
        {children}
      </select>
    </div>
  );
}

function rangeProblem(label: string, value: number, min: number, max: number): string | undefined {
  if (!Number.isInteger(value)) return t('settings_problemWholeNumber', { label });
  if (value < min || value > max) return t('settings_problemBetween', { label, min, max });
  return undefined;
}

/** Every preference the search and booking use, edited as one form and saved together. */
export function SettingsForm({ preferences, accounts, browserZone, notice, saving, failure, issues, savedMessage, onSave }: SettingsFormProps) {
  const [draft, setDraft] = useState<Preferences>(preferences);
  const [days, setDays] = useState<DayHours[]>(() => toDayRows(preferences.workingHours));
  const [showProblems, setShowProblems] = useState(false);
  const set = <K extends keyof Preferences>(key: K, value: Preferences[K]) => setDraft((current) => ({ ...current, [key]: value }));

  const problems: Partial<Record<keyof Preferences, string>> = {
    defaultDurationMinutes: rangeProblem(t('settings_defaultDuration'), draft.defaultDurationMinutes, 5, 1440),
    bufferBeforeMinutes: rangeProblem(t('settings_bufferBefore'), draft.bufferBeforeMinutes, 0, 720),
    bufferAfterMinutes: rangeProblem(t('settings_bufferAfter'), draft.bufferAfterMinutes, 0, 720),
    minimumNoticeMinutes: rangeProblem(t('settings_minimumNotice'), draft.minimumNoticeMinutes, 0, 366 * 1440),
    horizonDays: rangeProblem(t('settings_lookAhead'), draft.horizonDays, 1, 366),
  };
  for (const issue of issues) {
    const key = issue.path.replace(/^(payload\.)?(preferences\.)?/, '').split('.')[0] as keyof Preferences;
    problems[key] ??= issue.message;
  }
  const dayProblems = days.map(dayProblem).filter((problem): problem is string => problem !== undefined);
  const invalid = Object.values(problems).some(Boolean) || dayProblems.length > 0;
  const shown = (key: keyof Preferences) => (showProblems || issues.length ? problems[key] : undefined);

  return (
    <form
      className="settings"
      // Overlap shows its own messages beside each field; the browser's bubbles would block submit silently.
      noValidate
      aria-busy={saving}
      onSubmit={(event) => {
        event.preventDefault();
        setShowProblems(true);
        if (invalid || saving) return;
        onSave({ ...draft, workingHours: fromDayRows(days) });
      }}
    >
      {notice && (
        <p className="warning" role="alert">
          {notice}
        </p>
      )}

      <fieldset>
        <legend>{t('find_yourTimeZone')}</legend>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={draft.timeZone === undefined}
            onChange={(event) => set('timeZone', event.currentTarget.checked ? undefined : browserZone)}
          />
          {t('settings_followBrowser', { zone: browserZone })}
        </label>
        {draft.timeZone !== undefined && <TimeZonePicker label={t('settings_timeZone')} value={draft.timeZone} at={new Date()} onChange={(zone) => set('timeZone', zone)} />}
      </fieldset>

      <fieldset className="working-hours">
        <legend>{t('settings_workingHours')}</legend>
        {days.map((row, index) => {
          const update = (change: Partial<DayHours>) => setDays(days.map((candidate, i) => (i === index ? { ...candidate, ...change } : candidate)));
          const name = weekdayLabel(row.day);
          return (
            <div key={row.day} className="day-row">
              <label className="checkbox day-name">
                <input type="checkbox" checked={row.working} onChange={(event) => update({ working: event.currentTarget.checked })} />
                {name}
              </label>
              <input type="time" aria-label={t('settings_dayStarts', { day: name })} value={row.start} disabled={!row.working} onChange={(event) => update({ start: event.currentTarget.value })} />
              <span aria-hidden="true">–</span>
              <input type="time" aria-label={t('settings_dayEnds', { day: name })} value={row.end} disabled={!row.working} onChange={(event) => update({ end: event.currentTarget.value })} />
              {endsNextDay(row) && <span className="muted small">{t('settings_nextDay')}</span>}
              {row.working && row.more.length > 0 && <span className="muted small">+{row.more.map((range) => `${range.start}–${range.end}`).join(', ')}</span>}
            </div>
          );
        })}
        {(showProblems ? dayProblems : []).map((problem) => (
          <p key={problem} className="error small">
            {problem}
          </p>
        ))}
      </fieldset>

      <fieldset className="grid">
        <legend>{t('settings_searching')}</legend>
        <NumberField label={t('settings_defaultDuration')} unit={t('common_minutesUnit')} min={5} max={1440} value={draft.defaultDurationMinutes} problem={shown('defaultDurationMinutes')} onChange={(value) => set('defaultDurationMinutes', value)} />
        <NumberField label={t('settings_lookAhead')} unit={t('settings_daysUnit')} min={1} max={366} value={draft.horizonDays} problem={shown('horizonDays')} onChange={(value) => set('horizonDays', value)} />
        <NumberField label={t('settings_bufferBefore')} unit={t('common_minutesUnit')} min={0} max={720} value={draft.bufferBeforeMinutes} problem={shown('bufferBeforeMinutes')} onChange={(value) => set('bufferBeforeMinutes', value)} />
        <NumberField label={t('settings_bufferAfter')} unit={t('common_minutesUnit')} min={0} max={720} value={draft.bufferAfterMinutes} problem={shown('bufferAfterMinutes')} onChange={(value) => set('bufferAfterMinutes', value)} />
        <NumberField label={t('settings_minimumNotice')} unit={t('common_minutesUnit')} min={0} max={366 * 1440} value={draft.minimumNoticeMinutes} problem={shown('minimumNoticeMinutes')} onChange={(value) => set('minimumNoticeMinutes', value)} />
        <SelectField label={t('settings_granularity')} value={String(draft.granularityMinutes)} onChange={(value) => set('granularityMinutes', Number(value))}>
          {GRANULARITIES.map((minutes) => (
            <option key={minutes} value={minutes}>
              {plural('common_minutes', minutes)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('settings_tentative')} value={draft.tentativePolicy} onChange={(value) => set('tentativePolicy', value === 'free' ? 'free' : 'busy')}>
          <option value="busy">{t('settings_tentativeBusy')}</option>
          <option value="free">{t('settings_tentativeFree')}</option>
        </SelectField>
      </fieldset>

      <fieldset className="grid">
        <legend>{t('settings_booking')}</legend>
        <SelectField label={t('settings_defaultAccount')} value={draft.defaultAccountId ?? ''} onChange={(value) => set('defaultAccountId', value || undefined)}>
          <option value="">{t('settings_firstConnected')}</option>
          {accounts.map((account) => (
            <option key={account.id} value={account.id}>
              {account.email}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('settings_defaultConference')} value={draft.defaultConference} onChange={(value) => set('defaultConference', value as ConferenceKind)}>
          {conferenceKinds.map((kind) => (
            <option key={kind} value={kind}>
              {conferenceName(kind)}
            </option>
          ))}
        </SelectField>
      </fieldset>

      {failure && <GuidanceNotice guidance={failure} />}
      {savedMessage && !saving && <p className="ok small">{savedMessage}</p>}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving} aria-busy={saving || undefined}>
          {saving ? <span className="progress">{t('settings_saving')}</span> : t('settings_save')}
        </button>
      </div>
    </form>
  );
}
