import { defineConfig } from '@playwright/test';

// One worker: every test launches its own Chromium with the extension, and the machines
// running CI have two cores.
export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [['list'], ['json', { outputFile: '.artifacts/playwright.json' }]],
  outputDir: '.artifacts/playwright-output',
});
