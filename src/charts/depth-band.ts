/**
 * A per-layer quantity measured several times (several seeds, or several singular values at each depth), drawn as
 * a band from the smallest to the largest measurement with a line through the typical one, and a theory's
 * prediction dashed over it: the reader sees both how much the measurements scatter and whether the theory sits
 * inside the scatter. The Lab's forward and backward passes (three seeds, mean field over them) and its Jacobian
 * spectra (every singular value at each depth) are drawn with it.
 *
 * As in `depthProfileChart`, a typical value that overflowed to ∞, underflowed to 0 or became NaN is marked on
 * the plot's edge and named in the caption instead of silently dropped; the band simply stops where either of its
 * edges cannot be placed.
 */
import * as Plot from '@observablehq/plot';
import { GradscopeArgumentError } from '@gradscope/core';
import { expectValueScale, indexScale, valueScale } from './axes.js';
import { formatNumber } from './format.js';
import { offScaleMarks, offScaleNote, pointStatus, type ChartPoint } from './off-scale.js';
import {
  describeSeries,
  directLabelMargin,
  expectSeriesList,
  joinText,
  seriesColorScale,
  seriesColors,
  seriesPoints,
  type ChartText,
  type Series,
} from './series.js';
import { CHART_DEFAULTS, chartStyle } from './theme.js';
import type { Meaning } from './meaning.js';

/** One measured quantity: a band of measurements per x and the typical value as a line. */
export interface BandSeries {
  /** Its name at the end of its line, e.g. `'tanh, 3 seeds'`; a meaning in it sets the colour (see `Series`). */
  readonly label: string;
  /** The smallest measurement at each x. */
  readonly low: ArrayLike<number>;
  /** The largest measurement at each x. */
  readonly high: ArrayLike<number>;
  /** The typical measurement at each x (a geometric mean, a median), drawn as the line. */
  readonly mid: ArrayLike<number>;
  /** The x of each value (default: consecutive integers from `firstX`). */
  readonly x?: ArrayLike<number>;
  /** What it shows, for its colour, when the label does not say it. */
  readonly meaning?: Meaning;
  /** A CSS colour, overriding the meaning's. */
  readonly color?: string;
}

/** Options of `depthBandChart`. */
export interface DepthBandOptions extends ChartText {
  /** The measured quantities. */
  readonly bands: readonly BandSeries[];
  /** Predictions, drawn dashed in the text colour over the bands (values where they are undefined: NaN, a gap). */
  readonly theory?: readonly Series[];
  /** What is plotted, for the y axis and the description: `'RMS of a^[l]'`. */
  readonly quantity: string;
  /** `'log'` (default) or `'linear'`. */
  readonly yScale?: 'log' | 'linear';
  /** The x of each series' first value when it gives no x (default 1). */
  readonly firstX?: number;
  /** The x axis label (default `'layer l'`). */
  readonly xLabel?: string;
  /** The word for x in descriptions (default `'layer'`). */
  readonly unit?: string;
  /** What a band spans, for the caption and the description (default `'the smallest to the largest measurement'`). */
  readonly bandLabel?: string;
  /** A dashed horizontal reference line, e.g. at 1 for "unchanged". */
  readonly reference?: number;
}

/** Defaults of `depthBandChart`. */
export const depthBandDefaults = {
  yScale: 'log',
  firstX: 1,
  xLabel: 'layer l',
  unit: 'layer',
  bandLabel: 'the smallest to the largest measurement',
} as const;

interface BandRow {
  readonly series: string;
  readonly x: number;
  readonly low: number;
  readonly high: number;
}

/**
 * Measured bands with their typical line, and dashed predictions over them, as Plot options.
 *
 * @example
 * ```ts
 * display(depthBandChart({
 *   quantity: 'RMS of a^[l]',
 *   bands: [{ label: 'tanh, 3 seeds', low: [0.7, 0.5], high: [0.8, 0.6], mid: [0.75, 0.55] }],
 *   theory: [{ label: 'mean field', values: [0.76, 0.56] }],
 * }));
 * ```
 */
export function depthBandChart(options: DepthBandOptions): Plot.PlotOptions {
  const context = 'depthBandChart';
  const bands = expectBands(options?.bands, context);
  if (typeof options.quantity !== 'string' || options.quantity === '') {
    throw new GradscopeArgumentError(
      'quantity',
      options.quantity,
      'a non-empty string naming the quantity',
      context,
    );
  }
  const theory = options.theory === undefined ? [] : expectSeriesList('theory', options.theory, context);
  const yScale = expectValueScale(options.yScale, depthBandDefaults.yScale, context);
  const firstX = options.firstX ?? depthBandDefaults.firstX;
  const xLabel = options.xLabel ?? depthBandDefaults.xLabel;
  const unit = options.unit ?? depthBandDefaults.unit;
  const bandLabel = options.bandLabel ?? depthBandDefaults.bandLabel;

  const midSeries: Series[] = bands.map((b) => ({
    label: b.label,
    values: b.mid,
    x: b.x,
    meaning: b.meaning,
    color: b.color,
  }));
  const colors = seriesColors(midSeries);
  const colorOf = new Map(bands.map((b, i) => [b.label, colors[i]]));
  const mids = seriesPoints(midSeries, yScale, firstX);
  const predicted = seriesPoints(theory, yScale, firstX);
  const rows: BandRow[] = bands.flatMap((b) =>
    Array.from({ length: b.mid.length }, (_, i) => {
      const low = b.low[i];
      const high = b.high[i];
      const placeable = pointStatus(low, yScale) === 'finite' && pointStatus(high, yScale) === 'finite';
      return {
        series: b.label,
        x: b.x ? b.x[i] : firstX + i,
        low: placeable ? low : NaN,
        high: placeable ? high : NaN,
      };
    }),
  );
  const finiteMids = mids.filter((p) => p.status === 'finite');
  const lineMids = mids.map((p) => (p.status === 'finite' ? p : { ...p, y: NaN }));
  const lineTheory = predicted.map((p) => (p.status === 'finite' ? p : { ...p, y: NaN }));
  const describeX = (x: number) => `${unit} ${formatNumber(x)}`;
  const note = offScaleNote(mids, { unit });
  const bandPoints: ChartPoint[] = rows
    .filter((r) => Number.isFinite(r.low))
    .flatMap((r) => [
      { series: r.series, x: r.x, y: r.low, status: 'finite' as const },
      { series: r.series, x: r.x, y: r.high, status: 'finite' as const },
    ]);

  const height = options.height ?? CHART_DEFAULTS.height;
  const frameHeight = height - CHART_DEFAULTS.marginTop - CHART_DEFAULTS.marginBottom;
  const labels = [...bands.map((b) => b.label), ...theory.map((t) => t.label)];

  const marks: Plot.Markish[] = [
    options.reference !== undefined
      ? Plot.ruleY([options.reference], {
          stroke: 'currentColor',
          strokeOpacity: 0.5,
          strokeDasharray: '2 3',
        })
      : null,
    ...bands.map((b) =>
      Plot.areaY(
        rows.filter((r) => r.series === b.label),
        {
          x: 'x',
          y1: 'low',
          y2: 'high',
          fill: colorOf.get(b.label),
          fillOpacity: 0.22,
          ariaDescription: `band: ${b.label}, ${bandLabel}`,
        },
      ),
    ),
    ...bands.map((b) =>
      Plot.line(
        lineMids.filter((p) => p.series === b.label),
        {
          x: 'x',
          y: 'y',
          stroke: colorOf.get(b.label),
          strokeWidth: 2,
          title: (p: ChartPoint) => `${p.series}, ${describeX(p.x)}: ${formatNumber(p.y)}`,
        },
      ),
    ),
    theory.length > 0
      ? Plot.line(lineTheory, {
          x: 'x',
          y: 'y',
          z: 'series',
          stroke: 'currentColor',
          strokeWidth: 1.5,
          strokeDasharray: '6 4',
          ariaDescription: 'theory',
        })
      : null,
    // Labels at the lines' ends; a theory that agrees with the measurement ends where it does, so its label goes
    // a line lower and the measurement's a line higher.
    ...(
      [
        [finiteMids, theory.length > 0 ? -7 : 0],
        [predicted.filter((p) => p.status === 'finite'), 8],
      ] as const
    ).map(([rows, dy]) =>
      Plot.text(
        rows,
        Plot.selectLast({
          x: 'x',
          y: 'y',
          z: 'series',
          text: 'series',
          dx: 6,
          dy,
          textAnchor: 'start',
          fill: 'currentColor',
        }),
      ),
    ),
    ...offScaleMarks(mids, { describeX, frameHeight }),
  ];

  const key = joinText(
    `Bands: ${bandLabel}; lines through them: the typical value.`,
    theory.length > 0 ? `Dashed: ${theory.map((t) => t.label).join(', ')}.` : undefined,
  );
  const title = options.title;
  return {
    title,
    subtitle: options.subtitle,
    caption: joinText(options.caption, key, note),
    ariaLabel: options.ariaLabel ?? title ?? `${options.quantity} per ${unit}`,
    ariaDescription:
      options.ariaDescription ??
      joinText(
        `Chart of ${options.quantity} against ${xLabel}, on a ${yScale} scale. ${key}`,
        describeSeries(mids, unit),
        describeBandWidth(rows, unit),
        theory.length > 0 ? describeSeries(predicted, unit) : undefined,
        note,
      ),
    width: options.width ?? CHART_DEFAULTS.width,
    height,
    marginLeft: CHART_DEFAULTS.marginLeft,
    marginRight: directLabelMargin(labels),
    marginBottom: CHART_DEFAULTS.marginBottom,
    marginTop: CHART_DEFAULTS.marginTop,
    style: chartStyle(),
    x: indexScale(
      xLabel,
      [...mids, ...predicted].map((p) => p.x),
    ),
    y: valueScale(yScale, options.quantity, [...mids, ...bandPoints, ...predicted]),
    // The off-scale symbols take their band's colour through this scale.
    color: seriesColorScale(midSeries, false),
    marks,
  };
}

/** "The band is widest at layer 50, where the largest measurement is 3.2 times the smallest." */
function describeBandWidth(rows: readonly BandRow[], unit: string): string | undefined {
  let widest: BandRow | undefined;
  let ratio = 1;
  for (const r of rows) {
    if (!(r.low > 0 && r.high > 0)) continue;
    const q = r.high / r.low;
    if (q > ratio) {
      ratio = q;
      widest = r;
    }
  }
  if (!widest || ratio < 1.01) return undefined;
  return `${widest.series}: the band is widest at ${unit} ${formatNumber(widest.x)}, where the largest measurement is ${formatNumber(ratio, 3)} times the smallest.`;
}

function expectBands(value: unknown, context: string): readonly BandSeries[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new GradscopeArgumentError(
      'bands',
      value,
      'a non-empty array of { label, low, high, mid }',
      context,
    );
  }
  const labels = new Set<string>();
  value.forEach((b: Partial<BandSeries> | null, i) => {
    const name = `bands[${i}]`;
    if (typeof b !== 'object' || b === null) {
      throw new GradscopeArgumentError(name, b, 'an object { label, low, high, mid }', context);
    }
    if (typeof b.label !== 'string' || b.label === '' || labels.has(b.label)) {
      throw new GradscopeArgumentError(`${name}.label`, b.label, 'a unique non-empty string', context);
    }
    labels.add(b.label);
    expectSeriesList(name, [{ label: b.label, values: b.mid as ArrayLike<number>, x: b.x }], context);
    for (const key of ['low', 'high'] as const) {
      const list = b[key];
      if (!isNumberList(list) || list.length !== b.mid!.length) {
        throw new GradscopeArgumentError(
          `${name}.${key}`,
          list,
          `an array of ${b.mid!.length} numbers, one per value of mid`,
          context,
        );
      }
    }
  });
  return value as BandSeries[];
}

function isNumberList(value: unknown): value is ArrayLike<number> {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return true;
  return Array.isArray(value) && value.every((v) => typeof v === 'number');
}
