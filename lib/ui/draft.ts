import { regexes } from 'zod/v4/core';

/**
 * What the user typed into the popup, kept for the browser session so closing the popup (it
 * closes whenever focus leaves it) or a failed booking never costs them their input.
 */
export interface Draft {
  version: 1;
  participants: { email: string; name?: string; optional: boolean }[];
  /** Text still in the participant field, including entries that were not addresses. */
  pendingText: string;
  durationMinutes?: number;
  range?: { from: string; to: string };
  timeZone?: string;
  organizerAccountId?: string;
  booking?: {
    title: string;
    description: string;
    conference?: 'meet' | 'teams' | 'none';
    sendInvitations: boolean;
    /** The slot being confirmed and the key its create request carries, so a retry after reopening reuses it. */
    slot?: { start: string; end: string };
    operationKey?: string;
  };
}

export const DRAFT_STORAGE_KEY = 'overlap.popup.draft';

// Checked by hand, not with a zod schema: zod would be about 100 kB of the popup's code, loaded on
// every open for this one small shape the popup itself wrote.

type Fields = Record<string, unknown>;

/** The value, when it is no draft this version can read: reading stops at the first such field. */
class Unreadable extends Error {}

function fieldsOf(value: unknown): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Unreadable();
  return value as Fields;
}

function text(value: unknown, maxLength = Number.POSITIVE_INFINITY): string {
  if (typeof value !== 'string' || value.length > maxLength) throw new Unreadable();
  return value;
}

function flag(value: unknown): boolean {
  if (typeof value !== 'boolean') throw new Unreadable();
  return value;
}

/** An optional field: left out of the result when absent, and read with `read` when present. */
function optional<K extends string, T>(fields: Fields, key: K, read: (value: unknown) => T): Partial<Record<K, T>> {
  return fields[key] === undefined ? {} : ({ [key]: read(fields[key]) } as Record<K, T>);
}

function draftFrom(raw: unknown): Draft {
  const fields = fieldsOf(raw);
  if (fields.version !== 1 || !Array.isArray(fields.participants) || fields.participants.length > 200) throw new Unreadable();
  return {
    version: 1,
    participants: fields.participants.map((entry) => {
      const person = fieldsOf(entry);
      return { email: text(person.email, 320), ...optional(person, 'name', (name) => text(name, 300)), optional: flag(person.optional) };
    }),
    pendingText: text(fields.pendingText, 10_000),
    ...optional(fields, 'durationMinutes', (minutes) => {
      if (!Number.isSafeInteger(minutes) || (minutes as number) < 5 || (minutes as number) > 1440) throw new Unreadable();
      return minutes as number;
    }),
    ...optional(fields, 'range', (value) => {
      const range = fieldsOf(value);
      return { from: text(range.from, 10), to: text(range.to, 10) };
    }),
    ...optional(fields, 'timeZone', (zone) => text(zone, 64)),
    ...optional(fields, 'organizerAccountId', (id) => text(id, 330)),
    ...optional(fields, 'booking', (value) => {
      const booking = fieldsOf(value);
      return {
        title: text(booking.title, 300),
        description: text(booking.description, 8000),
        ...optional(booking, 'conference', (conference) => {
          if (conference !== 'meet' && conference !== 'teams' && conference !== 'none') throw new Unreadable();
          return conference;
        }),
        sendInvitations: flag(booking.sendInvitations),
        ...optional(booking, 'slot', (value) => {
          const slot = fieldsOf(value);
          return { start: text(slot.start), end: text(slot.end) };
        }),
        // zod's own UUID pattern, the one the background checks the create request's key with.
        ...optional(booking, 'operationKey', (key) => {
          if (!regexes.uuid().test(text(key))) throw new Unreadable();
          return key as string;
        }),
      };
    }),
  };
}

/**
 * A stored draft, or undefined when there is none or it is not one this version can read. The
 * result holds only the fields a draft has, copied: anything else stored beside them is dropped,
 * so it cannot travel on into a request the background would refuse for an unknown field.
 */
export function readDraft(raw: unknown): Draft | undefined {
  try {
    return draftFrom(raw);
  } catch (error) {
    if (error instanceof Unreadable) return undefined;
    throw error;
  }
}

/** Whether a draft holds anything worth restoring. */
export function isEmptyDraft(draft: Draft): boolean {
  return draft.participants.length === 0 && draft.pendingText.trim() === '' && !draft.booking?.title && !draft.booking?.description;
}
