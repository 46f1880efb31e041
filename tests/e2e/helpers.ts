import type { BrowserContext, Locator, Page } from '@playwright/test';
import type { Sandbox } from '../sandbox/start';
import { googleScope } from '@/lib/auth/scopes';
import { partnerKeyProperty } from '@/lib/providers/google';
import { partnerPropertyId } from '@/lib/providers/microsoft/client';
import { expect, openExtensionPage } from './fixtures';

/** The Google Workspace organizer most tests sign in as. */
export const ana = 'ana.lima@northwind.example';
/** A Microsoft 365 (contoso.example) person with Teams. */
export const jack = 'jack.nguyen@contoso.example';

/** Google events Overlap made on a calendar (Ana's by default): only those carry the partner tag. */
export function googlePartnerEvents(sandbox: Sandbox, calendarId = ana) {
  return sandbox.google.readEvents(calendarId).filter((event) => event.extendedProperties?.private?.[partnerKeyProperty]);
}

/** The partner key Overlap tagged a Microsoft event with, or undefined for the user's own events. */
export function microsoftPartnerKeyOf(event: ReturnType<Sandbox['microsoft']['readEvents']>[number] | undefined): string | undefined {
  return event?.singleValueExtendedProperties?.find((property) => property.id?.toLowerCase() === partnerPropertyId.toLowerCase())?.value ?? undefined;
}

/** Microsoft events Overlap made in a mailbox (Jack's by default). */
export function microsoftPartnerEvents(sandbox: Sandbox, mailbox = jack) {
  return sandbox.microsoft.readEvents(mailbox).filter((event) => microsoftPartnerKeyOf(event));
}

/**
 * Clicks a button that starts a Google sign-in and answers the stand-in's real consent page in
 * the window Chromium opens for `launchWebAuthFlow`: pick the account, untick what the test
 * declines, continue.
 */
export async function consentInWindow(
  context: BrowserContext,
  start: () => Promise<void>,
  options: { account?: string; untick?: string[]; expectScopes?: string[] } = {},
): Promise<Page> {
  const [consent] = await Promise.all([context.waitForEvent('page'), start()]);
  await consent.waitForLoadState();
  await expect(consent.getByRole('heading', { name: /wants access to your Google Account/ })).toBeVisible();
  if (options.expectScopes) {
    const tickable = await consent.locator('input[name="scope"]').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    expect(tickable).toEqual(options.expectScopes);
  }
  if (options.account) await consent.getByRole('radio', { name: new RegExp(options.account.replace('.', '\\.')) }).check();
  for (const scope of options.untick ?? []) await consent.locator(`input[name="scope"][value="${scope}"]`).uncheck();
  await Promise.all([consent.waitForEvent('close'), consent.getByRole('button', { name: 'Continue' }).click()]);
  return consent;
}

/** Connects Ana's Google account from the permissions page, answering the consent window. */
export async function connectGoogle(context: BrowserContext, page: Page, options: { untick?: string[] } = {}): Promise<void> {
  await consentInWindow(context, () => page.getByRole('button', { name: 'Connect Google' }).click(), { account: ana, ...options });
  await expect(page.getByRole('heading', { name: `Google · ${ana}` })).toBeVisible();
}

/**
 * Connects Ana's Google account and turns "Book meetings" on, answering its consent window, so a
 * later booking opens no window of its own.
 */
export async function connectGoogleWithBooking(context: BrowserContext, page: Page): Promise<void> {
  await connectGoogle(context, page);
  const booking = page.getByRole('checkbox', { name: /Book meetings/ });
  await consentInWindow(context, () => booking.click(), { expectScopes: [googleScope.ownedEvents] });
  await expect(booking).toBeChecked();
}

/**
 * Connects a Microsoft account from the permissions page. The stand-in signs `email` in without a
 * form (every MSAL window becomes redirects), so later consent for booking needs no answering either.
 */
export async function connectMicrosoft(page: Page, sandbox: Sandbox, email: string): Promise<void> {
  sandbox.microsoft.setAutoSignIn(email, {});
  await page.getByRole('button', { name: 'Connect Microsoft' }).click();
  await expect(page.getByRole('heading', { name: `Microsoft · ${email}` })).toBeVisible();
}

/** The popup in a tab, once the background answered and the accounts are loaded. */
export async function openPopup(context: BrowserContext, extensionId: string): Promise<Page> {
  const popup = await openExtensionPage(context, extensionId, 'popup.html');
  await expect(popup.getByRole('button', { name: 'Find times' })).toBeVisible();
  return popup;
}

export function participantsField(popup: Page): Locator {
  return popup.getByRole('combobox', { name: 'Participants' });
}

/** Types one address and presses Enter, as a keyboard user adds a person. */
export async function typeParticipant(popup: Page, email: string): Promise<void> {
  await participantsField(popup).pressSequentially(email);
  await participantsField(popup).press('Enter');
  await expect(popup.getByRole('list', { name: 'People to meet' }).getByRole('button', { name: `Remove ${email}` })).toBeVisible();
}

/**
 * Pastes text into the participants field the way the browser delivers a paste: a `paste` event
 * carrying the clipboard's text, which the field splits into people.
 */
export async function pasteParticipants(popup: Page, text: string): Promise<void> {
  await participantsField(popup).focus();
  await participantsField(popup).evaluate((input, pasted) => {
    const clipboardData = new DataTransfer();
    clipboardData.setData('text/plain', pasted);
    input.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
  }, text);
}

/**
 * Adds people (the first typed, the rest pasted as lines, as copied from a spreadsheet column),
 * picks a duration and asks for times.
 */
export async function searchFor(popup: Page, emails: string[], options: { minutes?: number } = {}): Promise<void> {
  const [first, ...rest] = emails;
  if (first) await typeParticipant(popup, first);
  if (rest.length) {
    await pasteParticipants(popup, `${rest.join('\n')}\n`);
    for (const email of rest) await expect(popup.getByRole('button', { name: `Remove ${email}` })).toBeVisible();
  }
  if (options.minutes !== undefined) {
    const preset = popup.getByRole('radio', { name: `${options.minutes} minutes`, exact: true });
    if (await preset.count()) await preset.check();
    else await popup.getByRole('spinbutton', { name: 'Custom duration in minutes' }).fill(String(options.minutes));
  }
  await popup.getByRole('button', { name: 'Find times' }).click();
}

/** The results heading: "N times found", "1 time found" or "No time fits". */
export function resultsHeading(popup: Page): Locator {
  return popup.getByRole('heading', { name: /^(\d+ times? found|No time fits)$/ });
}

/** The first (best) slot's accessible "when", e.g. "Tue 24 Nov, 10:00–10:30". */
export async function firstSlotWhen(popup: Page): Promise<string> {
  const name = await popup.getByRole('button', { name: /^Book / }).first().getAttribute('aria-label');
  return (name ?? '').replace(/^Book\s*/, '').trim();
}

/**
 * Searches for `emails`, opens the best time's booking confirmation and gives it `title`; the
 * popup must already have an account connected.
 */
export async function confirmBestTime(popup: Page, emails: string[], title: string): Promise<{ popup: Page; when: string; dialog: Locator }> {
  await searchFor(popup, emails, { minutes: 30 });
  await expect(resultsHeading(popup)).toHaveText(/\d+ times? found/);
  const when = await firstSlotWhen(popup);
  await popup.getByRole('button', { name: `Book ${when}` }).click();
  const dialog = popup.getByRole('dialog', { name: 'Confirm the meeting' });
  await dialog.getByRole('textbox', { name: 'Title' }).fill(title);
  return { popup, when, dialog };
}
