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
    // Like fetch, it rejects at once on a signal that was aborted before it was called (the ledger's
    // row is written first, so the abort can come before the request leaves).
    const never = auditedFetch(ledger, context, (_input, init) =>
      new Promise<Response>((_resolve, reject) => {
        const signal = init?.signal;
        if (signal?.aborted) return reject(signal.reason);
        signal?.addEventListener('abort', () => reject(signal.reason));
      }),
    );
    const url = 'https://www.googleapis.com/calendar/v3/freeBusy';
    await expect(never(url, { method: 'POST', signal: AbortSignal.timeout(5) })).rejects.toMatchObject({ name: 'TimeoutError' });
    const cancel = new AbortController();
    const cancelled = never(url, { method: 'POST', signal: cancel.signal });
    cancel.abort();
    await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' });
    expect((await ledger.list()).map((entry) => entry.detail).sort()).toEqual(['cancelled', 'timed out']);
  });

  it('writes the row before the request leaves, so a call whose worker never saw the answer stays in the ledger marked interrupted', async () => {
    const ledger = new Ledger(await openOverlapDB('audit-3'));
    let rowsWhenSent: unknown[] = [];
    const neverAnswers = auditedFetch(ledger, context, async () => {
      rowsWhenSent = await ledger.list();
      return new Promise<Response>(() => undefined);
    });
    void neverAnswers('https://www.googleapis.com/calendar/v3/calendars/primary/events', { method: 'POST' });
    await expect.poll(() => rowsWhenSent.length).toBe(1);
    expect(await ledger.list()).toEqual([expect.objectContaining({ ...context, operation: 'POST /calendars/primary/events', outcome: 'error', detail: 'interrupted' })]);
  });

  it('settles the row it began instead of adding a second one', async () => {
    const ledger = new Ledger(await openOverlapDB('audit-4'));
    const answered = auditedFetch(ledger, context, async () => new Response('{}', { status: 201 }));
    await answered('https://www.googleapis.com/calendar/v3/calendars/primary/events', { method: 'POST' });
    await answered('https://www.googleapis.com/calendar/v3/calendars/primary/events', { method: 'POST' });
    expect((await ledger.list()).map((entry) => [entry.outcome, entry.detail])).toEqual([
      ['ok', '201'],
      ['ok', '201'],
    ]);
  });

  it('records a call whose account only its answer names once the answer is in', async () => {
    const ledger = new Ledger(await openOverlapDB('audit-5'));
    const firstSignIn = auditedFetch(ledger, async (response) => (response ? context : undefined), async () => new Response('{}', { status: 200 }));
    await firstSignIn('https://oauth2.googleapis.com/tokeninfo', { method: 'POST' });
    expect(await ledger.list()).toEqual([expect.objectContaining({ ...context, operation: 'POST /tokeninfo', outcome: 'ok', detail: '200' })]);
  });
});
