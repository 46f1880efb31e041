import { browser } from 'wxt/browser';
import { originOf, type createRouter } from './router';

/**
 * Binds the router to the browser; the only place the background touches runtime messaging.
 * It answers through `sendResponse` and returns `true`, the one form every browser and the
 * polyfill honour, rather than returning a promise.
 */
export function listenForMessages(route: ReturnType<typeof createRouter>): void {
  browser.runtime.onMessage.addListener((message: unknown, sender, sendResponse: (reply: unknown) => void) => {
    void route(message, { id: sender.id, url: sender.url }).then(sendResponse);
    return true;
  });
}

/** Our own origin, as the router needs it to tell extension pages from content scripts. */
export function ownSenderIdentity() {
  return { extensionId: browser.runtime.id, extensionOrigin: originOf(browser.runtime.getURL('/')) ?? '' };
}
