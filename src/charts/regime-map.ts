/**
 * A regime map: a grid of training runs over two dials (the learning rate across, an initial scale up), each cell
 * coloured by where its run ended up (`trainingRegime` in @gradscope/core: diverges, bounces, trains, crawls,
 * freezes), with the theory's curves drawn over the cells.
 *
 * Regimes are coloured on the book's scale for a per-layer factor (meaning.ts), read as "how the step compares with
 * what the network can take": `freezes` (the gradient vanished) takes the colour of k = 0.5, `crawls` of k = 0.9,
 * `trains` the grey of k = 1, `bounces` of k = 1.1 and `diverges` (it grew without bound) of k = 1.5. Each regime
 * also has its own glyph, written in every cell, so colour is never the only cue. Other regime names take the
 * colour their label means, else a palette colour.
 */
import * as Plot from '@observablehq/plot';
import { GradscopeArgumentError } from '@gradscope/core';
import { cellEdges, expectText } from './axes.js';
import { formatNumber, logTickFormat } from './format.js';
import { colorFor, meaningOfLabel, type Meaning } from './meaning.js';
import type { PhaseCurve, PlanePoint } from './phase-diagram.js';
import { SERIES_DASH, joinText, type ChartText } from './series.js';
import { CHART_DEFAULTS, SERIES_PALETTE, chartFrame } from './theme.js';

/** One run of the grid: where it sits and where it ended up. */
export interface RegimeCell extends PlanePoint {
  /** `'diverges'`, `'bounces'`, `'trains'`, `'crawls'`, `'freezes'`, or a name of your own. */
  readonly regime: string;
  /** Its tooltip (default: the coordinates and the regime). */
  readonly title?: string;
}

/** How a regime is drawn. */
export interface RegimeStyle {
  /** Its colour's meaning (the five regimes have defaults). */
  readonly meaning?: Meaning;
  /** A CSS colour, overriding the meaning's. */
  readonly color?: string;
  /** One character written in its cells and in the key (default: ▲ ◆ ■ – ● for the five, then ★ ✚ ×). */
  readonly glyph?: string;
  /** Its name in the key (default: the regime's name). */
  readonly label?: string;
}

/** Options of `regimeMapChart`. */
export interface RegimeMapOptions extends ChartText {
  /** e.g. `'learning rate η (log scale)'`. */
  readonly xLabel: string;
  /** e.g. `'k (every W[l] = k·I at the start)'`. */
  readonly yLabel: string;
  /** The runs, on a grid (each x with each y); a missing cell is left blank. */
  readonly cells: readonly RegimeCell[];
  /** How each regime is drawn, by name; the key lists regimes in this order, then any others. */
  readonly regimes?: Readonly<Record<string, RegimeStyle>>;
  /** The theory's curves, drawn over the cells and cut at the frame. */
  readonly curves?: readonly PhaseCurve[];
  /** `'log'` (default: learning rates span decades) or `'linear'`. */
  readonly xScale?: 'linear' | 'log';
  /** `'linear'` (default) or `'log'`. */
  readonly yScale?: 'linear' | 'log';
}

/** Defaults of `regimeMapChart`. */
export const regimeMapDefaults = { xScale: 'log', yScale: 'linear' } as const;

/** The regimes of `trainingRegime`, from a step far too large to one far too small, then the vanished one. */
export const REGIME_STYLES: Readonly<Record<string, RegimeStyle>> = {
  diverges: { meaning: { k: 1.5 }, glyph: '▲' },
  bounces: { meaning: { k: 1.1 }, glyph: '◆' },
  trains: { meaning: { k: 1 }, glyph: '■' },
  crawls: { meaning: { k: 0.9 }, glyph: '–' },
  freezes: { meaning: { k: 0.5 }, glyph: '●' },
};

const OTHER_GLYPHS = ['★', '✚', '×'];

type Scale = 'linear' | 'log';

interface CellRect extends RegimeCell {
  readonly x1: number;
  readonly x2: number;
  readonly y1: number;
  readonly y2: number;
  /** The key's entry: glyph and label. */
  readonly key: string;
  readonly glyph: string;
}

/**
 * A grid of training runs coloured by regime, with curves of the theory over it, as Plot options.
 *
 * @example
 * ```ts
 * const cells = rates.flatMap((x) => scales.map((y) => ({ x, y, regime: trainingRegime(run(x, y), { referenceLoss }).regime })));
 * display(regimeMapChart({ xLabel: 'learning rate η', yLabel: 'k', cells,
 *   curves: [{ label: '2/λmax', points: scales.map((y) => ({ x: 2 / curvature(y), y })) }] }));
 * ```
 */
export function regimeMapChart(options: RegimeMapOptions): Plot.PlotOptions {
  const context = 'regimeMapChart';
  if (typeof options !== 'object' || options === null) {
    throw new GradscopeArgumentError('options', options, 'an object { xLabel, yLabel, cells }', context);
  }
  for (const key of ['xLabel', 'yLabel'] as const) expectText(key, options[key], context);
  const xScale = expectScale('xScale', options.xScale ?? regimeMapDefaults.xScale, context);
  const yScale = expectScale('yScale', options.yScale ?? regimeMapDefaults.yScale, context);
  const cells = options.cells;
  if (!Array.isArray(cells) || cells.length === 0) {
    throw new GradscopeArgumentError('cells', cells, 'a non-empty array of { x, y, regime }', context);
  }
  cells.forEach((cell: Partial<RegimeCell>, i) => {
    for (const [axis, scale] of [
      ['x', xScale],
      ['y', yScale],
    ] as const) {
      const v = cell?.[axis];
      if (typeof v !== 'number' || !Number.isFinite(v) || (scale === 'log' && v <= 0)) {
        throw new GradscopeArgumentError(
          `cells[${i}].${axis}`,
          v,
          scale === 'log' ? 'a finite number > 0 (the axis is logarithmic)' : 'a finite number',
          context,
        );
      }
    }
    if (typeof cell.regime !== 'string' || cell.regime === '') {
      throw new GradscopeArgumentError(
        `cells[${i}].regime`,
        cell?.regime,
        'a regime name like "trains"',
        context,
      );
    }
  });
  const curves: readonly PhaseCurve[] = options.curves ?? [];
  if (!Array.isArray(curves)) throw new GradscopeArgumentError('curves', curves, 'an array', context);
  curves.forEach((curve, i) => {
    expectText(`curves[${i}].label`, curve?.label, context);
    if (!Array.isArray(curve.points)) {
      throw new GradscopeArgumentError(`curves[${i}].points`, curve.points, 'an array of { x, y }', context);
    }
  });

  // The key: the given order, then the five regimes' order, then names met in the cells.
  const given = options.regimes ?? {};
  const present = new Set(cells.map((c) => c.regime));
  const order = [...new Set([...Object.keys(given), ...Object.keys(REGIME_STYLES), ...present])].filter(
    (name) => present.has(name),
  );
  const styles = resolveStyles(order, given);
  const keyOf = (name: string) => `${styles[name].glyph} ${styles[name].label}`;

  const xEdges = gridCellEdges(
    cells.map((c) => c.x),
    xScale,
  );
  const yEdges = gridCellEdges(
    cells.map((c) => c.y),
    yScale,
  );
  const rects: CellRect[] = cells.map((c) => ({
    ...c,
    x1: xEdges.get(c.x)!.low,
    x2: xEdges.get(c.x)!.high,
    y1: yEdges.get(c.y)!.low,
    y2: yEdges.get(c.y)!.high,
    key: keyOf(c.regime),
    glyph: styles[c.regime].glyph,
  }));
  const xDomain = [Math.min(...rects.map((r) => r.x1)), Math.max(...rects.map((r) => r.x2))] as const;
  const yDomain = [Math.min(...rects.map((r) => r.y1)), Math.max(...rects.map((r) => r.y2))] as const;
  const describeXY = (x: number, y: number) =>
    `${options.xLabel} ${formatNumber(x)}, ${options.yLabel} ${formatNumber(y)}`;

  const marks: Plot.Markish[] = [
    Plot.rect(rects, {
      x1: 'x1',
      x2: 'x2',
      y1: 'y1',
      y2: 'y2',
      fill: 'key',
      inset: 0.5,
      title: (r: CellRect) => r.title ?? `${describeXY(r.x, r.y)}: ${r.regime}`,
    }),
    // The glyph in the page's colour: the regime colours keep 3:1 against both page colours.
    Plot.text(rects, {
      x: (r: CellRect) => centre(r.x1, r.x2, xScale),
      y: (r: CellRect) => centre(r.y1, r.y2, yScale),
      text: 'glyph',
      fill: 'var(--color-bg, white)',
      fontSize: CHART_DEFAULTS.fontSize,
      ariaHidden: 'true',
    }),
  ];
  for (const curve of curves) {
    const rows = clipToFrame(
      curve.points.map((p: PlanePoint) => ({ series: curve.label, x: p.x, y: p.y })),
      [xDomain, yDomain],
      [xScale, yScale],
    );
    marks.push(
      Plot.line(rows, {
        x: 'x',
        y: 'y',
        stroke: 'var(--color-bg, white)',
        strokeWidth: 5,
        strokeOpacity: 0.85,
      }),
      Plot.line(rows, {
        x: 'x',
        y: 'y',
        stroke: curve.color ?? 'currentColor',
        strokeWidth: 2,
        strokeDasharray: curve.dashed ? SERIES_DASH : undefined,
      }),
    );
    const last = rows.filter((r) => Number.isFinite(r.x) && Number.isFinite(r.y)).at(-1);
    if (last) {
      marks.push(
        Plot.text([last], {
          x: 'x',
          y: 'y',
          text: 'series',
          dx: 6,
          dy: -8,
          textAnchor: 'start',
          fill: 'currentColor',
          stroke: 'var(--color-bg, white)',
          strokeWidth: 3,
          paintOrder: 'stroke',
        }),
      );
    }
  }

  const key = `Cells: ${order.map(keyOf).join(', ')}.`;
  const curveKey = curves.length === 0 ? undefined : `Lines: ${curves.map((c) => c.label).join('; ')}.`;
  const counts = `${cells.length} runs: ${order
    .map((name) => `${cells.filter((c) => c.regime === name).length} ${styles[name].label}`)
    .join(', ')}.`;
  return {
    title: options.title,
    subtitle: options.subtitle,
    caption: joinText(options.caption, curveKey),
    ariaLabel:
      options.ariaLabel ?? options.title ?? `Regime map over ${options.xLabel} and ${options.yLabel}`,
    ariaDescription:
      options.ariaDescription ??
      joinText(
        `Training runs on a grid, ${options.xLabel} across and ${options.yLabel} up, each coloured by where it ended up.`,
        key,
        counts,
        curveKey,
      ),
    ...chartFrame({
      width: options.width,
      height: options.height ?? CHART_DEFAULTS.height + 40,
      marginRight: 24,
    }),
    x: {
      type: xScale,
      label: options.xLabel,
      domain: [...xDomain],
      tickFormat: xScale === 'log' ? logTickFormat : (d: number) => formatNumber(d),
    },
    y: {
      type: yScale,
      label: options.yLabel,
      domain: [...yDomain],
      tickFormat: yScale === 'log' ? logTickFormat : (d: number) => formatNumber(d),
    },
    color: {
      type: 'ordinal',
      domain: order.map(keyOf),
      range: order.map((name) => styles[name].color),
      legend: true,
    },
    marks,
  };
}

function expectScale(argument: string, value: unknown, context: string): Scale {
  if (value !== 'linear' && value !== 'log') {
    throw GradscopeArgumentError.notOneOf(argument, value, ['linear', 'log'], context);
  }
  return value;
}

/** The midpoint of [a, b] in the scale's coordinate (geometric on a log axis). */
function centre(a: number, b: number, scale: Scale): number {
  return scale === 'log' ? Math.sqrt(a * b) : (a + b) / 2;
}

/** Each grid value's cell (see `cellEdges`); a lone value's is 1 wide (linear) or a factor of 2 (log). */
function gridCellEdges(values: readonly number[], scale: Scale): Map<number, { low: number; high: number }> {
  return cellEdges(values, scale, scale === 'log' ? Math.log(2) / 2 : 0.5);
}

/**
 * A curve cut at the frame: a segment crossing an edge ends (or starts) on it, found in the scales' coordinates;
 * points outside become a gap, and so do non-finite points.
 */
function clipToFrame<T extends { x: number; y: number }>(
  rows: readonly T[],
  domains: readonly [readonly [number, number], readonly [number, number]],
  scales: readonly [Scale, Scale],
): T[] {
  const keys = ['x', 'y'] as const;
  const t = (v: number, axis: 0 | 1) => (scales[axis] === 'log' ? Math.log(v) : v);
  const placeable = (r: T) =>
    keys.every((key, axis) => Number.isFinite(r[key]) && (scales[axis] === 'linear' || r[key] > 0));
  const inside = (r: T) =>
    placeable(r) && keys.every((key, axis) => r[key] >= domains[axis][0] && r[key] <= domains[axis][1]);
  /** The point where the segment from `a` (inside) towards `b` (outside) meets the frame. */
  const edgePoint = (a: T, b: T): T => {
    let f = 1;
    for (const axis of [0, 1] as const) {
      const key = keys[axis];
      const [lo, hi] = domains[axis];
      const edge = b[key] < lo ? lo : b[key] > hi ? hi : undefined;
      if (edge !== undefined) {
        f = Math.min(f, (t(edge, axis) - t(a[key], axis)) / (t(b[key], axis) - t(a[key], axis)));
      }
    }
    const along = (axis: 0 | 1) => {
      const u = t(a[keys[axis]], axis) + f * (t(b[keys[axis]], axis) - t(a[keys[axis]], axis));
      return scales[axis] === 'log' ? Math.exp(u) : u;
    };
    return { ...a, x: along(0), y: along(1) };
  };
  const out: T[] = [];
  rows.forEach((row, i) => {
    const previous = rows[i - 1];
    if (previous && placeable(previous) && placeable(row)) {
      if (inside(previous) && !inside(row)) out.push(edgePoint(previous, row));
      if (!inside(previous) && inside(row)) out.push(edgePoint(row, previous));
    }
    out.push(inside(row) ? row : { ...row, x: NaN, y: NaN });
  });
  return out;
}

function resolveStyles(
  names: readonly string[],
  given: Readonly<Record<string, RegimeStyle>>,
): Record<string, Required<Pick<RegimeStyle, 'color' | 'glyph' | 'label'>>> {
  const out: Record<string, Required<Pick<RegimeStyle, 'color' | 'glyph' | 'label'>>> = {};
  let nextGlyph = 0;
  let nextColor = 0;
  for (const name of names) {
    const style = { ...REGIME_STYLES[name], ...given[name] };
    const meaning = style.meaning ?? meaningOfLabel(name);
    out[name] = {
      color:
        style.color ?? (meaning ? colorFor(meaning) : SERIES_PALETTE[nextColor++ % SERIES_PALETTE.length]),
      glyph: style.glyph ?? OTHER_GLYPHS[nextGlyph++ % OTHER_GLYPHS.length],
      label: style.label ?? name,
    };
  }
  return out;
}
