import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Unit and integration tests run in plain Node; the browser sits behind lib/messaging,
// lib/auth and lib/store, which tests reach through WXT's fakeBrowser.
export default defineConfig({
  root: new URL('..', import.meta.url).pathname,
  plugins: [WxtVitest()],
  test: {
    include: ['lib/**/*.test.ts', 'tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    setupFiles: ['fake-indexeddb/auto', 'tests/messages-setup.ts'],
    reporters: ['default', ['json', { outputFile: 'tests/.artifacts/vitest.json' }]],
  },
});
