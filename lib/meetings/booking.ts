import type { FeatureId } from '@/lib/auth/scopes';
import { isProviderError } from '@/lib/providers/errors';
import type { GoogleClient } from '@/lib/providers/google';
import type { MicrosoftClient } from '@/lib/providers/microsoft/client';
import type { AccountRecord, PartnerMeetingRecord } from '@/lib/store/db';
import type { PartnerMeetings } from '@/lib/store/partner-meetings';
import type { AvailabilityCache } from './availability-cache';
import type { BookingOptions, BookingRequest, ConferenceKind, PartnerMeeting } from './types';

/**
 * Provider clients for one account and feature. Calls made through them are authorised with the
 * feature's scopes (consent asked on first use) and written to the ledger under that feature.
 */
export interface ProviderClientFactory {
  google(account: AccountRecord, feature: FeatureId): GoogleClient;
  microsoft(account: AccountRecord, feature: FeatureId): MicrosoftClient;
}

/** The request cannot be carried out as asked; nothing was sent to a provider. */
export class BookingRefusedError extends Error {
  override readonly name = 'BookingRefusedError';
}

export interface BookingDependencies {
  meetings: PartnerMeetings;
  accounts: { get(id: string): Promise<AccountRecord | undefined> };
  clients: ProviderClientFactory;
  /** Bookings change people's free/busy, so their cached availability is dropped. */
  cache?: AvailabilityCache;
  now?: () => Date;
}

const crossProviderReason = {
  google: 'Teams links on Google Calendar meetings are not offered yet: they need a separate Microsoft work account and permission. Use Meet, or add a Teams link yourself.',
  microsoft: 'Google Meet links on Outlook meetings are not offered yet: they need a connected Google account and an extra permission. Use Teams, or add a Meet link yourself.',
} as const;

/**
 * Failures after which the provider may have created the event anyway (the answer was lost or
 * unreadable). The pending record then stays, so a retry with the same key finishes the booking.
 */
function mayHaveCommitted(error: unknown): boolean {
  if (!isProviderError(error)) return true;
  return error.kind === 'network' || error.kind === 'timeout' || error.kind === 'unavailable' || error.kind === 'malformed-response';
}

export function publicView({ intent: _intent, description: _description, sendInvitations: _send, ...meeting }: PartnerMeetingRecord): PartnerMeeting {
  return meeting;
}

/**
 * Books, moves and cancels the meetings Overlap creates. Booking is idempotent end to end: the
 * operation key and the intended meeting are stored as `pending` before any request leaves, the
 * provider side is idempotent by that key (Google's event id, Graph's transactionId and tag), so
 * a double click, a retry or a worker stopped mid-request finishes the one meeting, never two.
 */
export class BookingService {
  private readonly inFlight = new Map<string, Promise<PartnerMeeting>>();
  private readonly allowedByAccount = new Map<string, Promise<string[]>>();

  constructor(private readonly deps: BookingDependencies) {}

  private now(): string {
    return (this.deps.now?.() ?? new Date()).toISOString();
  }

  private async account(accountId: string): Promise<AccountRecord> {
    const account = await this.deps.accounts.get(accountId);
    if (!account) throw new BookingRefusedError(`The account ${accountId} is not connected. Connect it from the permissions page first.`);
    return account;
  }

  /** What the confirmation step may offer for this account. */
  async options(accountId: string, preferred?: ConferenceKind): Promise<BookingOptions> {
    const account = await this.account(accountId);
    if (account.provider === 'google') {
      return {
        accountId,
        provider: 'google',
        conferences: preferFirst(['meet', 'none'], preferred),
        unavailable: [{ conference: 'teams', reason: crossProviderReason.google }],
        calendarLabel: 'Your primary Google calendar',
        alwaysSendsInvitations: false,
      };
    }
    const allowed = await this.allowedOnlineMeetingProviders(account);
    const teams = allowed.includes('teamsForBusiness');
    return {
      accountId,
      provider: 'microsoft',
      conferences: preferFirst(teams ? ['teams', 'none'] : ['none'], preferred),
      unavailable: [
        ...(teams ? [] : [{ conference: 'teams' as const, reason: 'This Outlook calendar does not allow Teams meetings (personal Microsoft accounts and some organisations cannot add them).' }]),
        { conference: 'meet', reason: crossProviderReason.microsoft },
      ],
      calendarLabel: 'Your default Outlook calendar',
      alwaysSendsInvitations: true,
    };
  }

  /** Read once per worker life: an organisation's meeting providers rarely change. */
  private allowedOnlineMeetingProviders(account: AccountRecord): Promise<string[]> {
    let allowed = this.allowedByAccount.get(account.id);
    if (!allowed) {
      allowed = this.deps.clients
        .microsoft(account, 'find-times')
        .getCalendar()
        .then((calendar) => calendar.allowedOnlineMeetingProviders);
      allowed.catch(() => this.allowedByAccount.delete(account.id));
      this.allowedByAccount.set(account.id, allowed);
    }
    return allowed;
  }

  async create(request: BookingRequest): Promise<PartnerMeeting> {
    // A double click inside one worker life waits for the first attempt instead of racing it.
    const running = this.inFlight.get(request.operationKey);
    if (running) return running;
    const attempt = this.createOnce(request).finally(() => this.inFlight.delete(request.operationKey));
    this.inFlight.set(request.operationKey, attempt);
    return attempt;
  }

  private async createOnce(request: BookingRequest): Promise<PartnerMeeting> {
    const account = await this.account(request.accountId);
    checkConference(account, request.conference);
    const intended = await intendedMeeting(account, request, this.now());
    const { record, created } = await this.deps.meetings.begin(intended);
    if (!created) {
      if (record.intent !== intended.intent) {
        throw new BookingRefusedError('This booking was already made with different details. Start a new booking to book another meeting.');
      }
      // Finished earlier: answer what was booked. Still pending: an earlier attempt died mid-request, so finish it.
      if (record.status !== 'pending') return publicView(record);
    }

    let booked: PartnerMeetingRecord;
    try {
      booked = account.provider === 'google' ? await this.sendToGoogle(account, record) : await this.sendToMicrosoft(account, record);
    } catch (error) {
      if (mayHaveCommitted(error)) {
        await this.deps.meetings.put({
          ...record,
          note: 'Overlap could not confirm this booking with the calendar. Try again: the retry finishes this meeting and never books it twice.',
          updatedAt: this.now(),
        });
      } else {
        await this.deps.meetings.remove(record.id);
      }
      throw error;
    }
    await this.deps.meetings.recordBooked(booked);
    await this.deps.cache?.forgetPeople([account.email, ...booked.attendees.map((attendee) => attendee.email)]);
    return publicView(booked);
  }

  private async sendToGoogle(account: AccountRecord, record: PartnerMeetingRecord): Promise<PartnerMeetingRecord> {
    const result = await this.deps.clients.google(account, 'book-meetings').createMeeting({
      operationKey: record.id,
      summary: record.title,
      ...(record.description ? { description: record.description } : {}),
      start: record.start,
      end: record.end,
      timeZone: record.timeZone,
      attendees: record.attendees.map(({ email, optional }) => ({ email, ...(optional ? { optional } : {}) })),
      withMeet: record.conference === 'meet',
      sendUpdates: record.sendInvitations ? 'all' : 'none',
    });
    const { note: _stale, ...rest } = record;
    const notes = [
      ...(result.conferenceMessage ? [result.conferenceMessage] : []),
      ...(!record.sendInvitations && record.attendees.length ? ['No invitations were sent: tell the attendees yourself, or send them from Google Calendar.'] : []),
    ];
    return {
      ...rest,
      providerEventId: result.eventId,
      ...(result.joinUrl ? { joinUrl: result.joinUrl } : {}),
      ...(result.htmlLink ? { eventUrl: result.htmlLink } : {}),
      status: result.conference === 'pending' ? 'link-pending' : 'booked',
      ...(notes.length ? { note: notes.join(' ') } : {}),
      updatedAt: this.now(),
    };
  }

  private async sendToMicrosoft(account: AccountRecord, record: PartnerMeetingRecord): Promise<PartnerMeetingRecord> {
    const event = await this.deps.clients.microsoft(account, 'book-meetings').createPartnerEvent({
      operationKey: record.id,
      subject: record.title,
      ...(record.description ? { bodyHtml: escapeHtml(record.description).replace(/\n/g, '<br>') } : {}),
      start: new Date(record.start),
      end: new Date(record.end),
      attendees: record.attendees,
      onlineMeeting: record.conference === 'teams' ? 'teamsForBusiness' : 'none',
    });
    const linkMissing = record.conference === 'teams' && !event.joinUrl;
    const { note: _stale, ...rest } = record;
    const notes = [
      ...(linkMissing ? ['The meeting is booked; Microsoft is still creating its Teams link. It will appear in the invitation and in Outlook shortly.'] : []),
      ...(!record.sendInvitations && record.attendees.length ? ['Outlook always emails invitations when a meeting has attendees, so they were sent.'] : []),
    ];
    return {
      ...rest,
      providerEventId: event.eventId,
      ...(event.joinUrl ? { joinUrl: event.joinUrl } : {}),
      ...(event.webLink ? { eventUrl: event.webLink } : {}),
      status: linkMissing ? 'link-pending' : 'booked',
      ...(notes.length ? { note: notes.join(' ') } : {}),
      updatedAt: this.now(),
    };
  }

  async list(): Promise<PartnerMeeting[]> {
    return (await this.deps.meetings.list()).map(publicView);
  }

  /** A partner meeting that exists at the provider; anything else is refused before any request. */
  private async bookedMeeting(meetingId: string): Promise<{ record: PartnerMeetingRecord & { providerEventId: string }; account: AccountRecord }> {
    const record = await this.deps.meetings.get(meetingId);
    if (!record) throw new BookingRefusedError('Overlap did not create this meeting, so it will not change or cancel it.');
    if (record.status === 'pending' || !record.providerEventId) {
      throw new BookingRefusedError('This meeting’s booking was never confirmed. Finish booking it first.');
    }
    return { record: { ...record, providerEventId: record.providerEventId }, account: await this.account(record.accountId) };
  }

  /** Moves a partner meeting; only its time changes. */
  async reschedule(meetingId: string, start: string, end: string): Promise<PartnerMeeting> {
    const { record, account } = await this.bookedMeeting(meetingId);
    if (record.status === 'cancelled') throw new BookingRefusedError('This meeting was cancelled; book a new one instead.');
    if (account.provider === 'google') {
      await this.deps.clients.google(account, 'book-meetings').updateMeeting(record.providerEventId, { start, end, timeZone: record.timeZone }, { sendUpdates: record.sendInvitations ? 'all' : 'none' });
    } else {
      await this.deps.clients.microsoft(account, 'book-meetings').updatePartnerEvent(record.providerEventId, { start: new Date(start), end: new Date(end) });
    }
    const moved = { ...record, start: new Date(start).toISOString(), end: new Date(end).toISOString(), updatedAt: this.now() };
    await this.deps.meetings.put(moved);
    await this.deps.cache?.forgetPeople([account.email, ...record.attendees.map((attendee) => attendee.email)]);
    return publicView(moved);
  }

  /** Cancels a partner meeting (attendees are told); cancelling twice is harmless. */
  async cancel(meetingId: string): Promise<PartnerMeeting> {
    const { record, account } = await this.bookedMeeting(meetingId);
    if (record.status === 'cancelled') return publicView(record);
    if (account.provider === 'google') {
      await this.deps.clients.google(account, 'book-meetings').cancelMeeting(record.providerEventId, { sendUpdates: record.sendInvitations ? 'all' : 'none' });
    } else {
      await this.deps.clients.microsoft(account, 'book-meetings').cancelPartnerEvent(record.providerEventId, 'Cancelled with Overlap.');
    }
    const cancelled: PartnerMeetingRecord = { ...record, status: 'cancelled', updatedAt: this.now() };
    await this.deps.meetings.put(cancelled);
    await this.deps.cache?.forgetPeople([account.email, ...record.attendees.map((attendee) => attendee.email)]);
    return publicView(cancelled);
  }

  /** A disconnected account's meetings are forgotten unless the user asked to keep them. */
  forgetAccount(accountId: string): Promise<number> {
    return this.deps.meetings.deleteAccount(accountId);
  }
}

/**
 * The record stored as `pending` before anything is sent: everything needed to finish the
 * booking later, and a digest of the request so a reused key for another meeting is caught.
 */
export async function intendedMeeting(account: AccountRecord, request: BookingRequest, at: string): Promise<PartnerMeetingRecord> {
  const attendees = dedupeAttendees(request.attendees.filter((attendee) => attendee.email.toLowerCase() !== account.email));
  const start = new Date(request.start).toISOString();
  const end = new Date(request.end).toISOString();
  const title = request.title.trim();
  return {
    id: request.operationKey,
    accountId: account.id,
    provider: account.provider,
    title,
    ...(request.description ? { description: request.description } : {}),
    start,
    end,
    timeZone: request.timeZone,
    attendees,
    conference: request.conference,
    sendInvitations: request.sendInvitations,
    status: 'pending',
    intent: await digest([account.id, title, request.description ?? '', start, end, request.timeZone, attendees, request.conference, request.sendInvitations]),
    createdAt: at,
    updatedAt: at,
  };
}

function checkConference(account: AccountRecord, conference: ConferenceKind): void {
  if (account.provider === 'google' && conference === 'teams') throw new BookingRefusedError(crossProviderReason.google);
  if (account.provider === 'microsoft' && conference === 'meet') throw new BookingRefusedError(crossProviderReason.microsoft);
}

function preferFirst(kinds: ConferenceKind[], preferred?: ConferenceKind): ConferenceKind[] {
  return preferred && kinds.includes(preferred) ? [preferred, ...kinds.filter((kind) => kind !== preferred)] : kinds;
}

function dedupeAttendees(attendees: BookingRequest['attendees']): PartnerMeetingRecord['attendees'] {
  const byEmail = new Map<string, PartnerMeetingRecord['attendees'][number]>();
  for (const attendee of attendees) {
    const email = attendee.email.toLowerCase();
    if (byEmail.has(email)) continue;
    byEmail.set(email, { email, ...(attendee.name?.trim() ? { name: attendee.name.trim() } : {}), ...(attendee.optional ? { optional: true } : {}) });
  }
  return [...byEmail.values()];
}

/** A stable digest of what was asked, so a reused key for another meeting is caught. */
async function digest(value: unknown): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(value))));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
