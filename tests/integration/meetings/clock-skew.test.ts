import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { TokenVault } from '@/lib/auth/token-vault';
import { scopesFor } from '@/lib/auth/scopes';
import { createHandlers } from '@/entrypoints/background/handlers';
import { composeServices } from '@/entrypoints/background/services';
import { ProviderClock } from '@/lib/providers/provider-clock';
import type { MessageType, RequestOf, ResponseOf } from '@/lib/messaging/protocol';
import { memorySessionArea } from '@/lib/sites/health';
import { openOverlapDB } from '@/lib/store/db';
import type { Sandbox } from '@/tests/sandbox/start';
import { withStandIns } from '../stand-ins';
import { sandboxAuth } from './world';

/**
 * The providers' clock (the stand-ins', which stamps every answer's Date header) is ten minutes
 * ahead of this computer's. Wednesday 11 March 2026, 10:02 in New York by the providers; 09:52
 * by the computer. The organizer and the colleague have no calendars the stand-ins know, so
 * every time is possibly free and only "now" and the minimum notice decide the first slot.
 */
const providersNow = new Date('2026-03-11T14:02:00.000Z');
const skewMs = 10 * 60_000;
const organizer = 'new.starter@northwind.example';
const colleague = 'another.starter@northwind.example';
const ben = 'ben.carter@northwind.example';
const chloe = 'chloe.dubois@northwind.example';

let sandbox: Sandbox;
withStandIns({ now: providersNow }, (started) => (sandbox = started));

let databases = 0;

async function background(email = organizer) {
  fakeBrowser.reset();
  const computer = { now: providersNow.getTime() - skewMs };
  const clock = new ProviderClock(() => computer.now);
  const services = composeServices({
    db: await openOverlapDB(`overlap-clock-skew-${++databases}`),
    auth: sandboxAuth(sandbox),
    urls: sandbox.urls,
    tuning: { google: { sleep: async () => {}, timeoutMs: 3_000 }, microsoft: { sleep: async () => {}, timeoutMs: 3_000 } },
    clock,
  });
  const handlers = createHandlers(async () => services);
  const call = <T extends MessageType>(type: T, payload: RequestOf<T>) =>
    (handlers[type] as (payload: unknown, sender: { kind: 'extension-page' }) => Promise<ResponseOf<T>>)(payload, { kind: 'extension-page' });
  const account = await services.accounts.recordGrant({ provider: 'google', email, grantedScopes: scopesFor('google', ['identify-account', 'find-times']), enableFeature: 'find-times' });
  return { services, clock, computer, call, accountId: account.id };
}

const searchFrom = (accountId: string, computerNow: number, participants = [colleague]): RequestOf<'schedule.find'> => ({
  organizerAccountId: accountId,
  timeZone: 'America/New_York',
  participants: participants.map((email) => ({ email })),
  durationMinutes: 30,
  start: new Date(computerNow).toISOString(),
  end: new Date(computerNow + 4 * 3_600_000).toISOString(),
});

describe('a computer whose clock is ten minutes behind the providers’', () => {
  it('learns the providers’ time from the first answer and keeps the minimum notice by it', async () => {
    const { clock, computer, call, accountId } = await background();
    const outcome = await call('schedule.find', searchFrom(accountId, computer.now));
    expect(Math.abs(clock.offset() - skewMs)).toBeLessThanOrEqual(1_000);
    expect(outcome.result.ok).toBe(true);
    if (!outcome.result.ok) return;
    // An hour's notice from 10:02 on the 15-minute grid is 11:15 New York time; by the computer's
    // clock (09:52) it would have been 11:00, a slot less than an hour away for everyone else.
    const first = outcome.result.slots.map((slot) => slot.start).sort()[0];
    expect(first).toBe('2026-03-11T15:15:00Z');
  });

  it('dates the cache by the providers’ clock, so a second search reports its true age', async () => {
    // Only calendars the provider could read are cached: people the stand-ins know.
    const { services, computer, call, accountId } = await background(ben);
    await call('schedule.find', searchFrom(accountId, computer.now, [chloe]));
    computer.now += 90_000;
    const again = await call('schedule.find', searchFrom(accountId, computer.now, [chloe]));
    expect(again.requests.google).toBe(0);
    expect(again.cache.ageSeconds).toBe(90);
    expect(Math.abs(Date.parse(again.cache.oldestCachedAt!) - providersNow.getTime())).toBeLessThanOrEqual(1_000);
    expect(services.now().getTime() - computer.now).toBeGreaterThan(skewMs - 1_000);
  });

  it('renews a token that has five minutes left by the computer’s clock but died by the providers’', async () => {
    const { clock, computer, call, accountId } = await background();
    await call('schedule.find', searchFrom(accountId, computer.now));
    const vault = new TokenVault(memorySessionArea(), () => clock.nowMs());
    await vault.put({ provider: 'google', email: organizer, accessToken: 'stand-in-token', grantedScopes: ['openid'], expiresAt: computer.now + 5 * 60_000 });
    expect(await vault.usable('google', organizer, ['openid'])).toBeUndefined();
    const onComputerClock = new TokenVault(memorySessionArea(), () => computer.now);
    await onComputerClock.put({ provider: 'google', email: organizer, accessToken: 'stand-in-token', grantedScopes: ['openid'], expiresAt: computer.now + 5 * 60_000 });
    expect(await onComputerClock.usable('google', organizer, ['openid'])).toBeDefined();
  });
});
