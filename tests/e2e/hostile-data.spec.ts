import type { BrowserContext, Page } from '@playwright/test';
import type { Sandbox } from '../sandbox/start';
import { hostileText, lookAlikeLink } from '../sandbox/core/stand-in';
import { expect, openExtensionPage, test } from './fixtures';
import { confirmBestTime, connectMicrosoft, firstSlotWhen, jack, openPopup, resultsHeading, searchFor } from './helpers';

const colleagues = ['isla.mcdonald@contoso.example', 'harbour-room@contoso.example'];
/** A title the user may type (up to 300 characters): markup, a right-to-left override, zero-width characters. */
const hostileTitle = `<img src=x onerror="document.body.dataset.injected='title'"> \u202Eevil\u202C zero\u200Bwidth <script>document.body.dataset.injected='s'</script> ${'T'.repeat(150)}`;
/** Every href Overlap may render: its own pages and the providers' allowlisted hosts. */
const allowedHref = /^(chrome-extension:\/\/|https:\/\/(meet\.google\.com|teams\.microsoft\.com|teams\.live\.com|calendar\.google\.com|www\.google\.com\/calendar\/|outlook\.office\.com|outlook\.office365\.com|outlook\.live\.com|myaccount\.google\.com|myapps\.microsoft\.com|account\.live\.com)(\/|$))/;

/** Console errors and uncaught exceptions of a page, from now on. */
function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** What provider or typed text would have left in the DOM had it been rendered as markup. */
async function injected(page: Page) {
  return page.evaluate(() => {
    const all = [...document.querySelectorAll('*')];
    return {
      marker: document.body.dataset.injected ?? null,
      images: document.querySelectorAll('img, iframe, object, embed, svg image').length,
      inlineScripts: [...document.querySelectorAll('script')].filter((script) => !script.src).length,
      handlers: all.flatMap((element) => [...element.attributes].filter((attribute) => attribute.name.startsWith('on')).map((attribute) => `${element.tagName}[${attribute.name}]`)),
      hrefs: [...document.querySelectorAll('[href]')].map((element) => element.getAttribute('href') ?? '').filter((href) => href && !href.startsWith('/') && !href.startsWith('./')),
    };
  });
}

async function expectNothingInjected(page: Page) {
  const found = await injected(page);
  expect(found).toMatchObject({ marker: null, images: 0, inlineScripts: 0, handlers: [] });
  for (const href of found.hrefs) expect(href).toMatch(allowedHref);
}

/** The page is no wider than its window: a long word wraps instead of adding a horizontal scroll. */
async function expectNoHorizontalOverflow(page: Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
}

/** Jack's Microsoft account connected, and the popup at its real size with its console errors collected. */
async function popupAsJack(context: BrowserContext, extensionId: string, sandbox: Sandbox) {
  const permissions = await openExtensionPage(context, extensionId, 'permissions.html');
  await connectMicrosoft(permissions, sandbox, jack);
  const popup = await openPopup(context, extensionId);
  const errors = consoleErrors(popup);
  await popup.setViewportSize({ width: 400, height: 600 });
  return { permissions, popup, errors };
}

test.describe('hostile text and links from providers and from what the user types', () => {
  test('a booking whose answer carries look-alike links shows no link off Microsoft’s hosts, and its markup title as text, in the booked dialog and under Meetings', async ({ context, extensionId, sandbox }, testInfo) => {
    const { popup, errors } = await popupAsJack(context, extensionId, sandbox);
    // Graph's answer to the create: every link on a look-alike host, every display text hostile.
    sandbox.faults.inject({ target: 'graph', match: { method: 'POST', pathIncludes: '/events' }, times: 1, fault: { kind: 'malformed', style: 'hostile' } });

    const { dialog } = await confirmBestTime(popup, colleagues, hostileTitle);
    await dialog.getByRole('radio', { name: 'Microsoft Teams' }).check();
    await dialog.getByRole('button', { name: 'Book meeting' }).click();

    const booked = popup.getByRole('dialog', { name: 'Meeting booked' });
    await expect(booked).toContainText('is booked for');
    expect(await booked.locator('strong').first().textContent()).toBe(hostileTitle);
    // The look-alike join and event links were answered, and neither became a link.
    expect(sandbox.log.list({ target: 'graph', method: 'POST', pathIncludes: '/events' }).at(-1)?.fault).toBe('malformed');
    await expect(booked.getByRole('link')).toHaveCount(0);
    await expect(booked).not.toContainText(lookAlikeLink);
    await expectNothingInjected(popup);
    await expectNoHorizontalOverflow(popup);
    await popup.screenshot({ path: testInfo.outputPath('booked-dialog.png') });

    await booked.getByRole('button', { name: 'Done' }).click();
    await popup.getByRole('button', { name: 'Meetings', exact: true }).click();
    const title = popup.locator('.meeting-title').first();
    await expect(title).toBeVisible();
    expect(await title.textContent()).toBe(hostileTitle);
    await expect(popup.locator('.meetings').getByRole('link')).toHaveCount(0);
    await expectNothingInjected(popup);
    await expectNoHorizontalOverflow(popup);
    await popup.screenshot({ path: testInfo.outputPath('meetings-list.png') });
    expect(errors).toEqual([]);
  });

  test('a provider error message holding markup and 10,000 characters is shown as text that wraps, and the permissions page and ledger stay clean', async ({ context, extensionId, sandbox }, testInfo) => {
    const { permissions, popup, errors } = await popupAsJack(context, extensionId, sandbox);
    sandbox.faults.inject({ target: 'graph', match: { pathIncludes: '/getSchedule' }, times: 5, fault: { kind: 'status', status: 400, reason: 'ErrorInvalidRequest', message: hostileText } });

    await searchFor(popup, colleagues, { minutes: 30 });
    // The calendars Graph refused are marked unknown, each with Graph's message as the reason.
    await expect(resultsHeading(popup)).toHaveText(/\d+ times? found/);
    const when = await firstSlotWhen(popup);
    await popup.getByRole('button', { name: `Who and when, ${when}` }).click();
    const shown = popup.getByText('Microsoft rejected the request: <img src=x onerror=', { exact: false }).filter({ visible: true }).first();
    await expect(shown).toBeVisible();
    expect(await shown.textContent()).toContain(hostileText.slice(0, 200));
    await expectNothingInjected(popup);
    await expectNoHorizontalOverflow(popup);
    await shown.scrollIntoViewIfNeeded();
    await popup.screenshot({ path: testInfo.outputPath('provider-error.png') });
    expect(errors).toEqual([]);

    const permissionErrors = consoleErrors(permissions);
    await permissions.reload();
    await expect(permissions.getByRole('heading', { name: `Microsoft · ${jack}` })).toBeVisible();
    await expect(permissions.getByRole('table').first()).toBeVisible();
    await expectNothingInjected(permissions);
    await expectNoHorizontalOverflow(permissions);
    expect(permissionErrors).toEqual([]);
  });
});

test.describe('messages from outside the extension', () => {
  test('the background has no listener for other extensions or web pages: onMessageExternal and onConnectExternal are empty, and the manifest opens no external channel', async ({ serviceWorker }) => {
    const listening = await serviceWorker.evaluate(() => ({
      message: chrome.runtime.onMessageExternal.hasListeners(),
      connect: chrome.runtime.onConnectExternal.hasListeners(),
      externallyConnectable: 'externally_connectable' in chrome.runtime.getManifest(),
    }));
    expect(listening).toEqual({ message: false, connect: false, externallyConnectable: false });
    // The probe is live: a listener added now is seen, so the empty answer above means none was registered.
    expect(await serviceWorker.evaluate(() => {
      const listener = () => undefined;
      chrome.runtime.onMessageExternal.addListener(listener);
      const seen = chrome.runtime.onMessageExternal.hasListeners();
      chrome.runtime.onMessageExternal.removeListener(listener);
      return seen;
    })).toBe(true);
  });
});
