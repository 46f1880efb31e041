import { useId, type ReactNode, type Ref } from 'react';
import type { AccountView } from '@/lib/auth/access';
import type { Contact } from '@/lib/meetings/types';
import type { DateRange, LocalDate } from '@/lib/ui/dates';
import type { ParticipantFieldState } from '@/lib/ui/participants';
import { DurationPicker } from './DurationPicker';
import { ParticipantInput } from './ParticipantInput';
import { TimeZonePicker } from './TimeZonePicker';
import { t } from '@/lib/i18n';

export interface FindFormProps {
  id: string;
  hidden: boolean;
  accounts: readonly AccountView[];
  organizer: AccountView | undefined;
  /** While a meeting is moved its organizer cannot change. */
  organizerLocked: boolean;
  onOrganizer(accountId: string): void;
  field: ParticipantFieldState;
  suggestions: Contact[];
  onField(field: ParticipantFieldState): void;
  participantRegionRef: Ref<HTMLDivElement>;
  autoFocus: boolean;
  durationMinutes: number;
  onDuration(minutes: number): void;
  range: DateRange;
  today: LocalDate;
  onRange(range: DateRange): void;
  timeZone: string;
  now: Date;
  onTimeZone(zone: string): void;
  /** A host's own fields (an inline panel's conference choice), above the problem and the button. */
  extraFields?: ReactNode;
  problem: string | undefined;
  searching: boolean;
  submitLabel: string;
  onSubmit(): void;
}

/** Who, how long, which days, in which zone: the questions a search asks. */
export function FindForm(props: FindFormProps) {
  const { accounts, organizer, range, timeZone, searching } = props;
  const organizerId = useId();
  const fromId = useId();
  const toId = useId();
  const problemId = useId();
  return (
    <form
      id={props.id}
      hidden={props.hidden}
      className="find-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!searching) props.onSubmit();
      }}
    >
      {accounts.length > 1 && (
        <div className="field">
          <label htmlFor={organizerId} className="field-label">
            {t('find_organizerAccount')}
          </label>
          <select id={organizerId} value={organizer?.id} onChange={(event) => props.onOrganizer(event.currentTarget.value)} disabled={props.organizerLocked}>
            {accounts.map((account) => (
              <option key={account.id} value={account.id}>
                {t('find_organizerOption', { email: account.email, provider: account.provider === 'google' ? 'Google' : 'Microsoft' })}
              </option>
            ))}
          </select>
        </div>
      )}

      <div ref={props.participantRegionRef}>
        <ParticipantInput state={props.field} suggestions={props.suggestions} organizerEmail={organizer?.email} onChange={props.onField} autoFocus={props.autoFocus} />
      </div>

      <DurationPicker minutes={props.durationMinutes} onChange={props.onDuration} />

      <fieldset className="range">
        <legend className="field-label">{t('find_daysToSearch')}</legend>
        <label htmlFor={fromId}>{t('find_from')}</label>
        <input id={fromId} type="date" value={range.from} min={props.today} onChange={(event) => props.onRange({ ...range, from: event.currentTarget.value })} />
        <label htmlFor={toId}>{t('find_to')}</label>
        <input id={toId} type="date" value={range.to} min={range.from} onChange={(event) => props.onRange({ ...range, to: event.currentTarget.value })} />
      </fieldset>

      <TimeZonePicker label={t('find_yourTimeZone')} value={timeZone} at={props.now} onChange={props.onTimeZone} />

      {props.extraFields}

      {props.problem && (
        <p id={problemId} className="error" role="alert">
          {props.problem}
        </p>
      )}
      <button type="submit" className="primary wide" disabled={searching || !organizer} aria-busy={searching || undefined}>
        {props.submitLabel}
      </button>
    </form>
  );
}
