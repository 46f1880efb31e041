import type { PartnerMeeting } from '@/lib/meetings/types';
import { conferenceNames } from '@/lib/ui/booking';
import { formatSlot } from '@/lib/ui/dates';
import { safeEventUrl, safeJoinUrl } from '@/lib/ui/provider-links';

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

const statusNames: Record<PartnerMeeting['status'], string> = {
  pending: 'Booking not confirmed yet',
  booked: 'Booked',
  'link-pending': 'Booked; video link on its way',
  cancelled: 'Cancelled',
};

/** The meetings Overlap created — the only ones it may move or cancel — soonest first. */
export function MeetingList({ meetings, timeZone, busyId, onReschedule, onCancel, onFinish, onForget }: MeetingListProps) {
  if (meetings === undefined) return <p className="progress muted">Loading your meetings…</p>;
  const upcoming = [...meetings].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  if (upcoming.length === 0) {
    return <p className="muted">No meetings yet. Meetings you book with Overlap appear here, and only those: Overlap never changes anything else in your calendar.</p>;
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
            {meeting.status !== 'booked' && <p className="meeting-status">{statusNames[meeting.status]}</p>}
            <p className="muted small">
              {meeting.attendees.length ? meeting.attendees.map((person) => person.email + (person.optional ? ' (optional)' : '')).join(', ') : 'No other attendees'}
            </p>
            {meeting.note && <p className="small">{meeting.note}</p>}
            <div className="meeting-actions">
              {joinUrl && meeting.status !== 'cancelled' && (
                <a href={joinUrl} target="_blank" rel="noreferrer" aria-label={`Join ${meeting.title} (${conferenceNames[meeting.conference]})`}>
                  Join
                </a>
              )}
              {eventUrl && (
                <a href={eventUrl} target="_blank" rel="noreferrer" aria-label={`Open in calendar: ${meeting.title}`}>
                  Open in calendar
                </a>
              )}
              {meeting.status === 'pending' && (
                <>
                  <button type="button" disabled={busy} onClick={() => onFinish(meeting)} aria-label={`Check and finish ${meeting.title}`}>
                    Check and finish
                  </button>
                  <button type="button" disabled={busy} onClick={() => onForget(meeting)} aria-label={`Forget ${meeting.title}`}>
                    Forget
                  </button>
                </>
              )}
              {changeable && (
                <>
                  <button type="button" disabled={busy} onClick={() => onReschedule(meeting)} aria-label={`Reschedule ${meeting.title}`}>
                    Reschedule
                  </button>
                  <button type="button" className="danger" disabled={busy} onClick={() => onCancel(meeting)} aria-label={`Cancel ${meeting.title}`}>
                    Cancel
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
