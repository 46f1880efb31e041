import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { isFromOwnPage } from './channel';
import { startInlinePanel } from './inline-panel';
import type { SiteAdapter } from './types';
import type { Pause } from './write';

/**
 * Starts a site's inline panel with its ports bound to the browser: the one place a content
 * script touches the extension APIs, shared by every site's entrypoint. It answers only Overlap's
 * own pages and may only report its adapter's health: the background refuses it anything else.
 */
export function runInlinePanel(ctx: ContentScriptContext, createAdapter: (pause: Pause) => SiteAdapter): void {
  const pause = { wait: (ms: number) => new Promise<void>((resolve) => ctx.setTimeout(resolve, ms)) };
  const adapter = createAdapter(pause);
  startInlinePanel(ctx, adapter, {
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
      browser.runtime.sendMessage({ type: 'sites.health.report', payload: { site: adapter.site, ...report } }).catch(() => undefined);
    },
  });
}
