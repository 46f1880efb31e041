import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RequestOf } from '@/lib/messaging/protocol';
import type { Sandbox } from '@/tests/sandbox/start';
import { startWorld, type World } from './world';
import { withStandIns } from '../stand-ins';

const now = new Date('2026-03-04T09:00:00Z');
const ben = 'ben.carter@northwind.example';
const isla = 'isla.mcdonald@contoso.example';
const people = ['dev.patel@northwind.example', 'chloe.dubois@northwind.example', isla, 'jack.nguyen@contoso.example', 'lena.ivanova@partner.example'];

let sandbox: Sandbox;
let world: World;
let benId: string;

withStandIns({ now }, (started) => (sandbox = started));
beforeEach(async () => {
  world = await startWorld(sandbox, new Date(now));
  benId = await world.connect('google', ben);
  await world.connect('microsoft', isla);
  sandbox.log.clear();
});

function search(overrides: Partial<RequestOf<'schedule.find'>> = {}): RequestOf<'schedule.find'> {
  return {
    organizerAccountId: benId,
    timeZone: 'America/New_York',
    participants: people.map((email) => ({ email, ...(email.endsWith('partner.example') ? { optional: true } : {}) })),
    durationMinutes: 30,
    start: '2026-03-09T00:00:00Z',
    end: '2026-03-14T00:00:00Z',
    ...overrides,
  };
}

const availabilityCalls = () => [...sandbox.log.list({ target: 'google-calendar', pathIncludes: '/freeBusy' }), ...sandbox.log.list({ target: 'graph', pathIncludes: '/getSchedule' })];
const later = (minutes: number) => {
  world.clock.now = new Date(world.clock.now.getTime() + minutes * 60_000);
};

describe('searching through the free/busy cache', () => {
  it('asks each provider once on a first search and says how many requests it made', async () => {
    const outcome = await world.call('schedule.find', search());
    expect(outcome.result.ok).toBe(true);
    expect(outcome.requests).toEqual({ google: 1, microsoft: 1 });
    expect(availabilityCalls()).toHaveLength(2);
    expect(outcome.cache).toEqual({ people: [] });
  });

  it('answers a repeat within five minutes from the cache with zero requests and says how old the answer is', async () => {
    const first = await world.call('schedule.find', search());
    sandbox.log.clear();
    later(2);
    const second = await world.call('schedule.find', search());
    expect(availabilityCalls()).toEqual([]);
    expect(second.requests).toEqual({ google: 0, microsoft: 0 });
    expect(second.cache.people.map((entry) => entry.email).sort()).toEqual([ben, ...people.slice(0, 4)].sort());
    expect(second.cache).toMatchObject({ oldestCachedAt: now.toISOString(), ageSeconds: 120 });
    expect(second.result).toEqual(first.result);
  });

  it('asks the providers again once the cached answers are older than five minutes', async () => {
    await world.call('schedule.find', search());
    sandbox.log.clear();
    later(6);
    const outcome = await world.call('schedule.find', search());
    expect(outcome.requests).toEqual({ google: 1, microsoft: 1 });
    expect(outcome.cache.people).toEqual([]);
  });

  it('makes one set of requests for identical searches in flight at the same time', async () => {
    const [first, second] = await Promise.all([world.call('schedule.find', search()), world.call('schedule.find', search())]);
    expect(availabilityCalls()).toHaveLength(2);
    expect(second.result).toEqual(first.result);
    expect([first.shared, second.shared].sort()).toEqual([false, true]);
    expect(first.requests.google + second.requests.google).toBe(1);
  });

  it('fetches only the days a wider search adds, for everyone at once', async () => {
    await world.call('schedule.find', search({ end: '2026-03-12T00:00:00Z' }));
    sandbox.log.clear();
    const outcome = await world.call('schedule.find', search());
    const [freeBusy] = sandbox.log.list({ target: 'google-calendar', pathIncludes: '/freeBusy' });
    expect(freeBusy?.body).toMatchObject({ timeMin: '2026-03-12T00:00:00.000Z', timeMax: '2026-03-14T00:00:00.000Z' });
    expect(outcome.requests).toEqual({ google: 1, microsoft: 1 });
    expect(outcome.cache.people.length).toBe(5);
  });

  it('forgets the organizer’s and attendees’ cached availability after a booking, so the new meeting shows as busy', async () => {
    const before = await world.call('schedule.find', search());
    if (!before.result.ok) throw new Error('expected slots');
    const best = before.result.slots[0]!;
    await world.call('meetings.create', {
      operationKey: randomUUID(),
      accountId: benId,
      title: 'Taken',
      start: best.start,
      end: best.end,
      timeZone: 'America/New_York',
      attendees: [{ email: 'dev.patel@northwind.example' }],
      conference: 'none',
      sendInvitations: false,
    });
    sandbox.log.clear();
    const after = await world.call('schedule.find', search());
    if (!after.result.ok) throw new Error('expected slots');
    expect(after.requests.google).toBe(1);
    expect(after.requests.microsoft).toBe(0);
    expect(sandbox.log.list({ target: 'google-calendar', pathIncludes: '/freeBusy' })[0]?.body).toMatchObject({ items: [{ id: ben }, { id: 'dev.patel@northwind.example' }] });
    expect(after.result.slots.map((slot) => slot.start)).not.toContain(best.start);
  });

  it('never writes a token into the cache', async () => {
    await world.call('schedule.find', search());
    const dump = JSON.stringify(await world.db.getAll('freeBusyCache'));
    expect(dump).toContain('ben.carter@northwind.example');
    expect(dump).not.toMatch(/ya29\.|eyJ[A-Za-z0-9_-]{10,}|Bearer/);
  });
});

describe('preferences shaping the search', () => {
  it('uses the stored working hours, buffers and notice for people without their own hours', async () => {
    await world.call('preferences.set', {
      preferences: { workingHours: { tue: [{ start: '13:00', end: '15:00' }] }, bufferBeforeMinutes: 15, granularityMinutes: 30, minimumNoticeMinutes: 0 },
    });
    const outcome = await world.call('schedule.find', search({ participants: [{ email: 'dev.patel@northwind.example' }] }));
    if (!outcome.result.ok) throw new Error('expected an answer');
    for (const slot of outcome.result.slots) {
      const organizer = slot.participants.find((participant) => participant.email === ben)!;
      expect(organizer.localStart.slice(11)).toMatch(/^(13|14):(00|30)$/);
      expect(new Date(slot.start).getUTCDay()).toBe(2);
    }
  });

  it('looks no further than the horizon, and does not fetch beyond it', async () => {
    await world.call('preferences.set', { preferences: { horizonDays: 6 } });
    await world.call('schedule.find', search());
    const [freeBusy] = sandbox.log.list({ target: 'google-calendar', pathIncludes: '/freeBusy' });
    expect(freeBusy?.body).toMatchObject({ timeMax: '2026-03-11T00:00:00.000Z' });
  });
});
