import { describe, expect, it } from 'vitest';
import { ProviderError } from '@/lib/providers/errors';
import { findTimes, routeParticipants, type AvailabilitySource } from './find-times';

const monday = new Date('2026-11-30T00:00:00Z');

function source(accountId: string, email: string, read: AvailabilitySource['read']): AvailabilitySource {
  return { accountId, provider: accountId.startsWith('google') ? 'google' : 'microsoft', email, read };
}

const allFree: AvailabilitySource['read'] = async (emails) => emails.map((email) => ({ email, timeZone: 'Europe/London', availability: { status: 'known', busy: [] } }));

describe('routing participants to the account that can see them', () => {
  it('sends each person to the connected account of their own domain and leaves outsiders unrouted', () => {
    const google = source('google:ana@northwind.example', 'ana@northwind.example', allFree);
    const microsoft = source('microsoft:gita@contoso.example', 'gita@contoso.example', allFree);
    const { byAccount, unrouted } = routeParticipants('ana@northwind.example', ['ana@northwind.example', 'ben@northwind.example', 'hiro@contoso.example', 'lena@partner.example'], [google, microsoft]);
    expect(Object.fromEntries(byAccount)).toEqual({
      'google:ana@northwind.example': ['ana@northwind.example', 'ben@northwind.example'],
      'microsoft:gita@contoso.example': ['hiro@contoso.example'],
    });
    expect(unrouted).toEqual(['lena@partner.example']);
  });
});

describe('finding times across providers', () => {
  const input = {
    organizer: { email: 'ana@northwind.example', timeZone: 'Europe/London' },
    participants: [{ email: 'ben@northwind.example' }, { email: 'hiro@contoso.example' }, { email: 'lena@partner.example', optional: true }],
    durationMinutes: 30,
    start: monday,
    end: new Date(monday.getTime() + 86_400_000),
    now: new Date('2026-11-29T12:00:00Z'),
  };

  it('asks both providers in parallel and marks people nobody can see as unknown, with a reason', async () => {
    const asked: string[][] = [];
    const record: AvailabilitySource['read'] = async (emails, start, end) => {
      asked.push(emails);
      return allFree(emails, start, end);
    };
    const outcome = await findTimes(input, [source('google:ana@northwind.example', 'ana@northwind.example', record), source('microsoft:gita@contoso.example', 'gita@contoso.example', record)]);
    expect(asked).toEqual([['ana@northwind.example', 'ben@northwind.example'], ['hiro@contoso.example']]);
    if (!outcome.result.ok) throw new Error('expected slots');
    const first = outcome.result.slots[0]!;
    // Everyone is in London and free: the slot lies inside Monday's 09:00–17:00 there.
    expect(Date.parse(first.start)).toBeGreaterThanOrEqual(Date.parse('2026-11-30T09:00:00Z'));
    expect(Date.parse(first.end)).toBeLessThanOrEqual(Date.parse('2026-11-30T17:00:00Z'));
    expect(first.unknown).toEqual(['lena@partner.example']);
    expect(first.free.sort()).toEqual(['ana@northwind.example', 'ben@northwind.example', 'hiro@contoso.example']);
    expect(outcome.answeredBy['hiro@contoso.example']).toBe('microsoft:gita@contoso.example');
  });

  it('lets a missing consent reach the user instead of hiding it as unknown people', async () => {
    const refused: AvailabilitySource['read'] = async () => {
      throw new ProviderError({ provider: 'google', kind: 'consent-needed', scope: 'https://www.googleapis.com/auth/calendar.events.freebusy', message: 'Allow free/busy' });
    };
    await expect(findTimes(input, [source('google:ana@northwind.example', 'ana@northwind.example', refused)])).rejects.toMatchObject({ kind: 'consent-needed' });
  });
});
