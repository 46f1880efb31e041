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
 * account's first choice. Never one the account cannot make.
 */
export function pickConference(allowed: readonly ConferenceKind[], preferred: ConferenceKind | undefined): ConferenceKind {
  if (preferred && allowed.includes(preferred)) return preferred;
  return allowed[0] ?? 'none';
}
