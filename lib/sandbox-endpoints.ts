/**
 * The sandbox flavour's addresses: the local stand-ins in tests/sandbox. Kept apart from
 * lib/endpoints.ts so Node-side tests can import them without a build's `import.meta.env`.
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

/**
 * How long the sandbox flavour waits for the stand-ins: they answer on loopback in milliseconds,
 * so a few seconds is already a stall, and a test of one takes seconds rather than minutes.
 * Production waits 20 s for a read and 30 s for a write (`defaultTimeouts` in lib/providers/http.ts).
 */
export const SANDBOX_TIMEOUTS = { readMs: 3_000, writeMs: 5_000 } as const;

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
export const SANDBOX_GOOGLE_CLIENT_ID = '1234567890-overlapsandbox.apps.googleusercontent.com';
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

/** The sandbox build's extension id, pinned by the public key in wxt.config.ts. */
export const SANDBOX_EXTENSION_ID = 'pkcodgkijfojifnkmbgokhdfdjdelnlf';

/**
 * The sandbox build's Firefox add-on id. Firefox derives its redirect URI from it
 * (`https://<sha1 of the id, hex>.extensions.allizom.org/`), so the stand-ins can register that
 * like the Chromium one.
 */
export const SANDBOX_GECKO_ID = 'overlap-sandbox@overlap.app';
