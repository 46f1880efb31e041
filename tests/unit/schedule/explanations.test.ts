import { describe, expect, it } from 'vitest';
import * as i18n from '@/lib/i18n';
import { findMeetingTimes } from '@/lib/schedule';
import { expectIssue, person, request, solve, startsOf, unreadable } from './helpers';

const DAY = '2026-01-12';
const at = (time: string) => `${DAY}T${time}:00Z`;

describe('when nothing fits, the answer says why', () => {
  it('blames the minimum notice when it pushes the earliest start past the window', () => {
    const result = solve(request({ now: at('12:00'), minimumNoticeMinutes: 24 * 60 }));
    expect(result.slots).toEqual([]);
    expect(result.explanation).toEqual(['The minimum notice of 24 hr pushes the earliest start (Tue, Jan 13, 12:00 PM (UTC)) past the search window']);
  });

  it('says when every window is already over', () => {
    expect(solve(request({ now: '2026-02-01T00:00:00Z' })).explanation![0]).toMatch(/^Every search window has already ended/);
  });

  it('says when no window is long enough for the meeting', () => {
    const result = solve(request({ searchWindows: [{ start: at('10:00'), end: at('10:45') }] }));
    expect(result.explanation).toEqual(['No search window is long enough for a 1 hr meeting (the longest leaves 45 min)']);
  });

  it('names the person whose working hours never overlap the organizer’s', () => {
    const result = solve(
      request({
        organizer: { email: 'org@example.com', timeZone: 'America/New_York' },
        searchWindows: [{ start: at('00:00'), end: '2026-01-17T00:00:00Z' }],
        participants: [person('org@example.com'), person('dana@example.com', [], { name: 'Dana', timeZone: 'Asia/Tokyo' })],
      }),
    );
    expect(result.slots).toEqual([]);
    expect(result.explanation).toContain(
      'Dana (Asia/Tokyo) has no working hours overlapping yours (America/New_York) long enough for a 1 hr meeting in the search window',
    );
    expect(result.nearMisses.every((miss) => miss.kind === 'outside-working-hours')).toBe(true);
    expect(result.nearMisses[0]!.participants.length).toBeGreaterThan(0);
  });

  it('says when someone does not work at all in the window (a weekend)', () => {
    const result = solve(request({ searchWindows: [{ start: '2026-01-10T00:00:00Z', end: '2026-01-12T00:00:00Z' }], now: '2026-01-01T00:00:00Z' }));
    expect(result.explanation).toContain('org@example.com (UTC) has no working hours in the search window that fit a 1 hr meeting');
  });

  it('names the busiest blocker and offers the times that only they spoil as near misses', () => {
    const result = solve(
      request({
        participants: [person('org@example.com', [[at('09:00'), at('12:00')]]), person('dana@example.com', [[at('12:00'), at('17:00')]], { name: 'Dana' })],
      }),
    );
    expect(result.slots).toEqual([]);
    expect(result.explanation).toEqual([
      'No time fits everyone required for a 1 hr meeting before the search ends (Mon, Jan 12)',
      'Dana is the only one busy at 5 times that would otherwise work',
      'org@example.com is the only one busy at 3 times that would otherwise work',
    ]);
    const busyMisses = result.nearMisses.filter((miss) => miss.kind === 'required-attendee-busy');
    // The best-ranked of those times: each sits right next to the blocker's own meeting.
    expect(busyMisses.map((miss) => [miss.start, miss.participants])).toEqual([
      [at('11:00'), ['org@example.com']],
      [at('12:00'), ['dana@example.com']],
    ]);
    expect(busyMisses[1]!.reason).toBe('Everyone else required is free; Dana is busy');
  });

  it('explains a group that never reaches its quorum and offers the one-short times', () => {
    const result = solve(
      request({
        participants: [person('org@example.com'), person('a@example.com', [[at('09:00'), at('17:00')]]), person('b@example.com')],
        groups: [{ id: 'reviewers', label: 'Reviewers', members: ['a@example.com', 'b@example.com'], required: 2 }],
      }),
    );
    expect(result.explanation).toContain('Reviewers never has 2 of its 2 members free while everyone required is');
    expect(result.nearMisses[0]).toMatchObject({
      kind: 'quorum-short-by-one',
      participants: ['a@example.com'],
      start: at('10:00'),
      reason: 'Reviewers is one short of 2: a@example.com is unavailable',
    });
  });

  it('explains the daily meeting limit when it is what stands in the way', () => {
    const result = solve(
      request({ maxMeetingsPerDay: 2, participants: [person('org@example.com', [[at('07:00'), at('07:30')], [at('07:30'), at('08:00')]], { name: 'Alex' })] }),
    );
    expect(result.explanation).toContain("Alex's limit of 2 meetings a day rules out 8 times that would otherwise work");
    expect(result.nearMisses[0]!.reason).toBe('Everyone else required is free; Alex has reached their limit of 2 meetings that day');
  });

  it('says when only a few times fit and that an unreadable calendar was assumed free', () => {
    const result = solve(
      request({ participants: [person('org@example.com', [[at('09:00'), at('16:00')]]), unreadable('lee@example.com', 'HTTP 403', { name: 'Lee' })] }),
    );
    expect(startsOf(result)).toEqual([at('16:00')]);
    expect(result.explanation).toEqual(expect.arrayContaining(['Only 1 start time fits every constraint', "Lee's calendar could not be read (HTTP 403); times assume they may be free"]));
  });

  it('notes the closest thing to everyone when every slot leaves an optional attendee out', () => {
    const result = solve(request({ participants: [person('org@example.com'), person('sam@example.com', [[at('09:00'), at('17:00')]], { attendance: 'optional', name: 'Sam' })] }));
    expect(result.nearMisses.filter((miss) => miss.kind === 'optional-attendee-dropped')).toEqual([
      { start: at('10:00'), end: at('11:00'), kind: 'optional-attendee-dropped', participants: ['sam@example.com'], reason: 'No time suits everyone; this one works without Sam' },
    ]);
  });

  it('leaves out explanations when enough slots fit', () => {
    const result = solve(request({ maxResults: 3 }));
    expect(result.slots).toHaveLength(3);
    expect(result.explanation).toBeUndefined();
    expect(result.nearMisses).toEqual([]);
  });
});

describe('ranking', () => {
  it('puts slots everyone can attend above earlier ones that lose an optional attendee', () => {
    const result = solve(request({ participants: [person('org@example.com'), person('sam@example.com', [[at('09:00'), at('13:00')]], { attendance: 'optional' })] }));
    expect(result.slots[0]!.start).toBe(at('13:00'));
    expect(result.slots[0]!.confidence).toBe(100);
    expect(result.slots.at(-1)!.confidence).toBeCloseTo(66.7, 1);
  });

  it('puts slots inside everyone’s hours above earlier ones outside them', () => {
    const result = solve(
      request({ workingHoursPolicy: 'allow-outside', searchWindows: [{ start: at('05:00'), end: at('12:00') }], participants: [person('org@example.com')] }),
    );
    // 09:00 sits at the very start of the day, so it follows 10:00 and 11:00.
    expect(result.slots.map((s) => s.start).slice(0, 3)).toEqual([at('10:00'), at('11:00'), at('09:00')]);
    expect(result.slots.slice(-4).map((s) => s.outsideWorkingHours[0]?.minutes)).toEqual([60, 60, 60, 60]);
  });

  it('prefers times that leave nobody at the very edge of their day (New York with London)', () => {
    const result = solve(
      request({
        organizer: { email: 'org@example.com', timeZone: 'America/New_York' },
        granularityMinutes: 30,
        participants: [person('org@example.com'), person('lon@example.com', [], { timeZone: 'Europe/London' })],
      }),
    );
    // Overlap is 14:00–17:00 UTC: 14:00 is 09:00 in New York and 16:00 ends at 17:00 in London.
    expect(startsOf(result)).toEqual([at('14:00'), at('14:30'), at('15:00'), at('15:30'), at('16:00')]);
    expect(result.slots.map((s) => s.start).slice(0, 3)).toEqual([at('14:30'), at('15:00'), at('15:30')]);
  });

  it('prefers earlier dates when everything else is equal', () => {
    const result = solve(request({ searchWindows: [{ start: at('00:00'), end: '2026-01-14T00:00:00Z' }] }));
    const days = result.slots.map((s) => s.start.slice(0, 10));
    // The comfortable middle of Monday, then of Tuesday, then both days' edge hours.
    expect(days.slice(0, 6)).toEqual(Array(6).fill(DAY));
    expect(days.slice(6, 12)).toEqual(Array(6).fill('2026-01-13'));
  });

  it('prefers a slot next to an existing meeting, keeping free time in one piece', () => {
    const result = solve(request({ participants: [person('org@example.com', [[at('13:00'), at('14:00')]])] }));
    expect(result.slots.slice(0, 2).map((s) => s.start)).toEqual([at('12:00'), at('14:00')]);
    expect(result.slots[0]!.reasons).toContain('Sits next to existing meetings for 1 person, keeping free time in one piece');
  });
});

describe('validation', () => {
  const valid = request({ participants: [person('org@example.com'), person('b@example.com'), person('c@example.com')] });

  it('names an unknown time zone by its field', () => {
    const participants = [...valid.participants];
    participants[2] = { ...participants[2]!, timeZone: 'Mars/Olympus' };
    expectIssue({ ...valid, participants }, 'participants.2.timeZone', /"Mars\/Olympus" is not a known IANA time zone/);
  });

  it('names a malformed or impossible instant', () => {
    expectIssue({ ...valid, now: '2026-02-30T10:00:00Z' }, 'now', /not an ISO-8601 instant/);
    expectIssue({ ...valid, searchWindows: [{ start: '2026-01-12 09:00', end: at('10:00') }] }, 'searchWindows.0.start', /not an ISO-8601 instant/);
  });

  it('names a window or busy interval that ends before it starts', () => {
    expectIssue({ ...valid, searchWindows: [{ start: at('10:00'), end: at('09:00') }] }, 'searchWindows.0.end', /after start/);
    const participants = [person('org@example.com', [[at('09:00'), at('10:00')], [at('11:00'), at('10:00')]])];
    expectIssue({ ...valid, participants }, 'participants.0.availability.busy.1.end', /not be before start/);
  });

  it('names group members who are not participants, impossible quorums and duplicate people', () => {
    expectIssue({ ...valid, groups: [{ id: 'g', members: ['b@example.com', 'zed@example.com'], required: 1 }] }, 'groups.0.members.1', /not one of the participants/);
    expectIssue({ ...valid, groups: [{ id: 'g', members: ['b@example.com'], required: 2 }] }, 'groups.0.required', /only 1/);
    expectIssue({ ...valid, participants: [...valid.participants, person('B@example.com')] }, 'participants.3.email', /listed twice/);
  });

  it('names bad numbers, clock times and unknown working-hour days', () => {
    expectIssue({ ...valid, granularityMinutes: 7 }, 'granularityMinutes', /divide a day/);
    expectIssue({ ...valid, durationMinutes: 0 }, 'durationMinutes', /./);
    expectIssue({ ...valid, defaultWorkingHours: { mon: [{ start: '9:00', end: '17:00' }] } }, 'defaultWorkingHours.mon.0.start', /HH:mm/);
    expectIssue({ ...valid, defaultWorkingHours: { monday: [{ start: '09:00', end: '17:00' }] } }, 'defaultWorkingHours', /monday/);
  });

  it('rejects something that is not a request at all without throwing', () => {
    for (const input of [undefined, null, 42, 'find me a time', []]) {
      const result = findMeetingTimes(input, i18n);
      expect(result.ok).toBe(false);
    }
    expectIssue(null, '(request)', /expected object/);
  });

  it('fills in defaults so a minimal request works', () => {
    const result = findMeetingTimes({
      organizer: { email: 'org@example.com', timeZone: 'UTC' },
      now: '2026-01-11T00:00:00Z',
      participants: [{ email: 'org@example.com', availability: { status: 'known', busy: [] } }],
      durationMinutes: 30,
      searchWindows: [{ start: at('00:00'), end: at('23:59') }],
    }, i18n);
    expect(result.ok && result.slots.length).toBe(10);
    expect(result.ok && result.slots[0]!.participants[0]!.localStart).toMatch(/T(09|1\d):\d\d$/);
  });
});
