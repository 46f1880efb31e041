import { contentScriptProbe, expect, test } from './fixtures';

test.describe('messages from content scripts', () => {
  test('a content script cannot connect accounts, read the ledger or find times — the background refuses each', async ({ context }) => {
    const ask = await contentScriptProbe(context);

    for (const message of [
      { type: 'accounts.connect', payload: { provider: 'google' } },
      { type: 'ledger.list', payload: {} },
      { type: 'permissions.overview', payload: {} },
      { type: 'schedule.find', payload: {} },
    ]) {
      expect(await ask(message)).toMatchObject({ ok: false, error: { code: 'forbidden-sender', message: expect.stringContaining('content script') } });
    }
    // Asking for a token by any name is simply not a message the background knows.
    expect(await ask({ type: 'auth.getToken', payload: { provider: 'google' } })).toMatchObject({ ok: false, error: { code: 'unknown-message' } });
  });
});
