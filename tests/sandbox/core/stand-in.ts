import type { Context, MiddlewareHandler } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import type { SandboxContext } from './context';
import type { Fault, SandboxTarget } from './faults';

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
 * services the write has happened by the time the answer goes wrong.
 */
export function standInMiddleware(
  target: SandboxTarget,
  ctx: SandboxContext,
  renderer: FaultRenderer,
): MiddlewareHandler<StandInEnv> {
  return async (c, next) => {
    const method = c.req.method;
    const path = c.req.path;
    const query = Object.fromEntries(new URL(c.req.url).searchParams);
    const body = await readBodyForLog(c.req.raw);
    const fault = ctx.faults.take(target, { method, path });
    const record = (status: number) =>
      ctx.log.record({ target, method, path, query, body, status, ...(fault ? { fault: fault.kind } : {}) });

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
    if (fault?.kind === 'slowAnswer') {
      const clientLeft = await waitUnlessClientLeaves(c, fault.ms);
      record(clientLeft ? 0 : c.res.status);
      return;
    }
    record(c.res.status);
  };
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

async function malformedAnswer(
  response: Response,
  style: 'wrongShape' | 'truncated' | 'unsafeLinks',
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
  return new Response(JSON.stringify(style === 'unsafeLinks' ? withUnsafeLinks(json) : reshape(json)), { status: response.status, headers });
}
