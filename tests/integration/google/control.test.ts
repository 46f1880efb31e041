import { describe, expect, it } from 'vitest';
import type { Sandbox } from '@/tests/sandbox/start';
import { runAuthorize } from './helpers';
import { withStandIns } from '../stand-ins';

const settingsScope = 'https://www.googleapis.com/auth/calendar.settings.readonly';
let sandbox: Sandbox;

withStandIns({ now: new Date('2026-03-04T09:00:00Z') }, (started) => (sandbox = started));

const control = (path: string, init?: { method?: string; body?: unknown }) =>
  fetch(`${sandbox.urls.control}${path}`, {
    method: init?.method ?? 'GET',
    ...(init?.body === undefined ? {} : { body: JSON.stringify(init.body), headers: { 'content-type': 'application/json' } }),
  });

describe('sandbox control endpoint (Google side)', () => {
  it('serves every stand-in on loopback and reports the sandbox clock', async () => {
    for (const url of Object.values(sandbox.urls)) expect(new URL(url).hostname).toBe('127.0.0.1');
    expect(await (await control('/health')).json()).toEqual({ ok: true, now: '2026-03-04T09:00:00.000Z' });
  });

  it('rejects a malformed fault rule with the offending field', async () => {
    const response = await control('/faults', { method: 'POST', body: { target: 'google-calendar', times: 0, fault: { kind: 'status', status: 200 } } });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { issues: { path: string }[] };
    expect(body.issues.map((issue) => issue.path).sort()).toEqual(['fault.status', 'times']);
  });

  it('injects a fault over HTTP that the next matching request meets, once', async () => {
    const token = sandbox.google.issueToken('dev.patel@northwind.example', [settingsScope]);
    const created = await control('/faults', { method: 'POST', body: { target: 'google-calendar', match: { pathIncludes: '/settings' }, times: 1, fault: { kind: 'status', status: 429, retryAfterSeconds: 5 } } });
    expect(created.status).toBe(201);
    const call = () => fetch(`${sandbox.urls.googleCalendar}/users/me/settings/timezone`, { headers: { authorization: `Bearer ${token}` } });
    const limited = await call();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('5');
    expect(((await limited.json()) as { error: { errors: { domain: string; reason: string }[] } }).error.errors[0]).toMatchObject({ domain: 'usageLimits', reason: 'rateLimitExceeded' });
    expect((await call()).status).toBe(200);
    const requests = (await (await control('/requests?target=google-calendar')).json()) as { requests: { status: number; fault?: string }[] };
    expect(requests.requests.map((entry) => [entry.status, entry.fault])).toEqual([[429, 'status'], [200, undefined]]);
    expect((await control('/requests', { method: 'DELETE' })).status).toBe(204);
    expect(((await (await control('/requests')).json()) as { requests: unknown[] }).requests).toEqual([]);
  });

  it('moves the clock and expires tokens on request', async () => {
    const token = sandbox.google.issueToken('ana.lima@northwind.example', [settingsScope]);
    const moved = await control('/clock', { method: 'POST', body: { advanceSeconds: 60 } });
    expect(await moved.json()).toEqual({ now: '2026-03-04T09:01:00.000Z' });
    const expired = (await (await control('/tokens/expire', { method: 'POST', body: { provider: 'google', account: 'ana.lima@northwind.example' } })).json()) as { expired: number };
    expect(expired.expired).toBeGreaterThanOrEqual(1);
    expect((await fetch(`${sandbox.urls.googleCalendar}/users/me/settings/timezone`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  });

  it('revokes a Google grant on request so silent renewal needs consent again', async () => {
    sandbox.google.issueToken('farah.haddad@northwind.example', [settingsScope]);
    const revoked = (await (await control('/tokens/revoke', { method: 'POST', body: { provider: 'google', account: 'farah.haddad@northwind.example' } })).json()) as { revoked: number };
    expect(revoked.revoked).toBe(1);
    const renewal = await runAuthorize(sandbox.urls.googleAuthorize, { scope: settingsScope, prompt: 'none', loginHint: 'farah.haddad@northwind.example' });
    expect(renewal.get('error')).toBe('consent_required');
  });

  it('sets the auto-consent policy and reads back a calendar’s stored events', async () => {
    expect((await control('/google/consent-policy', { method: 'POST', body: { account: 'ben.carter@northwind.example', grant: 'all' } })).status).toBe(204);
    const fragment = await runAuthorize(sandbox.urls.googleAuthorize, { scope: settingsScope, loginHint: 'ben.carter@northwind.example' });
    expect(fragment.get('access_token')).toMatch(/^ya29\./);
    expect((await control('/google/consent-policy', { method: 'POST', body: { account: 'gita.shrestha@contoso.example', grant: 'all' } })).status).toBe(400);
    const events = (await (await control('/google/events?calendarId=ben.carter@northwind.example')).json()) as { items: { summary?: string }[] };
    expect(events.items.some((event) => event.summary === 'Product sync')).toBe(true);
  });
});
