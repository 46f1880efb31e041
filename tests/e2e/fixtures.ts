import { test as base, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { SANDBOX_BASE_PORT } from '@/lib/sandbox-endpoints';
import { defaultPorts, startSandbox, type Sandbox } from '../sandbox/start';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchWithExtension } from './chromium';

export async function serviceWorkerOf(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
}

interface ExtensionFixtures {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
  /** The stand-ins on the fixed ports the sandbox build points at; fresh for every test. */
  sandbox: Sandbox;
  /** A profile directory of the test's own, so the same profile can be opened again after Chromium quits. */
  profile: { launch(): Promise<BrowserContext> };
}

export const test = base.extend<ExtensionFixtures>({
  // eslint-disable-next-line no-empty-pattern
  context: async ({}, use) => {
    const userDataDir = await mkdtemp(path.join(tmpdir(), 'overlap-e2e-'));
    const context = await launchWithExtension(userDataDir);
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
  // eslint-disable-next-line no-empty-pattern
  profile: async ({}, use) => {
    const userDataDir = await mkdtemp(path.join(tmpdir(), 'overlap-e2e-profile-'));
    const launched: BrowserContext[] = [];
    await use({
      launch: async () => {
        const context = await launchWithExtension(userDataDir);
        launched.push(context);
        return context;
      },
    });
    // Closing a context the test already closed does nothing; a failed test may have left one open.
    for (const context of launched) await context.close();
    await rm(userDataDir, { recursive: true, force: true });
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
