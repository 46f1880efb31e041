#!/usr/bin/env node
// Mozilla's linter (`web-ext lint`, what AMO runs on upload) over the production Firefox build
// that `npm run zip` packed. Errors fail the step; warnings and notices are printed, so a new
// one is seen, without failing it: the known ones come from React's and zod's bundled code.
import { spawnSync } from 'node:child_process';

const sourceDir = '.output/firefox-mv3';
const run = spawnSync('npx', ['web-ext', 'lint', '--source-dir', sourceDir, '--output', 'json', '--no-input'], { encoding: 'utf8' });
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  console.error(`web-ext lint gave no report for ${sourceDir}:\n${run.stdout}${run.stderr}`);
  process.exit(1);
}
for (const kind of ['errors', 'warnings', 'notices']) {
  for (const message of report[kind]) console.log(`${kind.slice(0, -1)}: ${message.code} ${message.file ?? ''}${message.line ? `:${message.line}` : ''} — ${message.message}`);
}
const { errors, warnings, notices } = report.summary;
console.log(`web-ext lint: ${errors} errors, ${warnings} warnings, ${notices} notices`);
process.exit(errors === 0 ? 0 : 1);
