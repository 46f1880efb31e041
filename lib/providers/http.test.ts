import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isProviderError, ProviderError } from './errors';
import { createHttpClient, parseRetryAfter, type HttpClientOptions } from './http';
import type { TokenSource } from './types';

type Step = Response | Error | 'hang';

/** A scripted network: each call takes the next step, and remembers what it was sent. */
function scriptedFetch(steps: Step[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchImpl = (async (input: string | URL | Request, init: RequestInit = {}) => {
    calls.push({ url: String(input), init });
    const step = steps.shift();
    if (step === undefined) throw new Error('The test sent more requests than it scripted.');
    if (step === 'hang') {
      return new Promise<Response>((_, reject) => {
        if (init.signal?.aborted) reject(init.signal.reason);
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    }
    if (step instanceof Error) throw step;
    return step;
  }) as typeof fetch;
  return { fetchImpl, calls };
}

function tokens() {
  const requests: { forceRefresh?: boolean; rejectedToken?: string }[] = [];
  let generation = 1;
  const source: TokenSource = {
    getToken: async (options) => {
      requests.push(options);
      if (options.forceRefresh) generation += 1;
      return `token-${generation}`;
    },
  };
  return { source, requests };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const okSchema = z.object({ value: z.string() });

function client(steps: Step[], extra: Partial<HttpClientOptions> = {}) {
  const network = scriptedFetch(steps);
  const auth = tokens();
  const sleeps: number[] = [];
  const http = createHttpClient({
    provider: 'google',
    baseUrl: 'http://provider.test/api/',
    tokenSource: auth.source,
    fetch: network.fetchImpl,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    now: () => Date.parse('2026-01-01T00:00:00Z'),
    ...extra,
  });
  return { http, calls: network.calls, sleeps, tokenRequests: auth.requests };
}

describe('createHttpClient', () => {
  it('sends the bearer token and query to the base URL and returns the validated answer', async () => {
    const { http, calls } = client([json(200, { value: 'Europe/Paris' })]);
    const answer = await http.requestJson({ method: 'GET', path: '/settings', query: { a: 'x y', skip: undefined, many: ['1', '2'] }, schema: okSchema });
    expect(answer).toEqual({ value: 'Europe/Paris' });
    expect(calls[0]!.url).toBe('http://provider.test/api/settings?a=x+y&many=1&many=2');
    expect(new Headers(calls[0]!.init.headers).get('authorization')).toBe('Bearer token-1');
  });

  it('retries a 503 with exponential backoff and full jitter until it succeeds', async () => {
    const { http, sleeps } = client([json(503, {}), json(503, {}), json(200, { value: 'ok' })]);
    await expect(http.requestJson({ method: 'GET', path: '/x', schema: okSchema })).resolves.toEqual({ value: 'ok' });
    // random() = 0.5 → half of 500 ms, then half of 1000 ms.
    expect(sleeps).toEqual([250, 500]);
  });

  it('waits exactly the Retry-After seconds a 429 asks for', async () => {
    const { http, sleeps } = client([json(429, {}, { 'retry-after': '7' }), json(200, { value: 'ok' })]);
    await http.requestJson({ method: 'GET', path: '/x', schema: okSchema });
    expect(sleeps).toEqual([7000]);
  });

  it('understands Retry-After given as an HTTP date', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', Date.parse('2026-01-01T00:00:00Z'))).toBe(30_000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });

  it('reports rate limiting without waiting when Retry-After exceeds the longest acceptable wait', async () => {
    const { http, sleeps } = client([json(429, {}, { 'retry-after': '3600' })]);
    const error = await http.requestJson({ method: 'GET', path: '/x', schema: okSchema }).catch((e: unknown) => e);
    expect(isProviderError(error, 'rate-limited')).toBe(true);
    expect(sleeps).toEqual([]);
  });

  it('gives up after the bounded number of attempts with the last error', async () => {
    const { http, calls } = client([json(500, {}), json(502, {}), json(503, {}), json(504, {})]);
    const error = await http.requestJson({ method: 'GET', path: '/x', schema: okSchema }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe('unavailable');
    expect((error as ProviderError).status).toBe(504);
    expect(calls).toHaveLength(4);
  });

  it('never repeats a POST that is not marked idempotent', async () => {
    const { http, calls } = client([json(503, {})]);
    await expect(http.requestJson({ method: 'POST', path: '/x', body: {}, schema: okSchema })).rejects.toMatchObject({ kind: 'unavailable' });
    expect(calls).toHaveLength(1);
  });

  it('repeats a POST the caller marked idempotent by key', async () => {
    const { http, calls } = client([new TypeError('fetch failed'), json(200, { value: 'ok' })]);
    await expect(http.requestJson({ method: 'POST', path: '/x', body: {}, idempotent: true, schema: okSchema })).resolves.toEqual({ value: 'ok' });
    expect(calls).toHaveLength(2);
  });

  it('refreshes the token exactly once after a 401 and succeeds with the new token', async () => {
    const { http, calls, tokenRequests } = client([json(401, {}), json(200, { value: 'ok' })]);
    await expect(http.requestJson({ method: 'POST', path: '/x', body: {}, schema: okSchema })).resolves.toEqual({ value: 'ok' });
    expect(tokenRequests).toEqual([{ forceRefresh: false }, { forceRefresh: true, rejectedToken: 'token-1' }]);
    expect(new Headers(calls[1]!.init.headers).get('authorization')).toBe('Bearer token-2');
  });

  it('reports unauthorized when the refreshed token is refused as well', async () => {
    const { http, calls } = client([json(401, {}), json(401, {})]);
    await expect(http.requestJson({ method: 'GET', path: '/x', schema: okSchema })).rejects.toMatchObject({ kind: 'unauthorized', provider: 'google', retryable: false });
    expect(calls).toHaveLength(2);
  });

  it('turns a hang into a timeout error after the per-request limit and retries it', async () => {
    const { http, calls } = client(['hang', json(200, { value: 'late' })], { timeoutMs: 20 });
    await expect(http.requestJson({ method: 'GET', path: '/x', schema: okSchema })).resolves.toEqual({ value: 'late' });
    expect(calls).toHaveLength(2);
  });

  it('rejects a wrongly shaped answer naming the provider and the field', async () => {
    const { http } = client([json(200, { value: 42 })]);
    const error = (await http.requestJson({ method: 'GET', path: '/x', schema: okSchema }).catch((e: unknown) => e)) as ProviderError;
    expect(error.kind).toBe('malformed-response');
    expect(error.field).toBe('value');
    expect(error.message).toMatch(/^Google .*"value"/);
  });

  it('rejects a body that is not JSON at all', async () => {
    const { http } = client([new Response('{"value": "tru', { status: 200 })]);
    await expect(http.requestJson({ method: 'GET', path: '/x', schema: okSchema })).rejects.toMatchObject({ kind: 'malformed-response', field: '(body)' });
  });

  it('lets the provider interpret its error body, filling in the scope the call needs', async () => {
    const { http } = client([json(403, { reason: 'scope' })], {
      interpretError: ({ status, body }) =>
        status === 403 && (body as { reason?: string }).reason === 'scope' ? { kind: 'consent-needed', reason: 'insufficientPermissions' } : undefined,
    });
    await expect(http.requestJson({ method: 'GET', path: '/x', schema: okSchema, requiredScope: 'https://www.googleapis.com/auth/calendar.freebusy' })).rejects.toMatchObject({
      kind: 'consent-needed',
      scope: 'https://www.googleapis.com/auth/calendar.freebusy',
      reason: 'insufficientPermissions',
    });
  });

  it('stops at once when the caller aborts', async () => {
    const controller = new AbortController();
    const { http, calls } = client(['hang', json(200, { value: 'never' })]);
    const pending = http.requestJson({ method: 'GET', path: '/x', schema: okSchema, signal: controller.signal });
    controller.abort(new Error('user closed the panel'));
    await expect(pending).rejects.toThrow('user closed the panel');
    expect(calls).toHaveLength(1);
  });

  it('waits the read timeout for a read, a POST marked as one included, and the longer write timeout for a write', async () => {
    const timeouts = { readMs: 20, writeMs: 60 };
    const waited = async (request: Parameters<ReturnType<typeof createHttpClient>['request']>[0]) => {
      const { http } = client(['hang'], { timeouts, retry: { maxAttempts: 1 } });
      const started = performance.now();
      const error = await http.request(request).catch((e: unknown) => e);
      return { error, ms: performance.now() - started };
    };
    const read = await waited({ method: 'POST', path: '/freeBusy', read: true, schema: okSchema });
    expect(read.error).toMatchObject({ kind: 'timeout', message: 'Google did not answer within 0 s.' });
    expect(read.ms).toBeLessThan(55);
    const write = await waited({ method: 'POST', path: '/events', schema: okSchema });
    expect(write.error).toMatchObject({ kind: 'timeout' });
    expect(write.ms).toBeGreaterThanOrEqual(55);
  });

  it('reports a fetch aborted from outside, by the user’s cancel, as cancelled and does not retry it', async () => {
    const cancel = new AbortController();
    const network = scriptedFetch(['hang', json(200, { value: 'never' })]);
    const cancellable: typeof fetch = (input, init) => network.fetchImpl(input, { ...init, signal: AbortSignal.any([cancel.signal, ...(init?.signal ? [init.signal] : [])]) });
    const { http } = client([], { fetch: cancellable });
    const pending = http.requestJson({ method: 'POST', path: '/freeBusy', read: true, idempotent: true, schema: okSchema });
    cancel.abort();
    await expect(pending).rejects.toMatchObject({ kind: 'cancelled', retryable: false, message: 'You stopped waiting for Google.' });
    expect(network.calls).toHaveLength(1);
  });
});
