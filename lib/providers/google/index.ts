export { createGoogleClient, eventIdFor, maxCalendarsPerFreeBusy, maxFreeBusyRangeMs, partnerKeyProperty, partnerMarkerProperty } from './client';
export type { BookedMeeting, ConferenceState, FreeBusyQuery, GoogleClient, GoogleClientOptions, MeetingChanges, NewMeeting } from './client';
export type { GoogleEvent } from './wire';
