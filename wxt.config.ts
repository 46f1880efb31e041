import { createRequire } from 'node:module';
import path from 'node:path';
import { defineConfig } from 'wxt';

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
  // Gmail compose (entrypoints/gmail.content.ts).
  'https://mail.google.com/*',
];

/** Entrypoints that exist only to test the sandbox build and must never ship. */
const SANDBOX_ONLY_ENTRYPOINTS = new Set(['sandbox-probe']);

export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  hooks: {
    // Content scripts skip webextension-polyfill (10 KB of their 15 KB budget; they use only
    // runtime.id, getURL, sendMessage (a promise in Chrome and Firefox alike) and onMessage
    // answered through sendResponse, which both browsers' own `browser`/`chrome` objects honour)
    // and the library behind WXT's unused `autoMount`.
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
    },
    'entrypoints:resolved': (wxt, entrypoints) => {
      if (wxt.config.mode === 'sandbox') return;
      for (let index = entrypoints.length - 1; index >= 0; index--) {
        if (SANDBOX_ONLY_ENTRYPOINTS.has(entrypoints[index]!.name)) entrypoints.splice(index, 1);
      }
    },
  },
  manifest: ({ mode }) => {
    const sandbox = mode === 'sandbox';
    const key = sandbox ? SANDBOX_EXTENSION_KEY : process.env.WXT_EXTENSION_KEY;
    return {
      name: sandbox ? 'Overlap (sandbox)' : 'Overlap',
      description: 'Find mutual free time and book meetings, with the fewest permissions.',
      action: { default_title: 'Overlap: find a time' },
      // identity: sign-in windows; storage: tokens in storage.session only; offscreen: MSAL needs a DOM.
      permissions: ['identity', 'storage', 'offscreen'],
      host_permissions: sandbox ? ['http://127.0.0.1/*', 'https://127.0.0.1/*'] : PRODUCTION_HOSTS,
      web_accessible_resources: [{ resources: ['panel.html'], matches: PANEL_SITES, use_dynamic_url: true }],
      ...(key ? { key } : {}),
    };
  },
});
