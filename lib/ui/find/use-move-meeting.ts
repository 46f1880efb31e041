import { useRef, useState } from 'react';
import type { PartnerMeeting } from '@/lib/meetings/types';
import { sendMessage } from '@/lib/messaging/client';
import type { Slot } from '@/lib/schedule';
import { formatSlot } from '../dates';
import { guidanceFor, type Guidance } from '../errors';
import type { ParticipantFieldState } from '../participants';
import { EMPTY_FIELD } from './form-values';
import type { RunRemedy } from './use-remedy';
import { t } from '@/lib/i18n';

/** The new time being confirmed for the meeting that moves. */
export interface PendingMove {
  slot: Slot;
  running: boolean;
  failure?: Guidance;
}

export interface MoveMeetingOptions {
  reschedule: { meeting: PartnerMeeting; onMoved(meeting: PartnerMeeting): void; onStop(): void } | undefined;
  timeZone: string;
  announce(text: string): void;
  runRemedy: RunRemedy;
  /** Gives the find form back the user's own people once the move is over. */
  restoreForm(field: ParticipantFieldState): void;
}

/**
 * Moving a meeting Overlap booked: the find form lends itself to the meeting's people (the user's
 * own entries wait in `stashedField`), and a chosen time is confirmed before everyone gets it.
 */
export function useMoveMeeting({ reschedule, timeZone, announce, runRemedy, restoreForm }: MoveMeetingOptions) {
  const stashed = useRef<ParticipantFieldState | undefined>(undefined);
  const [pending, setPending] = useState<PendingMove | undefined>();

  function giveBackForm() {
    restoreForm(stashed.current ?? EMPTY_FIELD);
    stashed.current = undefined;
  }

  async function moveTo(meeting: PartnerMeeting, slot: Slot) {
    setPending({ slot, running: true });
    try {
      const moved = await sendMessage('meetings.reschedule', { meetingId: meeting.id, start: slot.start, end: slot.end });
      setPending(undefined);
      announce(t('meetings_announceMoved', { title: moved.title, when: formatSlot(moved.start, moved.end, timeZone) }));
      giveBackForm();
      reschedule?.onMoved(moved);
    } catch (error) {
      setPending({ slot, running: false, failure: guidanceFor(error, t('guidance_doingMove')) });
    }
  }

  return {
    pending,
    /** The user's own participant field while the form holds the meeting's people. */
    stashedField: stashed.current,
    /** Keeps the user's field aside; a second reschedule keeps the first one's. */
    stash(field: ParticipantFieldState) {
      stashed.current ??= field;
    },
    choose(slot: Slot) {
      setPending({ slot, running: false });
    },
    confirm() {
      if (reschedule && pending) void moveTo(reschedule.meeting, pending.slot);
    },
    remedy() {
      if (!reschedule || !pending) return;
      const { meeting } = reschedule;
      void runRemedy(pending.failure?.action, meeting.accountId, () => moveTo(meeting, pending.slot));
    },
    cancel() {
      setPending(undefined);
    },
    stop() {
      giveBackForm();
      setPending(undefined);
      reschedule?.onStop();
    },
  };
}
