/**
 * Something per training step: the loss, or the gradient norm of every layer (one line per layer). A run that
 * diverges shows it honestly: the steps where the value overflowed or became NaN are marked on the top edge,
 * and the caption names the first of them.
 *
 * With many ordered series (layer 1 … layer 50) the colours run from blue to vermillion and only the first and
 * last lines are labelled; with a few unordered ones (three learning rates) each has its own palette colour.
 */
import * as Plot from '@observablehq/plot';
import { GradscopeArgumentError } from '@gradscope/core';
import { DIRECT_LABEL_LIMIT, expectChoice, expectValueScale, indexScale, valueScale } from './axes.js';
import { formatNumber } from './format.js';
import { endLabels, gapped } from './line-marks.js';
import { offScaleMarks, offScaleNote } from './off-scale.js';
import {
  describeSeries,
  directLabelMargin,
  expectSeriesList,
  joinText,
  seriesColorScale,
  seriesLines,
  seriesPoints,
  type ChartText,
  type Series,
} from './series.js';
import { CHART_DEFAULTS, chartFrame, frameHeight, sequentialColors } from './theme.js';

/** Options of `trainingCurveChart`. */
export interface TrainingCurveOptions extends ChartText {
  /** One series per curve; `values[i]` belongs to step `firstStep + i` unless the series gives its own `x`. */
  readonly series: readonly Series[];
  /** The y axis label (default `'loss'`). */
  readonly yLabel?: string;
  /** The x axis label (default `'step'`). */
  readonly xLabel?: string;
  /** `'linear'` (default) or `'log'` (for gradient norms spanning decades). */
  readonly yScale?: 'log' | 'linear';
  /** The step of each series' first value (default 0: the value before any update). */
  readonly firstStep?: number;
  /**
   * `'categorical'` (default up to 6 series): a palette colour and a label each. `'sequential'` (default above
   * 6): a blue-to-vermillion ramp in series order, labels on the first and last only.
   */
  readonly colors?: 'categorical' | 'sequential';
  /**
   * `'direct'` (default): labels at the end of the lines (all of them, or the first and last on a ramp). `'legend'`:
   * a legend above the plot instead, for lines that end too close together to label.
   */
  readonly labels?: 'direct' | 'legend';
}

/** Defaults of `trainingCurveChart`. */
export const trainingCurveDefaults = {
  yLabel: 'loss',
  xLabel: 'step',
  yScale: 'linear',
  firstStep: 0,
} as const;

/**
 * Values per training step as Plot options.
 *
 * @example
 * ```ts
 * display(trainingCurveChart({ series: [{ label: 'learning rate 0.1', values: [1, 0.5, 0.3, 0.2] }] }));
 * ```
 */
export function trainingCurveChart(options: TrainingCurveOptions): Plot.PlotOptions {
  const context = 'trainingCurveChart';
  const series = expectSeriesList('series', options?.series, context);
  const yScale = expectValueScale(options.yScale, trainingCurveDefaults.yScale, context);
  const colors = expectChoice(
    'colors',
    options.colors ?? (series.length <= DIRECT_LABEL_LIMIT ? 'categorical' : 'sequential'),
    ['categorical', 'sequential'],
    context,
  );
  const labels = expectChoice('labels', options.labels ?? 'direct', ['direct', 'legend'], context);
  const firstStep = options.firstStep ?? trainingCurveDefaults.firstStep;
  if (!Number.isFinite(firstStep)) {
    throw new GradscopeArgumentError('firstStep', firstStep, 'a finite number', context);
  }
  const yLabel = options.yLabel ?? trainingCurveDefaults.yLabel;
  const xLabel = options.xLabel ?? trainingCurveDefaults.xLabel;

  const colored: Series[] =
    colors === 'sequential'
      ? (() => {
          const ramp = sequentialColors(series.length);
          return series.map((s, i) => ({ ...s, color: s.color ?? ramp[i] }));
        })()
      : [...series];
  const labelled =
    labels === 'legend'
      ? new Set<string>()
      : colors === 'sequential'
        ? new Set([series[0].label, series[series.length - 1].label])
        : new Set(series.map((s) => s.label));

  const points = seriesPoints(colored, yScale, firstStep);
  const finite = points.filter((p) => p.status === 'finite');
  const note = offScaleNote(points, { unit: 'step' });
  const describeX = (x: number) => `step ${formatNumber(x)}`;

  const height = options.height ?? CHART_DEFAULTS.height;

  const marks: Plot.Markish[] = [
    ...seriesLines(gapped(points), colored, { strokeWidth: colors === 'sequential' ? 1.25 : 2 }),
    endLabels(finite.filter((p) => labelled.has(p.series))),
    ...offScaleMarks(points, { describeX, frameHeight: frameHeight(height) }),
  ];
  const rampNote =
    colors === 'sequential'
      ? `Colour runs from blue (${series[0].label}) to vermillion (${series[series.length - 1].label}).`
      : undefined;

  return {
    title: options.title,
    subtitle: options.subtitle,
    caption: joinText(options.caption, rampNote, note),
    ariaLabel: options.ariaLabel ?? options.title ?? `${yLabel} per ${xLabel}`,
    ariaDescription:
      options.ariaDescription ??
      joinText(
        `Line chart of ${yLabel} against ${xLabel}, on a ${yScale} scale, ${series.length} series.`,
        describeSeries(points, 'step'),
        note,
      ),
    ...chartFrame({
      width: options.width,
      height,
      marginRight: labels === 'legend' ? 24 : directLabelMargin([...labelled]),
    }),
    x: indexScale(
      xLabel,
      points.map((p) => p.x),
    ),
    y: valueScale(yScale, yLabel, points),
    color: seriesColorScale(colored, labels === 'legend'),
    marks,
  };
}
