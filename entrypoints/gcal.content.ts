import { browser } from 'wxt/browser';
import { isFromOwnPage } from '@/lib/sites/core/channel';
import { startInlinePanel } from '@/lib/sites/core/inline-panel';
import { createGcalAdapter } from '@/lib/sites/gcal/adapter';

/**
 * Google Calendar's inline panel: wiring only. The adapter reads and writes the event form; the
 * panel (an extension page in an iframe) does everything privileged by asking the background
 * itself. This script may only report page context and the adapter's health: the background
 * refuses it every other message.
 */
export default defineContentScript({
  matches: ['https://calendar.google.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    const pause = { wait: (ms: number) => new Promise<void>((resolve) => ctx.setTimeout(resolve, ms)) };
    startInlinePanel(ctx, createGcalAdapter(pause), {
      onPanelRequest(handler) {
        // Answered through sendResponse: Chrome's own `chrome` object ignores a returned promise.
        const listener = (message: unknown, sender: { id?: string; url?: string }, sendResponse: (reply: unknown) => void) => {
          if (!isFromOwnPage(sender, browser.runtime.id)) return false;
          void handler(message).then(sendResponse);
          return true;
        };
        browser.runtime.onMessage.addListener(listener);
        ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(listener));
      },
      reportHealth(report) {
        browser.runtime.sendMessage({ type: 'sites.health.report', payload: { site: 'gcal', ...report } }).catch(() => undefined);
      },
    });
  },
});
