import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SettableClock } from '@/tests/sandbox/core/clock';
import type { SandboxContext } from '@/tests/sandbox/core/context';
import { FaultInjector } from '@/tests/sandbox/core/faults';
import { RequestLog } from '@/tests/sandbox/core/request-log';
import { startGoogleStandIns, type GoogleStandIns } from '@/tests/sandbox/google';
import { authorizeUrl, runAuthorize } from './helpers';

const scope = (name: string) => `https://www.googleapis.com/auth/${name}`;
const freeBusy = scope('calendar.events.freebusy');
const settings = scope('calendar.settings.readonly');
const owned = scope('calendar.events.owned');

let ctx: SandboxContext;
let google: GoogleStandIns;

beforeAll(async () => {
  ctx = { faults: new FaultInjector(), log: new RequestLog(), clock: new SettableClock({ now: new Date('2026-03-04T09:00:00Z') }) };
  google = await startGoogleStandIns(ctx, { googleIdentity: 0, googleToken: 0, googleCalendar: 0, googleMeet: 0 });
});
afterAll(async () => {
  await google.stop();
});
beforeEach(() => {
  google.state.clearConsentPolicies();
});

async function consentForm(params: Parameters<typeof authorizeUrl>[1]) {
  const response = await fetch(authorizeUrl(google.urls.googleAuthorize, params), { redirect: 'manual' });
  expect(response.status).toBe(200);
  const html = await response.text();
  const original = /name="original" value="([^"]*)"/.exec(html)?.[1]?.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
  if (!original) throw new Error('The consent page has no form.');
  return { html, original };
}

async function submitConsent(original: string, account: string, tickedScopes: string[], decision: 'allow' | 'deny' = 'allow') {
  const form = new URLSearchParams({ original, account, decision });
  for (const ticked of tickedScopes) form.append('scope', ticked);
  const response = await fetch(new URL('/o/oauth2/v2/auth/consent', google.urls.googleAuthorize), { method: 'POST', body: form, redirect: 'manual' });
  expect(response.status).toBe(302);
  return new URLSearchParams(new URL(response.headers.get('location')!).hash.slice(1));
}

const tokenInfo = (token: string) => fetch(`${google.urls.googleToken}/tokeninfo?access_token=${encodeURIComponent(token)}`);
const timeZoneWith = (token: string) => fetch(`${google.urls.googleCalendar}/users/me/settings/timezone`, { headers: { authorization: `Bearer ${token}` } });

describe('Google identity stand-in', () => {
  it('lists every requested scope with a checkbox, identity scopes locked, and the seeded accounts', async () => {
    const { html } = await consentForm({ scope: `email ${freeBusy} ${settings}`, loginHint: 'ana.lima@northwind.example' });
    expect(html).toContain(`name="scope" value="${freeBusy}"`);
    expect(html).toContain(`name="scope" value="${settings}"`);
    expect(html).toMatch(/checked disabled> https:\/\/www\.googleapis\.com\/auth\/userinfo\.email/);
    expect(html).toContain('value="ana.lima@northwind.example" checked');
    expect(html).toContain('value="dev.patel@northwind.example"');
    expect(html).not.toContain('gita.shrestha@contoso.example');
  });

  it('grants only the scopes left ticked, and the token is refused for an unticked one', async () => {
    const { original } = await consentForm({ scope: `email ${freeBusy} ${settings}`, loginHint: 'ana.lima@northwind.example' });
    const fragment = await submitConsent(original, 'ana.lima@northwind.example', [freeBusy]);
    expect(fragment.get('state')).toBe('test-state');
    expect(fragment.get('token_type')).toBe('Bearer');
    expect(fragment.get('expires_in')).toBe('3599');
    expect(fragment.get('scope')!.split(' ').sort()).toEqual([freeBusy, scope('userinfo.email')].sort());
    const token = fragment.get('access_token')!;
    const info = (await (await tokenInfo(token)).json()) as Record<string, string>;
    expect(info).toMatchObject({ email: 'ana.lima@northwind.example', expires_in: '3599' });
    expect(info.scope!.split(' ')).not.toContain(settings);
    const refused = await timeZoneWith(token);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { errors: { reason: string }[] } }).error.errors[0]!.reason).toBe('insufficientPermissions');
  });

  it('answers access_denied when the user cancels', async () => {
    const { original } = await consentForm({ scope: freeBusy, loginHint: 'ana.lima@northwind.example', prompt: 'consent' });
    expect((await submitConsent(original, 'ana.lima@northwind.example', [freeBusy], 'deny')).get('error')).toBe('access_denied');
  });

  it('skips the consent page when the account already granted every requested scope', async () => {
    google.state.issueToken('emma.schmidt@northwind.example', [settings]);
    const fragment = await runAuthorize(google.urls.googleAuthorize, { scope: settings, loginHint: 'emma.schmidt@northwind.example' });
    expect(fragment.get('scope')).toBe(settings);
  });

  it('answers prompt=none with interaction_required when no account is known', async () => {
    const fragment = await runAuthorize(google.urls.googleAuthorize, { scope: freeBusy, prompt: 'none' });
    expect(fragment.get('error')).toBe('interaction_required');
    expect(fragment.get('access_token')).toBeNull();
  });

  it('answers prompt=none with consent_required when the account never granted the scope', async () => {
    const fragment = await runAuthorize(google.urls.googleAuthorize, { scope: owned, prompt: 'none', loginHint: 'emma.schmidt@northwind.example' });
    expect(fragment.get('error')).toBe('consent_required');
  });

  it('renews silently with prompt=none once granted, and include_granted_scopes adds earlier grants', async () => {
    google.state.issueToken('farah.haddad@northwind.example', [freeBusy]);
    google.state.issueToken('farah.haddad@northwind.example', [settings]);
    const narrow = await runAuthorize(google.urls.googleAuthorize, { scope: settings, prompt: 'none', loginHint: 'farah.haddad@northwind.example' });
    expect(narrow.get('scope')).toBe(settings);
    const wide = await runAuthorize(google.urls.googleAuthorize, { scope: settings, prompt: 'none', loginHint: 'farah.haddad@northwind.example', includeGrantedScopes: true });
    expect(wide.get('scope')!.split(' ').sort()).toEqual([freeBusy, settings].sort());
  });

  it('answers with a single redirect under the test auto-consent policy, granting only what the policy allows', async () => {
    google.state.setConsentPolicy({ account: 'ben.carter@northwind.example', grant: [freeBusy] });
    const fragment = await runAuthorize(google.urls.googleAuthorize, { scope: `openid email ${freeBusy} ${owned}` });
    expect(fragment.get('scope')!.split(' ').sort()).toEqual(['openid', freeBusy, scope('userinfo.email')].sort());
  });

  it('revokes the whole grant: every token of it dies, and silent renewal then needs consent', async () => {
    const account = 'chloe.dubois@northwind.example';
    const first = google.state.issueToken(account, [freeBusy]);
    const second = google.state.issueToken(account, [settings]);
    const revoke = await fetch(`${google.urls.googleToken}/revoke?token=${encodeURIComponent(first)}`, { method: 'POST' });
    expect(revoke.status).toBe(200);
    for (const token of [first, second]) {
      expect((await tokenInfo(token)).status).toBe(400);
      const answer = await timeZoneWith(token);
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toContain('error="invalid_token"');
    }
    const renewal = await runAuthorize(google.urls.googleAuthorize, { scope: settings, prompt: 'none', loginHint: account });
    expect(renewal.get('error')).toBe('consent_required');
    expect((await fetch(`${google.urls.googleToken}/revoke?token=${encodeURIComponent(first)}`, { method: 'POST' })).status).toBe(400);
  });

  it('expires tokens by the sandbox clock: tokeninfo refuses them and the API answers 401 authError', async () => {
    const token = google.state.issueToken('dev.patel@northwind.example', [settings]);
    expect((await timeZoneWith(token)).status).toBe(200);
    ctx.clock.advance(3600);
    expect((await tokenInfo(token)).status).toBe(400);
    const answer = await timeZoneWith(token);
    expect(answer.status).toBe(401);
    expect(((await answer.json()) as { error: { errors: { reason: string }[] } }).error.errors[0]!.reason).toBe('authError');
  });

  it('refuses an OAuth client it does not know with an error page', async () => {
    const url = new URL(authorizeUrl(google.urls.googleAuthorize, { scope: freeBusy }));
    url.searchParams.set('client_id', 'someone-else.apps.googleusercontent.com');
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('invalid_client');
  });

  it('shows an error page instead of redirecting to an unregistered redirect URI', async () => {
    const url = new URL(authorizeUrl(google.urls.googleAuthorize, { scope: freeBusy }));
    url.searchParams.set('redirect_uri', 'https://evil.example/steal');
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('redirect_uri_mismatch');
  });

  it('shows an invalid_scope error page for a scope Google does not know', async () => {
    const response = await fetch(authorizeUrl(google.urls.googleAuthorize, { scope: scope('calendar.everything') }), { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('invalid_scope');
  });

  it('never writes a token into the request log', async () => {
    const token = google.state.issueToken('dev.patel@northwind.example', [settings]);
    await tokenInfo(token);
    await fetch(`${google.urls.googleToken}/revoke?token=${encodeURIComponent(token)}`, { method: 'POST' });
    const logged = JSON.stringify(ctx.log.list());
    expect(logged).not.toContain(token);
    expect(logged).toContain('[redacted]');
  });
});
