/**
 * Where each provider lives, per build flavour. The sandbox flavour points at the local
 * stand-ins in tests/sandbox; the production flavour at the real hosts. `import.meta.env.MODE`
 * is replaced at build time, so the production bundle carries no loopback address at all
 * (a test greps the built files to keep it that way).
 */
export interface Endpoints {
  googleAuthorize: string;
  googleTokenInfo: string;
  googleRevoke: string;
  googleCalendar: string;
  googleMeet: string;
  graph: string;
  microsoftAuthority: string;
}

export interface ClientIds {
  google: string;
  microsoft: string;
}

/** The fixed ports `npm run sandbox` listens on (base `OVERLAP_SANDBOX_BASE_PORT`, default 47800). */
export const sandboxPorts = {
  control: 0,
  googleIdentity: 1,
  googleToken: 2,
  googleCalendar: 3,
  googleMeet: 4,
  graph: 5,
  microsoftIdentity: 6,
} as const;

export const SANDBOX_BASE_PORT = 47800;
export const SANDBOX_GOOGLE_CLIENT_ID = 'overlap-sandbox.apps.googleusercontent.com';
export const SANDBOX_MICROSOFT_CLIENT_ID = '6f1c3a52-0b7e-4d0e-9a55-0c0ffee00001';

export function sandboxEndpoints(basePort = SANDBOX_BASE_PORT): Endpoints {
  const at = (offset: number) => `127.0.0.1:${basePort + offset}`;
  return {
    googleAuthorize: `http://${at(sandboxPorts.googleIdentity)}/o/oauth2/v2/auth`,
    googleTokenInfo: `http://${at(sandboxPorts.googleToken)}/tokeninfo`,
    googleRevoke: `http://${at(sandboxPorts.googleToken)}/revoke`,
    googleCalendar: `http://${at(sandboxPorts.googleCalendar)}/calendar/v3`,
    googleMeet: `http://${at(sandboxPorts.googleMeet)}/v2`,
    graph: `http://${at(sandboxPorts.graph)}/v1.0`,
    microsoftAuthority: `https://${at(sandboxPorts.microsoftIdentity)}/`,
  };
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

/** Production client ids come from the build's environment (see the README); empty means not configured. */
export const clientIds: ClientIds = isSandboxBuild
  ? { google: SANDBOX_GOOGLE_CLIENT_ID, microsoft: SANDBOX_MICROSOFT_CLIENT_ID }
  : { google: import.meta.env.WXT_GOOGLE_CLIENT_ID ?? '', microsoft: import.meta.env.WXT_MICROSOFT_CLIENT_ID ?? '' };
