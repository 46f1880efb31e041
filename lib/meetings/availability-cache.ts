import { t } from '@/lib/i18n';
import { isProviderError } from '@/lib/providers/errors';
import { compareInstants } from '@/lib/providers/busy-order';
import { busyPerWindow, joinWindows, packBusy } from '@/lib/schedule/packed-busy';
import type { FreeBusyCacheEntry } from '@/lib/store/db';
import { cacheKey, type FreeBusyCacheStore } from '@/lib/store/free-busy-cache';
import { countedRead, type AvailabilitySource, type ReadyAnswer, type SourceAnswer } from './find-times';

const dayMs = 86_400_000;

/** Busy times are personal data; five minutes is enough to make "find" again instant. */
export const defaultCacheTtlMs = 5 * 60_000;

/**
 * How long an entry past its time to live is kept, only to answer while the providers cannot be
 * reached ("as of 14:05, offline"): a working day, after which an answer is too old to book on.
 */
export const offlineKeepMs = 8 * 60 * 60_000;

export interface CachedRead {
  answers: ReadyAnswer[];
  /** HTTP requests this read sent itself (0 when it was answered from the cache or joined another read). */
  requests: number;
  /** People answered entirely or partly from the cache, with the oldest instant their data was fetched. */
  fromCache: { email: string; cachedAt: string }[];
  /** True when an identical read was already in flight and this one waited for its answer. */
  shared: boolean;
  /** True when the provider could not be reached: what the cache held answered instead, however old. */
  offline: boolean;
}

/** The UTC days `[start, end)` touches, as `YYYY-MM-DD`. */
export function utcDays(start: Date, end: Date): string[] {
  const days: string[] = [];
  for (let day = Math.floor(start.getTime() / dayMs) * dayMs; day < end.getTime(); day += dayMs) days.push(new Date(day).toISOString().slice(0, 10));
  return days;
}

const dayStart = (day: string) => Date.parse(`${day}T00:00:00.000Z`);

/**
 * Availability through a short-lived cache of whole UTC days per account and person. A read
 * fetches only the people and days that are missing or stale — as one batched read per account,
 * whole days so the next search can reuse them — and identical reads in flight share one fetch.
 * Only known availability is cached: a person the provider could not answer for is asked again.
 */
export class AvailabilityCache {
  private readonly inFlight = new Map<string, Promise<{ answers: SourceAnswer[]; requests: number; fetchedAt: string; offline: boolean }>>();
  /**
   * Entries cached at or before this instant are not fresh: the providers were out of reach then,
   * and the user, who was told the answer was offline, expects the next search to ask again.
   */
  private distrustUntil: string | undefined;

  constructor(
    private readonly store: FreeBusyCacheStore,
    private readonly options: {
      ttlMs?: number;
      now?: () => Date;
      /** Told when the database refused a cache read or write; the search goes on without the cache. */
      onStoreError?: (error: unknown) => void;
    } = {},
  ) {}

  /**
   * The cache only saves requests: a full disk or a broken database must never fail a search
   * the providers can answer (or already answered), so a store failure is reported and skipped.
   */
  private async bestEffort<T>(operation: Promise<T>, otherwise: T): Promise<T> {
    try {
      return await operation;
    } catch (error) {
      (this.options.onStoreError ?? reportStoreError)(error);
      return otherwise;
    }
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private get ttlMs(): number {
    return this.options.ttlMs ?? defaultCacheTtlMs;
  }

  /**
   * Entries cached within the time to live are fresh. One cached "in the future" is not: the
   * clock stepped back since, so its age is unknown and it could otherwise stay fresh for hours.
   */
  private freshWindow(): { after: string; until: string } {
    const now = this.now();
    const expired = new Date(now.getTime() - this.ttlMs).toISOString();
    const after = this.distrustUntil && this.distrustUntil > expired ? this.distrustUntil : expired;
    return { after, until: now.toISOString() };
  }

  /** What the store keeps: fresh entries, and older ones for an offline answer. */
  private keptWindow(): { after: string; until: string } {
    const now = this.now();
    return { after: new Date(now.getTime() - Math.max(this.ttlMs, offlineKeepMs)).toISOString(), until: now.toISOString() };
  }

  async read(source: AvailabilitySource, emails: string[], start: Date, end: Date): Promise<CachedRead> {
    const people = [...new Set(emails.map((email) => email.toLowerCase()))];
    const days = utcDays(start, end);
    const stored = await this.bestEffort(this.store.read(source.accountId, people, days), new Map<string, FreeBusyCacheEntry>());
    const window = this.freshWindow();
    const fresh = new Map([...stored].filter(([, entry]) => entry.cachedAt > window.after && entry.cachedAt <= window.until));

    const missingDays = new Set<string>();
    const missingPeople = people.filter((email) => {
      const missing = days.filter((day) => !fresh.has(cacheKey(source.accountId, email, day)));
      for (const day of missing) missingDays.add(day);
      return missing.length > 0;
    });

    let fetched: SourceAnswer[] = [];
    let requests = 0;
    let shared = false;
    let offline = false;
    if (missingPeople.length > 0) {
      const ordered = days.filter((day) => missingDays.has(day));
      const from = new Date(dayStart(ordered[0]!));
      const to = new Date(dayStart(ordered.at(-1)!) + dayMs);
      const key = `${source.accountId}|${[...missingPeople].sort().join(',')}|${from.toISOString()}|${to.toISOString()}`;
      let pending = this.inFlight.get(key);
      shared = pending !== undefined;
      if (!pending) {
        pending = this.fetchAndStore(source, missingPeople, from, to).finally(() => this.inFlight.delete(key));
        this.inFlight.set(key, pending);
      }
      let outcome: Awaited<typeof pending>;
      try {
        outcome = await pending;
      } catch (error) {
        // The read this one joined was stopped by its own search's cancel; this search still
        // wants its answer, so it asks for itself.
        if (!shared || !isProviderError(error, 'cancelled')) throw error;
        shared = false;
        outcome = await this.fetchAndStore(source, missingPeople, from, to);
      }
      fetched = outcome.answers;
      offline = outcome.offline;
      if (!shared) requests = outcome.requests;
      for (const answer of fetched) {
        if (answer.availability.status !== 'known') continue;
        for (const entry of entriesFor(source.accountId, answer, utcDays(from, to), outcome.fetchedAt)) fresh.set(entry.key, entry);
      }
    }

    const fetchedByEmail = new Map(fetched.map((answer) => [answer.email.toLowerCase(), answer]));
    const fromCache: CachedRead['fromCache'] = [];
    const answers = people.map((email): ReadyAnswer => {
      const answer = fetchedByEmail.get(email);
      if (answer && answer.availability.status === 'unknown' && offline) return this.offlineAnswer(source.accountId, email, days, stored, fromCache);
      if (answer && answer.availability.status === 'unknown') return answer;
      const entries = days.map((day) => fresh.get(cacheKey(source.accountId, email, day)));
      if (!entries.every((entry) => entry !== undefined)) {
        return { email, availability: { status: 'unknown', reason: t('meeting_providerLeftOut') } };
      }
      const fromStore = entries.filter((entry) => stored.get(entry.key) === entry);
      if (fromStore.length > 0) fromCache.push({ email, cachedAt: fromStore.map((entry) => entry.cachedAt).sort()[0]! });
      return assemble(email, entries);
    });
    return { answers, requests, fromCache, shared, offline };
  }

  /**
   * A person the provider could not be asked about because it was out of reach: what the cache
   * still holds for every day asked, however old (the age is reported), or unknown, saying why.
   */
  private offlineAnswer(accountId: string, email: string, days: string[], stored: Map<string, FreeBusyCacheEntry>, fromCache: CachedRead['fromCache']): ReadyAnswer {
    // The store drops old entries only when it writes, which it does not while offline.
    const kept = this.keptWindow();
    const entries = days.map((day) => stored.get(cacheKey(accountId, email, day))).map((entry) => (entry && entry.cachedAt > kept.after && entry.cachedAt <= kept.until ? entry : undefined));
    if (!entries.every((entry): entry is FreeBusyCacheEntry => entry !== undefined)) {
      return { email, availability: { status: 'unknown', reason: t('network_offlineNotSaved') } };
    }
    fromCache.push({ email, cachedAt: entries.map((entry) => entry.cachedAt).sort()[0]! });
    return assemble(email, entries);
  }

  private async fetchAndStore(source: AvailabilitySource, emails: string[], from: Date, to: Date) {
    const { answers, requests } = await countedRead(source, emails, from, to);
    const fetchedAt = this.now().toISOString();
    const offline = source.unreachable?.() ?? false;
    if (offline) this.distrustUntil = fetchedAt;
    const entries = answers
      .filter((answer) => answer.availability.status === 'known')
      .flatMap((answer) => entriesFor(source.accountId, answer, utcDays(from, to), fetchedAt));
    await this.bestEffort(this.store.write(entries, this.keptWindow()), undefined);
    return { answers, requests, fetchedAt, offline };
  }

  /** These people's calendars just changed (a booking): their cached availability is no longer true. */
  forgetPeople(emails: string[]): Promise<number> {
    return this.store.forgetPeople(emails);
  }

  deleteAccount(accountId: string): Promise<number> {
    return this.store.deleteAccount(accountId);
  }
}

function reportStoreError(error: unknown): void {
  console.warn('Overlap: the free/busy cache could not use the database; searching without it.', error);
}

/**
 * The day entries of one answer. Its busy list is packed here, once, as it arrives: every later
 * search reads the numbers. An answer that does not pack (a client let an odd instant through)
 * is not cached, so the engine sees it as it came and says what is wrong with it.
 */
function entriesFor(accountId: string, answer: SourceAnswer, days: string[], cachedAt: string): FreeBusyCacheEntry[] {
  if (answer.availability.status !== 'known' || days.length === 0) return [];
  const packed = packBusy(answer.availability.busy);
  if (packed === undefined) return [];
  const email = answer.email.toLowerCase();
  const perDay = busyPerWindow(packed, dayStart(days[0]!), dayMs, days.length);
  return days.map((day, index) => ({
    key: cacheKey(accountId, email, day),
    accountId,
    email,
    day,
    cachedAt,
    busy: perDay[index]!,
    ...(answer.timeZone ? { timeZone: answer.timeZone } : {}),
    ...(answer.workingHours ? { workingHours: answer.workingHours } : {}),
  }));
}

/** One person's answer from their day entries, consecutive days in order; an event spanning days appears once. */
function assemble(email: string, entries: FreeBusyCacheEntry[]): ReadyAnswer {
  const newest = [...entries].sort((a, b) => compareInstants(b.cachedAt, a.cachedAt))[0];
  return {
    email,
    ...(newest?.timeZone ? { timeZone: newest.timeZone } : {}),
    ...(newest?.workingHours ? { workingHours: newest.workingHours } : {}),
    availability: { status: 'known', busy: joinWindows(entries.map((entry) => ({ startMs: dayStart(entry.day), busy: entry.busy }))) },
  };
}
