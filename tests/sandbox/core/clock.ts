/** The sandbox's notion of "now": token expiry, the scenario anchor and conference delays use it. */
export interface Clock {
  now(): Date;
}

/**
 * A clock tests can move. Unfrozen, it follows wall time shifted by an offset (so an interactive
 * demo behaves naturally); frozen, it only moves when told to (so tests are deterministic).
 */
export class SettableClock implements Clock {
  private offsetMs = 0;
  private frozenAt: number | undefined;

  constructor(options: { now?: Date; frozen?: boolean } = {}) {
    const frozen = options.frozen ?? options.now !== undefined;
    const start = options.now?.getTime() ?? Date.now();
    if (Number.isNaN(start)) throw new RangeError('The sandbox clock was given an invalid date.');
    if (frozen) this.frozenAt = start;
    else this.offsetMs = start - Date.now();
  }

  now(): Date {
    return new Date(this.frozenAt ?? Date.now() + this.offsetMs);
  }

  set(now: Date): void {
    const target = now.getTime();
    if (Number.isNaN(target)) throw new RangeError('The sandbox clock was given an invalid date.');
    if (this.frozenAt !== undefined) this.frozenAt = target;
    else this.offsetMs = target - Date.now();
  }

  advance(seconds: number): void {
    if (!Number.isFinite(seconds)) throw new RangeError('The sandbox clock can only advance by a finite number of seconds.');
    this.set(new Date(this.now().getTime() + seconds * 1000));
  }
}
