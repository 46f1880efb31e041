/**
 * Content-script builds only (wxt.config.ts aliases `@1natsu/wait-element` here): WXT's UI
 * helpers import that library for `autoMount`, and its module code would stay in the bundle
 * (3.5 KB of a 15,000-byte budget) even though `iframeUiWithoutAutoMount` leaves `autoMount`'s
 * watcher out. Overlap's content scripts mount their UIs themselves from one observer per page;
 * should anything reach this, it fails loudly instead of silently doing nothing.
 */
export function waitElement(): Promise<never> {
  return Promise.reject(new Error('autoMount is not available in Overlap content scripts: mount from the page watcher instead.'));
}
