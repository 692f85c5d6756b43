/**
 * How the values of a layer are distributed (activations z^[l] or a^[l], gradients), one small histogram per
 * layer, stacked top to bottom on a shared x axis so spreading, shrinking and saturating are seen at a glance.
 *
 * A histogram cannot bin ±∞ or NaN. Those values are counted per layer and named in the panel and the caption,
 * never silently dropped; so are values outside an explicitly given `domain`.
 */
import * as Plot from '@observablehq/plot';
import { GradscopeArgumentError } from '@gradscope/core';
import { expectText } from './axes.js';
import { formatNumber } from './format.js';
import { colorFor, type Meaning } from './meaning.js';
import { joinText, type ChartText } from './series.js';
import { CHART_COLORS, CHART_DEFAULTS, chartStyle } from './theme.js';

/** One panel: a label and the values to bin. */
export interface HistogramLayer {
  /** e.g. `'layer 1'`. */
  readonly label: string;
  /** Every value of the layer (all units, all examples). */
  readonly values: ArrayLike<number>;
}

/** Options of `histogramChart`. */
export interface HistogramOptions extends ChartText {
  /** One panel per entry, top to bottom. */
  readonly layers: readonly HistogramLayer[];
  /** The x axis label (default `'value'`). */
  readonly xLabel?: string;
  /** About how many bins (default 40; Plot picks round edges near this count). */
  readonly bins?: number;
  /** A fixed x range; values outside it are counted and reported. Default: the range of all finite values. */
  readonly domain?: readonly [number, number];
  /** What the values belong to, for the bars' colour: `{ activation: 'tanh' }`, `{ k: 1.5 }` (see `meaning.ts`). */
  readonly meaning?: Meaning;
  /** Bar colour (default: the meaning's colour, else the palette's blue). */
  readonly color?: string;
  /** Height of each panel in pixels (default 64). */
  readonly panelHeight?: number;
}

/** Defaults of `histogramChart`. */
export const histogramDefaults = { xLabel: 'value', bins: 40, panelHeight: 64 } as const;

interface PanelSummary {
  readonly label: string;
  readonly count: number;
  readonly std: number;
  readonly mean: number;
  readonly nonFinite: number;
  readonly outside: number;
}

/**
 * Per-layer histograms as Plot options (panels share the x axis; bar heights are the share of the panel's
 * values, so panels with different counts compare).
 *
 * @example
 * ```ts
 * display(histogramChart({ layers: [{ label: 'layer 1', values: [0.1, -0.3, 0.2] }] }));
 * ```
 */
export function histogramChart(options: HistogramOptions): Plot.PlotOptions {
  const context = 'histogramChart';
  const layers = options?.layers;
  if (!Array.isArray(layers) || layers.length === 0) {
    throw new GradscopeArgumentError('layers', layers, 'a non-empty array of { label, values }', context);
  }
  layers.forEach((layer, i) => {
    expectText(`layers[${i}].label`, layer?.label, context);
    if (!layer.values || typeof layer.values.length !== 'number') {
      throw new GradscopeArgumentError(`layers[${i}].values`, layer.values, 'an array of numbers', context);
    }
  });
  if (new Set(layers.map((l) => l.label)).size !== layers.length) {
    throw new GradscopeArgumentError(
      'layers',
      layers.map((l) => l.label),
      'unique labels',
      context,
    );
  }
  const bins = options.bins ?? histogramDefaults.bins;
  if (!Number.isInteger(bins) || bins < 1) {
    throw new GradscopeArgumentError('bins', bins, 'a positive integer', context);
  }
  const given = options.domain;
  if (given !== undefined && !(given.length === 2 && Number.isFinite(given[0]) && given[0] < given[1])) {
    throw new GradscopeArgumentError(
      'domain',
      given,
      'a pair [lo, hi] of finite numbers with lo < hi',
      context,
    );
  }
  const xLabel = options.xLabel ?? histogramDefaults.xLabel;
  const panelHeight = options.panelHeight ?? histogramDefaults.panelHeight;

  let lo = Infinity;
  let hi = -Infinity;
  for (const layer of layers) {
    for (let i = 0; i < layer.values.length; i++) {
      const v = layer.values[i];
      if (Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  }
  let domain: [number, number];
  if (given) domain = [given[0], given[1]];
  else if (lo > hi) domain = [-1, 1];
  else if (lo === hi)
    domain = [lo - Math.max(0.5, Math.abs(lo) * 0.01), hi + Math.max(0.5, Math.abs(hi) * 0.01)];
  else domain = [lo, hi];

  // Columnar data: one x and one panel label per binned value, so 10⁵ values cost two arrays, not 10⁵ objects.
  const xs: number[] = [];
  const panels: string[] = [];
  const summaries: PanelSummary[] = layers.map((layer) => {
    let nonFinite = 0;
    let outside = 0;
    let sum = 0;
    let sumSq = 0;
    let n = 0;
    for (let i = 0; i < layer.values.length; i++) {
      const v = layer.values[i];
      if (!Number.isFinite(v)) {
        nonFinite++;
        continue;
      }
      n++;
      sum += v;
      sumSq += v * v;
      if (v < domain[0] || v > domain[1]) {
        outside++;
        continue;
      }
      xs.push(v);
      panels.push(layer.label);
    }
    const mean = n > 0 ? sum / n : NaN;
    const std = n > 0 ? Math.sqrt(Math.max(0, sumSq / n - mean * mean)) : NaN;
    return { label: layer.label, count: layer.values.length, std, mean, nonFinite, outside };
  });

  const panelText = summaries.map((s) => ({
    label: s.label,
    text: joinText(
      `mean ${formatNumber(s.mean, 3)}, std ${formatNumber(s.std, 3)}`,
      s.nonFinite > 0 ? `· ${s.nonFinite} non-finite not shown` : undefined,
      s.outside > 0 ? `· ${s.outside} outside the axis` : undefined,
    ),
  }));
  const notes = summaries
    .filter((s) => s.nonFinite > 0 || s.outside > 0)
    .map((s) =>
      joinText(
        `${s.label}:`,
        s.nonFinite > 0
          ? `${s.nonFinite} of ${s.count} values are ∞ or NaN and cannot be binned.`
          : undefined,
        s.outside > 0 ? `${s.outside} of ${s.count} values lie outside the axis.` : undefined,
      ),
    );
  const note = notes.length > 0 ? notes.join(' ') : undefined;

  return {
    title: options.title,
    subtitle: options.subtitle,
    caption: joinText(options.caption, note),
    ariaLabel: options.ariaLabel ?? options.title ?? `Histograms of ${xLabel}, one per layer`,
    ariaDescription:
      options.ariaDescription ??
      joinText(
        `${layers.length} histograms of ${xLabel}, one per panel, sharing an x axis from ${formatNumber(domain[0])}` +
          ` to ${formatNumber(domain[1])}.`,
        ...summaries.map(
          (s) =>
            `${s.label}: ${s.count} values, mean ${formatNumber(s.mean, 3)}, std ${formatNumber(s.std, 3)}.`,
        ),
        note,
      ),
    width: options.width ?? CHART_DEFAULTS.width,
    height: options.height ?? layers.length * panelHeight + 56,
    marginLeft: 48,
    marginRight: 88,
    marginBottom: CHART_DEFAULTS.marginBottom,
    marginTop: 12,
    style: chartStyle(),
    x: { label: xLabel, domain, tickFormat: (d: number) => formatNumber(d) },
    // insetTop leaves each panel's first line of text clear of its tallest bar.
    y: { label: 'share', ticks: 2, insetTop: 16, tickFormat: (d: number) => `${formatNumber(d * 100, 3)}%` },
    fy: { label: null, domain: layers.map((l) => l.label) },
    marks: [
      // Faceting happens before the bin transform, so bins (and proportions) are computed per panel.
      Plot.rectY(
        { length: xs.length },
        {
          ...Plot.binX({ y: 'proportion-facet' }, { x: xs, thresholds: bins, domain }),
          fy: panels,
          fill: options.color ?? (options.meaning ? colorFor(options.meaning) : CHART_COLORS.blue),
          inset: 0.5,
        },
      ),
      Plot.ruleY([0], { stroke: 'currentColor', strokeOpacity: 0.4 }),
      Plot.text(panelText, {
        fy: 'label',
        text: 'text',
        frameAnchor: 'top-left',
        dx: 4,
        dy: 2,
        fill: 'currentColor',
        fontSize: CHART_DEFAULTS.fontSize,
      }),
    ],
  };
}
