import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { SANDBOX_GECKO_ID } from '@/lib/sandbox-endpoints';
import { expect, test as extensionTest } from './fixtures';
import { ana } from './helpers';

const firefoxPath = process.env.OVERLAP_FIREFOX ?? '/usr/bin/firefox-esr';
const extensionDir = path.resolve(process.env.OVERLAP_FIREFOX_EXTENSION_DIR ?? '.output/firefox-mv3-sandbox');
/** Firefox picks a random moz-extension:// host per install; this pref fixes it, so pages can be opened by address. */
const extensionUuid = '6a5e2c1d-0b7e-4d0e-9a55-0c0ffee0f1ef';

const colleagues = ['ben.carter@northwind.example', 'chloe.dubois@northwind.example'];
const jack = 'jack.nguyen@contoso.example';
const contosoColleagues = ['isla.mcdonald@contoso.example'];

/** Debian's Firefox ESR with the sandbox build installed, driven over WebDriver BiDi; the stand-ins come from the shared fixture. */
const test = extensionTest.extend<{ firefox: Browser }>({
  // eslint-disable-next-line no-empty-pattern
  firefox: async ({}, use) => {
    const firefox = await puppeteer.launch({
      browser: 'firefox',
      executablePath: firefoxPath,
      headless: true,
      // The Microsoft identity stand-in serves HTTPS with a self-signed certificate, as MSAL demands.
      acceptInsecureCerts: true,
      // WebDriver BiDi refuses to navigate to moz-extension:// pages without it.
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: { 'extensions.webextensions.uuids': JSON.stringify({ [SANDBOX_GECKO_ID]: extensionUuid }) },
    });
    await firefox.installExtension(extensionDir);
    await use(firefox);
    await firefox.close();
  },
});

async function openExtensionPage(firefox: Browser, file: string): Promise<Page> {
  const page = await firefox.newPage();
  // BiDi's navigation never reports an extension page loaded; the background's answer says it is.
  await page.goto(`moz-extension://${extensionUuid}/${file}`, { waitUntil: 'domcontentloaded', timeout: 1_000 }).catch(() => undefined);
  await page.waitForSelector('::-p-text(Ready)');
  return page;
}

/**
 * Puppeteer's Locator actions time out on Debian bookworm's Firefox ESR 140, though they worked on
 * ESR 153: there, the extension page's CSP blocks the `Function()` puppeteer compiles page-side
 * checks with (`waitForFunction` says so outright). An element handle's own click and typing work
 * on both, so the spec acts through these two.
 */
async function click(page: Page, selector: string): Promise<void> {
  await (await page.waitForSelector(selector))!.click();
}

/** Replaces a field's text, as a user selecting all of it and typing would. */
async function fill(page: Page, selector: string, text: string): Promise<void> {
  const field = (await page.waitForSelector(selector))!;
  await field.evaluate((input) => (input as HTMLInputElement).select());
  await field.type(text);
}

/**
 * The popup's results heading once a search has answered. Polled with `evaluate`, as the page's
 * CSP blocks the `Function()` that `waitForFunction` compiles its predicate with on ESR 140.
 */
async function resultsHeading(popup: Page): Promise<string> {
  for (const deadline = Date.now() + 20_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
    const heading = await popup.evaluate(() => [...document.querySelectorAll('h2')].find((node) => /^(\d+ times? found|No time fits)$/.test(node.textContent ?? ''))?.textContent);
    if (heading) return heading;
  }
  throw new Error('The popup showed no search results within 20 s.');
}

/**
 * Clicks what starts a Google sign-in and answers the stand-in's consent page in the window
 * Firefox opens for `identity.launchWebAuthFlow`: pick Ana if asked, continue, wait for it to close.
 */
async function consentInWindow(firefox: Browser, start: () => Promise<void>): Promise<void> {
  const opened = firefox.waitForTarget((target) => target.url().includes('/o/oauth2/v2/auth'), { timeout: 15_000 });
  await start();
  const target = await opened;
  const consent = (await target.page())!;
  await consent.waitForSelector('::-p-text(wants access to your Google Account)');
  if (await consent.$(`input[name="account"][value="${ana}"]`)) await consent.click(`input[name="account"][value="${ana}"]`);
  await Promise.all([new Promise<void>((resolve) => firefox.on('targetdestroyed', (gone) => gone === target && resolve())), consent.click('button[value="allow"]')]);
}

test('in Firefox the popup connects Google through the identity window, renews an expired token silently, finds times and books one meeting', async ({ firefox, sandbox }) => {
  const permissions = await openExtensionPage(firefox, 'permissions.html');
  await consentInWindow(firefox, () => click(permissions, '::-p-aria(Connect Google)'));
  await permissions.waitForSelector(`::-p-aria([name="Google · ${ana}"][role="heading"])`);

  // Renewal runs Firefox's windowless flow, which takes only `url` and `interactive`.
  expect(sandbox.google.expireTokens(ana)).toBeGreaterThan(0);
  sandbox.log.clear();
  const popup = await openExtensionPage(firefox, 'popup.html');
  const windowsBefore = firefox.targets().length;
  const participants = '::-p-aria([name="Participants"][role="combobox"])';
  for (const email of colleagues) {
    await fill(popup, participants, email);
    await popup.keyboard.press('Enter');
    await popup.waitForSelector(`::-p-aria(Remove ${email})`);
  }
  await click(popup, '::-p-aria([name="30 minutes"][role="radio"])');
  await click(popup, '::-p-aria(Find times)');
  expect(await resultsHeading(popup)).toMatch(/^\d+ times? found$/);
  const renewals = sandbox.log.list({ target: 'google-identity', pathIncludes: '/o/oauth2/v2/auth' });
  expect(renewals.map((entry) => [entry.query.prompt, entry.query.login_hint])).toEqual([['none', ana]]);
  expect(firefox.targets()).toHaveLength(windowsBefore);

  const best = (await popup.waitForSelector('button[aria-label^="Book "]'))!;
  const when = (await best.evaluate((button) => button.getAttribute('aria-label')))!.replace(/^Book\s*/, '');
  await best.click();
  await fill(popup, '::-p-aria([name="Title"][role="textbox"])', 'Quarterly planning');
  await click(popup, '::-p-aria([name="Google Meet"][role="radio"])');
  // Booking needs a permission finding did not, so its own consent window opens.
  await consentInWindow(firefox, () => click(popup, '::-p-aria(Book meeting)'));
  await popup.waitForSelector(`::-p-text(Quarterly planning is booked for ${when}.)`);

  const booked = sandbox.google.readEvents(ana).filter((event) => event.summary === 'Quarterly planning');
  expect(booked).toHaveLength(1);
  expect(booked[0]?.attendees?.map((attendee) => attendee.email)).toEqual(expect.arrayContaining(colleagues));
  expect(booked[0]?.conferenceData?.entryPoints?.some((entry) => entry.entryPointType === 'video')).toBe(true);
});

test('in Firefox the permissions page connects Microsoft through MSAL in the background page, and the popup finds times from Graph and books a Teams meeting', async ({ firefox, sandbox }) => {
  // Signed in already at Microsoft: the identity window only passes redirects, as for a returning user.
  sandbox.microsoft.setAutoSignIn(jack, {});
  const permissions = await openExtensionPage(firefox, 'permissions.html');
  await click(permissions, '::-p-aria(Connect Microsoft)');
  await permissions.waitForSelector(`::-p-aria([name="Microsoft · ${jack}"][role="heading"])`);
  const authorizations = sandbox.log.list({ target: 'microsoft-identity' }).filter((entry) => entry.path === '/auth');
  expect(authorizations.map((entry) => entry.query.redirect_uri)).toEqual([expect.stringMatching(/^https:\/\/[0-9a-f]{40}\.extensions\.allizom\.org\/$/)]);

  const popup = await openExtensionPage(firefox, 'popup.html');
  const participants = '::-p-aria([name="Participants"][role="combobox"])';
  for (const email of contosoColleagues) {
    await fill(popup, participants, email);
    await popup.keyboard.press('Enter');
    await popup.waitForSelector(`::-p-aria(Remove ${email})`);
  }
  await click(popup, '::-p-aria([name="30 minutes"][role="radio"])');
  await click(popup, '::-p-aria(Find times)');
  expect(await resultsHeading(popup)).toMatch(/^\d+ times? found$/);
  expect(sandbox.log.list({ target: 'graph', pathIncludes: '/calendar/getSchedule' }).length).toBeGreaterThan(0);

  const best = (await popup.waitForSelector('button[aria-label^="Book "]'))!;
  const when = (await best.evaluate((button) => button.getAttribute('aria-label')))!.replace(/^Book\s*/, '');
  await best.click();
  await fill(popup, '::-p-aria([name="Title"][role="textbox"])', 'Contoso sync');
  await click(popup, '::-p-aria([name="Microsoft Teams"][role="radio"])');
  await click(popup, '::-p-aria(Book meeting)');
  await popup.waitForSelector(`::-p-text(Contoso sync is booked for ${when}.)`);

  const booked = sandbox.microsoft.readEvents(jack).filter((event) => event.subject === 'Contoso sync');
  expect(booked).toHaveLength(1);
  expect(booked[0]?.isOnlineMeeting).toBe(true);
  expect(booked[0]?.attendees?.map((attendee) => attendee.emailAddress?.address)).toEqual(expect.arrayContaining(contosoColleagues));
});
