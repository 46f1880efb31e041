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
export async function panelFrame(page: Page, index = 0, site: 'gcal' | 'outlook' | 'gmail' = 'gcal'): Promise<Frame> {
  const handle = await page.locator(`[data-overlap-panel="${site}"] iframe`).nth(index).elementHandle();
  const frame = await handle?.contentFrame();
  if (!frame) throw new Error('The panel iframe has no frame');
  return frame;
}

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
