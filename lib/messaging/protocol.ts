import { z } from 'zod';

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

/** Every message the background understands: one zod schema each, validated on arrival. */
export const protocol = {
  'app.status': defineMessage<z.ZodObject<{}, z.core.$strict>, AppStatus>({
    request: z.object({}).strict(),
    allowedSenders: ['extension-page'],
  }),
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

export type ErrorCode = 'invalid-message' | 'unknown-message' | 'forbidden-sender' | 'handler-failed';

export interface ReplyError {
  code: ErrorCode;
  message: string;
  /** Field-level validation problems, `path` dotted from the payload root. */
  issues?: { path: string; message: string }[];
}

export type Reply<T> = { ok: true; data: T } | { ok: false; error: ReplyError };
