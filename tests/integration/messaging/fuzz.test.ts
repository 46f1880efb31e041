import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { createRouter, type Handlers } from '@/lib/messaging/router';
import { protocol, type MessageType, type Reply } from '@/lib/messaging/protocol';
import { describeError } from '@/entrypoints/background/handlers';
import { CLEARABLE_PREFERENCES } from '@/lib/meetings/types';
import type { Sandbox } from '@/tests/sandbox/start';
import { startWorld, type World } from '../meetings/world';
import { withStandIns } from '../stand-ins';

/**
 * Fuzzing the background's one entry point: the real router in front of the real handlers, wired
 * to the real services over fake-indexeddb and the stand-ins. Every handler is wrapped to record
 * that it ran (and then really runs), so a malformed message that slipped through would both be
 * recorded and change the database or reach a stand-in — three ways for these tests to fail.
 */

const extensionId = 'overlap-test';
const options = { extensionId, extensionOrigin: `chrome-extension://${extensionId}`, describeError };
const popup = { id: extensionId, url: `chrome-extension://${extensionId}/popup.html` };
const calendarContentScript = { id: extensionId, url: 'https://calendar.google.com/calendar/r/eventedit' };
const now = new Date('2026-03-04T09:00:00Z');
const ben = 'google:ben.carter@northwind.example';
const runs = { numRuns: 150 };

let sandbox: Sandbox;
let world: World;
let calls: string[];
let route: ReturnType<typeof createRouter>;

withStandIns({ now }, (started) => (sandbox = started));
beforeEach(async () => {
  world = await startWorld(sandbox, new Date(now));
  await world.connect('google', 'ben.carter@northwind.example');
  await world.connect('microsoft', 'isla.mcdonald@contoso.example');
  await world.services.preferences.set({ defaultDurationMinutes: 45 });
  calls = [];
  const recording = Object.fromEntries(
    Object.entries(world.handlers).map(([type, handler]) => [type, (payload: unknown, sender: unknown) => (calls.push(type), (handler as (p: unknown, s: unknown) => Promise<unknown>)(payload, sender))]),
  ) as unknown as Handlers;
  route = createRouter(recording, options);
  sandbox.log.clear();
});

/** Everything the background keeps, in one comparable value. */
async function stored(): Promise<string> {
  const stores = [...world.db.objectStoreNames].sort();
  const contents = await Promise.all(stores.map(async (name) => [name, await world.db.getAll(name)] as const));
  return JSON.stringify(contents);
}

type Kind = 'string' | 'number' | 'boolean' | 'array' | 'object';

interface FieldSpec {
  kind: Kind;
  /** Values of the right type that the schema still refuses (an unknown enum value, a huge string…). */
  wrongValues?: fc.Arbitrary<unknown>;
  optional?: boolean;
}

interface Template {
  payload: Record<string, unknown>;
  fields: Record<string, FieldSpec>;
}

const huge = (prefix = '', suffix = '') => fc.integer({ min: 10_001, max: 120_000 }).map((length) => `${prefix}${'x'.repeat(length)}${suffix}`);
const notMatching = (pattern: RegExp) => fc.oneof(fc.string(), fc.string({ unit: 'grapheme' })).filter((value) => !pattern.test(value));
const instant = { kind: 'string', wrongValues: fc.oneof(notMatching(/^\d{4}-\d\d-\d\dT/), huge('2026-03-09T10:00:00Z')) } as const satisfies FieldSpec;
const accountId = { kind: 'string', wrongValues: fc.oneof(notMatching(/^(google|microsoft):[^\s:]+@[^\s:]+$/), huge('google:', '@example.com')) } as const satisfies FieldSpec;
const meetingId = { kind: 'string', wrongValues: fc.oneof(fc.string({ maxLength: 7 }), huge()) } as const satisfies FieldSpec;
const oneOf = (...allowed: string[]) => ({ kind: 'string', wrongValues: fc.oneof(fc.string(), huge()).filter((value) => !allowed.includes(value)) }) as const satisfies FieldSpec;
const zone = { kind: 'string', wrongValues: fc.oneof(fc.constantFrom('Mars/Olympus_Mons', 'Europe/Atlantis', '', 'UTC+25'), huge('Europe/')) } as const satisfies FieldSpec;
const badNumber = (min: number, max: number) => fc.oneof(fc.constant(Number.NaN), fc.constant(Number.POSITIVE_INFINITY), fc.double({ noInteger: true, noDefaultInfinity: true, noNaN: true }), fc.integer({ max: min - 1 }), fc.integer({ min: max + 1 }));
const attendee = (email: string) => ({ email });
const uuid = { kind: 'string', wrongValues: notMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i) } as const satisfies FieldSpec;
const people = { kind: 'array', wrongValues: fc.oneof(
  fc.integer({ min: 201, max: 3000 }).map((count) => Array.from({ length: count }, (_, index) => attendee(`p${index}@example.com`))),
  fc.array(fc.anything().filter((value) => typeof value !== 'object' || value === null || Array.isArray(value)), { minLength: 1 }),
  notMatching(/@/).map((email) => [{ email }]),
  fc.constantFrom('__proto__', 'constructor', 'token').map((key) => [withOwnKey({ email: 'ada@example.com' }, key, 'x')]),
) } as const satisfies FieldSpec;

/** A valid payload for every message, with what each field is, so one field at a time can be broken. */
const templates: Record<MessageType, Template> = {
  'app.status': { payload: {}, fields: {} },
  'permissions.overview': { payload: {}, fields: {} },
  'accounts.connect': { payload: { provider: 'google' }, fields: { provider: oneOf('google', 'microsoft') } },
  'accounts.disconnect': { payload: { accountId: ben, keepMeetings: true }, fields: { accountId, keepMeetings: { kind: 'boolean', optional: true } } },
  'features.set': {
    payload: { accountId: ben, feature: 'find-times', enabled: false },
    fields: { accountId, feature: oneOf(...protocol['features.set'].request.shape.feature.options), enabled: { kind: 'boolean' } },
  },
  'ledger.list': {
    payload: { accountId: ben, feature: 'find-times', since: '2026-03-01T00:00:00Z', until: '2026-03-05T00:00:00Z', limit: 50 },
    fields: {
      accountId: { ...accountId, optional: true },
      feature: { ...oneOf(...protocol['features.set'].request.shape.feature.options), optional: true },
      since: { ...instant, optional: true },
      until: { ...instant, optional: true },
      limit: { kind: 'number', wrongValues: badNumber(1, 5000), optional: true },
    },
  },
  'schedule.find': {
    payload: { organizerAccountId: ben, timeZone: 'Europe/London', participants: [attendee('dev.patel@northwind.example')], durationMinutes: 30, start: '2026-03-09T00:00:00Z', end: '2026-03-14T00:00:00Z' },
    fields: { organizerAccountId: accountId, timeZone: zone, participants: people, durationMinutes: { kind: 'number', wrongValues: badNumber(5, 1440) }, start: instant, end: instant, searchId: { ...uuid, optional: true } },
  },
  'schedule.cancel': { payload: { searchId: '0b9c2f4e-3f43-4c1e-9d7e-1f0a2b3c4d5e' }, fields: { searchId: uuid } },
  'meetings.options': { payload: { accountId: ben }, fields: { accountId } },
  'meetings.create': {
    payload: {
      operationKey: '0b9c2f4e-3f43-4c1e-9d7e-1f0a2b3c4d5e',
      accountId: ben,
      title: 'Planning',
      description: 'Agenda',
      start: '2026-03-09T10:00:00Z',
      end: '2026-03-09T10:30:00Z',
      timeZone: 'Europe/London',
      attendees: [attendee('dev.patel@northwind.example')],
      conference: 'none',
      sendInvitations: false,
    },
    fields: {
      operationKey: { kind: 'string', wrongValues: notMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i) },
      accountId,
      title: { kind: 'string', wrongValues: fc.oneof(fc.constantFrom('', '   ', '\u200b'.repeat(0)), huge()) },
      description: { kind: 'string', wrongValues: huge(), optional: true },
      start: instant,
      end: instant,
      timeZone: zone,
      attendees: people,
      conference: oneOf('meet', 'teams', 'none'),
      sendInvitations: { kind: 'boolean' },
    },
  },
  'meetings.list': { payload: {}, fields: {} },
  'meetings.reschedule': { payload: { meetingId: '0b9c2f4e-3f43-4c1e-9d7e-1f0a2b3c4d5e', start: '2026-03-09T10:00:00Z', end: '2026-03-09T10:30:00Z' }, fields: { meetingId, start: instant, end: instant } },
  'meetings.cancel': { payload: { meetingId: '0b9c2f4e-3f43-4c1e-9d7e-1f0a2b3c4d5e' }, fields: { meetingId } },
  'meetings.finish': { payload: { meetingId: '0b9c2f4e-3f43-4c1e-9d7e-1f0a2b3c4d5e' }, fields: { meetingId } },
  'meetings.forget': { payload: { meetingId: '0b9c2f4e-3f43-4c1e-9d7e-1f0a2b3c4d5e' }, fields: { meetingId } },
  'preferences.get': { payload: {}, fields: {} },
  // `preferences` itself is checked by the store's versioned schema, past the router (its own test below).
  'preferences.set': { payload: { preferences: { defaultDurationMinutes: 30 } }, fields: {} },
  'contacts.suggest': { payload: { query: 'dev' }, fields: { query: { kind: 'string', wrongValues: huge() } } },
  // A discriminated union: its other fields are checked per state (the state's own test is in the router's tests).
  'sites.health.report': { payload: { site: 'gcal', state: 'ok' }, fields: { site: oneOf('gcal', 'outlook', 'gmail'), state: oneOf('ok', 'unavailable') } },
  'sites.health.get': { payload: {}, fields: {} },
  'storage.health': { payload: {}, fields: {} },
  'inline.teamsLink': {
    payload: { operationKey: '0b9c2f4e-3f43-4c1e-9d7e-1f0a2b3c4d5e', accountId: ben, title: 'Planning', start: '2026-03-09T10:00:00Z', end: '2026-03-09T10:30:00Z' },
    fields: {
      operationKey: { kind: 'string', wrongValues: notMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i) },
      accountId,
      title: { kind: 'string', wrongValues: fc.oneof(fc.constantFrom('', '   '), huge()) },
      start: instant,
      end: instant,
    },
  },
  'inline.meetLink': {
    payload: { operationKey: '0b9c2f4e-3f43-4c1e-9d7e-1f0a2b3c4d5e', accountId: 'microsoft:isla.mcdonald@contoso.example' },
    fields: { operationKey: { kind: 'string', wrongValues: notMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i) }, accountId },
  },
};

const messageTypes = Object.keys(protocol) as MessageType[];
/** The one kind of message a content script may send; every other one is privileged. */
const isContentScriptMessage = (type: unknown) => typeof type === 'string' && Object.hasOwn(protocol, type) && protocol[type as MessageType].allowedSenders.includes('content-script');
const privilegedTypes = messageTypes.filter((type) => !isContentScriptMessage(type));
/** A sender the message's audience admits: a host page's content script or an extension page. */
const senderFor = (type: MessageType) => (isContentScriptMessage(type) ? calendarContentScript : popup);

/** An own, enumerable key even for `__proto__`, as JSON.parse makes it (plain assignment would set the prototype). */
function withOwnKey(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = { ...target };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

const wrongType = (kind: Kind) =>
  fc.anything().filter((value) => {
    if (value === undefined) return false;
    if (kind === 'array') return !Array.isArray(value);
    if (kind === 'object') return typeof value !== 'object' || value === null || Array.isArray(value);
    return typeof value !== kind;
  });

const prototypeKeys = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', '__defineGetter__'];

interface Mutation {
  type: MessageType;
  payload: unknown;
  /** What the refusal must name: a field's dotted path, or an extra key's name in the message. */
  expect: { path: string } | { extraKey: string };
  how: string;
}

/** A valid message with exactly one thing wrong: a field of the wrong type or value, a required one missing, or one key too many. */
const mutation: fc.Arbitrary<Mutation> = fc.constantFrom(...messageTypes).chain((type) => {
  const { payload, fields } = templates[type];
  const names = Object.keys(fields);
  const required = names.filter((name) => !fields[name]!.optional);
  const extraKey = fc.oneof(fc.constantFrom(...prototypeKeys), fc.string({ minLength: 1 }).filter((key) => !(key in payload) && !prototypeKeys.includes(key)));
  const choices: fc.Arbitrary<Mutation>[] = [
    fc.tuple(extraKey, fc.anything()).map(([key, value]) => ({ type, payload: withOwnKey(payload, key, value), expect: { extraKey: key }, how: `extra key ${JSON.stringify(key)}` })),
  ];
  if (names.length) {
    choices.push(
      fc.constantFrom(...names).chain((name) => {
        const spec = fields[name]!;
        return fc.oneof(wrongType(spec.kind), ...(spec.wrongValues ? [spec.wrongValues] : [])).map((value) => ({
          type,
          payload: { ...payload, [name]: value },
          expect: { path: `payload.${name}` },
          how: `${name} set to a bad value`,
        }));
      }),
    );
  }
  if (required.length) {
    choices.push(
      fc.constantFrom(...required).map((name) => {
        const { [name]: _dropped, ...rest } = payload;
        return { type, payload: rest, expect: { path: `payload.${name}` }, how: `${name} missing` };
      }),
    );
  }
  return fc.oneof(...choices);
});

/** `null` is how a page clears these (the zone then follows the browser), so it is a valid value, not a broken one. */
const isClearable = (name: string) => (CLEARABLE_PREFERENCES as readonly string[]).includes(name);

/** `{ type, payload: {} }` (or no payload) is valid for the messages without required fields; those are not fuzz. */
function isEmptyKnownMessage(message: unknown): boolean {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return false;
  const { type, payload } = message as { type?: unknown; payload?: unknown };
  const empty = payload == null || (typeof payload === 'object' && !Array.isArray(payload) && Object.keys(payload).length === 0);
  return typeof type === 'string' && Object.hasOwn(protocol, type) && empty && Object.keys(message).every((key) => key === 'type' || key === 'payload');
}

function refusal(reply: Reply<unknown>) {
  if (reply.ok) throw new Error(`expected a refusal, got ${JSON.stringify(reply).slice(0, 200)}`);
  return reply.error;
}

describe('fuzzed messages through the real router and handlers', () => {
  it('runs the handler of every message type for its valid template, so the fuzzing below starts from messages that pass', async () => {
    for (const type of messageTypes) {
      calls = [];
      await route({ type, payload: templates[type].payload }, senderFor(type));
      expect(calls, type).toEqual([type]);
    }
  });

  it('refuses a valid message with one field broken, missing or added, naming that field, with no handler run, nothing stored and no provider asked', async () => {
    const before = await stored();
    await fc.assert(
      fc.asyncProperty(mutation, async ({ type, payload, expect: wanted, how }) => {
        calls = [];
        const error = refusal(await route({ type, payload }, senderFor(type)));
        expect(error.code, how).toBe('invalid-message');
        expect(error.message).toContain(type);
        if ('path' in wanted) {
          expect(error.issues?.some((issue) => issue.path === wanted.path || issue.path.startsWith(`${wanted.path}.`)), `${how}: ${JSON.stringify(error.issues)}`).toBe(true);
        } else {
          expect(error.issues?.some((issue) => issue.path === 'payload' && issue.message.includes(wanted.extraKey)), `${how}: ${JSON.stringify(error.issues)}`).toBe(true);
        }
        expect(error.issues?.every((issue) => issue.message.length > 0 && issue.message.length < 500)).toBe(true);
        expect(calls).toEqual([]);
      }),
      runs,
    );
    expect(await stored()).toBe(before);
    expect(sandbox.log.list()).toEqual([]);
  });

  it('refuses any value at all as a message, or any payload under a known type, unless it is a valid message, with no handler run', async () => {
    const before = await stored();
    const raw = fc.oneof(
      fc.anything(),
      fc.record({ type: fc.oneof(fc.constantFrom(...messageTypes, ...prototypeKeys), fc.string()), payload: fc.anything() }),
      fc.record({ type: fc.anything(), payload: fc.object() }),
    ).filter((message) => !isEmptyKnownMessage(message));
    await fc.assert(
      fc.asyncProperty(raw, async (message) => {
        calls = [];
        const error = refusal(await route(message, popup));
        // A content script's message from a page is refused for its sender before its payload is read.
        const type = typeof message === 'object' && message !== null ? (message as { type?: unknown }).type : undefined;
        expect(isContentScriptMessage(type) ? ['forbidden-sender'] : ['invalid-message', 'unknown-message']).toContain(error.code);
        if (error.code === 'invalid-message') expect(error.issues?.length).toBeGreaterThan(0);
        expect(calls).toEqual([]);
      }),
      runs,
    );
    expect(await stored()).toBe(before);
    expect(sandbox.log.list()).toEqual([]);
  });

  it('refuses every privileged message, valid or not, from a content script and from another extension, before reading its payload', async () => {
    const before = await stored();
    const sender = fc.oneof(
      fc.webUrl().map((url) => ({ id: extensionId, url })),
      fc.constantFrom('https://mail.google.com/mail/u/0/#inbox', 'https://outlook.office.com/calendar/view/week', 'about:blank').map((url) => ({ id: extensionId, url })),
      fc.tuple(fc.string().filter((id) => id !== extensionId), fc.constantFrom(popup.url, undefined, 'chrome-extension://someoneelse/page.html')).map(([id, url]) => ({ id, url })),
      fc.constant({ id: undefined, url: popup.url }),
    );
    const message = fc.oneof(
      fc.constantFrom(...privilegedTypes).map((type) => ({ type, payload: templates[type].payload })),
      mutation.filter(({ type }) => !isContentScriptMessage(type)).map(({ type, payload }) => ({ type, payload })),
    );
    await fc.assert(
      fc.asyncProperty(message, sender, async (raw, from) => {
        calls = [];
        const error = refusal(await route(raw, from));
        expect(error.code).toBe('forbidden-sender');
        expect(error.issues).toBeUndefined();
        expect(calls).toEqual([]);
      }),
      runs,
    );
    expect(await stored()).toBe(before);
    expect(sandbox.log.list()).toEqual([]);
  });

  it.each([
    ['a __proto__ key in the payload', '{"type":"meetings.cancel","payload":{"meetingId":"0b9c2f4e-3f43-4c1e-9d7e-1f0a2b3c4d5e","__proto__":{"isAdmin":true}}}', 'payload', '__proto__'],
    ['a constructor key in an attendee', '{"type":"schedule.find","payload":{"organizerAccountId":"google:ben.carter@northwind.example","timeZone":"UTC","participants":[{"email":"a@example.com","constructor":{"prototype":{"isAdmin":true}}}],"durationMinutes":30,"start":"2026-03-09T00:00:00Z","end":"2026-03-10T00:00:00Z"}}', 'payload.participants.0', 'constructor'],
    ['a __proto__ key beside the envelope', '{"type":"app.status","payload":{},"__proto__":{"isAdmin":true}}', '(root)', '__proto__'],
  ])('refuses %s as the browser delivers it (parsed JSON), naming the key, and pollutes no prototype', async (_label, json, path, key) => {
    const error = refusal(await route(JSON.parse(json), popup));
    expect(error.code).toBe('invalid-message');
    expect(error.issues).toContainEqual({ path, message: expect.stringContaining(key) });
    expect(calls).toEqual([]);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('refuses preferences with one field broken, naming it under payload.preferences, and keeps the stored preferences', async () => {
    const valid = { defaultDurationMinutes: 30, granularityMinutes: 15, horizonDays: 30, tentativePolicy: 'busy', allDayPolicy: 'free', timeZone: 'Europe/Paris' };
    const before = await stored();
    const broken = fc.oneof(
      fc.constantFrom(...Object.keys(valid)).chain((name) => fc.anything().filter((value) => value !== undefined && !(value === null && isClearable(name)) && typeof value !== typeof valid[name as keyof typeof valid]).map((value) => ({ name, preferences: { ...valid, [name]: value } }))),
      fc.constantFrom(...prototypeKeys).map((name) => ({ name, preferences: withOwnKey(valid, name, { polluted: true }) })),
    );
    await fc.assert(
      fc.asyncProperty(broken, async ({ name, preferences }) => {
        const error = refusal(await route({ type: 'preferences.set', payload: { preferences } }, popup));
        expect(error.code).toBe('invalid-message');
        expect(error.issues?.some((issue) => issue.path === `payload.preferences.${name}` || (issue.path === 'payload.preferences' && issue.message.includes(name))), JSON.stringify(error.issues)).toBe(true);
      }),
      runs,
    );
    expect(await stored()).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
