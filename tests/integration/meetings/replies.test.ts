import { describe, expect, it } from 'vitest';
import { createRouter } from '@/lib/messaging/router';
import { describeError } from '@/entrypoints/background/handlers';
import type { Sandbox } from '@/tests/sandbox/start';
import { startWorld } from './world';
import { withStandIns } from '../stand-ins';

/** What the popup actually receives: the handlers behind the real router, with the background's error descriptions. */

const popup = { id: 'overlap-test', url: 'chrome-extension://overlap-test/popup.html' };
let sandbox: Sandbox;

withStandIns({ now: new Date('2026-03-04T09:00:00Z') }, (started) => (sandbox = started));

async function route() {
  const world = await startWorld(sandbox, new Date('2026-03-04T09:00:00Z'));
  return { world, send: createRouter(world.handlers, { extensionId: 'overlap-test', extensionOrigin: 'chrome-extension://overlap-test', describeError }) };
}

describe('replies the popup receives', () => {
  it('names each bad preference field under the payload, and saves nothing', async () => {
    const { send } = await route();
    const reply = await send({ type: 'preferences.set', payload: { preferences: { granularityMinutes: 7, horizonDays: 0 } } }, popup);
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-message' } });
    if (reply.ok) return;
    expect(reply.error.issues?.map((issue) => issue.path).sort()).toEqual(['payload.preferences.granularityMinutes', 'payload.preferences.horizonDays']);
    const stored = await send({ type: 'preferences.get', payload: {} }, popup);
    expect(stored).toMatchObject({ ok: true, data: { preferences: { granularityMinutes: 15, horizonDays: 14 } } });
  });

  it('marks a refusal to touch a meeting Overlap did not create as refused', async () => {
    const { send } = await route();
    const reply = await send({ type: 'meetings.cancel', payload: { meetingId: 'someone-elses-event' } }, popup);
    expect(reply).toEqual({ ok: false, error: { code: 'handler-failed', message: expect.stringMatching(/Overlap did not create this meeting/), detail: { kind: 'refused' } } });
  });

  it('refuses a booking whose end is not after its start before anything is stored', async () => {
    const { send, world } = await route();
    const reply = await send(
      {
        type: 'meetings.create',
        payload: { operationKey: crypto.randomUUID(), accountId: 'google:ben.carter@northwind.example', title: 'x', start: '2026-03-10T15:00:00Z', end: '2026-03-10T15:00:00Z', timeZone: 'UTC', attendees: [], conference: 'none', sendInvitations: true },
      },
      popup,
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-message', issues: [{ path: 'payload.end', message: 'end must be after start' }] } });
    expect((await world.services.meetings.list()).records).toEqual([]);
  });
});
