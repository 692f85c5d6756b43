/**
 * Series: the common input of the line charts. A series is a label and its values, one per x (a layer, a step,
 * a depth); this file validates them, turns them into points that know whether they can be placed on the axis,
 * and describes them in words for screen readers.
 */
import * as Plot from '@observablehq/plot';
import { GradscopeArgumentError } from '@gradscope/core';
import { formatNumber } from './format.js';
import { colorFor, meaningOfLabel, type Meaning } from './meaning.js';
import { pointStatus, type ChartPoint } from './off-scale.js';
import { LINE_SWATCH_WIDTH, type LineSwatches } from './legend.js';
import { CHART_DEFAULTS, SERIES_PALETTE } from './theme.js';

/** One line of a chart: a label, its values, and optionally their x positions and colour. */
export interface Series {
  /**
   * Shown in the legend or at the end of the line, e.g. `'k = 1.5'`. A label that names a meaning (`'k = 1.5'`,
   * `'tanh'`, `'He normal'`, `'float32'`) also gives the line that meaning's colour (see `meaning.ts`).
   */
  readonly label: string;
  /** One value per point; Infinity, 0 and NaN are allowed and are marked, not dropped. */
  readonly values: ArrayLike<number>;
  /** The x of each value; by default consecutive integers from the chart's first index. */
  readonly x?: ArrayLike<number>;
  /** What the line shows, for its colour, when the label does not say it: `{ k: 1.5 }`, `{ activation: 'tanh' }`. */
  readonly meaning?: Meaning;
  /** A CSS colour, overriding the meaning's; by default the meaning's colour, or a free palette colour. */
  readonly color?: string;
  /** Draw the line dashed: two quantities of one meaning (one colour), e.g. ‖dW‖ and ‖δ‖ for k = 1.5. */
  readonly dashed?: boolean;
}

/** Text every chart accepts: shown around the plot and read by screen readers. */
export interface ChartText {
  /** A short title above the plot. */
  readonly title?: string;
  /** A line under the title. */
  readonly subtitle?: string;
  /** A caption under the plot; notes about unplaceable values are appended to it. */
  readonly caption?: string;
  /** The accessible name of the chart (default: the title, or a generic name). */
  readonly ariaLabel?: string;
  /** The accessible description (default: generated from the data). */
  readonly ariaDescription?: string;
  /** Width in pixels (the SVG scales down to fit its container). */
  readonly width?: number;
  /** Height in pixels. */
  readonly height?: number;
}

/**
 * Checks a list of series and returns it; throws `GradscopeArgumentError` naming the bad entry.
 *
 * @example
 * ```ts
 * expectSeriesList('series', [{ label: 'k = 1.5', values: [1.5, 2.25] }], 'depthProfileChart');
 * ```
 */
export function expectSeriesList(argument: string, value: unknown, context: string): readonly Series[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new GradscopeArgumentError(
      argument,
      value,
      'a non-empty array of { label, values } series',
      context,
    );
  }
  const labels = new Set<string>();
  value.forEach((s: unknown, i) => {
    const name = `${argument}[${i}]`;
    if (typeof s !== 'object' || s === null) {
      throw new GradscopeArgumentError(name, s, 'an object { label, values }', context);
    }
    const { label, values, x } = s as Partial<Series>;
    if (typeof label !== 'string' || label === '') {
      throw new GradscopeArgumentError(`${name}.label`, label, 'a non-empty string', context);
    }
    if (labels.has(label))
      throw new GradscopeArgumentError(`${name}.label`, label, 'a unique label', context);
    labels.add(label);
    if (!isNumberList(values)) {
      throw new GradscopeArgumentError(
        `${name}.values`,
        values,
        'an array or typed array of numbers',
        context,
      );
    }
    if (x !== undefined && (!isNumberList(x) || x.length !== values.length)) {
      throw new GradscopeArgumentError(
        `${name}.x`,
        x,
        `an array of ${values.length} numbers, one per value`,
        context,
      );
    }
    const { meaning } = s as Partial<Series>;
    if (meaning !== undefined) {
      try {
        colorFor(meaning);
      } catch (error) {
        const expected = error instanceof GradscopeArgumentError ? error.expected : String(error);
        throw new GradscopeArgumentError(`${name}.meaning`, meaning, expected, context);
      }
    }
  });
  return value as Series[];
}

function isNumberList(value: unknown): value is ArrayLike<number> {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return true;
  return Array.isArray(value) && value.every((v) => typeof v === 'number');
}

/**
 * Every value of every series as a point with its placement status on a `scale` axis.
 *
 * @example
 * ```ts
 * seriesPoints([{ label: 'k = 2', values: [2, Infinity] }], 'log', 1);
 * // [{ series: 'k = 2', x: 1, y: 2, status: 'finite' }, { …, x: 2, y: Infinity, status: 'overflow' }]
 * ```
 */
export function seriesPoints(
  series: readonly Series[],
  scale: 'log' | 'linear',
  firstX: number,
): ChartPoint[] {
  const points: ChartPoint[] = [];
  for (const s of series) {
    for (let i = 0; i < s.values.length; i++) {
      const y = s.values[i];
      const x = s.x ? s.x[i] : firstX + i;
      points.push({ series: s.label, x, y, status: pointStatus(y, scale) });
    }
  }
  return points;
}

/**
 * The colour of each series: its own `color`, else its meaning's colour (from `meaning` or its label), else the
 * first palette colour no other series of the chart has taken, so a series without a meaning never looks like
 * one with it.
 *
 * @example
 * ```ts
 * seriesColors([{ label: 'k = 1.5', values: [] }, { label: 'baseline', values: [] }]);
 * // ['var(--gs-chart-vermillion, #d55e00)', 'var(--gs-chart-blue, #2f7ed8)']
 * ```
 */
export function seriesColors(series: readonly Series[]): string[] {
  const fixed = series.map((s) => {
    if (s.color !== undefined) return s.color;
    const meaning = s.meaning ?? meaningOfLabel(s.label);
    return meaning ? colorFor(meaning) : undefined;
  });
  const taken = new Set(fixed.filter((color): color is string => color !== undefined));
  const free = SERIES_PALETTE.filter((color) => !taken.has(color));
  let next = 0;
  // With more plain series than free colours, the palette cycles (charts switch to a legend by then).
  return fixed.map(
    (color) =>
      color ??
      (free.length > 0 ? free[next++ % free.length] : SERIES_PALETTE[next++ % SERIES_PALETTE.length]),
  );
}

/** The dash pattern of a `dashed` series, on the chart and in its legend. */
export const SERIES_DASH = '7 4';

/**
 * The colour scale of a chart whose series are categories: one colour per label (see `seriesColors`), a legend
 * only when asked. When some series is dashed, the legend shows a sample of each line (colour and dash) instead
 * of a square: two series of one colour are told apart there as on the chart.
 *
 * @example
 * ```ts
 * seriesColorScale([{ label: 'a', values: [] }], false); // { type: 'ordinal', domain: ['a'], range: [...] }
 * ```
 */
export function seriesColorScale(
  series: readonly Series[],
  legend: boolean,
): Plot.ScaleOptions & LineSwatches {
  const scale = {
    type: 'ordinal',
    domain: series.map((s) => s.label),
    range: seriesColors(series),
    legend,
  } as const;
  if (!legend || !series.some((s) => s.dashed)) return scale;
  return {
    ...scale,
    swatchWidth: LINE_SWATCH_WIDTH,
    lineSwatches: series.map((s) => (s.dashed ? SERIES_DASH : '')),
  } as Plot.ScaleOptions & LineSwatches;
}

/**
 * Line marks for the series: solid ones in one mark, `dashed` ones in another (Plot's dash is per mark).
 *
 * @example
 * ```ts
 * seriesLines(points, series, { strokeWidth: 2 }); // [Plot.line(solid…), Plot.line(dashed…)]
 * ```
 */
export function seriesLines(
  points: readonly ChartPoint[],
  series: readonly Series[],
  options: Plot.LineYOptions,
): Plot.Markish[] {
  const dashed = new Set(series.filter((s) => s.dashed).map((s) => s.label));
  const line = (data: readonly ChartPoint[], extra: Plot.LineYOptions = {}) =>
    Plot.line(data, { x: 'x', y: 'y', z: 'series', stroke: 'series', ...options, ...extra });
  if (dashed.size === 0) return [line(points)];
  return [
    line(points.filter((p) => !dashed.has(p.series))),
    line(
      points.filter((p) => dashed.has(p.series)),
      { strokeDasharray: SERIES_DASH },
    ),
  ];
}

/** True when a chart of these series should draw a dot at every point (few points per series). */
export function wantsDots(series: readonly Series[]): boolean {
  return Math.max(...series.map((s) => s.values.length)) <= CHART_DEFAULTS.maxPointsWithDots;
}

/**
 * One sentence per series for a screen reader: where it starts and where it ends, among placeable points.
 *
 * @example
 * ```ts
 * describeSeries(points, 'layer'); // 'k = 1.5: 1.5 at layer 1, rising to 3,325 at layer 20.'
 * ```
 */
export function describeSeries(points: readonly ChartPoint[], unit: string): string {
  const names = [...new Set(points.map((p) => p.series))];
  return names
    .map((name) => {
      const finite = points.filter((p) => p.series === name && p.status === 'finite');
      if (finite.length === 0) return `${name}: no value can be placed on the axis.`;
      const first = finite[0];
      const last = finite[finite.length - 1];
      if (finite.length === 1)
        return `${name}: ${formatNumber(first.y)} at ${unit} ${formatNumber(first.x)}.`;
      const start = `${name}: ${formatNumber(first.y)} at ${unit} ${formatNumber(first.x)}`;
      if (last.y === first.y) return `${start}, the same at ${unit} ${formatNumber(last.x)}.`;
      const trend = last.y > first.y ? 'rising' : 'falling';
      return `${start}, ${trend} to ${formatNumber(last.y)} at ${unit} ${formatNumber(last.x)}.`;
    })
    .join(' ');
}

/**
 * The right margin that fits direct labels at the end of the lines: about 0.6 em per character at the charts'
 * font size, plus the gap between line and label.
 *
 * @example
 * ```ts
 * directLabelMargin(['k = 1.5', 'k = 0.5']); // 68
 * ```
 */
export function directLabelMargin(labels: readonly string[]): number {
  const longest = Math.max(0, ...labels.map((label) => [...label].length));
  return Math.max(40, Math.ceil(longest * CHART_DEFAULTS.fontSize * 0.6) + 14);
}

/** Joins the non-empty parts of a caption with spaces. */
export function joinText(...parts: (string | undefined)[]): string | undefined {
  const text = parts.filter((p): p is string => !!p && p.trim() !== '').join(' ');
  return text === '' ? undefined : text;
}
