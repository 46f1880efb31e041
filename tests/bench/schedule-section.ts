import * as i18n from '@/lib/i18n';
import { findMeetingTimes } from '@/lib/schedule';
import { minuteGridMatchingStarts } from './minute-grid-baseline';
import type { BenchSection } from './run';
import { benchmarkRequest } from './schedule-fixtures';

// Node-only APIs (performance, process.cpuUsage) on purpose: browser globals such as `navigator`
// do not exist on Node 20, where this runs.

const SIZES = [10, 25, 50, 100, 200];
const DAYS = 90;
const WARM_UP_RUNS = 5;
const MEASURED_RUNS = 21;
const BASELINE_RUNS = 3;
/** Issue 12's target: 100 people over 90 days in at most this many milliseconds (median). */
const HUNDRED_PEOPLE_TARGET_MS = 10;
/** The engine must stay at least this many times faster than the minute grid at every size. */
const GRID_SPEED_UP = 20;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export const scheduleSection: BenchSection = {
  name: `engine: findMeetingTimes over ${DAYS} days, ~6 meetings per person per working day, 60-min meeting on a 15-min grid`,
  run(report) {
    const section = 'engine';
    const problems = SIZES.map((people) => {
      const request = benchmarkRequest(people, DAYS, 20260302 + people);
      const result = findMeetingTimes(request, i18n);
      if (!result.ok) throw new Error(`benchmark request rejected: ${result.error.message}`);
      for (let i = 0; i < WARM_UP_RUNS; i++) findMeetingTimes(request, i18n);
      return { people, request, matchingStarts: result.matchingStarts, wall: [] as number[], cpu: [] as number[] };
    });
    // Rounds visit every size in turn, so a burst of load from other work on this shared machine
    // slows all sizes alike instead of skewing the ratios between them.
    for (let round = 0; round < MEASURED_RUNS; round++) {
      for (const problem of problems) {
        const cpuBefore = process.cpuUsage();
        const started = performance.now();
        findMeetingTimes(problem.request, i18n);
        problem.wall.push(performance.now() - started);
        const cpu = process.cpuUsage(cpuBefore);
        problem.cpu.push((cpu.user + cpu.system) / 1000);
      }
    }
    for (const { people, request, matchingStarts, wall, cpu } of problems) {
      const busyCount = request.participants.reduce((sum, p) => sum + (p.availability.status === 'known' ? p.availability.busy.length : 0), 0);
      let gridMatches = 0;
      const gridTimes: number[] = [];
      for (let run = 0; run < BASELINE_RUNS; run++) {
        const started = performance.now();
        gridMatches = minuteGridMatchingStarts(request);
        gridTimes.push(performance.now() - started);
      }
      const engine = median(wall);
      const grid = median(gridTimes);
      const agreement = matchingStarts === gridMatches ? `both find ${matchingStarts} starts` : `MISMATCH: engine ${matchingStarts}, grid ${gridMatches} starts`;
      const note = `${busyCount} busy intervals; fastest ${Math.min(...wall).toFixed(1)} ms, CPU median ${median(cpu).toFixed(1)} ms; minute grid ${grid.toFixed(0)} ms, ${(grid / engine).toFixed(0)}× slower; ${agreement}`;
      report.add({
        section,
        figure: `${people} people × ${DAYS} days, median of ${MEASURED_RUNS}`,
        value: engine,
        unit: 'ms',
        target:
          people === 100
            ? { bound: '≤', value: HUNDRED_PEOPLE_TARGET_MS, why: 'issue 12' }
            : { bound: '≤', value: grid / GRID_SPEED_UP, why: `minute grid ÷ ${GRID_SPEED_UP}` },
        note,
      });
      if (people === 100) {
        report.add({ section, figure: `${people} people × ${DAYS} days vs the minute grid`, value: engine, unit: 'ms', target: { bound: '≤', value: grid / GRID_SPEED_UP, why: `minute grid ${grid.toFixed(0)} ms ÷ ${GRID_SPEED_UP}` } });
      }
      if (matchingStarts !== gridMatches) report.failures.push(`engine and minute grid disagree at ${people} people`);
    }
  },
};
