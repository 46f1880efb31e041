import { describe, expect, it } from 'vitest';
import { allWeek, hourly, person, request, solve, startsOf, unreadable } from './helpers';

const DAY = '2026-01-12';
const at = (time: string) => `${DAY}T${time}:00Z`;
const nineToFive = hourly(DAY, 9, 17);

describe('busy intervals', () => {
  it('merges overlapping busy intervals and keeps the hour after them', () => {
    const result = solve(request({ participants: [person('org@example.com', [[at('10:00'), at('11:00')], [at('10:30'), at('12:00')]])] }));
    expect(startsOf(result)).toEqual(nineToFive.filter((s) => !s.includes('T10:') && !s.includes('T11:')));
  });

  it('lets a slot touch busy time on either side but not overlap it', () => {
    const result = solve(request({ participants: [person('org@example.com', [[at('11:00'), at('12:00')], [at('12:00'), at('13:00')]])] }));
    expect(startsOf(result)).toEqual([at('09:00'), at('10:00'), at('13:00'), at('14:00'), at('15:00'), at('16:00')]);
  });

  it('ignores zero-length events: they occupy no time', () => {
    const result = solve(request({ participants: [person('org@example.com', [[at('10:30'), at('10:30')]])] }));
    expect(startsOf(result)).toEqual(nineToFive);
  });

  it('counts busy time that starts before the window and ends inside it', () => {
    const result = solve(request({ participants: [person('org@example.com', [['2026-01-11T20:00:00Z', at('11:00')]])] }));
    expect(startsOf(result)[0]).toBe(at('11:00'));
  });

  it('blocks the whole minute of a busy interval that starts and ends between minutes', () => {
    const result = solve(
      request({
        granularityMinutes: 1,
        durationMinutes: 30,
        searchWindows: [{ start: at('09:00'), end: at('10:30') }],
        participants: [person('org@example.com', [['2026-01-12T09:59:10Z', '2026-01-12T09:59:40.5Z']])],
      }),
    );
    const starts = startsOf(result);
    expect(starts).toContain(at('09:29'));
    expect(starts.filter((s) => s > at('09:29') && s < at('10:00'))).toEqual([]);
    expect(starts).toContain(at('10:00'));
  });

  it('treats free and working-elsewhere entries as free and out-of-office as busy', () => {
    const result = solve(
      request({
        participants: [
          person('org@example.com', [
            { start: at('09:00'), end: at('11:00'), status: 'free' },
            { start: at('11:00'), end: at('13:00'), status: 'workingElsewhere' },
            { start: at('13:00'), end: at('17:00'), status: 'outOfOffice' },
          ]),
        ],
      }),
    );
    expect(startsOf(result)).toEqual(hourly(DAY, 9, 13));
  });
});

describe('buffers', () => {
  it('widens busy time by the buffers before and after the meeting', () => {
    const result = solve(
      request({ granularityMinutes: 15, bufferBeforeMinutes: 15, bufferAfterMinutes: 15, participants: [person('org@example.com', [[at('12:00'), at('13:00')]])] }),
    );
    const starts = startsOf(result);
    expect(starts).toContain(at('10:45'));
    expect(starts).not.toContain(at('11:00'));
    expect(starts).not.toContain(at('13:00'));
    expect(starts).toContain(at('13:15'));
  });

  it('allows a buffer that exactly touches busy time and refuses one a minute into it', () => {
    const result = solve(
      request({ granularityMinutes: 1, durationMinutes: 30, bufferAfterMinutes: 10, searchWindows: [{ start: at('09:00'), end: at('10:00') }], participants: [person('org@example.com', [[at('09:50'), at('10:30')]])] }),
    );
    const starts = startsOf(result);
    expect(starts).toContain(at('09:10'));
    expect(starts).not.toContain(at('09:11'));
  });
});

describe('notice, horizon, granularity and windows', () => {
  it('starts no earlier than now plus the minimum notice', () => {
    const result = solve(request({ now: at('08:50'), minimumNoticeMinutes: 90, granularityMinutes: 15 }));
    expect(startsOf(result)[0]).toBe(at('10:30'));
  });

  it('ends no later than the horizon', () => {
    const result = solve(request({ now: '2026-01-11T12:00:00Z', horizonDays: 1, searchWindows: [{ start: at('00:00'), end: '2026-01-14T00:00:00Z' }] }));
    expect(startsOf(result)).toEqual(hourly(DAY, 9, 12));
  });

  it('snaps starts to the granularity in the organizer’s zone', () => {
    const result = solve(request({ granularityMinutes: 45, durationMinutes: 30, participants: [person('org@example.com', [], { workingHours: allWeek('09:00', '12:00') })] }));
    expect(startsOf(result)).toEqual([at('09:00'), at('09:45'), at('10:30'), at('11:15')]);
  });

  it('searches several windows and only inside them; touching windows join', () => {
    const result = solve(
      request({
        searchWindows: [
          { start: '2026-01-14T14:00:00Z', end: '2026-01-14T16:00:00Z' },
          { start: at('10:00'), end: at('10:30') },
          { start: at('10:30'), end: at('11:00') },
        ],
      }),
    );
    expect(startsOf(result)).toEqual([at('10:00'), '2026-01-14T14:00:00Z', '2026-01-14T15:00:00Z']);
  });
});

describe('daily meeting limit', () => {
  const threeMeetings = [[at('09:00'), at('09:30')], [at('10:00'), at('10:30')], [at('11:00'), at('11:30')]] as Array<[string, string]>;

  it('skips a day on which a person already has the maximum number of meetings', () => {
    const result = solve(
      request({ maxMeetingsPerDay: 3, participants: [person('org@example.com', threeMeetings)], searchWindows: [{ start: at('00:00'), end: '2026-01-14T00:00:00Z' }] }),
    );
    expect(startsOf(result)).toEqual(hourly('2026-01-13', 9, 17));
    expect(solve(request({ maxMeetingsPerDay: 4, participants: [person('org@example.com', threeMeetings)] })).slots.length).toBeGreaterThan(0);
  });

  it('counts meetings on the person’s own local date', () => {
    // 23:30 UTC Monday is Tuesday 08:30 in Tokyo, so Tuesday is Tokyo's full day.
    const result = solve(
      request({
        maxMeetingsPerDay: 1,
        participants: [
          person('org@example.com'),
          person('yuki@example.com', [[at('23:30'), '2026-01-13T00:00:00Z']], { timeZone: 'Asia/Tokyo', workingHours: allWeek('00:00', '24:00') }),
        ],
        searchWindows: [{ start: at('00:00'), end: '2026-01-14T00:00:00Z' }],
      }),
    );
    // Tokyo's Tuesday runs from 15:00 UTC Monday to 15:00 UTC Tuesday.
    expect(startsOf(result)).toEqual([...hourly(DAY, 9, 15), ...hourly('2026-01-13', 15, 17)]);
  });

  it('does not apply the limit to rooms', () => {
    const result = solve(request({ maxMeetingsPerDay: 1, participants: [person('org@example.com'), person('room@example.com', [[at('07:00'), at('08:00')]], { kind: 'room' })] }));
    expect(startsOf(result)).toEqual(nineToFive);
  });
});

describe('who must come', () => {
  it('ignores optional attendees’ busy time for feasibility but reports them busy', () => {
    const result = solve(request({ participants: [person('org@example.com'), person('sam@example.com', [[at('09:00'), at('17:00')]], { attendance: 'optional', name: 'Sam' })] }));
    expect(startsOf(result)).toEqual(nineToFive);
    expect(result.slots[0]!.busy).toEqual(['sam@example.com']);
    expect(result.slots[0]!.reasons).toContain('Sam (optional) is busy');
  });

  it('needs any 2 of 3 interviewers besides the organizer, and all 3 when the group says all', () => {
    const panel = [
      person('org@example.com'),
      person('a@example.com', [[at('09:00'), at('10:00')]]),
      person('b@example.com', [[at('10:00'), at('11:00')]]),
      person('c@example.com', [[at('09:00'), at('11:00')]]),
    ];
    const members = ['a@example.com', 'b@example.com', 'c@example.com'];
    const anyTwo = solve(request({ participants: panel, groups: [{ id: 'panel', label: 'Panel', members, required: 2 }] }));
    expect(startsOf(anyTwo)).toEqual(hourly(DAY, 11, 17));
    const anyOne = solve(request({ participants: panel, groups: [{ id: 'panel', members, required: 1 }] }));
    expect(startsOf(anyOne)).toEqual(nineToFive);
    const all = solve(request({ participants: panel, groups: [{ id: 'panel', members, required: 'all' }] }));
    expect(startsOf(all)).toEqual(hourly(DAY, 11, 17));
    expect(anyOne.slots.find((s) => s.start === at('09:00'))!.reasons).toContain('1 of 3 panel can attend (b@example.com); 1 needed');
  });

  it('books a room only when it is free, at any hour when it has no working hours', () => {
    const result = solve(
      request({
        participants: [person('org@example.com', [], { workingHours: allWeek('06:00', '10:00') }), person('room-1@example.com', [[at('08:00'), at('09:00')]], { kind: 'room' })],
      }),
    );
    expect(startsOf(result)).toEqual([at('06:00'), at('07:00'), at('09:00')]);
  });

  it('keeps slots when a calendar could not be read, marking that person unknown with a lower confidence', () => {
    const result = solve(request({ participants: [person('org@example.com'), unreadable('lee@example.com', 'timeout', { name: 'Lee' })] }));
    expect(startsOf(result)).toEqual(nineToFive);
    const slot = result.slots[0]!;
    expect(slot.unknown).toEqual(['lee@example.com']);
    expect(slot.confidence).toBe(74.5);
    expect(slot.reasons).toEqual(expect.arrayContaining(['Everyone required whose calendar could be read is free', "Lee's calendar could not be read (timeout)"]));
  });
});

describe('tentative and all-day policies', () => {
  const tentativeMorning = person('org@example.com', [{ start: at('09:00'), end: at('12:00'), status: 'tentative' }]);

  it('treats tentative time as busy when asked to', () => {
    expect(startsOf(solve(request({ tentativePolicy: 'busy', participants: [tentativeMorning] })))).toEqual(hourly(DAY, 12, 17));
  });

  it('offers tentative time when it counts as free, ranked below free time', () => {
    const result = solve(request({ tentativePolicy: 'free', participants: [tentativeMorning] }));
    expect(startsOf(result)).toEqual(nineToFive);
    expect(result.slots.at(-1)!.tentative).toEqual(['org@example.com']);
    expect(result.slots.at(-1)!.confidence).toBe(50);
    expect(result.slots[0]!.confidence).toBe(100);
  });

  it('ignores all-day events under the free policy, except out-of-office', () => {
    const allDay = (status: 'busy' | 'outOfOffice') => person('org@example.com', [{ start: at('00:00'), end: '2026-01-13T00:00:00Z', status, allDay: true }]);
    expect(solve(request({ allDayPolicy: 'busy', participants: [allDay('busy')] })).slots).toHaveLength(0);
    expect(startsOf(solve(request({ allDayPolicy: 'free', participants: [allDay('busy')] })))).toEqual(nineToFive);
    expect(solve(request({ allDayPolicy: 'free', participants: [allDay('outOfOffice')] })).slots).toHaveLength(0);
  });
});

describe('working-hours policy', () => {
  const priya = person('priya@example.com', [], { name: 'Priya', timeZone: 'Asia/Kolkata' });

  it('keeps required people inside their hours by default', () => {
    // Kolkata 09:00–17:00 is 03:30–11:30 UTC; the organizer works 09:00–17:00 UTC.
    expect(startsOf(solve(request({ granularityMinutes: 30, participants: [person('org@example.com'), priya] })))).toEqual([at('09:00'), at('09:30'), at('10:00'), at('10:30')]);
  });

  it('allows slots outside hours when asked, saying by how much', () => {
    const result = solve(request({ granularityMinutes: 30, workingHoursPolicy: 'allow-outside', participants: [person('org@example.com'), priya] }));
    const late = result.slots.find((s) => s.start === at('11:00'))!;
    expect(late.outsideWorkingHours).toEqual([{ email: 'priya@example.com', minutes: 30 }]);
    expect(late.reasons).toContain('Priya (Asia/Kolkata) is 30 min past their working hours');
    expect(result.slots.slice(0, 4).every((s) => s.outsideWorkingHours.length === 0)).toBe(true);
  });
});

describe('working hours of people who share a time zone', () => {
  it('keeps each person to their own hours when two people in one zone work different hours on the same days', () => {
    const early = { mon: [{ start: '07:00', end: '12:00' }] };
    const late = { mon: [{ start: '11:00', end: '18:00' }] };
    const result = solve(
      request({
        participants: [person('org@example.com', [], { workingHours: early }), person('colleague@example.com', [], { workingHours: late })],
      }),
    );
    expect(startsOf(result)).toEqual([at('11:00')]);
  });
});
