import type { Locator, Page } from '@playwright/test';
import { partnerKeyProperty } from '@/lib/providers/google';
import { expect, openExtensionPage, test } from './fixtures';
import { ana, connectGoogleWithBooking, consentInWindow, jack, openPopup, participantsField, resultsHeading } from './helpers';

/**
 * Presses Tab (or Shift+Tab) until `target` has focus, as a keyboard user would, and fails if it
 * is not reached within `limit` presses: an unreachable control is the bug this catches.
 */
async function tabTo(page: Page, target: Locator, { limit = 25, backwards = false } = {}): Promise<void> {
  for (let presses = 0; presses < limit; presses += 1) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  await expect(target).toBeFocused();
}

test.describe('the popup without a mouse', () => {
  test('a keyboard user adds people, finds times, reads everyone’s local time, books with Meet and closes the confirmation', async ({ context, extensionId, sandbox }) => {
    const permissions = await openExtensionPage(context, extensionId, 'permissions.html');
    // Granted beforehand so the provider's consent window, which is not Overlap's page, stays out of the way.
    await connectGoogleWithBooking(context, permissions);

    const popup = await openPopup(context, extensionId);
    // The popup opens with the cursor in the participants field.
    await expect(participantsField(popup)).toBeFocused();
    await popup.keyboard.type('ben.carter@northwind.example');
    await popup.keyboard.press('Enter');
    await popup.keyboard.type('chloe.dubois@northwind.example,');
    const people = popup.getByRole('list', { name: 'People to meet' });
    await expect(people.getByRole('button', { name: 'Remove chloe.dubois@northwind.example' })).toBeVisible();
    await expect(people.getByRole('button', { name: 'Remove ben.carter@northwind.example' })).toBeVisible();

    // Radio groups move with the arrow keys, as everywhere else.
    await tabTo(popup, popup.getByRole('radio', { checked: true }).first());
    const thirty = popup.getByRole('radio', { name: '30 minutes', exact: true });
    for (let presses = 0; presses < 6 && !(await thirty.isChecked()); presses += 1) await popup.keyboard.press('ArrowRight');
    await expect(thirty).toBeChecked();

    await tabTo(popup, popup.getByRole('button', { name: 'Find times' }));
    await popup.keyboard.press('Enter');
    await expect(resultsHeading(popup)).toHaveText(/\d+ times? found/);
    // A screen reader hears the outcome from the polite live region, not only from the moved focus.
    const announcer = popup.getByTestId('announcer');
    await expect(announcer).toHaveAttribute('aria-live', 'polite');
    await expect(announcer).toHaveText(/^\d+ times? found\.$/);

    const whoAndWhen = popup.getByRole('button', { name: /^Who and when, / }).first();
    await tabTo(popup, whoAndWhen);
    // Focus alone reveals everyone's local time; Escape hides it again.
    const when = (await whoAndWhen.getAttribute('aria-label'))!.replace(/^Who and when, /, '');
    const everyone = popup.getByRole('list', { name: `Everyone’s local time for ${when}` });
    await expect(everyone.getByRole('listitem')).toHaveCount(3);
    await popup.keyboard.press('Escape');
    await expect(everyone).toBeHidden();

    await popup.keyboard.press('Tab');
    const book = popup.getByRole('button', { name: `Book ${when}` });
    await expect(book).toBeFocused();
    await popup.keyboard.press('Enter');
    const dialog = popup.getByRole('dialog', { name: 'Confirm the meeting' });
    await expect(dialog.getByRole('heading', { name: 'Confirm the meeting' })).toBeFocused();
    // Escape backs out, and the keyboard is where it was before the dialog opened.
    await popup.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(book).toBeFocused();
    await popup.keyboard.press('Enter');
    await expect(dialog.getByRole('heading', { name: 'Confirm the meeting' })).toBeFocused();

    const title = dialog.getByRole('textbox', { name: 'Title' });
    await tabTo(popup, title);
    await popup.keyboard.press('ControlOrMeta+A');
    await popup.keyboard.type('Keyboard planning');
    const meet = dialog.getByRole('radio', { name: 'Google Meet' });
    await tabTo(popup, dialog.getByRole('radio', { checked: true }));
    for (let presses = 0; presses < 3 && !(await meet.isChecked()); presses += 1) await popup.keyboard.press('ArrowDown');
    await expect(meet).toBeChecked();
    await tabTo(popup, dialog.getByRole('button', { name: 'Book meeting' }));
    await popup.keyboard.press('Enter');

    const booked = popup.getByRole('dialog', { name: 'Meeting booked' });
    await expect(booked).toContainText(`Keyboard planning is booked for ${when}.`);
    await expect(booked.getByRole('link', { name: 'Join the Google Meet call' })).toBeVisible();
    await popup.keyboard.press('Escape');
    await expect(booked).toBeHidden();
    // The job is done; the form is ready for the next one.
    await expect(participantsField(popup)).toBeVisible();

    const events = sandbox.google.readEvents(ana).filter((event) => event.extendedProperties?.private?.[partnerKeyProperty]);
    expect(events.map((event) => event.summary)).toEqual(['Keyboard planning']);
  });
});

/** What the focused element is and whether a focus ring is drawn around it (an outline or a box shadow). */
function focusedElement(page: Page) {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return undefined;
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    return { index: element.dataset.tabStop, ring: outline || style.boxShadow !== 'none', what: `${element.tagName.toLowerCase()} “${element.getAttribute('aria-label') ?? element.textContent?.trim().slice(0, 40)}”` };
  });
}

test.describe('the permissions page without a mouse', () => {
  test('a keyboard user connects both providers hearing the progress, reaches every control by Tab with a visible focus ring, and leaves the disconnect confirmation with Escape back on its button', async ({ context, extensionId, sandbox }) => {
    const page = await openExtensionPage(context, extensionId, 'permissions.html');
    const notices = page.locator('.notice-region');
    await expect(notices).toHaveAttribute('role', 'status');
    await expect(notices).toHaveAttribute('aria-live', 'polite');

    await tabTo(page, page.getByRole('button', { name: 'Connect Google' }));
    await consentInWindow(
      context,
      async () => {
        await page.keyboard.press('Enter');
        // Progress is spoken while the provider's window is open.
        await expect(notices).toHaveText('Connecting Google…');
      },
      { account: ana },
    );
    await expect(notices).toContainText(`Connected ${ana}.`);

    sandbox.microsoft.setAutoSignIn(jack, {});
    await tabTo(page, page.getByRole('button', { name: 'Connect Microsoft' }), { backwards: true });
    await page.keyboard.press('Enter');
    await expect(notices).toContainText(`Connected ${jack}.`);
    await expect(page.getByRole('heading', { name: `Microsoft · ${jack}` })).toBeVisible();

    // Every control a pointer could use, in the order Tab should visit them.
    const stops = await page.evaluate(() => {
      const controls = [...document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, [tabindex]')].filter(
        (element) => element.tabIndex >= 0 && !(element as HTMLButtonElement).disabled && element.getClientRects().length > 0,
      );
      controls.forEach((element, index) => (element.dataset.tabStop = String(index)));
      return controls.length;
    });
    expect(stops).toBeGreaterThan(10);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const reached = new Set<string>();
    const ringless: string[] = [];
    for (let presses = 0; presses < stops + 3; presses += 1) {
      await page.keyboard.press('Tab');
      const focused = await focusedElement(page);
      if (!focused?.index) continue;
      reached.add(focused.index);
      if (!focused.ring) ringless.push(focused.what);
    }
    expect([...reached].map(Number).sort((a, b) => a - b)).toEqual([...Array(stops).keys()]);
    expect(ringless).toEqual([]);

    // Escape closes the confirmation unanswered and puts the keyboard back where it was.
    const disconnect = page.getByRole('button', { name: `Disconnect ${ana}` });
    await tabTo(page, disconnect, { limit: stops });
    await page.keyboard.press('Enter');
    const confirmation = page.getByRole('alertdialog', { name: `Disconnect ${ana}?` });
    await expect(confirmation.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(confirmation).toHaveCount(0);
    await expect(disconnect).toBeFocused();
    // Cancel does the same; the account is still there.
    await page.keyboard.press('Enter');
    await expect(confirmation.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(confirmation).toHaveCount(0);
    await expect(disconnect).toBeFocused();

    // A feature is switched on with Space, and the outcome is spoken.
    const booking = page.locator(`[data-account="google:${ana}"]`).getByRole('checkbox', { name: /Book meetings/ });
    await tabTo(page, booking, { limit: stops });
    await consentInWindow(context, () => page.keyboard.press('Space'));
    await expect(booking).toBeChecked();
    await expect(notices.getByTestId('notice')).toBeVisible();
  });
});
