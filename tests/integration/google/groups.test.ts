import type { calendar_v3 } from '@googleapis/calendar';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { googleScope } from '@/lib/auth/scopes';
import { createGoogleClient } from '@/lib/providers/google';
import type { BusyInterval, ParticipantAvailability } from '@/lib/providers/types';
import { startSandbox, type Sandbox } from '@/tests/sandbox/start';
import { implicitFlowTokenSource } from './helpers';

const now = new Date('2026-03-04T09:00:00Z');
const ben = 'ben.carter@northwind.example';
const designTeam = 'design-team@northwind.example';
const designers = ['ana.lima@northwind.example', 'chloe.dubois@northwind.example', 'emma.schmidt@northwind.example'];
const partners = 'partners@northwind.example';
const allStaff = 'all-staff@northwind.example';
const week = { timeMin: '2026-03-09T00:00:00Z', timeMax: '2026-03-14T00:00:00Z' };

let sandbox: Sandbox;
let token: string;

beforeAll(async () => {
  sandbox = await startSandbox({ now });
  token = sandbox.google.issueToken(ben, ['email', googleScope.freeBusy]);
});
afterAll(async () => {
  await sandbox.stop();
});
beforeEach(() => {
  sandbox.log.clear();
});

async function queryFreeBusy(body: calendar_v3.Schema$FreeBusyRequest): Promise<{ status: number; answer: calendar_v3.Schema$FreeBusyResponse }> {
  const response = await fetch(`${sandbox.urls.googleCalendar}/freeBusy`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, answer: (await response.json()) as calendar_v3.Schema$FreeBusyResponse };
}

function client() {
  const scopes = ['email', googleScope.freeBusy];
  return createGoogleClient({ calendarBaseUrl: sandbox.urls.googleCalendar, meetBaseUrl: sandbox.urls.googleMeet, tokenSource: implicitFlowTokenSource(sandbox.urls.googleAuthorize, ben, scopes).source, sleep: async () => {} });
}

/** The union of busy lists, with overlapping and touching periods joined. */
function union(lists: BusyInterval[][]): { start: string; end: string }[] {
  const sorted = lists.flat().map(({ start, end }) => ({ start, end })).sort((a, b) => a.start.localeCompare(b.start));
  const merged: { start: string; end: string }[] = [];
  for (const period of sorted) {
    const last = merged.at(-1);
    if (last && period.start <= last.end) last.end = period.end > last.end ? period.end : last.end;
    else merged.push({ ...period });
  }
  return merged;
}

const known = (answer: ParticipantAvailability | undefined) => {
  if (answer?.availability.status !== 'known') throw new Error(`expected a known answer, got ${JSON.stringify(answer)}`);
  return answer.availability.busy;
};

describe('the Google stand-in answers for groups as Google does', () => {
  it('lists a group’s members under groups and answers each member under calendars', async () => {
    const { status, answer } = await queryFreeBusy({ ...week, groupExpansionMax: 100, items: [{ id: designTeam }] });
    expect(status).toBe(200);
    expect(answer.groups?.[designTeam]).toEqual({ calendars: designers });
    expect(Object.keys(answer.calendars ?? {}).sort()).toEqual(designers);
    expect(answer.calendars?.[designTeam]).toBeUndefined();
  });

  it('says groupTooBig for a group with more members than groupExpansionMax, and refuses a maximum above 100', async () => {
    const tooBig = await queryFreeBusy({ ...week, groupExpansionMax: 100, items: [{ id: allStaff }] });
    expect(tooBig.answer.groups?.[allStaff]).toEqual({ errors: [{ domain: 'calendar', reason: 'groupTooBig' }] });
    const small = await queryFreeBusy({ ...week, groupExpansionMax: 2, items: [{ id: designTeam }] });
    expect(small.answer.groups?.[designTeam]?.errors?.[0]?.reason).toBe('groupTooBig');
    const invalid = await queryFreeBusy({ ...week, groupExpansionMax: 101, items: [{ id: designTeam }] });
    expect(invalid.status).toBe(400);
  });
});

describe('the Google client expands groups', () => {
  it('asks Google to expand groups and gives a group the union of its members’ busy times', async () => {
    const answers = await client().freeBusy({ emails: [designTeam, ...designers], ...week });
    const [freeBusy] = sandbox.log.list({ target: 'google-calendar', pathIncludes: '/freeBusy' });
    expect(freeBusy?.body).toMatchObject({ groupExpansionMax: 100 });
    const byEmail = new Map(answers.map((answer) => [answer.email, answer]));
    expect(known(byEmail.get(designTeam)).map(({ start, end }) => ({ start, end }))).toEqual(union(designers.map((email) => known(byEmail.get(email)))));
    expect(known(byEmail.get(designTeam)).length).toBeGreaterThan(5);
  });

  it('makes a group unknown, naming who could not be read, when some of its members’ calendars cannot be seen', async () => {
    const [group] = await client().freeBusy({ emails: [partners], ...week });
    expect(group?.availability).toEqual({ status: 'unknown', reason: expect.stringMatching(/1 of 2 members.*lena\.ivanova@partner\.example/) });
  });

  it('makes a group too big to expand unknown, saying so', async () => {
    const [group] = await client().freeBusy({ emails: [allStaff], ...week });
    expect(group?.availability).toEqual({ status: 'unknown', reason: expect.stringMatching(/too many members/) });
  });
});
