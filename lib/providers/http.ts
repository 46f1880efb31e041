import type { z } from 'zod';
import { t } from '@/lib/i18n';
import { sleep as wait } from './calls';
import { defaultTimeouts, type NetworkTimeouts } from './timeouts';
import { ProviderError, providerLabels, type ProviderErrorInit, type ProviderErrorKind } from './errors';
import type { ProviderName, TokenSource } from './types';

/**
 * A small JSON-over-HTTP layer both provider clients share: bearer token, per-attempt timeout,
 * bounded retries with exponential backoff and full jitter that honour `Retry-After`, one forced
 * token refresh on 401, and zod validation of every answer. Provider specifics (how an error body
 * reads) come in through `interpretError`.
 */

export interface RetryPolicy {
  /** Total attempts including the first. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A `Retry-After` longer than this is not waited for; the error is reported instead. */
  maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
};

export interface ErrorAnswer {
  status: number;
  headers: Headers;
  /** Parsed JSON when the body was JSON, else the raw text. */
  body: unknown;
}

export interface InterpretedError {
  kind: ProviderErrorKind;
  message?: string;
  reason?: string;
  retryable?: boolean;
}

export interface HttpClientOptions {
  provider: ProviderName;
  /** e.g. `https://www.googleapis.com/calendar/v3` — no trailing slash needed. */
  baseUrl: string;
  tokenSource: TokenSource;
  fetch?: typeof fetch;
  /** One timeout for every request, reads and writes alike; overrides `timeouts`. */
  timeoutMs?: number;
  timeouts?: Partial<NetworkTimeouts>;
  retry?: Partial<RetryPolicy>;
  /** Injected for tests, so backoff can be observed without waiting. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  /** Reads a provider's error body; anything it leaves out falls back to the HTTP status. */
  interpretError?: (answer: ErrorAnswer) => InterpretedError | undefined;
}

export type QueryValue = string | number | boolean | undefined | readonly string[];

export interface JsonRequest<T> {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Relative to the base URL, already percent-encoded where needed. */
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  headers?: Record<string, string>;
  /** The answer's schema; omit for answers without a body (e.g. 204). */
  schema?: z.ZodType<T>;
  /**
   * Whether repeating the request is harmless. Defaults to true for GET and DELETE. A POST that
   * carries a client-chosen id or key (a repeat is detected server-side) should set it.
   */
  idempotent?: boolean;
  /** Whether the request only asks (a POST such as free/busy may); defaults to true for GET. Reads get the read timeout. */
  read?: boolean;
  /** The least-privilege scope this call needs, reported if the provider says a scope is missing. */
  requiredScope?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface JsonAnswer<T> {
  status: number;
  headers: Headers;
  data: T;
}

export interface HttpClient {
  request<T>(request: JsonRequest<T>): Promise<JsonAnswer<T>>;
  requestJson<T>(request: JsonRequest<T>): Promise<T>;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const retryableStatuses = new Set([429, 500, 502, 503, 504]);

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...options.retry };
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const sleep = options.sleep ?? wait;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const label = providerLabels[options.provider];
  const timeouts: NetworkTimeouts = { ...defaultTimeouts, ...options.timeouts };
  const baseUrl = options.baseUrl.replace(/\/+$/, '');

  const fail = (init: DistributiveOmit<ProviderErrorInit, 'provider'>): ProviderError =>
    new ProviderError({ ...init, provider: options.provider } as ProviderErrorInit);

  async function request<T>(req: JsonRequest<T>): Promise<JsonAnswer<T>> {
    const idempotent = req.idempotent ?? (req.method === 'GET' || req.method === 'DELETE');
    const url = buildUrl(baseUrl, req.path, req.query);
    let refreshedToken = false;
    let rejectedToken: string | undefined;
    for (let attempt = 1; ; attempt += 1) {
      req.signal?.throwIfAborted();
      const token = await options.tokenSource.getToken(rejectedToken ? { forceRefresh: true, rejectedToken } : { forceRefresh: false });
      rejectedToken = undefined;
      let failure: ProviderError;
      let retryAfterMs: number | undefined;
      try {
        const answer = await attemptOnce(req, url, token);
        if (answer.ok) return { status: answer.status, headers: answer.headers, data: answer.data };
        if (answer.status === 401 && !refreshedToken) {
          // The request was rejected before the provider did anything, so repeating it is safe
          // even for writes; exactly one refresh, then the user must sign in again.
          refreshedToken = true;
          rejectedToken = token;
          attempt -= 1;
          continue;
        }
        failure = answer.error;
        retryAfterMs = parseRetryAfter(answer.headers.get('retry-after'), now());
      } catch (error) {
        if (req.signal?.aborted) throw req.signal.reason ?? error;
        failure = error instanceof ProviderError ? error : fail({ kind: 'network', message: `Could not reach ${label}. Check your connection.`, retryable: true, cause: error });
      }
      const canRetry = failure.retryable && idempotent && attempt < policy.maxAttempts;
      if (!canRetry || (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs)) throw failure;
      const backoff = random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      await sleep(retryAfterMs ?? backoff);
    }
  }

  type Attempt<T> =
    | { ok: true; status: number; headers: Headers; data: T }
    | { ok: false; status: number; headers: Headers; error: ProviderError };

  async function attemptOnce<T>(req: JsonRequest<T>, url: string, token: string): Promise<Attempt<T>> {
    const read = req.read ?? req.method === 'GET';
    const timeoutMs = req.timeoutMs ?? options.timeoutMs ?? (read ? timeouts.readMs : timeouts.writeMs);
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    const headers: Record<string, string> = { accept: 'application/json', ...req.headers, authorization: `Bearer ${token}` };
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    try {
      const response = await fetchImpl(url, {
        method: req.method,
        headers,
        signal,
        ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
      });
      const text = await response.text();
      if (!response.ok) {
        return { ok: false, status: response.status, headers: response.headers, error: errorFrom(req, response, text) };
      }
      return { ok: true, status: response.status, headers: response.headers, data: parseBody(req, text) };
    } catch (error) {
      if (timeout.aborted && !req.signal?.aborted) {
        throw fail({ kind: 'timeout', message: t('network_timedOut', { provider: label, seconds: Math.round(timeoutMs / 1000) }), retryable: true, cause: error });
      }
      // Aborted by a signal the fetch was given further out (the user cancelled the search): not
      // a failure to retry, and not the network's fault.
      if (!req.signal?.aborted && error instanceof Error && error.name === 'AbortError') {
        throw fail({ kind: 'cancelled', message: t('network_cancelled', { provider: label }), cause: error });
      }
      throw error;
    }
  }

  function parseBody<T>(req: JsonRequest<T>, text: string): T {
    if (!req.schema) return undefined as T;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw fail({ kind: 'malformed-response', field: '(body)', message: `${label} sent an answer that is not valid JSON.`, cause: error });
    }
    const parsed = req.schema.safeParse(json);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
    throw fail({
      kind: 'malformed-response',
      field,
      message: `${label} sent an answer Overlap could not read: field "${field}" ${issue ? `— ${issue.message}` : 'is invalid'}.`,
      cause: parsed.error,
    });
  }

  function errorFrom<T>(req: JsonRequest<T>, response: Response, text: string): ProviderError {
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Error pages from proxies and load balancers are often HTML; the status still tells.
    }
    const interpreted = options.interpretError?.({ status: response.status, headers: response.headers, body });
    const kind = interpreted?.kind ?? kindForStatus(response.status);
    const retryable = interpreted?.retryable ?? retryableStatuses.has(response.status);
    const message = interpreted?.message ?? defaultMessage(kind, label, response.status);
    const common = { message, retryable, status: response.status, ...(interpreted?.reason ? { reason: interpreted.reason } : {}) };
    if (kind === 'consent-needed') {
      return fail({ kind, scope: req.requiredScope ?? 'unknown', ...common, message: interpreted?.message ?? `${label} needs your permission for ${req.requiredScope ?? 'another scope'} to do this.` });
    }
    if (kind === 'malformed-response') return fail({ kind, field: '(body)', ...common });
    return fail({ kind, ...common });
  }

  return {
    request,
    requestJson: async <T>(req: JsonRequest<T>) => (await request(req)).data,
  };
}

function buildUrl(baseUrl: string, path: string, query: Record<string, QueryValue> | undefined): string {
  const url = new URL(`${baseUrl}${path.startsWith('/') ? path : `/${path}`}`);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    if (typeof value === 'object') for (const item of value) url.searchParams.append(key, item);
    else url.searchParams.set(key, String(value));
  }
  return url.toString();
}

/** `Retry-After` is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(header: string | null, nowMs: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

function kindForStatus(status: number): ProviderErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 404 || status === 410) return 'not-found';
  if (status === 409 || status === 412) return 'conflict';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'unavailable';
  return 'invalid-request';
}

function defaultMessage(kind: ProviderErrorKind, label: string, status: number): string {
  switch (kind) {
    case 'unauthorized':
      return `${label} no longer accepts Overlap's sign-in. Connect the account again.`;
    case 'rate-limited':
      return `${label} is limiting how fast Overlap may ask. Try again in a minute.`;
    case 'unavailable':
      return `${label} is having trouble right now (HTTP ${status}). Try again shortly.`;
    case 'not-found':
      return `${label} could not find that item; it may have been deleted.`;
    case 'conflict':
      return `That item changed in ${label} since Overlap last read it.`;
    default:
      return `${label} rejected the request (HTTP ${status}).`;
  }
}
