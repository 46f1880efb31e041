/** Shapes the popup and the background share for the main job; implementations live beside. */
import type { Provider } from '@/lib/auth/scopes';
import type { WorkingHours } from '@/lib/schedule';

export type ConferenceKind = 'meet' | 'teams' | 'none';

/** A meeting Overlap created — the only kind it will ever change or cancel. */
export interface PartnerMeeting {
  /** The operation key, persisted before the create request was sent. */
  id: string;
  accountId: string;
  provider: Provider;
  /** Absent while the create request has not been confirmed by the provider. */
  providerEventId?: string;
  title: string;
  start: string;
  end: string;
  timeZone: string;
  attendees: { email: string; name?: string; optional?: boolean }[];
  conference: ConferenceKind;
  joinUrl?: string;
  /** A link that opens the event in the provider's calendar. */
  eventUrl?: string;
  /** `pending`: sent, not yet confirmed (a retry finishes it); `link-pending`: booked, conference link still being made. */
  status: 'pending' | 'booked' | 'link-pending' | 'cancelled';
  /** Plain words about anything the user should know (e.g. the link is still being made). */
  note?: string;
  createdAt: string;
  updatedAt: string;
}

export interface Preferences {
  /** IANA zone; absent means the browser's own. */
  timeZone?: string;
  workingHours: WorkingHours;
  defaultDurationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  minimumNoticeMinutes: number;
  granularityMinutes: number;
  tentativePolicy: 'busy' | 'free';
  /** Whether an all-day event (a holiday, a day off marked busy) blocks the day; out-of-office always does. */
  allDayPolicy: 'busy' | 'free';
  defaultAccountId?: string;
  defaultConference: ConferenceKind;
  /** How far ahead a search may look, in days. */
  horizonDays: number;
}

/**
 * Optional preferences a caller clears by sending `null` (a message drops `undefined`): the zone
 * then follows the browser, the default account is the first connected.
 */
export const CLEARABLE_PREFERENCES = ['timeZone', 'defaultAccountId'] as const satisfies readonly (keyof Preferences)[];

export interface PreferencesAnswer {
  preferences: Preferences;
  /** The zone searches use: the stored one, else the browser's. */
  effectiveTimeZone: string;
  /** Set when the stored record could not be read and defaults were used instead. */
  notice?: string;
}

export interface Contact {
  email: string;
  name?: string;
  /** How many Overlap meetings included them; ranks suggestions. */
  meetings: number;
  lastMetAt: string;
}

export interface BookingOptions {
  accountId: string;
  provider: Provider;
  /** Conference kinds this account's calendar allows, in the order to offer them (the user's default first). */
  conferences: ConferenceKind[];
  /** Kinds the UI might expect but Overlap does not offer for this account, each with why in plain words. */
  unavailable: { conference: ConferenceKind; reason: string }[];
  /** For a link the other provider makes (Teams on Google, Meet on Outlook): the connected account that makes it. */
  linkMadeBy?: Partial<Record<ConferenceKind, string>>;
  /** Where the meeting is created, in words ("Your primary Google calendar"). */
  calendarLabel: string;
  /** True where the provider always emails invitations (Microsoft): the "send invitations" choice cannot be honoured. */
  alwaysSendsInvitations: boolean;
}

/** What the page asks to book; `operationKey` is made once per booking attempt, so repeats carry it. */
export interface BookingRequest {
  operationKey: string;
  accountId: string;
  title: string;
  description?: string;
  start: string;
  end: string;
  timeZone: string;
  attendees: { email: string; name?: string; optional?: boolean }[];
  conference: ConferenceKind;
  sendInvitations: boolean;
}
