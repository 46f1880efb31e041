import { describe, expect, it } from 'vitest';
import { defaultTitle, pickConference } from './booking';
import { isEmptyDraft, readDraft } from './draft';
import { guidanceFor } from './errors';
import { readableZone, searchTimeZones, zoneOffsetLabel } from './time-zones';
import { dayProblem, endsNextDay, fromDayRows, toDayRows } from './working-hours';

function messageError(reply: object) {
  return Object.assign(new Error('failed'), { reply });
}

describe('guidanceFor', () => {
  it('offers to grant the missing permission and retry when consent is needed', () => {
    const guidance = guidanceFor(
      messageError({ code: 'consent-needed', message: 'missing', detail: { provider: 'google', feature: 'book-meetings', missingScopes: ['x'] } }),
      'book the meeting',
    );
    expect(guidance.message).toBe('Google has not given Overlap the permission to “Book meetings” yet. Grant it in the window that opens, and Overlap will book the meeting right after.');
    expect(guidance.action).toEqual({ kind: 'grant-and-retry', label: 'Grant permission and try again', feature: 'book-meetings' });
  });

  it('says to wait and retry when the provider is rate limiting', () => {
    const guidance = guidanceFor(messageError({ code: 'provider-failed', message: 'Too many', detail: { provider: 'microsoft', kind: 'rate-limited' } }), 'find times');
    expect(guidance.message).toMatch(/^Microsoft is limiting requests right now/);
    expect(guidance.action).toEqual({ kind: 'retry', label: 'Try again' });
  });

  it('says the background stopped mid-request and offers to try again', () => {
    const guidance = guidanceFor(messageError({ code: 'background-lost', message: 'The message port closed before a response was received.' }), 'find times');
    expect(guidance.message).toBe('Overlap’s background stopped before it could find times (the browser may have suspended it). Nothing you typed is lost; try again.');
    expect(guidance.action).toEqual({ kind: 'retry', label: 'Try again' });
  });

  it('asks for a reload, not a retry, when the extension was updated or reloaded under the page', () => {
    const guidance = guidanceFor(messageError({ code: 'background-lost', message: 'Extension context invalidated.', detail: { kind: 'context-invalidated' } }), 'find times');
    expect(guidance.message).toBe('Overlap was updated or reloaded, so this window can no longer reach it. Close it and open Overlap again; nothing was lost.');
    expect(guidance.action).toBeUndefined();
  });

  it('explains a missing background handler instead of crashing', () => {
    expect(guidanceFor(messageError({ code: 'unknown-message', message: 'Unknown message "meetings.list"' }), 'list your meetings')).toEqual({
      message: 'This build of Overlap cannot list your meetings yet: its background does not handle the request. Update or reload the extension.',
    });
  });

  it('names each invalid field the background refused', () => {
    const guidance = guidanceFor(
      messageError({ code: 'invalid-message', message: 'bad', issues: [{ path: 'payload.title', message: 'Too small' }] }),
      'book the meeting',
    );
    expect(guidance.message).toBe('Could not book the meeting: payload.title: Too small');
  });

  it('sends a dead sign-in to the permissions page', () => {
    const guidance = guidanceFor(messageError({ code: 'provider-failed', message: 'Token rejected.', detail: { provider: 'google', kind: 'unauthorized' } }), 'find times');
    expect(guidance.action?.kind).toBe('open-permissions');
  });

  it('offers no retry for a refusal, which would only be refused again', () => {
    const guidance = guidanceFor(messageError({ code: 'handler-failed', message: 'Overlap did not create this meeting.', detail: { kind: 'refused' } }), 'cancel the meeting');
    expect(guidance).toEqual({ message: 'Could not cancel the meeting: Overlap did not create this meeting.' });
  });

  it('treats a plain exception as retryable and quotes it', () => {
    expect(guidanceFor(new Error('Could not establish connection.'), 'find times')).toEqual({
      message: 'Could not find times: Could not establish connection.',
      action: { kind: 'retry', label: 'Try again' },
    });
  });
});

describe('time zones', () => {
  const zones = ['UTC', 'America/Argentina/Buenos_Aires', 'America/New_York', 'Europe/London', 'Europe/Berlin', 'America/Los_Angeles'];

  it('ranks a city match before a region match and accepts spaces for underscores', () => {
    expect(searchTimeZones('new york', zones)).toEqual(['America/New_York']);
    expect(searchTimeZones('b', zones)).toEqual(['America/Argentina/Buenos_Aires', 'Europe/Berlin']);
    expect(searchTimeZones('york', zones)).toEqual(['America/New_York']);
    expect(searchTimeZones('europe', zones)).toEqual(['Europe/Berlin', 'Europe/London']);
  });

  it('shows the offset a zone has at a given instant', () => {
    expect(zoneOffsetLabel('America/New_York', new Date('2026-07-01T12:00:00Z'))).toBe('GMT-04:00');
    expect(zoneOffsetLabel('America/New_York', new Date('2026-12-01T12:00:00Z'))).toBe('GMT-05:00');
    expect(readableZone('America/Argentina/Buenos_Aires')).toBe('America / Argentina / Buenos Aires');
  });
});

describe('working hours rows', () => {
  it('round-trips per-day hours, keeping a split day’s later ranges', () => {
    const hours = { mon: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '17:00' }], fri: [{ start: '10:00', end: '16:00' }] };
    const rows = toDayRows(hours, 'de-DE');
    expect(rows.map((row) => row.working)).toEqual([true, false, false, false, true, false, false]);
    expect(fromDayRows(rows)).toEqual(hours);
  });

  it('starts the week on the day the locale starts it: Sunday in the United States, Monday in Germany', () => {
    expect(toDayRows({}, 'en-US').map((row) => row.day)).toEqual(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']);
    expect(toDayRows({}, 'de-DE').map((row) => row.day)).toEqual(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
  });

  it('explains a day whose start equals its end and knows a shift that runs past midnight', () => {
    const [monday] = toDayRows({ mon: [{ start: '22:00', end: '06:00' }] }, 'en-GB');
    expect(endsNextDay(monday!)).toBe(true);
    expect(dayProblem({ ...monday!, end: '22:00' })).toBe('Monday: work cannot start and end at the same time.');
    expect(dayProblem(monday!)).toBeUndefined();
  });
});

describe('booking defaults', () => {
  it('titles a meeting after the other people, not the organizer', () => {
    const people = [
      { email: 'me@x.com', optional: false },
      { email: 'ada@x.com', name: 'Ada', optional: false },
      { email: 'bob@x.com', optional: true },
    ];
    expect(defaultTitle(people, 'ME@x.com')).toBe('Meeting with Ada and bob@x.com');
    expect(defaultTitle([], 'me@x.com')).toBe('Meeting');
  });

  it('preselects the preferred conference only when the account allows it', () => {
    expect(pickConference(['meet', 'none'], 'teams')).toBe('meet');
    expect(pickConference(['teams', 'none'], 'teams')).toBe('teams');
    expect(pickConference([], 'meet')).toBe('none');
  });

  it('never preselects a link another account makes, even when it is the user’s default', () => {
    expect(pickConference(['teams', 'meet', 'none'], 'meet', { meet: 'ana@northwind.example' })).toBe('teams');
    expect(pickConference(['meet', 'none'], 'meet', { meet: 'ana@northwind.example' })).toBe('none');
  });
});

describe('drafts', () => {
  it('restores a stored draft and refuses one this version cannot read', () => {
    const draft = { version: 1, participants: [{ email: 'ada@x.com', optional: false }], pendingText: 'bob@', durationMinutes: 45 };
    expect(readDraft(draft)).toEqual(draft);
    expect(readDraft({ ...draft, version: 2 })).toBeUndefined();
    expect(readDraft('garbage')).toBeUndefined();
    expect(isEmptyDraft({ version: 1, participants: [], pendingText: '  ' })).toBe(true);
  });

  it('restores a full draft with its booking, and leaves out what a draft does not hold', () => {
    const booking = { title: 'Plan', description: '', conference: 'teams', sendInvitations: true, slot: { start: '2026-03-05T09:00:00Z', end: '2026-03-05T09:30:00Z' }, operationKey: '0b6c9f4e-3c1a-4d7e-9f5a-2b8c7d6e5f40' };
    const draft = { version: 1, participants: [{ email: 'ada@x.com', name: 'Ada', optional: true }], pendingText: '', range: { from: '2026-03-05', to: '2026-03-12' }, timeZone: 'Europe/Paris', organizerAccountId: 'google:bo@x.com', booking };
    expect(readDraft(draft)).toEqual(draft);
    const restored = readDraft({ ...draft, participants: [{ email: 'ada@x.com', optional: false, role: 'chair' }], extra: 1 });
    expect(restored).not.toHaveProperty('extra');
    expect(restored?.participants).toEqual([{ email: 'ada@x.com', optional: false }]);
  });

  it('refuses a draft with a field out of its bounds', () => {
    const draft = { version: 1, participants: [], pendingText: '' };
    expect(readDraft({ ...draft, durationMinutes: 2 })).toBeUndefined();
    expect(readDraft({ ...draft, durationMinutes: 30.5 })).toBeUndefined();
    expect(readDraft({ ...draft, participants: [{ email: 'ada@x.com' }] })).toBeUndefined();
    expect(readDraft({ ...draft, participants: Array.from({ length: 201 }, () => ({ email: 'ada@x.com', optional: false })) })).toBeUndefined();
    expect(readDraft({ ...draft, booking: { title: 'Plan', description: '', sendInvitations: true, operationKey: 'not-a-key' } })).toBeUndefined();
    expect(readDraft({ ...draft, booking: { title: 'Plan', description: '', sendInvitations: true, conference: 'zoom' } })).toBeUndefined();
    expect(readDraft({ ...draft, pendingText: 'x'.repeat(10_001) })).toBeUndefined();
  });
});
