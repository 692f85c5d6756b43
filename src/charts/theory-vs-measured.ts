/**
 * A closed form against what the engine measured: the theory as a line, the measurements as dots on top of it.
 * Used wherever a lesson claims a formula (‖dW^[l]‖ = k^{2L−1}‖x‖², Var(z^[l]) = (n·σ²)^l Var(x), …): the reader
 * sees the dots sit on the line, and the description states the largest relative gap in numbers.
 */
import * as Plot from '@observablehq/plot';
import { GradscopeArgumentError } from '@gradscope/core';
import { expectLabelMode, expectText, expectValueScale, indexScale, valueScale } from './axes.js';
import { formatNumber } from './format.js';
import type { Meaning } from './meaning.js';
import { endLabels, gapped, measuredDots } from './line-marks.js';
import { offScaleMarks, offScaleNote, theoryOffScaleNote, type ChartPoint } from './off-scale.js';
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
import { CHART_DEFAULTS, chartFrame, frameHeight } from './theme.js';

/** One quantity: its closed form and its measurements, sharing a label and a colour. */
export interface TheoryVsMeasuredSeries {
  /** e.g. `'k = 1.5'`. */
  readonly label: string;
  /** Closed-form values, drawn as a line. */
  readonly theory: ArrayLike<number>;
  /** Their x (default: consecutive integers from `firstX`). */
  readonly theoryX?: ArrayLike<number>;
  /** Measured values, drawn as dots. */
  readonly measured: ArrayLike<number>;
  /** Their x (default: `theoryX` when the lengths match, else consecutive integers from `firstX`). */
  readonly measuredX?: ArrayLike<number>;
  /** What it shows, for its colour, when the label does not say it (see `Series.meaning`). */
  readonly meaning?: Meaning;
  /** A CSS colour (default: the meaning's colour, else a free palette colour). */
  readonly color?: string;
  /** Draw the closed form dashed: a second quantity of the same meaning, in the same colour. */
  readonly dashed?: boolean;
}

/** Options of `theoryVsMeasuredChart`. */
export interface TheoryVsMeasuredOptions extends ChartText {
  readonly series: readonly TheoryVsMeasuredSeries[];
  /** The x axis label, e.g. `'depth L'` or `'layer l'`. */
  readonly xLabel: string;
  /** The y axis label, e.g. `'‖dW^[1]‖'`. */
  readonly yLabel: string;
  /** `'log'` (default) or `'linear'`. */
  readonly yScale?: 'log' | 'linear';
  /** The x of the first value when no x is given (default 1). */
  readonly firstX?: number;
  /** The word for x in descriptions (default: `'x'`), e.g. `'depth'`. */
  readonly unit?: string;
  /** What the line is (default `'closed form'`). */
  readonly theoryLabel?: string;
  /** What the dots are (default `'measured by the engine'`). */
  readonly measuredLabel?: string;
  /** `'direct'` labels at the end of each line (default for up to 6 series), or a `'legend'`. */
  readonly labels?: 'direct' | 'legend';
}

/** Defaults of `theoryVsMeasuredChart`. */
export const theoryVsMeasuredDefaults = {
  yScale: 'log',
  firstX: 1,
  unit: 'x',
  theoryLabel: 'closed form',
  measuredLabel: 'measured by the engine',
} as const;

/**
 * Theory as lines, measurements as dots, as Plot options.
 *
 * @example
 * ```ts
 * const depths = [1, 2, 3];
 * display(theoryVsMeasuredChart({
 *   xLabel: 'depth L', yLabel: '‖ŷ‖', unit: 'depth',
 *   series: [{ label: 'k = 1.5', theoryX: depths, theory: depths.map((L) => 1.5 ** L), measured: [1.5, 2.25, 3.375] }],
 * }));
 * ```
 */
export function theoryVsMeasuredChart(options: TheoryVsMeasuredOptions): Plot.PlotOptions {
  const context = 'theoryVsMeasuredChart';
  const list = options?.series;
  if (!Array.isArray(list) || list.length === 0) {
    throw new GradscopeArgumentError(
      'series',
      list,
      'a non-empty array of { label, theory, measured }',
      context,
    );
  }
  for (const key of ['xLabel', 'yLabel'] as const) expectText(key, options[key], context);
  const yScale = expectValueScale(options.yScale, theoryVsMeasuredDefaults.yScale, context);
  const labels = expectLabelMode(options.labels, list.length, context);
  const firstX = options.firstX ?? theoryVsMeasuredDefaults.firstX;
  const unit = options.unit ?? theoryVsMeasuredDefaults.unit;
  const theoryLabel = options.theoryLabel ?? theoryVsMeasuredDefaults.theoryLabel;
  const measuredLabel = options.measuredLabel ?? theoryVsMeasuredDefaults.measuredLabel;

  const theorySeries: Series[] = list.map((s) => ({
    label: s.label,
    values: s.theory,
    x: s.theoryX,
    meaning: s.meaning,
    color: s.color,
    dashed: s.dashed,
  }));
  const measuredSeries: Series[] = list.map((s) => ({
    label: s.label,
    values: s.measured,
    x: s.measuredX ?? (s.theoryX && s.theoryX.length === s.measured?.length ? s.theoryX : undefined),
    meaning: s.meaning,
    color: s.color,
  }));
  expectSeriesList('series (theory)', theorySeries, context);
  expectSeriesList('series (measured)', measuredSeries, context);

  const theory = seriesPoints(theorySeries, yScale, firstX);
  const measured = seriesPoints(measuredSeries, yScale, firstX);
  const finiteTheory = theory.filter((p) => p.status === 'finite');
  const finiteMeasured = measured.filter((p) => p.status === 'finite');
  const describeX = (x: number) => `${unit} ${formatNumber(x)}`;

  const measuredNote = offScaleNote(measured, { unit });
  const theoryNote = theoryOffScaleNote(theory, theoryLabel, unit);
  const gap = largestRelativeGap(theory, measured);
  const gapText =
    gap === null
      ? undefined
      : `Largest relative difference between a dot and the line: ${formatNumber(gap, 2)}.`;

  const height = options.height ?? CHART_DEFAULTS.height;

  const marks: Plot.Markish[] = [
    ...seriesLines(gapped(theory), theorySeries, { strokeWidth: 1.5, strokeOpacity: 0.9 }),
    measuredDots(
      finiteMeasured,
      (p) => `${p.series}, ${describeX(p.x)}: ${formatNumber(p.y)} (${measuredLabel})`,
    ),
    labels === 'direct' ? endLabels(finiteTheory) : null,
    ...offScaleMarks(measured, { describeX, frameHeight: frameHeight(height) }),
  ];

  const key = `Lines: ${theoryLabel}. Dots: ${measuredLabel}.`;
  return {
    title: options.title,
    subtitle: options.subtitle,
    caption: joinText(options.caption, key, measuredNote, theoryNote),
    ariaLabel:
      options.ariaLabel ??
      options.title ??
      `${options.yLabel} against ${options.xLabel}: theory and measurement`,
    ariaDescription:
      options.ariaDescription ??
      joinText(
        `Chart of ${options.yLabel} against ${options.xLabel} on a ${yScale} scale. ${key}`,
        describeSeries(theory, unit),
        gapText,
        measuredNote,
        theoryNote,
      ),
    ...chartFrame({
      width: options.width,
      height,
      marginRight: labels === 'direct' ? directLabelMargin(list.map((s) => s.label)) : 24,
    }),
    x: indexScale(
      options.xLabel,
      [...theory, ...measured].map((p) => p.x),
    ),
    y: valueScale(yScale, options.yLabel, [...theory, ...measured]),
    color: seriesColorScale(theorySeries, labels === 'legend'),
    marks,
  };
}

/**
 * max |measured − theory| / |theory| over the points where both exist at the same x and are finite; `null`
 * when no x is shared.
 */
export function largestRelativeGap(
  theory: readonly ChartPoint[],
  measured: readonly ChartPoint[],
): number | null {
  const byKey = new Map(
    theory.filter((p) => p.status === 'finite').map((p) => [`${p.series}\u0000${p.x}`, p.y]),
  );
  let worst: number | null = null;
  for (const p of measured) {
    if (p.status !== 'finite') continue;
    const t = byKey.get(`${p.series}\u0000${p.x}`);
    if (t === undefined) continue;
    const gap = t === 0 ? Math.abs(p.y) : Math.abs(p.y - t) / Math.abs(t);
    worst = worst === null ? gap : Math.max(worst, gap);
  }
  return worst;
}
