import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byStartThenEnd, compareInstants } from './busy-order';
import type { BusyInterval } from './types';

const instant = fc.date({ min: new Date('1970-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true });

describe('busy interval order', () => {
  it('orders toISOString instants chronologically', () => {
    fc.assert(
      fc.property(instant, instant, (a, b) => {
        expect(Math.sign(compareInstants(a.toISOString(), b.toISOString()))).toBe(Math.sign(a.getTime() - b.getTime()));
      }),
    );
  });

  it('sorts by start, then by end, as localeCompare did', () => {
    const interval = fc.tuple(instant, instant).map(([a, b]): BusyInterval => ({ start: a.toISOString(), end: b.toISOString(), status: 'busy' }));
    fc.assert(
      fc.property(fc.array(interval, { maxLength: 30 }), (intervals) => {
        const before = [...intervals].sort((a, b) => a.start.localeCompare(b.start) || a.end.localeCompare(b.end));
        expect([...intervals].sort(byStartThenEnd)).toEqual(before);
      }),
    );
  });

  it('keeps equal intervals equal', () => {
    const a: BusyInterval = { start: '2026-03-04T09:00:00.000Z', end: '2026-03-04T09:30:00.000Z', status: 'busy' };
    expect(byStartThenEnd(a, { ...a, status: 'tentative' })).toBe(0);
  });
});
