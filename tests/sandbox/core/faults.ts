/**
 * Fault injection shared by every stand-in. Tests (or the control endpoint) queue rules; each
 * stand-in asks `take` once per incoming request and, when a rule matches, answers with that
 * fault rendered in its own provider's wire format instead of (or, for `dropAfterCommit`,
 * after) the normal answer.
 */

export type SandboxTarget =
  | 'google-calendar'
  | 'google-meet'
  | 'google-identity'
  | 'graph'
  | 'microsoft-identity';

export const sandboxTargets: readonly SandboxTarget[] = [
  'google-calendar',
  'google-meet',
  'google-identity',
  'graph',
  'microsoft-identity',
];

export type MalformedStyle = 'wrongShape' | 'truncated' | 'unsafeLinks' | 'hostile';

export type Fault =
  /**
   * An error answer in the provider's own error body, e.g. 429 `rateLimitExceeded`; `message`
   * replaces the provider's human-readable text (e.g. with markup, as a hostile service might).
   */
  | { kind: 'status'; status: number; retryAfterSeconds?: number; reason?: string; message?: string }
  /** The server sits on the request for `ms` before doing anything, so a client times out. */
  | { kind: 'hang'; ms: number }
  /**
   * The request is processed, but the answer is wrongly shaped JSON (`wrongShape`, the default),
   * syntactically broken (`truncated`), or well formed with every link in it (join URLs, web
   * links, Meet URIs) turned into a `javascript:` URL (`unsafeLinks`), as a compromised or
   * spoofed service might send, or (`hostile`) well formed with every display text (titles,
   * names, locations, messages) turned into markup, RTL and zero-width tricks and 10,000
   * characters, and every link into an https: link on a look-alike host.
   */
  | { kind: 'malformed'; style?: MalformedStyle }
  /** The request is processed (the write commits), then the socket is destroyed unanswered. */
  | { kind: 'dropAfterCommit' }
  /**
   * The connection is closed before anything is read or done, as when the network is gone or the
   * host cannot be reached: the client's fetch rejects with a TypeError and nothing is written.
   */
  | { kind: 'unreachable' }
  /**
   * The request is processed (the write commits), then the answer is held back for `ms`; a client
   * that goes away meanwhile (a browser worker stopped mid-request) never gets it.
   */
  | { kind: 'slowAnswer'; ms: number }
  /**
   * The answer leaves `ms` after the request arrived, however long the work took: a provider
   * with that round trip, its own processing included (the benchmark's 100 ms providers).
   */
  | { kind: 'latency'; ms: number };

export interface FaultRule {
  target: SandboxTarget;
  match?: { method?: string; pathIncludes?: string };
  /** How many matching requests this rule affects before it is used up. */
  times: number;
  fault: Fault;
}

export class FaultInjector {
  private rules: { rule: FaultRule; remaining: number }[] = [];

  inject(rule: FaultRule): void {
    if (!Number.isInteger(rule.times) || rule.times < 1) {
      throw new RangeError(`A fault rule must apply at least once (times was ${rule.times}).`);
    }
    this.rules.push({ rule, remaining: rule.times });
  }

  /** Consumes one use of the first rule matching this request, if any (rules apply in order). */
  take(target: SandboxTarget, req: { method: string; path: string }): Fault | undefined {
    const entry = this.rules.find(({ rule }) => matches(rule, target, req));
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining === 0) this.rules = this.rules.filter((other) => other !== entry);
    return entry.rule.fault;
  }

  pending(): FaultRule[] {
    return this.rules.map(({ rule, remaining }) => ({ ...rule, times: remaining }));
  }

  clear(): void {
    this.rules = [];
  }
}

function matches(
  rule: FaultRule,
  target: SandboxTarget,
  req: { method: string; path: string },
): boolean {
  if (rule.target !== target) return false;
  const method = rule.match?.method;
  if (method && method.toUpperCase() !== req.method.toUpperCase()) return false;
  const fragment = rule.match?.pathIncludes;
  if (fragment && !req.path.includes(fragment)) return false;
  return true;
}
