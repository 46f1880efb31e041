import { describe, expect, it } from 'vitest';
import { onThisClock } from './network-status';

describe('the cache report on this computer’s clock', () => {
  it('dates the cached data by its age from when the answer arrived, not by the providers’ instant', () => {
    // The providers are ten minutes ahead: their 09:10 is this computer's 09:00.
    const cache = { people: [{ email: 'a@x.com', cachedAt: '2026-03-04T09:10:00.000Z' }], oldestCachedAt: '2026-03-04T09:10:00.000Z', ageSeconds: 120 };
    expect(onThisClock(cache, new Date('2026-03-04T09:02:00.000Z')).oldestCachedAt).toBe('2026-03-04T09:00:00.000Z');
  });

  it('leaves a report without cached data as it is', () => {
    const cache = { people: [] };
    expect(onThisClock(cache, new Date())).toBe(cache);
  });
});
