import { describe, expect, it } from 'vitest';
import { outlookComposeLink } from './deep-link';

describe("Outlook's compose deep link", () => {
  it('opens a compose form on the host the user is on, with the subject, the UTC start and end, the body and the location', () => {
    const link = outlookComposeLink('https://outlook.office365.com', {
      subject: 'Roadmap & budget: Q1?',
      start: '2026-12-03T09:00:00Z',
      end: '2026-12-03T09:30:00.000Z',
      body: 'Join the Google Meet call: https://meet.google.com/abc-defg-hij',
      location: 'https://meet.google.com/abc-defg-hij',
    })!;
    const url = new URL(link);
    expect(url.origin + url.pathname).toBe('https://outlook.office365.com/calendar/deeplink/compose');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      subject: 'Roadmap & budget: Q1?',
      startdt: '2026-12-03T09:00:00.000Z',
      enddt: '2026-12-03T09:30:00.000Z',
      body: 'Join the Google Meet call: https://meet.google.com/abc-defg-hij',
      location: 'https://meet.google.com/abc-defg-hij',
    });
  });

  it('leaves out a body and a location it does not have', () => {
    const url = new URL(outlookComposeLink('https://outlook.live.com', { subject: 'Sync', start: '2026-12-03T09:00:00Z', end: '2026-12-03T10:00:00Z' })!);
    expect([...url.searchParams.keys()]).toEqual(['subject', 'startdt', 'enddt']);
  });

  it.each(['https://outlook.office.com.evil.example', 'http://outlook.office.com', 'https://calendar.google.com'])('builds no link for the origin %s', (origin) => {
    expect(outlookComposeLink(origin, { subject: 'Sync', start: '2026-12-03T09:00:00Z', end: '2026-12-03T10:00:00Z' })).toBeUndefined();
  });
});
