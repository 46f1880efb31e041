import type { Locator, Page } from '@playwright/test';
import { partnerKeyProperty } from '@/lib/providers/google';
import { expect, openExtensionPage, test } from './fixtures';
import { ana, connectGoogleWithBooking, openPopup, participantsField, resultsHeading } from './helpers';

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

    const whoAndWhen = popup.getByRole('button', { name: /^Who and when, / }).first();
    await tabTo(popup, whoAndWhen);
    // Focus alone reveals everyone's local time; Escape hides it again.
    const when = (await whoAndWhen.getAttribute('aria-label'))!.replace(/^Who and when, /, '');
    const everyone = popup.getByRole('list', { name: `Everyone’s local time for ${when}` });
    await expect(everyone.getByRole('listitem')).toHaveCount(3);
    await popup.keyboard.press('Escape');
    await expect(everyone).toBeHidden();

    await popup.keyboard.press('Tab');
    await expect(popup.getByRole('button', { name: `Book ${when}` })).toBeFocused();
    await popup.keyboard.press('Enter');
    const dialog = popup.getByRole('dialog', { name: 'Confirm the meeting' });
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
