import { useReducer } from 'react';
import type { AccountView } from '@/lib/auth/access';
import type { ConferenceKind, PartnerMeeting } from '@/lib/meetings/types';
import { sendMessage } from '@/lib/messaging/client';
import type { Slot } from '@/lib/schedule';
import { defaultTitle } from '../booking';
import { guidanceFor, replyOf } from '../errors';
import type { ParticipantEntry } from '../participants';
import { bookingDraftOf, bookingSession, preferredConference, type BookingForm, type BookingSession, type KeptBooking, type OpenBooking } from './booking-session';
import type { RunRemedy } from './use-remedy';
import { t } from '@/lib/i18n';

/** Who and what a booking is for: the search it came from. */
export interface BookingContext {
  participants: ParticipantEntry[];
  organizerAccountId: string;
  timeZone: string;
  /** The title to offer (an email's subject); without one it is made from the people's names. */
  title?: string;
}

export interface BookingFlowOptions {
  accounts: readonly AccountView[];
  /** The user's default call; undefined while the preferences load. */
  defaultConference?: ConferenceKind;
  announce(text: string): void;
  runRemedy: RunRemedy;
  /** The meeting exists (the confirmation now shows it). */
  onBooked?(meeting: PartnerMeeting): void;
  /** The user closed the booked confirmation: the job is done. */
  onFinished?(): void;
}

/** One booking's confirmation, from the picked slot to the booked meeting. */
export interface BookingFlow {
  /** The confirmation being shown, if any. */
  open: OpenBooking | undefined;
  /** What a draft keeps of the booking, so a retry after reopening reuses its key. */
  draft: KeptBooking | undefined;
  /** The accounts the booking may be made with. */
  accounts: readonly AccountView[];
  start(slot: Slot, context: BookingContext): void;
  edit(form: BookingForm): void;
  book(): void;
  remedy(): void;
  close(): void;
  /** Brings back what a stored draft kept. */
  restore(kept: KeptBooking): void;
}

/** The booking flow: pair it with `<BookingFlowDialog flow={…} />`. */
export function useBookingFlow({ accounts, defaultConference, announce, runRemedy, onBooked, onFinished }: BookingFlowOptions): BookingFlow {
  const [session, dispatch] = useReducer(bookingSession, {} as BookingSession);
  const emailOf = (accountId: string) => accounts.find((account) => account.id === accountId)?.email;

  async function loadConferences(accountId: string, preferred: ConferenceKind | undefined) {
    dispatch({ type: 'conferences-asked' });
    try {
      const options = await sendMessage('meetings.options', { accountId });
      dispatch({ type: 'conferences-answered', accountId, options, preferred });
    } catch (error) {
      dispatch({ type: 'conferences-failed', accountId, problem: t('booking_conferencesProblem', { problem: guidanceFor(error, t('guidance_doingCheckConferences')).message }) });
    }
  }

  async function book(current: OpenBooking) {
    dispatch({ type: 'submitted' });
    const organizerEmail = emailOf(current.form.accountId)?.toLowerCase();
    try {
      const meeting = await sendMessage('meetings.create', {
        operationKey: current.operationKey,
        accountId: current.form.accountId,
        title: current.form.title.trim(),
        ...(current.form.description.trim() ? { description: current.form.description } : {}),
        start: current.slot.start,
        end: current.slot.end,
        timeZone: current.timeZone,
        attendees: current.participants
          .filter((person) => person.email.toLowerCase() !== organizerEmail)
          .map((person) => (person.optional ? { email: person.email, optional: true } : { email: person.email })),
        conference: current.form.conference,
        sendInvitations: current.form.sendInvitations,
      });
      dispatch({ type: 'booked', meeting });
      announce(t('booking_announceBooked', { title: meeting.title }));
      onBooked?.(meeting);
    } catch (error) {
      const guidance = guidanceFor(error, t('guidance_doingBook'));
      // Booking is the request where "did it happen?" matters: its key makes a retry safe.
      if (replyOf(error)?.code === 'background-lost' && guidance.action) guidance.message += ` ${t('booking_retryIsSafe')}`;
      dispatch({ type: 'failed', guidance });
    }
  }

  const { open } = session;
  return {
    open,
    draft: bookingDraftOf(session),
    accounts,
    start(slot, context) {
      const preferred = preferredConference(session, defaultConference);
      dispatch({
        type: 'opened',
        slot,
        accountId: context.organizerAccountId,
        participants: context.participants,
        timeZone: context.timeZone,
        title: context.title?.trim() || defaultTitle(context.participants, emailOf(context.organizerAccountId)),
        ...(defaultConference ? { defaultConference } : {}),
        freshKey: crypto.randomUUID(),
      });
      void loadConferences(context.organizerAccountId, preferred);
    },
    edit(form) {
      const accountChanged = open && form.accountId !== open.form.accountId;
      dispatch({ type: 'edited', form });
      if (accountChanged) void loadConferences(form.accountId, form.conference);
    },
    book() {
      if (open) void book(open);
    },
    remedy() {
      if (open?.phase.kind !== 'failed') return;
      void runRemedy(open.phase.guidance.action, open.form.accountId, () => book(open));
    },
    close() {
      if (!open) return;
      dispatch({ type: 'closed' });
      if (open.phase.kind === 'booked') onFinished?.();
    },
    restore(kept) {
      dispatch({ type: 'restored', kept });
    },
  };
}
