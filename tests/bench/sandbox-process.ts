import { fork } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FaultRule, SandboxTarget } from '../sandbox/core/faults';
import type { AutoSignIn } from '../sandbox/microsoft';
import type { Sandbox, SandboxUrls } from '../sandbox/start';

/**
 * The sandbox's stand-ins in a child process of their own, for benchmarks that time a client
 * against them. In the bench's own process the stand-ins' work (routing, token checks, building
 * and serializing answers, TLS) would share one event loop with the client being timed, and the
 * client would be charged for the provider's CPU; real Google and Microsoft do not run on the
 * user's machine. Only the few control calls a benchmark needs cross over, by IPC.
 */

/** What the child does on request; arguments and results cross as structured-clone data. */
const controls = {
  issueGoogleToken: (sandbox: Sandbox, account: string, scopes: string[]): string => sandbox.google.issueToken(account, scopes),
  setMicrosoftAutoSignIn: (sandbox: Sandbox, account: string, decision: AutoSignIn | null): void => sandbox.microsoft.setAutoSignIn(account, decision),
  injectFault: (sandbox: Sandbox, rule: FaultRule): void => sandbox.faults.inject(rule),
  clearLog: (sandbox: Sandbox): void => sandbox.log.clear(),
  countRequests: (sandbox: Sandbox, target: SandboxTarget): number => sandbox.log.list({ target }).length,
};

type Controls = typeof controls;
type ControlName = keyof Controls;
type Arguments<K extends ControlName> = Controls[K] extends (sandbox: Sandbox, ...args: infer A) => unknown ? A : never;

type Request = { id: number; name: ControlName | 'stop'; args: unknown[] };
type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };
type Started = { started: true; urls: SandboxUrls; microsoft: MicrosoftLogin } | { started: false; message: string };

/** What a client needs to sign in at the Microsoft identity stand-in. */
export interface MicrosoftLogin {
  identityCertificate: string;
  clientId: string;
  redirectUris: string[];
}

export interface SandboxProcess {
  urls: SandboxUrls;
  microsoft: MicrosoftLogin;
  control: { [K in ControlName]: (...args: Arguments<K>) => Promise<ReturnType<Controls[K]>> };
  /** Stops the stand-ins and waits for the child to exit; kills it if it does not. Safe to call twice. */
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 5_000;

/** Forks this file as the stand-ins' process and resolves once they listen. */
export async function startSandboxProcess(): Promise<SandboxProcess> {
  // Loaded through tsx explicitly, so the child runs however the parent was started.
  const child = fork(fileURLToPath(import.meta.url), [], { execArgv: ['--import', import.meta.resolve('tsx')], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let gone: Error | undefined;

  const fail = (error: Error) => {
    gone ??= error;
    for (const waiter of pending.values()) waiter.reject(gone);
    pending.clear();
  };
  child.once('exit', (code, signal) => fail(new Error(`The sandbox process exited (${signal ?? `code ${code}`}).`)));
  child.on('error', fail);
  child.on('message', (message: Reply | Started) => {
    if (!('id' in message)) return;
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.ok) waiter?.resolve(message.value);
    else waiter?.reject(new Error(message.message));
  });

  const call = (name: Request['name'], args: unknown[]): Promise<unknown> =>
    new Promise((resolve, reject) => {
      if (gone) return reject(gone);
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ id, name, args } satisfies Request);
    });

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await call('stop', []).catch(() => child.kill('SIGKILL'));
      await exited;
      clearTimeout(timer);
    })());

  const started = await new Promise<Started>((resolve) => {
    child.once('message', (message: Started) => resolve(message));
    child.once('exit', () => resolve({ started: false, message: gone?.message ?? 'The sandbox process exited.' }));
    child.once('error', (error) => resolve({ started: false, message: error.message }));
  });
  if (!started.started) {
    child.kill('SIGKILL');
    throw new Error(`The sandbox process did not start: ${started.message}`);
  }

  const control = Object.fromEntries(
    (Object.keys(controls) as ControlName[]).map((name) => [name, (...args: unknown[]) => call(name, args)]),
  ) as SandboxProcess['control'];
  return { urls: started.urls, microsoft: started.microsoft, control, stop };
}

/** The child: starts the stand-ins, answers control calls, and leaves when told or when the parent goes. */
async function serve(send: (message: Started | Reply, sent?: () => void) => void): Promise<void> {
  let sandbox: Sandbox;
  try {
    // Imported here, so the parent never loads the stand-ins (Hono, oidc-provider) at all.
    const { startSandbox } = await import('../sandbox/start');
    sandbox = await startSandbox();
  } catch (error) {
    send({ started: false, message: error instanceof Error ? error.message : String(error) }, () => process.exit(1));
    return;
  }
  const { identityCertificate, clientId, redirectUris } = sandbox.microsoft;
  send({ started: true, urls: sandbox.urls, microsoft: { identityCertificate, clientId, redirectUris } });

  let stopping: Promise<void> | undefined;
  const shutdown = () => (stopping ??= sandbox.stop());
  // A parent that goes without stopping us (killed, crashed) closes the channel: never outlive it.
  process.once('disconnect', () => void shutdown().finally(() => process.exit(0)));
  process.on('message', async ({ id, name, args }: Request) => {
    try {
      if (name === 'stop') {
        await shutdown();
        send({ id, ok: true, value: undefined }, () => process.disconnect());
        return;
      }
      const run = controls[name] as (sandbox: Sandbox, ...args: unknown[]) => unknown;
      send({ id, ok: true, value: run(sandbox, ...args) });
    } catch (error) {
      send({ id, ok: false, message: error instanceof Error ? error.message : String(error) });
    }
  });
}

if (process.send && process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const send = process.send.bind(process);
  void serve((message, sent) => send(message, undefined, {}, () => sent?.()));
}
