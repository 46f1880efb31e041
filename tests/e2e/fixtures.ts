import { test as base, chromium, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { SANDBOX_BASE_PORT } from '@/lib/sandbox-endpoints';
import { defaultPorts, startSandbox, type Sandbox } from '../sandbox/start';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The built extension under test; `npm test` builds the sandbox flavour before this suite. */
export const extensionDir = path.resolve(process.env.OVERLAP_EXTENSION_DIR ?? '.output/chrome-mv3-sandbox');
const chromiumPath = process.env.OVERLAP_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Flags that let Debian's Chromium run headless as root on a machine with no network; the
 * background-networking ones stop it from dialling Google at every start.
 */
export function chromiumArgs(extraArgs: string[] = []): string[] {
  return [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    ...extraArgs,
  ];
}

export async function launchWithExtension(userDataDir: string, extraArgs: string[] = []): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs(extraArgs),
  });
}

export async function serviceWorkerOf(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
}

interface ExtensionFixtures {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
  /** The stand-ins on the fixed ports the sandbox build points at; fresh for every test. */
  sandbox: Sandbox;
}

export const test = base.extend<ExtensionFixtures>({
  // eslint-disable-next-line no-empty-pattern
  context: async ({}, use) => {
    const userDataDir = await mkdtemp(path.join(tmpdir(), 'overlap-e2e-'));
    // The Microsoft identity stand-in serves HTTPS with a self-signed certificate, as MSAL demands.
    const context = await launchWithExtension(userDataDir, ['--ignore-certificate-errors']);
    await use(context);
    await context.close();
    await rm(userDataDir, { recursive: true, force: true });
  },
  serviceWorker: async ({ context }, use) => {
    await use(await serviceWorkerOf(context));
  },
  extensionId: async ({ serviceWorker }, use) => {
    await use(new URL(serviceWorker.url()).host);
  },
  // eslint-disable-next-line no-empty-pattern
  sandbox: async ({}, use) => {
    const sandbox = await startSandbox({ ports: defaultPorts(SANDBOX_BASE_PORT) });
    await use(sandbox);
    await sandbox.stop();
  },
});

/** Opens an extension page and waits until the background has answered it. */
export async function openExtensionPage(context: BrowserContext, extensionId: string, path: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/${path}`);
  await expect(page.getByTestId('background-status')).toHaveText(/^Ready/);
  return page;
}

export const expect = test.expect;
