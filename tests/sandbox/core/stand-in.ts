import type { Context, MiddlewareHandler } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import type { SandboxContext } from './context';
import type { Fault, MalformedStyle, SandboxTarget } from './faults';

export type StandInEnv = { Bindings: HttpBindings };
export type StatusFault = Extract<Fault, { kind: 'status' }>;

export interface FaultRenderer {
  /** The provider's own error answer for an injected status fault (body, headers). */
  status(fault: StatusFault, c: Context<StandInEnv>): Response;
  /**
   * A wrongly shaped variant of a real JSON answer: valid JSON whose shape a client's schema
   * must reject, naming the field that broke.
   */
  wrongShape(body: unknown, c: Context<StandInEnv>): unknown;
}

/**
 * Wraps a stand-in's routes: logs every request (without credentials), and applies the next
 * matching injected fault. Status faults answer before the route runs (nothing is written);
 * `malformed`, `dropAfterCommit` and `slowAnswer` run the route first, because on the real
 * services the write has happened by the time the answer goes wrong; `latency` runs it at once
 * and sends its answer when the round trip is up.
 */
export function standInMiddleware(
  target: SandboxTarget,
  ctx: SandboxContext,
  renderer: FaultRenderer,
): MiddlewareHandler<StandInEnv> {
  return async (c, next) => {
    const arrived = performance.now();
    const method = c.req.method;
    const path = c.req.path;
    const query = Object.fromEntries(new URL(c.req.url).searchParams);
    const body = await readBodyForLog(c.req.raw);
    const fault = ctx.faults.take(target, { method, path });
    const revoked = ctx.log.carriesRevoked(presentedTokens(c.req.header('authorization'), body));
    const record = (status: number) => {
      // Every answer carries the provider's own time, as real services' do: Overlap learns the
      // providers' clock from it, and a test moves the sandbox clock to skew it.
      stampDate(c.res, ctx.clock.now());
      ctx.log.record({ target, method, path, query, body, status, ...(fault ? { fault: fault.kind } : {}), ...(revoked ? { credential: 'revoked' as const } : {}) });
    };

    if (fault?.kind === 'unreachable') {
      // Nobody reads this answer; Hono only needs one to finish the request it thinks it serves.
      c.res = new Response(null, { status: 499 });
      record(0);
      c.env.incoming.socket.destroy();
      return;
    }
    if (fault?.kind === 'status') {
      c.res = renderer.status(fault, c);
      record(fault.status);
      return;
    }
    if (fault?.kind === 'hang') {
      const clientLeft = await waitUnlessClientLeaves(c, fault.ms);
      if (clientLeft) {
        record(0);
        c.res = new Response(null, { status: 499 });
        return;
      }
    }

    await next();

    if (fault?.kind === 'malformed') {
      c.res = await malformedAnswer(c.res, fault.style ?? 'wrongShape', (json) => renderer.wrongShape(json, c));
    }
    if (fault?.kind === 'dropAfterCommit') {
      record(c.res.status);
      c.env.incoming.socket.destroy();
      return;
    }
    if (fault?.kind === 'slowAnswer' || fault?.kind === 'latency') {
      // slowAnswer holds the answer back for its whole time; latency only for what the work left of it.
      const holdMs = fault.kind === 'slowAnswer' ? fault.ms : Math.max(0, fault.ms - (performance.now() - arrived));
      const clientLeft = await waitUnlessClientLeaves(c, holdMs);
      record(clientLeft ? 0 : c.res.status);
      return;
    }
    record(c.res.status);
  };
}

function stampDate(response: Response, now: Date): void {
  try {
    response.headers.set('date', now.toUTCString());
  } catch {
    // A response with immutable headers (a proxied one) keeps the server's own Date.
  }
}

/** The tokens a request presents: its bearer header, and the token fields of tokeninfo and revoke forms. */
function presentedTokens(authorization: string | undefined, body: unknown): (string | undefined)[] {
  const fields = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const field = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string) : undefined);
  return [/^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1], field('token'), field('access_token')];
}

async function readBodyForLog(request: Request): Promise<unknown> {
  if (request.method === 'GET' || request.method === 'HEAD') return undefined;
  const text = await request.clone().text();
  if (text === '') return undefined;
  const type = request.headers.get('content-type') ?? '';
  if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Resolves true if the client hung up before `ms` passed (then the route must not run). */
function waitUnlessClientLeaves(c: Context<StandInEnv>, ms: number): Promise<boolean> {
  const socket = c.env.incoming.socket;
  return new Promise((resolve) => {
    const onClose = () => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      socket.off('close', onClose);
      resolve(false);
    }, ms);
    socket.once('close', onClose);
  });
}

/** The fields, in Google's and Microsoft's answers alike, whose value is a link the user may open. */
const linkFields = new Set(['htmlLink', 'webLink', 'joinUrl', 'joinWebUrl', 'meetingUri', 'uri']);
export const unsafeLink = 'javascript:alert(document.domain)';

function withUnsafeLinks(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withUnsafeLinks);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, linkFields.has(key) && typeof inner === 'string' ? unsafeLink : withUnsafeLinks(inner)]),
  );
}

/**
 * Text a hostile or compromised provider might put where the user reads it: markup that would run
 * if rendered as HTML, a right-to-left override and zero-width characters that disguise text, and
 * a 10,000-character unbroken word that would push a layout apart.
 */
export const hostileText = `<img src=x onerror="document.body.dataset.injected='img'"><script>document.body.dataset.injected='script'</script><a href="javascript:alert(1)" onclick="alert(1)">click</a> \u202Egnp.exe\u202C zero\u200Bwidth\u2060joiner ${'W'.repeat(10_000)}`;
/** An https: link that only looks like the provider's: the wire schemas let it through, the views must not link it. */
export const lookAlikeLink = 'https://meet.google.com.evil.example/abc-defg-hij';

/** Fields people read, in Google's and Microsoft's answers (Graph's attendee names sit in `emailAddress.name`). */
const textFields = new Set(['summary', 'subject', 'displayName', 'description', 'location', 'label', 'bodyPreview']);

function hostile(value: unknown, parentKey = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => hostile(item, parentKey));
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => {
      if (typeof inner !== 'string') return [key, hostile(inner, key)];
      if (linkFields.has(key)) return [key, lookAlikeLink];
      return [key, textFields.has(key) || (parentKey === 'emailAddress' && key === 'name') ? hostileText : inner];
    }),
  );
}

async function malformedAnswer(
  response: Response,
  style: MalformedStyle,
  reshape: (json: unknown) => unknown,
): Promise<Response> {
  const text = await response.text();
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  headers.set('content-type', 'application/json; charset=UTF-8');
  if (style === 'truncated') {
    return new Response(text.slice(0, Math.max(1, Math.floor(text.length / 2))), { status: response.status, headers });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = {};
  }
  const rewritten = style === 'unsafeLinks' ? withUnsafeLinks(json) : style === 'hostile' ? hostile(json) : reshape(json);
  return new Response(JSON.stringify(rewritten), { status: response.status, headers });
}
