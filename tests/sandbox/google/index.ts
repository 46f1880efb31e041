import type { calendar_v3 } from '@googleapis/calendar';
import { SANDBOX_GOOGLE_CLIENT_ID } from '@/lib/sandbox-endpoints';
import type { ProviderControl, SandboxContext } from '../core/context';
import { listen, type RunningServer } from '../core/server';
import { googleCalendarApp, type SentUpdate } from './calendar';
import { GoogleCalendarStore, type ConferenceSettings } from './calendar-store';
import { GoogleIdentity, googleAccounts, googleIdentityApp, googleTokenApp, type ConsentPolicy } from './identity';
import { googleMeetApp, type MeetSpace } from './meet';

export { googleAccounts } from './identity';
export { googleScope, methodScopes } from './scopes';
export { freeBusyMaxCalendars, freeBusyMaxRangeDays } from './calendar';

/** The OAuth client the sandbox plays Google's side for ("Web application" type, implicit flow). */
export const sandboxGoogleClientId = SANDBOX_GOOGLE_CLIENT_ID;

export interface GoogleSandboxState extends ProviderControl {
  identity: GoogleIdentity;
  /** Tune how long a Meet conference stays `pending`. */
  conference: ConferenceSettings;
  readEvents(calendarId: string): calendar_v3.Schema$Event[];
  sentUpdates(): SentUpdate[];
  meetSpaces(): MeetSpace[];
  setConsentPolicy(policy: ConsentPolicy): void;
  clearConsentPolicies(): void;
  /** A token for tests that do not drive the authorize page (recorded as a real grant). */
  issueToken(account: string, scopes: string[], clientId?: string): string;
  accounts(): string[];
}

export interface GoogleStandIns {
  urls: { googleCalendar: string; googleMeet: string; googleAuthorize: string; googleToken: string };
  state: GoogleSandboxState;
  stop(): Promise<void>;
}

export async function startGoogleStandIns(
  ctx: SandboxContext,
  ports: { googleIdentity: number; googleToken: number; googleCalendar: number; googleMeet: number },
): Promise<GoogleStandIns> {
  const identity = new GoogleIdentity(ctx);
  const store = new GoogleCalendarStore(ctx.clock);
  const sentUpdates: SentUpdate[] = [];
  const spaces: MeetSpace[] = [];
  const servers: RunningServer[] = [];
  const stop = async () => {
    await Promise.all(servers.map((server) => server.stop()));
  };
  try {
    servers.push(await listen(googleIdentityApp(identity, ctx), { port: ports.googleIdentity }));
    servers.push(await listen(googleTokenApp(identity, ctx), { port: ports.googleToken }));
    servers.push(await listen(googleCalendarApp({ ctx, identity, store, sentUpdates }), { port: ports.googleCalendar }));
    servers.push(await listen(googleMeetApp({ ctx, identity, spaces }), { port: ports.googleMeet }));
  } catch (error) {
    await stop();
    throw error;
  }
  const [authorizeHost, tokenHost, calendarHost, meetHost] = servers as [RunningServer, RunningServer, RunningServer, RunningServer];

  const state: GoogleSandboxState = {
    identity,
    conference: store.conference,
    readEvents: (calendarId) => store.list(calendarId).map((event) => structuredClone(event)),
    sentUpdates: () => [...sentUpdates],
    meetSpaces: () => [...spaces],
    setConsentPolicy: (policy) => identity.setConsentPolicy(policy),
    clearConsentPolicies: () => identity.clearConsentPolicies(),
    issueToken: (account, scopes, clientId = sandboxGoogleClientId) => identity.issueForTest(account, clientId, scopes).token,
    accounts: () => googleAccounts.map((person) => person.email),
    expireTokens: (account) => identity.expireTokens(account),
    revokeGrant: (account) => identity.revokeGrant(account),
  };

  return {
    urls: {
      googleCalendar: `${calendarHost.origin}/calendar/v3`,
      googleMeet: `${meetHost.origin}/v2`,
      googleAuthorize: `${authorizeHost.origin}/o/oauth2/v2/auth`,
      googleToken: tokenHost.origin,
    },
    state,
    stop,
  };
}
