import type * as Graph from '@microsoft/microsoft-graph-types';
import { z } from 'zod';
import { droppableHttpsLinkOrNull, requiredHttpsLink } from '../links';

/**
 * Zod schemas for the Graph answers Overlap reads. Each is pinned to the published Graph typings
 * through `conformsTo`, so a field whose type changes upstream breaks the build instead of a user's
 * calendar. Fields Overlap does not read are left out (zod drops them).
 */
const conformsTo =
  <Wire>() =>
  <Schema extends z.ZodType<Wire>>(schema: Schema): Schema =>
    schema;

export const dateTimeTimeZoneSchema = conformsTo<Graph.DateTimeTimeZone>()(
  z.object({ dateTime: z.string(), timeZone: z.string().nullish() }),
);

export const freeBusyStatusSchema = conformsTo<Graph.FreeBusyStatus>()(
  z.enum(['unknown', 'free', 'tentative', 'busy', 'oof', 'workingElsewhere']),
);

const knownProviders = ['unknown', 'skypeForBusiness', 'skypeForConsumer', 'teamsForBusiness'] as const;
export type OnlineMeetingProvider = (typeof knownProviders)[number];
const isKnownProvider = (value: string): value is OnlineMeetingProvider => (knownProviders as readonly string[]).includes(value);

/** Providers Graph may add later (e.g. a consumer Teams) are dropped rather than failing the whole answer. */
const providerListSchema = conformsTo<Graph.OnlineMeetingProviderType[]>()(
  z.array(z.string()).transform((values) => values.filter(isKnownProvider)),
);

export const dayOfWeekSchema = conformsTo<Graph.DayOfWeek>()(
  z.enum(['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']),
);

export const workingHoursSchema = conformsTo<Graph.WorkingHours>()(
  z.object({
    daysOfWeek: z.array(dayOfWeekSchema),
    startTime: z.string(),
    endTime: z.string(),
    timeZone: z.object({ name: z.string().nullish() }).nullish(),
  }),
);

/** Free/busy reads only when and how busy: a colleague's subject and privacy flag are not Overlap's to keep. */
export const scheduleItemSchema = conformsTo<Graph.ScheduleItem>()(
  z.object({
    status: freeBusyStatusSchema,
    start: dateTimeTimeZoneSchema,
    end: dateTimeTimeZoneSchema,
  }),
);

export const scheduleInformationSchema = conformsTo<Graph.ScheduleInformation>()(
  z.object({
    scheduleId: z.string(),
    scheduleItems: z.array(scheduleItemSchema).nullish(),
    workingHours: workingHoursSchema.nullish(),
    error: z.object({ message: z.string().nullish(), responseCode: z.string().nullish() }).nullish(),
  }),
);

export const getScheduleResponseSchema = z.object({ value: z.array(scheduleInformationSchema) });

export const extendedPropertySchema = conformsTo<Graph.SingleValueLegacyExtendedProperty>()(
  z.object({ id: z.string(), value: z.string().nullish() }),
);

export const eventSchema = conformsTo<Graph.Event>()(
  z.object({
    id: z.string(),
    subject: z.string().nullish(),
    start: dateTimeTimeZoneSchema,
    end: dateTimeTimeZoneSchema,
    isAllDay: z.boolean().nullish(),
    showAs: freeBusyStatusSchema.nullish(),
    isCancelled: z.boolean().nullish(),
    isOrganizer: z.boolean().nullish(),
    isOnlineMeeting: z.boolean().nullish(),
    onlineMeeting: z.object({ joinUrl: droppableHttpsLinkOrNull }).nullish(),
    transactionId: z.string().nullish(),
    webLink: droppableHttpsLinkOrNull,
    singleValueExtendedProperties: z.array(extendedPropertySchema).nullish(),
  }),
);
export type WireEvent = z.infer<typeof eventSchema>;

export const eventPageSchema = z.object({
  value: z.array(eventSchema),
  '@odata.nextLink': z.string().optional(),
});

export const calendarSchema = conformsTo<Graph.Calendar>()(
  z.object({
    id: z.string(),
    allowedOnlineMeetingProviders: providerListSchema.nullish(),
    defaultOnlineMeetingProvider: z
      .string()
      .transform((value): OnlineMeetingProvider => (isKnownProvider(value) ? value : 'unknown'))
      .nullish(),
  }),
);

export const mailboxSettingsSchema = conformsTo<Graph.MailboxSettings>()(
  z.object({ timeZone: z.string().nullish(), workingHours: workingHoursSchema.nullish() }),
);

export const onlineMeetingSchema = conformsTo<Graph.OnlineMeeting>()(
  z.object({ id: z.string(), joinWebUrl: requiredHttpsLink }),
);

export const graphErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string().optional() }),
});
