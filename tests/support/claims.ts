/**
 * Helpers for the claims tests (tests/claims/<slug>.test.ts), which check every number a lesson states: the data
 * points behind a chart, relative differences, and a lesson's example run as the playground runs it, with
 * stand-ins for `display`, `progress` and `console.log` that collect what it shows.
 *
 * @example
 * const { shown, logged } = await runExample(new URL('../../content/1-x/lesson/example.ts', import.meta.url));
 * expect(relative(pointsOf(shown[0] as PlotOptions).at(-1)!.y, n.output)).toBeLessThan(1e-12);
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

import type { PlotOptions } from '@observablehq/plot';
import { expect, vi } from 'vitest';

/** A point of a `src/charts` chart: every mark plots `{ series, x, y }` rows. */
export interface ChartPoint {
  readonly series: string;
  readonly x: number;
  readonly y: number;
}

/**
 * The data points behind a chart's marks.
 *
 * @example
 * pointsOf(chart).filter((p) => p.series === 'k = 1.5' && p.x === 20);
 */
export function pointsOf(chart: PlotOptions): ChartPoint[] {
  return (chart.marks as { data?: unknown }[])
    .flatMap((mark) => (Array.isArray(mark?.data) ? (mark.data as unknown[]) : []))
    .filter((p): p is ChartPoint => typeof p === 'object' && p !== null && 'series' in p);
}

/**
 * The colour a chart gives each series, by label.
 *
 * @example
 * colorsOf(chart)['k = 1']; // 'var(--gs-chart-gray, #808080)'
 */
export function colorsOf(chart: PlotOptions): Record<string, string> {
  const { domain = [], range = [] } = (chart.color ?? {}) as { domain?: string[]; range?: string[] };
  return Object.fromEntries(domain.map((label, i) => [label, range[i]]));
}

/**
 * |a − b| / |b|: how far `a` is from the expected `b`, relative to it.
 *
 * @example
 * relative(1.0000001, 1); // ≈ 1e-7
 */
export function relative(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}

/** What an example showed: every value passed to `display` (and its updates), and every `console.log`. */
export interface ExampleOutput {
  readonly shown: unknown[];
  readonly logged: unknown[][];
}

let runs = 0;

/**
 * Runs a lesson example (a `.ts` file or URL) as the playground does, with `display`, `progress` and
 * `console.log` replaced by stand-ins that collect what it shows; every call runs the file afresh.
 *
 * @example
 * const { shown, logged } = await runExample(new URL('../../content/1-x/lesson/growth.ts', import.meta.url));
 */
export async function runExample(file: string | URL): Promise<ExampleOutput> {
  const shown: unknown[] = [];
  const logged: unknown[][] = [];
  vi.stubGlobal('display', (value: unknown) => {
    shown.push(value);
    return { update: (next: unknown) => void shown.push(next) };
  });
  vi.stubGlobal('progress', () => {});
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logged.push(args));
  try {
    const url = typeof file === 'string' ? pathToFileURL(file) : file;
    // A query of its own makes the module run again instead of coming from the module cache.
    await import(/* @vite-ignore */ `${url.pathname}?run=${++runs}`);
  } finally {
    log.mockRestore();
    vi.unstubAllGlobals();
  }
  return { shown, logged };
}

/**
 * Runs a lesson example with a reader's edits made to its code (each `from` must occur in it, else the test says
 * so): a TryThis claim checked as the reader would check it. The edited copy sits beside the original for the run,
 * so its imports resolve the same way, and is removed.
 *
 * @example
 * const { shown } = await runEditedExample(lessonFolder, 'training', [['depth = 50', 'depth = 10']]);
 */
export async function runEditedExample(
  folder: URL,
  name: string,
  edits: [from: string, to: string][],
): Promise<ExampleOutput> {
  let code = readFileSync(new URL(`${name}.ts`, folder), 'utf8');
  for (const [from, to] of edits) {
    expect(code, `the example ${name} contains ${JSON.stringify(from)}`).toContain(from);
    code = code.split(from).join(to);
  }
  const copy = new URL(`.edited-${name}-${process.pid}.ts`, folder);
  writeFileSync(copy, code);
  try {
    return await runExample(copy);
  } finally {
    rmSync(copy);
  }
}
