import { z } from 'zod';
import type { AccountView, FeatureChange } from '@/lib/auth/access';
import type { RevokeOutcome } from '@/lib/auth/types';
import type { LedgerEntry } from '@/lib/store/db';
import type { FindTimesOutcome } from '@/lib/meetings/find-times';

/**
 * Who may send a message. Extension pages (popup, permissions page, the panel iframe, the
 * offscreen document) run on our own origin; content scripts run inside Gmail, Calendar and
 * Outlook pages that we do not control, so they may only report page context.
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
const AccountIdSchema = z.string().regex(/^(google|microsoft):[^\s:]+@[^\s:]+$/, 'an account id such as "google:ada@example.com"');
const IsoInstantSchema = z.iso.datetime({ offset: true });

const empty = z.object({}).strict();

/** What a page asks for; the engine's own schema validates the full request it builds from it. */
const FindTimesRequestSchema = z
  .object({
    organizerAccountId: AccountIdSchema,
    timeZone: z.string().min(1).max(64),
    participants: z.array(z.object({ email: z.email(), optional: z.boolean().optional() }).strict()).min(1).max(200),
    durationMinutes: z.int().min(5).max(1440),
    start: IsoInstantSchema,
    end: IsoInstantSchema,
  })
  .strict()
  .refine((request) => Date.parse(request.end) > Date.parse(request.start), { message: 'end must be after start', path: ['end'] });

const LedgerQuerySchema = z
  .object({
    accountId: AccountIdSchema.optional(),
    feature: FeatureIdSchema.optional(),
    since: IsoInstantSchema.optional(),
    until: IsoInstantSchema.optional(),
    limit: z.number().int().min(1).max(5000).optional(),
  })
  .strict();

/** Every message the background understands: one zod schema each, validated on arrival. */
export const protocol = {
  'app.status': defineMessage<typeof empty, AppStatus>({ request: empty, allowedSenders: ['extension-page'] }),
  'permissions.overview': defineMessage<typeof empty, { accounts: AccountView[] }>({ request: empty, allowedSenders: ['extension-page'] }),
  'accounts.connect': defineMessage<z.ZodObject<{ provider: typeof ProviderSchema }, z.core.$strict>, { account: AccountView; missing: string[] }>({
    request: z.object({ provider: ProviderSchema }).strict(),
    allowedSenders: ['extension-page'],
  }),
  'accounts.disconnect': defineMessage<z.ZodObject<{ accountId: typeof AccountIdSchema }, z.core.$strict>, RevokeOutcome>({
    request: z.object({ accountId: AccountIdSchema }).strict(),
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
  | 'handler-failed'
  /** The account lacks a scope the feature needs; `detail.missingScopes` says which. */
  | 'consent-needed'
  /** Sign-in did not finish; `detail.kind` says why (cancelled, interaction-required, …). */
  | 'auth-failed'
  /** A provider call failed; `detail.kind` is the ProviderError kind. */
  | 'provider-failed';

export interface ReplyError {
  code: ErrorCode;
  message: string;
  /** Field-level validation problems, `path` dotted from the payload root. */
  issues?: { path: string; message: string }[];
  /** Machine-readable facts the UI acts on (which scope to ask for again, which provider failed). */
  detail?: Record<string, unknown>;
}

export type Reply<T> = { ok: true; data: T } | { ok: false; error: ReplyError };
