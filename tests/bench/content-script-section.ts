import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import type { BenchSection } from './run';

/** The issues' budget for each content script, minified ("≤ 15 KB minified per site", in bytes). */
const BUDGET_BYTES = 15_000;
const productionDir = path.resolve('.output/chrome-mv3');
const chromiumPath = process.env.OVERLAP_CHROMIUM ?? '/usr/bin/chromium';
const MEASURE_MS = 5_000;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const format = (ms: number) => `${ms.toFixed(3)} ms`;

/** Installed in the page before the content script runs (the page's own code is already running). */
const INSTRUMENT = `
  const timings = (window.overlapTimings = { observer: [], timers: [] });
  const NativeObserver = window.MutationObserver;
  window.MutationObserver = class extends NativeObserver {
    constructor(callback) {
      super((records, observer) => {
        const started = performance.now();
        callback(records, observer);
        timings.observer.push(performance.now() - started);
      });
    }
  };
  const timed = (handler) => () => {
    const started = performance.now();
    handler();
    timings.timers.push(performance.now() - started);
  };
  const [nativeSetTimeout, nativeSetInterval] = [window.setTimeout.bind(window), window.setInterval.bind(window)];
  window.setTimeout = (handler, ms) => nativeSetTimeout(timed(handler), ms);
  window.setInterval = (handler, ms) => nativeSetInterval(timed(handler), ms);
  globalThis.chrome = { runtime: { id: 'bench', getURL: (p) => p, sendMessage: async () => undefined, onMessage: { addListener() {}, removeListener() {} } } };
`;

/**
 * Sizes: the production build's content scripts as shipped. Time: the shipped Google Calendar
 * script, injected into the busy Calendar fixture (a quick-create dialog open, the grid mutating
 * every 30 ms) with a stand-in `chrome` global, and every observer callback and timer it runs timed.
 */
async function run(): Promise<void> {
  const built = spawnSync('npx', ['wxt', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) throw new Error('The production build failed; run `npx wxt build` to see why.');
  const scriptsDir = path.join(productionDir, 'content-scripts');
  const over: string[] = [];
  console.log('content script (production, minified)   bytes   budget');
  for (const name of readdirSync(scriptsDir).filter((file) => file.endsWith('.js'))) {
    const bytes = statSync(path.join(scriptsDir, name)).size;
    console.log(`${name.padEnd(40)} ${String(bytes).padStart(6)}   ${BUDGET_BYTES}${bytes > BUDGET_BYTES ? '  OVER' : ''}`);
    if (bytes > BUDGET_BYTES) over.push(name);
  }

  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    const fixture = readFileSync(path.resolve('tests/sites/gcal/calendar.html'), 'utf8');
    await page.route('https://calendar.google.com/**', (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: fixture }));
    await page.goto('https://calendar.google.com/calendar/u/0/r/week?busy=1&quickGuests=ben.carter@northwind.example');
    await page.locator('#create').click();
    // Time only what the content script schedules: its observer callbacks and its timers. A string,
    // not a function: tsx would wrap a function's classes in helpers the page does not have.
    await page.evaluate(INSTRUMENT);
    await page.addScriptTag({ content: readFileSync(path.join(scriptsDir, 'gcal.js'), 'utf8') });
    await page.locator('[data-overlap-launcher="gcal"]').waitFor();
    await page.waitForTimeout(MEASURE_MS);
    const timings = await page.evaluate(() => (window as unknown as { overlapTimings: { observer: number[]; timers: number[] } }).overlapTimings);
    const scans = timings.timers;
    console.log(`\nGoogle Calendar content script on the busy fixture for ${MEASURE_MS / 1000} s (a quick-create dialog open, the grid mutating every 30 ms):`);
    console.log(`  mutation batches seen by its observer: ${timings.observer.length}; observer callback median ${format(percentile(timings.observer, 50))}, max ${format(Math.max(0, ...timings.observer))}`);
    console.log(`  scans (one per debounced batch, plus the 2 s sweep): ${scans.length}; per scan median ${format(percentile(scans, 50))}, p95 ${format(percentile(scans, 95))}, max ${format(Math.max(0, ...scans))}`);
    const total = timings.observer.reduce((a, b) => a + b, 0) + scans.reduce((a, b) => a + b, 0);
    console.log(`  main-thread time in Overlap: ${format(total)} over ${MEASURE_MS} ms (${((100 * total) / MEASURE_MS).toFixed(2)} %)`);
  } finally {
    await browser.close();
  }
  if (over.length) throw new Error(`Over the ${BUDGET_BYTES}-byte budget: ${over.join(', ')}`);
}

export const contentScriptSection: BenchSection = { name: 'content scripts: size and time per mutation batch', run };
