import english from '@/public/_locales/en/messages.json';
import { useMessageFile } from '@/lib/i18n';
import { availabilitySection } from './availability-section';
import { contentScriptSection } from './content-script-section';
import { scheduleSection } from './schedule-section';

/** A benchmark section prints its own table; add new ones to this list. */
export interface BenchSection {
  name: string;
  run: () => Promise<void> | void;
}

// Node has no browser.i18n: the engine's explanations are worded from the English message file.
useMessageFile(english, 'en');

const sections: BenchSection[] = [scheduleSection, availabilitySection, contentScriptSection];

// One section failing must not hide the others' figures, but it must not pass unnoticed either.
const failed: string[] = [];
for (const section of sections) {
  console.log(`\n== ${section.name} ==`);
  try {
    await section.run();
  } catch (error) {
    failed.push(section.name);
    console.error(`section failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}
if (failed.length > 0) {
  console.error(`\n${failed.length} benchmark section(s) failed: ${failed.join('; ')}`);
  process.exitCode = 1;
}
