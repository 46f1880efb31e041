import { browser } from 'wxt/browser';
import type { MessageType, Reply, ReplyError, RequestOf, ResponseOf } from './protocol';

/** A refused or failed request, carrying the background's error as sent. */
export class MessageError extends Error {
  constructor(readonly reply: ReplyError) {
    super(reply.message);
    this.name = 'MessageError';
  }
}

/** Sends one typed request to the background and returns its answer, or throws MessageError. */
export async function sendMessage<T extends MessageType>(type: T, payload: RequestOf<T>): Promise<ResponseOf<T>> {
  let reply: Reply<ResponseOf<T>> | undefined;
  try {
    reply = (await browser.runtime.sendMessage({ type, payload })) as Reply<ResponseOf<T>> | undefined;
  } catch (error) {
    // The browser rejects when the worker is stopped mid-request ("message channel closed") or
    // cannot be reached; the request may or may not have finished in the background.
    const message = error instanceof Error ? error.message : String(error);
    // After an update or reload the page's connection is gone for good: a retry cannot help.
    const invalidated = /context invalidated/i.test(message);
    throw new MessageError({ code: 'background-lost', message, ...(invalidated ? { detail: { kind: 'context-invalidated' } } : {}) });
  }
  if (!reply) throw new MessageError({ code: 'handler-failed', message: 'The background did not answer; try again.' });
  if (!reply.ok) throw new MessageError(reply.error);
  return reply.data;
}
