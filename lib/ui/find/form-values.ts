import type { AccountView } from '@/lib/auth/access';
import type { Preferences } from '@/lib/meetings/types';
import { defaultRange, type DateRange, type LocalDate } from '../dates';
import type { Draft } from '../draft';
import { parseParticipants, type ParticipantEntry, type ParticipantFieldState } from '../participants';

export const EMPTY_FIELD: ParticipantFieldState = { participants: [], text: '', problems: [] };

/**
 * What the user chose in the find form. An undefined value means "the preference's default", so
 * preferences that arrive after the first paint fill in what the user has not touched.
 */
export interface FindChoices {
  field: ParticipantFieldState;
  durationMinutes?: number;
  range?: DateRange;
  /** A first day to search from (a host's form already has a date); the last day stays the default. */
  rangeStart?: LocalDate;
  timeZone?: string;
  organizerAccountId?: string;
}

/** What a host knows before the user types: an event form's guests, title, length and day. */
export interface FindTimeInitial {
  participants?: readonly ParticipantEntry[];
  /** An address typed but not yet committed in the host's guest field; it stays text here too. */
  pendingText?: string;
  /** The meeting's title (an event's title, an email's subject); the booking starts with it. */
  title?: string;
  durationMinutes?: number;
  /** The day the host's form starts on, "2026-11-24". */
  startDay?: LocalDate;
  organizerAccountId?: string;
}

/** The form as it searches: every choice resolved against the preferences and the accounts. */
export interface ResolvedFind {
  timeZone: string;
  horizonDays: number;
  durationMinutes: number;
  range: DateRange;
  organizer: AccountView | undefined;
}

export function resolveChoices(choices: FindChoices, preferences: Preferences | undefined, accounts: readonly AccountView[], browserZone: string, now: Date): ResolvedFind {
  const timeZone = choices.timeZone ?? preferences?.timeZone ?? browserZone;
  const horizonDays = preferences?.horizonDays ?? 14;
  const fallback = defaultRange(now, timeZone, horizonDays);
  const range = choices.range ?? (choices.rangeStart ? { from: choices.rangeStart, to: choices.rangeStart > fallback.to ? choices.rangeStart : fallback.to } : fallback);
  const organizer =
    accounts.find((account) => account.id === choices.organizerAccountId) ?? accounts.find((account) => account.id === preferences?.defaultAccountId) ?? accounts[0];
  return { timeZone, horizonDays, durationMinutes: choices.durationMinutes ?? preferences?.defaultDurationMinutes ?? 30, range, organizer };
}

/**
 * The choices a host's page context starts the form with. An event's guest list usually holds
 * the organizer too, who is always in the meeting and gets no chip.
 */
export function choicesFromInitial(initial: FindTimeInitial | undefined, organizerEmail?: string): FindChoices {
  if (!initial) return { field: EMPTY_FIELD };
  const organizer = organizerEmail?.toLowerCase();
  return {
    // A half-typed address is not an error yet: the search commits it, and says so then if it is not one.
    field: { participants: (initial.participants ?? []).filter((person) => person.email.toLowerCase() !== organizer), text: initial.pendingText ?? '', problems: [] },
    ...(initial.durationMinutes !== undefined ? { durationMinutes: initial.durationMinutes } : {}),
    ...(initial.startDay ? { rangeStart: initial.startDay } : {}),
    ...(initial.organizerAccountId ? { organizerAccountId: initial.organizerAccountId } : {}),
  };
}

/** The form's part of a stored draft (the booking part is the booking flow's). */
export function draftOf(choices: FindChoices, booking: Draft['booking']): Draft {
  // A host's start day is not the user's choice: it comes from the host again next time.
  const { range } = choices;
  return {
    version: 1,
    participants: choices.field.participants,
    pendingText: choices.field.text,
    ...(choices.durationMinutes !== undefined ? { durationMinutes: choices.durationMinutes } : {}),
    ...(range ? { range } : {}),
    ...(choices.timeZone ? { timeZone: choices.timeZone } : {}),
    ...(choices.organizerAccountId ? { organizerAccountId: choices.organizerAccountId } : {}),
    ...(booking ? { booking } : {}),
  };
}

/** The choices a stored draft brings back. */
export function choicesFromDraft(draft: Draft): FindChoices {
  // Messages are not stored; reading the leftover text again brings back each entry's own.
  const problems = draft.pendingText ? parseParticipants(draft.pendingText).rejected : [];
  return {
    field: { participants: draft.participants, text: draft.pendingText, problems },
    ...(draft.durationMinutes !== undefined ? { durationMinutes: draft.durationMinutes } : {}),
    ...(draft.range ? { range: draft.range } : {}),
    ...(draft.timeZone ? { timeZone: draft.timeZone } : {}),
    ...(draft.organizerAccountId ? { organizerAccountId: draft.organizerAccountId } : {}),
  };
}
