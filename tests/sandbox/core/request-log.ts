import type { Fault, SandboxTarget } from './faults';

/** Names of query parameters and body fields that carry credentials; their values are never kept. */
const secretNames = new Set([
  'access_token',
  'token',
  'id_token',
  'refresh_token',
  'code',
  'client_secret',
  'assertion',
  'code_verifier',
]);

export interface RequestLogEntry {
  seq: number;
  target: SandboxTarget;
  method: string;
  path: string;
  query: Record<string, string>;
  body?: unknown;
  /** The HTTP status answered; 0 when the client hung up before any answer. */
  status: number;
  /** The injected fault that shaped this answer, if any. */
  fault?: Fault['kind'];
  /** The request carried a token the provider had revoked before it arrived (the token itself is never kept here). */
  credential?: 'revoked';
}

export interface RequestLogFilter {
  target?: SandboxTarget;
  method?: string;
  pathIncludes?: string;
}

/**
 * Every request a stand-in received, so tests can count calls (e.g. "40 people took 2 freeBusy
 * requests"). Headers are never recorded, and credential-bearing fields are redacted, so the log
 * can be shown or dumped without leaking a token.
 */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private nextSeq = 1;
  /** Tokens a stand-in revoked, so a later request carrying one is marked; clearing the log keeps them revoked. */
  private readonly revoked = new Set<string>();

  noteRevoked(token: string): void {
    this.revoked.add(token);
  }

  /** Whether any of these tokens (a bearer header, a form's token field) had been revoked. */
  carriesRevoked(tokens: readonly (string | undefined)[]): boolean {
    return tokens.some((token) => token !== undefined && this.revoked.has(token));
  }

  record(entry: Omit<RequestLogEntry, 'seq'>): void {
    this.entries.push({
      ...entry,
      seq: this.nextSeq++,
      query: redactRecord(entry.query),
      ...(entry.body === undefined ? {} : { body: redact(entry.body) }),
    });
  }

  list(filter: RequestLogFilter = {}): RequestLogEntry[] {
    return this.entries.filter(
      (entry) =>
        (!filter.target || entry.target === filter.target) &&
        (!filter.method || entry.method.toUpperCase() === filter.method.toUpperCase()) &&
        (!filter.pathIncludes || entry.path.includes(filter.pathIncludes)),
    );
  }

  clear(): void {
    this.entries = [];
  }
}

function redactRecord(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(record).map(([key, value]) => [key, secretNames.has(key) ? '[redacted]' : value]),
  );
}

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, secretNames.has(key) ? '[redacted]' : redact(inner)]),
    );
  }
  return value;
}
