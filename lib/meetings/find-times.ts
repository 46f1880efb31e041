import { findMeetingTimes, type FindResult, type Participant } from '@/lib/schedule';
import type { ParticipantAvailability } from '@/lib/providers/types';
import type { Provider } from '@/lib/auth/scopes';

/** A connected account that can read free/busy for people in its organisation. */
export interface AvailabilitySource {
  accountId: string;
  provider: Provider;
  /** The account's own address; its domain decides whose calendars it is asked about. */
  email: string;
  read(emails: string[], start: Date, end: Date): Promise<(ParticipantAvailability & { workingHours?: Participant['workingHours'] })[]>;
}

export interface FindTimesInput {
  organizer: { email: string; timeZone: string };
  participants: { email: string; optional?: boolean }[];
  durationMinutes: number;
  start: Date;
  end: Date;
  now: Date;
  granularityMinutes?: number;
  minimumNoticeMinutes?: number;
}

export interface FindTimesOutcome {
  result: FindResult;
  /** Which account answered for whom, so the UI can say where each answer came from. */
  answeredBy: Record<string, string>;
}

function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

/**
 * Decides which connected account asks about whom: people in the same domain as a connected
 * account go to it (a Workspace domain asks Google, a Microsoft 365 tenant asks Graph). The
 * organizer always goes to their own account. Anyone else is nobody's to ask — unknown, with a
 * reason, rather than a request that can only fail.
 */
export function routeParticipants(organizerEmail: string, emails: string[], sources: AvailabilitySource[]) {
  const byAccount = new Map<string, string[]>();
  const unrouted: string[] = [];
  const organizerSource = sources.find((source) => source.email.toLowerCase() === organizerEmail.toLowerCase());
  for (const email of emails) {
    const source =
      email.toLowerCase() === organizerEmail.toLowerCase() && organizerSource
        ? organizerSource
        : sources.find((candidate) => domainOf(candidate.email) === domainOf(email));
    if (!source) unrouted.push(email);
    else byAccount.set(source.accountId, [...(byAccount.get(source.accountId) ?? []), email]);
  }
  return { byAccount, unrouted };
}

/**
 * The main job: free/busy from every provider in parallel, in the fewest requests each client
 * makes, then the engine. A provider that fails makes its people unknown instead of failing the
 * search, unless the user must act (missing consent, a dead sign-in), which is thrown.
 */
export async function findTimes(input: FindTimesInput, sources: AvailabilitySource[]): Promise<FindTimesOutcome> {
  const emails = [...new Set([input.organizer.email, ...input.participants.map((p) => p.email)].map((e) => e.toLowerCase()))];
  const { byAccount, unrouted } = routeParticipants(input.organizer.email, emails, sources);
  const answeredBy: Record<string, string> = {};

  const answers = await Promise.all(
    [...byAccount].map(async ([accountId, people]) => {
      const source = sources.find((candidate) => candidate.accountId === accountId)!;
      for (const email of people) answeredBy[email] = accountId;
      return source.read(people, input.start, input.end);
    }),
  );
  const availability = new Map(answers.flat().map((answer) => [answer.email.toLowerCase(), answer]));
  const optional = new Set(input.participants.filter((p) => p.optional).map((p) => p.email.toLowerCase()));

  const participants: Participant[] = emails.map((email) => {
    const answer = availability.get(email);
    return {
      email,
      attendance: optional.has(email) ? 'optional' : 'required',
      ...(answer?.timeZone ? { timeZone: answer.timeZone } : email === input.organizer.email.toLowerCase() ? { timeZone: input.organizer.timeZone } : {}),
      ...(answer?.workingHours ? { workingHours: answer.workingHours } : {}),
      availability: answer?.availability ?? {
        status: 'unknown',
        reason: unrouted.includes(email)
          ? 'Not in an organisation of a connected account, so Overlap cannot see this calendar.'
          : 'The calendar provider did not answer for this person.',
      },
    };
  });

  const result = findMeetingTimes({
    organizer: { email: input.organizer.email.toLowerCase(), timeZone: input.organizer.timeZone },
    participants,
    durationMinutes: input.durationMinutes,
    searchWindows: [{ start: input.start.toISOString(), end: input.end.toISOString() }],
    now: input.now.toISOString(),
    granularityMinutes: input.granularityMinutes ?? 15,
    minimumNoticeMinutes: input.minimumNoticeMinutes ?? 0,
  });
  return { result, answeredBy };
}
