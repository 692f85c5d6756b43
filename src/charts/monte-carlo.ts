/**
 * A closed form against Monte Carlo estimates of it: the theory as lines, each estimate as a dot with an error bar
 * of ± a few standard errors, against a parameter that may span orders of magnitude (a width, a variance), so the
 * x axis may be logarithmic. Used where a lesson measures a random quantity (a Lyapunov exponent, a mean over
 * seeds) rather than a deterministic one, which `theoryVsMeasuredChart` draws: an estimate is right when its bar
 * covers the line about as often as the bar's width promises, not when the dot sits on the line.
 */
import * as Plot from '@observablehq/plot';
import { GradscopeArgumentError } from '@gradscope/core';
import { expectChoice, expectLabelMode, expectText, expectValueScale, valueScale } from './axes.js';
import { formatNumber } from './format.js';
import type { Meaning } from './meaning.js';
import { endLabels, gapped, measuredDots, referenceLine } from './line-marks.js';
import {
  offScaleMarks,
  offScaleNote,
  pointStatus,
  theoryOffScaleNote,
  type ChartPoint,
} from './off-scale.js';
import {
  directLabelMargin,
  expectSeriesList,
  joinText,
  seriesColorScale,
  seriesLines,
  seriesPoints,
  type ChartText,
  type Series,
} from './series.js';
import { CHART_DEFAULTS, chartFrame, frameHeight } from './theme.js';

/** Monte Carlo estimates of one quantity: at each x, an estimate and its standard error. */
export interface EstimateSeries {
  /** The label of the theory line it estimates, to share its colour (e.g. `'λ₁'`); or a label of its own. */
  readonly label: string;
  /** Where each estimate was made. */
  readonly x: ArrayLike<number>;
  /** The estimates, one per x. */
  readonly estimate: ArrayLike<number>;
  /** Their standard errors (≥ 0), one per x. */
  readonly standardError: ArrayLike<number>;
  /** What it shows, for its colour, when the label does not say it (see `Series.meaning`). */
  readonly meaning?: Meaning;
  /** A CSS colour (default: the theory line's of the same label, else the meaning's, else a free colour). */
  readonly color?: string;
}

/** Options of `monteCarloChart`. */
export interface MonteCarloChartOptions extends ChartText {
  /** Closed forms, drawn as lines; each needs its `x`. A `dashed` one is drawn dashed (an approximation, a limit). */
  readonly theory: readonly Series[];
  /** Monte Carlo estimates, drawn as dots with error bars. */
  readonly estimates: readonly EstimateSeries[];
  /** The x axis label, e.g. `'width n'`. */
  readonly xLabel: string;
  /** The y axis label, e.g. `'λ₁ per layer'`. */
  readonly yLabel: string;
  /** `'linear'` (default) or `'log'`. */
  readonly xScale?: 'log' | 'linear';
  /** `'linear'` (default) or `'log'`. */
  readonly yScale?: 'log' | 'linear';
  /** The half-width of an error bar in standard errors (default 2: about a 95% interval for a normal mean). */
  readonly interval?: number;
  /** A dashed horizontal rule, e.g. at 0. */
  readonly reference?: number;
  /** The word for x in descriptions (default `'x'`), e.g. `'width'`. */
  readonly unit?: string;
  /** What the lines are (default `'closed form'`). */
  readonly theoryLabel?: string;
  /** What the dots are (default `'Monte Carlo estimate'`). */
  readonly estimateLabel?: string;
  /** `'direct'` labels at the end of each line (default for up to 6 lines), or a `'legend'`. */
  readonly labels?: 'direct' | 'legend';
}

/** Defaults of `monteCarloChart`. */
export const monteCarloDefaults = {
  xScale: 'linear',
  yScale: 'linear',
  interval: 2,
  unit: 'x',
  theoryLabel: 'closed form',
  estimateLabel: 'Monte Carlo estimate',
} as const;

/** An estimate as the chart plots it: the dot at (x, y) and its bar from `low` to `high`. */
export interface EstimatePoint extends ChartPoint {
  readonly low: number;
  readonly high: number;
  readonly standardError: number;
}

/**
 * Closed forms as lines and Monte Carlo estimates as dots with ± `interval` standard-error bars, as Plot options.
 * The description says, for each estimate series, how many bars cover the line of the same label.
 *
 * @example
 * ```ts
 * const widths = [1, 2, 4, 8];
 * display(monteCarloChart({
 *   xLabel: 'width n', yLabel: 'λ₁', xScale: 'log', unit: 'width',
 *   theory: [{ label: 'λ₁', x: widths, values: widths.map((n) => gaussianLyapunovExponent(n)) }],
 *   estimates: [{ label: 'λ₁', x: widths, ...estimates }], // estimate and standardError arrays
 * }));
 * ```
 */
export function monteCarloChart(options: MonteCarloChartOptions): Plot.PlotOptions {
  const context = 'monteCarloChart';
  const theorySeries = expectSeriesList('theory', options?.theory, context);
  theorySeries.forEach((s, i) => {
    if (s.x === undefined) {
      throw new GradscopeArgumentError(`theory[${i}].x`, s.x, 'the x of every value', context);
    }
  });
  const estimates = expectEstimates(options.estimates, context);
  for (const key of ['xLabel', 'yLabel'] as const) expectText(key, options[key], context);
  const xScale = expectChoice(
    'xScale',
    options.xScale ?? monteCarloDefaults.xScale,
    ['log', 'linear'],
    context,
  );
  const yScale = expectValueScale(options.yScale, monteCarloDefaults.yScale, context);
  const interval = options.interval ?? monteCarloDefaults.interval;
  if (typeof interval !== 'number' || !(interval > 0) || !Number.isFinite(interval)) {
    throw new GradscopeArgumentError('interval', interval, 'a positive number of standard errors', context);
  }
  const labels = expectLabelMode(options.labels, theorySeries.length, context);
  const unit = options.unit ?? monteCarloDefaults.unit;
  const theoryLabel = options.theoryLabel ?? monteCarloDefaults.theoryLabel;
  const estimateLabel = options.estimateLabel ?? monteCarloDefaults.estimateLabel;

  const theory = seriesPoints(theorySeries, yScale, 0);
  const finiteTheory = theory.filter((p) => p.status === 'finite');
  const points: EstimatePoint[] = estimates.flatMap((s) =>
    Array.from(s.estimate, (y, i) => {
      const standardError = s.standardError[i];
      return {
        series: s.label,
        x: s.x[i],
        y,
        status: pointStatus(y, yScale),
        standardError,
        low: y - interval * standardError,
        high: y + interval * standardError,
      };
    }),
  );
  // An estimate that is ∞, NaN or (on a log axis) not positive goes on the plot's edge and into the caption.
  const placeable = points.filter((p) => p.status === 'finite' && (yScale === 'linear' || p.low > 0));
  const estimateNote = offScaleNote(points, { unit });
  const theoryNote = theoryOffScaleNote(theory, theoryLabel, unit);
  const height = options.height ?? CHART_DEFAULTS.height;

  // Colours: a theory line and the estimates of the same label share one; estimates of their own come after.
  const ownEstimates = estimates.filter((s) => !theorySeries.some((t) => t.label === s.label));
  const colorSeries: Series[] = [
    ...theorySeries,
    ...ownEstimates.map((s) => ({ label: s.label, values: [], meaning: s.meaning, color: s.color })),
  ];

  const describeX = (x: number) => `${unit} ${formatNumber(x)}`;
  const key = `Lines: ${theoryLabel}. Dots: ${estimateLabel}, with bars of ± ${formatNumber(interval)} standard errors.`;
  const coverage = estimates.map((s) => describeCoverage(s.label, points, theory, interval)).join(' ');
  const xs = [...theory, ...points].map((p) => p.x).filter(Number.isFinite);

  const marks: Plot.Markish[] = [
    referenceLine(options.reference),
    ...seriesLines(gapped(theory), theorySeries, { strokeWidth: 1.75, strokeOpacity: 0.9 }),
    Plot.ruleX(placeable, { x: 'x', y1: 'low', y2: 'high', stroke: 'series', strokeWidth: 1.5 }),
    measuredDots(
      placeable,
      (p) =>
        `${p.series}, ${describeX(p.x)}: ${formatNumber(p.y)} ± ${formatNumber(p.standardError, 2)} (${estimateLabel}, ± 1 standard error)`,
    ),
    labels === 'direct' ? endLabels(finiteTheory) : null,
    ...offScaleMarks(points, { describeX, frameHeight: frameHeight(height) }),
  ];

  return {
    title: options.title,
    subtitle: options.subtitle,
    caption: joinText(options.caption, key, estimateNote, theoryNote),
    ariaLabel:
      options.ariaLabel ??
      options.title ??
      `${options.yLabel} against ${options.xLabel}: theory and Monte Carlo`,
    ariaDescription:
      options.ariaDescription ??
      joinText(
        `Chart of ${options.yLabel} against ${options.xLabel} (${xScale} x axis, ${yScale} y axis). ${key}`,
        coverage,
        estimateNote,
        theoryNote,
      ),
    ...chartFrame({
      width: options.width,
      height,
      marginRight: labels === 'direct' ? directLabelMargin(theorySeries.map((s) => s.label)) : 24,
    }),
    x: xAxis(xScale, options.xLabel, xs),
    y: valueScale(yScale, options.yLabel, [
      ...theory,
      ...points.filter((p) => p.status !== 'finite'),
      ...placeable.flatMap((p) => [
        { ...p, y: p.low },
        { ...p, y: p.high },
      ]),
    ]),
    color: seriesColorScale(colorSeries, labels === 'legend'),
    marks,
  };
}

/**
 * An x axis for a parameter: on a log scale over integers, ticks at the powers of two when there are at most
 * twelve of them (widths 1, 2, 4, …, 1024), else Plot's powers of ten.
 */
function xAxis(type: 'log' | 'linear', label: string, xs: readonly number[]): Plot.ScaleOptions {
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const format = (d: number) => formatNumber(d);
  if (type === 'linear') return { label, tickFormat: format };
  const first = Math.ceil(Math.log2(lo));
  const last = Math.floor(Math.log2(hi));
  const powersOfTwo = xs.every(Number.isInteger) && last - first <= 11;
  return {
    type: 'log',
    label,
    // Base 2: d3's log-scale labelling otherwise blanks the labels of some powers of two (4, 8, 64, 512).
    ...(powersOfTwo
      ? { base: 2, ticks: Array.from({ length: last - first + 1 }, (_, i) => 2 ** (first + i)) }
      : {}),
    tickFormat: format,
  };
}

/** "λ₁: 6 of 7 bars (± 2 standard errors) cover the closed form." */
function describeCoverage(
  label: string,
  points: readonly EstimatePoint[],
  theory: readonly ChartPoint[],
  interval: number,
): string {
  const own = points.filter((p) => p.series === label);
  const line = new Map(theory.filter((p) => p.series === label).map((p) => [p.x, p.y]));
  const compared = own.filter((p) => line.has(p.x));
  const estimatesText = own
    .map((p) => `${formatNumber(p.y)} ± ${formatNumber(p.standardError, 2)} at ${formatNumber(p.x)}`)
    .join(', ');
  if (compared.length === 0) return `${label}: ${estimatesText}.`;
  const covered = compared.filter((p) => p.low <= line.get(p.x)! && line.get(p.x)! <= p.high).length;
  return `${label}: ${estimatesText}; ${covered} of ${compared.length} bars (± ${formatNumber(interval)} standard errors) cover the line.`;
}

function expectEstimates(value: unknown, context: string): readonly EstimateSeries[] {
  if (!Array.isArray(value)) {
    throw new GradscopeArgumentError(
      'estimates',
      value,
      'an array of { label, x, estimate, standardError }',
      context,
    );
  }
  value.forEach((s: Partial<EstimateSeries>, i) => {
    const name = `estimates[${i}]`;
    expectText(`${name}.label`, s?.label, context);
    const length = s.estimate?.length;
    for (const key of ['x', 'estimate', 'standardError'] as const) {
      const list = s[key];
      const ok =
        list !== undefined &&
        typeof list.length === 'number' &&
        list.length === length &&
        Array.from(list).every((v) => typeof v === 'number');
      if (!ok) {
        throw new GradscopeArgumentError(
          `${name}.${key}`,
          list,
          `an array of numbers, one per estimate${length === undefined ? '' : ` (${length})`}`,
          context,
        );
      }
    }
    if (Array.from(s.standardError!).some((e) => !(e >= 0))) {
      throw new GradscopeArgumentError(`${name}.standardError`, s.standardError, 'numbers ≥ 0', context);
    }
  });
  return value as EstimateSeries[];
}
