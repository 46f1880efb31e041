import type { RequestOf } from '@/lib/messaging/protocol';
import { REQUEST_BOUNDS } from '@/lib/messaging/request-bounds';
import { clampRange, rangeProblem, rangeToInstants, type DateRange, type LocalDate } from '../dates';
import type { ParticipantEntry, ParticipantFieldState } from '../participants';
import { t } from '@/lib/i18n';

/** What a search asks the background: exactly the `schedule.find` request. */
export type SearchRequest = RequestOf<'schedule.find'>;

export interface SearchInputs {
  field: ParticipantFieldState;
  /** The account that organizes; undefined when none is connected. */
  organizerAccountId: string | undefined;
  organizerEmail: string | undefined;
  durationMinutes: number;
  range: DateRange;
  timeZone: string;
  horizonDays: number;
  today: LocalDate;
}

export type SearchRequestOutcome =
  | { ok: true; request: SearchRequest }
  /** `focus` names the field the user has to fix, so the form can take them there. */
  | { ok: false; problem: string; focus?: 'participants' };

/**
 * The request a search sends for what the form holds, or the first thing the user must fix.
 * The organizer is never listed as a participant: their calendar is searched as the organizer's.
 */
export function buildSearchRequest(inputs: SearchInputs): SearchRequestOutcome {
  const { field, organizerAccountId, timeZone, range, today, horizonDays } = inputs;
  if (!organizerAccountId) return { ok: false, problem: t('find_problemNoAccount') };
  if (field.problems.length || field.text.trim()) return { ok: false, problem: t('find_problemFixEntries'), focus: 'participants' };
  const organizerEmail = inputs.organizerEmail?.toLowerCase();
  const people = field.participants.filter((person) => person.email.toLowerCase() !== organizerEmail);
  if (people.length === 0) return { ok: false, problem: t('find_problemNobody'), focus: 'participants' };
  if (people.length > REQUEST_BOUNDS.maxPeople) {
    return { ok: false, problem: t('find_problemTooMany', { max: REQUEST_BOUNDS.maxPeople, excess: people.length - REQUEST_BOUNDS.maxPeople }), focus: 'participants' };
  }
  const problem = rangeProblem(range, today, horizonDays);
  if (problem) return { ok: false, problem };
  const { start, end } = rangeToInstants(clampRange(range, today, horizonDays), timeZone);
  return {
    ok: true,
    request: {
      organizerAccountId,
      timeZone,
      participants: people.map((person) => (person.optional ? { email: person.email, optional: true } : { email: person.email })),
      durationMinutes: inputs.durationMinutes,
      start,
      end,
    },
  };
}

/** Whether two searches ask the same thing (the results of one answer the other). */
export function sameRequest(a: SearchRequest, b: SearchRequest): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** How many calendars a search reads: the organizer's and each distinct participant's. */
export function calendarsAsked(request: SearchRequest): number {
  // Account ids are "<provider>:<address>"; the organizer may also be listed by address.
  const organizerAddress = request.organizerAccountId.slice(request.organizerAccountId.indexOf(':') + 1).toLowerCase();
  return new Set([organizerAddress, ...request.participants.map((person) => person.email.toLowerCase())]).size;
}

/** The search a chosen time came from, for the host to act on. */
export interface FindContext {
  /** The people searched for (the organizer is not among them), with the names the user gave. */
  participants: ParticipantEntry[];
  organizerAccountId: string;
  /** The organizer's zone the times were shown in. */
  timeZone: string;
  durationMinutes: number;
  /** The host's title (an event's title, an email's subject), when it gave one. */
  title?: string;
}

/**
 * What a host is told about the times it was given: the search as it was sent, not the form as
 * it may have been edited since, with each person's name taken from the form where it has one.
 */
export function contextOf(request: SearchRequest, listed: readonly ParticipantEntry[], title: string | undefined): FindContext {
  const named = new Map(listed.map((person) => [person.email.toLowerCase(), person.name]));
  return {
    participants: request.participants.map((person) => {
      const name = named.get(person.email.toLowerCase());
      return { email: person.email, optional: person.optional ?? false, ...(name ? { name } : {}) };
    }),
    organizerAccountId: request.organizerAccountId,
    timeZone: request.timeZone,
    durationMinutes: request.durationMinutes,
    ...(title?.trim() ? { title } : {}),
  };
}
