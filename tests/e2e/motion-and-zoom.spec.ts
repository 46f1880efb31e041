import type { Frame, Page } from '@playwright/test';
import { expect, openExtensionPage, test } from './fixtures';
import { openCalendar, openPanel, serveCalendarFixture } from './sites';
import { ana, confirmBestTime, connectGoogle, connectGoogleWithBooking, connectMicrosoft, consentInWindow, jack, openPopup, resultsHeading, typeParticipant } from './helpers';

const ben = 'ben.carter@northwind.example';
const chloe = 'chloe.dubois@northwind.example';

/** Every animation or transition on the page (pseudo-elements included) that lasts longer than a frame. */
function movingParts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const seconds = (list: string) => Math.max(...list.split(',').map((value) => parseFloat(value) * (value.trim().endsWith('ms') ? 0.001 : 1)));
    const found: string[] = [];
    for (const element of document.querySelectorAll('*')) {
      for (const pseudo of [null, '::before', '::after']) {
        const style = getComputedStyle(element, pseudo);
        const animated = style.animationName !== 'none' && seconds(style.animationDuration) > 0.01;
        const transitioned = style.transitionProperty !== 'none' && seconds(style.transitionDuration) > 0.01;
        if (animated || transitioned) found.push(`${element.tagName.toLowerCase()}.${element.className}${pseudo ?? ''}: ${animated ? style.animationName : style.transitionProperty}`);
      }
    }
    return found;
  });
}

/**
 * What a reader would lose in `root`: text clipped by an element that hides its overflow, an
 * element that scrolls sideways, anything sticking out of the root's width, and a page that
 * hides what does not fit its window instead of letting it scroll. Text fields are left out:
 * a long value scrolling inside its own field is how fields work.
 */
function lostContent(page: Page | Frame, root: string): Promise<string[]> {
  return page.evaluate((rootSelector) => {
    const rootElement = document.querySelector(rootSelector)!;
    const bounds = rootElement.getBoundingClientRect();
    const problems: string[] = [];
    const name = (element: Element) => `${element.tagName.toLowerCase()}${element.className ? `.${String(element.className).replace(/ /g, '.')}` : ''} “${element.textContent?.trim().slice(0, 30)}”`;
    for (const element of [rootElement, ...rootElement.querySelectorAll('*')]) {
      if (element.closest('.visually-hidden, [hidden], option') || !element.getClientRects().length) continue;
      const style = getComputedStyle(element);
      if (style.visibility === 'hidden') continue;
      const field = ['INPUT', 'SELECT', 'TEXTAREA'].includes(element.tagName);
      if (!field && style.overflowX !== 'visible' && element.scrollWidth > element.clientWidth + 1) problems.push(`${name(element)} is cut off or scrolls sideways (${element.scrollWidth} > ${element.clientWidth})`);
      if (!field && ['hidden', 'clip'].includes(style.overflowY) && element.scrollHeight > element.clientHeight + 1) problems.push(`${name(element)} is cut off at the bottom`);
      const box = element.getBoundingClientRect();
      if (box.width > 0 && (box.right > bounds.right + 1 || box.left < bounds.left - 1)) problems.push(`${name(element)} sticks out of ${rootSelector} (${Math.round(box.left)}–${Math.round(box.right)} outside ${Math.round(bounds.left)}–${Math.round(bounds.right)})`);
    }
    // The window's own scrolling: the root element's overflow, or the body's when the root leaves it visible.
    const viewport = getComputedStyle(document.documentElement).overflowY === 'visible' ? getComputedStyle(document.body) : getComputedStyle(document.documentElement);
    const scroller = document.scrollingElement!;
    if (scroller.scrollWidth > innerWidth + 1) problems.push(`the page scrolls sideways (${scroller.scrollWidth} > ${innerWidth})`);
    if (viewport.overflowY === 'hidden' && scroller.scrollHeight > innerHeight + 1) problems.push(`the page hides ${scroller.scrollHeight - innerHeight}px below the window and cannot scroll to them`);
    return problems;
  }, root);
}

/**
 * The browser's own text size setting, as Chromium's "Font size" preference sets it: the default
 * font grows from 16 to 32px, and only what is sized relative to it (rem, em, %) follows.
 */
async function textSizeTwice(page: Page | Frame): Promise<void> {
  const cdp = await ('context' in page ? page.context() : page.page().context()).newCDPSession(page);
  await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } });
  await expect.poll(() => page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('28px');
}

test.describe('reduced motion', () => {
  test('the progress spinner turns, and stops turning when the system asks for reduced motion; no view moves then', async ({ context, extensionId, sandbox: _sandbox }) => {
    const page = await openExtensionPage(context, extensionId, 'permissions.html');
    const notices = page.locator('.notice-region');
    await consentInWindow(
      context,
      async () => {
        await page.getByRole('button', { name: 'Connect Google' }).click();
        await expect(notices.locator('.progress')).toHaveText('Connecting Google…');
        // The sign-in window stays open while these are measured, so the spinner is there.
        expect(await movingParts(page)).toEqual(['p.progress::before: spin']);
        await page.emulateMedia({ reducedMotion: 'reduce' });
        expect(await movingParts(page)).toEqual([]);
      },
      { account: ana },
    );

    const popup = await openPopup(context, extensionId);
    await popup.emulateMedia({ reducedMotion: 'reduce' });
    await typeParticipant(popup, ben);
    await popup.getByRole('button', { name: 'Find times' }).click();
    await expect(resultsHeading(popup)).toHaveText(/\d+ times? found/);
    await popup.getByRole('button', { name: /^Who and when, / }).first().click();
    expect(await movingParts(popup)).toEqual([]);
  });
});

test.describe('text and page zoom to 200 %', () => {
  test('with the text twice as large the popup keeps its width and loses nothing: the form with people, the times, the booking dialog, the meetings and the settings', async ({ context, extensionId, sandbox: _sandbox }) => {
    await connectGoogleWithBooking(context, await openExtensionPage(context, extensionId, 'permissions.html'));
    const popup = await openPopup(context, extensionId);
    await textSizeTwice(popup);
    await typeParticipant(popup, ben);
    await typeParticipant(popup, chloe);
    await popup.getByRole('button', { name: `Optional: ${chloe}` }).click();
    expect(await lostContent(popup, '.popup'), 'the form').toEqual([]);
    expect(await popup.locator('.popup').evaluate((element) => element.getBoundingClientRect().width)).toBe(400);
    await popup.getByRole('button', { name: `Remove ${chloe}` }).click();
    await popup.getByRole('button', { name: `Remove ${ben}` }).click();

    const { dialog } = await confirmBestTime(popup, [ben, chloe], 'A meeting whose title is long enough to wrap twice at this size');
    await expect(dialog.getByRole('button', { name: 'Book meeting' })).toBeEnabled();
    expect(await lostContent(popup, 'dialog'), 'the booking dialog').toEqual([]);
    await dialog.getByRole('button', { name: 'Back to times' }).click();
    await popup.getByRole('button', { name: /^Who and when, / }).first().click();
    expect(await lostContent(popup, '.popup'), 'the times').toEqual([]);

    await popup.getByRole('button', { name: /^Book / }).first().click();
    await dialog.getByRole('textbox', { name: 'Title' }).fill('Zoomed review');
    await dialog.getByRole('button', { name: 'Book meeting' }).click();
    const booked = popup.getByRole('dialog', { name: 'Meeting booked' });
    await expect(booked).toBeVisible();
    expect(await lostContent(popup, 'dialog'), 'the booked dialog').toEqual([]);
    await booked.getByRole('button', { name: 'Done' }).click();

    const views = popup.getByRole('navigation', { name: 'Views' });
    await views.getByRole('button', { name: 'Meetings' }).click();
    await expect(popup.getByRole('heading', { name: 'Zoomed review' })).toBeVisible();
    expect(await lostContent(popup, '.popup'), 'the meetings').toEqual([]);
    await views.getByRole('button', { name: 'Settings' }).click();
    await expect(popup.getByRole('button', { name: 'Save settings' })).toBeVisible();
    expect(await lostContent(popup, '.popup'), 'the settings').toEqual([]);
  });

  test('with the text twice as large the permissions page with two accounts loses nothing', async ({ context, extensionId, sandbox }) => {
    const page = await openExtensionPage(context, extensionId, 'permissions.html');
    await connectGoogle(context, page);
    await connectMicrosoft(page, sandbox, jack);
    await textSizeTwice(page);
    expect(await lostContent(page, 'body')).toEqual([]);
  });

  test('at 200 % page zoom the popup, capped by the browser at 400 × 300 CSS pixels, scrolls to all it holds, and the permissions page fits 640 pixels', async ({ context, extensionId, sandbox: _sandbox }) => {
    const page = await openExtensionPage(context, extensionId, 'permissions.html');
    await connectGoogle(context, page);
    // Chromium caps a popup at 800 × 600 device pixels; at 200 % those are 400 × 300 CSS pixels.
    const popup = await openPopup(context, extensionId);
    await popup.setViewportSize({ width: 400, height: 300 });
    await typeParticipant(popup, ben);
    expect(await lostContent(popup, '.popup'), 'the form').toEqual([]);
    await popup.getByRole('button', { name: 'Find times' }).click();
    await expect(resultsHeading(popup)).toHaveText(/\d+ times? found/);
    expect(await lostContent(popup, '.popup'), 'the times').toEqual([]);
    // The footer, below the fold, comes into view with the mouse wheel over the header.
    const footerButton = popup.getByRole('button', { name: 'Permissions and activity' });
    await popup.mouse.move(200, 10);
    await popup.mouse.wheel(0, 2000);
    await expect(footerButton).toBeInViewport();

    // A 1280-pixel window at 200 % is 640 CSS pixels wide.
    await page.setViewportSize({ width: 640, height: 360 });
    expect(await lostContent(page, 'body'), 'the permissions page').toEqual([]);
  });

  test('with the text twice as large the inline panel in Google Calendar loses nothing, with its form and with times found', async ({ context, extensionId, sandbox: _sandbox }) => {
    await serveCalendarFixture(context);
    await connectGoogle(context, await openExtensionPage(context, extensionId, 'permissions.html'));
    const page = await openCalendar(context, 'eventedit', { guests: `${ben},${chloe}`, title: 'Roadmap review' });
    const frame = await openPanel(page, 'gcal');
    await textSizeTwice(frame);
    expect(await lostContent(frame, '.popup'), 'the form').toEqual([]);
    await frame.getByRole('button', { name: 'Find times' }).click();
    await expect(frame.getByRole('heading', { name: /^\d+ times? found$/ })).toBeVisible();
    expect(await lostContent(frame, '.popup'), 'the times').toEqual([]);
  });
});
