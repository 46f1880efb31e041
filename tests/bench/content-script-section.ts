import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import englishMessages from '@/public/_locales/en/messages.json';
import type { Report } from './report';
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
  const messages = ${JSON.stringify(englishMessages)};
  globalThis.chrome = {
    runtime: { id: 'bench', getURL: (p) => p, sendMessage: async () => undefined, onMessage: { addListener() {}, removeListener() {} } },
    // The launcher's words come from the browser's message files, as in the extension.
    i18n: { getMessage: (key) => messages[key]?.message ?? '', getUILanguage: () => 'en' },
  };
`;

/** Bytes of one page's JavaScript: every script and module preload its HTML names, each counted once. */
function pageScriptBytes(html: string): { bytes: number; files: number } {
  const files = new Set<string>();
  for (const match of readFileSync(path.join(productionDir, html), 'utf8').matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]+\.js)"/g)) {
    files.add(match[1]!.replace(/^\//, ''));
  }
  let bytes = 0;
  for (const file of files) bytes += statSync(path.join(productionDir, file)).size;
  return { bytes, files: files.size };
}

/**
 * Sizes: the production build's content scripts and pages as shipped. Time: the shipped Google
 * Calendar script, injected into the busy Calendar fixture (a quick-create dialog open, the grid
 * mutating every 30 ms) with a stand-in `chrome` global, and every observer callback and timer it
 * runs timed.
 */
async function run(report: Report): Promise<void> {
  const built = spawnSync('npx', ['wxt', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) throw new Error('The production build failed; run `npx wxt build` to see why.');
  const scriptsDir = path.join(productionDir, 'content-scripts');
  for (const name of readdirSync(scriptsDir).filter((file) => file.endsWith('.js'))) {
    const bytes = statSync(path.join(scriptsDir, name)).size;
    report.add({ section: 'size', figure: `content script ${name} (production, minified)`, value: bytes, unit: 'bytes', target: { bound: '≤', value: BUDGET_BYTES, why: 'issues 9–10' } });
  }
  for (const html of readdirSync(productionDir).filter((file) => file.endsWith('.html')).sort()) {
    const { bytes, files } = pageScriptBytes(html);
    report.add({ section: 'size', figure: `${html} JavaScript (production)`, value: bytes, unit: 'bytes', note: `${files} file${files === 1 ? '' : 's'}` });
  }
  report.add({ section: 'size', figure: 'background.js (production)', value: statSync(path.join(productionDir, 'background.js')).size, unit: 'bytes' });

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
    const total = timings.observer.reduce((a, b) => a + b, 0) + scans.reduce((a, b) => a + b, 0);
    report.add({
      section: 'content script time',
      figure: `gcal.js main-thread share on the busy Calendar fixture over ${MEASURE_MS / 1000} s`,
      value: (100 * total) / MEASURE_MS,
      unit: '%',
      note: `${timings.observer.length} observer batches (median ${format(percentile(timings.observer, 50))}); ${scans.length} scans (median ${format(percentile(scans, 50))}, p95 ${format(percentile(scans, 95))}, max ${format(Math.max(0, ...scans))})`,
    });
  } finally {
    await browser.close();
  }
}

export const contentScriptSection: BenchSection = { name: 'sizes of the production build, and the Calendar content script\'s time per mutation batch', run };
