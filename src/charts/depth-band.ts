/**
 * A spread against depth: for each series a shaded band from a lower to an upper value (say the 10th and 90th
 * percentiles of a Jacobian's singular values), and a line through a middle value (the median), one x per depth.
 * Made for "how widely do the singular values spread as the network deepens?", where one line per quantity would
 * hide that the band is what matters. The y axis is logarithmic by default, so a band that keeps its width on the
 * page keeps its ratio, and a band that widens is spreading over orders of magnitude.
 *
 * Middle values that cannot be placed on the axis (0, ∞, NaN on a log scale) are marked on the plot's edge, as in
 * every chart of the book; a depth whose band edge cannot be placed has no band there, and the caption says so.
 * A theory's prediction can be dashed over the bands, so the reader sees whether it sits inside the scatter: the
 * Lab draws its seeds' forward and backward passes this way, with mean field over them.
 */
import * as Plot from '@observablehq/plot';
import { GradscopeArgumentError } from '@gradscope/core';
import { expectLabelMode, expectText, expectValueScale, indexScale, valueScale } from './axes.js';
import { formatNumber } from './format.js';
import type { Meaning } from './meaning.js';
import { endLabels, gapped, referenceLine } from './line-marks.js';
import { offScaleMarks, offScaleNote, pointStatus, type ChartPoint } from './off-scale.js';
import {
  describeSeries,
  directLabelMargin,
  expectSeriesList,
  joinText,
  seriesColorScale,
  seriesLines,
  seriesPoints,
  wantsDots,
  type ChartText,
  type Series,
} from './series.js';
import { CHART_DEFAULTS, chartFrame, frameHeight } from './theme.js';

/** One band and its middle line: `lower[i] ≤ middle[i] ≤ upper[i]` at `x[i]`. */
export interface BandSeries {
  /** e.g. `'tanh, orthogonal'`; a label that names a meaning gets that meaning's colour. */
  readonly label: string;
  /** The bottom edge of the band. */
  readonly lower: ArrayLike<number>;
  /** The line drawn through the band. */
  readonly middle: ArrayLike<number>;
  /** The top edge of the band. */
  readonly upper: ArrayLike<number>;
  /** The x of each value (default: consecutive integers from `firstX`). */
  readonly x?: ArrayLike<number>;
  /** What the series shows, for its colour, when the label does not say it (see `Series.meaning`). */
  readonly meaning?: Meaning;
  /** A CSS colour (default: the meaning's colour, else a free palette colour). */
  readonly color?: string;
}

/** Options of `depthBandChart`. */
export interface DepthBandOptions extends ChartText {
  readonly series: readonly BandSeries[];
  /** What is plotted, for the y axis and the description: `'singular value σ of J_l'`. */
  readonly quantity: string;
  /** What the band holds, for the caption and the description (default `'the band'`). */
  readonly bandLabel?: string;
  /** What the line is (default `'the middle value'`). */
  readonly middleLabel?: string;
  /** `'log'` (default) or `'linear'`. */
  readonly yScale?: 'log' | 'linear';
  /** The x of the first value when no x is given (default 1). */
  readonly firstX?: number;
  /** The x axis label (default `'depth l'`). */
  readonly xLabel?: string;
  /** The word for x in descriptions (default `'depth'`). */
  readonly unit?: string;
  /** A dashed horizontal reference line, e.g. at 1 for "unchanged". */
  readonly reference?: number;
  /** `'direct'` labels at the end of each line (default for up to 6 series), or a `'legend'`. */
  readonly labels?: 'direct' | 'legend';
  /** Predictions, dashed in the text colour over the bands (NaN where a prediction is undefined: a gap). */
  readonly theory?: readonly Series[];
}

/** Defaults of `depthBandChart`. */
export const depthBandDefaults = {
  yScale: 'log',
  firstX: 1,
  xLabel: 'depth l',
  unit: 'depth',
  bandLabel: 'the band',
  middleLabel: 'the middle value',
} as const;

/** A depth where the whole band can be placed. */
interface BandRow {
  readonly series: string;
  readonly x: number;
  readonly lower: number;
  readonly upper: number;
}

/**
 * Bands and middle lines against depth, as Plot options.
 *
 * @example
 * ```ts
 * display(depthBandChart({
 *   quantity: 'singular value σ',
 *   bandLabel: 'the middle 80 % of the singular values',
 *   middleLabel: 'the median',
 *   reference: 1,
 *   series: [{ label: 'tanh', x: [1, 2, 3], lower: [0.9, 0.8, 0.7], middle: [1, 1, 1], upper: [1.1, 1.2, 1.3] }],
 * }));
 * ```
 */
export function depthBandChart(options: DepthBandOptions): Plot.PlotOptions {
  const context = 'depthBandChart';
  const list = options?.series;
  if (!Array.isArray(list) || list.length === 0) {
    throw new GradscopeArgumentError(
      'series',
      list,
      'a non-empty array of { label, lower, middle, upper }',
      context,
    );
  }
  expectText('quantity', options.quantity, context, 'a non-empty string naming the quantity');
  const yScale = expectValueScale(options.yScale, depthBandDefaults.yScale, context);
  const labels = expectLabelMode(options.labels, list.length, context);
  const theory = options.theory === undefined ? [] : expectSeriesList('theory', options.theory, context);
  const firstX = options.firstX ?? depthBandDefaults.firstX;
  const xLabel = options.xLabel ?? depthBandDefaults.xLabel;
  const unit = options.unit ?? depthBandDefaults.unit;
  const bandLabel = options.bandLabel ?? depthBandDefaults.bandLabel;
  const middleLabel = options.middleLabel ?? depthBandDefaults.middleLabel;

  const middles: Series[] = list.map((s) => ({
    label: s.label,
    values: s.middle,
    x: s.x,
    meaning: s.meaning,
    color: s.color,
  }));
  expectSeriesList('series', middles, context);
  list.forEach((s, i) => {
    for (const edge of ['lower', 'upper'] as const) {
      const values = s[edge] as unknown;
      const ok =
        (Array.isArray(values) || ArrayBuffer.isView(values)) &&
        (values as ArrayLike<unknown>).length === s.middle.length &&
        Array.from(values as ArrayLike<unknown>).every((v) => typeof v === 'number');
      if (!ok) {
        throw new GradscopeArgumentError(
          `series[${i}].${edge}`,
          values,
          `an array of ${s.middle.length} numbers, one per value of middle`,
          context,
        );
      }
    }
  });

  const points = seriesPoints(middles, yScale, firstX);
  const finite = points.filter((p) => p.status === 'finite');
  const predicted = seriesPoints(theory, yScale, firstX);
  const finitePredicted = predicted.filter((p) => p.status === 'finite');
  const dots = wantsDots(middles);
  const bands: BandRow[] = [];
  const edgePoints: ChartPoint[] = [];
  list.forEach((s) => {
    for (let i = 0; i < s.middle.length; i++) {
      const x = s.x ? s.x[i] : firstX + i;
      const lower = s.lower[i];
      const upper = s.upper[i];
      const lowerStatus = pointStatus(lower, yScale);
      const upperStatus = pointStatus(upper, yScale);
      if (lowerStatus === 'finite' && upperStatus === 'finite')
        bands.push({ series: s.label, x, lower, upper });
      edgePoints.push({ series: `${s.label}, lower edge`, x, y: lower, status: lowerStatus });
      edgePoints.push({ series: `${s.label}, upper edge`, x, y: upper, status: upperStatus });
    }
  });
  const edgeNote = offScaleNote(
    [...edgePoints].sort((a, b) => (a.series === b.series ? a.x - b.x : a.series < b.series ? -1 : 1)),
    { unit, edgeHint: false },
  );
  const middleNote = offScaleNote(points, { unit });
  const describeX = (x: number) => `${unit} ${formatNumber(x)}`;

  const height = options.height ?? CHART_DEFAULTS.height;

  const marks: Plot.Markish[] = [
    referenceLine(options.reference),
    Plot.areaY(bands, {
      x: 'x',
      y1: 'lower',
      y2: 'upper',
      z: 'series',
      fill: 'series',
      fillOpacity: 0.22,
      curve: 'linear',
    }),
    // Thin edges, so two overlapping bands stay distinguishable where their fills blend.
    Plot.line(bands, {
      x: 'x',
      y: 'lower',
      z: 'series',
      stroke: 'series',
      strokeWidth: 0.75,
      strokeOpacity: 0.8,
    }),
    Plot.line(bands, {
      x: 'x',
      y: 'upper',
      z: 'series',
      stroke: 'series',
      strokeWidth: 0.75,
      strokeOpacity: 0.8,
    }),
    // A dot per value, with its tooltip, only where there are few: a 500-layer band reads as a line.
    ...seriesLines(
      gapped(points),
      middles,
      dots ? { strokeWidth: 2 } : { strokeWidth: 2, title: (p: ChartPoint) => `${p.series}: ${middleLabel}` },
    ),
    dots
      ? Plot.dot(finite, {
          x: 'x',
          y: 'y',
          fill: 'series',
          r: 2.5,
          title: (p: ChartPoint) => `${p.series}, ${describeX(p.x)}: ${middleLabel} ${formatNumber(p.y)}`,
        })
      : null,
    theory.length > 0
      ? Plot.line(gapped(predicted), {
          x: 'x',
          y: 'y',
          z: 'series',
          stroke: 'currentColor',
          strokeWidth: 1.5,
          strokeDasharray: '6 4',
          ariaDescription: 'theory',
        })
      : null,
    // A theory that agrees with the measurement ends where it does, so its name goes a line lower and the
    // measurement's a line higher: the two names do not overprint.
    ...(labels === 'direct'
      ? [endLabels(finite, theory.length > 0 ? -7 : 0), endLabels(finitePredicted, 8)]
      : []),
    ...offScaleMarks(points, { describeX, frameHeight: frameHeight(height) }),
  ];

  const key = joinText(
    `Shaded: ${bandLabel}. Line: ${middleLabel}.`,
    theory.length > 0 ? `Dashed: ${theory.map((t) => t.label).join(', ')}.` : undefined,
  )!;
  const bandText = list
    .map((s) => {
      const rows = bands.filter((b) => b.series === s.label);
      if (rows.length === 0) return `${s.label}: no band can be placed on the axis.`;
      const [first, last] = [rows[0], rows[rows.length - 1]];
      const span = (b: BandRow) => `${formatNumber(b.lower, 3)} to ${formatNumber(b.upper, 3)}`;
      return rows.length === 1
        ? `${s.label}: from ${span(first)} at ${describeX(first.x)}.`
        : `${s.label}: from ${span(first)} at ${describeX(first.x)}, from ${span(last)} at ${describeX(last.x)}.`;
    })
    .join(' ');
  const allPoints = [
    ...points,
    ...predicted,
    ...bands.flatMap((b) => [
      { series: b.series, x: b.x, y: b.lower, status: 'finite' as const },
      { series: b.series, x: b.x, y: b.upper, status: 'finite' as const },
    ]),
  ];
  return {
    title: options.title,
    subtitle: options.subtitle,
    caption: joinText(options.caption, key, middleNote, edgeNote),
    ariaLabel:
      options.ariaLabel ?? options.title ?? `${options.quantity} against ${xLabel}: bands and middle lines`,
    ariaDescription:
      options.ariaDescription ??
      joinText(
        `Chart of ${options.quantity} against ${xLabel} on a ${yScale} scale. ${key}`,
        `Middle lines: ${describeSeries(points, unit)}`,
        `Bands: ${bandText}`,
        theory.length > 0 ? `Dashed: ${describeSeries(predicted, unit)}` : undefined,
        middleNote,
        edgeNote,
      ),
    ...chartFrame({
      width: options.width,
      height,
      marginRight:
        labels === 'direct'
          ? directLabelMargin([...list.map((s) => s.label), ...theory.map((t) => t.label)])
          : 24,
    }),
    x: indexScale(
      xLabel,
      [...points, ...predicted].map((p) => p.x),
    ),
    y: valueScale(yScale, options.quantity, allPoints),
    color: seriesColorScale(middles, labels === 'legend'),
    marks,
  };
}
