import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { isFromOwnPage } from './channel';
import type { InlinePanelPorts } from './inline-panel';
import type { SiteId, SiteText } from './types';

/** A message in the browser's language; a key the files lack shows as itself, as lib/i18n's `t` does. */
export const extensionText: SiteText = (key) => browser.i18n.getMessage(key as Parameters<typeof browser.i18n.getMessage>[0]) || key;

/**
 * The inline panel's ports bound to the browser, for every site's content script: requests
 * answered only when they come from Overlap's own pages, health reported to the background.
 */
export function extensionPorts(ctx: ContentScriptContext, site: SiteId): InlinePanelPorts {
  return {
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
      browser.runtime.sendMessage({ type: 'sites.health.report', payload: { site, ...report } }).catch(() => undefined);
    },
    text: extensionText,
  };
}

/** A pause that stops with the extension context. */
export function contextPause(ctx: ContentScriptContext) {
  return { wait: (ms: number) => new Promise<void>((resolve) => ctx.setTimeout(resolve, ms)) };
}
