/**
 * A function of a continuous variable, drawn as curves: a slope σ'(z) against z, a layer's gain against its input,
 * an interval's width against a weight. Beside the lines it can mark what the text points at: labelled points (a
 * maximum), dashed reference lines (a threshold of 1, a weight of 4) and shaded x-intervals (where a curve is above
 * a threshold). Depth and step charts have integer axes; this one's x is any real number.
 */
import * as Plot from '@observablehq/plot';
import { GradscopeArgumentError } from '@gradscope/core';
import { expectChoice, expectLabelMode, expectText, expectValueScale, valueScale } from './axes.js';
import { formatNumber, logTickFormat } from './format.js';
import { endLabels, gapped } from './line-marks.js';
import { offScaleMarks, offScaleNote } from './off-scale.js';
import {
  describeSeries,
  directLabelMargin,
  expectSeriesList,
  joinText,
  seriesColorScale,
  seriesColors,
  seriesLines,
  seriesPoints,
  type ChartText,
  type Series,
} from './series.js';
import { CHART_DEFAULTS, chartFrame, frameHeight } from './theme.js';

/** A labelled point, drawn as a dot with its label beside it. */
export interface CurveHighlight {
  readonly x: number;
  readonly y: number;
  /** e.g. `'widest: 0.447 at |w| = 6.9'`. */
  readonly label: string;
  /** The series whose colour the dot takes (default: the text colour). */
  readonly series?: string;
}

/** A dashed line across the plot at one value, with an optional label. */
export interface CurveReference {
  readonly value: number;
  readonly label?: string;
}

/** A shaded interval of x, e.g. where a curve is above a threshold. */
export interface CurveBand {
  readonly from: number;
  readonly to: number;
  /** Said in the description (and in a tooltip). */
  readonly label?: string;
  /** The series whose colour it takes (default: the text colour). */
  readonly series?: string;
}

/** Options of `curveChart`. */
export interface CurveOptions extends ChartText {
  /** One series per curve; each needs its `x`. */
  readonly series: readonly Series[];
  /** The x axis label, e.g. `'input a'`. */
  readonly xLabel: string;
  /** The y axis label, e.g. `'|w·σ′(w·a)|'`. */
  readonly yLabel: string;
  /** `'linear'` (default) or `'log'`. */
  readonly xScale?: 'log' | 'linear';
  /** `'linear'` (default) or `'log'`. */
  readonly yScale?: 'log' | 'linear';
  /** Horizontal dashed lines (constant y). */
  readonly referenceY?: readonly CurveReference[];
  /** Vertical dashed lines (constant x). */
  readonly referenceX?: readonly CurveReference[];
  /** Points to mark and label. */
  readonly highlights?: readonly CurveHighlight[];
  /** Shaded x-intervals. */
  readonly bands?: readonly CurveBand[];
  /** `'direct'` labels at the end of each curve (default for up to 6 series), or a `'legend'`. */
  readonly labels?: 'direct' | 'legend';
  /** The y axis's extent (default: the data's), e.g. to leave room above a labelled maximum. */
  readonly yDomain?: readonly [number, number];
}

/** Defaults of `curveChart`. */
export const curveDefaults = { xScale: 'linear', yScale: 'linear' } as const;

/**
 * Curves y(x) as Plot options, with optional labelled points, reference lines and shaded intervals.
 *
 * @example
 * ```ts
 * const z = Array.from({ length: 121 }, (_, i) => -6 + i / 10);
 * const slope = (t: number) => 1 / (4 * Math.cosh(t / 2) ** 2);
 * display(curveChart({
 *   xLabel: 'z', yLabel: 'σ′(z)',
 *   series: [{ label: 'sigmoid', x: z, values: z.map(slope) }],
 *   highlights: [{ x: 0, y: 0.25, label: 'σ′(0) = 1/4', series: 'sigmoid' }],
 * }));
 * ```
 */
export function curveChart(options: CurveOptions): Plot.PlotOptions {
  const context = 'curveChart';
  const series = expectSeriesList('series', options?.series, context);
  series.forEach((s, i) => {
    if (s.x === undefined) {
      throw new GradscopeArgumentError(`series[${i}].x`, s.x, 'the x of every value', context);
    }
    for (let j = 0; j < s.x.length; j++) {
      if (!Number.isFinite(s.x[j])) {
        throw new GradscopeArgumentError(`series[${i}].x[${j}]`, s.x[j], 'a finite number', context);
      }
    }
  });
  for (const key of ['xLabel', 'yLabel'] as const) expectText(key, options[key], context);
  const xScale = expectChoice('xScale', options.xScale ?? curveDefaults.xScale, ['log', 'linear'], context);
  const yScale = expectValueScale(options.yScale, curveDefaults.yScale, context);
  const labels = expectLabelMode(options.labels, series.length, context);
  const labelsOf = new Set(series.map((s) => s.label));
  const referenceY = expectReferences('referenceY', options.referenceY, context);
  const referenceX = expectReferences('referenceX', options.referenceX, context);
  const highlights = expectList<CurveHighlight>('highlights', options.highlights, context, (h, name) => {
    expectFinite(`${name}.x`, h.x, context);
    expectFinite(`${name}.y`, h.y, context);
    expectText(`${name}.label`, h.label, context);
    expectSeriesName(`${name}.series`, h.series, labelsOf, context);
  });
  const yDomain = options.yDomain;
  if (
    yDomain !== undefined &&
    (!Array.isArray(yDomain) ||
      yDomain.length !== 2 ||
      !yDomain.every(Number.isFinite) ||
      !(yDomain[0] < yDomain[1]) ||
      (yScale === 'log' && !(yDomain[0] > 0)))
  ) {
    throw new GradscopeArgumentError(
      'yDomain',
      yDomain,
      `two finite numbers [low, high] with low < high${yScale === 'log' ? ', both above 0 on a log axis' : ''}`,
      context,
    );
  }
  const bands = expectList<CurveBand>('bands', options.bands, context, (b, name) => {
    expectFinite(`${name}.from`, b.from, context);
    expectFinite(`${name}.to`, b.to, context);
    if (b.to < b.from)
      throw new GradscopeArgumentError(`${name}.to`, b.to, `at least from (${b.from})`, context);
    expectSeriesName(`${name}.series`, b.series, labelsOf, context);
  });

  const points = seriesPoints(series, yScale, 0);
  const finite = points.filter((p) => p.status === 'finite');
  const describeX = (x: number) => `${options.xLabel} = ${formatNumber(x)}`;
  // Descriptions say "at z = −1", as one reads a continuous variable.
  const unit = `${options.xLabel} =`;
  const note = offScaleNote(points, { unit });
  const colorOf = new Map(series.map((s, i) => [s.label, seriesColors(series)[i]]));
  const colorFor = (name: string | undefined) => (name === undefined ? 'currentColor' : colorOf.get(name)!);

  const height = options.height ?? CHART_DEFAULTS.height;
  const dashed = { stroke: 'currentColor', strokeOpacity: 0.5, strokeDasharray: '4 3' };
  const referenceLabel = { fill: 'currentColor' };

  const marks: Plot.Markish[] = [
    bands.length > 0
      ? Plot.rect(bands, {
          x1: 'from',
          x2: 'to',
          fill: (b: CurveBand) => colorFor(b.series),
          fillOpacity: 0.12,
          title: (b: CurveBand) => b.label ?? '',
        })
      : null,
    referenceY.length > 0 ? Plot.ruleY(referenceY, { y: 'value', ...dashed }) : null,
    referenceX.length > 0 ? Plot.ruleX(referenceX, { x: 'value', ...dashed }) : null,
    Plot.text(
      referenceY.filter((r) => r.label),
      {
        y: 'value',
        text: 'label',
        frameAnchor: 'left',
        dx: 4,
        dy: -7,
        textAnchor: 'start',
        ...referenceLabel,
      },
    ),
    Plot.text(
      referenceX.filter((r) => r.label),
      { x: 'value', text: 'label', frameAnchor: 'top', dx: 4, dy: 4, textAnchor: 'start', ...referenceLabel },
    ),
    ...seriesLines(gapped(points), series, { strokeWidth: 2 }),
    highlights.length > 0
      ? Plot.dot(highlights, {
          x: 'x',
          y: 'y',
          r: 4.5,
          fill: (h: CurveHighlight) => colorFor(h.series),
          stroke: 'var(--color-bg, white)',
          strokeWidth: 1.5,
          title: (h: CurveHighlight) => h.label,
        })
      : null,
    highlights.length > 0
      ? Plot.text(highlights, {
          x: 'x',
          y: 'y',
          text: 'label',
          dx: 9,
          dy: -9,
          textAnchor: 'start',
          fill: 'currentColor',
          stroke: 'var(--color-bg, white)',
          strokeWidth: 3,
          paintOrder: 'stroke',
        })
      : null,
    labels === 'direct' ? endLabels(finite) : null,
    ...offScaleMarks(points, { describeX, frameHeight: frameHeight(height) }),
  ];

  const described = joinText(
    `Chart of ${options.yLabel} against ${options.xLabel} (${xScale} x axis, ${yScale} y axis).`,
    describeSeries(points, unit),
    highlights.length > 0
      ? `Marked: ${highlights.map((h) => `${h.label} (${formatNumber(h.x)}, ${formatNumber(h.y)})`).join('; ')}.`
      : undefined,
    bands.length > 0
      ? `Shaded: ${bands.map((b) => `${b.label ? `${b.label}, ` : ''}${options.xLabel} from ${formatNumber(b.from)} to ${formatNumber(b.to)}`).join('; ')}.`
      : undefined,
    referenceY.length + referenceX.length > 0
      ? `Dashed lines at ${[
          ...referenceY.map((r) => `${options.yLabel} = ${formatNumber(r.value)}`),
          ...referenceX.map((r) => `${options.xLabel} = ${formatNumber(r.value)}`),
        ].join(', ')}.`
      : undefined,
    note,
  );

  const xs = [...points.map((p) => p.x), ...bands.flatMap((b) => [b.from, b.to])];
  return {
    title: options.title,
    subtitle: options.subtitle,
    caption: joinText(options.caption, note),
    ariaLabel: options.ariaLabel ?? options.title ?? `${options.yLabel} against ${options.xLabel}`,
    ariaDescription: options.ariaDescription ?? described,
    ...chartFrame({
      width: options.width,
      height,
      marginRight: labels === 'direct' ? directLabelMargin(series.map((s) => s.label)) : 24,
    }),
    x: {
      type: xScale,
      label: options.xLabel,
      domain: [Math.min(...xs), Math.max(...xs)],
      tickFormat: xScale === 'log' ? logTickFormat : (d: number) => formatNumber(d),
    },
    y: valueScale(
      yScale,
      options.yLabel,
      [...points, ...highlights.map((h) => ({ series: '', x: h.x, y: h.y, status: 'finite' as const }))],
      yDomain ? { domain: [...yDomain] } : {},
    ),
    color: seriesColorScale(series, labels === 'legend'),
    marks,
  };
}

function expectFinite(argument: string, value: unknown, context: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new GradscopeArgumentError(argument, value, 'a finite number', context);
  }
}

function expectSeriesName(argument: string, value: unknown, labels: Set<string>, context: string): void {
  if (value === undefined) return;
  if (typeof value !== 'string' || !labels.has(value)) {
    throw GradscopeArgumentError.notOneOf(argument, value, [...labels], context);
  }
}

function expectList<T>(
  argument: string,
  value: unknown,
  context: string,
  check: (item: T, name: string) => void,
): readonly T[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new GradscopeArgumentError(argument, value, 'an array', context);
  value.forEach((item: unknown, i) => {
    if (typeof item !== 'object' || item === null) {
      throw new GradscopeArgumentError(`${argument}[${i}]`, item, 'an object', context);
    }
    check(item as T, `${argument}[${i}]`);
  });
  return value as T[];
}

function expectReferences(argument: string, value: unknown, context: string): readonly CurveReference[] {
  return expectList<CurveReference>(argument, value, context, (r, name) => {
    expectFinite(`${name}.value`, r.value, context);
    if (r.label !== undefined) expectText(`${name}.label`, r.label, context);
  });
}
