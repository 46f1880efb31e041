import { describe, expect, it } from 'vitest';
import type { BookingOptions, PartnerMeeting } from '@/lib/meetings/types';
import type { Slot } from '@/lib/schedule';
import { bookingDraftOf, bookingSession, preferredConference, type BookingEvent, type BookingSession } from './booking-session';

const slot = (start: string, end: string) => ({ start, end }) as Slot;
const ten = slot('2026-11-24T10:00:00Z', '2026-11-24T10:30:00Z');
const eleven = slot('2026-11-24T11:00:00Z', '2026-11-24T11:30:00Z');
const ada = { email: 'ada@example.com', optional: false };
const KEY_A = '0b5f0c3e-9c4f-4d7e-8a43-1f2a3b4c5d6e';
const KEY_B = '7d1e2f3a-4b5c-4d6e-9f70-8a9b0c1d2e3f';

function opened(at: Slot, freshKey: string, change: Partial<Extract<BookingEvent, { type: 'opened' }>> = {}): BookingEvent {
  return { type: 'opened', slot: at, accountId: 'google:me@example.com', participants: [ada], timeZone: 'UTC', title: 'Meeting with ada@example.com', freshKey, ...change };
}

function after(session: BookingSession, ...events: BookingEvent[]): BookingSession {
  return events.reduce(bookingSession, session);
}

function run(...events: BookingEvent[]): BookingSession {
  return after({}, ...events);
}

const meeting = { id: KEY_A, title: 'Sync' } as PartnerMeeting;
const failure: BookingEvent = { type: 'failed', guidance: { message: 'The background stopped.', action: { kind: 'retry', label: 'Try again' } } };

describe('a booking’s operation key', () => {
  it('is made when a slot’s confirmation opens and stays through a failure and a retry', () => {
    const session = run(opened(ten, KEY_A), { type: 'submitted' }, failure, { type: 'submitted' });
    expect(session.open?.operationKey).toBe(KEY_A);
    expect(session.open?.phase).toEqual({ kind: 'booking' });
  });

  it('survives closing the confirmation and reopening the same slot, so a retry cannot book twice', () => {
    const session = run(opened(ten, KEY_A), { type: 'submitted' }, failure, { type: 'closed' }, opened(ten, KEY_B));
    expect(session.open?.operationKey).toBe(KEY_A);
  });

  it('is a new one for another slot, while what the user typed carries over', () => {
    const first = run(opened(ten, KEY_A));
    const typed = bookingSession(first, { type: 'edited', form: { ...first.open!.form, title: 'Roadmap', description: 'Bring numbers', sendInvitations: false } });
    const session = after(typed, { type: 'closed' }, opened(eleven, KEY_B));
    expect(session.open?.operationKey).toBe(KEY_B);
    expect(session.open?.form).toMatchObject({ title: 'Roadmap', description: 'Bring numbers', sendInvitations: false });
  });

  it('comes back from a stored draft for the same slot after the popup was closed mid-booking', () => {
    const stored = bookingDraftOf(run(opened(ten, KEY_A), { type: 'submitted' }));
    expect(stored).toMatchObject({ slot: { start: ten.start, end: ten.end }, operationKey: KEY_A });
    const reopened = run({ type: 'restored', kept: stored! }, opened(ten, KEY_B));
    expect(reopened.open?.operationKey).toBe(KEY_A);
  });

  it('leaves the draft as soon as the booking succeeded, before the booked confirmation is closed', () => {
    expect(bookingDraftOf(run(opened(ten, KEY_A), { type: 'submitted' }, { type: 'booked', meeting }))).toBeUndefined();
    expect(bookingDraftOf(run(opened(ten, KEY_A), { type: 'submitted' }, failure))).toMatchObject({ operationKey: KEY_A });
  });

  it('is forgotten with everything else once the booked confirmation is closed', () => {
    const session = run(opened(ten, KEY_A), { type: 'submitted' }, { type: 'booked', meeting }, { type: 'closed' });
    expect(session).toEqual({});
    expect(run(opened(ten, KEY_A), { type: 'booked', meeting }, { type: 'closed' }, opened(ten, KEY_B)).open?.operationKey).toBe(KEY_B);
  });
});

describe('the booking confirmation', () => {
  it('keeps a title only when the user wrote it: the offered one follows the people next time', () => {
    const untouched = run(opened(ten, KEY_A), { type: 'closed' });
    expect(untouched.kept?.title).toBe('');
    const next = bookingSession(untouched, opened(eleven, KEY_B, { title: 'Meeting with Ada and Bob' }));
    expect(next.open?.form.title).toBe('Meeting with Ada and Bob');

    const written = run(opened(ten, KEY_A));
    const renamed = bookingSession(written, { type: 'edited', form: { ...written.open!.form, title: 'Roadmap' } });
    const reopened = after(renamed, { type: 'closed' }, opened(eleven, KEY_B), { type: 'closed' });
    expect(reopened.kept?.title).toBe('Roadmap');
  });

  it('offers the host’s title (an email’s subject) when nothing was kept', () => {
    expect(run(opened(ten, KEY_A, { title: 'Re: Q3 planning' })).open?.form.title).toBe('Re: Q3 planning');
  });

  it('preselects the call the account allows, and ignores an answer for an account the user switched away from', () => {
    const options = (accountId: string, conferences: BookingOptions['conferences']): BookingOptions => ({ accountId, provider: 'google', conferences, unavailable: [], calendarLabel: 'Your primary Google calendar', alwaysSendsInvitations: false });
    const session = run(opened(ten, KEY_A, { defaultConference: 'teams' }), { type: 'conferences-asked' });
    expect(session.open?.conferences).toBeUndefined();
    const answered = bookingSession(session, { type: 'conferences-answered', accountId: 'google:me@example.com', options: options('google:me@example.com', ['meet', 'none']), preferred: 'teams' });
    expect(answered.open?.form.conference).toBe('meet');
    expect(answered.open?.conferences).toEqual(['meet', 'none']);

    const switched = bookingSession(answered, { type: 'edited', form: { ...answered.open!.form, accountId: 'microsoft:me@example.com' } });
    const late = bookingSession(switched, { type: 'conferences-answered', accountId: 'google:me@example.com', options: options('google:me@example.com', ['none']), preferred: undefined });
    expect(late).toBe(switched);
    const failed = bookingSession(switched, { type: 'conferences-failed', accountId: 'microsoft:me@example.com', problem: 'Could not check.' });
    expect(failed.open).toMatchObject({ conferencesProblem: 'Could not check.', form: { conference: 'none' } });
  });

  it('prefers the call chosen for the booking left before over the user’s default', () => {
    const left = run(opened(ten, KEY_A, { defaultConference: 'meet' }));
    const changed = after(left, { type: 'edited', form: { ...left.open!.form, conference: 'none' } }, { type: 'closed' });
    expect(preferredConference(changed, 'meet')).toBe('none');
    expect(preferredConference({}, 'meet')).toBe('meet');
    expect(bookingSession(changed, opened(eleven, KEY_B, { defaultConference: 'meet' })).open?.form.conference).toBe('none');
  });

  it('ignores everything but opening and restoring while no confirmation is open', () => {
    const idle: BookingSession = {};
    expect(bookingSession(idle, { type: 'submitted' })).toBe(idle);
    expect(bookingSession(idle, { type: 'closed' })).toBe(idle);
  });
});
