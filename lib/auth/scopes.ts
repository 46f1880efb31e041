/**
 * The single source of truth for what Overlap may ask each provider for, and why. Features
 * request exactly their scopes the first time they are used; nothing here is requested up
 * front, and a scope no enabled feature lists is never requested.
 */

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

export const features: readonly FeatureInfo[] = [
  {
    id: 'identify-account',
    title: 'Know which account this is',
    summary: 'Shows the account’s address so you can tell your accounts apart.',
    scopes: {
      google: [googleScope.openid, googleScope.email],
      microsoft: [microsoftScope.openid, microsoftScope.profile, microsoftScope.offlineAccess, microsoftScope.userRead],
    },
    essential: true,
  },
  {
    id: 'find-times',
    title: 'Find mutual free time',
    summary: 'Reads when you and the people you invite are busy, to rank times that work for everyone.',
    scopes: { google: [googleScope.freeBusy], microsoft: [microsoftScope.calendarsReadBasic] },
  },
  {
    id: 'read-time-zone',
    title: 'Use your calendar’s time zone and working hours',
    summary: 'Finds times in your calendar’s own time zone instead of this browser’s, and at Microsoft uses the working hours set in Outlook instead of Overlap’s.',
    scopes: { google: [googleScope.settings], microsoft: [microsoftScope.mailboxSettings] },
  },
  {
    id: 'book-meetings',
    title: 'Book meetings',
    summary: 'Creates the meeting you pick, with a Meet or Teams link, and lets you move or cancel meetings Overlap created.',
    scopes: { google: [googleScope.ownedEvents], microsoft: [microsoftScope.calendarsReadWrite] },
  },
  {
    id: 'meet-link-for-outlook',
    title: 'Google Meet links on Outlook meetings',
    summary: 'Creates a Google Meet room for a meeting that lives in an Outlook calendar.',
    scopes: { google: [googleScope.meetSpaces] },
  },
  {
    id: 'teams-link-for-google',
    title: 'Teams links on Google Calendar meetings',
    summary: 'Creates a Microsoft Teams meeting for a meeting that lives in a Google calendar (work or school accounts).',
    scopes: { microsoft: [microsoftScope.onlineMeetings] },
  },
];

export const scopeCatalog: readonly ScopeInfo[] = [
  {
    provider: 'google', scope: googleScope.openid, label: 'Associate you with your personal info on Google', identity: true,
    allows: 'Confirms which Google account signed in.',
    why: 'To tell your connected accounts apart.',
    never: 'Overlap reads nothing else from your Google profile.',
  },
  {
    provider: 'google', scope: googleScope.email, label: 'See your primary Google Account email address', identity: true,
    allows: 'Reads the address of the signed-in account.',
    why: 'To show which account is connected and to put you on the meetings you book.',
    never: 'Overlap never sends your address anywhere but Google.',
  },
  {
    provider: 'google', scope: googleScope.freeBusy, label: 'See the availability on Google Calendars you have access to',
    allows: 'Reads only busy and free times — no titles, places, guests or descriptions — of calendars you can see.',
    why: 'To find times when you and the people you invite are all free.',
    never: 'Overlap cannot read what your meetings are about, and keeps busy times only in a short-lived cache on this device.',
  },
  {
    provider: 'google', scope: googleScope.settings, label: 'View your Calendar settings',
    allows: 'Reads your Google Calendar settings, such as its time zone and week start.',
    why: 'So your working day is placed in your calendar’s time zone when Overlap finds times, even when this browser is set to another one.',
    never: 'Overlap reads only the time zone, keeps it in memory for at most an hour, and cannot change any setting with it.',
  },
  {
    provider: 'google', scope: googleScope.ownedEvents, label: 'See, create, change, and delete events on Google calendars you own',
    allows: 'Creates events in your calendars and, by Google’s rules, could change any event in calendars you own.',
    why: 'To book the meeting you pick, with its Meet link.',
    never: 'Overlap only ever changes or cancels meetings it created itself (it tags them and checks the tag before every change); it never touches your other events.',
  },
  {
    provider: 'google', scope: googleScope.meetSpaces, label: 'Create, edit, and see information about your Google Meet conferences created by the app',
    allows: 'Creates Meet rooms and manages only the rooms Overlap created.',
    why: 'To put a Google Meet link on a meeting that lives in an Outlook calendar.',
    never: 'Overlap cannot see or join your other Meet calls.',
  },
  {
    provider: 'microsoft', scope: microsoftScope.openid, label: 'Sign you in', identity: true,
    allows: 'Confirms which Microsoft account signed in.',
    why: 'To tell your connected accounts apart.',
    never: 'Overlap reads nothing else with it.',
  },
  {
    provider: 'microsoft', scope: microsoftScope.profile, label: 'View your basic profile', identity: true,
    allows: 'Reads your name and address.',
    why: 'To show which account is connected.',
    never: 'Overlap never sends them anywhere but Microsoft.',
  },
  {
    provider: 'microsoft', scope: microsoftScope.offlineAccess, label: 'Maintain access to data you have given it access to', identity: true,
    allows: 'Lets Overlap renew its access without asking you again (for at most 24 hours at a time in a browser).',
    why: 'So finding a time does not prompt you to sign in each hour.',
    never: 'Overlap keeps it only in the browser’s memory for this session; it is never written to disk.',
  },
  {
    provider: 'microsoft', scope: microsoftScope.userRead, label: 'Sign in and read your profile', identity: true,
    allows: 'Reads your own user profile.',
    why: 'To show which account is connected.',
    never: 'Overlap does not read anyone else’s profile.',
  },
  {
    provider: 'microsoft', scope: microsoftScope.calendarsReadBasic, label: 'Read basic details of your calendars',
    allows: 'Reads free/busy of you and your colleagues, and basic details (no body or attachments) of your own events.',
    why: 'To find times when you and the people you invite are all free.',
    never: 'Overlap keeps only busy times, in a short-lived cache on this device; it never stores titles or descriptions.',
  },
  {
    provider: 'microsoft', scope: microsoftScope.mailboxSettings, label: 'Read your mailbox settings',
    allows: 'Reads your mailbox settings: time zone and working hours, and others such as automatic replies.',
    why: 'So Overlap finds times within the working hours set in Outlook, placed in your Outlook time zone.',
    never: 'Overlap reads only the time zone and working hours, keeps them in memory for at most an hour, and cannot change any setting with it.',
  },
  {
    provider: 'microsoft', scope: microsoftScope.calendarsReadWrite, label: 'Have full access to your calendars',
    allows: 'Creates events and, by Microsoft’s rules, could change any event in your calendars.',
    why: 'To book the meeting you pick, with its Teams link.',
    never: 'Overlap only ever changes or cancels meetings it created itself (it tags them and checks the tag before every change).',
  },
  {
    provider: 'microsoft', scope: microsoftScope.onlineMeetings, label: 'Read and create your online meetings',
    allows: 'Creates Teams meetings on your behalf.',
    why: 'To put a Teams link on a meeting that lives in a Google calendar.',
    never: 'Overlap does not read your other online meetings.',
  },
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
