/**
 * Scale options shared by the charts: a y scale that may be logarithmic and leaves room on its edges for the
 * symbols of unplaceable values, integer ticks for layer and step indices, and the cells of a grid of parameter
 * values on a scale.
 */
import type * as Plot from '@observablehq/plot';
import { GradscopeArgumentError } from '@gradscope/core';
import { formatNumber, logTickFormat } from './format.js';
import { offScaleInset, type ChartPoint } from './off-scale.js';

/**
 * A value axis: log or linear, grid lines, readable tick labels, and insets where symbols sit on the edges.
 *
 * @example
 * ```ts
 * valueScale('log', '‖a‖', points); // { type: 'log', label: '‖a‖', grid: true, tickFormat: logTickFormat, … }
 * ```
 */
export function valueScale(
  type: 'log' | 'linear',
  label: string,
  points: readonly ChartPoint[],
  extra: Plot.ScaleOptions = {},
): Plot.ScaleOptions {
  return {
    type,
    label,
    grid: true,
    tickFormat: type === 'log' ? logTickFormat : (d: number) => formatNumber(d),
    ...(type === 'log' ? logTicks(points) : {}),
    insetTop: offScaleInset(points, 'top'),
    insetBottom: offScaleInset(points, 'bottom'),
    ...extra,
  };
}

/**
 * An index axis (layers, steps, depths): every integer when there are few, Plot's ticks (which are then
 * integers too) otherwise, and never a fractional label like "layer 2.5".
 *
 * @example
 * ```ts
 * indexScale('layer l', [1, 2, 3]); // ticks [1, 2, 3]
 * ```
 */
export function indexScale(
  label: string,
  xs: readonly number[],
  extra: Plot.ScaleOptions = {},
): Plot.ScaleOptions {
  const finiteXs = xs.filter(Number.isFinite);
  const lo = Math.min(...finiteXs);
  const hi = Math.max(...finiteXs);
  const allIntegers = finiteXs.every(Number.isInteger);
  const ticks = allIntegers && hi - lo <= 12 ? range(lo, hi) : undefined;
  return {
    label,
    ...(ticks ? { ticks } : {}),
    tickFormat: (d: number) => (allIntegers && !Number.isInteger(d) ? '' : formatNumber(d)),
    ...extra,
  };
}

/**
 * Over more than two decades, ticks (and grid lines) only at powers of ten, every few decades when there are
 * many: d3's default adds 2, 3, … 9 times every power, which over 5 decades is 45 grid lines. Over a range so
 * short that fewer than two of its ticks would carry a label (`logTickFormat` labels 1, 2 and 5 times a power of
 * ten: from 0.6 to 0.95 none), evenly spaced ticks, every one labelled.
 */
function logTicks(points: readonly ChartPoint[]): { ticks?: number[]; tickFormat?: (d: number) => string } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of points) {
    if (p.status === 'finite' && p.y > 0) {
      lo = Math.min(lo, p.y);
      hi = Math.max(hi, p.y);
    }
  }
  if (!(lo <= hi)) return {};
  const first = Math.ceil(Math.log10(lo) - 1e-9);
  const last = Math.floor(Math.log10(hi) + 1e-9);
  if (last - first < 2) {
    return labelledLogTicks(lo, hi) >= 2
      ? {}
      : { ticks: evenTicks(lo, hi), tickFormat: (d) => formatNumber(d, 3) };
  }
  const stride = niceStride(Math.ceil((last - first) / 8));
  const ticks: number[] = [];
  for (let e = Math.ceil(first / stride) * stride; e <= last; e += stride) ticks.push(10 ** e);
  return { ticks };
}

/** How many of 1, 2 and 5 times a power of ten (the values `logTickFormat` labels) lie in [lo, hi]. */
function labelledLogTicks(lo: number, hi: number): number {
  let count = 0;
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const value = m * 10 ** e;
      if (value >= lo * (1 - 1e-9) && value <= hi * (1 + 1e-9)) count++;
    }
  }
  return count;
}

/** Three to five round values from lo to hi: multiples of 1, 2 or 5 times a power of ten. */
function evenTicks(lo: number, hi: number): number[] {
  if (!(hi > lo * (1 + 1e-9))) return [lo];
  const wanted = (hi - lo) / 4;
  const power = 10 ** Math.floor(Math.log10(wanted));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= wanted * (1 - 1e-9))!;
  const ticks: number[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi * (1 + 1e-9); k++)
    ticks.push(Number((k * step).toPrecision(12)));
  return ticks;
}

/** The smallest of 1, 2, 5, 10, 20, 50, … that is at least `n`. */
function niceStride(n: number): number {
  for (let power = 1; ; power *= 10) {
    for (const m of [1, 2, 5]) if (m * power >= n) return m * power;
  }
}

function range(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let x = lo; x <= hi; x++) out.push(x);
  return out;
}

/** How a chart's value axis is drawn. */
export type ValueScaleType = 'log' | 'linear';

/**
 * Up to this many series are told apart by labels at their ends and categorical colours; beyond it, labels
 * collide and colours repeat, so charts switch to a legend or a colour ramp.
 */
export const DIRECT_LABEL_LIMIT = 6;

/**
 * `value` when it is one of `choices`; otherwise the engine's error, which lists them and suggests the nearest to a
 * misspelt one (`yScale must be one of "log", "linear"; received "lgo" (did you mean "log"?)`).
 *
 * @example
 * ```ts
 * expectChoice('scheme', options.scheme, ['diverging', 'sequential'], 'heatmapChart');
 * ```
 */
export function expectChoice<T extends string>(
  argument: string,
  value: unknown,
  choices: readonly T[],
  context: string,
): T {
  if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
  throw GradscopeArgumentError.notOneOf(argument, value, choices, context);
}

/**
 * `value` when it is a non-empty string (an axis label, the name of what is plotted); otherwise the engine's error
 * naming `argument` and what it should be (default `'a non-empty string'`).
 *
 * @example
 * ```ts
 * expectText('xLabel', options.xLabel, 'curveChart');
 * expectText('quantity', options.quantity, 'depthProfileChart', 'a non-empty string naming the quantity');
 * ```
 */
export function expectText(
  argument: string,
  value: unknown,
  context: string,
  expected = 'a non-empty string',
): string {
  if (typeof value !== 'string' || value === '') {
    throw new GradscopeArgumentError(argument, value, expected, context);
  }
  return value;
}

/**
 * Validates a chart's `yScale` option, falling back to the chart's default.
 *
 * @example
 * ```ts
 * expectValueScale(options.yScale, 'log', 'depthProfileChart'); // 'log' unless the caller chose 'linear'
 * ```
 */
export function expectValueScale(value: unknown, fallback: ValueScaleType, context: string): ValueScaleType {
  return expectChoice('yScale', value ?? fallback, ['log', 'linear'], context);
}

/**
 * Validates a chart's `labels` option: direct labels for a few series, a legend for many.
 *
 * @example
 * ```ts
 * expectLabelMode(undefined, 3, 'depthProfileChart'); // 'direct'
 * ```
 */
export function expectLabelMode(value: unknown, seriesCount: number, context: string): 'direct' | 'legend' {
  const fallback = seriesCount <= DIRECT_LABEL_LIMIT ? 'direct' : 'legend';
  return expectChoice('labels', value ?? fallback, ['direct', 'legend'], context);
}

/**
 * Each grid value's cell on a scale: from halfway to its lower neighbour to halfway to its upper one, halfway taken
 * in the scale's coordinate (the logarithm on a log scale); the end cells reach as far out as in. A lone value's
 * cell reaches `loneHalfWidth` either side of it, in the scale's coordinate. Used by the charts that colour a cell
 * per point of a grid over two parameters (`phaseDiagramChart`, `regimeMapChart`).
 *
 * @example
 * ```ts
 * cellEdges([1, 2, 4], 'linear', 0.5); // 1 → 0.5 to 1.5, 2 → 1.5 to 3, 4 → 3 to 5
 * cellEdges([1, 4], 'log', 0.5); // 1 → 0.5 to 2, 4 → 2 to 8
 * ```
 */
export function cellEdges(
  values: readonly number[],
  scale: ValueScaleType,
  loneHalfWidth: number,
): Map<number, { low: number; high: number }> {
  const t = (v: number) => (scale === 'log' ? Math.log(v) : v);
  const back = (u: number) => (scale === 'log' ? Math.exp(u) : u);
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const half = (i: number) => {
    if (sorted.length === 1) return loneHalfWidth;
    const j = i === 0 ? 1 : i;
    return (t(sorted[j]) - t(sorted[j - 1])) / 2;
  };
  return new Map(
    sorted.map((v, i) => {
      const below = i === 0 ? half(0) : (t(v) - t(sorted[i - 1])) / 2;
      const above = i === sorted.length - 1 ? half(i) : (t(sorted[i + 1]) - t(v)) / 2;
      return [v, { low: back(t(v) - below), high: back(t(v) + above) }];
    }),
  );
}
