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

interface ExtensionOptions {
  /** The browser's interface language for the test ("de-DE"); Chromium's default (English) when unset. */
  uiLanguage: string | undefined;
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

export const test = base.extend<ExtensionFixtures & ExtensionOptions>({
  uiLanguage: [undefined, { option: true }],
  context: async ({ uiLanguage }, use) => {
    const userDataDir = await mkdtemp(path.join(tmpdir(), 'overlap-e2e-'));
    const context = await launchWithExtension(userDataDir, { uiLanguage });
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
  profile: async ({ uiLanguage }, use) => {
    const userDataDir = await mkdtemp(path.join(tmpdir(), 'overlap-e2e-profile-'));
    const launched: BrowserContext[] = [];
    await use({
      launch: async () => {
        const context = await launchWithExtension(userDataDir, { uiLanguage });
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
  // The state, not the words: the status line speaks the browser's language.
  await expect(page.getByTestId('background-status')).toHaveAttribute('data-state', 'ready');
  return page;
}

/**
 * A loopback page where the sandbox build's probe content script runs, and a way to send the
 * background a message through it exactly as a content script would.
 */
/**
 * Opens a loopback page where the sandbox build's probe content script runs, and returns a way to
 * ask that content script something through the page's window messages.
 */
export async function contentScriptProbePage(context: BrowserContext): Promise<(request: Record<string, unknown>) => Promise<unknown>> {
  const hostPage = 'http://127.0.0.1:47899/host-page';
  await context.route(hostPage, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Host page</title><p>A page Overlap does not control.</p>' }));
  const page = await context.newPage();
  await page.goto(hostPage);
  return (request) =>
    page.evaluate(
      (request) =>
        new Promise((resolve) => {
          window.addEventListener('message', (event) => {
            if (event.data?.overlapProbe === 'reply') resolve(event.data.reply);
          });
          window.postMessage(request, '*');
        }),
      request,
    );
}

/** Sends `message` to the background from the probe content script, and answers its reply. */
export async function contentScriptProbe(context: BrowserContext): Promise<(message: unknown) => Promise<unknown>> {
  const probe = await contentScriptProbePage(context);
  return (message) => probe({ overlapProbe: 'request', message });
}

export const expect = test.expect;
