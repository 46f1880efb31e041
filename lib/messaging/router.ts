import { z } from 'zod';
import {
  EnvelopeSchema,
  protocol,
  type MessageType,
  type Reply,
  type ReplyError,
  type RequestOf,
  type ResponseOf,
  type SenderKind,
} from './protocol';

/** The parts of `runtime.MessageSender` the router trusts; all come from the browser, not the sender. */
export interface SenderInfo {
  id?: string;
  url?: string;
}

export type Handlers = {
  [T in MessageType]: (payload: RequestOf<T>, sender: SenderContext) => Promise<ResponseOf<T>>;
};

export interface SenderContext {
  kind: SenderKind;
  url?: string;
}

export interface RouterOptions {
  /** Our own extension id; messages from other extensions are refused outright. */
  extensionId: string;
  /** e.g. `chrome-extension://<id>`; pages on this origin are extension pages. */
  extensionOrigin: string;
  /** Called with unexpected handler failures so they are not swallowed silently. */
  onHandlerError?: (type: string, error: unknown) => void;
  /** Turns a known failure (missing consent, a provider error) into a reply the UI can act on. */
  describeError?: (error: unknown) => ReplyError | undefined;
}

/**
 * `URL.origin` is "null" for non-web schemes outside the browser (Node follows the WHATWG
 * rule for unknown schemes), so the origin is rebuilt from scheme and host, which both agree on.
 */
export function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return undefined;
  }
}

/**
 * Classifies a sender by the URL the browser reports for it. A content script's sender URL is
 * the host page's, so it can never pass as an extension page, even from inside our iframe's tab.
 */
export function classifySender(sender: SenderInfo, options: RouterOptions): SenderKind | 'foreign' {
  if (sender.id !== options.extensionId) return 'foreign';
  return originOf(sender.url) === options.extensionOrigin ? 'extension-page' : 'content-script';
}

function issuesOf(error: z.ZodError, prefix: string): { path: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(root)',
    message: issue.message,
  }));
}

function refuse(code: Exclude<Reply<never>, { ok: true }>['error']['code'], message: string, issues?: { path: string; message: string }[]): Reply<never> {
  return { ok: false, error: issues ? { code, message, issues } : { code, message } };
}

/**
 * Builds the background's single entry point for messages. It validates the envelope, checks
 * the sender against the message's audience, validates the payload with the message's schema,
 * and only then runs the handler; anything else gets a clear error reply and changes nothing.
 */
export function createRouter(handlers: Handlers, options: RouterOptions) {
  return async function route(raw: unknown, sender: SenderInfo): Promise<Reply<unknown>> {
    const senderKind = classifySender(sender, options);
    if (senderKind === 'foreign') return refuse('forbidden-sender', 'Messages from other extensions or web pages are not accepted.');

    const envelope = EnvelopeSchema.safeParse(raw);
    if (!envelope.success) {
      return refuse('invalid-message', 'The message is not of the form { type, payload }.', issuesOf(envelope.error, ''));
    }
    const { type, payload } = envelope.data;
    if (!Object.hasOwn(protocol, type)) return refuse('unknown-message', `Unknown message type "${type}".`);
    const messageType = type as MessageType;
    const definition = protocol[messageType];

    if (!definition.allowedSenders.includes(senderKind)) {
      return refuse('forbidden-sender', `"${type}" may not be sent from a ${senderKind.replace('-', ' ')}.`);
    }
    const request = definition.request.safeParse(payload ?? {});
    if (!request.success) {
      return refuse('invalid-message', `The "${type}" message is malformed.`, issuesOf(request.error, 'payload'));
    }
    try {
      const handler = handlers[messageType] as (payload: unknown, sender: SenderContext) => Promise<unknown>;
      const data = await handler(request.data, { kind: senderKind, url: sender.url });
      return { ok: true, data };
    } catch (error) {
      const described = options.describeError?.(error);
      if (described) return { ok: false, error: described };
      options.onHandlerError?.(type, error);
      return refuse('handler-failed', error instanceof Error ? error.message : 'The request failed.');
    }
  };
}
