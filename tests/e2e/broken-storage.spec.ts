import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from '@playwright/test';
import { expect, openExtensionPage, serviceWorkerOf, test } from './fixtures';
import { confirmBestTime, connectGoogleWithBooking, googlePartnerEvents, openPopup } from './helpers';

/**
 * Storage breaking under a booking in the real browser: IndexedDB over its quota and the database
 * deleted under the running worker. What the user sees, what the provider holds, and what is
 * stored afterwards.
 */
const colleagues = ['ben.carter@northwind.example'];
/** The note as an English browser shows it, from the message file the build ships. */
const notSaved = (JSON.parse(readFileSync('public/_locales/en/messages.json', 'utf8')) as Record<string, { message: string }>).storage_bookedNotSaved!.message;


async function confirmationOpen(context: BrowserContext, extensionId: string): Promise<{ popup: Page; when: string }> {
  const permissions = await openExtensionPage(context, extensionId, 'permissions.html');
  await connectGoogleWithBooking(context, permissions);
  await permissions.close();
  const { popup, when, dialog } = await confirmBestTime(await openPopup(context, extensionId), colleagues, 'Budget review');
  await dialog.getByRole('radio', { name: 'No video call' }).check();
  return { popup, when };
}

/**
 * Makes the running worker's IndexedDB refuse every write as a full disk does, with Chromium's
 * own QuotaExceededError. Chromium's quota cannot be lowered for an extension here: the DevTools
 * protocol's Storage.overrideQuotaForOrigin reports itself active for the extension's origin, yet
 * its IndexedDB writes still commit. A new worker starts without the refusal: space is back.
 */
async function fillStorage(context: BrowserContext): Promise<void> {
  const worker = await serviceWorkerOf(context);
  await worker.evaluate(() => {
    for (const method of ['put', 'add'] as const) {
      IDBObjectStore.prototype[method] = function (this: IDBObjectStore) {
        throw new DOMException(`Writing to ${this.name} exceeded the quota.`, 'QuotaExceededError');
      };
    }
  });
}

/** The partner meetings IndexedDB holds, read from an extension page; never creates the database. */
function storedMeetings(page: Page): Promise<{ id: string; status: string; providerEventId?: string }[]> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('overlap');
        // No database yet: leave it to the worker to create, with its own schema.
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const read = db.transaction('partnerMeetings').objectStore('partnerMeetings').getAll();
          read.onsuccess = () => {
            db.close();
            resolve(read.result.map(({ id, status, providerEventId }) => ({ id, status, providerEventId })));
          };
          read.onerror = () => reject(read.error);
        };
      }),
  );
}

/** What the session mirror holds: the bookings IndexedDB may not have in their latest state. */
function mirrored(page: Page): Promise<{ id: string; status: string }[]> {
  return page.evaluate(async () => {
    const held = (await chrome.storage.session.get('unsavedMeetings')).unsavedMeetings as { id: string; status: string }[] | undefined;
    return (held ?? []).map(({ id, status }) => ({ id, status }));
  });
}

test.describe('when storage breaks while booking', () => {
  test('IndexedDB over its quota: the meeting is booked once, the confirmation says it is not saved on this device with the event link, and it is stored once space is back and the worker starts again', async ({ context, extensionId, sandbox }) => {
    const { popup, when } = await confirmationOpen(context, extensionId);
    await fillStorage(context);

    await popup.getByRole('button', { name: 'Book meeting' }).click();
    const booked = popup.getByRole('dialog', { name: 'Meeting booked' });
    await expect(booked).toContainText(`Budget review is booked for ${when}.`);
    await expect(booked).toContainText(notSaved);
    const eventLink = booked.getByRole('link', { name: 'Open the event in your calendar' });
    await expect(eventLink).toHaveAttribute('href', /^https:\/\//);
    expect(googlePartnerEvents(sandbox).map((event) => event.summary)).toEqual(['Budget review']);
    // Stored afterwards: nothing in IndexedDB, the booked meeting in the session mirror.
    expect(await storedMeetings(popup)).toEqual([]);
    const [held] = await mirrored(popup);
    expect(held).toMatchObject({ status: 'booked' });
    // Opened again while storage still refuses it, the popup says the meeting is not saved here yet.
    const reopened = await openPopup(context, extensionId);
    await expect(reopened.getByTestId('storage-unsaved')).toHaveText(/^1 booked meeting is not saved on this device yet/);
    await reopened.close();

    // Space is back; the worker is stopped, and the next request starts it again.
    const cdp = await context.newCDPSession(popup);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await booked.getByRole('button', { name: 'Done' }).click();
    await popup.getByRole('button', { name: 'Meetings', exact: true }).click();
    await expect(popup.getByRole('button', { name: 'Cancel Budget review' })).toBeVisible();
    expect(await storedMeetings(popup)).toEqual([{ id: held!.id, status: 'booked', providerEventId: googlePartnerEvents(sandbox)[0]?.id }]);
    expect(await mirrored(popup)).toEqual([]);
    expect(googlePartnerEvents(sandbox)).toHaveLength(1);
    // Nothing left for the popup's notice to count.
    expect(await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'storage.health', payload: {} }))).toEqual({
      ok: true,
      data: { damaged: { accounts: 0, meetings: 0, ledger: 0, contacts: 0 }, unsavedMeetings: 0 },
    });
  });

  test('the database deleted under the running worker mid-booking: the worker reopens it, the confirmation says the meeting is not saved yet, and the booking in flight is written into the new database', async ({ context, extensionId, sandbox }) => {
    const { popup, when } = await confirmationOpen(context, extensionId);
    // Google takes a few seconds to answer; the user clears Overlap's site data meanwhile.
    sandbox.faults.inject({ target: 'google-calendar', match: { method: 'POST', pathIncludes: '/events' }, times: 1, fault: { kind: 'slowAnswer', ms: 3_000 } });
    await popup.getByRole('button', { name: 'Book meeting' }).click();
    await expect.poll(() => googlePartnerEvents(sandbox).length).toBe(1);
    const deleted = await popup.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const request = indexedDB.deleteDatabase('overlap');
          request.onsuccess = () => resolve('deleted');
          request.onerror = () => resolve(`failed: ${request.error?.message}`);
          request.onblocked = () => resolve('blocked');
        }),
    );
    // The worker's connection stepped aside at once, so the deletion was never blocked.
    expect(deleted).toBe('deleted');

    const booked = popup.getByRole('dialog', { name: 'Meeting booked' });
    await expect(booked).toContainText(`Budget review is booked for ${when}.`);
    await expect(booked).toContainText(notSaved);
    await expect(booked.getByRole('link', { name: 'Open the event in your calendar' })).toHaveAttribute('href', /^https:\/\//);

    await booked.getByRole('button', { name: 'Done' }).click();
    await popup.getByRole('button', { name: 'Meetings', exact: true }).click();
    await expect(popup.getByRole('button', { name: 'Cancel Budget review' })).toBeVisible();
    // Stored afterwards: a new database holding the booked meeting, nothing left in the mirror.
    const events = googlePartnerEvents(sandbox);
    expect(events).toHaveLength(1);
    expect(await storedMeetings(popup)).toEqual([{ id: expect.any(String), status: 'booked', providerEventId: events[0]?.id }]);
    expect(await mirrored(popup)).toEqual([]);
  });
});
