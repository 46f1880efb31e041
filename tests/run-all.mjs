#!/usr/bin/env node
// `npm test`: type check, unit and integration tests, the store packages and web-ext lint, the
// sandbox builds, then the end-to-end suite in Chromium (and one journey in Firefox ESR). Ends
// with one aggregate line, `tests: N passed, M failed`, counted from the runners' JSON reports,
// because CI does not recognise Vitest's or Playwright's own closing lines.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const artifacts = 'tests/.artifacts';
rmSync(artifacts, { recursive: true, force: true });
mkdirSync(artifacts, { recursive: true });

const failedSteps = [];
function step(name, command, args) {
  console.log(`\n▶ ${name}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  if (result.status !== 0) failedSteps.push(name);
  return result.status === 0;
}

function readJson(file) {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

step('type check', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
step('unit and integration tests', 'npx', ['vitest', 'run', '--config', 'tests/vitest.config.ts']);
// `npm run zip` builds the production flavour for Chrome, Edge and Firefox and packs them.
const packaged = step('store packages (production build)', 'npm', ['run', '--silent', 'zip']);
if (packaged) step('web-ext lint of the Firefox package', 'node', ['tests/firefox/lint.mjs']);
const built =
  packaged &
  step('sandbox build', 'npx', ['wxt', 'build', '--mode', 'sandbox']) &
  step('sandbox build for Firefox', 'npx', ['wxt', 'build', '--mode', 'sandbox', '-b', 'firefox']);
if (built) step('end-to-end tests in Chromium and Firefox', 'npx', ['playwright', 'test', '--config', 'tests/playwright.config.ts']);
else console.log('\nThe end-to-end suite did not run because a build failed.');

let passed = 0;
let failed = 0;
const vitest = readJson(`${artifacts}/vitest.json`);
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  // A file that fails to load has no tests counted; make it show as a failure.
  failed += vitest.testResults.filter((file) => file.status === 'failed' && file.assertionResults.length === 0).length;
} else if (!failedSteps.includes('unit and integration tests')) {
  failedSteps.push('unit and integration tests (no report written)');
}
const playwright = readJson(`${artifacts}/playwright.json`);
if (playwright) {
  passed += playwright.stats.expected + playwright.stats.flaky;
  failed += playwright.stats.unexpected;
} else if (built && !failedSteps.includes('end-to-end tests in Chromium and Firefox')) {
  failedSteps.push('end-to-end tests in Chromium and Firefox (no report written)');
}

console.log('');
for (const name of failedSteps) console.log(`failed step: ${name}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failedSteps.length > 0 || failed > 0 || passed === 0 ? 1 : 0);
