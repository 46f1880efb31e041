import { t } from '@/lib/i18n';
import type { BookedMeeting } from '@/lib/providers/google';
import type { PartnerEvent } from '@/lib/providers/microsoft/client';
import type { AccountRecord, PartnerMeetingRecord } from '@/lib/store/db';
import type { ProviderClientFactory } from './booking';

/**
 * A booking as it goes over the wire: the stored intent sent to the account's calendar, or the
 * event an earlier attempt made found there, each answered as the record of a booked meeting.
 * Both providers are idempotent by the operation key (Google's client-chosen event id, Graph's
 * transactionId and Overlap's tag), so sending again after a lost answer never makes a second.
 */

/** Sends the stored intent to the account's calendar. `at` stamps the record. */
export async function sendBooking(clients: ProviderClientFactory, account: AccountRecord, record: PartnerMeetingRecord, at: string): Promise<PartnerMeetingRecord> {
  if (account.provider === 'google') {
    // Google makes no Teams links: a Teams meeting's link was made and stored before.
    const teams = record.conference === 'teams' ? record.joinUrl : undefined;
    const description = [record.description, teams && `${t('meeting_teamsLinkLabel')}: ${teams}`].filter(Boolean).join('\n\n');
    const result = await clients.google(account, 'book-meetings').createMeeting({
      operationKey: record.id,
      summary: record.title,
      ...(description ? { description } : {}),
      ...(teams ? { location: teams } : {}),
      start: record.start,
      end: record.end,
      timeZone: record.timeZone,
      attendees: record.attendees.map(({ email, optional }) => ({ email, ...(optional ? { optional } : {}) })),
      withMeet: record.conference === 'meet',
      sendUpdates: record.sendInvitations ? 'all' : 'none',
    });
    return bookedOnGoogle(record, result, at);
  }
  // Outlook makes no Meet links: a Meet meeting's room was made and stored before.
  const meet = record.conference === 'meet' ? record.joinUrl : undefined;
  const bodyHtml = [
    ...(record.description ? [`<p>${escapeHtml(record.description).replace(/\n/g, '<br>')}</p>`] : []),
    ...(meet ? [`<p>${escapeHtml(t('meeting_meetLinkLabel'))}: <a href="${escapeHtml(meet)}">${escapeHtml(meet)}</a></p>`] : []),
  ].join('');
  const event = await clients.microsoft(account, 'book-meetings').createPartnerEvent({
    operationKey: record.id,
    subject: record.title,
    ...(bodyHtml ? { bodyHtml } : {}),
    ...(meet ? { location: `Google Meet: ${meet}` } : {}),
    start: new Date(record.start),
    end: new Date(record.end),
    attendees: record.attendees,
    onlineMeeting: record.conference === 'teams' ? 'teamsForBusiness' : 'none',
  });
  return bookedOnMicrosoft(record, event, at);
}

/**
 * The booking an earlier attempt made, looked up by its operation key (Google by the event id it
 * derives, Graph by Overlap's tag); undefined when the calendar certainly holds none. A lookup
 * that fails is thrown, never read as "none".
 */
export async function findBooking(clients: ProviderClientFactory, account: AccountRecord, record: PartnerMeetingRecord, at: string): Promise<PartnerMeetingRecord | undefined> {
  if (account.provider === 'google') {
    const found = await clients.google(account, 'book-meetings').findMeeting(record.id, { withMeet: record.conference === 'meet' });
    return found && bookedOnGoogle(record, found, at);
  }
  const found = await clients.microsoft(account, 'book-meetings').findPartnerEvent(record.id, { waitForJoinUrl: record.conference === 'teams' });
  return found && bookedOnMicrosoft(record, found, at);
}

function bookedOnGoogle(record: PartnerMeetingRecord, result: BookedMeeting, at: string): PartnerMeetingRecord {
  return booked(record, at, {
    eventId: result.eventId,
    joinUrl: result.joinUrl ?? (record.conference === 'teams' ? record.joinUrl : undefined),
    eventUrl: result.htmlLink,
    // Someone may have deleted a found event in Google Calendar since.
    status: result.event.status === 'cancelled' ? 'cancelled' : result.conference === 'pending' ? 'link-pending' : 'booked',
    notes: [
      ...(result.conferenceMessage ? [result.conferenceMessage] : []),
      ...(!record.sendInvitations && record.attendees.length ? [t('meeting_noInvitationsSent')] : []),
    ],
  });
}

function bookedOnMicrosoft(record: PartnerMeetingRecord, event: PartnerEvent, at: string): PartnerMeetingRecord {
  const linkMissing = record.conference === 'teams' && !event.joinUrl;
  return booked(record, at, {
    eventId: event.eventId,
    joinUrl: event.joinUrl ?? (record.conference === 'meet' ? record.joinUrl : undefined),
    eventUrl: event.webLink ?? undefined,
    status: linkMissing ? 'link-pending' : 'booked',
    notes: [
      ...(linkMissing ? [t('meeting_teamsPending')] : []),
      ...(!record.sendInvitations && record.attendees.length ? [t('meeting_outlookAlwaysInvites')] : []),
    ],
  });
}

/** The record with what the provider holds; the pending note gives way to what the user should know now. */
function booked(
  record: PartnerMeetingRecord,
  at: string,
  held: { eventId: string; joinUrl: string | undefined; eventUrl: string | undefined; status: PartnerMeetingRecord['status']; notes: string[] },
): PartnerMeetingRecord {
  const { note: _stale, ...rest } = record;
  return {
    ...rest,
    providerEventId: held.eventId,
    ...(held.joinUrl ? { joinUrl: held.joinUrl } : {}),
    ...(held.eventUrl ? { eventUrl: held.eventUrl } : {}),
    status: held.status,
    ...(held.notes.length ? { note: held.notes.join(' ') } : {}),
    updatedAt: at,
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
