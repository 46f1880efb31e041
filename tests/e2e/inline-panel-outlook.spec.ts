import type { Page } from '@playwright/test';
import { wallTimeIn } from '@/lib/sites/core/panel-plan';
import { expect, openExtensionPage, test } from './fixtures';
import { connectGoogle, consentInWindow } from './helpers';
import { expectFormHoldsResult, healthRecorded, launchers as siteLaunchers, openOutlook, openPanel as openSitePanel, outlookForms, serveOutlookFixture, useBestTime } from './sites';

const ben = 'ben.carter@northwind.example';
const chloe = 'chloe.dubois@northwind.example';
const isla = 'isla.mcdonald@contoso.example';

const launchers = (page: Page) => siteLaunchers(page, 'outlook');
const openPanel = (page: Page, index = 0) => openSitePanel(page, 'outlook', index);

async function connect(context: Parameters<typeof connectGoogle>[0], extensionId: string): Promise<Page> {
  const permissions = await openExtensionPage(context, extensionId, 'permissions.html');
  await connectGoogle(context, permissions);
  return permissions;
}

async function newEventDialog(page: Page, name = 'New event'): Promise<void> {
  await page.getByRole('button', { name }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
}

test.describe('the inline panel in Outlook on the web', () => {
  test.beforeEach(async ({ context }) => {
    await serveOutlookFixture(context);
  });

  test('the new-event dialog gets a launcher whose panel is pre-filled with the required and optional chips, the half-typed address, the title and the duration', async ({ context, extensionId, sandbox: _sandbox }) => {
    await connect(context, extensionId);
    const page = await openOutlook(context, '/calendar/view/week', { required: ben, optional: chloe, typed: 'isla.mcdonald@contoso', title: 'Roadmap review', start: '2026-12-03T10:00', end: '2026-12-03T10:50' });
    await expect(launchers(page)).toHaveCount(0);
    await newEventDialog(page);
    await expect(page.locator('[role="dialog"] [data-overlap-launcher="outlook"]')).toHaveCount(1);
    const frame = await openPanel(page);
    const people = frame.getByRole('list', { name: 'People to meet' });
    await expect(people.getByRole('button', { name: `Remove ${ben}` })).toBeVisible();
    await expect(people.getByRole('button', { name: `Optional: ${ben}` })).toHaveAttribute('aria-pressed', 'false');
    await expect(people.getByRole('button', { name: `Optional: ${chloe}` })).toHaveAttribute('aria-pressed', 'true');
    await expect(frame.getByRole('combobox', { name: 'Participants' })).toHaveValue('isla.mcdonald@contoso');
    await expect(frame.getByRole('spinbutton', { name: 'Custom duration in minutes' })).toHaveValue('50');
  });

  test('the full-page form, reached by expanding the dialog, gets its own launcher; a time found against the stand-ins lands in its comboboxes and the fixture state holds it', async ({ context, extensionId, sandbox: _sandbox }) => {
    await connect(context, extensionId);
    const page = await openOutlook(context, '/calendar/view/week', { required: ben, optional: isla });
    await newEventDialog(page);
    await launchers(page).click();
    await page.getByRole('button', { name: 'Expand' }).click();
    await expect(page).toHaveURL(/\/calendar\/action\/compose/);
    await expect(page.locator('[data-overlap-panel="outlook"]')).toHaveCount(0);
    await expect(page.locator('[role="main"] [data-overlap-launcher="outlook"]')).toHaveCount(1);
    const frame = await openPanel(page);
    await expect(frame.getByRole('button', { name: `Optional: ${isla}` })).toHaveAttribute('aria-pressed', 'true');
    const when = await useBestTime(frame);
    await expect(frame.locator('[data-overlap-result]')).toHaveText(when);
    const form = (await outlookForms(page)).find((entry) => entry.kind === 'page')!;
    await expectFormHoldsResult(page, frame, form);
    // The fixture re-renders every field from its state: what the combobox shows is what Outlook took.
    await page.waitForTimeout(400);
    expect(await page.getByRole('combobox', { name: 'Start time' }).inputValue()).toMatch(/^\d{1,2}:\d{2} (AM|PM)$/);
    expect(form.teams).toBe(false);
  });

  test('a Meet link made by the Google account lands in the location and the body once, even when written again, and Google holds one room', async ({ context, extensionId, sandbox }) => {
    const permissions = await connect(context, extensionId);
    const meetLinks = permissions.getByRole('checkbox', { name: /Google Meet links on Outlook meetings/ });
    await consentInWindow(context, () => meetLinks.click());
    await expect(meetLinks).toBeChecked();
    const page = await openOutlook(context, '/calendar/view/week', { required: ben, title: 'Partner sync' });
    await newEventDialog(page);
    const frame = await openPanel(page);
    await frame.getByRole('checkbox', { name: 'Add a Google Meet link' }).check();
    await useBestTime(frame);
    await expect(frame.locator('[data-overlap-result]')).toBeVisible();
    expect(sandbox.google.meetSpaces()).toHaveLength(1);
    const join = sandbox.google.meetSpaces()[0]!.meetingUri;

    await frame.getByRole('button', { name: 'Write it again' }).click();
    await expect(frame.getByText('Writing into the form…')).toHaveCount(0);
    await expect(frame.locator('[data-overlap-result]')).toBeVisible();
    const [form] = await outlookForms(page);
    expect(form!.location).toBe(join);
    expect(form!.body.split(join)).toHaveLength(2);
    expect(form!.body).toContain(`Join the Google Meet call: ${join}`);
    // The retry got the room stored for this panel's key: still one.
    expect(sandbox.google.meetSpaces()).toHaveLength(1);
    expect(form!.teams).toBe(false);
  });

  test('a refused start time shows the clipboard fallback and a compose deep link on the same host, which opens a form pre-filled with the time', async ({ context, extensionId, sandbox: _sandbox }) => {
    await connect(context, extensionId);
    const page = await openOutlook(context, '/calendar/view/week', { required: ben, title: 'Budget', refuse: 'startTime' }, 'outlook.office365.com');
    await newEventDialog(page);
    const frame = await openPanel(page);
    const when = await useBestTime(frame);
    const fallback = frame.getByTestId('write-fallback');
    await expect(fallback).toContainText('Outlook did not take the start time');
    await expect(fallback.getByRole('textbox', { name: 'The time to paste' })).toHaveValue(new RegExp(`^${when.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(`));
    const [form] = await outlookForms(page);
    expect(form!.startTime).toBe('10:00');

    const link = fallback.getByRole('link', { name: 'Open a new Outlook event with this time instead' });
    const url = new URL((await link.getAttribute('href'))!);
    expect(`${url.origin}${url.pathname}`).toBe('https://outlook.office365.com/calendar/deeplink/compose');
    expect(url.searchParams.get('subject')).toBe('Budget');
    const [start, end] = [url.searchParams.get('startdt')!, url.searchParams.get('enddt')!];
    expect(Date.parse(end) - Date.parse(start)).toBe(60 * 60_000);
    const [opened] = await Promise.all([context.waitForEvent('page'), link.click()]);
    await expect(opened.getByPlaceholder('Add title')).toHaveValue('Budget');
    const [prefilled] = await outlookForms(opened);
    const zone = await opened.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect({ date: prefilled!.startDate, time: prefilled!.startTime }).toEqual(wallTimeIn(start, zone));
  });

  test('the German form is found by its German labels and takes German dates and times', async ({ context, extensionId, sandbox: _sandbox }) => {
    await connect(context, extensionId);
    const page = await openOutlook(context, '/calendar/view/week', { hl: 'de', required: ben, optional: chloe }, 'outlook.live.com');
    await newEventDialog(page, 'Neues Ereignis');
    const frame = await openPanel(page);
    await expect(frame.getByRole('button', { name: `Optional: ${chloe}` })).toHaveAttribute('aria-pressed', 'true');
    const when = await useBestTime(frame);
    await expect(frame.locator('[data-overlap-result]')).toHaveText(when);
    const [form] = await outlookForms(page);
    await expectFormHoldsResult(page, frame, form!);
    await page.waitForTimeout(400);
    expect(await page.getByRole('combobox', { name: 'Startzeit' }).inputValue()).toBe(form!.startTime);
  });

  test('a second new-event form gets its own panel, bound to its own attendees and its own form', async ({ context, extensionId, sandbox: _sandbox }) => {
    await connect(context, extensionId);
    const page = await openOutlook(context, '/calendar/view/week', { required: ben, next: chloe });
    await newEventDialog(page);
    const first = await openPanel(page);
    await expect(first.getByRole('button', { name: `Remove ${ben}` })).toBeVisible();
    // Outlook shows one new-event dialog at a time: the first is discarded, then another opened.
    await page.getByRole('button', { name: 'Discard' }).click();
    await expect(page.locator('[data-overlap-panel="outlook"]')).toHaveCount(0);
    await newEventDialog(page);
    const second = await openPanel(page);
    await expect(second.getByRole('button', { name: `Remove ${chloe}` })).toBeVisible();
    await expect(second.getByRole('button', { name: `Remove ${ben}` })).toHaveCount(0);
    const when = await useBestTime(second);
    await expect(second.locator('[data-overlap-result]')).toHaveText(when);
    const [discarded, current] = await outlookForms(page);
    await expectFormHoldsResult(page, second, current!);
    expect(`${discarded!.startDate}T${discarded!.startTime}`).toBe('2026-12-03T10:00');
  });

  test('moving to Mail and back leaves no launcher or panel where no form is', async ({ context }) => {
    const page = await openOutlook(context, '/calendar/view/week', { required: ben });
    await newEventDialog(page);
    await expect(launchers(page)).toHaveCount(1);
    await launchers(page).click();
    await page.getByRole('link', { name: 'Mail' }).click();
    await expect(page).toHaveURL(/\/mail\//);
    await expect(launchers(page)).toHaveCount(0);
    await expect(page.locator('[data-overlap-panel="outlook"]')).toHaveCount(0);
  });

  test('a full-page form whose anchors are gone gets no launcher, and the popup says the Outlook panel is unavailable', async ({ context, extensionId, serviceWorker }) => {
    const page = await openOutlook(context, '/calendar/action/compose', { variant: 'changed', required: ben });
    await expect(page.locator('[role="main"] input').first()).toBeVisible();
    await healthRecorded(serviceWorker, 'outlook');
    const popup = await openExtensionPage(context, extensionId, 'popup.html');
    await expect(popup.getByRole('status').filter({ hasText: 'Outlook inline panel unavailable: the page changed' })).toBeVisible({ timeout: 10_000 });
    await expect(launchers(page)).toHaveCount(0);
  });
});
