/**
 * `npm run demo`: Overlap doing its main job against the local stand-ins, no accounts needed.
 * Builds the sandbox flavour, starts the stand-ins with the seeded team, and opens Chromium with
 * Overlap loaded. With a display it leaves the browser to you; without one (or with
 * `-- --headless`) it drives the main job itself and writes screenshots and a report.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { SANDBOX_BASE_PORT, SANDBOX_EXTENSION_ID } from '@/lib/sandbox-endpoints';
import { defaultPorts, startSandbox, type Sandbox } from '../sandbox/start';
import { launchWithExtension } from '../e2e/chromium';
import { serveCalendarFixture, serveGmailFixture, serveOutlookFixture } from '../e2e/sites';
import { driveGmailPanel, driveInlinePanel } from './inline-panel';
import { driveOutlookPanel } from './inline-panel-outlook';
import { driveMainJob } from './main-job';

const headless = process.argv.includes('--headless') || !process.env.DISPLAY;

function build(): void {
  console.log('Building the sandbox flavour of Overlap…');
  const result = spawnSync('npx', ['wxt', 'build', '--mode', 'sandbox'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error('The sandbox build failed; run `npx wxt build --mode sandbox` to see why.');
}

async function launch(): Promise<BrowserContext> {
  return launchWithExtension(mkdtempSync(path.join(tmpdir(), 'overlap-demo-')), {
    headless,
    viewport: { width: 1280, height: 900 },
    // The organizer of the scripted meeting works from São Paulo.
    timezoneId: 'America/Sao_Paulo',
  });
}

async function main(): Promise<void> {
  build();
  const sandbox: Sandbox = await startSandbox({ ports: defaultPorts(SANDBOX_BASE_PORT) });
  console.log('The stand-ins for Google and Microsoft are running on 127.0.0.1.');
  const context = await launch();
  // https://calendar.google.com in this browser is Overlap's Calendar fixture, never the real site.
  await serveCalendarFixture(context);
  // Likewise Outlook's three hosts serve Overlap's Outlook fixture.
  await serveOutlookFixture(context);
  // https://mail.google.com likewise is the Gmail fixture.
  await serveGmailFixture(context);
  const base = `chrome-extension://${SANDBOX_EXTENSION_ID}`;

  if (!headless) {
    const permissions: Page = await context.newPage();
    await permissions.goto(`${base}/permissions.html`);
    const popup = await context.newPage();
    await popup.goto(`${base}/popup.html`);
    console.log(
      [
        '',
        'Chromium is open with Overlap (sandbox) loaded:',
        `  1. On the permissions tab, connect Google (pick any northwind.example person) and Microsoft (any contoso.example person).`,
        `  2. In the popup tab (or the toolbar icon), add people such as ben.carter@northwind.example and isla.mcdonald@contoso.example, then Find times.`,
        '  3. Pick a time and book it; the permissions tab shows every call Overlap made.',
        '  4. Open https://calendar.google.com/calendar/u/0/r/eventedit?guests=ben.carter@northwind.example (a local fixture) and press "Find a time".',
        '  5. Open https://outlook.office.com/calendar/view/week?required=ben.carter@northwind.example (a local fixture), press "New event", then "Find a time".',
        '  6. Open https://mail.google.com/mail/u/0/?to=ben.carter@northwind.example&subject=Plan (a local fixture) and press "Find a time" in the compose.',
        'Press Ctrl+C here to stop.',
      ].join('\n'),
    );
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      context.once('close', () => resolve());
    });
  } else {
    const outputDir = path.resolve('.output/demo', new Date().toISOString().replace(/[:.]/g, '-'));
    mkdirSync(outputDir, { recursive: true });
    try {
      const report = [...(await driveMainJob({ context, sandbox, base, outputDir })), ...(await driveInlinePanel({ context, outputDir })), ...(await driveOutlookPanel({ context, outputDir })), ...(await driveGmailPanel({ context, outputDir }))];
      writeFileSync(path.join(outputDir, 'report.txt'), report.join('\n') + '\n');
      console.log(report.join('\n'));
      console.log(`\nScreenshots and report: ${outputDir}`);
    } catch (error) {
      const page = context.pages().at(-1);
      if (page) await page.screenshot({ path: path.join(outputDir, 'failure.png'), fullPage: true }).catch(() => undefined);
      throw error;
    }
  }
  await context.close();
  await sandbox.stop();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
