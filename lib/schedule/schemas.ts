import { z } from 'zod';
import { allocatePacked, BUSY_STATUSES, everyRowValid, invalidPackedField, isPackedShape, packFast, type PackedBusy } from './packed-busy';
import { isKnownTimeZone, parseIsoInstantMs } from './time';

export { BUSY_STATUSES, type PackedBusy } from './packed-busy';

// Validation uses zod's plain `check` rather than `refine`: on 50 000 busy intervals the refine
// wrappers alone cost more than the whole search.

/** An ISO-8601 instant with an offset or Z, e.g. "2026-03-08T14:00:00Z". */
export const IsoInstant = z.string().check((ctx) => {
  if (parseIsoInstantMs(ctx.value) === undefined) {
    ctx.issues.push({
      code: 'custom',
      input: ctx.value,
      message: `${JSON.stringify(ctx.value)} is not an ISO-8601 instant with an offset or Z (e.g. "2026-03-08T14:00:00Z")`,
    });
  }
});

/** An IANA zone name the runtime knows, e.g. "Asia/Kolkata"; "Mars/Olympus" is rejected. */
export const IanaZone = z.string().refine(isKnownTimeZone, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a known IANA time zone (e.g. "Europe/London")`,
});

const CLOCK_TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const ClockStart = z.string().regex(CLOCK_TIME, { error: 'must be a local time "HH:mm" from 00:00 to 23:59' });
const ClockEnd = z
  .string()
  .refine((text) => CLOCK_TIME.test(text) || text === '24:00', {
    error: 'must be a local time "HH:mm" from 00:00 to 24:00',
  });

export const BusyStatusSchema = z.enum(BUSY_STATUSES);

/**
 * One provider-reported busy interval. The single source of truth for what an entry may be:
 * BusyListSchema accepts entries by a faster route but asks this schema about any entry that
 * route does not accept, so the two can never disagree about validity or error messages.
 */
export const BusyIntervalSchema = z
  .object({
    start: IsoInstant,
    end: IsoInstant,
    status: BusyStatusSchema.default('busy'),
    allDay: z.boolean().optional(),
  })
  .check((ctx) => {
    const start = parseIsoInstantMs(ctx.value.start);
    const end = parseIsoInstantMs(ctx.value.end);
    if (start !== undefined && end !== undefined && end < start) {
      ctx.issues.push({ code: 'custom', input: ctx.value.end, path: ['end'], message: 'end must not be before start' });
    }
  });

/**
 * The busy intervals of one calendar, validated in one tight loop and packed into columns
 * (PackedBusy: each instant parsed exactly once, no object per interval — a 100-person, 90-day
 * request has ~50 000). Callers may also hand columns already packed (the background's cache
 * keeps them so), which are checked row by row and used as they are.
 *
 * Running BusyIntervalSchema per entry costs ~2 µs each (a zod object, two string checks and a
 * refinement, plus a copied object), which on large requests was most of the engine's time. The
 * loop below accepts exactly the common well-formed entry; any other entry is handed to
 * BusyIntervalSchema, whose issues are reported under the entry's index — e.g.
 * `participants.2.availability.busy.17.start` — so errors read exactly as zod's own.
 */
export const BusyListSchema = z
  .custom<BusyInterval[] | PackedBusy>((value) => Array.isArray(value) || isPackedShape(value), {
    error: (issue) => `must be a list of busy intervals or packed busy columns, not ${issue.input === null ? 'null' : typeof issue.input}`,
  })
  .transform((list, ctx): PackedBusy => {
    if (!Array.isArray(list)) return checkedPacked(list, ctx);
    const count = list.length;
    const packed = allocatePacked(count);
    let valid = true;
    for (let index = 0; index < count; index++) {
      const entry: unknown = list[index];
      if (packFast(entry, index, packed)) continue;
      const checked = BusyIntervalSchema.safeParse(entry);
      if (checked.success) {
        // Unreachable while the fast route accepts exactly what BusyIntervalSchema accepts (a
        // property test holds them together); should the schema ever grow more lenient, its
        // normalised output is packed rather than a valid entry refused.
        packFast(checked.data, index, packed);
        continue;
      }
      valid = false;
      for (const issue of checked.error.issues) {
        ctx.issues.push({ code: 'custom', input: issue.input, path: [index, ...issue.path], message: issue.message });
      }
    }
    return valid ? packed : z.NEVER;
  });

const PACKED_FIELD_PROBLEMS = {
  start: 'must be a finite instant in epoch milliseconds',
  end: 'must be a finite instant in epoch milliseconds, not before start',
  status: `must index one of ${BUSY_STATUSES.join(', ')}`,
  allDay: 'must be 0 or 1',
} as const;

/**
 * Packed columns are used as they are (the engine never writes to them) once every row is valid;
 * rows are looked at one by one, to name each problem, only in a list that is not.
 */
function checkedPacked(packed: PackedBusy, ctx: z.core.ParsePayload<BusyInterval[] | PackedBusy>): PackedBusy {
  if (everyRowValid(packed)) return packed;
  let valid = true;
  for (let index = 0; index < packed.count; index++) {
    const field = invalidPackedField(packed, index);
    if (field === undefined) continue;
    valid = false;
    ctx.issues.push({ code: 'custom', input: packed, path: [index, field], message: PACKED_FIELD_PROBLEMS[field] });
  }
  return valid ? packed : z.NEVER;
}

/** A local time range; end <= start means it runs past midnight into the next day. */
export const LocalTimeRangeSchema = z.object({ start: ClockStart, end: ClockEnd });

const DayRanges = z.array(LocalTimeRangeSchema).optional();

/** Local working time per weekday in the participant's zone; a missing day is not worked. */
export const WorkingHoursSchema = z.strictObject({
  mon: DayRanges,
  tue: DayRanges,
  wed: DayRanges,
  thu: DayRanges,
  fri: DayRanges,
  sat: DayRanges,
  sun: DayRanges,
});

export const AvailabilitySchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('known'), busy: BusyListSchema }),
  z.object({ status: z.literal('unknown'), reason: z.string() }),
]);

export const ParticipantSchema = z.object({
  email: z.email(),
  name: z.string().optional(),
  kind: z.enum(['person', 'room']).default('person'),
  /** Ignored for members of a quorum group: the group's quorum decides for them. */
  attendance: z.enum(['required', 'optional']).default('required'),
  /** Defaults to the organizer's zone. */
  timeZone: IanaZone.optional(),
  /** Defaults to the request's defaultWorkingHours for people; rooms without hours are always open. */
  workingHours: WorkingHoursSchema.optional(),
  availability: AvailabilitySchema,
});

export const QuorumGroupSchema = z.object({
  id: z.string().min(1),
  label: z.string().optional(),
  members: z.array(z.email()).min(1),
  /** How many members must be free: everyone, or at least N. */
  required: z.union([z.literal('all'), z.int().min(1)]),
});

export const SearchWindowSchema = z
  .object({ start: IsoInstant, end: IsoInstant })
  .refine((window) => (parseIsoInstantMs(window.end) ?? 0) > (parseIsoInstantMs(window.start) ?? 0), {
    error: 'end must be after start',
    path: ['end'],
  });

const NINE_TO_FIVE = [{ start: '09:00', end: '17:00' }];
export const DEFAULT_WORKING_HOURS = {
  mon: NINE_TO_FIVE,
  tue: NINE_TO_FIVE,
  wed: NINE_TO_FIVE,
  thu: NINE_TO_FIVE,
  fri: NINE_TO_FIVE,
};

const MinutesSchema = (max: number) => z.int().min(0).max(max);

export const MeetingRequestSchema = z
  .object({
    organizer: z.object({ email: z.email(), timeZone: IanaZone }),
    participants: z.array(ParticipantSchema).min(1),
    groups: z.array(QuorumGroupSchema).default([]),
    durationMinutes: z.int().min(1).max(1440),
    searchWindows: z.array(SearchWindowSchema).min(1),
    /** The current instant, injected: the engine never reads the clock. */
    now: IsoInstant,
    /** Start times snap to multiples of this many minutes past local midnight in the organizer's zone. */
    granularityMinutes: z
      .int()
      .min(1)
      .max(1440)
      .refine((minutes) => 1440 % minutes === 0, { error: 'must divide a day evenly (5, 10, 15, 30, 60, …)' })
      .default(15),
    /** Free time each attendee needs before the meeting (their busy time is widened by it). */
    bufferBeforeMinutes: MinutesSchema(720).default(0),
    bufferAfterMinutes: MinutesSchema(720).default(0),
    /** No slot starts earlier than now plus this. */
    minimumNoticeMinutes: MinutesSchema(366 * 1440).default(0),
    /** No slot ends later than now plus this many days. */
    horizonDays: z.int().min(1).max(366).default(90),
    /** Skip days on which a person already has this many meetings (counted on their local date). */
    maxMeetingsPerDay: z.int().min(1).optional(),
    tentativePolicy: z.enum(['busy', 'free']).default('busy'),
    /** 'free' ignores all-day events unless they are out-of-office. */
    allDayPolicy: z.enum(['busy', 'free']).default('busy'),
    /** 'allow-outside' keeps slots outside required people's hours, ranked lower and explained. */
    workingHoursPolicy: z.enum(['inside-only', 'allow-outside']).default('inside-only'),
    defaultWorkingHours: WorkingHoursSchema.default(DEFAULT_WORKING_HOURS),
    maxResults: z.int().min(1).max(500).default(10),
  })
  .superRefine((request, ctx) => {
    const seen = new Map<string, number>();
    request.participants.forEach((participant, index) => {
      const key = participant.email.toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['participants', index, 'email'],
          message: `${participant.email} is listed twice (also participants.${first})`,
        });
      } else seen.set(key, index);
    });
    const groupIds = new Set<string>();
    request.groups.forEach((group, groupIndex) => {
      if (groupIds.has(group.id)) {
        ctx.addIssue({ code: 'custom', path: ['groups', groupIndex, 'id'], message: `group id "${group.id}" is used twice` });
      }
      groupIds.add(group.id);
      const members = new Set<string>();
      group.members.forEach((member, memberIndex) => {
        const key = member.toLowerCase();
        if (!seen.has(key)) {
          ctx.addIssue({
            code: 'custom',
            path: ['groups', groupIndex, 'members', memberIndex],
            message: `${member} is not one of the participants`,
          });
        }
        if (members.has(key)) {
          ctx.addIssue({
            code: 'custom',
            path: ['groups', groupIndex, 'members', memberIndex],
            message: `${member} is listed twice in this group`,
          });
        }
        members.add(key);
      });
      if (group.required !== 'all' && group.required > members.size) {
        ctx.addIssue({
          code: 'custom',
          path: ['groups', groupIndex, 'required'],
          message: `asks for ${group.required} members but the group has only ${members.size}`,
        });
      }
    });
  });

export type BusyStatus = z.infer<typeof BusyStatusSchema>;
/** One busy interval as callers send it (status defaults to busy). */
export type BusyInterval = z.input<typeof BusyIntervalSchema>;
export type LocalTimeRange = z.infer<typeof LocalTimeRangeSchema>;
export type WorkingHours = z.infer<typeof WorkingHoursSchema>;
export type Availability = z.input<typeof AvailabilitySchema>;
export type Participant = z.input<typeof ParticipantSchema>;
export type QuorumGroup = z.infer<typeof QuorumGroupSchema>;
export type SearchWindow = z.infer<typeof SearchWindowSchema>;
/** What callers send (defaults may be left out). */
export type MeetingRequest = z.input<typeof MeetingRequestSchema>;
/** A request after validation, with every default filled in and each busy list packed (PackedBusy). */
export type ValidMeetingRequest = z.output<typeof MeetingRequestSchema>;

export type AttendeeRole = 'required' | 'optional' | 'quorum-member';
export type SlotStatus = 'free' | 'busy' | 'tentative' | 'unknown';

export interface ParticipantInSlot {
  email: string;
  name?: string;
  kind: 'person' | 'room';
  role: AttendeeRole;
  groupIds: string[];
  status: SlotStatus;
  /** Why a busy participant counts as busy. */
  busyBecause?: 'calendar' | 'daily-meeting-limit';
  timeZone: string;
  /**
   * Set when `timeZone` is the participant's own (their calendar reported it with their working
   * hours); absent when it is the organizer's, assumed. Gmail's inserted times show only known zones.
   */
  timeZoneFromCalendar?: true;
  /** Local wall-clock start and end, e.g. "2026-03-08T09:00". */
  localStart: string;
  localEnd: string;
  utcOffsetStart: string;
  utcOffsetEnd: string;
  /** Minutes of the slot outside this participant's working hours (0 when inside). */
  minutesOutsideWorkingHours: number;
  /** The participant's clocks change on the local day the slot starts. */
  dstChangeThatDay: boolean;
  /** The clocks change during the slot itself. */
  crossesDstChange: boolean;
  /** The slot starts on a different local date for this participant than for the organizer. */
  localDateDiffersFromOrganizer: boolean;
}

export interface Slot {
  start: string;
  end: string;
  /** 0–100: weighted mean over attendees of free 100 / tentative 50 / unknown 49 / busy 0. */
  confidence: number;
  free: string[];
  busy: string[];
  tentative: string[];
  unknown: string[];
  outsideWorkingHours: Array<{ email: string; minutes: number }>;
  participants: ParticipantInSlot[];
  reasons: string[];
}

export type NearMissKind =
  | 'required-attendee-busy'
  | 'quorum-short-by-one'
  | 'outside-working-hours'
  | 'optional-attendee-dropped';

export interface NearMiss {
  start: string;
  end: string;
  kind: NearMissKind;
  /** Who stands in the way (emails). */
  participants: string[];
  reason: string;
}

export interface ValidationIssue {
  /** Dotted path into the request, e.g. "participants.2.timeZone". */
  path: string;
  message: string;
}

export type FindResult =
  | {
      ok: true;
      slots: Slot[];
      explanation?: string[];
      nearMisses: NearMiss[];
      /** Start times that passed every hard constraint (slots holds the best maxResults of them). */
      matchingStarts: number;
      /** Start times on the grid inside the windows, notice and horizon. */
      candidateStarts: number;
    }
  | { ok: false; error: { kind: 'invalid-request'; message: string; issues: ValidationIssue[] } };
