import { expect, test } from './fixtures';

test.describe('the toolbar popup', () => {
  test('opens from its extension URL and shows that the background answered', async ({ context, extensionId }) => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/popup.html`);
    await expect(page.getByRole('heading', { name: 'Overlap' })).toBeVisible();
    await expect(page.getByTestId('background-status')).toHaveText(/^Ready · version \d+\.\d+\.\d+ · sandbox build/);
  });

  test('opens the permissions page in a new tab', async ({ context, extensionId }) => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/popup.html`);
    const [permissionsPage] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('button', { name: 'Permissions and activity' }).click(),
    ]);
    await expect(permissionsPage).toHaveURL(`chrome-extension://${extensionId}/permissions.html`);
    await expect(permissionsPage.getByRole('heading', { name: 'Permissions and activity' })).toBeVisible();
    await expect(permissionsPage.getByTestId('background-status')).toHaveText(/^Ready/);
  });
});

test.describe('the background message router in Chromium', () => {
  test('refuses a malformed message from an extension page with a field-named error', async ({ context, extensionId }) => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/popup.html`);
    const reply = await page.evaluate(() => chrome.runtime.sendMessage({ type: 'app.status', payload: { sneaky: 1 } }));
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-message', issues: [{ path: 'payload' }] } });
  });

  test('refuses garbage and unknown messages without crashing, and still answers afterwards', async ({ context, extensionId }) => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/popup.html`);
    const replies = await page.evaluate(async () => [
      await chrome.runtime.sendMessage('just a string'),
      await chrome.runtime.sendMessage({ type: 'tokens.get', payload: { provider: 'google' } }),
      await chrome.runtime.sendMessage({ type: 'app.status', payload: {} }),
    ]);
    expect(replies[0]).toMatchObject({ ok: false, error: { code: 'invalid-message' } });
    expect(replies[1]).toMatchObject({ ok: false, error: { code: 'unknown-message' } });
    expect(replies[2]).toMatchObject({ ok: true, data: { flavor: 'sandbox' } });
  });
});
