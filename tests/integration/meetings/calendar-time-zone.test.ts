import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RequestOf } from '@/lib/messaging/protocol';
import type { Sandbox } from '@/tests/sandbox/start';
import { startWorld, type World } from './world';
import { withStandIns } from '../stand-ins';

const now = new Date('2026-03-04T09:00:00Z');
const ben = 'ben.carter@northwind.example';
const jack = 'jack.nguyen@contoso.example';
// The browser says Lisbon; Ben's Google calendar says New York, Jack's mailbox Los Angeles.
const browserZone = 'Europe/Lisbon';

let sandbox: Sandbox;
let world: World;

withStandIns({ now }, (started) => (sandbox = started));
beforeEach(async () => {
  world = await startWorld(sandbox, new Date(now));
  sandbox.log.clear();
});
afterEach(() => {
  sandbox.faults.clear();
});

async function connectWithTimeZone(provider: 'google' | 'microsoft', email: string, enabled = true): Promise<string> {
  const id = await world.connect(provider, email);
  if (enabled) await world.call('features.set', { accountId: id, feature: 'read-time-zone', enabled: true });
  sandbox.log.clear();
  return id;
}

function search(organizerAccountId: string, participant: string): RequestOf<'schedule.find'> {
  return { organizerAccountId, timeZone: browserZone, participants: [{ email: participant }], durationMinutes: 30, start: '2026-03-09T00:00:00Z', end: '2026-03-14T00:00:00Z' };
}

const settingsReads = () => [...sandbox.log.list({ target: 'google-calendar', pathIncludes: '/settings' }), ...sandbox.log.list({ target: 'graph', pathIncludes: '/mailboxSettings' })];

describe('using the organizer’s calendar time zone and working hours', () => {
  it('searches in the Google calendar’s time zone when the feature is on, and reads it once per worker life', async () => {
    const benId = await connectWithTimeZone('google', ben);
    const outcome = await world.call('schedule.find', search(benId, 'dev.patel@northwind.example'));
    expect(outcome.organizer).toEqual({ timeZone: 'America/New_York', timeZoneFrom: 'calendar', workingHoursFrom: 'preferences' });
    if (!outcome.result.ok) throw new Error('expected slots');
    const organizer = outcome.result.slots[0]!.participants.find((participant) => participant.email === ben)!;
    expect(organizer.timeZone).toBe('America/New_York');
    expect(settingsReads().map((entry) => entry.path)).toEqual(['/calendar/v3/users/me/settings/timezone']);

    sandbox.log.clear();
    await world.call('schedule.find', search(benId, 'chloe.dubois@northwind.example'));
    expect(settingsReads()).toEqual([]);
  });

  it('uses the Outlook mailbox’s zone and working hours for a Microsoft organizer instead of the stored ones', async () => {
    await world.call('preferences.set', { preferences: { workingHours: { sat: [{ start: '10:00', end: '12:00' }] }, minimumNoticeMinutes: 0 } });
    const jackId = await connectWithTimeZone('microsoft', jack);
    const outcome = await world.call('schedule.find', search(jackId, 'isla.mcdonald@contoso.example'));
    expect(outcome.organizer).toEqual({ timeZone: 'America/Los_Angeles', timeZoneFrom: 'calendar', workingHoursFrom: 'calendar' });
    if (!outcome.result.ok) throw new Error('expected slots');
    expect(outcome.result.slots.length).toBeGreaterThan(0);
    for (const slot of outcome.result.slots) {
      const organizer = slot.participants.find((participant) => participant.email === jack)!;
      expect(organizer.timeZone).toBe('America/Los_Angeles');
      // Jack's Outlook hours are 08:00–16:30, Monday to Friday.
      expect(organizer.minutesOutsideWorkingHours).toBe(0);
      expect(organizer.localStart.slice(11) >= '08:00' && organizer.localEnd.slice(11) <= '16:30').toBe(true);
    }
  });

  it('falls back to the browser’s zone, saying why, when the calendar’s settings cannot be read', async () => {
    const benId = await connectWithTimeZone('google', ben);
    sandbox.faults.inject({ target: 'google-calendar', match: { pathIncludes: '/settings' }, times: 10, fault: { kind: 'status', status: 503 } });
    const outcome = await world.call('schedule.find', search(benId, 'dev.patel@northwind.example'));
    expect(outcome.result.ok).toBe(true);
    expect(outcome.organizer).toEqual({ timeZone: browserZone, timeZoneFrom: 'request', workingHoursFrom: 'preferences', fallbackReason: expect.stringMatching(/time zone/) });
  });

  it('reads no setting while the feature is off', async () => {
    const benId = await connectWithTimeZone('google', ben, false);
    const outcome = await world.call('schedule.find', search(benId, 'dev.patel@northwind.example'));
    expect(outcome.organizer).toEqual({ timeZone: browserZone, timeZoneFrom: 'request', workingHoursFrom: 'preferences' });
    expect(settingsReads()).toEqual([]);
  });
});
