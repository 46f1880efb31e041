import { t } from '@/lib/i18n';

/** A call for an account that is being (or was) disconnected; nothing was sent. */
export class AccountClosedError extends Error {
  override readonly name = 'AccountClosedError';
  constructor(readonly accountId: string) {
    super(t('storm_accountDisconnecting', { email: accountId.replace(/^(google|microsoft):/, '') }));
  }
}

/**
 * The provider calls under way per account, so a disconnect can close the account to new calls,
 * wait for those already running, and only then revoke: a token is never sent after its
 * disconnect began, and no call in flight meets a revoked token halfway. A closed account stays
 * closed until it is connected again.
 */
export class AccountCalls {
  private readonly running = new Map<string, Set<Promise<unknown>>>();
  private readonly closed = new Set<string>();

  /** Runs `call` for the account, or refuses it without running it when the account is closed. */
  run<T>(accountId: string, call: () => Promise<T>): Promise<T> {
    if (this.closed.has(accountId)) return Promise.reject(new AccountClosedError(accountId));
    const calls = this.running.get(accountId) ?? new Set<Promise<unknown>>();
    this.running.set(accountId, calls);
    const running = call();
    const tracked = running.then(
      () => undefined,
      () => undefined,
    );
    calls.add(tracked);
    void tracked.then(() => {
      calls.delete(tracked);
      if (calls.size === 0 && this.running.get(accountId) === calls) this.running.delete(accountId);
    });
    return running;
  }

  /** Refuses every new call for the account from now on; resolves once the running ones ended. */
  async close(accountId: string): Promise<void> {
    this.closed.add(accountId);
    await Promise.all([...(this.running.get(accountId) ?? [])]);
  }

  /** The account was connected again: its calls may go out. */
  reopen(accountId: string): void {
    this.closed.delete(accountId);
  }
}
