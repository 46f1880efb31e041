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
 * recorded. The entry is written before the request leaves and settled when it ends, so a worker
 * stopped in between leaves the call marked interrupted rather than unrecorded; a call whose
 * account only its answer names is recorded when it ends. A ledger failure never fails the call
 * it describes.
 */
export function auditedFetch(
  ledger: Pick<Ledger, 'record' | 'begin' | 'settle'>,
  context: AuditContext | AuditContextFromAnswer,
  inner: typeof fetch = (...args) => fetch(...args),
  now: () => number = Date.now,
): typeof fetch {
  const contextFor = typeof context === 'function' ? context : async () => context;
  return async (input, init) => {
    const request = new Request(input, init);
    const started = now();
    const operation = operationName(request.method, request.url);
    const knownBefore = await contextFor(undefined).catch(() => undefined);
    const begun = knownBefore ? await ledger.begin({ ...knownBefore, operation }).catch(() => undefined) : undefined;
    const end = async (response: Response | undefined, outcome: Pick<LedgerEntry, 'outcome' | 'detail'>) => {
      const ended = { ...outcome, durationMs: now() - started };
      if (begun !== undefined) return ledger.settle(begun, ended).catch(() => undefined);
      const known = knownBefore ?? (await contextFor(response).catch(() => undefined));
      if (known) await ledger.record({ ...known, operation, ...ended }).catch(() => undefined);
    };
    try {
      const response = await inner(input, init);
      await end(response, { outcome: response.ok ? 'ok' : 'error', detail: String(response.status) });
      return response;
    } catch (error) {
      await end(undefined, { outcome: 'error', detail: failureDetail(error) });
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
