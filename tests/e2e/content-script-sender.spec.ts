import { connectGoogle } from './helpers';
import { contentScriptProbe, contentScriptProbePage, expect, openExtensionPage, test } from './fixtures';

test.describe('messages from content scripts', () => {
  test('a content script cannot connect accounts, read the ledger, find times or finish or forget a booking — the background refuses each', async ({ context }) => {
    const ask = await contentScriptProbe(context);

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

  test('a content script cannot read storage.session, where the background keeps the tokens', async ({ context, extensionId, serviceWorker, sandbox: _sandbox }) => {
    await connectGoogle(context, await openExtensionPage(context, extensionId, 'permissions.html'));
    // The token is there to be read: the background mirrored it to storage.session.
    expect(await serviceWorker.evaluate(async () => Object.keys(await chrome.storage.session.get(null)))).toContain('overlap.tokens');
    const probe = await contentScriptProbePage(context);
    expect(await probe({ overlapProbe: 'read-session' })).toMatchObject({ readable: false, error: expect.stringContaining('not allowed') });
  });
});
