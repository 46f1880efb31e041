import type { BrowserContext, Page } from '@playwright/test';
import type { Sandbox } from '../sandbox/start';
import { expect, openExtensionPage, serviceWorkerOf, test } from './fixtures';
import { ana, confirmBestTime, connectGoogleWithBooking, googlePartnerEvents, openPopup } from './helpers';

const colleagues = ['ben.carter@northwind.example', 'chloe.dubois@northwind.example'];

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

  const { popup, when, dialog } = await confirmBestTime(await openPopup(context, extensionId), colleagues, 'Budget review');
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
    expect(googlePartnerEvents(sandbox)).toHaveLength(1);
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
    expect(googlePartnerEvents(sandbox).filter((event) => event.summary === 'Sent twice')).toHaveLength(1);
  });

  test('a service worker stopped while Google holds the answer to a committed booking finishes that booking on retry instead of making another', async ({ context, extensionId, sandbox }) => {
    const { popup, when } = await confirmationOpen(context, extensionId);
    sandbox.log.clear();
    // Google writes the event, then the answer takes long enough for the worker to be stopped first.
    sandbox.faults.inject({ target: 'google-calendar', match: { method: 'POST', pathIncludes: '/events' }, times: 1, fault: { kind: 'slowAnswer', ms: 60_000 } });

    await popup.getByRole('button', { name: 'Book meeting' }).click();
    await expect.poll(() => googlePartnerEvents(sandbox).length).toBe(1);

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

    const events = googlePartnerEvents(sandbox);
    expect(events).toHaveLength(1);
    expect(events[0]?.conferenceData?.entryPoints?.find((entry) => entry.entryPointType === 'video')?.uri).toBe(join);
    // The first answer never reached the stopped worker (0); the retry looked the event up by the
    // id its key derives, found it, and sent no second insert.
    expect(eventInserts(sandbox).map((entry) => entry.status)).toEqual([0]);

    await booked.getByRole('button', { name: 'Done' }).click();
    await popup.getByRole('button', { name: 'Meetings', exact: true }).click();
    await expect(popup.getByRole('button', { name: 'Cancel Budget review' })).toHaveCount(1);
  });

  test('a booking left unconfirmed is still listed after the browser quits and starts again, and "Check and finish" books it once from what was stored', async ({ profile, sandbox }) => {
    const first = await profile.launch();
    const extensionId = new URL((await serviceWorkerOf(first)).url()).host;
    const { popup, when } = await confirmationOpen(first, extensionId);
    // Google answers every attempt with 503 before writing anything, so the booking stays pending.
    sandbox.faults.inject({ target: 'google-calendar', match: { method: 'POST', pathIncludes: '/events' }, times: 4, fault: { kind: 'status', status: 503 } });
    await popup.getByRole('button', { name: 'Book meeting' }).click();
    await expect(popup.getByRole('dialog', { name: 'Confirm the meeting' }).getByRole('alert')).toBeVisible();
    expect(googlePartnerEvents(sandbox)).toEqual([]);

    // The popup's draft (and its key) lived in storage.session, which a browser restart clears.
    await first.close();
    const second = await profile.launch();
    expect(new URL((await serviceWorkerOf(second)).url()).host).toBe(extensionId);
    const reopened = await openPopup(second, extensionId);
    await reopened.getByRole('button', { name: 'Meetings', exact: true }).click();
    const listed = reopened.getByRole('listitem').filter({ hasText: 'Budget review' });
    await expect(listed).toContainText('Booking not confirmed yet');
    await expect(listed).toContainText(when);
    sandbox.log.clear();

    await reopened.getByRole('button', { name: 'Check and finish Budget review' }).click();
    await expect(reopened.getByRole('button', { name: 'Cancel Budget review' })).toBeVisible();
    await expect(listed).not.toContainText('Booking not confirmed yet');
    await expect(listed.getByRole('link', { name: /^Join Budget review/ })).toHaveAttribute('href', /^https:\/\/meet\.google\.com\//);
    const events = googlePartnerEvents(sandbox);
    expect(events.map((event) => event.summary)).toEqual(['Budget review']);
    expect(events[0]?.attendees?.map((attendee) => attendee.email).sort()).toEqual(colleagues);
    expect(eventInserts(sandbox).map((entry) => entry.status)).toEqual([200]);
  });

  test('"Forget" on an unconfirmed booking warns that the meeting may exist in Google Calendar, then removes only Overlap’s record of it', async ({ context, extensionId, sandbox }) => {
    const { popup } = await confirmationOpen(context, extensionId);
    // Google writes the event but its answer is lost; every repeat of the insert then meets 503.
    sandbox.faults.inject({ target: 'google-calendar', match: { method: 'POST', pathIncludes: '/events' }, times: 1, fault: { kind: 'dropAfterCommit' } });
    sandbox.faults.inject({ target: 'google-calendar', match: { method: 'POST', pathIncludes: '/events' }, times: 20, fault: { kind: 'status', status: 503 } });
    const confirm = popup.getByRole('dialog', { name: 'Confirm the meeting' });
    await popup.getByRole('button', { name: 'Book meeting' }).click();
    await expect(confirm.getByRole('alert')).toBeVisible();
    await confirm.getByRole('button', { name: 'Back to times' }).click();

    await popup.getByRole('button', { name: 'Meetings', exact: true }).click();
    await popup.getByRole('button', { name: 'Forget Budget review' }).click();
    const dialog = popup.getByRole('alertdialog', { name: 'Forget “Budget review”?' });
    await expect(dialog).toContainText('The meeting may still exist in Google Calendar, with its invitations sent');
    await dialog.getByRole('button', { name: 'Forget it' }).click();
    await expect(dialog).toBeHidden();
    await expect(popup.getByRole('listitem').filter({ hasText: 'Budget review' })).toHaveCount(0);
    expect(googlePartnerEvents(sandbox).map((event) => event.summary)).toEqual(['Budget review']);
  });
});
