import type { PartnerMeeting } from '@/lib/meetings/types';
import { formatSlot } from '@/lib/ui/dates';
import type { PendingMove } from '@/lib/ui/find/use-move-meeting';
import { ConfirmDialog } from './ConfirmDialog';
import { t } from '@/lib/i18n';
import { Message } from './Message';

/** Says which meeting the search is for, with the way out. */
export function RescheduleBanner({ meeting, timeZone, onStop }: { meeting: PartnerMeeting; timeZone: string; onStop(): void }) {
  return (
    <div className="reschedule-banner">
      <p>
        <Message id="meetings_rescheduleBanner" values={{ title: <strong>{meeting.title}</strong>, when: formatSlot(meeting.start, meeting.end, timeZone) }} />
      </p>
      <button type="button" onClick={onStop}>
        {t('meetings_stopRescheduling')}
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
      title={t('meetings_moveTitle')}
      confirmLabel={t('meetings_moveConfirm')}
      runningLabel={t('meetings_moving')}
      cancelLabel={t('booking_backToTimes')}
      running={move.running}
      failure={move.failure}
      onConfirm={onConfirm}
      onRemedy={onRemedy}
      onClose={onClose}
    >
      <p>
        <Message
          id="meetings_moveQuestion"
          values={{ title: <strong>{meeting.title}</strong>, from: formatSlot(meeting.start, meeting.end, timeZone), to: <strong>{formatSlot(move.slot.start, move.slot.end, timeZone)}</strong> }}
        />
      </p>
    </ConfirmDialog>
  );
}
