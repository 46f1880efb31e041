import type { BrowserContext, Page } from '@playwright/test';
import { DRAFT_STORAGE_KEY } from '@/lib/ui/draft';
import type { Sandbox } from '../sandbox/start';
import { expect, openExtensionPage, test } from './fixtures';
import { confirmBestTime, connectMicrosoft, jack, microsoftPartnerEvents, microsoftPartnerKeyOf, openPopup, participantsField, resultsHeading, typeParticipant } from './helpers';

// The popup hosts the find feature the inline panel hosts too; these are the popup-only parts of
// it (the stored draft and moving a meeting) that the other specs do not walk through.

const colleagues = ['isla.mcdonald@contoso.example', 'harbour-room@contoso.example'];

async function storedDraft(popup: Page) {
  return popup.evaluate(async (key) => (await chrome.storage.session.get(key))[key] as { participants: { email: string }[]; booking?: { title: string; operationKey?: string } } | undefined, DRAFT_STORAGE_KEY);
}

/** Connects Jack's Microsoft account and opens the best time's confirmation for the colleagues. */
async function confirmBestTimeAsJack(context: BrowserContext, extensionId: string, sandbox: Sandbox, title: string) {
  const permissions = await openExtensionPage(context, extensionId, 'permissions.html');
  await connectMicrosoft(permissions, sandbox, jack);
  return confirmBestTime(await openPopup(context, extensionId), colleagues, title);
}

test.describe('the popup as a host of the find feature', () => {
  test('a popup closed while a booking is being confirmed gives back the people, the title and the booking key, and booking that time then makes one meeting with that key', async ({ context, extensionId, sandbox }) => {
    const { popup: first, when } = await confirmBestTimeAsJack(context, extensionId, sandbox, 'Draft review');
    await expect.poll(async () => (await storedDraft(first))?.booking?.title).toBe('Draft review');
    const key = (await storedDraft(first))?.booking?.operationKey;
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    await first.close();

    const second = await openPopup(context, extensionId);
    await expect(second.getByTestId('announcer')).toHaveText('Restored what you typed earlier.');
    for (const email of colleagues) await expect(second.getByRole('list', { name: 'People to meet' }).getByRole('button', { name: `Remove ${email}` })).toBeVisible();
    await second.getByRole('button', { name: 'Find times' }).click();
    await expect(resultsHeading(second)).toHaveText(/\d+ times? found/);
    await second.getByRole('button', { name: `Book ${when}` }).click();
    const reopened = second.getByRole('dialog', { name: 'Confirm the meeting' });
    await expect(reopened.getByRole('textbox', { name: 'Title' })).toHaveValue('Draft review');
    await reopened.getByRole('radio', { name: 'Microsoft Teams' }).check();
    await reopened.getByRole('button', { name: 'Book meeting' }).click();
    await expect(second.getByRole('dialog', { name: 'Meeting booked' })).toContainText(`Draft review is booked for ${when}.`);

    const events = microsoftPartnerEvents(sandbox);
    expect(events).toHaveLength(1);
    expect(microsoftPartnerKeyOf(events[0])).toBe(key);
    // Done clears the job: the next popup starts from an empty form.
    await second.getByRole('button', { name: 'Done' }).click();
    await expect.poll(async () => (await storedDraft(second))?.participants).toEqual([]);
  });

  test('rescheduling searches with the meeting’s people, moves it after the confirmation, and gives the form back the person the user had typed', async ({ context, extensionId, sandbox }) => {
    const { popup, when: booked, dialog } = await confirmBestTimeAsJack(context, extensionId, sandbox, 'Tenant review');
    await dialog.getByRole('radio', { name: 'No video call' }).check();
    await dialog.getByRole('button', { name: 'Book meeting' }).click();
    await popup.getByRole('dialog', { name: 'Meeting booked' }).getByRole('button', { name: 'Done' }).click();
    const before = microsoftPartnerEvents(sandbox)[0]?.start?.dateTime;

    // The user starts on their next job before moving the first one.
    await typeParticipant(popup, 'zoe.martin@contoso.example');
    await popup.getByRole('button', { name: 'Meetings', exact: true }).click();
    await popup.getByRole('button', { name: 'Reschedule Tenant review' }).click();

    await expect(popup.getByText(/Choosing a new time for Tenant review/)).toBeVisible();
    await expect(resultsHeading(popup)).toHaveText(/\d+ times? found/);
    const moves = popup.getByRole('button', { name: /^Move here / });
    const names = await moves.evaluateAll((buttons) => buttons.map((button) => button.getAttribute('aria-label') ?? ''));
    const target = names.map((name) => name.replace(/^Move here\s*/, '')).find((candidate) => candidate !== booked);
    expect(target).toBeDefined();
    await popup.getByRole('button', { name: `Move here ${target}` }).click();
    const confirm = popup.getByRole('dialog', { name: 'Move the meeting?' });
    await expect(confirm).toContainText(`to ${target}?`);
    await confirm.getByRole('button', { name: 'Move meeting' }).click();

    await expect(popup.getByTestId('announcer')).toHaveText(`Moved Tenant review to ${target}.`);
    await expect(popup.getByRole('heading', { name: 'Meetings Overlap created' })).toBeVisible();
    const events = microsoftPartnerEvents(sandbox);
    expect(events).toHaveLength(1);
    expect(events[0]?.start?.dateTime).not.toBe(before);

    await popup.getByRole('button', { name: 'Find a time', exact: true }).click();
    await expect(popup.getByText(/Choosing a new time/)).toHaveCount(0);
    const people = popup.getByRole('list', { name: 'People to meet' });
    await expect(people.getByRole('button', { name: /^Remove / })).toHaveCount(1);
    await expect(people.getByRole('button', { name: 'Remove zoe.martin@contoso.example' })).toBeVisible();
    await expect(participantsField(popup)).toHaveValue('');
  });
});
