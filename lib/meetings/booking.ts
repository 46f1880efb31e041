import type { FeatureId } from '@/lib/auth/scopes';
import { isProviderError } from '@/lib/providers/errors';
import type { GoogleClient, GoogleEvent } from '@/lib/providers/google';
import type { MicrosoftClient } from '@/lib/providers/microsoft/client';
import { t } from '@/lib/i18n';
import type { AccountRecord, PartnerMeetingRecord } from '@/lib/store/db';
import { unlessStorageFails } from '@/lib/store/faults';
import type { MirroredMeetings } from '@/lib/store/unsaved-meetings';
import type { AvailabilityCache } from './availability-cache';
import { CallLinks } from './call-links';
import { findBooking, sendBooking } from './provider-bookings';
import { BookingRefusedError } from './refused';
import type { BookingOptions, BookingRequest, ConferenceKind, PartnerMeeting } from './types';

/**
 * Provider clients for one account and feature. Calls made through them are authorised with the
 * feature's scopes (consent asked on first use) and written to the ledger under that feature.
 */
export interface ProviderClientFactory {
  google(account: AccountRecord, feature: FeatureId): GoogleClient;
  microsoft(account: AccountRecord, feature: FeatureId): MicrosoftClient;
}

export interface BookingDependencies {
  /** Writes answer false when only the session mirror kept them (IndexedDB full or gone). */
  meetings: MirroredMeetings;
  accounts: { get(id: string): Promise<AccountRecord | undefined>; list(): Promise<AccountRecord[]> };
  clients: ProviderClientFactory;
  /** Bookings change people's free/busy, so their cached availability is dropped. */
  cache?: AvailabilityCache;
  /**
   * Makes sure the account holds a token for the feature, asking for consent now if it must. A
   * booking with a link from the other provider calls it for both accounts before making the
   * link, so a declined permission stops the booking before anything exists anywhere.
   */
  authorize?(account: AccountRecord, feature: FeatureId): Promise<void>;
  now?: () => Date;
}

/**
 * Failures after which the provider may have created the event anyway (the answer was lost or
 * unreadable). The pending record then stays, so a retry with the same key finishes the booking.
 * After any other failure the provider refused this attempt, but an earlier one may still have
 * committed: the record goes only once the provider says it holds no such event.
 */
function mayHaveCommitted(error: unknown): boolean {
  if (error instanceof BookingRefusedError) return false;
  if (!isProviderError(error)) return true;
  return error.kind === 'network' || error.kind === 'timeout' || error.kind === 'unavailable' || error.kind === 'malformed-response';
}

/** How long a meeting is kept after it ended, so the store stays bounded; pending ones are kept until finished or forgotten. */
const keepEndedMeetingsDays = 90;
const dayMs = 24 * 60 * 60 * 1000;

export function publicView({ intent: _intent, description: _description, sendInvitations: _send, linkAccountId: _link, sentAt: _sent, ...meeting }: PartnerMeetingRecord): PartnerMeeting {
  return meeting;
}

/**
 * Books, moves and cancels the meetings Overlap creates. Booking is idempotent end to end: the
 * operation key and the intended meeting are stored as `pending` before any request leaves, the
 * provider side is idempotent by that key (Google's event id, Graph's transactionId and tag), so
 * a double click, a retry or a worker stopped mid-request finishes the one meeting, never two.
 * A record the provider may hold is never dropped before the provider says it holds none.
 */
export class BookingService {
  private readonly inFlight = new Map<string, Promise<PartnerMeeting>>();
  private readonly links: CallLinks;

  constructor(private readonly deps: BookingDependencies) {
    this.links = new CallLinks(deps);
  }

  private now(): string {
    return (this.deps.now?.() ?? new Date()).toISOString();
  }

  private async account(accountId: string): Promise<AccountRecord> {
    const account = await this.deps.accounts.get(accountId);
    if (!account) throw new BookingRefusedError(t('meeting_accountNotConnected', { account: accountId }));
    return account;
  }

  /** What the confirmation step may offer for this account. */
  async options(accountId: string, preferred?: ConferenceKind): Promise<BookingOptions> {
    return this.links.options(await this.account(accountId), preferred);
  }

  async create(request: BookingRequest): Promise<PartnerMeeting> {
    return this.once(request.operationKey, () => this.createOnce(request));
  }

  /**
   * Check and finish a pending booking from its stored record alone: a meeting the provider holds
   * is recorded as booked; one it certainly does not hold is sent as first asked, by the same key.
   * A finished meeting is answered as it is.
   */
  async finish(meetingId: string): Promise<PartnerMeeting> {
    return this.once(meetingId, async () => {
      const record = await this.deps.meetings.get(meetingId);
      if (!record) throw new BookingRefusedError(t('meeting_noRecord'));
      if (record.status !== 'pending') return publicView(record);
      return this.checkAndFinish(await this.account(record.accountId), record);
    });
  }

  /** Removes a pending booking's local record only; whatever the provider holds stays there. */
  async forget(meetingId: string): Promise<PartnerMeeting> {
    const record = await this.deps.meetings.get(meetingId);
    if (!record) throw new BookingRefusedError(t('meeting_noRecord'));
    if (record.status !== 'pending') throw new BookingRefusedError(t('meeting_onlyPendingForgotten'));
    await this.deps.meetings.remove(meetingId);
    return publicView(record);
  }

  /** A double click, or a retry beside "check and finish", inside one worker life waits for the first attempt instead of racing it. */
  private once(operationKey: string, attempt: () => Promise<PartnerMeeting>): Promise<PartnerMeeting> {
    const running = this.inFlight.get(operationKey);
    if (running) return running;
    const started = attempt().finally(() => this.inFlight.delete(operationKey));
    this.inFlight.set(operationKey, started);
    return started;
  }

  private async createOnce(request: BookingRequest): Promise<PartnerMeeting> {
    const account = await this.account(request.accountId);
    const asked = await intendedMeeting(account, request, this.now());
    const earlier = await this.deps.meetings.get(request.operationKey);
    if (earlier?.status === 'pending') {
      // An earlier attempt died or failed mid-request: finish it, or, if the details were edited since, replace it.
      return earlier.intent === asked.intent ? this.checkAndFinish(account, earlier) : this.replacePending(account, earlier, asked);
    }
    if (earlier) {
      if (earlier.intent !== asked.intent) throw new BookingRefusedError(t('meeting_differentDetails'));
      return publicView(earlier);
    }
    const linkAccountId = await this.links.chooseLinkAccount(account, request.conference);
    const { record, created } = await this.deps.meetings.begin({ ...asked, ...(linkAccountId ? { linkAccountId } : {}) });
    // Another worker stored this key in between: take it from the top, as a retry.
    if (!created) return this.createOnce(request);
    return this.send(account, record);
  }

  /** A pending record may be at the provider already: look first, and send only what is not there. */
  private async checkAndFinish(account: AccountRecord, record: PartnerMeetingRecord): Promise<PartnerMeeting> {
    const found = await this.lookUpSent(account, record);
    return found ? this.recordBooked(account, found) : this.send(account, record);
  }

  /**
   * A retry of a pending booking whose details were edited. If the first attempt's event exists,
   * it is recorded as it is and the edit refused (it is changed from the meetings list); if it
   * certainly does not, the record takes the new details and is sent by the same key.
   */
  private async replacePending(account: AccountRecord, earlier: PartnerMeetingRecord, asked: PartnerMeetingRecord): Promise<PartnerMeeting> {
    // The first attempt went to its own account's calendar, which the edit may have changed.
    const earlierAccount = earlier.accountId === account.id ? account : await this.account(earlier.accountId);
    const found = await this.lookUpSent(earlierAccount, earlier);
    if (found) {
      await this.recordBooked(earlierAccount, found);
      throw new BookingRefusedError(t('meeting_firstAttemptBooked'));
    }
    // The call link already made still fits if the calendar and the kind of call are unchanged.
    const sameCall = earlier.accountId === account.id && earlier.conference === asked.conference;
    const linkAccountId = sameCall ? earlier.linkAccountId : await this.links.chooseLinkAccount(account, asked.conference);
    const replaced: PartnerMeetingRecord = {
      ...asked,
      createdAt: earlier.createdAt,
      ...(linkAccountId ? { linkAccountId } : {}),
      ...(sameCall && earlier.joinUrl ? { joinUrl: earlier.joinUrl } : {}),
    };
    await this.deps.meetings.put(replaced);
    return this.send(account, replaced);
  }

  /**
   * The provider's answer to "do you hold this booking?" for a record whose create request may
   * have left; undefined when it was never sent or the provider certainly holds none. When the
   * provider cannot be asked, the record stays pending, saying so, and the failure is thrown.
   */
  private async lookUpSent(account: AccountRecord, record: PartnerMeetingRecord): Promise<PartnerMeetingRecord | undefined> {
    if (!record.sentAt) return undefined;
    try {
      return await findBooking(this.deps.clients, account, record, this.now());
    } catch (error) {
      await this.keepPending(record, t('meeting_uncheckable'));
      throw error;
    }
  }

  private async keepPending(record: PartnerMeetingRecord, note: string): Promise<void> {
    await this.deps.meetings.put({ ...record, note, updatedAt: this.now() });
  }

  /** Sends the stored intent; after a failure the record stays pending, becomes the event found, or goes. */
  private async send(account: AccountRecord, record: PartnerMeetingRecord): Promise<PartnerMeeting> {
    let pending = record;
    try {
      if (pending.linkAccountId && !pending.joinUrl) pending = await this.withCallLink(account, pending);
      if (!pending.sentAt) {
        pending = { ...pending, sentAt: this.now() };
        await this.deps.meetings.put(pending);
      }
      const booked = await sendBooking(this.deps.clients, account, pending, this.now());
      return await this.recordBooked(account, booked);
    } catch (error) {
      if (mayHaveCommitted(error)) {
        await this.keepPending(pending, t('meeting_unconfirmed'));
        throw error;
      }
      // Refused now; an earlier attempt may still have committed, so ask before letting go.
      let found: PartnerMeetingRecord | undefined;
      try {
        found = await this.lookUpSent(account, pending);
      } catch {
        // The record now says the check failed; the refusal is still what the user needs to read.
        throw error;
      }
      if (found) return this.recordBooked(account, found);
      await this.deps.meetings.remove(record.id);
      throw error;
    }
  }

  /**
   * The meeting exists at the provider now, so nothing after this may fail the booking: a store
   * that refuses the record leaves it in the session mirror, and the answer says so with the
   * event's link; tidying the cache and old meetings waits for storage that works.
   */
  private async recordBooked(account: AccountRecord, booked: PartnerMeetingRecord): Promise<PartnerMeeting> {
    const saved = await this.deps.meetings.recordBooked(booked);
    await unlessStorageFails(() => this.deps.cache?.forgetPeople([account.email, ...booked.attendees.map((attendee) => attendee.email)]));
    await unlessStorageFails(() => this.deps.meetings.prune(new Date(Date.parse(this.now()) - keepEndedMeetingsDays * dayMs).toISOString()));
    return saved ? publicView(booked) : { ...publicView(booked), note: t('storage_bookedNotSaved') };
  }

  /** The call link another account makes, stored with the pending booking before its event is sent. */
  private async withCallLink(account: AccountRecord, record: PartnerMeetingRecord): Promise<PartnerMeetingRecord> {
    const withLink = { ...record, joinUrl: await this.links.make(account, record), updatedAt: this.now() };
    await this.deps.meetings.put(withLink);
    return withLink;
  }

  /** A Teams link for an event Google Calendar saves itself; see {@link CallLinks.teamsLinkForGoogleForm}. */
  async teamsLinkForGoogleEvent(input: { operationKey: string; accountId: string; title: string; start: string; end: string }): Promise<{ joinUrl: string; madeBy: string }> {
    const account = await this.account(input.accountId);
    if (account.provider !== 'google') throw new BookingRefusedError(t('meeting_formTeamsGoogleOnly'));
    return this.links.teamsLinkForGoogleForm(account, input);
  }

  /** A Meet room for an event Outlook saves itself; see {@link CallLinks.meetLinkForOutlookForm}. */
  async meetLinkForOutlookEvent(input: { accountId: string }): Promise<{ joinUrl: string; madeBy: string }> {
    return this.links.meetLinkForOutlookForm(await this.account(input.accountId));
  }

  async list(): Promise<PartnerMeeting[]> {
    return (await this.deps.meetings.list()).records.map(publicView);
  }

  /** A partner meeting that exists at the provider; anything else is refused before any request. */
  private async bookedMeeting(meetingId: string): Promise<{ record: PartnerMeetingRecord & { providerEventId: string }; account: AccountRecord }> {
    const record = await this.deps.meetings.get(meetingId);
    if (!record) throw new BookingRefusedError(t('meeting_notCreatedByOverlap'));
    if (record.status === 'pending' || !record.providerEventId) {
      throw new BookingRefusedError(t('meeting_neverConfirmed'));
    }
    return { record: { ...record, providerEventId: record.providerEventId }, account: await this.account(record.accountId) };
  }

  /** Moves a partner meeting; only its time changes. */
  async reschedule(meetingId: string, start: string, end: string): Promise<PartnerMeeting> {
    const { record, account } = await this.bookedMeeting(meetingId);
    if (record.status === 'cancelled') throw new BookingRefusedError(t('meeting_alreadyCancelled'));
    if (account.provider === 'google') {
      const google = this.deps.clients.google(account, 'book-meetings');
      try {
        await google.updateMeeting(record.providerEventId, { start, end, timeZone: record.timeZone }, { sendUpdates: record.sendInvitations ? 'all' : 'none' });
      } catch (error) {
        if (isProviderError(error, 'conflict')) {
          // The conflict is what to report; a failed re-read only leaves the record as it was.
          const current = await google.getEvent(record.providerEventId).catch(() => undefined);
          if (current) await this.refreshFromGoogle(record, current);
        }
        throw error;
      }
    } else {
      await this.deps.clients.microsoft(account, 'book-meetings').updatePartnerEvent(record.providerEventId, { start: new Date(start), end: new Date(end) });
    }
    const moved = { ...record, start: new Date(start).toISOString(), end: new Date(end).toISOString(), updatedAt: this.now() };
    await this.deps.meetings.put(moved);
    await this.deps.cache?.forgetPeople([account.email, ...record.attendees.map((attendee) => attendee.email)]);
    return publicView(moved);
  }

  /** After someone changed the event in Google Calendar, the list shows what Google holds, not what Overlap last wrote. */
  private async refreshFromGoogle(record: PartnerMeetingRecord, event: GoogleEvent): Promise<void> {
    const instant = (time: GoogleEvent['start']) => (time.dateTime ? new Date(time.dateTime).toISOString() : undefined);
    await this.deps.meetings.put({
      ...record,
      ...(event.summary ? { title: event.summary } : {}),
      start: instant(event.start) ?? record.start,
      end: instant(event.end) ?? record.end,
      ...(event.status === 'cancelled' ? { status: 'cancelled' as const } : {}),
      updatedAt: this.now(),
    });
  }

  /** Cancels a partner meeting (attendees are told); cancelling twice is harmless. */
  async cancel(meetingId: string): Promise<PartnerMeeting> {
    const { record, account } = await this.bookedMeeting(meetingId);
    if (record.status === 'cancelled') return publicView(record);
    if (account.provider === 'google') {
      await this.deps.clients.google(account, 'book-meetings').cancelMeeting(record.providerEventId, { sendUpdates: record.sendInvitations ? 'all' : 'none' });
    } else {
      await this.deps.clients.microsoft(account, 'book-meetings').cancelPartnerEvent(record.providerEventId, t('meeting_cancelComment'));
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
