import english from '@/public/_locales/en/messages.json';
import { useMessageFile } from '@/lib/i18n';
import { availabilitySection } from './availability-section';
import { browserSection } from './browser-section';
import { contentScriptSection } from './content-script-section';
import { machineLoad, met, publish, Report } from './report';
import { scheduleSection } from './schedule-section';

/** A benchmark section adds its figures to the one report; add new ones to this list. */
export interface BenchSection {
  name: string;
  run: (report: Report) => Promise<void> | void;
}

// Node has no browser.i18n: the engine's explanations are worded from the English message file.
useMessageFile(english, 'en');

const sections: BenchSection[] = [scheduleSection, availabilitySection, contentScriptSection, browserSection];

const startedLoad = machineLoad();
const report = new Report();
// One section failing must not hide the others' figures, but it must not pass unnoticed either.
for (const section of sections) {
  console.log(`running: ${section.name}`);
  try {
    await section.run(report);
  } catch (error) {
    report.failures.push(section.name);
    console.error(`section failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}
publish(report, startedLoad);
const missed = report.figures.filter((figure) => met(figure) === false);
if (report.failures.length > 0) {
  console.error(`\n${report.failures.length} benchmark section(s) failed: ${report.failures.join('; ')}`);
  process.exitCode = 1;
}
if (missed.length > 0) console.error(`\n${missed.length} figure(s) missed their target: ${missed.map((figure) => figure.figure).join('; ')}`);
