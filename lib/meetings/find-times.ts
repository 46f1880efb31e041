import { findMeetingTimes, type FindResult, type Participant } from '@/lib/schedule';
import type { ParticipantAvailability } from '@/lib/providers/types';
import type { Provider } from '@/lib/auth/scopes';
import type { AvailabilityCache } from './availability-cache';
import type { Preferences } from './types';

export type SourceAnswer = ParticipantAvailability & { workingHours?: Participant['workingHours'] };

/** A connected account that can read free/busy for people in its organisation. */
export interface AvailabilitySource {
  accountId: string;
  provider: Provider;
  /** The account's own address; its domain decides whose calendars it is asked about. */
  email: string;
  read(emails: string[], start: Date, end: Date): Promise<SourceAnswer[]>;
  /**
   * How many HTTP requests this source has sent so far, retries included. The background makes
   * fresh sources for every search, so the difference around a read is that read's cost.
   */
  requestCount?(): number;
}

/** One read and what it cost in HTTP requests. */
export async function countedRead(source: AvailabilitySource, emails: string[], start: Date, end: Date): Promise<{ answers: SourceAnswer[]; requests: number }> {
  const before = source.requestCount?.() ?? 0;
  const answers = await source.read(emails, start, end);
  return { answers, requests: (source.requestCount?.() ?? 0) - before };
}

/** The stored preferences that shape a search. */
export type SearchPreferences = Pick<
  Preferences,
  'workingHours' | 'bufferBeforeMinutes' | 'bufferAfterMinutes' | 'minimumNoticeMinutes' | 'granularityMinutes' | 'tentativePolicy' | 'allDayPolicy' | 'horizonDays'
>;

export interface FindTimesInput {
  organizer: { email: string; timeZone: string };
  participants: { email: string; optional?: boolean }[];
  durationMinutes: number;
  start: Date;
  end: Date;
  now: Date;
  /** Absent: the engine's own defaults (09:00–17:00 Monday to Friday, 15-minute grid, no buffers). */
  preferences?: SearchPreferences;
}

export interface FindTimesOutcome {
  result: FindResult;
  /** Which account answered for whom, so the UI can say where each answer came from. */
  answeredBy: Record<string, string>;
  /** HTTP requests this search sent to each provider (0 for a provider answered from the cache). */
  requests: Record<Provider, number>;
  /** What came from the cache rather than the provider, and how old it is. */
  cache: {
    /** People whose availability (for some or all days) was cached, with when it was fetched. */
    people: { email: string; cachedAt: string }[];
    /** The oldest cached data this answer used; absent when everything was fetched just now. */
    oldestCachedAt?: string;
    ageSeconds?: number;
  };
  /** True when an identical search was already asking the provider and this one shared its answer. */
  shared: boolean;
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
 * makes, answered from a fresh cache where it can, then the engine with the user's preferences.
 * A provider that fails makes its people unknown instead of failing the search, unless the user
 * must act (missing consent, a dead sign-in), which is thrown.
 */
export async function findTimes(input: FindTimesInput, sources: AvailabilitySource[], cache?: AvailabilityCache): Promise<FindTimesOutcome> {
  const emails = [...new Set([input.organizer.email, ...input.participants.map((p) => p.email)].map((e) => e.toLowerCase()))];
  const { byAccount, unrouted } = routeParticipants(input.organizer.email, emails, sources);
  const answeredBy: Record<string, string> = {};
  const requests: Record<Provider, number> = { google: 0, microsoft: 0 };
  const fromCache: FindTimesOutcome['cache']['people'] = [];
  let shared = false;

  // Nothing past the horizon can be offered, so nothing past it is fetched.
  const horizonEnd = input.preferences ? new Date(input.now.getTime() + input.preferences.horizonDays * 86_400_000) : input.end;
  const fetchEnd = new Date(Math.min(input.end.getTime(), horizonEnd.getTime()));
  const reads = fetchEnd > input.start ? [...byAccount] : [];

  const answers = await Promise.all(
    reads.map(async ([accountId, people]) => {
      const source = sources.find((candidate) => candidate.accountId === accountId)!;
      for (const email of people) answeredBy[email] = accountId;
      if (!cache) {
        const read = await countedRead(source, people, input.start, fetchEnd);
        requests[source.provider] += read.requests;
        return read.answers;
      }
      const read = await cache.read(source, people, input.start, fetchEnd);
      requests[source.provider] += read.requests;
      fromCache.push(...read.fromCache);
      shared ||= read.shared;
      return read.answers;
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
      // A Microsoft person's own working hours win over the organizer's defaults.
      ...(answer?.workingHours ? { workingHours: answer.workingHours } : {}),
      availability: answer?.availability ?? {
        status: 'unknown',
        reason: unrouted.includes(email)
          ? 'Not in an organisation of a connected account, so Overlap cannot see this calendar.'
          : 'The calendar provider did not answer for this person.',
      },
    };
  });

  const preferences = input.preferences;
  const result = findMeetingTimes({
    organizer: { email: input.organizer.email.toLowerCase(), timeZone: input.organizer.timeZone },
    participants,
    durationMinutes: input.durationMinutes,
    searchWindows: [{ start: input.start.toISOString(), end: input.end.toISOString() }],
    now: input.now.toISOString(),
    ...(preferences
      ? {
          defaultWorkingHours: preferences.workingHours,
          granularityMinutes: preferences.granularityMinutes,
          minimumNoticeMinutes: preferences.minimumNoticeMinutes,
          bufferBeforeMinutes: preferences.bufferBeforeMinutes,
          bufferAfterMinutes: preferences.bufferAfterMinutes,
          tentativePolicy: preferences.tentativePolicy,
          allDayPolicy: preferences.allDayPolicy,
          horizonDays: preferences.horizonDays,
        }
      : {}),
  });
  const oldestCachedAt = fromCache.map((entry) => entry.cachedAt).sort()[0];
  return {
    result,
    answeredBy,
    requests,
    cache: {
      people: fromCache,
      ...(oldestCachedAt ? { oldestCachedAt, ageSeconds: Math.max(0, Math.round((input.now.getTime() - Date.parse(oldestCachedAt)) / 1000)) } : {}),
    },
    shared,
  };
}
