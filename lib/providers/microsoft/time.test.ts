import { describe, expect, it } from 'vitest';
import { maxScheduleWindowMs, scheduleWindows } from './client';
import { instantFromGraph, toIanaZone } from './time';

const day = 24 * 60 * 60 * 1000;

describe('Graph time zones and date-times', () => {
  it('maps Windows zone names to IANA and leaves custom zones unnamed', () => {
    expect(toIanaZone('Pacific Standard Time')).toBe('America/Los_Angeles');
    expect(toIanaZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(toIanaZone('Customized Time Zone')).toBeUndefined();
    expect(toIanaZone(undefined)).toBeUndefined();
  });

  it('reads offset-less wall-clock times in the named zone, across a DST change', () => {
    expect(instantFromGraph('2026-03-07T09:00:00.0000000', 'Pacific Standard Time')?.toISOString()).toBe('2026-03-07T17:00:00.000Z');
    expect(instantFromGraph('2026-03-09T09:00:00.0000000', 'Pacific Standard Time')?.toISOString()).toBe('2026-03-09T16:00:00.000Z');
    expect(instantFromGraph('2026-03-09T09:00:00.0000000', 'Nepal Standard Time')?.toISOString()).toBe('2026-03-09T03:15:00.000Z');
    expect(instantFromGraph('not a date', 'UTC')).toBeUndefined();
    expect(instantFromGraph('2026-03-09T09:00:00', 'Nowhere/Atlantis')).toBeUndefined();
  });
});

describe('getSchedule windows', () => {
  it('covers a range with the fewest windows shorter than 62 days, without gaps', () => {
    const start = new Date('2026-01-05T00:00:00Z');
    const end = new Date(start.getTime() + 130 * day);
    const windows = scheduleWindows(start, end);
    expect(windows).toHaveLength(3);
    expect(windows.every((window) => window.end.getTime() - window.start.getTime() <= maxScheduleWindowMs)).toBe(true);
    expect(maxScheduleWindowMs).toBeLessThan(62 * day);
    windows.slice(1).forEach((window, index) => expect(window.start).toEqual(windows[index]!.end));
    expect(windows.at(-1)?.end).toEqual(end);
    expect(scheduleWindows(start, new Date(start.getTime() + 61 * day))).toHaveLength(1);
  });
});

describe('Graph date-times in UTC', () => {
  it('reads UTC date-times to the millisecond under the names Graph and IANA give UTC', () => {
    for (const zone of ['UTC', 'Etc/UTC', 'Etc/Universal', 'Zulu']) {
      for (const dateTime of ['2026-03-29T01:30:00.0000000', '2026-10-25T00:59:59.9990000', '2028-02-29T23:00:00', '2026-12-31T23:59']) {
        expect(instantFromGraph(dateTime, zone)?.toISOString(), `${dateTime} in ${zone}`).toBe(new Date(`${dateTime.slice(0, 23)}Z`).toISOString());
      }
    }
  });
});
