import { useCallback, useEffect, useState } from 'react';
import { ConfirmDialog } from '@/components/ConfirmDialog';
import { GuidanceNotice } from '@/components/GuidanceNotice';
import { MeetingList } from '@/components/MeetingList';
import type { PartnerMeeting } from '@/lib/meetings/types';
import { sendMessage } from '@/lib/messaging/client';
import { formatSlot } from '@/lib/ui/dates';
import { guidanceFor, type Guidance } from '@/lib/ui/errors';

export interface MeetingsViewProps {
  /** True while the view is on screen; the list reloads each time it is shown. */
  visible: boolean;
  timeZone: string;
  onReschedule(meeting: PartnerMeeting): void;
  onOpenPermissions(): void;
  announce(text: string): void;
}

const calendarNames: Record<PartnerMeeting['provider'], string> = { google: 'Google Calendar', microsoft: 'Outlook' };

/** An action on one meeting: confirmed in a dialog (cancel, forget) or run at once (finish), and how it went. */
type MeetingAction = { kind: 'cancel' | 'forget' | 'finish'; meeting: PartnerMeeting; running: boolean; failure?: Guidance };

/**
 * "Meetings Overlap created": the list; cancelling one after a confirmation; and for a booking
 * that was never confirmed, checking and finishing it, or forgetting it after a plain warning.
 */
export function MeetingsView({ visible, timeZone, onReschedule, onOpenPermissions, announce }: MeetingsViewProps) {
  const [meetings, setMeetings] = useState<PartnerMeeting[] | undefined>();
  const [loadFailure, setLoadFailure] = useState<Guidance | undefined>();
  const [action, setAction] = useState<MeetingAction | undefined>();

  const load = useCallback(async () => {
    setLoadFailure(undefined);
    try {
      setMeetings(await sendMessage('meetings.list', {}));
    } catch (error) {
      setMeetings([]);
      setLoadFailure(guidanceFor(error, 'list your meetings'));
    }
  }, []);

  useEffect(() => {
    if (visible) void load();
  }, [visible, load]);

  const doings = { cancel: 'cancel the meeting', forget: 'forget the booking', finish: 'check and finish the booking' } as const;

  async function run(kind: MeetingAction['kind'], meeting: PartnerMeeting) {
    setAction({ kind, meeting, running: true });
    try {
      const result = await sendMessage(`meetings.${kind}`, { meetingId: meeting.id });
      setAction(undefined);
      announce(outcomeText(kind, result));
      await load();
    } catch (error) {
      setAction({ kind, meeting, running: false, failure: guidanceFor(error, doings[kind]) });
      // A failed check may have changed the record's note (e.g. "could not check"); show it.
      if (kind === 'finish') await load();
    }
  }

  async function remedy(current: MeetingAction) {
    const remedyAction = current.failure?.action;
    if (!remedyAction) return;
    if (remedyAction.kind === 'open-permissions') return onOpenPermissions();
    if (remedyAction.kind === 'grant-and-retry') {
      await sendMessage('features.set', { accountId: current.meeting.accountId, feature: remedyAction.feature, enabled: true }).catch(() => undefined);
    }
    await run(current.kind, current.meeting);
  }

  const confirming = action && action.kind !== 'finish' ? action : undefined;
  const finishing = action?.kind === 'finish' ? action : undefined;

  return (
    <section aria-labelledby="meetings-heading" className="meetings-view">
      <h2 id="meetings-heading">Meetings Overlap created</h2>
      {loadFailure && <GuidanceNotice guidance={loadFailure} onAction={() => void load()} />}
      {finishing?.running && <p className="progress" role="status">Checking “{finishing.meeting.title}” with {calendarNames[finishing.meeting.provider]}…</p>}
      {finishing?.failure && <GuidanceNotice guidance={finishing.failure} onAction={() => void remedy(finishing)} />}
      <MeetingList
        meetings={meetings}
        timeZone={timeZone}
        busyId={action?.running ? action.meeting.id : undefined}
        onReschedule={onReschedule}
        onCancel={(meeting) => setAction({ kind: 'cancel', meeting, running: false })}
        onFinish={(meeting) => void run('finish', meeting)}
        onForget={(meeting) => setAction({ kind: 'forget', meeting, running: false })}
      />
      {confirming?.kind === 'cancel' && (
        <ConfirmDialog
          title={`Cancel “${confirming.meeting.title}”?`}
          danger
          confirmLabel="Cancel the meeting"
          runningLabel="Cancelling…"
          cancelLabel="Keep it"
          running={confirming.running}
          failure={confirming.failure}
          onConfirm={() => void run('cancel', confirming.meeting)}
          onRemedy={() => void remedy(confirming)}
          onClose={() => setAction(undefined)}
        >
          <p>
            The meeting on {formatSlot(confirming.meeting.start, confirming.meeting.end, timeZone)} is removed from the calendar and everyone invited is told. This
            cannot be undone.
          </p>
        </ConfirmDialog>
      )}
      {confirming?.kind === 'forget' && (
        <ConfirmDialog
          title={`Forget “${confirming.meeting.title}”?`}
          danger
          confirmLabel="Forget it"
          runningLabel="Forgetting…"
          cancelLabel="Keep it"
          running={confirming.running}
          failure={confirming.failure}
          onConfirm={() => void run('forget', confirming.meeting)}
          onRemedy={() => void remedy(confirming)}
          onClose={() => setAction(undefined)}
        >
          <p>
            Overlap removes this booking from its list on this device only. The meeting may still exist in {calendarNames[confirming.meeting.provider]}, with its
            invitations sent: check your calendar, and cancel it there if you do not want it. Once forgotten, Overlap can no longer finish, move or cancel it.
          </p>
          {confirming.meeting.eventUrl && (
            <p>
              <a href={confirming.meeting.eventUrl} target="_blank" rel="noreferrer">
                Open it in {calendarNames[confirming.meeting.provider]}
              </a>
            </p>
          )}
        </ConfirmDialog>
      )}
    </section>
  );
}

function outcomeText(kind: MeetingAction['kind'], meeting: PartnerMeeting): string {
  if (kind === 'forget') return `Forgot ${meeting.title}. It may still exist in your calendar.`;
  if (kind === 'cancel') return `Cancelled ${meeting.title}. Everyone invited is told.`;
  return meeting.status === 'cancelled' ? `${meeting.title} was cancelled in your calendar.` : `Booked ${meeting.title}.`;
}
