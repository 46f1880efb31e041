import { useId, useRef, useState } from 'react';
import { formatList, t } from '@/lib/i18n';
import type { BookingOptions, ConferenceKind, PartnerMeeting } from '@/lib/meetings/types';
import { conferenceName } from '@/lib/ui/booking';
import type { BookingForm, BookingPhase } from '@/lib/ui/find/booking-session';
import { displayName, type ParticipantEntry } from '@/lib/ui/participants';
import { Dialog } from './Dialog';
import { GuidanceNotice } from './GuidanceNotice';
import { Message } from './Message';
import { safeEventUrl, safeJoinUrl } from '@/lib/ui/provider-links';

export interface BookingDialogProps {
  /** The chosen slot in words, e.g. "Tue 24 Nov, 10:00–10:30". */
  when: string;
  timeZone: string;
  attendees: ParticipantEntry[];
  form: BookingForm;
  accounts: readonly { id: string; email: string }[];
  /** What the chosen account allows; undefined while it is being asked. */
  conferences?: ConferenceKind[];
  /** Why a kind is not offered, and which other account makes a cross-provider link. */
  conferenceNotes?: Pick<BookingOptions, 'unavailable' | 'linkMadeBy'>;
  /** Why the conference choices could not be loaded (booking still works without a call). */
  conferencesProblem?: string;
  phase: BookingPhase;
  onChange(form: BookingForm): void;
  onSubmit(): void;
  /** Runs the failure's remedy (grant the permission, retry). */
  onRemedy(): void;
  onClose(): void;
}

/** The confirmation step: what will be booked, where, with which call; then the outcome. */
export function BookingDialog(props: BookingDialogProps) {
  if (props.phase.kind === 'booked') return <BookedDialog meeting={props.phase.meeting} when={props.when} onClose={props.onClose} />;
  return <ConfirmDialog {...props} />;
}

function ConfirmDialog({ when, timeZone, attendees, form, accounts, conferences, conferenceNotes, conferencesProblem, phase, onChange, onSubmit, onRemedy, onClose }: BookingDialogProps) {
  const titleId = useId();
  const descriptionId = useId();
  const accountId = useId();
  const titleErrorId = useId();
  const titleRef = useRef<HTMLInputElement>(null);
  const [titleMissing, setTitleMissing] = useState(false);
  const booking = phase.kind === 'booking';
  const account = accounts.find((candidate) => candidate.id === form.accountId);
  return (
    <Dialog title={t('booking_confirmTitle')} onClose={onClose} locked={booking}>
      <form
        className="booking-form"
        noValidate
        aria-busy={booking}
        onSubmit={(event) => {
          event.preventDefault();
          if (!form.title.trim()) {
            setTitleMissing(true);
            titleRef.current?.focus();
            return;
          }
          // The button is disabled while booking; this guards Enter in a field as well.
          if (!booking) onSubmit();
        }}
      >
        <p className="when">
          <strong>{when}</strong> <span className="muted">({timeZone})</span>
        </p>
        <p className="muted small">{attendees.length ? t('booking_with', { people: formatList(attendees.map((person) => (person.optional ? t('common_optionalPerson', { name: displayName(person) }) : displayName(person)))) }) : t('booking_withNobody')}</p>

        <label htmlFor={titleId} className="field-label">
          {t('booking_titleLabel')}
        </label>
        <input
          ref={titleRef}
          id={titleId}
          type="text"
          maxLength={300}
          required
          aria-invalid={titleMissing || undefined}
          aria-describedby={titleMissing ? titleErrorId : undefined}
          value={form.title}
          onChange={(event) => {
            setTitleMissing(false);
            onChange({ ...form, title: event.currentTarget.value });
          }}
        />
        {titleMissing && (
          <p id={titleErrorId} className="error small">
            {t('booking_titleMissing')}
          </p>
        )}

        <label htmlFor={descriptionId} className="field-label">
          {t('booking_descriptionLabel')} <span className="muted">{t('common_optional')}</span>
        </label>
        <textarea id={descriptionId} rows={3} maxLength={8000} value={form.description} onChange={(event) => onChange({ ...form, description: event.currentTarget.value })} />

        {accounts.length > 1 ? (
          <>
            <label htmlFor={accountId} className="field-label">
              {t('booking_accountLabel')}
            </label>
            <select id={accountId} value={form.accountId} onChange={(event) => onChange({ ...form, accountId: event.currentTarget.value })}>
              {accounts.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.email}
                </option>
              ))}
            </select>
          </>
        ) : null}
        <p className="muted small">{t('booking_calendar', { email: account?.email ?? form.accountId })}</p>

        <fieldset className="conference">
          <legend className="field-label">{t('booking_videoCall')}</legend>
          {conferences === undefined && !conferencesProblem && <p className="progress small">{t('booking_checkingConferences')}</p>}
          {conferencesProblem && <p className="small error">{conferencesProblem}</p>}
          {(conferences ?? (conferencesProblem ? (['none'] as ConferenceKind[]) : [])).map((kind) => (
            <label key={kind} className="radio">
              <input type="radio" name="conference" value={kind} checked={form.conference === kind} onChange={() => onChange({ ...form, conference: kind })} />
              <span>
                {conferenceName(kind)}
                {conferenceNotes?.linkMadeBy?.[kind] && <span className="muted small"> {t('booking_madeWith', { email: conferenceNotes.linkMadeBy[kind] })}</span>}
              </span>
            </label>
          ))}
          {conferences !== undefined &&
            conferenceNotes?.unavailable.map((entry) => (
              <p key={entry.conference} className="muted small">
                {t('booking_conferenceUnavailable', { conference: conferenceName(entry.conference), reason: entry.reason })}
              </p>
            ))}
        </fieldset>

        <label className="checkbox">
          <input type="checkbox" checked={form.sendInvitations} onChange={(event) => onChange({ ...form, sendInvitations: event.currentTarget.checked })} />
          {t('booking_sendInvitations')}
        </label>

        {phase.kind === 'failed' && <GuidanceNotice guidance={phase.guidance} onAction={onRemedy} busy={booking} />}

        {booking && <p className="muted small">{t('booking_windowHint')}</p>}
        <div className="dialog-actions">
          <button type="button" onClick={onClose} disabled={booking}>
            {t('booking_backToTimes')}
          </button>
          <button type="submit" className="primary" disabled={booking || (conferences === undefined && !conferencesProblem)} aria-busy={booking || undefined}>
            {booking ? <span className="progress">{t('booking_booking')}</span> : t('booking_bookMeeting')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function BookedDialog({ meeting, when, onClose }: { meeting: PartnerMeeting; when: string; onClose(): void }) {
  const joinUrl = safeJoinUrl(meeting);
  const eventUrl = safeEventUrl(meeting);
  return (
    <Dialog title={t('booking_bookedTitle')} onClose={onClose}>
      <div className="booked">
        <p className="ok">
          <Message id="booking_bookedFor" values={{ title: <strong>{meeting.title}</strong>, when }} />
        </p>
        {meeting.note && <p>{meeting.note}</p>}
        <ul className="links">
          {joinUrl && (
            <li>
              <a href={joinUrl} target="_blank" rel="noreferrer">
                {t('booking_joinCall', { conference: conferenceName(meeting.conference) })}
              </a>{' '}
              <span className="muted small url">{joinUrl}</span>
            </li>
          )}
          {eventUrl && (
            <li>
              <a href={eventUrl} target="_blank" rel="noreferrer">
                {t('booking_openEvent')}
              </a>
            </li>
          )}
        </ul>
        {meeting.status === 'link-pending' && <p className="muted small">{t('booking_linkPending')}</p>}
        <div className="dialog-actions">
          <button type="button" className="primary" onClick={onClose}>
            {t('common_done')}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
