import type { calendar_v3 } from '@googleapis/calendar';
import { z } from 'zod';
import { droppableHttpsLink, isHttpsLink, requiredHttpsLink } from '../links';

/**
 * Zod schemas for every Google answer Overlap reads. Each is checked against the generated
 * `calendar_v3` types with `satisfies`, so a field that drifts from Google's discovery document
 * is a compile error. Only consumed fields are declared; the rest pass through untouched.
 */

const instant = z.iso.datetime({ offset: true });
const date = z.iso.date();

export const timePeriodSchema = z.object({ start: instant, end: instant }) satisfies z.ZodType<calendar_v3.Schema$TimePeriod>;

export const freeBusyErrorSchema = z.object({ domain: z.string(), reason: z.string() }) satisfies z.ZodType<calendar_v3.Schema$Error>;

export const freeBusyCalendarSchema = z.object({
  busy: z.array(timePeriodSchema).optional(),
  errors: z.array(freeBusyErrorSchema).optional(),
}) satisfies z.ZodType<calendar_v3.Schema$FreeBusyCalendar>;

/** A group (mailing list) asked about: its members' ids, each answered under `calendars`. */
export const freeBusyGroupSchema = z.object({
  calendars: z.array(z.string()).optional(),
  errors: z.array(freeBusyErrorSchema).optional(),
}) satisfies z.ZodType<calendar_v3.Schema$FreeBusyGroup>;

export const freeBusyResponseSchema = z.object({
  kind: z.literal('calendar#freeBusy').optional(),
  timeMin: instant,
  timeMax: instant,
  groups: z.record(z.string(), freeBusyGroupSchema).optional(),
  calendars: z.record(z.string(), freeBusyCalendarSchema),
}) satisfies z.ZodType<calendar_v3.Schema$FreeBusyResponse>;

export const eventDateTimeSchema = z
  .object({ dateTime: instant.optional(), date: date.optional(), timeZone: z.string().optional() })
  .refine((value) => value.dateTime !== undefined || value.date !== undefined, { message: 'needs dateTime or date' }) satisfies z.ZodType<calendar_v3.Schema$EventDateTime>;

export const conferenceDataSchema = z.object({
  conferenceId: z.string().optional(),
  createRequest: z
    .object({
      requestId: z.string().optional(),
      status: z.object({ statusCode: z.enum(['pending', 'success', 'failure']) }).optional(),
    })
    .optional(),
  /**
   * Entry points whose URI is not https are dropped: the video link is the one Overlap shows, and
   * phone (`tel:`) and SIP entry points are not read.
   */
  entryPoints: z
    .array(z.object({ entryPointType: z.string(), uri: z.string() }))
    .transform((entries) => entries.filter((entry) => isHttpsLink(entry.uri)))
    .optional(),
}) satisfies z.ZodType<calendar_v3.Schema$ConferenceData>;

export const eventSchema = z.object({
  id: z.string().min(1),
  etag: z.string().min(1),
  status: z.enum(['confirmed', 'tentative', 'cancelled']).optional(),
  summary: z.string().optional(),
  htmlLink: droppableHttpsLink,
  start: eventDateTimeSchema,
  end: eventDateTimeSchema,
  organizer: z.object({ email: z.string().optional(), self: z.boolean().optional() }).optional(),
  attendees: z.array(z.object({ email: z.string(), optional: z.boolean().optional(), responseStatus: z.string().optional() })).optional(),
  extendedProperties: z
    .object({ private: z.record(z.string(), z.string()).optional(), shared: z.record(z.string(), z.string()).optional() })
    .optional(),
  conferenceData: conferenceDataSchema.optional(),
}) satisfies z.ZodType<calendar_v3.Schema$Event>;

export type GoogleEvent = z.infer<typeof eventSchema>;

export const settingSchema = z.object({ id: z.string(), value: z.string() }) satisfies z.ZodType<calendar_v3.Schema$Setting>;

/** Meet REST v2 `Space` (no generated types ship on npm). */
export const meetSpaceSchema = z.object({
  name: z.string().regex(/^spaces\//),
  meetingUri: requiredHttpsLink,
  meetingCode: z.string().min(1),
});

/** Both Google error envelopes: Calendar's `errors[]` and the newer `details[]` ErrorInfo. */
export const googleErrorBodySchema = z.object({
  error: z.object({
    code: z.number().optional(),
    message: z.string().optional(),
    status: z.string().optional(),
    errors: z.array(z.object({ reason: z.string().optional(), domain: z.string().optional(), message: z.string().optional() })).optional(),
    details: z.array(z.object({ reason: z.string().optional() }).loose()).optional(),
  }),
});
