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
  const reply = (await browser.runtime.sendMessage({ type, payload })) as Reply<ResponseOf<T>> | undefined;
  if (!reply) throw new MessageError({ code: 'handler-failed', message: 'The background did not answer; try again.' });
  if (!reply.ok) throw new MessageError(reply.error);
  return reply.data;
}
