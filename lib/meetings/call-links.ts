import { t } from '@/lib/i18n';
import { featureById, type FeatureId, type Provider } from '@/lib/auth/scopes';
import type { AccountRecord, PartnerMeetingRecord } from '@/lib/store/db';
import type { ProviderClientFactory } from './booking';
import { BookingRefusedError } from './refused';
import type { BookingOptions, ConferenceKind } from './types';

/** The call link a provider's calendar cannot make itself, which a connected account of the other provider can. */
const linkFromOtherProvider = { google: 'teams', microsoft: 'meet' } as const satisfies Record<Provider, ConferenceKind>;

/** Why a calendar's meeting cannot have the other provider's link, read in the current language. */
export const noLinkAccountReason = {
  get google() {
    return t('meeting_teamsNeedsAccount');
  },
  get microsoft() {
    return t('meeting_meetNeedsAccount');
  },
};

export interface CallLinkDependencies {
  accounts: { get(id: string): Promise<AccountRecord | undefined>; list(): Promise<AccountRecord[]> };
  clients: ProviderClientFactory;
  authorize?(account: AccountRecord, feature: FeatureId): Promise<void>;
}

/**
 * Which video calls a booking may have, and the links one calendar cannot make itself (Teams on
 * a Google meeting, Meet on an Outlook one), made with a connected account of the other provider.
 */
export class CallLinks {
  private readonly allowedByAccount = new Map<string, Promise<string[]>>();

  constructor(private readonly deps: CallLinkDependencies) {}

  /** What the confirmation step may offer for this account. */
  async options(account: AccountRecord, preferred?: ConferenceKind): Promise<BookingOptions> {
    const accountId = account.id;
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
        calendarLabel: t('meeting_googleCalendarLabel'),
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
        ...(teams ? [] : [{ conference: 'teams' as const, reason: t('meeting_noTeamsHere') }]),
        ...(meet && 'reason' in meet ? [{ conference: 'meet' as const, reason: meet.reason }] : []),
      ],
      ...(meetFrom ? { linkMadeBy: { meet: meetFrom.email } } : {}),
      calendarLabel: t('meeting_outlookCalendarLabel'),
      alwaysSendsInvitations: true,
    };
  }

  /** A link account for a new booking: undefined when the booking needs none, refused when none can make it. */
  async chooseLinkAccount(account: AccountRecord, conference: ConferenceKind): Promise<string | undefined> {
    const link = await this.linkFor(account, conference);
    if (!link) return undefined;
    if ('reason' in link) throw new BookingRefusedError(link.reason);
    return link.account.id;
  }

  /**
   * Makes the link for a pending booking and answers it; the caller stores it with the booking
   * before the event is sent, so a retry puts the same link in the event and needs neither that
   * account nor another request. Consent for both accounts is asked first, so a declined
   * permission stops the booking before anything exists. Teams' `createOrGet` by the operation
   * key also survives a lost answer; Meet cannot make rooms idempotently, so a lost answer to the
   * room request, or Outlook then refusing the event outright (the booking is forgotten with its
   * room), can leave an empty room behind.
   */
  async make(account: AccountRecord, record: PartnerMeetingRecord): Promise<string> {
    const linkAccount = await this.linkAccountOf(record);
    await this.deps.authorize?.(account, 'book-meetings');
    if (account.provider === 'google') {
      await this.deps.authorize?.(linkAccount, 'teams-link-for-google');
      const meeting = await this.deps.clients
        .microsoft(linkAccount, 'teams-link-for-google')
        .createTeamsMeeting({ externalId: record.id, subject: record.title, start: new Date(record.start), end: new Date(record.end) });
      return meeting.joinUrl;
    }
    await this.deps.authorize?.(linkAccount, 'meet-link-for-outlook');
    return (await this.deps.clients.google(linkAccount, 'meet-link-for-outlook').createMeetSpace()).meetingUri;
  }

  /**
   * A Teams link for an event Google Calendar saves itself (the inline panel writes it into the
   * form): made by the connected Microsoft account that may make Teams meetings, through
   * createOrGet keyed by the panel's operation key, so a retry returns the same meeting.
   * Nothing is stored: the key is the record, and Google Calendar holds the event.
   */
  async teamsLinkForGoogleForm(account: AccountRecord, input: { operationKey: string; title: string; start: string; end: string }): Promise<{ joinUrl: string; madeBy: string }> {
    const linkAccountId = await this.chooseLinkAccount(account, 'teams');
    const linkAccount = linkAccountId ? await this.deps.accounts.get(linkAccountId) : undefined;
    if (!linkAccount) throw new BookingRefusedError(noLinkAccountReason.google);
    await this.deps.authorize?.(linkAccount, 'teams-link-for-google');
    const meeting = await this.deps.clients
      .microsoft(linkAccount, 'teams-link-for-google')
      .createTeamsMeeting({ externalId: input.operationKey, subject: input.title, start: new Date(input.start), end: new Date(input.end) });
    return { joinUrl: meeting.joinUrl, madeBy: linkAccount.email };
  }

  /**
   * A Google Meet room for an event Outlook saves itself (the inline panel writes it into the
   * form), made by a connected Google account: the one already making Meet links for Outlook,
   * else the organizer when it is a Google account, else the first Google account. Meet makes
   * rooms without a key, so the caller keeps one room per panel key (InlineMeetRooms).
   */
  async meetLinkForOutlookForm(account: AccountRecord): Promise<{ joinUrl: string; madeBy: string }> {
    const linkAccountId =
      (await this.deps.accounts.list()).find((other) => other.provider === 'google' && other.enabledFeatures.includes('meet-link-for-outlook'))?.id ??
      (account.provider === 'google' ? account.id : await this.chooseLinkAccount(account, 'meet'));
    const linkAccount = linkAccountId ? await this.deps.accounts.get(linkAccountId) : undefined;
    if (!linkAccount) throw new BookingRefusedError(noLinkAccountReason.microsoft);
    await this.deps.authorize?.(linkAccount, 'meet-link-for-outlook');
    const space = await this.deps.clients.google(linkAccount, 'meet-link-for-outlook').createMeetSpace();
    return { joinUrl: space.meetingUri, madeBy: linkAccount.email };
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
        problems.push(t('meeting_teamsCheckFailed', { email: other.email, detail: error instanceof Error ? error.message : String(error) }));
      }
    }
    return { reason: problems.length ? problems.join(' ') : noLinkAccountReason.google };
  }

  /** The account that makes this booking's link; refused, before anything is made, if it was disconnected since. */
  private async linkAccountOf(record: PartnerMeetingRecord): Promise<AccountRecord> {
    const linkAccount = record.linkAccountId ? await this.deps.accounts.get(record.linkAccountId) : undefined;
    if (!linkAccount) {
      throw new BookingRefusedError(t('meeting_linkAccountGone', { service: record.conference === 'meet' ? 'Google Meet' : 'Teams' }));
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
}

function preferFirst(kinds: ConferenceKind[], preferred?: ConferenceKind): ConferenceKind[] {
  return preferred && kinds.includes(preferred) ? [preferred, ...kinds.filter((kind) => kind !== preferred)] : kinds;
}
