import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@/tests/sandbox/start';
import { startWorld, type World } from './world';

const now = new Date('2026-03-04T09:00:00Z');
const ben = 'ben.carter@northwind.example';

let sandbox: Sandbox;
let world: World;
let benId: string;

beforeAll(async () => {
  sandbox = await startSandbox({ now });
});
afterAll(async () => {
  await sandbox.stop();
});
beforeEach(async () => {
  // Ben consented before: his browser renews silently (prompt=none) without a window.
  sandbox.google.setConsentPolicy({ account: ben, grant: 'all' });
  world = await startWorld(sandbox, new Date(now), { realGoogleSignIn: true });
  benId = await world.connect('google', ben);
  sandbox.log.clear();
});
afterEach(() => {
  sandbox.google.clearConsentPolicies();
});

const searchWith = (email: string) =>
  world.call('schedule.find', {
    organizerAccountId: benId,
    timeZone: 'America/New_York',
    participants: [{ email }],
    durationMinutes: 30,
    start: '2026-03-09T00:00:00Z',
    end: '2026-03-14T00:00:00Z',
  });

const authorizeTrips = () => sandbox.log.list({ target: 'google-identity', pathIncludes: '/o/oauth2/v2/auth' });

describe('one token fetch per account and scope set', () => {
  it('makes one authorize round trip for two concurrent searches on an account that holds no token yet', async () => {
    const outcomes = await Promise.all([searchWith('dev.patel@northwind.example'), searchWith('chloe.dubois@northwind.example')]);
    expect(outcomes.map((outcome) => outcome.result.ok)).toEqual([true, true]);
    expect(authorizeTrips()).toHaveLength(1);
  });

  it('renews once when two concurrent calls both meet a 401', async () => {
    await searchWith('dev.patel@northwind.example');
    expect(sandbox.google.expireTokens(ben)).toBeGreaterThan(0);
    sandbox.log.clear();
    const outcomes = await Promise.all([searchWith('chloe.dubois@northwind.example'), searchWith('emma.schmidt@northwind.example')]);
    expect(outcomes.map((outcome) => outcome.result.ok)).toEqual([true, true]);
    expect(sandbox.log.list({ target: 'google-calendar', pathIncludes: '/freeBusy' }).filter((entry) => entry.status === 401)).toHaveLength(2);
    expect(authorizeTrips()).toHaveLength(1);
  });
});
