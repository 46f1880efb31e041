import type { SettableClock } from './clock';
import type { FaultInjector } from './faults';
import type { RequestLog } from './request-log';

/** What every stand-in shares: one fault queue, one request log, one clock. */
export interface SandboxContext {
  faults: FaultInjector;
  log: RequestLog;
  clock: SettableClock;
}

/**
 * What the control endpoint needs from each provider's stand-in state to serve
 * `POST /tokens/expire`, `POST /tokens/revoke` and `GET /<provider>/events`.
 */
export interface ProviderControl {
  /** Makes the access tokens of `account` (or of everyone) expire now; returns how many. */
  expireTokens(account?: string): number;
  /** Revokes everything `account` granted, as the provider's own revoke would; returns how many tokens died. */
  revokeGrant(account: string): number;
  /** The stored events of one calendar (Google calendar id / Microsoft mailbox), for assertions. */
  readEvents(calendar: string): unknown[];
}
