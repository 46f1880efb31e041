import { createRequire } from 'node:module';
import path from 'node:path';
import { defineConfig } from 'wxt';
import { SANDBOX_GECKO_ID } from './lib/sandbox-endpoints';
import { iframeUiWithoutAutoMount } from './lib/sites/core/build/no-auto-mount-ui';

/**
 * The sandbox flavour's public key pins its extension id (pkcodgkijfojifnkmbgokhdfdjdelnlf), so
 * the stand-ins know its redirect URI (https://<id>.chromiumapp.org/) and origin. The private key
 * is not needed to load an unpacked build and is kept nowhere. Production takes its key from
 * WXT_EXTENSION_KEY, matching the id registered with Google and Microsoft (see the README).
 */
const SANDBOX_EXTENSION_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAvwTar/U7c5TizOooMoqbq2w+qXdXv7uuRD+bNYr/hhy+U3Rfm0uR0WP/Zw3HAgTu9613uxP0KbcTXBfzeOFENvilI2o6hXpyj4JgCnG5VNuecwMrXgFuG63lG6rd1JaPCYF0dULd6KWFslZp4EBQqHQqLvzlXbPmNBmuiVzXKygRzFWQKBZfEO12KqdUwMGGgPj6dSJDZEE5nKjSADRCRkNOXWh+psk6cU6KfbIaci0UHwqxS6YJ5ZgO0tORSNEF8UpUu33dYLKKay4kMjplasu2lT3jcxEZzhqVPuDTPPalPWt4orKdmT9lanV62tCz0odTWnC2tAvCC4+eK+oChwIDAQAB';

/** Real API hosts the background calls; nothing else. */
const PRODUCTION_HOSTS = [
  'https://www.googleapis.com/*',
  'https://meet.googleapis.com/*',
  'https://oauth2.googleapis.com/*',
  'https://graph.microsoft.com/*',
  'https://login.microsoftonline.com/*',
];

/**
 * The sites whose pages host the inline panel. Only they may load the panel page, through a
 * per-session URL (`use_dynamic_url`) so other pages cannot probe for Overlap by a fixed address.
 */
const PANEL_SITES = [
  'https://calendar.google.com/*',
  // Outlook on the web (issue 10): its three hosts.
  'https://outlook.office.com/*',
  'https://outlook.office365.com/*',
  'https://outlook.live.com/*',
  // Gmail compose (entrypoints/gmail.content.ts).
  'https://mail.google.com/*',
];

/**
 * Firefox's add-on id fixes its identity redirect URI (https://<sha1 of the id>.extensions.allizom.org/,
 * see the README), so it is pinned like the Chromium key; the sandbox has its own so that it can
 * sit beside a store install.
 */
const PRODUCTION_GECKO_ID = 'overlap@overlap.app';

/**
 * Firefox 140 is the oldest release that shows the built-in data-collection consent AMO now
 * requires of new add-ons (`data_collection_permissions`) and is a current ESR. The code itself
 * needs 115 (`storage.session`, where tokens live) and 127 (MV3 host permissions granted at
 * install, which the API calls rely on), both below it.
 */
const FIREFOX_MIN_VERSION = '140.0';

function firefoxSettings(sandbox: boolean) {
  return {
    browser_specific_settings: {
      gecko: {
        id: sandbox ? SANDBOX_GECKO_ID : PRODUCTION_GECKO_ID,
        strict_min_version: FIREFOX_MIN_VERSION,
        // Overlap has no server: calendar data goes only to the Google or Microsoft account the
        // user connected, at their request, which is the feature itself rather than collection.
        data_collection_permissions: { required: ['none'] },
      },
    },
  };
}

/** Entrypoints that exist only to test the sandbox build and must never ship. */
const SANDBOX_ONLY_ENTRYPOINTS = new Set(['sandbox-probe']);

/**
 * `npm run zip`: one store package per browser, and the sources Mozilla's review rebuilds the
 * Firefox package from. The sources leave out what the production build does not use: the tests
 * with their stand-ins, and the sandbox-only entrypoints.
 */
const STORE_ZIPS = {
  artifactTemplate: '{{name}}-{{version}}-{{browser}}.zip',
  sourcesTemplate: '{{name}}-{{version}}-sources.zip',
  excludeSources: ['tests/**', '**/*.test.ts', '.ci/**', ...[...SANDBOX_ONLY_ENTRYPOINTS].map((name) => `entrypoints/${name}.*`)],
};

// WXT sets NODE_ENV to the build's mode, and anything but "production" makes Vite compile JSX
// for development and bundle React's development build: the sandbox flavour, which the e2e
// suite, the demo and the bench run, would be two thirds larger and slower than what users get.
// It is the production code with other endpoints, so it compiles as production.
if (process.env.NODE_ENV === 'sandbox') process.env.NODE_ENV = 'production';

export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  zip: STORE_ZIPS,
  // WXT defaults Firefox to MV2; Overlap is MV3 everywhere (Firefox: an event-page background).
  manifestVersion: 3,
  hooks: {
    // Content scripts skip webextension-polyfill (10 KB of their 15,000-byte budget; they use only
    // runtime.id, getURL, sendMessage (a promise in Chrome and Firefox alike) and onMessage
    // answered through sendResponse, which both browsers' own `browser`/`chrome` objects honour),
    // WXT's unused `autoMount` wrapper around `createIframeUi` and the library behind it.
    'vite:build:extendConfig': (entrypoints, viteConfig) => {
      if (!entrypoints.every((entrypoint) => entrypoint.type === 'content-script')) return;
      const alias = viteConfig.resolve?.alias;
      if (!alias || Array.isArray(alias)) throw new Error('The polyfill module no longer sets an object alias; revisit this hook.');
      Object.assign(alias, {
        'wxt/browser': createRequire(import.meta.url).resolve('wxt/browser'),
        // WXT's `autoMount` needs this library; Overlap mounts from its own page watcher instead.
        '@1natsu/wait-element/detectors': path.resolve('lib/sites/core/build/no-auto-mount-detectors.ts'),
        '@1natsu/wait-element': path.resolve('lib/sites/core/build/no-auto-mount.ts'),
      });
      viteConfig.plugins = [...(viteConfig.plugins ?? []), iframeUiWithoutAutoMount()];
    },
    // WXT takes the toolbar button's tooltip from the popup's <title>, which cannot hold a
    // browser message reference; the manifest can.
    'build:manifestGenerated': (_wxt, manifest) => {
      if (manifest.action) manifest.action.default_title = '__MSG_actionTitle__';
    },
    'entrypoints:resolved': (wxt, entrypoints) => {
      if (wxt.config.mode === 'sandbox') return;
      for (let index = entrypoints.length - 1; index >= 0; index--) {
        if (SANDBOX_ONLY_ENTRYPOINTS.has(entrypoints[index]!.name)) entrypoints.splice(index, 1);
      }
    },
  },
  manifest: ({ mode, browser }) => {
    const sandbox = mode === 'sandbox';
    const firefox = browser === 'firefox';
    // Firefox pins its id through browser_specific_settings; Chromium's `key` means nothing to it.
    const key = firefox ? undefined : sandbox ? SANDBOX_EXTENSION_KEY : process.env.WXT_EXTENSION_KEY;
    return {
      // Names and texts come from public/_locales, in the browser's language (lib/i18n).
      name: sandbox ? '__MSG_extNameSandbox__' : '__MSG_extName__',
      description: '__MSG_extDescription__',
      default_locale: 'en',
      // identity: sign-in windows; storage: tokens in storage.session only; offscreen: MSAL needs a
      // DOM, which Firefox's event-page background has itself.
      permissions: firefox ? ['identity', 'storage'] : ['identity', 'storage', 'offscreen'],
      host_permissions: sandbox ? ['http://127.0.0.1/*', 'https://127.0.0.1/*'] : PRODUCTION_HOSTS,
      web_accessible_resources: [{ resources: ['panel.html'], matches: PANEL_SITES, use_dynamic_url: true }],
      ...(key ? { key } : {}),
      ...(firefox ? firefoxSettings(sandbox) : {}),
    };
  },
});
