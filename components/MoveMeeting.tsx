import type { PartnerMeeting } from '@/lib/meetings/types';
import { formatSlot } from '@/lib/ui/dates';
import type { PendingMove } from '@/lib/ui/find/use-move-meeting';
import { ConfirmDialog } from './ConfirmDialog';

/** Says which meeting the search is for, with the way out. */
export function RescheduleBanner({ meeting, timeZone, onStop }: { meeting: PartnerMeeting; timeZone: string; onStop(): void }) {
  return (
    <div className="reschedule-banner">
      <p>
        Choosing a new time for <strong>{meeting.title}</strong> (now {formatSlot(meeting.start, meeting.end, timeZone)}).
      </p>
      <button type="button" onClick={onStop}>
        Stop rescheduling
      </button>
    </div>
  );
}

export interface MoveMeetingDialogProps {
  meeting: PartnerMeeting;
  move: PendingMove;
  timeZone: string;
  onConfirm(): void;
  onRemedy(): void;
  onClose(): void;
}

/** The last question before everyone invited gets the new time. */
export function MoveMeetingDialog({ meeting, move, timeZone, onConfirm, onRemedy, onClose }: MoveMeetingDialogProps) {
  return (
    <ConfirmDialog
      title="Move the meeting?"
      confirmLabel="Move meeting"
      runningLabel="Moving…"
      cancelLabel="Back to times"
      running={move.running}
      failure={move.failure}
      onConfirm={onConfirm}
      onRemedy={onRemedy}
      onClose={onClose}
    >
      <p>
        Move <strong>{meeting.title}</strong> from {formatSlot(meeting.start, meeting.end, timeZone)} to <strong>{formatSlot(move.slot.start, move.slot.end, timeZone)}</strong>? Everyone
        invited gets the new time.
      </p>
    </ConfirmDialog>
  );
}
