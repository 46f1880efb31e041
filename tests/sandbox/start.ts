import { pathToFileURL } from 'node:url';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { SANDBOX_BASE_PORT, sandboxPorts } from '@/lib/sandbox-endpoints';
import { SettableClock } from './core/clock';
import type { SandboxContext } from './core/context';
import { FaultInjector, sandboxTargets, type FaultRule, type SandboxTarget } from './core/faults';
import { RequestLog } from './core/request-log';
import { listen, type RunningServer } from './core/server';
import { startGoogleStandIns, type GoogleSandboxState, type GoogleStandIns } from './google';
import { startMicrosoftStandIns, type MicrosoftSandboxState, type MicrosoftStandIns } from './microsoft';

export type SandboxPortName = SandboxTarget | 'control' | 'google-token';

export interface SandboxUrls {
  /** `http://127.0.0.1:P/calendar/v3` */
  googleCalendar: string;
  /** `http://127.0.0.1:P/v2` */
  googleMeet: string;
  /** `http://127.0.0.1:P/o/oauth2/v2/auth` */
  googleAuthorize: string;
  /** oauth2.googleapis.com-like origin: `/tokeninfo`, `/revoke`. */
  googleToken: string;
  /** `http://127.0.0.1:P/v1.0` */
  graph: string;
  /** `https://127.0.0.1:P/` */
  microsoftAuthority: string;
  control: string;
}

export interface Sandbox {
  urls: SandboxUrls;
  faults: FaultInjector;
  log: RequestLog;
  clock: SettableClock;
  google: GoogleSandboxState;
  microsoft: MicrosoftSandboxState;
  stop(): Promise<void>;
}

export interface SandboxOptions {
  /** 0 (the default) picks a free port; `npm run sandbox` uses fixed ports from OVERLAP_SANDBOX_BASE_PORT. */
  ports?: Partial<Record<SandboxPortName, number>>;
  /** Freezes the clock at this instant; without it the clock follows wall time. */
  now?: Date;
}

/** Fixed ports for `npm run sandbox`, offset from a base so several sandboxes can coexist. */
export function defaultPorts(base: number): Record<SandboxPortName, number> {
  return {
    control: base + sandboxPorts.control,
    'google-identity': base + sandboxPorts.googleIdentity,
    'google-token': base + sandboxPorts.googleToken,
    'google-calendar': base + sandboxPorts.googleCalendar,
    'google-meet': base + sandboxPorts.googleMeet,
    graph: base + sandboxPorts.graph,
    'microsoft-identity': base + sandboxPorts.microsoftIdentity,
  };
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const port = (name: SandboxPortName) => options.ports?.[name] ?? 0;
  const ctx: SandboxContext = {
    faults: new FaultInjector(),
    log: new RequestLog(),
    clock: new SettableClock(options.now ? { now: options.now } : {}),
  };
  let google: GoogleStandIns | undefined;
  let microsoft: MicrosoftStandIns | undefined;
  let control: RunningServer | undefined;
  const stop = async () => {
    await Promise.all([google?.stop(), microsoft?.stop(), control?.stop()]);
  };
  try {
    [google, microsoft] = await Promise.all([
      startGoogleStandIns(ctx, {
        googleIdentity: port('google-identity'),
        googleToken: port('google-token'),
        googleCalendar: port('google-calendar'),
        googleMeet: port('google-meet'),
      }),
      startMicrosoftStandIns(ctx, { graph: port('graph'), microsoftIdentity: port('microsoft-identity') }),
    ]);
    control = await listen(controlApp(ctx, google.state, microsoft.state), { port: port('control') });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    urls: { ...google.urls, ...microsoft.urls, control: control.origin },
    faults: ctx.faults,
    log: ctx.log,
    clock: ctx.clock,
    google: google.state,
    microsoft: microsoft.state,
    stop,
  };
}

const targetSchema = z.enum(sandboxTargets as [SandboxTarget, ...SandboxTarget[]]);

const faultSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('status'),
    status: z.number().int().min(400).max(599),
    retryAfterSeconds: z.number().int().min(0).optional(),
    reason: z.string().min(1).optional(),
    message: z.string().min(1).max(100_000).optional(),
  }),
  z.object({ kind: z.literal('hang'), ms: z.number().int().positive().max(600_000) }),
  z.object({ kind: z.literal('malformed'), style: z.enum(['wrongShape', 'truncated', 'unsafeLinks', 'hostile']).optional() }),
  z.object({ kind: z.literal('dropAfterCommit') }),
  z.object({ kind: z.literal('unreachable') }),
  z.object({ kind: z.literal('slowAnswer'), ms: z.number().int().positive().max(600_000) }),
  z.object({ kind: z.literal('latency'), ms: z.number().int().positive().max(600_000) }),
]);

const faultRuleSchema = z.object({
  target: targetSchema,
  match: z.object({ method: z.string().min(1).optional(), pathIncludes: z.string().min(1).optional() }).optional(),
  times: z.number().int().min(1),
  fault: faultSchema,
}) satisfies z.ZodType<FaultRule>;

const clockSchema = z.union([
  z.object({ now: z.iso.datetime({ offset: true }) }).strict(),
  z.object({ advanceSeconds: z.number().finite() }).strict(),
]);

const providerSchema = z.enum(['google', 'microsoft']);
const expireSchema = z.object({ provider: providerSchema, account: z.email().optional() });
const revokeSchema = z.object({ provider: providerSchema, account: z.email() });
const consentPolicySchema = z.object({ account: z.email(), grant: z.union([z.literal('all'), z.array(z.string().min(1))]) });
const conferenceSchema = z.object({ pendingGets: z.number().int().min(0).optional(), pendingSeconds: z.number().min(0).optional() });

/** The control endpoint tests and demos drive: faults, clock, tokens, and read-back of state. */
function controlApp(ctx: SandboxContext, google: GoogleSandboxState, microsoft: MicrosoftSandboxState): Hono {
  const app = new Hono();
  const providers = { google, microsoft };

  const body = async <T>(c: Context, schema: z.ZodType<T>): Promise<T | Response> => {
    let json: unknown;
    try {
      json = await c.req.json();
    } catch {
      return c.json({ error: 'The body must be JSON.' }, 400);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) return c.json({ error: 'Invalid request.', issues: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) }, 400);
    return parsed.data;
  };

  app.onError((error, c) => c.json({ error: error.message }, 400));

  app.get('/health', (c) => c.json({ ok: true, now: ctx.clock.now().toISOString() }));

  app.get('/faults', (c) => c.json({ pending: ctx.faults.pending() }));
  app.post('/faults', async (c) => {
    const rule = await body(c, faultRuleSchema);
    if (rule instanceof Response) return rule;
    ctx.faults.inject(rule);
    return c.json({ pending: ctx.faults.pending() }, 201);
  });
  app.delete('/faults', (c) => {
    ctx.faults.clear();
    return c.body(null, 204);
  });

  app.post('/clock', async (c) => {
    const change = await body(c, clockSchema);
    if (change instanceof Response) return change;
    if ('now' in change) ctx.clock.set(new Date(change.now));
    else ctx.clock.advance(change.advanceSeconds);
    return c.json({ now: ctx.clock.now().toISOString() });
  });

  app.post('/tokens/expire', async (c) => {
    const request = await body(c, expireSchema);
    if (request instanceof Response) return request;
    return c.json({ expired: providers[request.provider].expireTokens(request.account) });
  });
  app.post('/tokens/revoke', async (c) => {
    const request = await body(c, revokeSchema);
    if (request instanceof Response) return request;
    return c.json({ revoked: providers[request.provider].revokeGrant(request.account) });
  });

  app.get('/requests', (c) => {
    const target = c.req.query('target');
    if (target !== undefined && !targetSchema.safeParse(target).success) return c.json({ error: `Unknown target ${target}.` }, 400);
    return c.json({ requests: ctx.log.list(target ? { target: target as SandboxTarget } : {}) });
  });
  app.delete('/requests', (c) => {
    ctx.log.clear();
    return c.body(null, 204);
  });

  app.get('/google/events', (c) => {
    const calendarId = c.req.query('calendarId');
    if (!calendarId) return c.json({ error: 'calendarId is required.' }, 400);
    return c.json({ items: google.readEvents(calendarId) });
  });
  app.post('/google/consent-policy', async (c) => {
    const policy = await body(c, consentPolicySchema);
    if (policy instanceof Response) return policy;
    google.setConsentPolicy(policy);
    return c.body(null, 204);
  });
  app.delete('/google/consent-policy', (c) => {
    google.clearConsentPolicies();
    return c.body(null, 204);
  });
  app.post('/google/conference', async (c) => {
    const settings = await body(c, conferenceSchema);
    if (settings instanceof Response) return settings;
    Object.assign(google.conference, settings);
    return c.json(google.conference);
  });

  app.get('/microsoft/events', (c) => {
    const mailbox = c.req.query('mailbox');
    if (!mailbox) return c.json({ error: 'mailbox is required.' }, 400);
    return c.json({ value: microsoft.readEvents(mailbox) });
  });

  return app;
}

async function main(): Promise<void> {
  const base = Number(process.env.OVERLAP_SANDBOX_BASE_PORT ?? SANDBOX_BASE_PORT);
  if (!Number.isInteger(base) || base < 1024 || base > 65_000) {
    throw new Error(`OVERLAP_SANDBOX_BASE_PORT must be a port number between 1024 and 65000 (was ${process.env.OVERLAP_SANDBOX_BASE_PORT}).`);
  }
  const sandbox = await startSandbox({ ports: defaultPorts(base) });
  console.log('Overlap sandbox is running on 127.0.0.1:');
  for (const [name, url] of Object.entries(sandbox.urls)) console.log(`  ${name.padEnd(20)} ${url}`);
  const shutdown = () => {
    sandbox.stop().then(() => process.exit(0), (error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
