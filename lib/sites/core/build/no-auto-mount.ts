/**
 * Content-script builds only (wxt.config.ts aliases `@1natsu/wait-element` here): WXT's UI
 * helpers bundle that library for `autoMount`, 3.5 KB of a 15 KB budget. Overlap's content
 * scripts mount their UIs themselves from one observer per page, so `autoMount` is never
 * called; if it ever is, it fails loudly instead of silently doing nothing.
 */
export function waitElement(): Promise<never> {
  return Promise.reject(new Error('autoMount is not available in Overlap content scripts: mount from the page watcher instead.'));
}
