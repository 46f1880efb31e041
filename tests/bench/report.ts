import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';

/**
 * One figure of the performance report. `ratio` is value ÷ target, so under an upper bound
 * (`≤`) a ratio of at most 1 meets it, and under a lower bound (`≥`) one of at least 1 does.
 */
export interface Figure {
  section: string;
  figure: string;
  value: number;
  unit: string;
  /** What the figure is held to; undefined where no issue sets a target. */
  target?: { bound: '≤' | '≥' | '='; value: number; why?: string };
  /** Context a reader needs to trust the value (baseline, spread, counts), printed beside it. */
  note?: string;
}

export class Report {
  readonly figures: Figure[] = [];
  readonly failures: string[] = [];

  add(figure: Figure): void {
    this.figures.push(figure);
  }
}

export function ratioOf(figure: Figure): number | undefined {
  // A target of zero (no long tasks) has no meaningful ratio: it is met or it is not.
  if (figure.target === undefined || figure.target.value === 0) return undefined;
  return figure.value / figure.target.value;
}

export function met(figure: Figure): boolean | undefined {
  const target = figure.target;
  if (target === undefined) return undefined;
  if (target.bound === '≤') return figure.value <= target.value;
  if (target.bound === '≥') return figure.value >= target.value;
  return figure.value === target.value;
}

function formatNumber(value: number, unit: string): string {
  if (unit === 'bytes') return value.toLocaleString('en-US');
  if (Number.isInteger(value)) return String(value);
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

export function machineLoad(): string {
  return `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores`;
}

/** Prints every figure in one table and writes them, with the machine's state, to bench-report.json. */
export function publish(report: Report, startedLoad: string): void {
  const rows = report.figures.map((figure) => {
    const ratio = ratioOf(figure);
    const outcome = met(figure);
    return [
      figure.section,
      figure.figure,
      `${formatNumber(figure.value, figure.unit)} ${figure.unit}`,
      figure.target === undefined ? 'none set' : `${figure.target.bound} ${formatNumber(figure.target.value, figure.unit)}${figure.target.why ? ` (${figure.target.why})` : ''}`,
      ratio === undefined ? '—' : `${ratio.toFixed(2)}×`,
      outcome === undefined ? '—' : outcome ? 'met' : 'MISSED',
      figure.note ?? '',
    ];
  });
  const header = ['section', 'figure', 'value', 'target', 'ratio', 'result', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(`\n${line(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
  const endedLoad = machineLoad();
  console.log(`\nmachine: ${startedLoad} at start, ${endedLoad} at end`);
  const file = path.resolve('bench-report.json');
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        generatedAt: new Date().toISOString(),
        machine: { atStart: startedLoad, atEnd: endedLoad, node: process.version },
        figures: report.figures.map((figure) => ({ ...figure, ratio: ratioOf(figure) ?? null, met: met(figure) ?? null })),
        failedSections: report.failures,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`written to ${path.relative(process.cwd(), file)}`);
}
