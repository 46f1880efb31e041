import { t } from '@/lib/i18n';
import type { ConferenceKind } from '@/lib/meetings/types';
import { displayName, type ParticipantEntry } from './participants';
import { summarizePeople } from './slots';

/** "Meeting with Ada, Bob and 2 others": the title a booking starts with. */
export function defaultTitle(participants: readonly ParticipantEntry[], organizerEmail: string | undefined): string {
  const others = participants.filter((person) => person.email.toLowerCase() !== organizerEmail?.toLowerCase()).map(displayName);
  return others.length ? t('booking_defaultTitleWith', { people: summarizePeople(others) }) : t('booking_defaultTitle');
}

const conferenceKeys = { meet: 'booking_conferenceMeet', teams: 'booking_conferenceTeams', none: 'booking_conferenceNone' } as const satisfies Record<ConferenceKind, string>;

/** The choices a booking offers, in the order the settings list them. */
export const conferenceKinds = Object.keys(conferenceKeys) as readonly ConferenceKind[];

/** "Google Meet", "Microsoft Teams", "No video call" in the UI language. */
export function conferenceName(kind: ConferenceKind): string {
  return t(conferenceKeys[kind]);
}

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
