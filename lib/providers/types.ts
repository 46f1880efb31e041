/** Shapes shared by the provider clients and the scheduling engine's input. */

export type ProviderName = 'google' | 'microsoft';

/**
 * Where a client gets its access token. `forceRefresh` is asked for after a 401, when the cached
 * token is known to be dead (expired early, revoked, or the clock is off); `rejectedToken` is the
 * one the provider refused, so a source that renewed since can hand out the newer one instead.
 */
export interface TokenSource {
  getToken(options: { forceRefresh?: boolean; rejectedToken?: string }): Promise<string>;
}

export type BusyStatus = 'busy' | 'tentative' | 'outOfOffice' | 'workingElsewhere' | 'free';

export interface BusyInterval {
  /** ISO 8601 instant (UTC, `Z`). */
  start: string;
  end: string;
  status: BusyStatus;
  allDay?: boolean;
}

export type Availability =
  | { status: 'known'; busy: BusyInterval[] }
  /** The provider could not tell (no access, outside the domain, a failed call); `reason` is user-readable. */
  | { status: 'unknown'; reason: string };

/** One participant's availability as the scheduling engine takes it. */
export interface ParticipantAvailability {
  email: string;
  /** IANA zone name when the provider told us. */
  timeZone?: string;
  availability: Availability;
}
