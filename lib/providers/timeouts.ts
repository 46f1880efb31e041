/**
 * How long one attempt may wait for its answer. A read gives up sooner than a write, which may
 * be doing real work at the provider (a Meet room, invitations to many people). These are the
 * production values; the sandbox flavour configures its own (lib/endpoints.ts).
 */
export interface NetworkTimeouts {
  readMs: number;
  writeMs: number;
}

export const defaultTimeouts: NetworkTimeouts = { readMs: 20_000, writeMs: 30_000 };
