import { expect } from 'vitest';
import * as i18n from '@/lib/i18n';
import { findMeetingTimes, type BusyInterval, type FindResult, type MeetingRequest, type PackedBusy, type Participant } from '@/lib/schedule';

export type Solved = Extract<FindResult, { ok: true }>;

/** A generated request's busy list, which these tests always write as ISO intervals (the engine also takes packed columns). */
export function isoBusy(busy: BusyInterval[] | PackedBusy): BusyInterval[] {
  if (!Array.isArray(busy)) throw new Error('expected a busy list of ISO intervals, not packed columns');
  return busy;
}

type BusyEntry = [start: string, end: string] | { start: string; end: string; status?: 'busy' | 'tentative' | 'outOfOffice' | 'workingElsewhere' | 'free'; allDay?: boolean };

export function person(email: string, busy: BusyEntry[] = [], extra: Partial<Participant> = {}): Participant {
  return {
    email,
    availability: { status: 'known', busy: busy.map((b) => (Array.isArray(b) ? { start: b[0], end: b[1] } : b)) },
    ...extra,
  };
}

export function unreadable(email: string, reason: string, extra: Partial<Participant> = {}): Participant {
  return { email, availability: { status: 'unknown', reason }, ...extra };
}

const EVERY_DAY = (start: string, end: string) =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, [{ start, end }]]));
export const allWeek = EVERY_DAY;

/** A one-person request in UTC, Mon 12 Jan 2026, 60-minute meetings on the hour. */
export function request(overrides: Partial<MeetingRequest> = {}): MeetingRequest {
  return {
    organizer: { email: 'org@example.com', timeZone: 'UTC' },
    now: '2026-01-11T00:00:00Z',
    participants: [person('org@example.com')],
    durationMinutes: 60,
    granularityMinutes: 60,
    searchWindows: [{ start: '2026-01-12T00:00:00Z', end: '2026-01-13T00:00:00Z' }],
    maxResults: 100,
    ...overrides,
  };
}

export function solve(input: MeetingRequest): Solved {
  const result = findMeetingTimes(input, i18n);
  if (!result.ok) throw new Error(result.error.message);
  return result;
}

/** Slot starts in time order (the engine returns them in rank order). */
export function startsOf(result: Solved): string[] {
  return result.slots.map((slot) => slot.start).sort();
}

export function expectIssue(input: unknown, path: string, messagePart: RegExp): void {
  const result = findMeetingTimes(input, i18n);
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error.kind).toBe('invalid-request');
  const issue = result.error.issues.find((i) => i.path === path);
  expect(issue, `issues were ${JSON.stringify(result.error.issues)}`).toBeDefined();
  expect(issue!.message).toMatch(messagePart);
  expect(result.error.message).toContain(path);
}

export function hourly(day: string, fromHour: number, toHour: number): string[] {
  return Array.from({ length: toHour - fromHour }, (_, i) => `${day}T${String(fromHour + i).padStart(2, '0')}:00:00Z`);
}
