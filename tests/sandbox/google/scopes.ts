/** Google scope names and which of them each sandboxed method accepts (as Google documents it). */

const prefix = 'https://www.googleapis.com/auth/';
export const googleScope = (name: string) => `${prefix}${name}`;

/** Identity scopes cannot be unticked on Google's consent screen. */
export const identityScopes = new Set(['openid', googleScope('userinfo.email'), googleScope('userinfo.profile')]);

/** Google accepts the short forms in `scope=` and answers with the long ones. */
const aliases: Record<string, string> = { email: googleScope('userinfo.email'), profile: googleScope('userinfo.profile') };

export function normaliseScope(scope: string): string {
  return aliases[scope] ?? scope;
}

export const knownScopes = new Set([
  ...identityScopes,
  ...[
    'calendar',
    'calendar.readonly',
    'calendar.events',
    'calendar.events.readonly',
    'calendar.events.owned',
    'calendar.events.owned.readonly',
    'calendar.events.freebusy',
    'calendar.freebusy',
    'calendar.settings.readonly',
    'calendar.calendarlist',
    'calendar.calendarlist.readonly',
    'calendar.app.created',
    'meetings.space.created',
    'meetings.space.readonly',
  ].map(googleScope),
]);

const any = (...names: string[]) => names.map(googleScope);

export const methodScopes = {
  freeBusy: any('calendar', 'calendar.readonly', 'calendar.events.freebusy', 'calendar.freebusy'),
  eventsRead: any('calendar', 'calendar.readonly', 'calendar.events', 'calendar.events.readonly', 'calendar.events.owned', 'calendar.events.owned.readonly'),
  eventsWrite: any('calendar', 'calendar.events', 'calendar.events.owned'),
  settings: any('calendar', 'calendar.readonly', 'calendar.settings.readonly'),
  meetSpaceCreate: any('meetings.space.created'),
} satisfies Record<string, string[]>;
