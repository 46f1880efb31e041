import type { BrowserContext, Page } from '@playwright/test';
import { partnerKeyProperty } from '@/lib/providers/google';
import type { Sandbox } from '../sandbox/start';
import { expect, openExtensionPage, test } from './fixtures';
import { ana, connectGoogleWithBooking, firstSlotWhen, openPopup, resultsHeading, searchFor } from './helpers';

const colleagues = ['ben.carter@northwind.example', 'chloe.dubois@northwind.example'];

function partnerEvents(sandbox: Sandbox) {
  return sandbox.google.readEvents(ana).filter((event) => event.extendedProperties?.private?.[partnerKeyProperty]);
}

function eventInserts(sandbox: Sandbox) {
  return sandbox.log.list({ target: 'google-calendar' }).filter((entry) => entry.method === 'POST' && /\/calendars\/[^/]+\/events$/.test(entry.path));
}

/**
 * Ana connected with booking already granted (so no consent window interleaves with the clicks),
 * the popup showing times for her and two colleagues, and the confirmation for the best one open.
 */
async function confirmationOpen(context: BrowserContext, extensionId: string): Promise<{ popup: Page; when: string }> {
  const permissions = await openExtensionPage(context, extensionId, 'permissions.html');
  await connectGoogleWithBooking(context, permissions);

  const popup = await openPopup(context, extensionId);
  await searchFor(popup, colleagues, { minutes: 30 });
  await expect(resultsHeading(popup)).toHaveText(/\d+ times? found/);
  const when = await firstSlotWhen(popup);
  await popup.getByRole('button', { name: `Book ${when}` }).click();
  const dialog = popup.getByRole('dialog', { name: 'Confirm the meeting' });
  await dialog.getByRole('textbox', { name: 'Title' }).fill('Budget review');
  await dialog.getByRole('radio', { name: 'Google Meet' }).check();
  return { popup, when };
}

test.describe('a booking is made once, whatever happens to the request', () => {
  test('two clicks on "Book meeting" in the same instant, and two booking messages with one key sent at once, each make one meeting', async ({ context, extensionId, sandbox }) => {
    const { popup, when } = await confirmationOpen(context, extensionId);
    sandbox.log.clear();

    // Both clicks land before React re-renders the button as busy, so the popup really sends the
    // booking twice; only the shared operation key can keep it to one meeting.
    await popup.getByRole('button', { name: 'Book meeting' }).evaluate((button: HTMLButtonElement) => {
      button.click();
      button.click();
    });

    const booked = popup.getByRole('dialog', { name: 'Meeting booked' });
    await expect(booked).toContainText(`Budget review is booked for ${when}.`);
    await expect(booked.getByRole('link', { name: 'Join the Google Meet call' })).toBeVisible();
    expect(partnerEvents(sandbox)).toHaveLength(1);
    expect(eventInserts(sandbox)).toHaveLength(1);
    expect(sandbox.log.list({ target: 'google-meet' })).toHaveLength(0);

    // The clicks may be merged by the page; these two requests certainly reach the background.
    const start = new Date(Date.now() + 3 * 86_400_000);
    start.setUTCHours(15, 0, 0, 0);
    const request = {
      type: 'meetings.create',
      payload: {
        operationKey: crypto.randomUUID(),
        accountId: `google:${ana}`,
        title: 'Sent twice',
        start: start.toISOString(),
        end: new Date(start.getTime() + 30 * 60_000).toISOString(),
        timeZone: 'UTC',
        attendees: [{ email: colleagues[0] }],
        conference: 'none',
        sendInvitations: false,
      },
    };
    const replies = await popup.evaluate((message) => Promise.all([chrome.runtime.sendMessage(message), chrome.runtime.sendMessage(message)]), request);
    expect(replies[0]).toMatchObject({ ok: true, data: { id: request.payload.operationKey, status: 'booked' } });
    expect(replies[1]).toEqual(replies[0]);
    expect(partnerEvents(sandbox).filter((event) => event.summary === 'Sent twice')).toHaveLength(1);
  });

  test('a service worker stopped while Google holds the answer to a committed booking finishes that booking on retry instead of making another', async ({ context, extensionId, sandbox }) => {
    const { popup, when } = await confirmationOpen(context, extensionId);
    sandbox.log.clear();
    // Google writes the event, then the answer takes long enough for the worker to be stopped first.
    sandbox.faults.inject({ target: 'google-calendar', match: { method: 'POST', pathIncludes: '/events' }, times: 1, fault: { kind: 'slowAnswer', ms: 60_000 } });

    await popup.getByRole('button', { name: 'Book meeting' }).click();
    await expect.poll(() => partnerEvents(sandbox).length).toBe(1);

    const cdp = await context.newCDPSession(popup);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');

    // The popup lost its answer; it says so and keeps everything typed.
    const dialog = popup.getByRole('dialog', { name: 'Confirm the meeting' });
    await expect(dialog.getByRole('alert')).toContainText(/background stopped/i);
    await expect(dialog.getByRole('textbox', { name: 'Title' })).toHaveValue('Budget review');

    await dialog.getByRole('button', { name: 'Try again' }).click();
    const booked = popup.getByRole('dialog', { name: 'Meeting booked' });
    await expect(booked).toContainText(`Budget review is booked for ${when}.`);
    const join = await booked.getByRole('link', { name: 'Join the Google Meet call' }).getAttribute('href');

    const events = partnerEvents(sandbox);
    expect(events).toHaveLength(1);
    expect(events[0]?.conferenceData?.entryPoints?.find((entry) => entry.entryPointType === 'video')?.uri).toBe(join);
    // The first answer never reached the stopped worker (0); the retry re-sent the insert with the
    // same event id and Google refused the duplicate (409), so Overlap read the event it had made.
    expect(eventInserts(sandbox).map((entry) => entry.status)).toEqual([0, 409]);

    await booked.getByRole('button', { name: 'Done' }).click();
    await popup.getByRole('button', { name: 'Meetings', exact: true }).click();
    await expect(popup.getByRole('button', { name: 'Cancel Budget review' })).toHaveCount(1);
  });
});
