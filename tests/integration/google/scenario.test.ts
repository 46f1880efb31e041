import { describe, expect, it } from 'vitest';
import { scenarioAnchor, scenarioEvents, scenarioPeople } from '@/tests/sandbox/scenario';

const anchor = scenarioAnchor(new Date('2026-03-04T09:00:00Z'));
const weekEnd = new Date(anchor.getTime() + 7 * 86_400_000);

describe('the seeded scenario', () => {
  it('anchors on the Monday 00:00 UTC of the clock’s week', () => {
    expect(anchor.toISOString()).toBe('2026-03-02T00:00:00.000Z');
    expect(scenarioAnchor(new Date('2026-03-08T23:59:59Z')).toISOString()).toBe('2026-03-02T00:00:00.000Z');
    expect(scenarioAnchor(new Date('2026-03-09T00:00:00Z')).toISOString()).toBe('2026-03-09T00:00:00.000Z');
  });

  it('spans both providers, a personal account, two rooms, externals and at least five zones including a 45-minute offset', () => {
    const zones = new Set(scenarioPeople.map((person) => person.timeZone));
    expect(zones.size).toBeGreaterThanOrEqual(5);
    expect(zones).toContain('Asia/Kathmandu');
    expect(scenarioPeople.filter((person) => person.kind === 'room').map((person) => person.provider).sort()).toEqual(['google', 'microsoft']);
    expect(scenarioPeople.some((person) => person.provider === 'microsoft' && person.accountType === 'personal')).toBe(true);
    expect(scenarioPeople.filter((person) => person.provider === 'external').length).toBeGreaterThanOrEqual(2);
    expect(new Set(scenarioPeople.map((person) => person.email)).size).toBe(scenarioPeople.length);
  });

  it('gives the same events for the same anchor, and none outside the asked range', () => {
    for (const person of scenarioPeople) {
      const first = scenarioEvents(person.email, anchor, weekEnd, anchor);
      expect(scenarioEvents(person.email, anchor, weekEnd, anchor)).toEqual(first);
      expect(first.every((event) => event.start < weekEnd && event.end > anchor && event.start < event.end)).toBe(true);
    }
  });

  it('puts shared meetings at the same instant on every attendee’s calendar', () => {
    const sync = (email: string) => scenarioEvents(email, anchor, weekEnd, anchor).find((event) => event.subject === 'Product sync');
    const ben = sync('ben.carter@northwind.example');
    const isla = sync('isla.mcdonald@contoso.example');
    expect(ben?.start.toISOString()).toBe('2026-03-03T14:00:00.000Z');
    expect(isla).toMatchObject({ id: ben!.id, start: ben!.start, end: ben!.end });
  });

  it('places local-time patterns in the owner’s zone, including Kathmandu’s +05:45', () => {
    const standUp = scenarioEvents('gita.shrestha@contoso.example', anchor, weekEnd, anchor).find((event) => event.subject === 'Team stand-up');
    // 10:30 in Kathmandu is 04:45 UTC.
    expect(standUp?.start.toISOString()).toBe('2026-03-02T04:45:00.000Z');
  });

  it('contains out-of-office, tentative, free and working-elsewhere entries, some of them all-day', () => {
    const nextWeekEnd = new Date(anchor.getTime() + 14 * 86_400_000);
    const all = scenarioPeople.flatMap((person) => scenarioEvents(person.email, anchor, nextWeekEnd, anchor));
    for (const showAs of ['oof', 'tentative', 'free', 'workingElsewhere', 'busy'] as const) expect(all.some((event) => event.showAs === showAs)).toBe(true);
    const holiday = scenarioEvents('emma.schmidt@northwind.example', anchor, nextWeekEnd, anchor).filter((event) => event.showAs === 'oof');
    expect(holiday).toHaveLength(3);
    expect(holiday.every((event) => event.allDay && event.end.getTime() - event.start.getTime() === 86_400_000)).toBe(true);
  });
});
