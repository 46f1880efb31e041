import { expect, type BrowserContext, type Frame, type Page, type Worker } from '@playwright/test';
import { wallTimeIn } from '@/lib/sites/core/panel-plan';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const calendarFixture = readFileSync(path.resolve('tests/sites/gcal/calendar.html'), 'utf8');

/**
 * Serves the Google Calendar fixture at https://calendar.google.com for every path, so the
 * production content-script match (`https://calendar.google.com/*`) is what injects Overlap.
 * No request leaves the machine: Playwright answers each one itself.
 */
export async function serveCalendarFixture(context: BrowserContext): Promise<void> {
  await context.route('https://calendar.google.com/**', (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: calendarFixture }));
}

export type CalendarView = 'eventedit' | 'week';

/** Opens the fixture at a view with query options (`hl`, `guests`, `typed`, `title`, `variant`, `refuse`, `busy`). */
export async function openCalendar(context: BrowserContext, view: CalendarView, options: Record<string, string> = {}): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`https://calendar.google.com/calendar/u/0/r/${view}?${new URLSearchParams(options)}`);
  return page;
}

/** The fixture's own state of one form, as the app holds it (not what its inputs show). */
export interface FixtureForm {
  id: number;
  kind: 'editor' | 'quick';
  title: string;
  guests: { email: string; name: string }[];
  guestText: string;
  startDate: string;
  startTime: string;
  endDate: string;
  endTime: string;
  location: string;
  description: string;
  open: boolean;
}

export async function fixtureForms(page: Page): Promise<FixtureForm[]> {
  return page.evaluate(() => (window as unknown as { calendarFixture: { forms: FixtureForm[] } }).calendarFixture.forms);
}

/** The panel iframe's frame for the panel host element at `index`. */
export async function panelFrame(page: Page, index = 0, site: 'gcal' | 'outlook' | 'gmail' = 'gcal'): Promise<Frame> {
  const handle = await page.locator(`[data-overlap-panel="${site}"] iframe`).nth(index).elementHandle();
  const frame = await handle?.contentFrame();
  if (!frame) throw new Error('The panel iframe has no frame');
  return frame;
}

// --- Outlook on the web (issue 10) ---

const outlookFixture = readFileSync(path.resolve('tests/sites/outlook/outlook.html'), 'utf8');
export const OUTLOOK_HOSTS = ['outlook.office.com', 'outlook.office365.com', 'outlook.live.com'] as const;

/** Serves the Outlook fixture at each of Outlook's three hosts, for every path, as the Calendar fixture is served. */
export async function serveOutlookFixture(context: BrowserContext): Promise<void> {
  for (const host of OUTLOOK_HOSTS) await context.route(`https://${host}/**`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: outlookFixture }));
}

/** Opens the fixture at a path (`/calendar/view/week`, `/calendar/action/compose`, …) with query options, on one of the hosts. */
export async function openOutlook(context: BrowserContext, pathname: string, options: Record<string, string> = {}, host: (typeof OUTLOOK_HOSTS)[number] = 'outlook.office.com'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`https://${host}${pathname}?${new URLSearchParams(options)}`);
  return page;
}

/** The Outlook fixture's own state of one form, as the app holds it. */
export interface OutlookFixtureForm {
  id: number;
  kind: 'dialog' | 'page';
  title: string;
  required: { email: string; name: string }[];
  optional: { email: string; name: string }[];
  requiredText: string;
  optionalText: string;
  startDate: string;
  startTime: string;
  endDate: string;
  endTime: string;
  location: string;
  body: string;
  teams: boolean;
  open: boolean;
}

export async function outlookForms(page: Page): Promise<OutlookFixtureForm[]> {
  return page.evaluate(() => (window as unknown as { outlookFixture: { forms: OutlookFixtureForm[] } }).outlookFixture.forms);
}

// --- Driving any site's inline panel ---

type PanelSite = 'gcal' | 'outlook' | 'gmail';

export function launchers(page: Page, site: PanelSite) {
  return page.locator(`[data-overlap-launcher="${site}"]`);
}

/** Opens the launcher's panel by keyboard and waits until the find form is there. */
export async function openPanel(page: Page, site: PanelSite, index = 0): Promise<Frame> {
  const launcher = launchers(page, site).nth(index);
  await expect(launcher).toHaveAccessibleName('Find a time with Overlap');
  await launcher.focus();
  await page.keyboard.press('Enter');
  await expect(launcher).toHaveAttribute('aria-expanded', 'true');
  const frame = await panelFrame(page, index, site);
  await expect(frame.getByRole('button', { name: 'Find times' })).toBeVisible();
  return frame;
}

/** Finds times in the panel and uses the best one; returns the words of the time chosen. */
export async function useBestTime(frame: Frame): Promise<string> {
  await frame.getByRole('button', { name: 'Find times' }).click();
  await expect(frame.getByRole('heading', { name: /^\d+ times? found$/ })).toBeVisible();
  const choose = frame.getByRole('button', { name: /^Use this time / }).first();
  const when = ((await choose.getAttribute('aria-label')) ?? '').replace(/^Use this time\s*/, '');
  await choose.click();
  return when;
}

/** The panel's result names the instants it wrote; the fixture's own state must hold them on the page's wall clock. */
export async function expectFormHoldsResult(page: Page, frame: Frame, form: Pick<FixtureForm, 'startDate' | 'startTime' | 'endDate' | 'endTime'>) {
  const result = frame.locator('[data-overlap-result]');
  const [start, end] = [await result.getAttribute('datetime'), await result.getAttribute('data-end')];
  const zone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  expect({ date: form.startDate, time: form.startTime }).toEqual(wallTimeIn(start!, zone));
  expect({ date: form.endDate, time: form.endTime }).toEqual(wallTimeIn(end!, zone));
}

/** Waits until the background holds an "unavailable" health verdict for the site. */
export async function healthRecorded(serviceWorker: Worker, site: PanelSite) {
  await expect
    .poll(() => serviceWorker.evaluate(async (id) => ((await chrome.storage.session.get('overlap.siteHealth'))['overlap.siteHealth'] as Record<string, { state: string }> | undefined)?.[id]?.state, site), { timeout: 10_000 })
    .toBe('unavailable');
}

// --- Gmail compose (issue 10) ---

const gmailFixture = readFileSync(path.resolve('tests/sites/gmail/mail.html'), 'utf8');

/** Serves the Gmail fixture at https://mail.google.com for every path, as the Calendar fixture is served. */
export async function serveGmailFixture(context: BrowserContext): Promise<void> {
  await context.route('https://mail.google.com/**', (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: gmailFixture }));
}

/** Opens the Gmail fixture with query options (`to`, `cc`, `typed`, `subject`, `plain`, `kind`, `undo`, `hl`, `variant`) and a hash. */
export async function openGmail(context: BrowserContext, options: Record<string, string> = {}, hash = '#inbox'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`https://mail.google.com/mail/u/0/?${new URLSearchParams(options)}${hash}`);
  return page;
}

/** The fixture's own state of one compose: its body as Gmail holds it. */
export interface FixtureCompose {
  id: number;
  kind: 'dialog' | 'popout' | 'reply';
  plain: boolean;
  bodyHtml: string;
  bodyText: string;
  undone: number;
  open: boolean;
}

export async function fixtureComposes(page: Page): Promise<FixtureCompose[]> {
  return page.evaluate(() => (window as unknown as { gmailFixture: { composes: FixtureCompose[] } }).gmailFixture.composes.map((compose) => ({ ...compose })));
}
