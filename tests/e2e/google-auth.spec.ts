import type { BrowserContext, Page } from '@playwright/test';
import { googleScope } from '@/lib/auth/scopes';
import { SANDBOX_GOOGLE_CLIENT_ID } from '@/lib/sandbox-endpoints';
import { expect, openExtensionPage, test } from './fixtures';

const ana = 'ana.lima@northwind.example';
/** Google itself reports `email` by its long name; Overlap shows the short one. */
const googleEmailScope = 'https://www.googleapis.com/auth/userinfo.email';

/**
 * Clicks a button that starts a Google sign-in and answers the stand-in's real consent page in
 * the window Chromium opens for `launchWebAuthFlow`: pick the account, untick what the test
 * declines, continue.
 */
async function consentInWindow(context: BrowserContext, start: () => Promise<void>, options: { account?: string; untick?: string[]; expectScopes?: string[] } = {}): Promise<Page> {
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

async function connectGoogle(context: BrowserContext, page: Page, options: { untick?: string[] } = {}) {
  await consentInWindow(context, () => page.getByRole('button', { name: 'Connect Google' }).click(), { account: ana, ...options });
  await expect(page.getByRole('heading', { name: `Google · ${ana}` })).toBeVisible();
}

function account(page: Page) {
  return page.locator(`[data-account="google:${ana}"]`);
}

async function grantedScopeIds(page: Page): Promise<string[]> {
  return account(page).locator('table.scopes tbody .scope-id').allTextContents();
}

test.describe('Google sign-in with least privilege', () => {
  test('connecting Google asks only for identity and free/busy, and the page shows exactly those', async ({ context, extensionId, sandbox }) => {
    const page = await openExtensionPage(context, extensionId, 'permissions.html');
    await consentInWindow(context, () => page.getByRole('button', { name: 'Connect Google' }).click(), {
      account: ana,
      expectScopes: [googleScope.freeBusy],
    });
    await expect(page.getByTestId('notice')).toHaveText(/Connected ana\.lima@northwind\.example/);
    expect(await grantedScopeIds(page)).toEqual(['email', 'openid', googleScope.freeBusy].sort());
    expect([...sandbox.google.identity.grantedScopes(ana, SANDBOX_GOOGLE_CLIENT_ID)].sort()).toEqual([googleEmailScope, 'openid', googleScope.freeBusy].sort());
    await expect(account(page).getByRole('checkbox', { name: /Find mutual free time/ })).toBeChecked();
    await expect(account(page).getByRole('checkbox', { name: /Book meetings/ })).not.toBeChecked();
  });

  test('a scope unticked at consent is reported as not granted, with a way to ask again', async ({ context, extensionId, sandbox }) => {
    const page = await openExtensionPage(context, extensionId, 'permissions.html');
    await connectGoogle(context, page, { untick: [googleScope.freeBusy] });
    await expect(page.getByTestId('notice')).toHaveText(/did not grant everything/);
    const missing = account(page).locator(`[data-missing-scope="${googleScope.freeBusy}"]`);
    await expect(missing).toContainText('See the availability on Google Calendars you have access to');
    expect(await grantedScopeIds(page)).toEqual(['email', 'openid']);

    await consentInWindow(context, () => missing.getByRole('button', { name: 'Ask again' }).click(), { expectScopes: [googleScope.freeBusy] });
    await expect(account(page).locator('[data-missing-scope]')).toHaveCount(0);
    expect(sandbox.google.identity.grantedScopes(ana, SANDBOX_GOOGLE_CLIENT_ID).has(googleScope.freeBusy)).toBe(true);
  });

  test('a feature that needs more asks for just its own scope, and turning it off drops that scope at Google', async ({ context, extensionId, sandbox }) => {
    const page = await openExtensionPage(context, extensionId, 'permissions.html');
    await connectGoogle(context, page);
    const booking = account(page).getByRole('checkbox', { name: /Book meetings/ });

    // The box follows the account's state, so it changes only once consent is given: click, not check.
    await consentInWindow(context, () => booking.click(), { expectScopes: [googleScope.ownedEvents] });
    await expect(booking).toBeChecked();
    expect(sandbox.google.identity.grantedScopes(ana, SANDBOX_GOOGLE_CLIENT_ID).has(googleScope.ownedEvents)).toBe(true);

    // Google can only revoke a whole grant: Overlap revokes, then asks again for what is still needed.
    await consentInWindow(context, () => booking.click(), { expectScopes: [googleScope.freeBusy] });
    await expect(page.getByTestId('notice')).toHaveText(/Google cannot remove a single permission/);
    await expect(booking).not.toBeChecked();
    expect([...sandbox.google.identity.grantedScopes(ana, SANDBOX_GOOGLE_CLIENT_ID)].sort()).toEqual([googleEmailScope, 'openid', googleScope.freeBusy].sort());
    expect(await grantedScopeIds(page)).not.toContain(googleScope.ownedEvents);
  });

  test('disconnecting revokes the grant at Google and deletes what Overlap kept about the account', async ({ context, extensionId, sandbox }) => {
    const page = await openExtensionPage(context, extensionId, 'permissions.html');
    await connectGoogle(context, page);
    await expect(page.locator('table.ledger tbody tr')).toHaveCount(1);

    await account(page).getByRole('button', { name: `Disconnect ${ana}` }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Disconnect' }).click();
    await expect(page.getByTestId('notice')).toHaveText(/Google withdrew every permission/);
    await expect(page.getByText('No account is connected.')).toBeVisible();
    await expect(page.locator('table.ledger')).toHaveCount(0);
    expect(sandbox.google.identity.grantedScopes(ana, SANDBOX_GOOGLE_CLIENT_ID).size).toBe(0);
  });
});
