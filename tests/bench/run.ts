import { scheduleSection } from './schedule-section';

/** A benchmark section prints its own table; add new ones to this list. */
export interface BenchSection {
  name: string;
  run: () => Promise<void> | void;
}

const sections: BenchSection[] = [scheduleSection];

for (const section of sections) {
  console.log(`\n== ${section.name} ==`);
  await section.run();
}
