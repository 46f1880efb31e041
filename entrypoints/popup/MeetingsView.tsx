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

/** "Meetings Overlap created": the list, and cancelling one after a confirmation. */
export function MeetingsView({ visible, timeZone, onReschedule, onOpenPermissions, announce }: MeetingsViewProps) {
  const [meetings, setMeetings] = useState<PartnerMeeting[] | undefined>();
  const [loadFailure, setLoadFailure] = useState<Guidance | undefined>();
  const [cancelling, setCancelling] = useState<{ meeting: PartnerMeeting; running: boolean; failure?: Guidance } | undefined>();

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

  async function cancel(meeting: PartnerMeeting) {
    setCancelling({ meeting, running: true });
    try {
      await sendMessage('meetings.cancel', { meetingId: meeting.id });
      setCancelling(undefined);
      announce(`Cancelled ${meeting.title}. Everyone invited is told.`);
      await load();
    } catch (error) {
      setCancelling({ meeting, running: false, failure: guidanceFor(error, 'cancel the meeting') });
    }
  }

  async function remedy(failure: Guidance | undefined, meeting: PartnerMeeting) {
    const action = failure?.action;
    if (!action) return;
    if (action.kind === 'open-permissions') return onOpenPermissions();
    if (action.kind === 'grant-and-retry') {
      await sendMessage('features.set', { accountId: meeting.accountId, feature: action.feature, enabled: true }).catch(() => undefined);
    }
    await cancel(meeting);
  }

  return (
    <section aria-labelledby="meetings-heading" className="meetings-view">
      <h2 id="meetings-heading">Meetings Overlap created</h2>
      {loadFailure && <GuidanceNotice guidance={loadFailure} onAction={() => void load()} />}
      <MeetingList
        meetings={meetings}
        timeZone={timeZone}
        busyId={cancelling?.running ? cancelling.meeting.id : undefined}
        onReschedule={onReschedule}
        onCancel={(meeting) => setCancelling({ meeting, running: false })}
      />
      {cancelling && (
        <ConfirmDialog
          title={`Cancel “${cancelling.meeting.title}”?`}
          danger
          confirmLabel="Cancel the meeting"
          runningLabel="Cancelling…"
          cancelLabel="Keep it"
          running={cancelling.running}
          failure={cancelling.failure}
          onConfirm={() => void cancel(cancelling.meeting)}
          onRemedy={() => void remedy(cancelling.failure, cancelling.meeting)}
          onClose={() => setCancelling(undefined)}
        >
          <p>
            The meeting on {formatSlot(cancelling.meeting.start, cancelling.meeting.end, timeZone)} is removed from the calendar and everyone invited is told. This
            cannot be undone.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
