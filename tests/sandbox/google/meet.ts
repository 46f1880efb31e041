import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { SandboxContext } from '../core/context';
import { standInMiddleware, type FaultRenderer, type StandInEnv } from '../core/stand-in';
import { meetCode } from './calendar-store';
import { googleFaultRenderer } from './errors';
import type { GoogleIdentity } from './identity';
import { methodScopes } from './scopes';

/** A Meet REST v2 `Space` (no npm package ships its types; fields from the public reference). */
export interface MeetSpace {
  name: string;
  meetingUri: string;
  meetingCode: string;
  config: { accessType: 'OPEN' | 'TRUSTED' | 'RESTRICTED'; entryPointAccess: 'ALL' | 'CREATOR_APP_ONLY' };
}

/**
 * The newer Google API error envelope Meet answers with: `status` plus `details[]` carrying an
 * `ErrorInfo` reason, instead of Calendar's `errors[]`.
 */
export function meetError(c: Context, code: number, status: string, message: string, reason?: string, headers: Record<string, string> = {}): Response {
  const details = reason ? [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'googleapis.com', metadata: { service: 'meet.googleapis.com', method: 'google.apps.meet.v2.SpacesService.CreateSpace' } }] : [];
  return c.json({ error: { code, message, status, details } }, code as 400, headers);
}

const meetFaultRenderer: FaultRenderer = {
  status: (fault, c) => {
    const headers: Record<string, string> = fault.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(fault.retryAfterSeconds) };
    if (fault.status === 429 || fault.reason === 'rateLimitExceeded') {
      return meetError(c, fault.status, 'RESOURCE_EXHAUSTED', 'Quota exceeded for quota metric \'Write requests\'.', 'RATE_LIMIT_EXCEEDED', headers);
    }
    return meetError(c, fault.status, fault.status >= 500 ? 'UNAVAILABLE' : 'FAILED_PRECONDITION', 'The service is currently unavailable.', undefined, headers);
  },
  wrongShape: googleFaultRenderer.wrongShape,
};

export function googleMeetApp(options: { ctx: SandboxContext; identity: GoogleIdentity; spaces: MeetSpace[] }): Hono<StandInEnv> {
  const { ctx, identity, spaces } = options;
  const app = new Hono<StandInEnv>().basePath('/v2');
  app.use('*', standInMiddleware('google-meet', ctx, meetFaultRenderer));

  app.post('/spaces', async (c) => {
    const check = identity.check(c.req.header('authorization'), methodScopes.meetSpaceCreate);
    if (!check.ok) {
      if (check.problem === 'insufficientScope') {
        return meetError(c, 403, 'PERMISSION_DENIED', 'Request had insufficient authentication scopes.', 'ACCESS_TOKEN_SCOPE_INSUFFICIENT', {
          'WWW-Authenticate': `Bearer realm="https://accounts.google.com/", error="insufficient_scope", scope="${methodScopes.meetSpaceCreate.join(' ')}"`,
        });
      }
      return meetError(c, 401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.', 'ACCESS_TOKEN_EXPIRED', {
        'WWW-Authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"',
      });
    }
    let requested: Partial<MeetSpace> = {};
    const text = await c.req.text();
    if (text.trim() !== '') {
      try {
        requested = JSON.parse(text) as Partial<MeetSpace>;
      } catch {
        return meetError(c, 400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.');
      }
    }
    // Each call creates a new space, as the real API does: the method is not idempotent.
    const id = randomBytes(9).toString('base64url');
    const code = meetCode(`space|${id}`);
    const space: MeetSpace = {
      name: `spaces/${id}`,
      meetingUri: `https://meet.google.com/${code}`,
      meetingCode: code,
      config: { accessType: requested.config?.accessType ?? 'TRUSTED', entryPointAccess: requested.config?.entryPointAccess ?? 'ALL' },
    };
    spaces.push(space);
    return c.json(space);
  });

  return app;
}
