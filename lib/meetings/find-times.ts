import * as i18n from '@/lib/i18n';
import { findMeetingTimes, type FindResult, type PackedBusy, type Participant } from '@/lib/schedule';
import type { ParticipantAvailability } from '@/lib/providers/types';
import type { Provider } from '@/lib/auth/scopes';
import type { AvailabilityCache } from './availability-cache';
import type { Preferences } from './types';

export type SourceAnswer = ParticipantAvailability & { workingHours?: Participant['workingHours'] };

/**
 * An answer on its way to the engine: as a source gave it, or from the cache, which hands busy
 * time on packed into columns, parsed once when it arrived rather than on every search.
 */
export type ReadyAnswer = Omit<SourceAnswer, 'availability'> & {
  availability: SourceAnswer['availability'] | { status: 'known'; busy: PackedBusy };
};

/** What the organizer's own calendar says about their day (the "read-time-zone" feature). */
export interface CalendarSettings {
  /** IANA zone. */
  timeZone: string;
  /** Outlook's working hours, in `timeZone`; Google Calendar has none to offer. */
  workingHours?: Participant['workingHours'];
}

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
  /** True when this source's latest request got no answer at all (no network, the provider unreachable). */
  unreachable?(): boolean;
  /** Present when the account's owner turned on "use my calendar's time zone and working hours". */
  calendarSettings?(): Promise<CalendarSettings>;
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
  /**
   * A function is read once the providers have answered: the background's clock learns their
   * time from those answers, so even a worker's first search judges "now" by it.
   */
  now: Date | (() => Date);
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
    /**
     * A provider could not be reached (no network): its people were answered from whatever the
     * cache held, however old, and the rest are unknown.
     */
    offline?: true;
  };
  /** True when an identical search was already asking the provider and this one shared its answer. */
  shared: boolean;
  /** The zone and working hours the search used for the organizer, and where they came from. */
  organizer: OrganizerDay;
}

export interface OrganizerDay {
  timeZone: string;
  /**
   * `calendar`: the organizer's calendar said so (its settings, or Exchange's free/busy answer);
   * `request`: the zone the search was sent with (browser or preference).
   */
  timeZoneFrom: 'calendar' | 'request';
  /** `calendar`: Outlook's working hours; `preferences`: Overlap's stored ones; `defaults`: the engine's. */
  workingHoursFrom: 'calendar' | 'preferences' | 'defaults';
  /** Why the calendar's settings were not used although the feature is on. */
  fallbackReason?: string;
}

/**
 * The organizer's zone and working hours: their calendar's when the feature is on and the read
 * works, otherwise what the search was sent with. A failed read never fails the search; it only
 * says why the fallback was used.
 */
async function organizerDay(input: FindTimesInput, source: AvailabilitySource | undefined): Promise<OrganizerDay & { workingHours?: Participant['workingHours'] }> {
  const requested = { timeZone: input.organizer.timeZone, timeZoneFrom: 'request' as const, workingHoursFrom: input.preferences ? ('preferences' as const) : ('defaults' as const) };
  if (!source?.calendarSettings) return requested;
  try {
    const settings = await source.calendarSettings();
    return {
      ...requested,
      timeZone: settings.timeZone,
      timeZoneFrom: 'calendar',
      ...(settings.workingHours ? { workingHours: settings.workingHours, workingHoursFrom: 'calendar' as const } : {}),
    };
  } catch (error) {
    return { ...requested, fallbackReason: i18n.t('meeting_zoneFallback', { zone: input.organizer.timeZone, detail: error instanceof Error ? error.message : String(error) }) };
  }
}

type SettledDay = OrganizerDay & { workingHours?: Participant['workingHours'] };

/**
 * Where the settings gave nothing, Exchange's free/busy answer for the organizer (getSchedule
 * reports a mailbox's zone and working hours at no extra permission) still beats the request's
 * guesses, as it does for every other participant.
 */
function withFreeBusyAnswer(day: SettledDay, answer: ReadyAnswer | undefined): SettledDay {
  const zone = day.timeZoneFrom === 'request' && answer?.timeZone ? { timeZone: answer.timeZone, timeZoneFrom: 'calendar' as const } : {};
  const hours = day.workingHoursFrom !== 'calendar' && answer?.workingHours ? { workingHours: answer.workingHours, workingHoursFrom: 'calendar' as const } : {};
  const settled = { ...day, ...zone, ...hours };
  if (settled.timeZoneFrom === 'calendar') delete settled.fallbackReason;
  return settled;
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
  let offline = false;

  const nowOf = () => (typeof input.now === 'function' ? input.now() : input.now);
  // Nothing past the horizon can be offered, so nothing past it is fetched.
  const horizonEnd = input.preferences ? new Date(nowOf().getTime() + input.preferences.horizonDays * 86_400_000) : input.end;
  const fetchEnd = new Date(Math.min(input.end.getTime(), horizonEnd.getTime()));
  const reads = fetchEnd > input.start ? [...byAccount] : [];

  const reading = Promise.all(
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
      offline ||= read.offline;
      return read.answers;
    }),
  );
  const organizerEmail = input.organizer.email.toLowerCase();
  const organizerSource = sources.find((source) => source.email.toLowerCase() === organizerEmail);
  // The organizer's settings are read alongside free/busy, so the feature adds no waiting.
  const [settings, answers] = await Promise.all([organizerDay(input, organizerSource), reading]);
  const availability = new Map(answers.flat().map((answer) => [answer.email.toLowerCase(), answer]));
  const organizer = withFreeBusyAnswer(settings, availability.get(organizerEmail));
  const optional = new Set(input.participants.filter((p) => p.optional).map((p) => p.email.toLowerCase()));

  const participants: Participant[] = emails.map((email) => {
    const answer = availability.get(email);
    // The organizer's day is settled above; for everyone else, Exchange's own zone and hours (when
    // it reported them) win over the organizer's defaults.
    const day = email === organizerEmail ? organizer : answer;
    return {
      email,
      attendance: optional.has(email) ? 'optional' : 'required',
      ...(day?.timeZone ? { timeZone: day.timeZone } : {}),
      ...(day?.workingHours ? { workingHours: day.workingHours } : {}),
      availability: answer?.availability ?? {
        status: 'unknown',
        reason: unrouted.includes(email)
          ? i18n.t('meeting_notInOrganisation')
          : i18n.t('meeting_providerDidNotAnswer'),
      },
    };
  });

  const preferences = input.preferences;
  const now = nowOf();
  const result = findMeetingTimes({
    organizer: { email: organizerEmail, timeZone: organizer.timeZone },
    participants,
    durationMinutes: input.durationMinutes,
    searchWindows: [{ start: input.start.toISOString(), end: input.end.toISOString() }],
    now: now.toISOString(),
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
  }, i18n);
  const oldestCachedAt = fromCache.map((entry) => entry.cachedAt).sort()[0];
  return {
    result,
    answeredBy,
    requests,
    cache: {
      people: fromCache,
      ...(oldestCachedAt ? { oldestCachedAt, ageSeconds: Math.max(0, Math.round((now.getTime() - Date.parse(oldestCachedAt)) / 1000)) } : {}),
      ...(offline ? { offline: true as const } : {}),
    },
    shared,
    organizer: {
      timeZone: organizer.timeZone,
      timeZoneFrom: organizer.timeZoneFrom,
      workingHoursFrom: organizer.workingHoursFrom,
      ...(organizer.fallbackReason ? { fallbackReason: organizer.fallbackReason } : {}),
    },
  };
}
