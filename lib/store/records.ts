import { z } from 'zod';
import { isValidPacked, type PackedBusy } from '@/lib/schedule/packed-busy';
import { eachPage, type PagedStore } from './cursor';
import type { AccountRecord, ContactRecord, FreeBusyCacheEntry, LedgerEntry, PartnerMeetingRecord } from './db';

/**
 * What each store's rows must look like to be used. A row is checked on every read, because what
 * is on disk may have been damaged, or written by another version: a row that fails is counted as
 * damaged and left where it is (a later version or a bug report may still read it), never used by
 * shape and never a reason for a whole list to fail. Loose objects, so a field a newer version
 * added survives a read and a write back.
 */

const Provider = z.enum(['google', 'microsoft']);
const Instant = z.string().min(1);
const Email = z.string().min(3);

const AccountRecordSchema = z.looseObject({
  id: z.string().min(1),
  provider: Provider,
  email: Email,
  displayName: z.string().optional(),
  grantedScopes: z.array(z.string()),
  enabledFeatures: z.array(z.string()),
  connectedAt: Instant,
  updatedAt: Instant,
});

const LedgerEntrySchema = z.looseObject({
  id: z.number().optional(),
  at: Instant,
  accountId: z.string(),
  provider: Provider,
  operation: z.string(),
  scope: z.string(),
  feature: z.string(),
  outcome: z.enum(['ok', 'error']),
  detail: z.string().optional(),
  durationMs: z.number().optional(),
});

/** Packed busy columns whose every row is a valid interval: a damaged one would fail the whole search. */
const Busy = z.custom<PackedBusy>(isValidPacked);

const FreeBusyCacheEntrySchema = z.looseObject({
  key: z.string(),
  accountId: z.string(),
  email: z.string(),
  day: z.string(),
  cachedAt: Instant,
  busy: Busy,
  timeZone: z.string().optional(),
  workingHours: z.record(z.string(), z.unknown()).optional(),
});

const ContactRecordSchema = z.looseObject({
  accountId: z.string(),
  email: Email,
  name: z.string().optional(),
  meetings: z.number(),
  lastMetAt: Instant,
});

const PartnerMeetingRecordSchema = z.looseObject({
  id: z.string().min(1),
  accountId: z.string(),
  provider: Provider,
  providerEventId: z.string().optional(),
  title: z.string(),
  start: Instant,
  end: Instant,
  timeZone: z.string(),
  attendees: z.array(z.looseObject({ email: Email, name: z.string().optional(), optional: z.boolean().optional() })),
  conference: z.enum(['meet', 'teams', 'none']),
  joinUrl: z.string().optional(),
  eventUrl: z.string().optional(),
  status: z.enum(['pending', 'booked', 'link-pending', 'cancelled']),
  note: z.string().optional(),
  createdAt: Instant,
  updatedAt: Instant,
  intent: z.string(),
  description: z.string().optional(),
  sendInvitations: z.boolean(),
  linkAccountId: z.string().optional(),
  sentAt: z.string().optional(),
});

/** The good rows of a read, and how many it left out because they could not be used. */
export interface Checked<T> {
  records: T[];
  damaged: number;
}

/** A checker for one store's rows; the casts are where a checked shape becomes the store's type. */
export interface RowCheck<T> {
  is(value: unknown): value is T;
  /** The row when it can be used; undefined when it is missing or damaged, which callers treat alike. */
  one(value: unknown): T | undefined;
  all(values: readonly unknown[]): Checked<T>;
  /**
   * How many of a store's records fail the check (of those `among` admits), a page at a time: a
   * count of the damaged rows that never holds more than a page of the good ones, for the popup's
   * health check.
   */
  countDamaged(store: PagedStore, among?: (value: unknown) => boolean): Promise<number>;
}

function rowCheck<T>(schema: z.ZodType): RowCheck<T> {
  const is = (value: unknown): value is T => schema.safeParse(value).success;
  return {
    is,
    one: (value) => (is(value) ? value : undefined),
    all(values) {
      const records = values.filter(is);
      return { records, damaged: values.length - records.length };
    },
    async countDamaged(store, among = () => true) {
      let damaged = 0;
      await eachPage(store, (rows) => {
        for (const row of rows) if (among(row) && !is(row)) damaged += 1;
      });
      return damaged;
    },
  };
}

export const accountRows = rowCheck<AccountRecord>(AccountRecordSchema);
export const ledgerRows = rowCheck<LedgerEntry>(LedgerEntrySchema);
export const cacheRows = rowCheck<FreeBusyCacheEntry>(FreeBusyCacheEntrySchema);
export const contactRows = rowCheck<ContactRecord>(ContactRecordSchema);
export const meetingRows = rowCheck<PartnerMeetingRecord>(PartnerMeetingRecordSchema);
