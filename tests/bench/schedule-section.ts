import * as i18n from '@/lib/i18n';
import { findMeetingTimes, type BusyInterval, type MeetingRequest } from '@/lib/schedule';
import { byStartThenEnd } from '@/lib/providers/busy-order';
import { busyPerWindow, joinWindows, packBusy, type PackedBusy } from '@/lib/schedule/packed-busy';
import { minuteGridMatchingStarts } from './minute-grid-baseline';
import type { BenchSection } from './run';
import { benchmarkRequest } from './schedule-fixtures';

// Node-only APIs (performance, process.cpuUsage) on purpose: browser globals such as `navigator`
// do not exist on Node 20, where this runs.

const SIZES = [10, 25, 50, 100, 200];
const HUNDRED_PEOPLE = 100;
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

const DAY_MS = 86_400_000;

/** The participants' busy lists as the providers' clients hand them to the cache: in start order. */
function inProviderOrder(request: MeetingRequest): Array<BusyInterval[] | undefined> {
  return request.participants.map((participant) => {
    if (participant.availability.status !== 'known' || !Array.isArray(participant.availability.busy)) return undefined;
    return [...participant.availability.busy].sort(byStartThenEnd);
  });
}

/** What the cache does once per fetch: packs each answer and splits it into the UTC days it stores. */
function packIntoDays(answers: Array<BusyInterval[] | undefined>, firstDayMs: number, days: number): Array<PackedBusy[] | undefined> {
  return answers.map((busy) => {
    if (busy === undefined) return undefined;
    const packed = packBusy(busy);
    if (packed === undefined) throw new Error('a benchmark busy list does not pack');
    return busyPerWindow(packed, firstDayMs, DAY_MS, days);
  });
}

/** What the cache does on each search it answers: joins every person's days into one list for the engine. */
function assembled(request: MeetingRequest, stored: Array<PackedBusy[] | undefined>, firstDayMs: number): MeetingRequest {
  return {
    ...request,
    participants: request.participants.map((participant, index) => {
      const days = stored[index];
      if (days === undefined) return participant;
      return { ...participant, availability: { status: 'known', busy: joinWindows(days.map((busy, day) => ({ startMs: firstDayMs + day * DAY_MS, busy }))) } };
    }),
  };
}

function timed(run: () => void): { wall: number; cpu: number } {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  run();
  const wall = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}

export const scheduleSection: BenchSection = {
  name: `engine: findMeetingTimes over ${DAYS} days, ~6 meetings per person per working day, 60-min meeting on a 15-min grid`,
  run(report) {
    const section = 'engine';
    const problems = SIZES.map((people) => {
      const iso = benchmarkRequest(people, DAYS, 20260302 + people);
      const answers = inProviderOrder(iso);
      // Whole UTC days, from the day before the window (busy time just before it still counts).
      const firstDayMs = Math.floor(Date.parse(iso.now) / DAY_MS) * DAY_MS - DAY_MS;
      const stored = packIntoDays(answers, firstDayMs, DAYS + 2);
      const packed = assembled(iso, stored, firstDayMs);
      const result = findMeetingTimes(packed, i18n);
      if (!result.ok) throw new Error(`benchmark request rejected: ${result.error.message}`);
      if (JSON.stringify(findMeetingTimes(iso, i18n)) !== JSON.stringify(result)) throw new Error(`packed and ISO busy lists disagree at ${people} people`);
      for (let i = 0; i < WARM_UP_RUNS; i++) {
        findMeetingTimes(packed, i18n);
        findMeetingTimes(iso, i18n);
      }
      const busyCount = iso.participants.reduce((sum, p) => sum + (p.availability.status === 'known' && Array.isArray(p.availability.busy) ? p.availability.busy.length : 0), 0);
      return { people, iso, answers, firstDayMs, stored, packed, busyCount, matchingStarts: result.matchingStarts, wall: [] as number[], cpu: [] as number[], isoWall: [] as number[], packing: [] as number[], assembling: [] as number[] };
    });
    // Rounds visit every size in turn, so a burst of load from other work on this shared machine
    // slows all sizes alike instead of skewing the ratios between them.
    for (let round = 0; round < MEASURED_RUNS; round++) {
      for (const problem of problems) {
        const packed = timed(() => findMeetingTimes(problem.packed, i18n));
        problem.wall.push(packed.wall);
        problem.cpu.push(packed.cpu);
      }
    }
    // The other forms run after the engine's rounds, not between them: packing leaves thousands
    // of small buffers behind, and collecting them inside the engine's timings would bill it.
    const hundred = problems.find((problem) => problem.people === HUNDRED_PEOPLE)!;
    for (let round = 0; round < MEASURED_RUNS; round++) hundred.isoWall.push(timed(() => findMeetingTimes(hundred.iso, i18n)).wall);
    for (let round = 0; round < MEASURED_RUNS; round++) {
      hundred.packing.push(timed(() => packIntoDays(hundred.answers, hundred.firstDayMs, DAYS + 2)).wall);
      hundred.assembling.push(timed(() => assembled(hundred.iso, hundred.stored, hundred.firstDayMs)).wall);
    }
    for (const { people, iso, busyCount, matchingStarts, wall, cpu, isoWall, packing, assembling } of problems) {
      let gridMatches = 0;
      const gridTimes: number[] = [];
      for (let run = 0; run < BASELINE_RUNS; run++) {
        const started = performance.now();
        gridMatches = minuteGridMatchingStarts(iso);
        gridTimes.push(performance.now() - started);
      }
      const engine = median(wall);
      const grid = median(gridTimes);
      const agreement = matchingStarts === gridMatches ? `both find ${matchingStarts} starts` : `MISMATCH: engine ${matchingStarts}, grid ${gridMatches} starts`;
      const note = `${busyCount} busy intervals, packed; fastest ${Math.min(...wall).toFixed(1)} ms, CPU median ${median(cpu).toFixed(1)} ms; minute grid ${grid.toFixed(0)} ms, ${(grid / engine).toFixed(0)}× slower; ${agreement}`;
      report.add({
        section,
        figure: `${people} people × ${DAYS} days, median of ${MEASURED_RUNS}`,
        value: engine,
        unit: 'ms',
        target:
          people === HUNDRED_PEOPLE
            ? { bound: '≤', value: HUNDRED_PEOPLE_TARGET_MS, why: 'issue 12' }
            : { bound: '≤', value: grid / GRID_SPEED_UP, why: `minute grid ÷ ${GRID_SPEED_UP}` },
        note,
      });
      if (people !== HUNDRED_PEOPLE) {
        if (matchingStarts !== gridMatches) report.failures.push(`engine and minute grid disagree at ${people} people`);
        continue;
      }
      report.add({ section, figure: `${people} people × ${DAYS} days vs the minute grid`, value: engine, unit: 'ms', target: { bound: '≤', value: grid / GRID_SPEED_UP, why: `minute grid ${grid.toFixed(0)} ms ÷ ${GRID_SPEED_UP}` } });
      // The same search handed ISO strings, as a caller outside the background would: the engine
      // then parses every instant itself. Shown so the packed figure above hides nothing.
      report.add({
        section,
        figure: `${people} people × ${DAYS} days, busy lists as ISO strings, median of ${MEASURED_RUNS}`,
        value: median(isoWall),
        unit: 'ms',
        note: `the engine parses ${2 * busyCount} instants itself; ${(median(isoWall) / engine).toFixed(2)}× the packed search`,
      });
      report.add({
        section,
        figure: `cache: packing ${busyCount} busy intervals into ${DAYS + 2} days per person, median of ${MEASURED_RUNS}`,
        value: median(packing),
        unit: 'ms',
        note: 'paid once per fetch, when free/busy arrives; it replaces two Date.parse per interval per stored day',
      });
      report.add({
        section,
        figure: `cache: joining each person's days for the engine, median of ${MEASURED_RUNS}`,
        value: median(assembling),
        unit: 'ms',
        note: `paid on every search the cache answers, before the engine; engine + joining = ${(engine + median(assembling)).toFixed(1)} ms`,
      });
      if (matchingStarts !== gridMatches) report.failures.push(`engine and minute grid disagree at ${people} people`);
    }
  },
};
