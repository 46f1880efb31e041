import { describe, expect, it } from 'vitest';
import { openOverlapDB } from '@/lib/store/db';
import { Ledger } from '@/lib/store/ledger';
import { auditedFetch, operationName } from './audited-fetch';

const context = { accountId: 'google:ana@northwind.example', provider: 'google' as const, feature: 'find-times' as const, scope: 'https://www.googleapis.com/auth/calendar.events.freebusy' };

describe('the audited fetch', () => {
  it('names operations by method and path shape, hiding ids, addresses and queries', () => {
    expect(operationName('post', 'https://www.googleapis.com/calendar/v3/freeBusy?alt=json')).toBe('POST /freeBusy');
    expect(operationName('GET', 'https://www.googleapis.com/calendar/v3/calendars/ana%40northwind.example/events/abcdefghijklmnopqrstuv')).toBe('GET /calendars/{id}/events/{id}');
    expect(operationName('POST', 'https://graph.microsoft.com/v1.0/me/calendar/getSchedule')).toBe('POST /me/calendar/getSchedule');
  });

  it('records one entry per call with the scope and feature, and never the token', async () => {
    const ledger = new Ledger(await openOverlapDB('audit-1'));
    const fetchWithAudit = auditedFetch(ledger, context, async () => new Response('{}', { status: 200 }));
    await fetchWithAudit('https://www.googleapis.com/calendar/v3/freeBusy', { method: 'POST', headers: { authorization: 'Bearer ya29.secret' }, body: '{}' });
    const [entry] = await ledger.list();
    expect(entry).toMatchObject({ ...context, operation: 'POST /freeBusy', outcome: 'ok', detail: '200' });
    expect(JSON.stringify(entry)).not.toContain('ya29');
  });

  it('records failures, including a network error, and still throws it to the caller', async () => {
    const ledger = new Ledger(await openOverlapDB('audit-2'));
    const refused = auditedFetch(ledger, context, async () => new Response('{}', { status: 403 }));
    await refused('https://www.googleapis.com/calendar/v3/freeBusy', { method: 'POST' });
    const offline = auditedFetch(ledger, context, async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(offline('https://www.googleapis.com/calendar/v3/freeBusy', { method: 'POST' })).rejects.toThrow('Failed to fetch');
    expect((await ledger.list()).map((entry) => [entry.outcome, entry.detail])).toEqual([
      ['error', 'network error'],
      ['error', '403'],
    ]);
  });

  it('tells a call the user cancelled from one that timed out', async () => {
    const ledger = new Ledger(await openOverlapDB('audit-cancel'));
    const never = auditedFetch(ledger, context, (_input, init) => new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason))));
    const url = 'https://www.googleapis.com/calendar/v3/freeBusy';
    await expect(never(url, { method: 'POST', signal: AbortSignal.timeout(5) })).rejects.toMatchObject({ name: 'TimeoutError' });
    const cancel = new AbortController();
    const cancelled = never(url, { method: 'POST', signal: cancel.signal });
    cancel.abort();
    await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' });
    expect((await ledger.list()).map((entry) => entry.detail).sort()).toEqual(['cancelled', 'timed out']);
  });
});
