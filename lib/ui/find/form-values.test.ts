import { describe, expect, it } from 'vitest';
import type { AccountView } from '@/lib/auth/access';
import type { Preferences } from '@/lib/meetings/types';
import { choicesFromDraft, choicesFromInitial, draftOf, resolveChoices } from './form-values';

const account = (id: string): AccountView => ({ id, provider: 'google', email: id.split(':')[1] ?? '', connectedAt: '', granted: [], missing: [], features: [] });
const accounts = [account('google:first@example.com'), account('google:second@example.com')];
const preferences = { timeZone: 'Asia/Tokyo', defaultDurationMinutes: 50, horizonDays: 7, defaultAccountId: 'google:second@example.com' } as Preferences;
const now = new Date('2026-11-24T12:00:00Z');

describe('the find form’s values', () => {
  it('fills what the user has not chosen from the preferences, and from fixed defaults before they arrive', () => {
    expect(resolveChoices({ field: { participants: [], text: '', problems: [] } }, preferences, accounts, 'Europe/Berlin', now)).toEqual({
      timeZone: 'Asia/Tokyo',
      horizonDays: 7,
      durationMinutes: 50,
      range: { from: '2026-11-24', to: '2026-11-30' },
      organizer: accounts[1],
    });
    const early = resolveChoices({ field: { participants: [], text: '', problems: [] } }, undefined, accounts, 'Europe/Berlin', now);
    expect(early).toMatchObject({ timeZone: 'Europe/Berlin', durationMinutes: 30, range: { from: '2026-11-24', to: '2026-12-07' }, organizer: accounts[0] });
  });

  it('keeps a choice of organizer only while that account is connected', () => {
    const field = { participants: [], text: '', problems: [] };
    expect(resolveChoices({ field, organizerAccountId: 'google:first@example.com' }, preferences, accounts, 'UTC', now).organizer).toBe(accounts[0]);
    expect(resolveChoices({ field, organizerAccountId: 'google:gone@example.com' }, preferences, accounts, 'UTC', now).organizer).toBe(accounts[1]);
  });

  it('starts a host’s search on its form’s day and keeps the default last day, or that day when it lies beyond', () => {
    const initial = choicesFromInitial({ startDay: '2026-11-27' });
    expect(resolveChoices(initial, preferences, accounts, 'UTC', now).range).toEqual({ from: '2026-11-27', to: '2026-11-30' });
    expect(resolveChoices(choicesFromInitial({ startDay: '2026-12-20' }), preferences, accounts, 'UTC', now).range).toEqual({ from: '2026-12-20', to: '2026-12-20' });
  });

  it('takes a host’s guests, optional ones included, and keeps its half-typed address as text without calling it wrong yet', () => {
    const choices = choicesFromInitial({ participants: [{ email: 'ada@example.com', optional: true }], pendingText: 'bob@exa', durationMinutes: 25 });
    expect(choices).toEqual({ field: { participants: [{ email: 'ada@example.com', optional: true }], text: 'bob@exa', problems: [] }, durationMinutes: 25 });
  });

  it('stores only what the user chose, and a stored draft brings the same choices back with its text’s problems', () => {
    const choices = { field: { participants: [{ email: 'ada@example.com', optional: false }], text: 'nobody', problems: [] }, durationMinutes: 45, timeZone: 'UTC', rangeStart: '2026-11-27' };
    const draft = draftOf(choices, undefined);
    expect(draft).toEqual({ version: 1, participants: [{ email: 'ada@example.com', optional: false }], pendingText: 'nobody', durationMinutes: 45, timeZone: 'UTC' });
    const restored = choicesFromDraft(draft);
    expect(restored.field.problems).toHaveLength(1);
    expect(restored.field.problems[0]?.text).toBe('nobody');
    expect(restored).toMatchObject({ durationMinutes: 45, timeZone: 'UTC' });
    expect(restored).not.toHaveProperty('range');
  });

  it('leaves the organizer out of a host’s guest list, whatever the case of the address', () => {
    const choices = choicesFromInitial({ participants: [{ email: 'First@Example.com', optional: false }, { email: 'ada@example.com', optional: false }] }, 'first@example.com');
    expect(choices.field.participants).toEqual([{ email: 'ada@example.com', optional: false }]);
  });
});
