/**
 * The single source of truth for what Overlap may ask each provider for, and why. Features
 * request exactly their scopes the first time they are used; nothing here is requested up
 * front, and a scope no enabled feature lists is never requested.
 */
import { t } from '@/lib/i18n';

export type Provider = 'google' | 'microsoft';

export type FeatureId =
  | 'identify-account'
  | 'find-times'
  | 'read-time-zone'
  | 'book-meetings'
  | 'meet-link-for-outlook'
  | 'teams-link-for-google';

export interface FeatureInfo {
  id: FeatureId;
  title: string;
  /** What the user gets from turning it on, in plain words. */
  summary: string;
  /** The minimal scopes per provider; a provider missing here is not used by the feature. */
  scopes: Partial<Record<Provider, readonly string[]>>;
  /** A feature the user cannot turn off while the account stays connected. */
  essential?: boolean;
}

export interface ScopeInfo {
  provider: Provider;
  scope: string;
  /** How the provider's consent screen names it, for recognition. */
  label: string;
  allows: string;
  why: string;
  /** What Overlap never does with it, even though the scope would let it. */
  never: string;
  /** Identity scopes cannot be unticked at Google's granular consent. */
  identity?: boolean;
}

const GOOGLE = 'https://www.googleapis.com/auth/';

export const googleScope = {
  openid: 'openid',
  email: 'email',
  freeBusy: `${GOOGLE}calendar.events.freebusy`,
  settings: `${GOOGLE}calendar.settings.readonly`,
  ownedEvents: `${GOOGLE}calendar.events.owned`,
  meetSpaces: `${GOOGLE}meetings.space.created`,
} as const;

export const microsoftScope = {
  openid: 'openid',
  profile: 'profile',
  offlineAccess: 'offline_access',
  userRead: 'User.Read',
  calendarsReadBasic: 'Calendars.ReadBasic',
  mailboxSettings: 'MailboxSettings.Read',
  calendarsReadWrite: 'Calendars.ReadWrite',
  onlineMeetings: 'OnlineMeetings.ReadWrite',
} as const;

type FeatureKey = 'identifyAccount' | 'findTimes' | 'readTimeZone' | 'bookMeetings' | 'meetLinkForOutlook' | 'teamsLinkForGoogle';

/**
 * A feature whose title and summary are read from the message files when asked for, so a
 * catalog built once at start-up speaks whatever language the browser shows now.
 */
function feature(id: FeatureId, key: FeatureKey, scopes: FeatureInfo['scopes'], essential?: true): FeatureInfo {
  return {
    id,
    get title() {
      return t(`feature_${key}_title`);
    },
    get summary() {
      return t(`feature_${key}_summary`);
    },
    scopes,
    ...(essential ? { essential } : {}),
  };
}

export const features: readonly FeatureInfo[] = [
  feature(
    'identify-account',
    'identifyAccount',
    {
      google: [googleScope.openid, googleScope.email],
      microsoft: [microsoftScope.openid, microsoftScope.profile, microsoftScope.offlineAccess, microsoftScope.userRead],
    },
    true,
  ),
  feature('find-times', 'findTimes', { google: [googleScope.freeBusy], microsoft: [microsoftScope.calendarsReadBasic] }),
  feature('read-time-zone', 'readTimeZone', { google: [googleScope.settings], microsoft: [microsoftScope.mailboxSettings] }),
  feature('book-meetings', 'bookMeetings', { google: [googleScope.ownedEvents], microsoft: [microsoftScope.calendarsReadWrite] }),
  feature('meet-link-for-outlook', 'meetLinkForOutlook', { google: [googleScope.meetSpaces] }),
  feature('teams-link-for-google', 'teamsLinkForGoogle', { microsoft: [microsoftScope.onlineMeetings] }),
];

type ScopeKey =
  | `google${Capitalize<keyof typeof googleScope>}`
  | `microsoft${Capitalize<keyof typeof microsoftScope>}`;

/** A catalog entry whose words, like a feature's, are read in the current language when asked for. */
function scopeEntry(provider: Provider, scope: string, key: ScopeKey, identity?: true): ScopeInfo {
  return {
    provider,
    scope,
    get label() {
      return t(`scope_${key}_label`);
    },
    get allows() {
      return t(`scope_${key}_allows`);
    },
    get why() {
      return t(`scope_${key}_why`);
    },
    get never() {
      return t(`scope_${key}_never`);
    },
    ...(identity ? { identity } : {}),
  };
}

export const scopeCatalog: readonly ScopeInfo[] = [
  scopeEntry('google', googleScope.openid, 'googleOpenid', true),
  scopeEntry('google', googleScope.email, 'googleEmail', true),
  scopeEntry('google', googleScope.freeBusy, 'googleFreeBusy'),
  scopeEntry('google', googleScope.settings, 'googleSettings'),
  scopeEntry('google', googleScope.ownedEvents, 'googleOwnedEvents'),
  scopeEntry('google', googleScope.meetSpaces, 'googleMeetSpaces'),
  scopeEntry('microsoft', microsoftScope.openid, 'microsoftOpenid', true),
  scopeEntry('microsoft', microsoftScope.profile, 'microsoftProfile', true),
  scopeEntry('microsoft', microsoftScope.offlineAccess, 'microsoftOfflineAccess', true),
  scopeEntry('microsoft', microsoftScope.userRead, 'microsoftUserRead', true),
  scopeEntry('microsoft', microsoftScope.calendarsReadBasic, 'microsoftCalendarsReadBasic'),
  scopeEntry('microsoft', microsoftScope.mailboxSettings, 'microsoftMailboxSettings'),
  scopeEntry('microsoft', microsoftScope.calendarsReadWrite, 'microsoftCalendarsReadWrite'),
  scopeEntry('microsoft', microsoftScope.onlineMeetings, 'microsoftOnlineMeetings'),
];

export function featureById(id: FeatureId): FeatureInfo {
  const feature = features.find((candidate) => candidate.id === id);
  if (!feature) throw new Error(`Unknown feature "${id}"`);
  return feature;
}

export function scopeInfo(provider: Provider, scope: string): ScopeInfo | undefined {
  return scopeCatalog.find((entry) => entry.provider === provider && entry.scope === scope);
}

/** The scopes a set of enabled features needs at one provider, in catalog order, without repeats. */
export function scopesFor(provider: Provider, enabled: Iterable<FeatureId>): string[] {
  const wanted = new Set<string>();
  for (const id of enabled) for (const scope of featureById(id).scopes[provider] ?? []) wanted.add(scope);
  return scopeCatalog.filter((entry) => entry.provider === provider && wanted.has(entry.scope)).map((entry) => entry.scope);
}

/** Which features a granted scope serves, for "used by" on the permissions page. */
export function featuresUsing(provider: Provider, scope: string): FeatureInfo[] {
  return features.filter((feature) => feature.scopes[provider]?.includes(scope));
}
