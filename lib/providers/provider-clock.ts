/**
 * The providers' time, learnt from the `Date` header of their answers. A computer's clock can be
 * minutes off (no time sync, a wrong manual setting, a clock that drifted while asleep), and
 * everything Overlap decides about "now" is a statement about the providers' world: whether a
 * slot still respects the minimum notice, when a token dies, how old cached free/busy is. So the
 * background reads "now" from this clock rather than from `Date.now()` alone.
 *
 * A `Date` header names the second the server produced the answer (RFC 9110 §6.6.1, truncated
 * to whole seconds), somewhere between sending the request and receiving the answer. The local
 * moment compared with it is the middle of that round trip, and the server's the middle of its
 * second; an offset within the uncertainty that leaves (half the round trip plus a second) is
 * indistinguishable from none and is not applied, so a correct clock is never nudged by jitter.
 * The newest answer wins: a clock the system corrects meanwhile must be followed at once.
 */
export class ProviderClock {
  private offsetMs: number;

  /**
   * `remembered` is the offset an earlier life of the service worker learnt (the browser stops an
   * idle worker within a minute), and `onLearnt` hears every change so it can be remembered:
   * without it, a new worker would judge the tokens it holds by the computer's clock until the
   * providers first answer.
   */
  constructor(
    private readonly local: () => number = Date.now,
    remembered = 0,
    private readonly onLearnt?: (offsetMs: number) => void,
  ) {
    this.offsetMs = Number.isFinite(remembered) ? remembered : 0;
  }

  /** Learns from one answer: its `Date` header, and the local times the request left and the answer came. */
  observe(dateHeader: string | null | undefined, sentAt: number, receivedAt: number): void {
    if (!dateHeader) return;
    const serverSecond = Date.parse(dateHeader);
    if (Number.isNaN(serverSecond) || receivedAt < sentAt) return;
    const sample = serverSecond + 500 - (sentAt + receivedAt) / 2;
    const uncertainty = (receivedAt - sentAt) / 2 + 1000;
    const learnt = Math.abs(sample) <= uncertainty ? 0 : Math.round(sample);
    if (learnt === this.offsetMs) return;
    this.offsetMs = learnt;
    this.onLearnt?.(learnt);
  }

  /** How far the providers' clock is ahead of this computer's (negative: behind), in milliseconds. */
  offset(): number {
    return this.offsetMs;
  }

  /** The providers' "now". */
  now(): Date {
    return new Date(this.local() + this.offsetMs);
  }

  /** Like `Date.now()`, on the providers' clock. */
  nowMs(): number {
    return this.local() + this.offsetMs;
  }

  /**
   * A fetch that teaches this clock from every answer it receives (errors included: a 500 still
   * carries the server's time) and otherwise behaves exactly like `inner`.
   */
  observing(inner: typeof fetch): typeof fetch {
    return async (input, init) => {
      const sentAt = this.local();
      const response = await inner(input, init);
      this.observe(response.headers.get('date'), sentAt, this.local());
      return response;
    };
  }
}
