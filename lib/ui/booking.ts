import type { ConferenceKind } from '@/lib/meetings/types';
import { displayName, type ParticipantEntry } from './participants';
import { summarizePeople } from './slots';

/** "Meeting with Ada, Bob and 2 others": the title a booking starts with. */
export function defaultTitle(participants: readonly ParticipantEntry[], organizerEmail: string | undefined): string {
  const others = participants.filter((person) => person.email.toLowerCase() !== organizerEmail?.toLowerCase()).map(displayName);
  return others.length ? `Meeting with ${summarizePeople(others)}` : 'Meeting';
}

export const conferenceNames: Record<ConferenceKind, string> = { meet: 'Google Meet', teams: 'Microsoft Teams', none: 'No video call' };

/**
 * The conference to preselect: the user's default when this account allows it, else the
 * account's first choice. Never one the account cannot make, and never a link another account
 * makes (`madeElsewhere`): choosing that may ask the other account for a permission, so the
 * user picks it themselves.
 */
export function pickConference(allowed: readonly ConferenceKind[], preferred: ConferenceKind | undefined, madeElsewhere: Partial<Record<ConferenceKind, string>> = {}): ConferenceKind {
  const own = allowed.filter((kind) => !madeElsewhere[kind]);
  if (preferred && own.includes(preferred)) return preferred;
  return own[0] ?? 'none';
}
