import type { PartnerMeeting } from '@/lib/meetings/types';
import { conferenceName } from '@/lib/ui/booking';
import { formatSlot } from '@/lib/ui/dates';
import { safeEventUrl, safeJoinUrl } from '@/lib/ui/provider-links';
import { formatList, t } from '@/lib/i18n';

export interface MeetingListProps {
  /** undefined while loading. */
  meetings?: PartnerMeeting[];
  timeZone: string;
  /** The meeting an action is running for; its buttons are disabled. */
  busyId?: string;
  onReschedule(meeting: PartnerMeeting): void;
  onCancel(meeting: PartnerMeeting): void;
  /** A pending booking: ask the provider whether it holds it, and finish it either way. */
  onFinish(meeting: PartnerMeeting): void;
  /** A pending booking: drop Overlap's record of it (after the page confirms). */
  onForget(meeting: PartnerMeeting): void;
}

const statusKeys = {
  pending: 'meetings_statusPending',
  booked: 'meetings_statusBooked',
  'link-pending': 'meetings_statusLinkPending',
  cancelled: 'meetings_statusCancelled',
} as const satisfies Record<PartnerMeeting['status'], string>;

/** The meetings Overlap created — the only ones it may move or cancel — soonest first. */
export function MeetingList({ meetings, timeZone, busyId, onReschedule, onCancel, onFinish, onForget }: MeetingListProps) {
  if (meetings === undefined) return <p className="progress muted">{t('meetings_loading')}</p>;
  const upcoming = [...meetings].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  if (upcoming.length === 0) {
    return <p className="muted">{t('meetings_empty')}</p>;
  }
  return (
    <ul className="meetings">
      {upcoming.map((meeting) => {
        const when = formatSlot(meeting.start, meeting.end, timeZone);
        const past = Date.parse(meeting.end) < Date.now();
        const changeable = meeting.status !== 'cancelled' && meeting.status !== 'pending' && !past;
        const busy = busyId === meeting.id;
        const joinUrl = safeJoinUrl(meeting);
        const eventUrl = safeEventUrl(meeting);
        return (
          <li key={meeting.id} className={`meeting status-${meeting.status}`}>
            <h3 className="meeting-title">{meeting.title}</h3>
            <p className="meeting-when">{when}</p>
            {meeting.status !== 'booked' && <p className="meeting-status">{t(statusKeys[meeting.status])}</p>}
            <p className="muted small">
              {meeting.attendees.length ? formatList(meeting.attendees.map((person) => (person.optional ? t('common_optionalPerson', { name: person.email }) : person.email))) : t('meetings_noAttendees')}
            </p>
            {meeting.note && <p className="small">{meeting.note}</p>}
            <div className="meeting-actions">
              {joinUrl && meeting.status !== 'cancelled' && (
                <a href={joinUrl} target="_blank" rel="noreferrer" aria-label={t('meetings_joinLabel', { title: meeting.title, conference: conferenceName(meeting.conference) })}>
                  {t('meetings_join')}
                </a>
              )}
              {eventUrl && (
                <a href={eventUrl} target="_blank" rel="noreferrer" aria-label={t('meetings_openLabel', { title: meeting.title })}>
                  {t('meetings_open')}
                </a>
              )}
              {meeting.status === 'pending' && (
                <>
                  <button type="button" disabled={busy} onClick={() => onFinish(meeting)} aria-label={t('meetings_finishLabel', { title: meeting.title })}>
                    {t('meetings_finish')}
                  </button>
                  <button type="button" disabled={busy} onClick={() => onForget(meeting)} aria-label={t('meetings_forgetLabel', { title: meeting.title })}>
                    {t('meetings_forget')}
                  </button>
                </>
              )}
              {changeable && (
                <>
                  <button type="button" disabled={busy} onClick={() => onReschedule(meeting)} aria-label={t('meetings_rescheduleLabel', { title: meeting.title })}>
                    {t('meetings_reschedule')}
                  </button>
                  <button type="button" className="danger" disabled={busy} onClick={() => onCancel(meeting)} aria-label={t('meetings_cancelLabel', { title: meeting.title })}>
                    {t('meetings_cancel')}
                  </button>
                </>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
