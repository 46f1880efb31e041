import { describe, expect, it } from 'vitest';
import { AccountCalls, AccountClosedError } from './account-calls';

const ana = 'google:ana@northwind.example';
const ben = 'google:ben@northwind.example';

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

describe('the calls under way per account', () => {
  it('closing waits for the calls already running, failed ones included, and only for that account’s', async () => {
    const calls = new AccountCalls();
    const first = deferred<string>();
    const second = deferred<string>();
    const other = deferred<string>();
    const running = [calls.run(ana, () => first.promise), calls.run(ana, () => second.promise).catch(() => 'failed')];
    void calls.run(ben, () => other.promise);
    let closed = false;
    const closing = calls.close(ana).then(() => (closed = true));
    first.resolve('answered');
    await Promise.resolve();
    expect(closed).toBe(false);
    second.reject(new Error('network'));
    await closing;
    expect(await Promise.all(running)).toEqual(['answered', 'failed']);
  });

  it('refuses a call for a closed account without starting it, until the account is connected again', async () => {
    const calls = new AccountCalls();
    await calls.close(ana);
    let started = 0;
    const call = async () => {
      started += 1;
      return 'sent';
    };
    const refused = await calls.run(ana, call).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AccountClosedError);
    expect((refused as Error).message).toBe('ana@northwind.example is being disconnected, so Overlap sends no more requests for it.');
    expect(await calls.run(ben, call)).toBe('sent');
    calls.reopen(ana);
    expect(await calls.run(ana, call)).toBe('sent');
    expect(started).toBe(2);
  });

  it('closes at once when nothing is running', async () => {
    await expect(new AccountCalls().close(ana)).resolves.toBeUndefined();
  });
});
