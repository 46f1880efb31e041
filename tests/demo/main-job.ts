import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import type { Sandbox } from '../sandbox/start';

/** The organizer (São Paulo), two Workspace colleagues (New York, Paris) and two Microsoft 365 colleagues (London, Los Angeles): five people, two providers, hours that overlap only in the early afternoon in São Paulo. */
const organizer = 'ana.lima@northwind.example';
const microsoftAccount = 'gita.shrestha@contoso.example';
const invitees = ['ben.carter@northwind.example', 'chloe.dubois@northwind.example', 'isla.mcdonald@contoso.example', 'jack.nguyen@contoso.example'];

export interface DemoRun {
  context: BrowserContext;
  sandbox: Sandbox;
  /** `chrome-extension://<id>` */
  base: string;
  outputDir: string;
}

/** Answers the Google stand-in's consent page the way a person would: pick the account, keep every box, continue. */
async function answerGoogleConsent(context: BrowserContext, start: () => Promise<unknown>): Promise<void> {
  const [consent] = await Promise.all([context.waitForEvent('page'), start()]);
  await consent.waitForLoadState();
  const account = consent.getByRole('radio', { name: new RegExp(organizer.replace(/\./g, '\\.')) });
  if (await account.count()) await account.check();
  await Promise.all([consent.waitForEvent('close'), consent.getByRole('button', { name: 'Continue' }).click()]);
}

export async function shoot(page: Page, outputDir: string, name: string, shots: string[]): Promise<void> {
  const file = path.join(outputDir, `${String(shots.length + 1).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  shots.push(file);
}

/**
 * Drives the main job end to end in the real extension: connect Google and Microsoft, find a
 * time for a five-person cross-provider meeting in the popup, book it with a Meet link, and show
 * the permissions page. Returns the report's lines.
 */
export async function driveMainJob({ context, sandbox, base, outputDir }: DemoRun): Promise<string[]> {
  const shots: string[] = [];
  const permissions = await context.newPage();
  await permissions.setViewportSize({ width: 1200, height: 900 });
  await permissions.goto(`${base}/permissions.html`);
  await permissions.getByTestId('background-status').filter({ hasText: /^Ready/ }).waitFor();

  console.log(`Connecting Google as ${organizer} (answering the stand-in's consent page)…`);
  await answerGoogleConsent(context, () => permissions.getByRole('button', { name: 'Connect Google' }).click());
  await permissions.getByRole('heading', { name: `Google · ${organizer}` }).waitFor();

  console.log(`Connecting Microsoft as ${microsoftAccount} (MSAL in the offscreen document)…`);
  sandbox.microsoft.setAutoSignIn(microsoftAccount, {});
  await permissions.getByRole('button', { name: 'Connect Microsoft' }).click();
  await permissions.getByRole('heading', { name: `Microsoft · ${microsoftAccount}` }).waitFor();
  await shoot(permissions, outputDir, 'accounts-connected', shots);

  console.log('Finding a time for five people across Google and Microsoft in the popup…');
  const popup = await context.newPage();
  await popup.setViewportSize({ width: 400, height: 640 });
  await popup.goto(`${base}/popup.html`);
  await popup.getByRole('button', { name: 'Find times' }).waitFor();
  await popup.getByRole('combobox', { name: 'Organizer account' }).selectOption({ label: `${organizer} (Google)` });
  const people = popup.getByRole('combobox', { name: 'Participants' });
  await people.fill(invitees.join(', '));
  await people.press('Enter');
  await popup.getByRole('radio', { name: '30 minutes' }).check();
  sandbox.log.clear();
  const searchStarted = Date.now();
  await popup.getByRole('button', { name: 'Find times' }).click();
  const resultsHeading = popup.getByRole('heading', { name: /times? found$/ });
  await resultsHeading.waitFor({ timeout: 30_000 });
  const searchMs = Date.now() - searchStarted;
  const requests = { google: sandbox.log.list({ target: 'google-calendar' }).length, microsoft: sandbox.log.list({ target: 'graph' }).length };
  const firstSlot = popup.getByRole('button', { name: /^Book / }).first();
  const when = ((await firstSlot.getAttribute('aria-label')) ?? '').replace(/^Book\s*/, '').trim();
  await popup.getByRole('button', { name: /^Who and when/ }).first().click();
  await shoot(popup, outputDir, 'ranked-times', shots);

  console.log(`Booking ${when} with a Google Meet link…`);
  await firstSlot.click();
  await popup.getByRole('heading', { name: 'Confirm the meeting' }).waitFor();
  await popup.getByRole('textbox', { name: 'Title' }).fill('Overlap demo: quarterly planning');
  await popup.getByRole('radio', { name: 'Google Meet' }).check();
  await shoot(popup, outputDir, 'confirm', shots);
  // Booking is the first use of the write scope, so Google asks for just that one now.
  await answerGoogleConsent(context, () => popup.getByRole('button', { name: 'Book meeting' }).click());
  await popup.getByRole('heading', { name: 'Meeting booked' }).waitFor({ timeout: 30_000 });
  const joinUrl = await popup.getByRole('link', { name: 'Join the Google Meet call' }).getAttribute('href');
  await shoot(popup, outputDir, 'booked', shots);

  await permissions.reload();
  await permissions.getByRole('heading', { name: `Google · ${organizer}` }).waitFor();
  await shoot(permissions, outputDir, 'permissions-and-activity', shots);

  const booked = (sandbox.google.readEvents(organizer) as { summary?: string; extendedProperties?: { private?: Record<string, string> }; start?: { dateTime?: string } }[]).filter(
    (event) => event.extendedProperties?.private?.overlapPartner,
  );
  const ledgerRows = await permissions.locator('table.ledger tbody tr').count();
  return [
    'Overlap demo — the main job against the local stand-ins',
    `Connected: Google ${organizer}, Microsoft ${microsoftAccount}`,
    `Meeting: ${organizer} with ${invitees.join(', ')} (30 minutes)`,
    `Search: ${searchMs} ms from "Find times" to ranked results, ${requests.google} Google freeBusy and ${requests.microsoft} Graph getSchedule request(s)`,
    `Booked: ${when}`,
    `Meet link: ${joinUrl ?? '(none)'}`,
    `Events Overlap created in ${organizer}'s stand-in calendar: ${booked.length} (${booked.map((event) => `${event.summary} at ${event.start?.dateTime}`).join('; ')})`,
    `Calls in the permissions page's activity list: ${ledgerRows}`,
    'Screenshots:',
    ...shots.map((file) => `  ${file}`),
  ];
}
