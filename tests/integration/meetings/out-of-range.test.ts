import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { createRouter } from '@/lib/messaging/router';
import type { Reply, RequestOf } from '@/lib/messaging/protocol';
import { describeError } from '@/entrypoints/background/handlers';
import type { Sandbox } from '@/tests/sandbox/start';
import { startWorld, type World } from './world';
import { withStandIns } from '../stand-ins';

/**
 * Requests out of the bounds `lib/messaging/request-bounds.ts` states (REQUEST_BOUNDS): each is refused
 * by the real router with the field and the reason, and the stand-ins' request log proves no
 * provider was asked anything.
 */

const now = new Date('2026-03-04T09:00:00Z');
const popup = { id: 'overlap-test', url: 'chrome-extension://overlap-test/popup.html' };
const ben = 'ben.carter@northwind.example';

let sandbox: Sandbox;
let world: World;
let send: ReturnType<typeof createRouter>;
let benId: string;

withStandIns({ now }, (started) => (sandbox = started));
beforeEach(async () => {
  world = await startWorld(sandbox, new Date(now));
  benId = await world.connect('google', ben);
  await world.services.accounts.recordGrant({ provider: 'google', email: ben, grantedScopes: [], enableFeature: 'book-meetings' });
  send = createRouter(world.handlers, { extensionId: 'overlap-test', extensionOrigin: 'chrome-extension://overlap-test', describeError });
  sandbox.log.clear();
});

const people = (count: number) => Array.from({ length: count }, (_, index) => ({ email: `person${index}@northwind.example` }));

function search(overrides: Partial<RequestOf<'schedule.find'>>): RequestOf<'schedule.find'> {
  return { organizerAccountId: benId, timeZone: 'Europe/London', participants: people(2), durationMinutes: 30, start: '2026-03-09T00:00:00Z', end: '2026-03-14T00:00:00Z', ...overrides };
}

function booking(overrides: Partial<RequestOf<'meetings.create'>>): RequestOf<'meetings.create'> {
  return {
    operationKey: randomUUID(),
    accountId: benId,
    title: 'Planning',
    start: '2026-03-09T10:00:00Z',
    end: '2026-03-09T10:30:00Z',
    timeZone: 'Europe/London',
    attendees: people(2),
    conference: 'none',
    sendInvitations: false,
    ...overrides,
  };
}

function issuesOf(reply: Reply<unknown>) {
  expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-message' } });
  return reply.ok ? [] : (reply.error.issues ?? []);
}

describe('searches out of range', () => {
  it.each([
    ['a search window of two years', { end: '2028-03-09T00:00:00Z' }, 'payload.end', /at most 366 days/],
    ['500 participants', { participants: people(500) }, 'payload.participants', /at most 200 people/],
    ['a 1-minute meeting', { durationMinutes: 1 }, 'payload.durationMinutes', /at least 5 minutes/],
    ['a 25-hour meeting', { durationMinutes: 25 * 60 }, 'payload.durationMinutes', /at most 24 hours/],
    ['a zone that does not exist', { timeZone: 'Mars/Olympus_Mons' }, 'payload.timeZone', /not a known IANA time zone/],
    ['an end before the start', { start: '2026-03-14T00:00:00Z', end: '2026-03-09T00:00:00Z' }, 'payload.end', /end must be after start/],
  ] as const)('refuses %s, naming the field and the bound, before any provider is asked', async (_label, overrides, path, message) => {
    const issues = issuesOf(await send({ type: 'schedule.find', payload: search(overrides) }, popup));
    expect(issues).toContainEqual({ path, message: expect.stringMatching(message) });
    expect(sandbox.log.list()).toEqual([]);
  });

  it('still searches a window of exactly 366 days, the bound itself', async () => {
    const reply = await send({ type: 'schedule.find', payload: search({ start: '2026-03-05T00:00:00Z', end: '2027-03-06T00:00:00Z' }) }, popup);
    expect(reply).toMatchObject({ ok: true });
  });
});

describe('bookings out of range', () => {
  it.each([
    ['a 1-minute meeting', { end: '2026-03-09T10:01:00Z' }, 'payload.end', /at least 5 minutes/],
    ['a 25-hour meeting', { end: '2026-03-10T11:00:00Z' }, 'payload.end', /at most 24 hours/],
    ['a zone that does not exist', { timeZone: 'Europe/Atlantis' }, 'payload.timeZone', /not a known IANA time zone/],
    ['an end before the start', { end: '2026-03-09T09:00:00Z' }, 'payload.end', /end must be after start/],
    ['500 attendees', { attendees: people(500) }, 'payload.attendees', /at most 200 people/],
  ] as const)('refuses to book %s, naming the field, with nothing sent and nothing stored', async (_label, overrides, path, message) => {
    const issues = issuesOf(await send({ type: 'meetings.create', payload: booking(overrides) }, popup));
    expect(issues).toContainEqual({ path, message: expect.stringMatching(message) });
    expect(sandbox.log.list()).toEqual([]);
    expect(await world.db.count('partnerMeetings')).toBe(0);
  });

  it('refuses to move a meeting to a 25-hour slot before looking it up', async () => {
    const issues = issuesOf(await send({ type: 'meetings.reschedule', payload: { meetingId: randomUUID(), start: '2026-03-09T10:00:00Z', end: '2026-03-10T11:00:00Z' } }, popup));
    expect(issues).toContainEqual({ path: 'payload.end', message: expect.stringMatching(/at most 24 hours/) });
    expect(sandbox.log.list()).toEqual([]);
  });
});
