import { afterEach, describe, expect, it } from 'vitest';
import { googleScope } from '@/lib/auth/scopes';
import { createGoogleClient } from '@/lib/providers/google';
import { createMicrosoftClient, partnerPropertyId } from '@/lib/providers/microsoft/client';
import { partnerKeyProperty } from '@/lib/providers/google/client';
import type { Sandbox } from '@/tests/sandbox/start';
import { implicitFlowTokenSource } from '../google/helpers';
import { refreshingTokenSource, sandboxLoginOptions, signIn } from '../microsoft/oidc-login';
import { withStandIns } from '../stand-ins';

/**
 * Links a provider sends (web links, join URLs, Meet URIs) reach the user as something to click,
 * so only `https:` ones are accepted. A booking whose answer carries a bad link is still the
 * booking that exists: the link is dropped and the meeting kept. A call whose only purpose is the
 * link (a Meet space, a Teams meeting) is refused as a malformed answer.
 */

const now = new Date('2026-03-04T09:00:00Z');
const ben = 'ben.carter@northwind.example';
const jack = 'jack.nguyen@contoso.example';
const isla = 'isla.mcdonald@contoso.example';
const unsafeLinks = { kind: 'malformed', style: 'unsafeLinks' } as const;

let sandbox: Sandbox;
let operation = 0;

withStandIns({ now }, (started) => (sandbox = started));
afterEach(() => {
  sandbox.faults.clear();
});

function google() {
  const scopes = ['email', googleScope.ownedEvents, googleScope.meetSpaces];
  sandbox.google.issueToken(ben, scopes);
  return createGoogleClient({
    calendarBaseUrl: sandbox.urls.googleCalendar,
    meetBaseUrl: sandbox.urls.googleMeet,
    tokenSource: implicitFlowTokenSource(sandbox.urls.googleAuthorize, ben, scopes).source,
    sleep: async () => {},
    timeoutMs: 3_000,
  });
}

async function microsoft() {
  sandbox.microsoft.setAutoSignIn(jack, {});
  const options = sandboxLoginOptions(sandbox.urls.microsoftAuthority, sandbox.microsoft, jack, ['User.Read', 'Calendars.ReadWrite', 'OnlineMeetings.ReadWrite']);
  return createMicrosoftClient({ baseUrl: sandbox.urls.graph, tokenSource: refreshingTokenSource(options, await signIn(options)), sleep: async () => {}, timeoutMs: 3_000 });
}

describe('links from Google', () => {
  it('keeps a booked Google meeting whose answer carries javascript: links, without the links', async () => {
    sandbox.google.conference.pendingGets = 0;
    sandbox.faults.inject({ target: 'google-calendar', match: { pathIncludes: '/events' }, times: 10, fault: unsafeLinks });
    const operationKey = `links-${++operation}`;
    const booked = await google().createMeeting({
      operationKey,
      summary: 'Link check',
      start: '2026-03-10T15:00:00Z',
      end: '2026-03-10T15:30:00Z',
      timeZone: 'UTC',
      attendees: [{ email: isla }],
      withMeet: true,
    });
    expect(sandbox.google.readEvents(ben).filter((event) => event.extendedProperties?.private?.[partnerKeyProperty] === operationKey).map((event) => event.id)).toEqual([booked.eventId]);
    expect(booked.htmlLink).toBeUndefined();
    expect(booked.joinUrl).toBeUndefined();
    expect(booked).toMatchObject({ conference: 'failed', conferenceMessage: expect.stringContaining('no usable Meet link') });
    expect(JSON.stringify(booked)).not.toContain('javascript:');
  });

  it('refuses a Meet space whose meeting URI is not https, naming the field', async () => {
    sandbox.faults.inject({ target: 'google-meet', match: { pathIncludes: '/spaces' }, times: 1, fault: unsafeLinks });
    await expect(google().createMeetSpace()).rejects.toMatchObject({ kind: 'malformed-response', field: 'meetingUri' });
  });
});

describe('links from Microsoft', () => {
  it('keeps a booked Outlook meeting whose answer carries javascript: links, without the links', async () => {
    sandbox.faults.inject({ target: 'graph', match: { pathIncludes: '/me/events' }, times: 10, fault: unsafeLinks });
    const operationKey = `links-${++operation}`;
    const created = await (await microsoft()).createPartnerEvent({
      operationKey,
      subject: 'Link check',
      start: new Date('2026-03-10T17:00:00Z'),
      end: new Date('2026-03-10T17:30:00Z'),
      attendees: [{ email: isla }],
      onlineMeeting: 'teamsForBusiness',
    });
    const tagged = sandbox.microsoft.readEvents(jack).filter((event) => event.singleValueExtendedProperties?.some((property) => property.id === partnerPropertyId && property.value === operationKey));
    expect(tagged.map((event) => event.id)).toEqual([created.eventId]);
    expect(created).toMatchObject({ joinUrl: null, webLink: null });
  });

  it('refuses a Teams meeting whose join URL is not https, naming the field', async () => {
    sandbox.faults.inject({ target: 'graph', match: { pathIncludes: '/onlineMeetings' }, times: 1, fault: unsafeLinks });
    const client = await microsoft();
    await expect(
      client.createTeamsMeeting({ externalId: `links-${++operation}`, subject: 'Link check', start: new Date('2026-03-11T17:00:00Z'), end: new Date('2026-03-11T17:30:00Z') }),
    ).rejects.toMatchObject({ kind: 'malformed-response', field: 'joinWebUrl' });
  });
});
