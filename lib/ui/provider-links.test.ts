import { describe, expect, it } from 'vitest';
import { safeEventUrl, safeJoinUrl } from './provider-links';

describe('provider links that may become an href', () => {
  it.each([
    ['meet', 'https://meet.google.com/abc-defg-hij'],
    ['teams', 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0'],
    ['teams', 'https://teams.live.com/meet/9312345'],
  ] as const)('keeps a %s join link on the host that conference uses: %s', (conference, joinUrl) => {
    expect(safeJoinUrl({ conference, joinUrl })).toBe(joinUrl);
  });

  it.each([
    ['a javascript: link', 'meet', 'javascript:alert(1)'],
    ['a data: link', 'meet', 'data:text/html,<script>alert(1)</script>'],
    ['an http: link on the right host', 'meet', 'http://meet.google.com/abc-defg-hij'],
    ['a Teams link offered as Meet', 'meet', 'https://teams.microsoft.com/l/meetup-join/x'],
    ['a look-alike host', 'meet', 'https://meet.google.com.evil.example/abc'],
    ['a host hidden behind credentials', 'teams', 'https://teams.microsoft.com@evil.example/x'],
    ['a link on an unusual port', 'teams', 'https://teams.microsoft.com:8443/x'],
    ['a subdomain the provider does not use for calls', 'meet', 'https://evil.meet.google.com/x'],
    ['a link for a meeting without a call', 'none', 'https://meet.google.com/abc-defg-hij'],
    ['text that is not a URL', 'meet', '<img src=x onerror=alert(1)>'],
  ] as const)('refuses %s as a join link', (_label, conference, joinUrl) => {
    expect(safeJoinUrl({ conference, joinUrl })).toBeUndefined();
  });

  it.each([
    ['google', 'https://calendar.google.com/calendar/event?eid=abc'],
    ['google', 'https://www.google.com/calendar/event?eid=abc'],
    ['microsoft', 'https://outlook.office.com/calendar/item/abc'],
    ['microsoft', 'https://outlook.office365.com/owa/?itemid=abc'],
    ['microsoft', 'https://outlook.live.com/calendar/item/abc'],
  ] as const)('keeps a %s event link on its calendar host: %s', (provider, eventUrl) => {
    expect(safeEventUrl({ provider, eventUrl })).toBe(eventUrl);
  });

  it.each([
    ['a Google page that is not the calendar', 'google', 'https://www.google.com/url?q=https://evil.example'],
    ['an Outlook link given for a Google event', 'google', 'https://outlook.office.com/calendar/item/abc'],
    ['a javascript: link', 'microsoft', 'javascript:alert(document.domain)'],
    ['a data: link', 'google', 'data:text/html;base64,PHNjcmlwdD4='],
    ['an unknown host', 'microsoft', 'https://outlook.evil.example/owa'],
    ['no link at all', 'google', undefined],
  ] as const)('refuses %s as an event link', (_label, provider, eventUrl) => {
    expect(safeEventUrl({ provider, eventUrl })).toBeUndefined();
  });
});
