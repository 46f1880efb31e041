import type { BrowserContext, Frame, Page } from '@playwright/test';
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
export async function panelFrame(page: Page, index = 0, site: 'gcal' | 'outlook' = 'gcal'): Promise<Frame> {
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
