import type { Page } from '@playwright/test';
import { googleScope } from '@/lib/auth/scopes';
import { expect, openExtensionPage, test } from './fixtures';
import { ana, connectGoogle, connectMicrosoft, consentInWindow, firstSlotWhen, googlePartnerEvents, jack, microsoftPartnerEvents, openPopup, resultsHeading, searchFor } from './helpers';

const googleColleagues = ['ben.carter@northwind.example', 'chloe.dubois@northwind.example'];
// Chosen so working hours overlap: Jack in Los Angeles and Isla in London share late afternoon
// in London, and Ben, Chloé and Ana share it too; Tokyo or Sydney would leave nothing.
const microsoftColleagues = ['isla.mcdonald@contoso.example', 'harbour-room@contoso.example'];

function bookingDialog(popup: Page) {
  return popup.getByRole('dialog', { name: 'Confirm the meeting' });
}

/** Picks the best slot and fills the confirmation; returns the slot's words. */
async function chooseBestSlot(popup: Page, title: string, conference: 'Google Meet' | 'Microsoft Teams' | 'No video call'): Promise<string> {
  const when = await firstSlotWhen(popup);
  await popup.getByRole('button', { name: `Book ${when}` }).click();
  const dialog = bookingDialog(popup);
  await expect(dialog).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Title' }).fill(title);
  // The conference choices appear once the background said what this account allows.
  await dialog.getByRole('radio', { name: conference }).check();
  return when;
}

async function connectedPopup(page: Page, extensionId: string) {
  return openPopup(page.context(), extensionId);
}

test.describe('finding a mutual time and booking it from the popup', () => {
  test('a Google-only meeting is found, booked with a Meet link after asking for the booking permission, stored once and listed under Meetings', async ({ context, extensionId, sandbox }) => {
    const permissions = await openExtensionPage(context, extensionId, 'permissions.html');
    await connectGoogle(context, permissions);

    const popup = await connectedPopup(permissions, extensionId);
    await searchFor(popup, googleColleagues, { minutes: 30 });
    await expect(resultsHeading(popup)).toHaveText(/\d+ times? found/);

    const when = await chooseBestSlot(popup, 'Quarterly planning', 'Google Meet');
    // Booking needs a permission finding did not: its consent window opens on the first booking.
    await consentInWindow(context, () => bookingDialog(popup).getByRole('button', { name: 'Book meeting' }).click(), { expectScopes: [googleScope.ownedEvents] });

    const booked = popup.getByRole('dialog', { name: 'Meeting booked' });
    await expect(booked).toContainText(`Quarterly planning is booked for ${when}.`);
    const join = booked.getByRole('link', { name: 'Join the Google Meet call' });
    await expect(join).toHaveAttribute('href', /^https:\/\/meet\.google\.com\/[a-z]{3}-[a-z]{4}-[a-z]{3}$/);
    await expect(booked.getByRole('link', { name: 'Open the event in your calendar' })).toBeVisible();

    const events = googlePartnerEvents(sandbox, ana);
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event?.summary).toBe('Quarterly planning');
    expect(event?.conferenceData?.entryPoints?.find((entry) => entry.entryPointType === 'video')?.uri).toBe(await join.getAttribute('href'));
    expect(event?.attendees?.map((attendee) => attendee.email).sort()).toEqual(expect.arrayContaining(googleColleagues));

    await booked.getByRole('button', { name: 'Done' }).click();
    await popup.getByRole('button', { name: 'Meetings', exact: true }).click();
    await expect(popup.getByRole('heading', { name: 'Meetings Overlap created' })).toBeVisible();
    await expect(popup.getByRole('button', { name: 'Reschedule Quarterly planning' })).toBeVisible();
    await expect(popup.getByRole('button', { name: 'Cancel Quarterly planning' })).toBeVisible();
  });

  test('a Microsoft-only meeting is booked with a Teams link, stored once and listed under Meetings', async ({ context, extensionId, sandbox }) => {
    const permissions = await openExtensionPage(context, extensionId, 'permissions.html');
    await connectMicrosoft(permissions, sandbox, jack);

    const popup = await connectedPopup(permissions, extensionId);
    await searchFor(popup, microsoftColleagues, { minutes: 30 });
    await expect(resultsHeading(popup)).toHaveText(/\d+ times? found/);

    const when = await chooseBestSlot(popup, 'Tenant review', 'Microsoft Teams');
    await bookingDialog(popup).getByRole('button', { name: 'Book meeting' }).click();

    const booked = popup.getByRole('dialog', { name: 'Meeting booked' });
    await expect(booked).toContainText(`Tenant review is booked for ${when}.`);
    const join = booked.getByRole('link', { name: 'Join the Microsoft Teams call' });
    await expect(join).toHaveAttribute('href', /^https:\/\/teams\.microsoft\.com\//);

    const events = microsoftPartnerEvents(sandbox, jack);
    expect(events).toHaveLength(1);
    expect(events[0]?.subject).toBe('Tenant review');
    expect(events[0]?.onlineMeeting?.joinUrl).toBe(await join.getAttribute('href'));
    expect(events[0]?.attendees?.map((attendee) => attendee.emailAddress?.address).sort()).toEqual(expect.arrayContaining(microsoftColleagues));
    expect(sandbox.log.list({ target: 'graph', pathIncludes: '/events' }).filter((entry) => entry.method === 'POST')).toHaveLength(1);

    await booked.getByRole('button', { name: 'Done' }).click();
    await popup.getByRole('button', { name: 'Meetings', exact: true }).click();
    await expect(popup.getByRole('button', { name: 'Reschedule Tenant review' })).toBeVisible();
  });

  test('a mixed meeting asks each provider once for its own people and is booked on the Google organizer calendar with Meet', async ({ context, extensionId, sandbox }) => {
    const permissions = await openExtensionPage(context, extensionId, 'permissions.html');
    await connectGoogle(context, permissions);
    await connectMicrosoft(permissions, sandbox, jack);
    sandbox.log.clear();

    const popup = await connectedPopup(permissions, extensionId);
    await popup.getByRole('combobox', { name: 'Organizer account' }).selectOption({ label: `${ana} (Google)` });
    await searchFor(popup, [...googleColleagues, ...microsoftColleagues], { minutes: 45 });
    await expect(resultsHeading(popup)).toHaveText(/\d+ times? found/);

    const freeBusy = sandbox.log.list({ target: 'google-calendar', pathIncludes: '/freeBusy' });
    const schedules = sandbox.log.list({ target: 'graph', pathIncludes: '/getSchedule' });
    expect(freeBusy).toHaveLength(1);
    expect(schedules).toHaveLength(1);
    expect(JSON.stringify(freeBusy[0]?.body)).not.toContain('contoso.example');
    expect(JSON.stringify(schedules[0]?.body)).not.toContain('northwind.example');

    // Every person's answer says which provider gave it.
    const when = await firstSlotWhen(popup);
    await popup.getByRole('button', { name: `Who and when, ${when}` }).click();
    const everyone = popup.getByRole('list', { name: `Everyone’s local time for ${when}` });
    await expect(everyone.getByRole('listitem').filter({ hasText: 'via Microsoft' })).toHaveCount(microsoftColleagues.length);
    await expect(everyone.getByRole('listitem').filter({ hasText: 'via Google' })).toHaveCount(googleColleagues.length + 1);

    await chooseBestSlot(popup, 'Cross-company kickoff', 'Google Meet');
    await consentInWindow(context, () => bookingDialog(popup).getByRole('button', { name: 'Book meeting' }).click(), { expectScopes: [googleScope.ownedEvents] });
    const booked = popup.getByRole('dialog', { name: 'Meeting booked' });
    await expect(booked.getByRole('link', { name: 'Join the Google Meet call' })).toBeVisible();

    const events = googlePartnerEvents(sandbox, ana);
    expect(events).toHaveLength(1);
    expect(events[0]?.attendees?.map((attendee) => attendee.email).sort()).toEqual([...googleColleagues, ...microsoftColleagues].sort());
    expect(microsoftPartnerEvents(sandbox, jack)).toHaveLength(0);
  });

  test('an Outlook meeting gets a Google Meet link made with the connected Google account, after Google grants just the Meet permission', async ({ context, extensionId, sandbox }) => {
    const permissions = await openExtensionPage(context, extensionId, 'permissions.html');
    await connectGoogle(context, permissions);
    await connectMicrosoft(permissions, sandbox, jack);

    const popup = await connectedPopup(permissions, extensionId);
    await popup.getByRole('combobox', { name: 'Organizer account' }).selectOption({ label: `${jack} (Microsoft)` });
    await searchFor(popup, microsoftColleagues, { minutes: 30 });
    await expect(resultsHeading(popup)).toHaveText(/\d+ times? found/);
    await chooseBestSlot(popup, 'Design review', 'Google Meet');
    await expect(bookingDialog(popup).getByText(`made with ${ana}`)).toBeVisible();
    await consentInWindow(context, () => bookingDialog(popup).getByRole('button', { name: 'Book meeting' }).click(), { expectScopes: [googleScope.meetSpaces] });

    const booked = popup.getByRole('dialog', { name: 'Meeting booked' });
    const join = await booked.getByRole('link', { name: 'Join the Google Meet call' }).getAttribute('href');
    expect(join).toMatch(/^https:\/\/meet\.google\.com\/[a-z]{3}-[a-z]{4}-[a-z]{3}$/);
    const events = microsoftPartnerEvents(sandbox, jack);
    expect(events).toHaveLength(1);
    expect(events[0]?.location?.displayName).toBe(`Google Meet: ${join}`);
    expect(sandbox.log.list({ target: 'google-meet' })).toHaveLength(1);
    expect(googlePartnerEvents(sandbox, ana)).toHaveLength(0);
  });

  test('a Google meeting gets a Teams link made with the connected Microsoft work account', async ({ context, extensionId, sandbox }) => {
    const permissions = await openExtensionPage(context, extensionId, 'permissions.html');
    await connectGoogle(context, permissions);
    await connectMicrosoft(permissions, sandbox, jack);

    const popup = await connectedPopup(permissions, extensionId);
    await popup.getByRole('combobox', { name: 'Organizer account' }).selectOption({ label: `${ana} (Google)` });
    await searchFor(popup, googleColleagues, { minutes: 30 });
    await expect(resultsHeading(popup)).toHaveText(/\d+ times? found/);
    await chooseBestSlot(popup, 'Partner sync', 'Microsoft Teams');
    await expect(bookingDialog(popup).getByText(`made with ${jack}`)).toBeVisible();
    // Microsoft consents without a form here; Google still asks for the booking permission.
    await consentInWindow(context, () => bookingDialog(popup).getByRole('button', { name: 'Book meeting' }).click(), { expectScopes: [googleScope.ownedEvents] });

    const booked = popup.getByRole('dialog', { name: 'Meeting booked' });
    const join = await booked.getByRole('link', { name: 'Join the Microsoft Teams call' }).getAttribute('href');
    expect(join).toMatch(/^https:\/\/teams\.microsoft\.com\//);
    const events = googlePartnerEvents(sandbox, ana);
    expect(events).toHaveLength(1);
    expect(events[0]?.location).toBe(join);
    expect(events[0]?.conferenceData).toBeUndefined();
    expect(sandbox.microsoft.readOnlineMeetings(jack).map((meeting) => meeting.joinWebUrl)).toEqual([join]);
  });
});
