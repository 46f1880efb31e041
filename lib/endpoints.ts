/**
 * Where each provider lives, per build flavour. The sandbox flavour points at the local
 * stand-ins in tests/sandbox; the production flavour at the real hosts. `import.meta.env.MODE`
 * is replaced at build time, so the production bundle carries no loopback address at all
 * (a test greps the built files to keep it that way).
 */
import { defaultTimeouts, type NetworkTimeouts } from './providers/timeouts';
import { SANDBOX_GOOGLE_CLIENT_ID, SANDBOX_MICROSOFT_CLIENT_ID, SANDBOX_TIMEOUTS, sandboxEndpoints, type Endpoints } from './sandbox-endpoints';

export type { Endpoints };
export { SANDBOX_GOOGLE_CLIENT_ID, SANDBOX_MICROSOFT_CLIENT_ID };

export interface ClientIds {
  google: string;
  microsoft: string;
}

const productionEndpoints: Endpoints = {
  googleAuthorize: 'https://accounts.google.com/o/oauth2/v2/auth',
  googleTokenInfo: 'https://oauth2.googleapis.com/tokeninfo',
  googleRevoke: 'https://oauth2.googleapis.com/revoke',
  googleCalendar: 'https://www.googleapis.com/calendar/v3',
  googleMeet: 'https://meet.googleapis.com/v2',
  graph: 'https://graph.microsoft.com/v1.0',
  microsoftAuthority: 'https://login.microsoftonline.com/common/',
};

export const isSandboxBuild = import.meta.env.MODE === 'sandbox';

export const endpoints: Endpoints = isSandboxBuild ? sandboxEndpoints() : productionEndpoints;

/** How long a provider request may wait for its answer, per flavour. */
export const networkTimeouts: NetworkTimeouts = isSandboxBuild ? SANDBOX_TIMEOUTS : defaultTimeouts;

/** Production client ids come from the build's environment (see the README); empty means not configured. */
export const clientIds: ClientIds = isSandboxBuild
  ? { google: SANDBOX_GOOGLE_CLIENT_ID, microsoft: SANDBOX_MICROSOFT_CLIENT_ID }
  : { google: import.meta.env.WXT_GOOGLE_CLIENT_ID ?? '', microsoft: import.meta.env.WXT_MICROSOFT_CLIENT_ID ?? '' };
