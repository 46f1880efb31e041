import { availableParallelism, loadavg } from 'node:os';
import * as i18n from '@/lib/i18n';
import { findMeetingTimes } from '@/lib/schedule';
import { minuteGridMatchingStarts } from './minute-grid-baseline';
import type { BenchSection } from './run';
import { benchmarkRequest } from './schedule-fixtures';

// Node-only APIs (node:os, performance) on purpose: browser globals such as `navigator` do not
// exist on Node 20, where this runs.

const SIZES = [10, 25, 50, 100, 200];
const DAYS = 90;
const WARM_UP_RUNS = 5;
const MEASURED_RUNS = 21;
const BASELINE_RUNS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Each run's wall time in ms. */
function timeRuns(runs: number, work: () => void): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  return times;
}

function row(cells: Array<string | number>, widths: number[]): string {
  return cells.map((cell, i) => String(cell).padStart(widths[i]!)).join('  ');
}

function loadAverage(): string {
  return `${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores`;
}

export const scheduleSection: BenchSection = {
  name: `findMeetingTimes: ${DAYS} days, ~6 meetings per person per working day, 60-min meeting on a 15-min grid`,
  run() {
    console.log(`load average at start ${loadAverage()}`);
    const header = ['people', 'busy intervals', 'engine ms', 'fastest ms', '× prev', '× per doubling', 'minute grid ms', 'speed-up', 'matches engine/grid'];
    const widths = header.map((h) => Math.max(h.length, 9));
    console.log(row(header, widths));
    const problems = SIZES.map((people) => {
      const request = benchmarkRequest(people, DAYS, 20260302 + people);
      const result = findMeetingTimes(request, i18n);
      if (!result.ok) throw new Error(`benchmark request rejected: ${result.error.message}`);
      for (let i = 0; i < WARM_UP_RUNS; i++) findMeetingTimes(request, i18n);
      return { people, request, matchingStarts: result.matchingStarts, times: [] as number[] };
    });
    // Rounds visit every size in turn, so a burst of load from other work on this shared machine
    // slows all sizes alike instead of skewing the ratios between them.
    for (let round = 0; round < MEASURED_RUNS; round++) {
      for (const problem of problems) {
        const started = performance.now();
        findMeetingTimes(problem.request, i18n);
        problem.times.push(performance.now() - started);
      }
    }
    let previous: { people: number; engine: number } | undefined;
    const perDoubling: number[] = [];
    const summary: Array<{ people: number; engine: number; speedUp: number }> = [];
    for (const { people, request, matchingStarts, times: engineTimes } of problems) {
      const busyCount = request.participants.reduce(
        (sum, p) => sum + (p.availability.status === 'known' ? p.availability.busy.length : 0),
        0,
      );
      const engine = median(engineTimes);
      let gridMatches = 0;
      const grid = median(
        timeRuns(BASELINE_RUNS, () => {
          gridMatches = minuteGridMatchingStarts(request);
        }),
      );
      // Sizes do not all double (10 → 25), so growth is also given per doubling of people.
      const ratio = previous === undefined ? undefined : engine / previous.engine;
      const doubling = previous === undefined || ratio === undefined ? undefined : ratio ** (1 / Math.log2(people / previous.people));
      if (doubling !== undefined) perDoubling.push(doubling);
      previous = { people, engine };
      summary.push({ people, engine, speedUp: grid / engine });
      console.log(
        row(
          [
            people,
            busyCount,
            engine.toFixed(1),
            Math.min(...engineTimes).toFixed(1),
            ratio === undefined ? '—' : `${ratio.toFixed(2)}×`,
            doubling === undefined ? '—' : `${doubling.toFixed(2)}×`,
            grid.toFixed(0),
            `${(grid / engine).toFixed(0)}×`,
            `${matchingStarts}/${gridMatches}${matchingStarts === gridMatches ? '' : ' MISMATCH'}`,
          ],
          widths,
        ),
      );
    }
    const hundred = summary.find((s) => s.people === 100);
    console.log(
      `\nengine: median of ${MEASURED_RUNS} interleaved runs per size after ${WARM_UP_RUNS} warm-ups (minute grid: median of ${BASELINE_RUNS}); ` +
        `load average at end ${loadAverage()}\n` +
        `targets: 100 people ≤ 50 ms (${hundred?.engine.toFixed(1)} ms), ` +
        `doubling ≤ 2.3× (worst ${Math.max(...perDoubling).toFixed(2)}× per doubling), ` +
        `≥ 20× faster than the minute grid (least ${Math.min(...summary.map((s) => s.speedUp)).toFixed(0)}×)`,
    );
  },
};
