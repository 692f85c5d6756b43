/**
 * Small multiples of a per-layer quantity: one panel per case, side by side on the same axes, for comparisons where
 * the lines of one chart would lie on top of each other. Two uses in the book: the same mix of layers in four
 * orders, whose lines all end at the same value (one panel per order), and many random networks drawn as a cloud
 * of thin paths with the closed form's mean and spread over them (one panel per probability).
 *
 * A panel holds bold `lines` (solid, or dashed for a closed form), optionally a cloud of thin `paths` (sample
 * networks) and a shaded `band`. Everything is coloured by its meaning, as in every chart of the book; the panels
 * share the y axis (logarithmic by default) so heights compare across them. Values a log axis cannot place (0, ∞,
 * NaN) are marked on the panel's edge and named in the caption.
 */
import * as Plot from '@observablehq/plot';
import { GradscopeArgumentError } from '@gradscope/core';
import { expectText, expectValueScale, indexScale, valueScale } from './axes.js';
import { formatNumber } from './format.js';
import type { Meaning } from './meaning.js';
import {
  OFF_SCALE_STYLES,
  offScaleNote,
  offScaleRuns,
  pointStatus,
  type ChartPoint,
  type OffScaleStatus,
} from './off-scale.js';
import {
  describeSeries,
  expectSeriesList,
  joinText,
  seriesColors,
  seriesPoints,
  type ChartText,
  type Series,
} from './series.js';
import { gapped, referenceLine } from './line-marks.js';
import { CHART_DEFAULTS, chartStyle } from './theme.js';

/** Many thin lines of one meaning: sample networks, drawn faintly so that together they show a spread. */
export interface PanelPaths {
  /** What the paths are, e.g. `'100 random networks'`; a label that names a meaning gets its colour. */
  readonly label: string;
  /** One array of values per path, each one per x. */
  readonly values: readonly ArrayLike<number>[];
  /** The x of each value (default: consecutive integers from the chart's first layer). */
  readonly x?: ArrayLike<number>;
  /** What the paths show, for their colour, when the label does not say it. */
  readonly meaning?: Meaning;
  /** A CSS colour (default: the meaning's colour, else a free palette colour). */
  readonly color?: string;
}

/** A shaded band from `lower` to `upper`, e.g. a closed form's mean ± two standard deviations. */
export interface PanelBand {
  /** What the band is, e.g. `'closed form: ± 2 standard deviations'`. */
  readonly label: string;
  readonly lower: ArrayLike<number>;
  readonly upper: ArrayLike<number>;
  /** The x of each value (default: consecutive integers from the chart's first layer). */
  readonly x?: ArrayLike<number>;
  /** What the band shows, for its colour. */
  readonly meaning?: Meaning;
  /** A CSS colour. */
  readonly color?: string;
}

/** One panel: its title and what it draws. */
export interface DepthPanel {
  /** Shown in the panel's top-left corner, e.g. `'0.5·I first, then 1.5·I'`. */
  readonly title: string;
  /** Bold lines (`dashed` for a closed form), coloured by meaning; labels unique within the panel. */
  readonly lines?: readonly Series[];
  /** A cloud of thin paths. */
  readonly paths?: PanelPaths;
  /** A shaded band, drawn under everything else. */
  readonly band?: PanelBand;
}

/** Options of `depthPanelsChart`. */
export interface DepthPanelsOptions extends ChartText {
  readonly panels: readonly DepthPanel[];
  /** What is plotted, for the y axis and the description: `'‖a[l]‖ / ‖x‖ (log scale)'`. */
  readonly quantity: string;
  /** The x axis label (default `'layer l'`). */
  readonly xLabel?: string;
  /** The layer of each series' first value when no x is given (default 1; 0 to start at the input). */
  readonly firstLayer?: number;
  /** `'log'` (default) or `'linear'`. */
  readonly yScale?: 'log' | 'linear';
  /** A dashed horizontal reference line in every panel, e.g. at 1 for "unchanged". */
  readonly reference?: number;
  /** Panels per row (default: 2, or 1 for a single panel). */
  readonly columns?: number;
  /** Height of one panel in pixels, frame only (default 190). */
  readonly panelHeight?: number;
  /** A sentence saying what the marks are, for the caption and the description: `'Solid: the network. …'`. */
  readonly key?: string;
}

/** Defaults of `depthPanelsChart`. */
export const depthPanelsDefaults = {
  xLabel: 'layer l',
  firstLayer: 1,
  yScale: 'log',
  columns: 2,
  panelHeight: 190,
} as const;

/** A point of the chart, with the panel it belongs to and its place in the grid. */
interface PanelPoint extends ChartPoint {
  readonly panel: number;
  readonly col: number;
  readonly row: number;
  /** Which path of a cloud, for thin lines. */
  readonly path?: number;
}

/**
 * Panels of per-layer lines, paths and bands on shared axes, as Plot options.
 *
 * @example
 * ```ts
 * const layers = Array.from({ length: 11 }, (_, l) => l);
 * display(depthPanelsChart({
 *   quantity: '‖a[l]‖ / ‖x‖',
 *   firstLayer: 0,
 *   panels: [
 *     { title: '0.5·I first', lines: [{ label: '50% at 1.5, 50% at 0.5', values: layers.map((l) => l <= 5 ? 0.5 ** l : 0.5 ** 5 * 1.5 ** (l - 5)) }] },
 *     { title: 'alternating', lines: [{ label: '50% at 1.5, 50% at 0.5', values: layers.map((l) => 0.75 ** Math.floor(l / 2) * 0.5 ** (l % 2)) }] },
 *   ],
 * }));
 * ```
 */
export function depthPanelsChart(options: DepthPanelsOptions): Plot.PlotOptions {
  const context = 'depthPanelsChart';
  const panels: readonly DepthPanel[] = options?.panels;
  if (!isNonEmptyList(panels)) {
    throw new GradscopeArgumentError(
      'panels',
      panels,
      'a non-empty array of { title, lines, paths, band }',
      context,
    );
  }
  expectText('quantity', options.quantity, context, 'a non-empty string naming the quantity');
  const yScale = expectValueScale(options.yScale, depthPanelsDefaults.yScale, context);
  const firstLayer = options.firstLayer ?? depthPanelsDefaults.firstLayer;
  const xLabel = options.xLabel ?? depthPanelsDefaults.xLabel;
  const columns = options.columns ?? Math.min(depthPanelsDefaults.columns, panels.length);
  if (!Number.isInteger(columns) || columns < 1) {
    throw new GradscopeArgumentError(
      'columns',
      columns,
      'a whole number of panels per row, at least 1',
      context,
    );
  }
  const panelHeight = options.panelHeight ?? depthPanelsDefaults.panelHeight;
  if (!(typeof panelHeight === 'number' && panelHeight >= 60)) {
    throw new GradscopeArgumentError('panelHeight', panelHeight, 'a number of pixels, at least 60', context);
  }

  const lines: PanelPoint[] = [];
  const paths: PanelPoint[] = [];
  const bands: {
    panel: number;
    col: number;
    row: number;
    series: string;
    x: number;
    lower: number;
    upper: number;
  }[] = [];
  // Every label once, in order of appearance, with what it means: the colour scale is shared by all panels.
  const legend: Series[] = [];
  const remember = (label: string, meaning?: Meaning, color?: string) => {
    if (!legend.some((s) => s.label === label)) legend.push({ label, values: [], meaning, color });
  };
  const descriptions: string[] = [];

  panels.forEach((panel, index) => {
    const name = `panels[${index}]`;
    if (typeof panel !== 'object' || panel === null) {
      throw new GradscopeArgumentError(name, panel, 'an object { title, lines, paths, band }', context);
    }
    if (typeof panel.title !== 'string' || panel.title.trim() === '') {
      throw new GradscopeArgumentError(`${name}.title`, panel.title, 'a non-empty string', context);
    }
    if (!panel.lines?.length && !panel.paths && !panel.band) {
      throw new GradscopeArgumentError(name, panel, 'at least one of lines, paths or band', context);
    }
    const place = { panel: index, col: index % columns, row: Math.floor(index / columns) };
    const parts: string[] = [`Panel ${index + 1}, ${panel.title}.`];

    if (panel.lines !== undefined) {
      const list = expectSeriesList(`${name}.lines`, panel.lines, context);
      const points = seriesPoints(list, yScale, firstLayer);
      for (const p of points) lines.push({ ...p, ...place });
      for (const s of list) remember(s.label, s.meaning, s.color);
      parts.push(describeSeries(points, 'layer'));
    }
    if (panel.paths !== undefined) {
      const cloud = panel.paths;
      if (!isNonEmptyList(cloud.values)) {
        throw new GradscopeArgumentError(
          `${name}.paths.values`,
          cloud.values,
          'a non-empty array of paths, each an array of numbers',
          context,
        );
      }
      const asSeries: Series[] = cloud.values.map((values, i) => ({
        label: `${cloud.label} #${i + 1}`,
        values,
        x: cloud.x,
      }));
      expectSeriesList(`${name}.paths`, asSeries, context);
      expectText(`${name}.paths.label`, cloud.label, context);
      asSeries.forEach((s, i) => {
        for (const p of seriesPoints([s], yScale, firstLayer))
          paths.push({ ...p, series: cloud.label, path: i, ...place });
      });
      remember(cloud.label, cloud.meaning, cloud.color);
      const ends = cloud.values
        .map((v) => v[v.length - 1])
        .filter((v) => pointStatus(v, yScale) === 'finite');
      parts.push(
        ends.length > 0
          ? `${cloud.label}: ${cloud.values.length} thin lines, ending between ${formatNumber(Math.min(...ends), 3)} and ${formatNumber(Math.max(...ends), 3)}.`
          : `${cloud.label}: ${cloud.values.length} thin lines.`,
      );
    }
    if (panel.band !== undefined) {
      const band = panel.band;
      const edges = expectSeriesList(
        `${name}.band`,
        [
          { label: `${band.label} (lower)`, values: band.lower, x: band.x },
          { label: `${band.label} (upper)`, values: band.upper, x: band.x },
        ],
        context,
      );
      if (edges[0].values.length !== edges[1].values.length) {
        throw new GradscopeArgumentError(
          `${name}.band.upper`,
          band.upper,
          `${edges[0].values.length} numbers, one per value of lower`,
          context,
        );
      }
      for (let i = 0; i < band.lower.length; i++) {
        const [lower, upper] = [band.lower[i], band.upper[i]];
        if (pointStatus(lower, yScale) === 'finite' && pointStatus(upper, yScale) === 'finite') {
          bands.push({ ...place, series: band.label, x: band.x ? band.x[i] : firstLayer + i, lower, upper });
        }
      }
      remember(band.label, band.meaning, band.color);
      parts.push(`Shaded: ${band.label}.`);
    }
    descriptions.push(parts.join(' '));
  });

  const placeable = [...lines, ...paths].filter((p) => p.status === 'finite');
  const scalePoints: ChartPoint[] = [
    ...placeable,
    ...bands.flatMap((b) => [
      { series: b.series, x: b.x, y: b.lower, status: 'finite' as const },
      { series: b.series, x: b.x, y: b.upper, status: 'finite' as const },
    ]),
    // Unplaceable values of the bold lines get edge symbols, so the axis leaves room for them.
    ...lines.filter((p) => p.status !== 'finite'),
  ];
  const dashed = new Set(
    panels.flatMap((panel) => (panel.lines ?? []).filter((s) => s.dashed).map((s) => `${s.label}`)),
  );
  const facet = { fx: 'col', fy: 'row' } as const;
  const rows = Math.ceil(panels.length / columns);
  const titles = panels.map((panel, index) => ({
    title: panel.title,
    col: index % columns,
    row: Math.floor(index / columns),
  }));
  const offScale = offScaleRunsByPanel(lines);
  const notes = joinText(
    ...panels.map((panel, index) =>
      offScaleNote(
        lines.filter((p) => p.panel === index).map((p) => ({ ...p, series: `${panel.title}: ${p.series}` })),
        { unit: 'layer' },
      ),
    ),
  );

  const marks: Plot.Markish[] = [
    Plot.frame({ stroke: 'currentColor', strokeOpacity: 0.25 }),
    referenceLine(options.reference),
    Plot.areaY(bands, {
      ...facet,
      x: 'x',
      y1: 'lower',
      y2: 'upper',
      z: 'series',
      fill: 'series',
      fillOpacity: 0.18,
      curve: 'linear',
    }),
    Plot.line(gapped(paths), {
      ...facet,
      x: 'x',
      y: 'y',
      z: (p: PanelPoint) => `${p.panel} ${p.path}`,
      stroke: 'series',
      strokeWidth: 0.8,
      strokeOpacity: 0.3,
    }),
    Plot.line(gapped(lines.filter((p) => !dashed.has(p.series))), {
      ...facet,
      x: 'x',
      y: 'y',
      z: 'series',
      stroke: 'series',
      strokeWidth: 2,
    }),
    Plot.line(gapped(lines.filter((p) => dashed.has(p.series))), {
      ...facet,
      x: 'x',
      y: 'y',
      z: 'series',
      stroke: 'series',
      strokeWidth: 1.75,
      strokeDasharray: '6 4',
    }),
    ...offScale.map(({ status, runs }) =>
      Plot.dot(runs, {
        ...facet,
        x: (r: PanelRun) => r.first.x,
        frameAnchor: OFF_SCALE_STYLES[status].edge,
        symbol: OFF_SCALE_STYLES[status].symbol,
        rotate: OFF_SCALE_STYLES[status].rotate,
        r: 4.5,
        ...(OFF_SCALE_STYLES[status].symbol === 'times'
          ? { stroke: (r: PanelRun) => r.series, strokeWidth: 2 }
          : { fill: (r: PanelRun) => r.series }),
        title: (r: PanelRun) =>
          `${r.series}: ${OFF_SCALE_STYLES[status].meaning} at layer ${formatNumber(r.first.x)}`,
        ariaDescription: `${OFF_SCALE_STYLES[status].glyph} ${OFF_SCALE_STYLES[status].meaning}`,
      }),
    ),
    Plot.text(titles, {
      ...facet,
      text: 'title',
      // Above the panel's frame, where no line can run through it.
      frameAnchor: 'top-left',
      lineAnchor: 'bottom',
      textAnchor: 'start',
      dy: -5,
      fill: 'currentColor',
      fontWeight: 600,
    }),
  ];

  const width = options.width ?? CHART_DEFAULTS.width;
  const height =
    options.height ?? CHART_DEFAULTS.marginTop + 12 + CHART_DEFAULTS.marginBottom + rows * (panelHeight + 32);
  return {
    title: options.title,
    subtitle: options.subtitle,
    caption: joinText(options.caption, options.key, notes),
    ariaLabel:
      options.ariaLabel ?? options.title ?? `${options.quantity} per layer, in ${panels.length} panels`,
    ariaDescription:
      options.ariaDescription ??
      joinText(
        `${panels.length} panels of ${options.quantity} against the layer index, on a shared ${yScale} scale.`,
        options.key,
        ...descriptions,
        notes,
      ),
    width,
    height,
    marginLeft: CHART_DEFAULTS.marginLeft,
    marginRight: 16,
    marginBottom: CHART_DEFAULTS.marginBottom,
    marginTop: CHART_DEFAULTS.marginTop + 12,
    style: chartStyle(),
    x: indexScale(
      xLabel,
      scalePoints.map((p) => p.x),
    ),
    y: valueScale(yScale, options.quantity, scalePoints),
    fx: { axis: null, padding: 0.08 },
    fy: { axis: null, padding: 0.16 },
    color: {
      type: 'ordinal',
      domain: legend.map((s) => s.label),
      range: seriesColors(legend),
      legend: false,
    },
    marks,
  };
}

/** A run of unplaceable values of one line, in one panel. */
interface PanelRun {
  readonly series: string;
  readonly first: PanelPoint;
  readonly col: number;
  readonly row: number;
}

/** The runs of unplaceable values of the bold lines, grouped by kind, each knowing its panel. */
function offScaleRunsByPanel(points: readonly PanelPoint[]): { status: OffScaleStatus; runs: PanelRun[] }[] {
  const byPanel = new Map<number, PanelPoint[]>();
  for (const p of points) byPanel.set(p.panel, [...(byPanel.get(p.panel) ?? []), p]);
  const result = new Map<OffScaleStatus, PanelRun[]>();
  for (const panelPoints of byPanel.values()) {
    for (const run of offScaleRuns(panelPoints)) {
      const first = run.first as PanelPoint;
      const list = result.get(run.status) ?? [];
      list.push({ series: run.series, first, col: first.col, row: first.row });
      result.set(run.status, list);
    }
  }
  return [...result].map(([status, runs]) => ({ status, runs }));
}

/** True for a non-empty array (a plain boolean, so the checked value keeps its declared element type). */
function isNonEmptyList(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}
