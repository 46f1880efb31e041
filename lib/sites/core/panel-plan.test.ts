import { describe, expect, it } from 'vitest';
import { fallbackText, formDuration, formWriteFor, wallTimeIn } from './panel-plan';

describe('what the panel writes into a form', () => {
  it('turns an instant into the wall clock of the zone the form shows, across a day boundary', () => {
    expect(wallTimeIn('2026-12-03T23:30:00Z', 'Europe/Berlin')).toEqual({ date: '2026-12-04', time: '00:30' });
    expect(wallTimeIn('2026-12-03T14:00:00Z', 'America/Sao_Paulo')).toEqual({ date: '2026-12-03', time: '11:00' });
  });

  it('writes the start and end in the form zone and the Teams link with the words booked meetings carry', () => {
    expect(formWriteFor({ start: '2026-12-03T09:00:00Z', end: '2026-12-03T09:30:00Z' }, 'Europe/Berlin', 'https://teams.example/l/1')).toEqual({
      start: { date: '2026-12-03', time: '10:00' },
      end: { date: '2026-12-03', time: '10:30' },
      link: { url: 'https://teams.example/l/1', label: 'Join the Microsoft Teams meeting' },
    });
  });

  it('takes the duration from the form start and end, and none from a form without both', () => {
    expect(formDuration({ start: '2026-12-03T10:00', end: '2026-12-03T11:15' })).toBe(75);
    expect(formDuration({ start: '2026-12-03T23:30', end: '2026-12-04T00:15' })).toBe(45);
    expect(formDuration({ start: '2026-12-03T10:00' })).toBeUndefined();
  });

  it('puts the time, its zone and the link on the clipboard', () => {
    expect(fallbackText('Thu 3 Dec, 10:00–10:30', 'Europe/Berlin', 'https://teams.example/l/1')).toBe('Thu 3 Dec, 10:00–10:30 (Europe/Berlin)\nJoin the Microsoft Teams meeting: https://teams.example/l/1');
  });
});
