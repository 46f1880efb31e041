import type { BookingOptions, ConferenceKind, PartnerMeeting } from '@/lib/meetings/types';
import type { Slot } from '@/lib/schedule';
import { pickConference } from '../booking';
import type { Draft } from '../draft';
import type { Guidance } from '../errors';
import type { ParticipantEntry } from '../participants';

export interface BookingForm {
  title: string;
  description: string;
  accountId: string;
  conference: ConferenceKind;
  sendInvitations: boolean;
}

export type BookingPhase =
  | { kind: 'editing' }
  | { kind: 'booking' }
  | { kind: 'failed'; guidance: Guidance }
  | { kind: 'booked'; meeting: PartnerMeeting };

/** What the user typed for a booking they left, kept for the next slot they pick (and in the draft). */
export type KeptBooking = NonNullable<Draft['booking']>;

/** The booking being confirmed. */
export interface OpenBooking {
  slot: Slot;
  form: BookingForm;
  /** Made once when the confirmation opens; every attempt at this booking reuses it. */
  operationKey: string;
  phase: BookingPhase;
  /** Everyone the search was for; the organizer account's own address is left out when booking. */
  participants: ParticipantEntry[];
  timeZone: string;
  /** The title the dialog offered; a title still equal to it is not the user's and is not kept. */
  offeredTitle: string;
  conferences?: ConferenceKind[];
  /** Why a kind is not offered, and which other account makes a cross-provider link. */
  conferenceNotes?: Pick<BookingOptions, 'unavailable' | 'linkMadeBy'>;
  conferencesProblem?: string;
}

export interface BookingSession {
  open?: OpenBooking;
  kept?: KeptBooking;
}

export type BookingEvent =
  | { type: 'restored'; kept: KeptBooking }
  | {
      type: 'opened';
      slot: Slot;
      accountId: string;
      participants: ParticipantEntry[];
      timeZone: string;
      /** The title to offer when nothing was kept: the host's, or one made from the people. */
      title: string;
      defaultConference?: ConferenceKind;
      /** A new key, used only when this slot has none kept from an earlier attempt. */
      freshKey: string;
    }
  | { type: 'edited'; form: BookingForm }
  | { type: 'conferences-asked' }
  | { type: 'conferences-answered'; accountId: string; options: BookingOptions; preferred: ConferenceKind | undefined }
  | { type: 'conferences-failed'; accountId: string; problem: string }
  | { type: 'submitted' }
  | { type: 'booked'; meeting: PartnerMeeting }
  | { type: 'failed'; guidance: Guidance }
  | { type: 'closed' };

function sameSlot(a: { start: string; end: string } | undefined, b: Slot): boolean {
  return a?.start === b.start && a.end === b.end;
}

/**
 * The call to preselect when a confirmation opens: the one chosen for the booking left before,
 * else the user's default. Undefined lets the account's own first choice win.
 */
export function preferredConference(session: BookingSession, defaultConference: ConferenceKind | undefined): ConferenceKind | undefined {
  return session.kept?.conference ?? defaultConference;
}

/** The title as the user wrote it, or '' when it is still the offered one (which follows the people). */
function userTitle(open: OpenBooking): string {
  return open.form.title === open.offeredTitle ? '' : open.form.title;
}

/** What closing (or losing) this booking keeps: the typed fields, and the key for this slot only. */
export function keptFrom(open: OpenBooking): KeptBooking {
  return {
    title: userTitle(open),
    description: open.form.description,
    conference: open.form.conference,
    sendInvitations: open.form.sendInvitations,
    slot: { start: open.slot.start, end: open.slot.end },
    operationKey: open.operationKey,
  };
}

/**
 * The booking part of the draft: the open confirmation as it stands, else what was kept. A booked
 * confirmation keeps nothing: its key is spent, and a popup closed before "Done" would otherwise
 * bring it back for the same slot, where another booking's details are refused as a reused key.
 */
export function bookingDraftOf(session: BookingSession): KeptBooking | undefined {
  if (session.open?.phase.kind === 'booked') return undefined;
  return session.open ? keptFrom(session.open) : session.kept;
}

/**
 * The booking's lifecycle, and with it the rule that makes a retry safe: the operation key is
 * made when a slot's confirmation opens, survives failures, closing and reopening the same slot
 * (also after the popup was closed, through the draft), and is dropped only once that booking
 * succeeded or another slot is chosen.
 */
export function bookingSession(session: BookingSession, event: BookingEvent): BookingSession {
  const { open } = session;
  switch (event.type) {
    case 'restored':
      return { ...session, kept: event.kept };
    case 'opened': {
      const { kept } = session;
      const resumed = kept && sameSlot(kept.slot, event.slot) ? kept : undefined;
      const conference = preferredConference(session, event.defaultConference) ?? 'none';
      return {
        ...session,
        open: {
          slot: event.slot,
          operationKey: resumed?.operationKey ?? event.freshKey,
          phase: { kind: 'editing' },
          participants: event.participants,
          timeZone: event.timeZone,
          offeredTitle: event.title,
          form: { title: kept?.title || event.title, description: kept?.description ?? '', accountId: event.accountId, conference, sendInvitations: kept?.sendInvitations ?? true },
        },
      };
    }
  }
  if (!open) return session;
  switch (event.type) {
    case 'edited':
      return { ...session, open: { ...open, form: event.form } };
    case 'conferences-asked': {
      const { conferences: _c, conferenceNotes: _n, conferencesProblem: _p, ...rest } = open;
      return { ...session, open: rest };
    }
    case 'conferences-answered':
      // An answer for an account the user has since switched away from is stale.
      if (open.form.accountId !== event.accountId) return session;
      return {
        ...session,
        open: {
          ...open,
          conferences: event.options.conferences,
          conferenceNotes: { unavailable: event.options.unavailable, ...(event.options.linkMadeBy ? { linkMadeBy: event.options.linkMadeBy } : {}) },
          form: { ...open.form, conference: pickConference(event.options.conferences, event.preferred, event.options.linkMadeBy) },
        },
      };
    case 'conferences-failed':
      if (open.form.accountId !== event.accountId) return session;
      return { ...session, open: { ...open, conferencesProblem: event.problem, form: { ...open.form, conference: 'none' } } };
    case 'submitted':
      return { ...session, open: { ...open, phase: { kind: 'booking' } } };
    case 'booked':
      return { ...session, open: { ...open, phase: { kind: 'booked', meeting: event.meeting } } };
    case 'failed':
      return { ...session, open: { ...open, phase: { kind: 'failed', guidance: event.guidance } } };
    case 'closed':
      // A booked meeting is done: nothing of it is kept for the next one.
      return open.phase.kind === 'booked' ? {} : { kept: keptFrom(open) };
  }
}
