import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '@/tests/sandbox/start';
import { startWorld, type World } from './world';
import { withStandIns } from '../stand-ins';

const now = new Date('2026-03-04T09:00:00Z');
const ben = 'ben.carter@northwind.example';
const isla = 'isla.mcdonald@contoso.example';

let sandbox: Sandbox;
let world: World;
let benId: string;

withStandIns({ now }, (started) => (sandbox = started));
beforeEach(async () => {
  world = await startWorld(sandbox, now);
  benId = await world.connect('google', ben);
  await world.connect('microsoft', isla);
  sandbox.log.clear();
});
afterEach(() => sandbox.faults.clear());

const request = (operationKey: string) => ({ operationKey, accountId: benId, title: 'Roadmap review', start: '2026-03-10T15:00:00Z', end: '2026-03-10T15:30:00Z' });
const meetingsFor = (key: string) => sandbox.microsoft.readOnlineMeetings(isla).filter((meeting) => meeting.externalId === key);

describe('a Teams link for a Google Calendar form (the inline panel)', () => {
  it('is made by the connected Microsoft work account, keyed by the panel key, and a repeat returns the same meeting', async () => {
    const key = randomUUID();
    const first = await world.call('inline.teamsLink', request(key));
    expect(first).toEqual({ joinUrl: expect.stringMatching(/^https:\/\/teams\.microsoft\.com\//), madeBy: isla });
    await expect(world.call('inline.teamsLink', request(key))).resolves.toEqual(first);
    expect(meetingsFor(key).map((meeting) => meeting.joinWebUrl)).toEqual([first.joinUrl]);
    // Nothing is booked on Google: the host app saves the event itself.
    expect(sandbox.log.list({ target: 'google-calendar' }).filter((entry) => entry.method !== 'GET')).toEqual([]);
  });

  it('returns the meeting Microsoft made even when the first answer was lost', async () => {
    const key = randomUUID();
    sandbox.faults.inject({ target: 'graph', match: { pathIncludes: '/onlineMeetings/createOrGet' }, times: 10, fault: { kind: 'dropAfterCommit' } });
    await expect(world.call('inline.teamsLink', request(key))).rejects.toThrow();
    sandbox.faults.clear();
    const retried = await world.call('inline.teamsLink', request(key));
    expect(meetingsFor(key).map((meeting) => meeting.joinWebUrl)).toEqual([retried.joinUrl]);
  });

  it('refuses an Outlook organizer before any request: Outlook adds Teams itself', async () => {
    const islaId = (await world.services.accounts.list()).find((account) => account.provider === 'microsoft')!.id;
    await expect(world.call('inline.teamsLink', { ...request(randomUUID()), accountId: islaId })).rejects.toThrow(/only for Google Calendar events/);
  });
});
