import { describe, expect, it } from 'vitest';
import { defaultPreferences } from '@/lib/store/preferences';
import { changedPreferences } from './preference-changes';

describe('the fields a settings form sends', () => {
  it('are only the ones that differ from what the form started from', () => {
    const before = { ...defaultPreferences(), timeZone: 'Europe/Berlin' };
    const after = { ...before, defaultDurationMinutes: 45, workingHours: { ...before.workingHours, sat: [{ start: '10:00', end: '12:00' }] } };
    expect(changedPreferences(before, after)).toEqual({ defaultDurationMinutes: 45, workingHours: after.workingHours });
  });

  it('say "clear" with null for an optional field the form emptied', () => {
    const before = { ...defaultPreferences(), timeZone: 'Europe/Berlin', defaultAccountId: 'google:ana@northwind.example' };
    const { timeZone: _zone, defaultAccountId: _account, ...after } = before;
    expect(changedPreferences(before, after)).toEqual({ timeZone: null, defaultAccountId: null });
  });

  it('are none when nothing changed, whatever order the working days are listed in', () => {
    const before = defaultPreferences();
    const reversed = Object.fromEntries(Object.entries(before.workingHours).reverse());
    expect(changedPreferences(before, { ...before, workingHours: reversed })).toEqual({});
  });
});
