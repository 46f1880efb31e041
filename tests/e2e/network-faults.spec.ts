import type { BrowserContext, Page } from '@playwright/test';
import type { Sandbox } from '../sandbox/start';
import { expect, openExtensionPage, serviceWorkerOf, test } from './fixtures';
import { ana, confirmBestTime, connectGoogleWithBooking, googlePartnerEvents, openPopup, resultsHeading, searchFor, typeParticipant } from './helpers';

const ben = 'ben.carter@northwind.example';
const chloe = 'chloe.dubois@northwind.example';
const emma = 'emma.schmidt@northwind.example';

/**
 * The network is gone for the background: every Google Calendar connection is closed before the
 * stand-in reads it, so the worker's fetch rejects with a TypeError, as with no network at all.
 */
function goOffline(sandbox: Sandbox): void {
  sandbox.faults.inject({ target: 'google-calendar', times: 1000, fault: { kind: 'unreachable' } });
}

const partnerEvents = (sandbox: Sandbox, title: string) => googlePartnerEvents(sandbox).filter((event) => event.summary === title);
const eventInserts = (sandbox: Sandbox) => sandbox.log.list({ target: 'google-calendar' }).filter((entry) => entry.method === 'POST' && /\/calendars\/[^/]+\/events$/.test(entry.path));

async function connected(context: BrowserContext, extensionId: string): Promise<{ permissions: Page; popup: Page }> {
  const permissions = await openExtensionPage(context, extensionId, 'permissions.html');
  await connectGoogleWithBooking(context, permissions);
  return { permissions, popup: await openPopup(context, extensionId) };
}

/** The permissions page's activity rows for one operation, freshly loaded. */
async function activity(permissions: Page, operation: string | RegExp) {
  await permissions.reload();
  return permissions.locator('table.ledger tbody tr').filter({ hasText: operation });
}

test.describe('no network, a slow network', () => {
  test('offline, a search answers from what Overlap saved, "as of" when and offline, with the rest unknown; back online, the next search asks Google again', async ({ context, extensionId, sandbox }) => {
    const { popup } = await connected(context, extensionId);
    await searchFor(popup, [ben, chloe], { minutes: 30 });
    await expect(resultsHeading(popup)).toHaveText(/\d+ times? found/);

    goOffline(sandbox);
    await popup.getByRole('button', { name: 'Edit search' }).click();
    await typeParticipant(popup, emma);
    await popup.getByRole('button', { name: 'Find times' }).click();
    await expect(resultsHeading(popup)).toHaveText(/\d+ times? found/, { timeout: 20_000 });
    const notice = popup.getByText(/^As of .+, offline: the calendars of /);
    await expect(notice).toBeVisible();
    // The time is written as this browser's locale writes it (en-US: "2:05 PM").
    await expect(notice).toContainText(/As of \d{1,2}:\d\d(\s?[AP]M)?, offline/);
    await expect(popup.getByText(new RegExp(`Calendar unknown: .*${emma.replace('.', '\\.')}`)).first()).toBeVisible();

    sandbox.faults.clear();
    sandbox.log.clear();
    await popup.getByRole('button', { name: 'Edit search' }).click();
    await popup.getByRole('button', { name: 'Find times' }).click();
    await expect(resultsHeading(popup)).toHaveText(/\d+ times? found/);
    await expect(popup.getByText(/offline/)).toHaveCount(0);
    // Everyone, the people cached before the outage included, was asked again.
    const asked = sandbox.log.list({ target: 'google-calendar', pathIncludes: '/freeBusy' });
    expect(asked.map((entry) => entry.status)).toEqual([200]);
    const items = (asked[0]?.body as { items: { id: string }[] }).items.map((item) => item.id).sort();
    expect(items).toEqual([ana, ben, chloe, emma].sort());
  });

  test('offline, booking says "you are offline" and keeps the draft; back online, the draft reopened books the meeting once', async ({ context, extensionId, sandbox }) => {
    const { popup } = await connected(context, extensionId);
    const { dialog, when } = await confirmBestTime(popup, [ben, chloe], 'Offline planning');

    goOffline(sandbox);
    await dialog.getByRole('button', { name: 'Book meeting' }).click();
    await expect(dialog.getByRole('alert')).toContainText('You are offline', { timeout: 20_000 });
    await expect(dialog.getByRole('textbox', { name: 'Title' })).toHaveValue('Offline planning');
    expect(partnerEvents(sandbox, 'Offline planning')).toHaveLength(0);

    // The draft outlives the popup: reopened once the network is back, it still holds the people,
    // and the same time's confirmation the title and the booking's key.
    sandbox.faults.clear();
    await popup.reload();
    await expect(popup.getByTestId('announcer')).toHaveText('Restored what you typed earlier.');
    await popup.getByRole('button', { name: 'Find times' }).click();
    await expect(resultsHeading(popup)).toHaveText(/\d+ times? found/);
    await popup.getByRole('button', { name: `Book ${when}` }).click();
    const reopened = popup.getByRole('dialog', { name: 'Confirm the meeting' });
    await expect(reopened.getByRole('textbox', { name: 'Title' })).toHaveValue('Offline planning');
    await reopened.getByRole('button', { name: 'Book meeting' }).click();
    await expect(popup.getByRole('dialog', { name: 'Meeting booked' })).toContainText(`Offline planning is booked for ${when}.`);
    expect(partnerEvents(sandbox, 'Offline planning')).toHaveLength(1);
  });

  test('a search Google stalls on shows progress and a Cancel; cancelled, the form stays as typed and the activity list says "cancelled"', async ({ context, extensionId, sandbox }) => {
    const { permissions, popup } = await connected(context, extensionId);
    sandbox.faults.inject({ target: 'google-calendar', match: { pathIncludes: '/freeBusy' }, times: 1, fault: { kind: 'hang', ms: 30_000 } });

    await searchFor(popup, [ben, chloe], { minutes: 30 });
    await expect(popup.getByTestId('search-progress')).toHaveText('Checking 3 calendars…');
    await expect.poll(() => sandbox.faults.pending()).toEqual([]);
    await popup.getByRole('button', { name: 'Cancel search' }).click();
    await expect(popup.getByRole('alert')).toContainText('You cancelled the search.');
    await expect(popup.getByTestId('search-progress')).toHaveCount(0);
    for (const person of [ben, chloe]) await expect(popup.getByRole('button', { name: `Remove ${person}` })).toBeVisible();
    await expect.poll(() => sandbox.log.list({ target: 'google-calendar', pathIncludes: '/freeBusy' }).map((entry) => entry.status)).toEqual([0]);
    await expect(await activity(permissions, 'POST /freeBusy')).toContainText('cancelled');

    await popup.getByRole('button', { name: 'Search again' }).click();
    await expect(resultsHeading(popup)).toHaveText(/\d+ times? found/);
  });

  test('a booking whose answer Google holds back times out with a clear message, and "Try again" finishes that one booking instead of making another', async ({ context, extensionId, sandbox }) => {
    const { permissions, popup } = await connected(context, extensionId);
    const { dialog, when } = await confirmBestTime(popup, [ben, chloe], 'Slow planning');
    sandbox.log.clear();
    // Google writes the event, then every answer is held back past the sandbox's 5 s write timeout.
    sandbox.faults.inject({ target: 'google-calendar', match: { method: 'POST', pathIncludes: '/events' }, times: 4, fault: { kind: 'slowAnswer', ms: 30_000 } });

    await dialog.getByRole('button', { name: 'Book meeting' }).click();
    await expect(dialog.getByText('Booking…')).toBeVisible();
    await expect(dialog.getByRole('alert')).toContainText('Google did not answer within 5 s', { timeout: 45_000 });
    await expect(dialog.getByRole('textbox', { name: 'Title' })).toHaveValue('Slow planning');
    expect(partnerEvents(sandbox, 'Slow planning')).toHaveLength(1);
    const inserts = eventInserts(sandbox).length;

    await dialog.getByRole('button', { name: 'Try again' }).click();
    await expect(popup.getByRole('dialog', { name: 'Meeting booked' })).toContainText(`Slow planning is booked for ${when}.`);
    expect(partnerEvents(sandbox, 'Slow planning')).toHaveLength(1);
    // The retry looked the event up by the id its key derives and sent no further insert.
    expect(eventInserts(sandbox)).toHaveLength(inserts);
    const inserted = await activity(permissions, /POST \/calendars\/[^/\s]+\/events(?!\/)/);
    await expect(inserted.filter({ hasText: 'timed out' }).first()).toBeVisible();
  });

  test('with Google’s clock ten minutes ahead of the computer’s, the background learns the offset from the Date headers of Google’s answers and keeps it for its next life', async ({ context, extensionId, sandbox }) => {
    sandbox.clock.advance(600);
    const { popup } = await connected(context, extensionId);
    await searchFor(popup, [ben, chloe], { minutes: 30 });
    await expect(resultsHeading(popup)).toHaveText(/\d+ times? found/);
    const worker = await serviceWorkerOf(context);
    const offset = await worker.evaluate(async () => (await chrome.storage.session.get('overlap.providerClockOffset'))['overlap.providerClockOffset']);
    expect(Math.abs(Number(offset) - 600_000)).toBeLessThanOrEqual(2_000);
  });
});
