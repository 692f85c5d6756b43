/**
 * A per-layer quantity against the layer index l = 1 … L: activation norms ‖a^[l]‖, gradient norms ‖dW^[l]‖,
 * variances Var(z^[l]), one line per network. The y axis is logarithmic by default, because the lessons' whole
 * subject is quantities that grow or shrink geometrically (like k^l), which a log axis draws as straight lines.
 *
 * Layers where the quantity overflowed to ∞, underflowed to 0 or became NaN are drawn as ▲/▼/× on the edge of
 * the plot and named in the caption (see `off-scale.ts`): a log axis would otherwise silently drop them.
 */
import * as Plot from '@observablehq/plot';
import { expectLabelMode, expectText, expectValueScale, indexScale, valueScale } from './axes.js';
import { endLabels, gapped, referenceLine } from './line-marks.js';
import { offScaleMarks, offScaleNote } from './off-scale.js';
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

/** Options of `depthProfileChart`. */
export interface DepthProfileOptions extends ChartText {
  /** One series per network (or per quantity); `values[i]` belongs to layer `firstLayer + i`. */
  readonly series: readonly Series[];
  /** What is plotted, for the y axis and the description: `'activation norm ‖a^[l]‖'`. */
  readonly quantity: string;
  /** `'log'` (default) or `'linear'`. */
  readonly yScale?: 'log' | 'linear';
  /** The layer index of each series' first value (default 1; use 0 to include the input a^[0] = x). */
  readonly firstLayer?: number;
  /** The x axis label (default `'layer l'`). */
  readonly xLabel?: string;
  /** A dashed horizontal reference line, e.g. at 1 for "unchanged". */
  readonly reference?: number;
  /** `'direct'` labels at the end of each line (default for up to 6 series), or a `'legend'`. */
  readonly labels?: 'direct' | 'legend';
  /** A dot at every layer (default: when each series has at most 40 values). */
  readonly dots?: boolean;
}

/** Defaults of `depthProfileChart`. */
export const depthProfileDefaults = {
  yScale: 'log',
  firstLayer: 1,
  xLabel: 'layer l',
} as const;

/**
 * A per-layer quantity against depth, one line per series, as Plot options.
 *
 * @example
 * ```ts
 * const chart = depthProfileChart({
 *   quantity: 'activation norm ‖a^[l]‖',
 *   series: [{ label: 'k = 1.5', values: [1.5, 2.25, 3.375] }, { label: 'k = 0.5', values: [0.5, 0.25, 0.125] }],
 * });
 * display(chart);
 * ```
 */
export function depthProfileChart(options: DepthProfileOptions): Plot.PlotOptions {
  const context = 'depthProfileChart';
  const series = expectSeriesList('series', options?.series, context);
  expectText('quantity', options.quantity, context, 'a non-empty string naming the quantity');
  const yScale = expectValueScale(options.yScale, depthProfileDefaults.yScale, context);
  const labels = expectLabelMode(options.labels, series.length, context);
  const firstLayer = options.firstLayer ?? depthProfileDefaults.firstLayer;
  const xLabel = options.xLabel ?? depthProfileDefaults.xLabel;

  const points = seriesPoints(series, yScale, firstLayer);
  const finite = points.filter((p) => p.status === 'finite');
  const note = offScaleNote(points, { unit: 'layer' });
  const describeX = (x: number) => `layer ${x}`;

  const height = options.height ?? CHART_DEFAULTS.height;

  const marks: Plot.Markish[] = [
    referenceLine(options.reference),
    ...seriesLines(gapped(points), series, { strokeWidth: 2 }),
    (options.dots ?? wantsDots(series))
      ? Plot.dot(finite, {
          x: 'x',
          y: 'y',
          fill: 'series',
          r: 2.5,
          title: (p) => `${p.series}, ${describeX(p.x)}`,
        })
      : null,
    labels === 'direct' ? endLabels(finite) : null,
    ...offScaleMarks(points, { describeX, frameHeight: frameHeight(height) }),
  ];

  const title = options.title;
  return {
    title,
    subtitle: options.subtitle,
    caption: joinText(options.caption, note),
    ariaLabel: options.ariaLabel ?? title ?? `${options.quantity} per layer`,
    ariaDescription:
      options.ariaDescription ??
      joinText(
        `Line chart of ${options.quantity} against the layer index, on a ${yScale} scale.`,
        describeSeries(points, 'layer'),
        note,
      ),
    ...chartFrame({
      width: options.width,
      height,
      marginRight: labels === 'direct' ? directLabelMargin(series.map((s) => s.label)) : 24,
    }),
    x: indexScale(
      xLabel,
      points.map((p) => p.x),
    ),
    y: valueScale(yScale, options.quantity, points),
    color: seriesColorScale(series, labels === 'legend'),
    marks,
  };
}
