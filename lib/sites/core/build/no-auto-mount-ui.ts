import path from 'node:path';
import type { Plugin } from 'vite';

const SHARED_UI_HELPERS = './shared.mjs';
const IFRAME_UI = /[\\/]wxt[\\/]dist[\\/]utils[\\/]content-script-ui[\\/]iframe\.mjs$/;
const MOUNT_FUNCTIONS_ID = '\0overlap:iframe-mount-functions';

/**
 * Content-script builds only: WXT's `createIframeUi` returns `autoMount` beside `mount` and
 * `remove`, and that wrapper (its element watcher, its logger, its error text) is 1 KB of a
 * 15,000-byte budget that no Overlap site uses: each mounts its panel itself from one observer
 * per page. This gives `createIframeUi` WXT's own positioning and mounting helpers with mount
 * functions that leave the watcher out; `autoMount` throws, so a future caller fails loudly.
 * `remove` stays WXT's: with no auto-mount there is nothing to stop before it.
 */
export function iframeUiWithoutAutoMount(): Plugin {
  let sharedHelpers = '';
  return {
    name: 'overlap:iframe-ui-without-auto-mount',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source !== SHARED_UI_HELPERS || !importer || !IFRAME_UI.test(importer)) return undefined;
      sharedHelpers = path.join(path.dirname(importer), SHARED_UI_HELPERS);
      return MOUNT_FUNCTIONS_ID;
    },
    load(id) {
      if (id !== MOUNT_FUNCTIONS_ID) return undefined;
      return [
        `export { applyPosition, mountUi } from ${JSON.stringify(sharedHelpers)};`,
        'export function createMountFunctions(base) {',
        '  return {',
        '    mount: () => base.mount(),',
        '    remove: base.remove,',
        "    autoMount: () => { throw new Error('autoMount is off in Overlap content scripts'); },",
        '  };',
        '}',
      ].join('\n');
    },
  };
}
