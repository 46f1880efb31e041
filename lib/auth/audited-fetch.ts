import type { LedgerEntry } from '@/lib/store/db';
import type { Ledger } from '@/lib/store/ledger';
import type { FeatureId, Provider } from './scopes';

export interface AuditContext {
  accountId: string;
  provider: Provider;
  feature: FeatureId;
  /** The scope that authorises the calls made under this context. */
  scope: string;
}

/** API version prefixes carry no meaning for the user; ids and addresses are not theirs to see twice. */
const VERSION_PREFIX = /^\/(calendar\/v3|v1\.0|v2)(?=\/)/;

/** `POST /calendars/{id}/events` — the method and the path's shape, never ids, addresses or queries. */
export function operationName(method: string, url: string): string {
  const path = new URL(url).pathname.replace(VERSION_PREFIX, '');
  const shape = path
    .split('/')
    .map((segment) => (/@|%40|^[A-Za-z0-9_=-]{16,}$|^\d+$/.test(segment) ? '{id}' : segment))
    .join('/');
  return `${method.toUpperCase()} ${shape}`;
}

/**
 * The context of a call whose account is known only from its answer (a first sign-in learns who
 * signed in from tokeninfo). Gets the response, or nothing when the call failed; answering
 * nothing records nothing, as there is no account to file the call under.
 */
export type AuditContextFromAnswer = (response: Response | undefined) => Promise<AuditContext | undefined>;

/**
 * A fetch that writes one ledger entry per provider call: when, which account, what, under which
 * scope, for which feature, and how it ended. The request itself (token, body, query) is never
 * recorded. A ledger failure never fails the call it describes.
 */
export function auditedFetch(
  ledger: Pick<Ledger, 'record'>,
  context: AuditContext | AuditContextFromAnswer,
  inner: typeof fetch = (...args) => fetch(...args),
  now: () => number = Date.now,
): typeof fetch {
  const contextFor = typeof context === 'function' ? context : async () => context;
  const record = async (operation: string, response: Response | undefined, outcome: Pick<LedgerEntry, 'outcome' | 'detail'>, started: number) => {
    const known = await contextFor(response).catch(() => undefined);
    if (known) await ledger.record({ ...known, operation, ...outcome, durationMs: now() - started }).catch(() => undefined);
  };
  return async (input, init) => {
    const request = new Request(input, init);
    const started = now();
    const operation = operationName(request.method, request.url);
    try {
      const response = await inner(input, init);
      await record(operation, response, { outcome: response.ok ? 'ok' : 'error', detail: String(response.status) }, started);
      return response;
    } catch (error) {
      await record(operation, undefined, { outcome: 'error', detail: failureDetail(error) }, started);
      throw error;
    }
  };
}

/**
 * A call that got no answer, in the ledger's words. A timeout's signal (`AbortSignal.timeout`)
 * rejects with a TimeoutError, the user's cancel (`AbortController.abort()`) with an AbortError.
 */
function failureDetail(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  return name === 'TimeoutError' ? 'timed out' : name === 'AbortError' ? 'cancelled' : 'network error';
}
