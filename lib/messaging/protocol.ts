import { z } from 'zod';
import { IanaZone } from '@/lib/schedule/schemas';
import { REQUEST_BOUNDS } from './request-bounds';
import type { AccountView, FeatureChange } from '@/lib/auth/access';
import type { RevokeOutcome } from '@/lib/auth/types';
import type { LedgerEntry } from '@/lib/store/db';
import type { FindTimesOutcome } from '@/lib/meetings/find-times';
import type { BookingOptions, Contact, PartnerMeeting, PreferencesAnswer } from '@/lib/meetings/types';
import type { SiteHealth } from '@/lib/sites/health';
import type { StorageHealth } from '@/lib/store/health';

/**
 * Who may send a message. Extension pages (today the popup and the permissions page) run on our
 * own origin; content scripts run inside pages we do not control (today only the sandbox
 * build's probe), so no message here accepts them. The offscreen document does not use these
 * messages: it talks to the background over its own port (`lib/auth/offscreen-protocol.ts`).
 */
export type SenderKind = 'extension-page' | 'content-script';

interface MessageDefinition<Request extends z.ZodType, Response> {
  request: Request;
  /** Which senders may call this handler; privileged ones list only 'extension-page'. */
  allowedSenders: readonly SenderKind[];
  /** Phantom field carrying the response type; never read at run time. */
  response?: Response;
}

function defineMessage<Request extends z.ZodType, Response>(
  definition: Omit<MessageDefinition<Request, Response>, 'response'>,
): MessageDefinition<Request, Response> {
  return definition;
}

export interface AppStatus {
  version: string;
  flavor: 'sandbox' | 'production';
}

const ProviderSchema = z.enum(['google', 'microsoft']);
const FeatureIdSchema = z.enum(['identify-account', 'find-times', 'read-time-zone', 'book-meetings', 'meet-link-for-outlook', 'teams-link-for-google']);
// An address is at most 254 characters, so an id is at most "microsoft:" and 254 more.
const AccountIdSchema = z
  .string()
  .max(264, 'an account id is at most 264 characters')
  .regex(/^(google|microsoft):[^\s:]+@[^\s:]+$/, 'an account id such as "google:ada@example.com"');
const IsoInstantSchema = z.iso.datetime({ offset: true });

// Length first: the zone check quotes its input, and a 100,000-character "zone" should not come back in the reply.
const TimeZoneSchema = z.string().max(64, 'a time zone name is at most 64 characters').pipe(IanaZone);
const PeopleSchema = <T extends z.ZodType>(person: T) =>
  z.array(person).max(REQUEST_BOUNDS.maxPeople, `at most ${REQUEST_BOUNDS.maxPeople} people can be asked at once`);
const DurationMinutesSchema = z
  .int()
  .min(REQUEST_BOUNDS.minMeetingMinutes, `a meeting lasts at least ${REQUEST_BOUNDS.minMeetingMinutes} minutes`)
  .max(REQUEST_BOUNDS.maxMeetingMinutes, `a meeting lasts at most ${REQUEST_BOUNDS.maxMeetingMinutes / 60} hours`);

/** Refinement for `{ start, end }`: the end after the start, and no further than `maxMinutes`. */
function spanWithin(maxMinutes: number, what: string, minMinutes = 0) {
  return (request: { start: string; end: string }, ctx: z.core.$RefinementCtx) => {
    const minutes = (Date.parse(request.end) - Date.parse(request.start)) / 60_000;
    if (!(minutes > 0)) ctx.addIssue({ code: 'custom', path: ['end'], message: 'end must be after start' });
    else if (minutes < minMinutes) ctx.addIssue({ code: 'custom', path: ['end'], message: `${what} at least ${minMinutes} minutes` });
    else if (minutes > maxMinutes) ctx.addIssue({ code: 'custom', path: ['end'], message: `${what} at most ${maxMinutes >= 2880 ? `${maxMinutes / 1440} days` : `${maxMinutes / 60} hours`}` });
  };
}
const meetingSpan = spanWithin(REQUEST_BOUNDS.maxMeetingMinutes, 'a meeting lasts', REQUEST_BOUNDS.minMeetingMinutes);
const searchSpan = spanWithin(REQUEST_BOUNDS.maxSearchDays * 1440, 'a search spans');

/**
 * Every request object is `.strict()`: an extra field is refused with its name, not stripped. A
 * page sending a field the background ignores is a bug (a misspelt `keepMeetings` would silently
 * delete meetings) or a probe, and either should be told rather than half-obeyed.
 */
const empty = z.object({}).strict();

const AttendeeSchema = z.object({ email: z.email(), name: z.string().trim().max(200).optional(), optional: z.boolean().optional() }).strict();

/**
 * One booking. `operationKey` is made by the page once per booking attempt (a UUID), so a double
 * click or a retry carries the same key and can never book twice.
 */
const CreateMeetingSchema = z
  .object({
    operationKey: z.uuid(),
    accountId: AccountIdSchema,
    title: z.string().trim().min(1).max(300),
    description: z.string().max(8000).optional(),
    start: IsoInstantSchema,
    end: IsoInstantSchema,
    timeZone: TimeZoneSchema,
    attendees: PeopleSchema(AttendeeSchema),
    conference: z.enum(['meet', 'teams', 'none']),
    sendInvitations: z.boolean(),
  })
  .strict()
  .superRefine(meetingSpan);

const RescheduleSchema = z
  .object({ meetingId: z.string().min(8).max(200), start: IsoInstantSchema, end: IsoInstantSchema })
  .strict()
  .superRefine(meetingSpan);

/** One of Overlap's meetings, by its operation key. */
const MeetingIdSchema = z.object({ meetingId: z.string().min(8).max(200) }).strict();

/** What a page asks for; the engine's own schema validates the full request it builds from it. */
const FindTimesRequestSchema = z
  .object({
    organizerAccountId: AccountIdSchema,
    timeZone: TimeZoneSchema,
    participants: PeopleSchema(AttendeeSchema).min(1, 'add at least one person to meet'),
    durationMinutes: DurationMinutesSchema,
    start: IsoInstantSchema,
    end: IsoInstantSchema,
    /** Made by the page for this search, so `schedule.cancel` can stop it. */
    searchId: z.uuid().optional(),
  })
  .strict()
  .superRefine(searchSpan);

/** Stops the search of this id: its requests are aborted and it answers "cancelled". */
const CancelSearchSchema = z.object({ searchId: z.uuid() }).strict();

const LedgerQuerySchema = z
  .object({
    accountId: AccountIdSchema.optional(),
    feature: FeatureIdSchema.optional(),
    since: IsoInstantSchema.optional(),
    until: IsoInstantSchema.optional(),
    limit: z.number().int().min(1).max(5000).optional(),
  })
  .strict();

// --- The inline panel (issue 9) ---

const SiteIdSchema = z.enum(['gcal', 'outlook', 'gmail']);

/** What a content script may say about its adapter: which anchors it missed, nothing of anyone's data. */
const SiteHealthReportSchema = z.discriminatedUnion('state', [
  z.object({ site: SiteIdSchema, state: z.literal('ok') }).strict(),
  z.object({ site: SiteIdSchema, state: z.literal('unavailable'), missing: z.array(z.string().min(1).max(40)).max(20) }).strict(),
]);

/**
 * A Teams link for an event the host site saves itself (the inline panel on Google Calendar).
 * `operationKey` is made once per panel and reused by every retry: Teams' createOrGet returns
 * the same meeting for it, so a retry never makes a second one.
 */
const InlineTeamsLinkSchema = z
  .object({ operationKey: z.uuid(), accountId: AccountIdSchema, title: z.string().trim().min(1).max(300), start: IsoInstantSchema, end: IsoInstantSchema })
  .strict()
  .refine((request) => Date.parse(request.end) > Date.parse(request.start), { message: 'end must be after start', path: ['end'] });

/** A Meet room for an Outlook form: one per panel `operationKey`, stored, so a retry reuses it. */
const InlineMeetLinkSchema = z.object({ operationKey: z.uuid(), accountId: AccountIdSchema }).strict();

const inlinePanelMessages = {
  /** The only message a content script may send: it asks for nothing and reveals nothing. The background stores it. */
  'sites.health.report': defineMessage<typeof SiteHealthReportSchema, { recorded: true }>({ request: SiteHealthReportSchema, allowedSenders: ['content-script'] }),
  /** Damaged rows left out and booked meetings not saved on this device, for the popup's notice. */
  'storage.health': defineMessage<typeof empty, StorageHealth>({ request: empty, allowedSenders: ['extension-page'] }),
  'sites.health.get': defineMessage<typeof empty, Partial<Record<z.infer<typeof SiteIdSchema>, SiteHealth>>>({ request: empty, allowedSenders: ['extension-page'] }),
  /** Extension pages only (the panel iframe is one: its sender URL is our origin, though it sits in a host tab). */
  'inline.teamsLink': defineMessage<typeof InlineTeamsLinkSchema, { joinUrl: string; madeBy: string }>({ request: InlineTeamsLinkSchema, allowedSenders: ['extension-page'] }),
  'inline.meetLink': defineMessage<typeof InlineMeetLinkSchema, { joinUrl: string; madeBy: string }>({ request: InlineMeetLinkSchema, allowedSenders: ['extension-page'] }),
};

/** Every message the background understands: one zod schema each, validated on arrival. */
export const protocol = {
  'app.status': defineMessage<typeof empty, AppStatus>({ request: empty, allowedSenders: ['extension-page'] }),
  'permissions.overview': defineMessage<typeof empty, { accounts: AccountView[] }>({ request: empty, allowedSenders: ['extension-page'] }),
  'accounts.connect': defineMessage<z.ZodObject<{ provider: typeof ProviderSchema }, z.core.$strict>, { account: AccountView; missing: string[] }>({
    request: z.object({ provider: ProviderSchema }).strict(),
    allowedSenders: ['extension-page'],
  }),
  /** Forgets the account with its ledger, cached availability and contacts; its partner meetings too unless `keepMeetings`. */
  'accounts.disconnect': defineMessage<z.ZodObject<{ accountId: typeof AccountIdSchema; keepMeetings: z.ZodOptional<z.ZodBoolean> }, z.core.$strict>, RevokeOutcome>({
    request: z.object({ accountId: AccountIdSchema, keepMeetings: z.boolean().optional() }).strict(),
    allowedSenders: ['extension-page'],
  }),
  'features.set': defineMessage<
    z.ZodObject<{ accountId: typeof AccountIdSchema; feature: typeof FeatureIdSchema; enabled: z.ZodBoolean }, z.core.$strict>,
    Omit<FeatureChange, 'account'>
  >({
    request: z.object({ accountId: AccountIdSchema, feature: FeatureIdSchema, enabled: z.boolean() }).strict(),
    allowedSenders: ['extension-page'],
  }),
  'ledger.list': defineMessage<typeof LedgerQuerySchema, LedgerEntry[]>({ request: LedgerQuerySchema, allowedSenders: ['extension-page'] }),
  'schedule.find': defineMessage<typeof FindTimesRequestSchema, FindTimesOutcome>({ request: FindTimesRequestSchema, allowedSenders: ['extension-page'] }),
  /** `cancelled` is false when no search of that id was running (it had already answered). */
  'schedule.cancel': defineMessage<typeof CancelSearchSchema, { cancelled: boolean }>({ request: CancelSearchSchema, allowedSenders: ['extension-page'] }),
  'meetings.options': defineMessage<z.ZodObject<{ accountId: typeof AccountIdSchema }, z.core.$strict>, BookingOptions>({
    request: z.object({ accountId: AccountIdSchema }).strict(),
    allowedSenders: ['extension-page'],
  }),
  /** Idempotent by `operationKey`: a repeat finishes or returns the same meeting, never a second one. */
  'meetings.create': defineMessage<typeof CreateMeetingSchema, PartnerMeeting>({ request: CreateMeetingSchema, allowedSenders: ['extension-page'] }),
  /** Newest first, cancelled and still-pending ones included (their `status` says which). */
  'meetings.list': defineMessage<typeof empty, PartnerMeeting[]>({ request: empty, allowedSenders: ['extension-page'] }),
  'meetings.reschedule': defineMessage<typeof RescheduleSchema, PartnerMeeting>({ request: RescheduleSchema, allowedSenders: ['extension-page'] }),
  'meetings.cancel': defineMessage<z.ZodObject<{ meetingId: z.ZodString }, z.core.$strict>, PartnerMeeting>({
    request: z.object({ meetingId: z.string().min(8).max(200) }).strict(),
    allowedSenders: ['extension-page'],
  }),
  /**
   * A pending booking, checked and finished from its stored record: recorded as booked if the
   * provider holds it, else sent as first asked by the same key. A finished one is answered as is.
   */
  'meetings.finish': defineMessage<typeof MeetingIdSchema, PartnerMeeting>({ request: MeetingIdSchema, allowedSenders: ['extension-page'] }),
  /** Removes a pending booking's local record only (the provider may still hold the meeting); answers what was forgotten. */
  'meetings.forget': defineMessage<typeof MeetingIdSchema, PartnerMeeting>({ request: MeetingIdSchema, allowedSenders: ['extension-page'] }),
  'preferences.get': defineMessage<typeof empty, PreferencesAnswer>({ request: empty, allowedSenders: ['extension-page'] }),
  /**
   * Fields left out keep their stored value; `timeZone: null` and `defaultAccountId: null` clear
   * them. Bad fields come back as `invalid-message` with `issues` at `payload.preferences.<field>`.
   */
  'preferences.set': defineMessage<z.ZodObject<{ preferences: z.ZodUnknown }, z.core.$strict>, PreferencesAnswer>({
    // The store validates the preferences themselves with its versioned schema.
    request: z.object({ preferences: z.unknown() }).strict(),
    allowedSenders: ['extension-page'],
  }),
  /** Up to 8 people met through Overlap whose address or a word of whose name starts with `query`; an empty query gives the most met. */
  'contacts.suggest': defineMessage<z.ZodObject<{ query: z.ZodString }, z.core.$strict>, Contact[]>({
    request: z.object({ query: z.string().max(200) }).strict(),
    allowedSenders: ['extension-page'],
  }),
  ...inlinePanelMessages,
};

export type MessageType = keyof typeof protocol;
export type RequestOf<T extends MessageType> = z.infer<(typeof protocol)[T]['request']>;
export type ResponseOf<T extends MessageType> = NonNullable<(typeof protocol)[T]['response']>;

/** The wire envelope: `{ type, payload }`, so a payload can never shadow the type field. */
export const EnvelopeSchema = z
  .object({
    type: z.string().min(1).max(100),
    payload: z.unknown().optional(),
  })
  .strict();

export type ErrorCode =
  | 'invalid-message'
  | 'unknown-message'
  | 'forbidden-sender'
  /** Also used, with `detail.kind: 'refused'`, when a request cannot be carried out as asked and nothing was sent. */
  | 'handler-failed'
  /** The account lacks a scope the feature needs; `detail.missingScopes` says which. */
  | 'consent-needed'
  /** Sign-in did not finish; `detail.kind` says why (cancelled, interaction-required, …). */
  | 'auth-failed'
  /** A provider call failed; `detail.kind` is the ProviderError kind. */
  | 'provider-failed'
  /**
   * Set by the client, never by the background: the browser stopped the background (or the
   * message channel closed) before it answered, so whether the request finished is unknown.
   */
  | 'background-lost';

export interface ReplyError {
  code: ErrorCode;
  message: string;
  /** Field-level validation problems, `path` dotted from the payload root. */
  issues?: { path: string; message: string }[];
  /** Machine-readable facts the UI acts on (which scope to ask for again, which provider failed). */
  detail?: Record<string, unknown>;
}

export type Reply<T> = { ok: true; data: T } | { ok: false; error: ReplyError };
