import { describe, expect, it } from 'vitest';
import { describeOffline, onThisClock } from './network-status';

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

describe('the offline notice above a search’s times', () => {
  const nameOf = (email: string) => ({ 'kenji@x.com': 'Kenji', 'priya@y.com': 'Priya' })[email] ?? email;
  const receivedAt = new Date('2026-03-04T14:20:00.000Z');

  it('says as of when, on this computer’s clock, the saved calendars were read and whose they are', () => {
    const cache = { people: [{ email: 'kenji@x.com', cachedAt: 'x' }, { email: 'priya@y.com', cachedAt: 'x' }], oldestCachedAt: '2026-03-04T14:25:00.000Z', ageSeconds: 15 * 60, offline: true as const };
    const expected = new Intl.DateTimeFormat('en', { hour: 'numeric', minute: '2-digit' }).format(new Date('2026-03-04T14:05:00.000Z'));
    expect(describeOffline(cache, nameOf, receivedAt)).toBe(`As of ${expected}, offline: the calendars of Kenji and Priya are what Overlap saved then; anyone else is unknown. Search again when you are back online.`);
  });

  it('says everyone is unknown when nothing was saved', () => {
    expect(describeOffline({ people: [], offline: true }, nameOf, receivedAt)).toMatch(/^Offline: .* everyone is unknown/);
  });

  it('says nothing when the providers answered', () => {
    expect(describeOffline({ people: [] }, nameOf, receivedAt)).toBeUndefined();
  });
});
