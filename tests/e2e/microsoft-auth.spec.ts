import type { Page, Worker } from '@playwright/test';
import { microsoftScope } from '@/lib/auth/scopes';
import type { Sandbox } from '../sandbox/start';
import { expect, openExtensionPage, serviceWorkerOf, test } from './fixtures';

const jack = 'jack.nguyen@contoso.example';
const identityScopes = [microsoftScope.openid, microsoftScope.profile, microsoftScope.offlineAccess, microsoftScope.userRead];

/** Sends a message the way the permissions page does, and returns the background's reply. */
function send(page: Page, type: string, payload: unknown): Promise<{ ok: boolean; data?: any; error?: { code: string; message: string } }> {
  return page.evaluate(([type, payload]) => chrome.runtime.sendMessage({ type, payload }), [type, payload] as const);
}

function offscreenDocuments(worker: Worker): Promise<number> {
  return worker.evaluate(async () => (await chrome.runtime.getContexts({ contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT] })).length);
}

function identityRequests(sandbox: Sandbox) {
  return sandbox.log.list({ target: 'microsoft-identity' });
}

test.describe('Microsoft sign-in through MSAL in the offscreen document', () => {
  test('connecting a Microsoft account grants identity and free/busy, and the overview shows exactly those', async ({ context, extensionId, serviceWorker, sandbox }) => {
    sandbox.microsoft.setAutoSignIn(jack, {});
    const page = await openExtensionPage(context, extensionId, 'permissions.html');

    const reply = await send(page, 'accounts.connect', { provider: 'microsoft' });
    expect(reply.error).toBeUndefined();
    expect(reply.data.missing).toEqual([]);
    expect(reply.data.account.email).toBe(jack);

    const overview = await send(page, 'permissions.overview', {});
    const account = overview.data.accounts.find((candidate: { email: string }) => candidate.email === jack);
    expect(account.provider).toBe('microsoft');
    expect(account.granted.map((scope: { scope: string }) => scope.scope).sort()).toEqual([...identityScopes, microsoftScope.calendarsReadBasic].sort());
    expect(account.missing).toEqual([]);
    expect(sandbox.microsoft.consentGrants(jack).map((grant) => grant.grantedScopes.sort())).toEqual([[microsoftScope.calendarsReadBasic, microsoftScope.userRead]]);
    // MSAL ran in the offscreen document, which stays open for the next request until it idles out.
    expect(await offscreenDocuments(serviceWorker)).toBe(1);
  });

  test('after the offscreen document closed and the worker forgot its tokens, renewal is silent', async ({ context, extensionId, serviceWorker, sandbox }) => {
    sandbox.microsoft.setAutoSignIn(jack, {});
    const page = await openExtensionPage(context, extensionId, 'permissions.html');
    const connected = await send(page, 'accounts.connect', { provider: 'microsoft' });
    expect(connected.error).toBeUndefined();

    // Closing the document loses MSAL's cache; clearing the session store and stopping the worker loses Overlap's.
    await serviceWorker.evaluate(async () => {
      await chrome.offscreen.closeDocument();
      await chrome.storage.session.clear();
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    // From now on, any sign-in that needed a form would hang on it instead of completing.
    sandbox.microsoft.setAutoSignIn(jack, null);
    sandbox.log.clear();

    const renewed = await send(page, 'features.set', { accountId: connected.data.account.id, feature: 'find-times', enabled: true });
    expect(renewed.error).toBeUndefined();
    const authorizations = identityRequests(sandbox).filter((request) => request.path === '/auth');
    expect(authorizations.map((request) => [request.query.prompt, request.query.login_hint])).toEqual([['none', jack]]);
    expect(identityRequests(sandbox).filter((request) => request.path.startsWith('/interaction/'))).toEqual([]);
    expect(await offscreenDocuments(await serviceWorkerOf(context))).toBe(1);
  });

  test('a scope the user declines at consent is reported missing for the feature that needs it', async ({ context, extensionId, sandbox }) => {
    sandbox.microsoft.setAutoSignIn(jack, { declineScopes: [microsoftScope.calendarsReadBasic] });
    const page = await openExtensionPage(context, extensionId, 'permissions.html');

    const reply = await send(page, 'accounts.connect', { provider: 'microsoft' });
    expect(reply.error).toBeUndefined();
    expect(reply.data.missing).toEqual([microsoftScope.calendarsReadBasic]);

    const overview = await send(page, 'permissions.overview', {});
    const account = overview.data.accounts.find((candidate: { email: string }) => candidate.email === jack);
    expect(account.granted.map((scope: { scope: string }) => scope.scope).sort()).toEqual([...identityScopes].sort());
    expect(account.missing.map((scope: { scope: string; neededBy: string[] }) => [scope.scope, scope.neededBy])).toEqual([[microsoftScope.calendarsReadBasic, ['find-times']]]);
    expect(sandbox.microsoft.consentGrants(jack)[0]?.declinedScopes).toEqual([microsoftScope.calendarsReadBasic]);
  });

  test('closing the sign-in window reports a cancellation, and the next attempt is not blocked by the abandoned one', async ({ context, extensionId, sandbox }) => {
    const page = await openExtensionPage(context, extensionId, 'permissions.html');
    // Without auto sign-in the stand-in shows its login form in the window Chromium opens.
    const windowOpened = context.waitForEvent('page');
    const abandoned = send(page, 'accounts.connect', { provider: 'microsoft' });
    const signInWindow = await windowOpened;
    await expect(signInWindow.getByRole('heading', { name: 'Sign in to your account' })).toBeVisible();
    await signInWindow.close();
    expect((await abandoned).error).toMatchObject({ code: 'auth-failed', detail: { kind: 'cancelled' } });

    // The same MSAL instance would refuse with interaction_in_progress had the abandoned flow not been ended.
    sandbox.microsoft.setAutoSignIn(jack, {});
    const retried = await send(page, 'accounts.connect', { provider: 'microsoft' });
    expect(retried.error).toBeUndefined();
    expect(retried.data.account.email).toBe(jack);
  });

  test('disconnecting forgets the tokens and points to where Microsoft consent is removed', async ({ context, extensionId, sandbox }) => {
    sandbox.microsoft.setAutoSignIn(jack, {});
    const page = await openExtensionPage(context, extensionId, 'permissions.html');
    const connected = await send(page, 'accounts.connect', { provider: 'microsoft' });
    expect(connected.error).toBeUndefined();

    const reply = await send(page, 'accounts.disconnect', { accountId: connected.data.account.id });
    expect(reply.data).toMatchObject({ revokedAtProvider: false, manageUrl: 'https://myapps.microsoft.com' });
    expect(reply.data.explanation).toContain('https://account.live.com/consent/Manage');
    const overview = await send(page, 'permissions.overview', {});
    expect(overview.data.accounts).toEqual([]);
  });
});
