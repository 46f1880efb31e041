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

/** Each action in the words a failure message uses ("Could not … "). */
const doings = { cancel: 'cancel the meeting', forget: 'forget the booking', finish: 'check and finish the booking' } as const satisfies Record<MeetingAction['kind'], string>;

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

  // Re-spelled so the type keeps the narrowed kind: only cancel and forget are confirmed first.
  const confirming = action && action.kind !== 'finish' ? { ...action, kind: action.kind } : undefined;
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
      {confirming && (
        <ConfirmDialog
          title={`${confirmations[confirming.kind].verb} “${confirming.meeting.title}”?`}
          danger
          confirmLabel={confirmations[confirming.kind].confirmLabel}
          runningLabel={confirmations[confirming.kind].runningLabel}
          cancelLabel="Keep it"
          running={confirming.running}
          failure={confirming.failure}
          onConfirm={() => void run(confirming.kind, confirming.meeting)}
          onRemedy={() => void remedy(confirming)}
          onClose={() => setAction(undefined)}
        >
          {confirming.kind === 'cancel' ? (
            <p>
              The meeting on {formatSlot(confirming.meeting.start, confirming.meeting.end, timeZone)} is removed from the calendar and everyone invited is told. This
              cannot be undone.
            </p>
          ) : (
            <ForgetWarning meeting={confirming.meeting} />
          )}
        </ConfirmDialog>
      )}
    </section>
  );
}

const confirmations = {
  cancel: { verb: 'Cancel', confirmLabel: 'Cancel the meeting', runningLabel: 'Cancelling…' },
  forget: { verb: 'Forget', confirmLabel: 'Forget it', runningLabel: 'Forgetting…' },
} as const;

/** Forgetting cannot be checked against the provider, so the user is told plainly what may remain there. */
function ForgetWarning({ meeting }: { meeting: PartnerMeeting }) {
  const calendar = calendarNames[meeting.provider];
  return (
    <>
      <p>
        Overlap removes this booking from its list on this device only. The meeting may still exist in {calendar}, with its invitations sent: check your calendar,
        and cancel it there if you do not want it. Once forgotten, Overlap can no longer finish, move or cancel it.
      </p>
      {meeting.eventUrl && (
        <p>
          <a href={meeting.eventUrl} target="_blank" rel="noreferrer">
            Open it in {calendar}
          </a>
        </p>
      )}
    </>
  );
}

function outcomeText(kind: MeetingAction['kind'], meeting: PartnerMeeting): string {
  if (kind === 'forget') return `Forgot ${meeting.title}. It may still exist in your calendar.`;
  if (kind === 'cancel') return `Cancelled ${meeting.title}. Everyone invited is told.`;
  return meeting.status === 'cancelled' ? `${meeting.title} was cancelled in your calendar.` : `Booked ${meeting.title}.`;
}
