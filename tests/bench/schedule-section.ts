import { availableParallelism, loadavg } from 'node:os';
import { findMeetingTimes } from '@/lib/schedule';
import { minuteGridMatchingStarts } from './minute-grid-baseline';
import type { BenchSection } from './run';
import { benchmarkRequest } from './schedule-fixtures';

const SIZES = [10, 25, 50, 100, 200];
const DAYS = 90;
const WARM_UP_RUNS = 5;
const MEASURED_RUNS = 15;
const BASELINE_RUNS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function timeRuns(runs: number, work: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  return median(times);
}

function row(cells: Array<string | number>, widths: number[]): string {
  return cells.map((cell, i) => String(cell).padStart(widths[i]!)).join('  ');
}

export const scheduleSection: BenchSection = {
  name: `findMeetingTimes: ${DAYS} days, ~6 meetings per person per working day, 60-min meeting on a 15-min grid`,
  run() {
    const header = ['people', 'busy intervals', 'engine ms', '× prev', 'minute grid ms', 'speed-up', 'matches engine/grid'];
    const widths = header.map((h) => Math.max(h.length, 9));
    console.log(row(header, widths));
    let previous: number | undefined;
    const ratios: number[] = [];
    const summary: Array<{ people: number; engine: number; speedUp: number }> = [];
    for (const people of SIZES) {
      const request = benchmarkRequest(people, DAYS, 20260302 + people);
      const busyCount = request.participants.reduce(
        (sum, p) => sum + (p.availability.status === 'known' ? p.availability.busy.length : 0),
        0,
      );
      let result = findMeetingTimes(request);
      if (!result.ok) throw new Error(`benchmark request rejected: ${result.error.message}`);
      for (let i = 0; i < WARM_UP_RUNS; i++) result = findMeetingTimes(request);
      const engine = timeRuns(MEASURED_RUNS, () => {
        result = findMeetingTimes(request);
      });
      let gridMatches = 0;
      const grid = timeRuns(BASELINE_RUNS, () => {
        gridMatches = minuteGridMatchingStarts(request);
      });
      const engineMatches = result.ok ? result.matchingStarts : -1;
      const ratio = previous === undefined ? undefined : engine / previous;
      if (ratio !== undefined) ratios.push(ratio);
      previous = engine;
      summary.push({ people, engine, speedUp: grid / engine });
      console.log(
        row(
          [
            people,
            busyCount,
            engine.toFixed(1),
            ratio === undefined ? '—' : `${ratio.toFixed(2)}×`,
            grid.toFixed(0),
            `${(grid / engine).toFixed(0)}×`,
            `${engineMatches}/${gridMatches}${engineMatches === gridMatches ? '' : ' MISMATCH'}`,
          ],
          widths,
        ),
      );
    }
    const hundred = summary.find((s) => s.people === 100);
    console.log(
      `\nmedian of ${MEASURED_RUNS} runs after ${WARM_UP_RUNS} warm-ups (minute grid: median of ${BASELINE_RUNS}); ` +
        `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores; ` +
        `targets: 100 people ≤ 50 ms (${hundred?.engine.toFixed(1)} ms), ` +
        `doubling ≤ 2.3× (worst step ${Math.max(...ratios).toFixed(2)}×), ` +
        `≥ 20× faster than the minute grid (least ${Math.min(...summary.map((s) => s.speedUp)).toFixed(0)}×)`,
    );
  },
};
