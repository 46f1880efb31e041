import type { Page } from '@playwright/test';
import { googleScope } from '@/lib/auth/scopes';
import { SANDBOX_GOOGLE_CLIENT_ID } from '@/lib/sandbox-endpoints';
import { expect, openExtensionPage, test } from './fixtures';
import { ana, connectGoogle, consentInWindow } from './helpers';

/** Google itself reports `email` by its long name; Overlap shows the short one. */
const googleEmailScope = 'https://www.googleapis.com/auth/userinfo.email';

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
    // The sign-in and the tokeninfo call that confirmed it.
    await expect(page.locator('table.ledger tbody tr')).toHaveCount(2);
    await expect(page.locator('table.ledger tbody tr').filter({ hasText: 'POST /tokeninfo' })).toHaveCount(1);

    await account(page).getByRole('button', { name: `Disconnect ${ana}` }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Disconnect' }).click();
    await expect(page.getByTestId('notice')).toHaveText(/Google withdrew every permission/);
    await expect(page.getByText('No account is connected.')).toBeVisible();
    await expect(page.locator('table.ledger')).toHaveCount(0);
    expect(sandbox.google.identity.grantedScopes(ana, SANDBOX_GOOGLE_CLIENT_ID).size).toBe(0);
  });

  test.describe('tokens in use', () => {
    const colleagues = ['ben.carter@northwind.example', 'chloe.dubois@northwind.example', 'dev.patel@northwind.example'];

    /** Asks the background for mutual times, as the popup will, from an extension page. */
    function findTimes(page: Page) {
      return page.evaluate(
        (payload) => chrome.runtime.sendMessage({ type: 'schedule.find', payload }),
        {
          organizerAccountId: `google:${ana}`,
          timeZone: 'America/Sao_Paulo',
          participants: colleagues.map((email) => ({ email })),
          durationMinutes: 30,
          start: new Date(Date.now() + 86_400_000).toISOString(),
          end: new Date(Date.now() + 8 * 86_400_000).toISOString(),
        },
      );
    }

    test('finding times reads free/busy once per batch and writes each call into the ledger, without the token', async ({ context, extensionId, sandbox }) => {
      const page = await openExtensionPage(context, extensionId, 'permissions.html');
      await connectGoogle(context, page);
      sandbox.log.clear();

      const reply = await findTimes(page);
      expect(reply).toMatchObject({ ok: true, data: { result: { ok: true } } });
      expect(reply.data.result.slots.length).toBeGreaterThan(0);
      expect(sandbox.log.list({ target: 'google-calendar', pathIncludes: '/freeBusy' })).toHaveLength(1);

      const ledger = await page.evaluate(() => chrome.runtime.sendMessage({ type: 'ledger.list', payload: { feature: 'find-times' } }));
      expect(ledger.data[0]).toMatchObject({ accountId: `google:${ana}`, operation: 'POST /freeBusy', scope: googleScope.freeBusy, outcome: 'ok', detail: '200' });
      expect(JSON.stringify(ledger)).not.toMatch(/access_token|Bearer|sandbox-token/i);
    });

    test('an expired token is renewed silently with prompt=none, and no window opens', async ({ context, extensionId, sandbox }) => {
      const page = await openExtensionPage(context, extensionId, 'permissions.html');
      await connectGoogle(context, page);
      expect(sandbox.google.expireTokens(ana)).toBeGreaterThan(0);
      sandbox.log.clear();
      const pagesBefore = context.pages().length;

      const reply = await findTimes(page);
      expect(reply).toMatchObject({ ok: true, data: { result: { ok: true } } });
      expect(context.pages()).toHaveLength(pagesBefore);
      const renewals = sandbox.log.list({ target: 'google-identity', pathIncludes: '/o/oauth2/v2/auth' });
      expect(renewals.map((entry) => [entry.query.prompt, entry.query.login_hint])).toEqual([['none', ana]]);
      // The first call was refused with 401, the retry with the renewed token went through.
      expect(sandbox.log.list({ target: 'google-calendar' }).map((entry) => entry.status)).toEqual([401, 200]);
    });

    test('when silent renewal fails because the grant is gone, a consent window opens and the search completes', async ({ context, extensionId, sandbox }) => {
      const page = await openExtensionPage(context, extensionId, 'permissions.html');
      await connectGoogle(context, page);
      sandbox.google.revokeGrant(ana);

      const [reply] = await Promise.all([
        findTimes(page),
        consentInWindow(context, async () => undefined, { expectScopes: [googleScope.freeBusy] }),
      ]);
      expect(reply).toMatchObject({ ok: true, data: { result: { ok: true } } });
    });

    test('after disconnecting, every token Overlap held is dead at Google and the account cannot be used', async ({ context, extensionId, sandbox }) => {
      const page = await openExtensionPage(context, extensionId, 'permissions.html');
      await connectGoogle(context, page);
      await account(page).getByRole('button', { name: `Disconnect ${ana}` }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: 'Disconnect' }).click();
      await expect(page.getByText('No account is connected.')).toBeVisible();

      // Expiring finds nothing left alive to expire: the revoke killed every token of the grant.
      expect(sandbox.google.expireTokens(ana)).toBe(0);
      const reply = await findTimes(page);
      expect(reply).toMatchObject({ ok: false, error: { message: /not connected/ } });
    });
  });
});

