import { describe, expect, it } from 'vitest';
import { buildSearchRequest, calendarsAsked, contextOf, sameRequest, type SearchInputs } from './search-request';

const ada = { email: 'ada@example.com', optional: false };
const bob = { email: 'bob@example.com', name: 'Bob', optional: true };

function inputs(change: Partial<SearchInputs> = {}): SearchInputs {
  return {
    field: { participants: [ada, bob], text: '', problems: [] },
    organizerAccountId: 'google:me@example.com',
    organizerEmail: 'me@example.com',
    durationMinutes: 45,
    range: { from: '2026-11-24', to: '2026-11-25' },
    timeZone: 'Europe/Berlin',
    horizonDays: 14,
    today: '2026-11-24',
    ...change,
  };
}

describe('the search request a find form sends', () => {
  it('asks for the listed people, optional ones marked, from midnight to midnight in the organizer’s zone', () => {
    expect(buildSearchRequest(inputs())).toEqual({
      ok: true,
      request: {
        organizerAccountId: 'google:me@example.com',
        timeZone: 'Europe/Berlin',
        participants: [{ email: 'ada@example.com' }, { email: 'bob@example.com', optional: true }],
        durationMinutes: 45,
        start: '2026-11-23T23:00:00.000Z',
        end: '2026-11-25T23:00:00.000Z',
      },
    });
  });

  it('leaves the organizer out of the participants whatever the case of their address', () => {
    const outcome = buildSearchRequest(inputs({ field: { participants: [{ email: 'Me@Example.com', optional: false }, ada], text: '', problems: [] } }));
    expect(outcome.ok && outcome.request.participants).toEqual([{ email: 'ada@example.com' }]);
  });

  it('sends the user to the participant field while text or a rejected entry is left in it, or nobody is listed', () => {
    expect(buildSearchRequest(inputs({ field: { participants: [ada], text: 'bob@exa', problems: [] } }))).toEqual({
      ok: false,
      problem: 'Fix or remove the entries under Participants first.',
      focus: 'participants',
    });
    expect(buildSearchRequest(inputs({ field: { participants: [ada], text: '', problems: [{ text: 'x', message: 'no @' }] } }))).toMatchObject({ ok: false, focus: 'participants' });
    expect(buildSearchRequest(inputs({ field: { participants: [{ email: 'me@example.com', optional: false }], text: '', problems: [] } }))).toEqual({
      ok: false,
      problem: 'Add at least one person to meet.',
      focus: 'participants',
    });
  });

  it('asks for an account before anything else, and refuses a range it cannot search without pointing at a field', () => {
    expect(buildSearchRequest(inputs({ organizerAccountId: undefined, field: { participants: [], text: '', problems: [] } }))).toEqual({ ok: false, problem: 'Connect a calendar account first.' });
    expect(buildSearchRequest(inputs({ range: { from: '2026-11-26', to: '2026-11-25' } }))).toEqual({ ok: false, problem: 'The last day comes before the first day.' });
  });

  it('clamps a range reaching past the horizon to the last day it may search', () => {
    const outcome = buildSearchRequest(inputs({ range: { from: '2026-11-24', to: '2027-01-31' }, horizonDays: 7 }));
    expect(outcome.ok && outcome.request.end).toBe('2026-11-30T23:00:00.000Z');
  });

  it('tells a changed form from the search it made, so stale results are marked', () => {
    const first = buildSearchRequest(inputs());
    const same = buildSearchRequest(inputs());
    const longer = buildSearchRequest(inputs({ durationMinutes: 60 }));
    if (!first.ok || !same.ok || !longer.ok) throw new Error('expected requests');
    expect(sameRequest(first.request, same.request)).toBe(true);
    expect(sameRequest(first.request, longer.request)).toBe(false);
  });

  it('counts the organizer’s calendar once even when they are also listed by address', () => {
    const request = { organizerAccountId: 'microsoft:Me@example.com', timeZone: 'UTC', durationMinutes: 30, start: '', end: '', participants: [{ email: 'me@example.com' }, { email: 'ada@example.com' }, { email: 'ADA@example.com' }] };
    expect(calendarsAsked(request)).toBe(2);
  });
});

describe('what a host is told about a chosen time', () => {
  it('names the people the search was for with the names the user gave, optional ones marked, and the host’s title', () => {
    const outcome = buildSearchRequest(inputs());
    if (!outcome.ok) throw new Error('expected a request');
    expect(contextOf(outcome.request, [ada, { ...bob, email: 'BOB@example.com' }], 'Q3 planning')).toEqual({
      participants: [{ email: 'ada@example.com', optional: false }, { email: 'bob@example.com', name: 'Bob', optional: true }],
      organizerAccountId: 'google:me@example.com',
      timeZone: 'Europe/Berlin',
      durationMinutes: 45,
      title: 'Q3 planning',
    });
  });

  it('describes the search as sent, not people added to the form after it, and omits a blank title', () => {
    const outcome = buildSearchRequest(inputs({ field: { participants: [ada], text: '', problems: [] } }));
    if (!outcome.ok) throw new Error('expected a request');
    const context = contextOf(outcome.request, [ada, { email: 'late@example.com', optional: false }], '  ');
    expect(context.participants.map((person) => person.email)).toEqual(['ada@example.com']);
    expect(context).not.toHaveProperty('title');
  });
});
