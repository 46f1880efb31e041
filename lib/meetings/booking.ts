import { featureById, type FeatureId, type Provider } from '@/lib/auth/scopes';
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

/** The call link a provider's calendar cannot make itself, which a connected account of the other provider can. */
const linkFromOtherProvider = { google: 'teams', microsoft: 'meet' } as const satisfies Record<Provider, ConferenceKind>;

const noLinkAccountReason = {
  google: 'To add a Teams link to a Google Calendar meeting, connect a Microsoft work or school account whose organisation allows Teams, on the permissions page.',
  microsoft: 'To add a Google Meet link to an Outlook meeting, connect a Google account on the permissions page.',
} as const;

/**
 * Failures after which the provider may have created the event anyway (the answer was lost or
 * unreadable). The pending record then stays, so a retry with the same key finishes the booking.
 */
function mayHaveCommitted(error: unknown): boolean {
  if (error instanceof BookingRefusedError) return false;
  if (!isProviderError(error)) return true;
  return error.kind === 'network' || error.kind === 'timeout' || error.kind === 'unavailable' || error.kind === 'malformed-response';
}

export function publicView({ intent: _intent, description: _description, sendInvitations: _send, linkAccountId: _link, ...meeting }: PartnerMeetingRecord): PartnerMeeting {
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
    // A link another account makes is offered, never put first: choosing it may ask that account for a permission.
    const ownPreference = preferred === linkFromOtherProvider[account.provider] ? undefined : preferred;
    if (account.provider === 'google') {
      const teams = await this.linkFor(account, 'teams');
      const teamsFrom = teams && 'account' in teams ? teams.account : undefined;
      return {
        accountId,
        provider: 'google',
        conferences: preferFirst(teamsFrom ? ['meet', 'teams', 'none'] : ['meet', 'none'], ownPreference),
        unavailable: teams && 'reason' in teams ? [{ conference: 'teams', reason: teams.reason }] : [],
        ...(teamsFrom ? { linkMadeBy: { teams: teamsFrom.email } } : {}),
        calendarLabel: 'Your primary Google calendar',
        alwaysSendsInvitations: false,
      };
    }
    const allowed = await this.allowedOnlineMeetingProviders(account);
    const teams = allowed.includes('teamsForBusiness');
    const meet = await this.linkFor(account, 'meet');
    const meetFrom = meet && 'account' in meet ? meet.account : undefined;
    return {
      accountId,
      provider: 'microsoft',
      conferences: preferFirst([...(teams ? (['teams'] as const) : []), ...(meetFrom ? (['meet'] as const) : []), 'none'], ownPreference),
      unavailable: [
        ...(teams ? [] : [{ conference: 'teams' as const, reason: 'This Outlook calendar does not allow Teams meetings (personal Microsoft accounts and some organisations cannot add them).' }]),
        ...(meet && 'reason' in meet ? [{ conference: 'meet' as const, reason: meet.reason }] : []),
      ],
      ...(meetFrom ? { linkMadeBy: { meet: meetFrom.email } } : {}),
      calendarLabel: 'Your default Outlook calendar',
      alwaysSendsInvitations: true,
    };
  }

  /**
   * Who makes a call link this account's calendar cannot make itself: any connected Google
   * account makes Meet rooms; a Microsoft account makes Teams meetings if its organisation allows
   * them. Undefined when `conference` is not such a link; otherwise the account, or why none can.
   */
  private async linkFor(account: AccountRecord, conference: ConferenceKind): Promise<{ account: AccountRecord } | { reason: string } | undefined> {
    if (conference !== linkFromOtherProvider[account.provider]) return undefined;
    const others = (await this.deps.accounts.list()).filter((other) => other.provider !== account.provider);
    if (account.provider === 'microsoft') return others[0] ? { account: others[0] } : { reason: noLinkAccountReason.microsoft };
    // Only accounts already reading calendars are asked, so opening a confirmation never turns
    // a feature back on or opens a consent window.
    const readable = others.filter((other) => other.enabledFeatures.includes('find-times') && featureById('find-times').scopes.microsoft!.every((scope) => other.grantedScopes.includes(scope)));
    const problems: string[] = [];
    for (const other of readable) {
      try {
        if ((await this.allowedOnlineMeetingProviders(other)).includes('teamsForBusiness')) return { account: other };
      } catch (error) {
        problems.push(`Overlap could not check whether ${other.email} can make Teams meetings: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return { reason: problems.length ? problems.join(' ') : noLinkAccountReason.google };
  }

  /** A link account for a new booking: undefined when the booking needs none, refused when none can make it. */
  private async chooseLinkAccount(account: AccountRecord, conference: ConferenceKind): Promise<string | undefined> {
    const link = await this.linkFor(account, conference);
    if (!link) return undefined;
    if ('reason' in link) throw new BookingRefusedError(link.reason);
    return link.account.id;
  }

  /** The account that makes this booking's link; refused, before anything is made, if it was disconnected since. */
  private async linkAccountOf(record: PartnerMeetingRecord): Promise<AccountRecord> {
    const linkAccount = record.linkAccountId ? await this.deps.accounts.get(record.linkAccountId) : undefined;
    if (!linkAccount) {
      throw new BookingRefusedError(`The account that was to make this meeting’s ${record.conference === 'meet' ? 'Google Meet' : 'Teams'} link is no longer connected. Connect it again, or choose another video call.`);
    }
    return linkAccount;
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
    // A retry keeps the link account its first attempt chose; only a new booking chooses one.
    const earlier = await this.deps.meetings.get(request.operationKey);
    const linkAccountId = earlier ? earlier.linkAccountId : await this.chooseLinkAccount(account, request.conference);
    const intended = { ...(await intendedMeeting(account, request, this.now())), ...(linkAccountId ? { linkAccountId } : {}) };
    const { record, created } = await this.deps.meetings.begin(intended);
    if (!created) {
      if (record.intent !== intended.intent) {
        throw new BookingRefusedError('This booking was already made with different details. Start a new booking to book another meeting.');
      }
      // Finished earlier: answer what was booked. Still pending: an earlier attempt died mid-request, so finish it.
      if (record.status !== 'pending') return publicView(record);
    }

    let pending = record;
    let booked: PartnerMeetingRecord;
    try {
      if (pending.linkAccountId && !pending.joinUrl) pending = await this.withCallLink(account, pending);
      booked = account.provider === 'google' ? await this.sendToGoogle(account, pending) : await this.sendToMicrosoft(account, pending);
    } catch (error) {
      if (mayHaveCommitted(error)) {
        await this.deps.meetings.put({
          ...pending,
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
    // Google makes no Teams links: a Teams meeting's link was made and stored by withCallLink.
    const teams = record.conference === 'teams' ? record.joinUrl : undefined;
    const description = [record.description, teams && `Join the Microsoft Teams meeting: ${teams}`].filter(Boolean).join('\n\n');
    const result = await this.deps.clients.google(account, 'book-meetings').createMeeting({
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
    const { note: _stale, ...rest } = record;
    const notes = [
      ...(result.conferenceMessage ? [result.conferenceMessage] : []),
      ...(!record.sendInvitations && record.attendees.length ? ['No invitations were sent: tell the attendees yourself, or send them from Google Calendar.'] : []),
    ];
    const joinUrl = result.joinUrl ?? teams;
    return {
      ...rest,
      providerEventId: result.eventId,
      ...(joinUrl ? { joinUrl } : {}),
      ...(result.htmlLink ? { eventUrl: result.htmlLink } : {}),
      status: result.conference === 'pending' ? 'link-pending' : 'booked',
      ...(notes.length ? { note: notes.join(' ') } : {}),
      updatedAt: this.now(),
    };
  }

  private async sendToMicrosoft(account: AccountRecord, record: PartnerMeetingRecord): Promise<PartnerMeetingRecord> {
    // Outlook makes no Meet links: a Meet meeting's room was made and stored by withCallLink.
    const meet = record.conference === 'meet' ? record.joinUrl : undefined;
    const bodyHtml = [
      ...(record.description ? [`<p>${escapeHtml(record.description).replace(/\n/g, '<br>')}</p>`] : []),
      ...(meet ? [`<p>Join the Google Meet call: <a href="${escapeHtml(meet)}">${escapeHtml(meet)}</a></p>`] : []),
    ].join('');
    const event = await this.deps.clients.microsoft(account, 'book-meetings').createPartnerEvent({
      operationKey: record.id,
      subject: record.title,
      ...(bodyHtml ? { bodyHtml } : {}),
      ...(meet ? { location: `Google Meet: ${meet}` } : {}),
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
    const joinUrl = event.joinUrl ?? meet;
    return {
      ...rest,
      providerEventId: event.eventId,
      ...(joinUrl ? { joinUrl } : {}),
      ...(event.webLink ? { eventUrl: event.webLink } : {}),
      status: linkMissing ? 'link-pending' : 'booked',
      ...(notes.length ? { note: notes.join(' ') } : {}),
      updatedAt: this.now(),
    };
  }

  /**
   * Makes the call link another account provides (Teams on a Google meeting, Meet on an Outlook
   * one) and stores it with the pending booking before the event is sent, so a retry puts the same
   * link in the event and needs neither that account nor another request. Consent for both
   * accounts is asked first, so a declined permission stops the booking before anything exists.
   * Teams' `createOrGet` by the operation key also survives a lost answer; Meet cannot make rooms
   * idempotently, so a lost answer to the room request, or Outlook then refusing the event
   * outright (the booking is forgotten with its room), can leave an empty room behind.
   */
  private async withCallLink(account: AccountRecord, record: PartnerMeetingRecord): Promise<PartnerMeetingRecord> {
    const linkAccount = await this.linkAccountOf(record);
    await this.deps.authorize?.(account, 'book-meetings');
    let joinUrl: string;
    if (account.provider === 'google') {
      await this.deps.authorize?.(linkAccount, 'teams-link-for-google');
      const meeting = await this.deps.clients
        .microsoft(linkAccount, 'teams-link-for-google')
        .createTeamsMeeting({ externalId: record.id, subject: record.title, start: new Date(record.start), end: new Date(record.end) });
      joinUrl = meeting.joinUrl;
    } else {
      await this.deps.authorize?.(linkAccount, 'meet-link-for-outlook');
      joinUrl = (await this.deps.clients.google(linkAccount, 'meet-link-for-outlook').createMeetSpace()).meetingUri;
    }
    const withLink = { ...record, joinUrl, updatedAt: this.now() };
    await this.deps.meetings.put(withLink);
    return withLink;
  }

  /**
   * A Teams link for an event Google Calendar saves itself (the inline panel writes it into the
   * form): made by the connected Microsoft account that may make Teams meetings, through
   * createOrGet keyed by the panel's operation key, so a retry returns the same meeting.
   * Nothing is stored: the key is the record, and Google Calendar holds the event.
   */
  async teamsLinkForGoogleEvent(input: { operationKey: string; accountId: string; title: string; start: string; end: string }): Promise<{ joinUrl: string; madeBy: string }> {
    const account = await this.account(input.accountId);
    if (account.provider !== 'google') throw new BookingRefusedError('A Teams link for a form is made only for Google Calendar events; Outlook adds Teams itself.');
    // A retry goes to the account already making Teams links: once it consented to that, its
    // grant may no longer list the calendar scopes a fresh choice looks for.
    const linkAccountId =
      (await this.deps.accounts.list()).find((other) => other.provider === 'microsoft' && other.enabledFeatures.includes('teams-link-for-google'))?.id ??
      (await this.chooseLinkAccount(account, 'teams'));
    const linkAccount = linkAccountId ? await this.deps.accounts.get(linkAccountId) : undefined;
    if (!linkAccount) throw new BookingRefusedError(noLinkAccountReason.google);
    await this.deps.authorize?.(linkAccount, 'teams-link-for-google');
    const meeting = await this.deps.clients
      .microsoft(linkAccount, 'teams-link-for-google')
      .createTeamsMeeting({ externalId: input.operationKey, subject: input.title, start: new Date(input.start), end: new Date(input.end) });
    return { joinUrl: meeting.joinUrl, madeBy: linkAccount.email };
  }

  /**
   * A Google Meet room for an event Outlook on the web saves itself (the inline panel writes it
   * into the form), made by a connected Google account: the one already making Meet links for
   * Outlook, else the organizer when it is a Google account, else the first Google account.
   * Meet makes rooms without a key, so the caller keeps one room per panel (InlineMeetRooms).
   */
  async meetLinkForOutlookEvent(input: { accountId: string }): Promise<{ joinUrl: string; madeBy: string }> {
    const account = await this.account(input.accountId);
    const linkAccountId =
      (await this.deps.accounts.list()).find((other) => other.provider === 'google' && other.enabledFeatures.includes('meet-link-for-outlook'))?.id ??
      (account.provider === 'google' ? account.id : await this.chooseLinkAccount(account, 'meet'));
    const linkAccount = linkAccountId ? await this.deps.accounts.get(linkAccountId) : undefined;
    if (!linkAccount) throw new BookingRefusedError(noLinkAccountReason.microsoft);
    await this.deps.authorize?.(linkAccount, 'meet-link-for-outlook');
    const space = await this.deps.clients.google(linkAccount, 'meet-link-for-outlook').createMeetSpace();
    return { joinUrl: space.meetingUri, madeBy: linkAccount.email };
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
