import { describe, expect, it } from 'vitest';
import { ProviderClock } from './provider-clock';

const local = Date.parse('2026-03-04T09:00:00.000Z');
const clockAt = (at: { now: number }) => new ProviderClock(() => at.now);
const header = (ms: number) => new Date(ms).toUTCString();

describe('the providers’ clock', () => {
  it('follows the computer’s clock until a provider has answered', () => {
    const clock = clockAt({ now: local });
    expect(clock.now().toISOString()).toBe('2026-03-04T09:00:00.000Z');
    expect(clock.offset()).toBe(0);
  });

  it('learns that the providers are ten minutes ahead from one answer’s Date header', () => {
    const at = { now: local };
    const clock = clockAt(at);
    clock.observe(header(local + 600_000), local - 100, local + 100);
    // The header's second is known to ±500 ms; the offset is the middle of it.
    expect(clock.offset()).toBe(600_500);
    at.now += 60_000;
    expect(clock.now().getTime()).toBe(local + 60_000 + 600_500);
  });

  it('learns that the providers are ten minutes behind, a negative offset', () => {
    const clock = clockAt({ now: local });
    clock.observe(header(local - 600_000), local - 40, local + 40);
    expect(clock.offset()).toBe(-599_500);
  });

  it('treats an offset within the header’s one-second resolution and the round trip as no offset at all', () => {
    const clock = clockAt({ now: local });
    clock.observe(header(local - 900), local - 300, local + 300);
    expect(clock.offset()).toBe(0);
  });

  it('follows the newest answer when the offset changes, as when the system corrects its clock', () => {
    const clock = clockAt({ now: local });
    clock.observe(header(local + 600_000), local, local);
    clock.observe(header(local), local, local);
    expect(clock.offset()).toBe(0);
  });

  it('ignores an answer without a Date header or with one it cannot read', () => {
    const clock = clockAt({ now: local });
    clock.observe(header(local + 600_000), local, local);
    clock.observe(null, local, local);
    clock.observe('yesterday-ish', local, local);
    expect(clock.offset()).toBe(600_500);
  });

  it('learns through the fetch it wraps, error answers included, and passes the answer on untouched', async () => {
    const clock = clockAt({ now: local });
    const answer = new Response('{}', { status: 503, headers: { date: header(local + 600_000) } });
    const fetched = await clock.observing(async () => answer)('http://127.0.0.1/x');
    expect(fetched).toBe(answer);
    expect(clock.offset()).toBe(600_500);
  });

  it('starts from the offset an earlier worker learnt and reports each change, only changes, to be remembered', () => {
    const learnt: number[] = [];
    const clock = new ProviderClock(() => local, 600_500, (offset) => learnt.push(offset));
    expect(clock.now().getTime()).toBe(local + 600_500);
    clock.observe(header(local + 600_000), local, local);
    clock.observe(header(local), local, local);
    expect(learnt).toEqual([0]);
  });
});
