import { beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '@/tests/sandbox/start';
import { startWorld, type World } from './world';
import { withStandIns } from '../stand-ins';

const now = new Date('2026-03-04T09:00:00Z');
const sam = 'sam.okafor@outlook.example';
// Another Outlook.com address: nobody a personal account can look up.
const friend = 'alex.rivera@outlook.example';

let sandbox: Sandbox;
let world: World;
let samId: string;

withStandIns({ now }, (started) => (sandbox = started));
beforeEach(async () => {
  world = await startWorld(sandbox, new Date(now));
  samId = await world.connect('microsoft', sam);
  sandbox.log.clear();
});

const search = () =>
  world.call('schedule.find', {
    organizerAccountId: samId,
    timeZone: 'America/Chicago',
    participants: [{ email: friend }],
    durationMinutes: 30,
    start: '2026-03-09T00:00:00Z',
    end: '2026-03-14T00:00:00Z',
  });

describe('a personal Microsoft account as the organizer', () => {
  it('reads the organizer’s own calendar from calendarView, so no offered time overlaps their busy time', async () => {
    const outcome = await search();
    if (!outcome.result.ok) throw new Error('expected slots');
    expect(outcome.result.slots.length).toBeGreaterThan(0);
    const busy = sandbox.microsoft
      .readEvents(sam)
      .filter((event) => !event.isCancelled && event.showAs !== 'free')
      .map((event) => ({ start: Date.parse(`${event.start!.dateTime!}`), end: Date.parse(`${event.end!.dateTime!}`) }));
    for (const slot of outcome.result.slots) {
      const organizer = slot.participants.find((participant) => participant.email === sam)!;
      expect(organizer.status).not.toBe('unknown');
      const [start, end] = [Date.parse(slot.start), Date.parse(slot.end)];
      if (organizer.status === 'free') expect(busy.filter((event) => event.start < end && event.end > start)).toEqual([]);
    }
    expect(sandbox.log.list({ target: 'graph', pathIncludes: '/calendarView' }).length).toBeGreaterThan(0);
  });

  it('leaves other people asked through a personal account unknown, saying why', async () => {
    const outcome = await search();
    if (!outcome.result.ok) throw new Error('expected slots');
    const [slot] = outcome.result.slots;
    expect(slot!.unknown).toEqual([friend]);
    expect(slot!.reasons.join(' ')).toMatch(/personal microsoft accounts cannot see other people/i);
  });
});
