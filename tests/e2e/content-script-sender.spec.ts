import { expect, test } from './fixtures';

/** A loopback page where the sandbox build's probe content script runs. */
const hostPage = 'http://127.0.0.1:47899/host-page';

test.describe('messages from content scripts', () => {
  test('a content script cannot connect accounts, read the ledger, find times or finish or forget a booking — the background refuses each', async ({ context }) => {
    await context.route(hostPage, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Host page</title><p>A page Overlap does not control.</p>' }));
    const page = await context.newPage();
    await page.goto(hostPage);
    const ask = (message: unknown) =>
      page.evaluate(
        (message) =>
          new Promise((resolve) => {
            window.addEventListener('message', (event) => {
              if (event.data?.overlapProbe === 'reply') resolve(event.data.reply);
            });
            window.postMessage({ overlapProbe: 'request', message }, '*');
          }),
        message,
      );

    for (const message of [
      { type: 'accounts.connect', payload: { provider: 'google' } },
      { type: 'ledger.list', payload: {} },
      { type: 'permissions.overview', payload: {} },
      { type: 'schedule.find', payload: {} },
      { type: 'meetings.finish', payload: { meetingId: '00000000-0000-4000-8000-000000000000' } },
      { type: 'meetings.forget', payload: { meetingId: '00000000-0000-4000-8000-000000000000' } },
    ]) {
      expect(await ask(message)).toMatchObject({ ok: false, error: { code: 'forbidden-sender', message: expect.stringContaining('content script') } });
    }
    // Asking for a token by any name is simply not a message the background knows.
    expect(await ask({ type: 'auth.getToken', payload: { provider: 'google' } })).toMatchObject({ ok: false, error: { code: 'unknown-message' } });
  });
});
