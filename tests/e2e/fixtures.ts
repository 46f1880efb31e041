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
});

/** Opens an extension page and waits until the background has answered it. */
export async function openExtensionPage(context: BrowserContext, extensionId: string, path: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/${path}`);
  await expect(page.getByTestId('background-status')).toHaveText(/^Ready/);
  return page;
}

/**
 * A loopback page where the sandbox build's probe content script runs, and a way to send the
 * background a message through it exactly as a content script would.
 */
export async function contentScriptProbe(context: BrowserContext): Promise<(message: unknown) => Promise<unknown>> {
  const hostPage = 'http://127.0.0.1:47899/host-page';
  await context.route(hostPage, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Host page</title><p>A page Overlap does not control.</p>' }));
  const page = await context.newPage();
  await page.goto(hostPage);
  return (message) =>
    page.evaluate(
      (message) =>
        new Promise((resolve) => {
          window.addEventListener('message', (event) => {
            if (event.data?.overlapProbe === 'reply') resolve(event.data.reply);
          });
          window.postMessage({ overlapProbe: 'request', message }, '*');
        }),
      message,
    );
}

export const expect = test.expect;
