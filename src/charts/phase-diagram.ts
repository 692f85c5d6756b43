/**
 * A phase diagram: a plane of two initialization dials (σ_w² across, σ_b² or the depth up), the theory's curves
 * drawn in it (the edge of chaos χ_1 = 1, a depth scale ξ_c, a trainable depth 6ξ_c), and measured points placed
 * on top, each marked with the phase it was measured in. Optionally, a grid of cells behind them holds a measured
 * value (the loss a network reached after training, say), on a quantized colour scale with its legend. A grid that
 * is still being measured (the Lab's sweep) passes its unmeasured cells with the value NaN: they keep the grid's
 * shape as empty outlines. A cell whose value is ±Infinity (a run that diverged) is outlined and marked "∞", as the
 * heatmap marks such entries, since the colour scale has no colour for it.
 *
 * Phases are coloured on the book's scale for a per-layer factor (meaning.ts): `ordered`, where gradients shrink
 * layer by layer, takes the colour of k = 0.5; `critical` the grey of k = 1; `chaotic`, where they grow, the colour
 * of k = 1.5. Each phase also has its own symbol, so the colours are never the only cue. Other phase names take
 * the colour their label means (`meaning.ts`), else a palette colour.
 */
import * as Plot from '@observablehq/plot';
import { GradscopeArgumentError } from '@gradscope/core';
import { cellEdges, expectText } from './axes.js';
import { formatNumber } from './format.js';
import { colorFor, meaningOfLabel, type Meaning } from './meaning.js';
import { SERIES_DASH, joinText, type ChartText } from './series.js';
import { CHART_DEFAULTS, MATRIX_SCHEMES, SERIES_PALETTE, chartFrame, frameHeight } from './theme.js';

/** A point of the plane. */
export interface PlanePoint {
  readonly x: number;
  readonly y: number;
}

/** A curve of the theory: the critical line, a depth scale against σ_w². */
export interface PhaseCurve {
  /** Written at its end, e.g. `'χ₁ = 1 (theory)'`. */
  readonly label: string;
  /** Its points, in drawing order; a non-finite y (a depth scale at the edge of chaos) breaks the line there. */
  readonly points: readonly PlanePoint[];
  /** Draw it dashed. */
  readonly dashed?: boolean;
  /** A CSS colour (default: the page's text colour, as theory lines are drawn over coloured data). */
  readonly color?: string;
}

/** A measured point and the phase it was measured in. */
export interface PhasePoint extends PlanePoint {
  /** `'ordered'`, `'critical'`, `'chaotic'`, or any class name (`'trained'`). */
  readonly phase: string;
  /** Its tooltip (default: the coordinates and the phase). */
  readonly title?: string;
}

/** How a phase is drawn. */
export interface PhaseStyle {
  /** Its colour's meaning (default for the three phases: k = 0.5, 1, 1.5). */
  readonly meaning?: Meaning;
  /** A CSS colour, overriding the meaning's. */
  readonly color?: string;
  /** A Plot symbol (default: circle for ordered, diamond for critical, triangle for chaotic, then square, …). */
  readonly symbol?: Plot.SymbolName;
  /** Its name in the key (default: the phase name). */
  readonly label?: string;
}

/** A measured value on a grid of the plane. */
export interface PhaseCell extends PlanePoint {
  /** The value; NaN for a cell not measured yet, ±Infinity for one whose measurement overflowed. */
  readonly value: number;
  /** Its tooltip (default: the coordinates and the value). */
  readonly title?: string;
}

/** Options of `phaseDiagramChart`. */
export interface PhaseDiagramOptions extends ChartText {
  /** e.g. `'σ_w² (weight variance × fan-in)'`. */
  readonly xLabel: string;
  /** e.g. `'σ_b² (bias variance)'` or `'depth L'`. */
  readonly yLabel: string;
  /** The theory's curves. */
  readonly curves?: readonly PhaseCurve[];
  /** Measured points, marked by phase. */
  readonly points?: readonly PhasePoint[];
  /** How each phase is drawn, by name (the three phases have defaults). */
  readonly phases?: Readonly<Record<string, PhaseStyle>>;
  /** A measured value on a grid, drawn as coloured cells behind everything else. */
  readonly cells?: readonly PhaseCell[];
  /**
   * The values the colour scale spans (default: the finite cells' range); values beyond it take the end colours.
   * Fixing it keeps the colours still while a grid fills in.
   */
  readonly valueDomain?: readonly [number, number];
  /** What a cell's value is, for the legend (default `'value'`). */
  readonly valueLabel?: string;
  /** Words written in the plane, e.g. `{ text: 'chaotic', x: 3.5, y: 0.25 }`. */
  readonly annotations?: readonly (PlanePoint & { readonly text: string })[];
  /** The visible range of x (default: the points', cells' and curves'). */
  readonly xDomain?: readonly [number, number];
  /** The visible range of y (default: the points', cells' and finite curve values'); curves are cut at it. */
  readonly yDomain?: readonly [number, number];
  /** `'linear'` (default) or `'log'` y axis (depths over decades). */
  readonly yScale?: 'linear' | 'log';
}

/** Defaults of `phaseDiagramChart`. */
export const phaseDiagramDefaults = { valueLabel: 'value', yScale: 'linear' } as const;

/** The three phases of mean-field theory, coloured as per-layer factors below, at and above one. */
export const PHASE_STYLES: Readonly<Record<string, PhaseStyle>> = {
  ordered: { meaning: { k: 0.5 }, symbol: 'circle' },
  critical: { meaning: { k: 1 }, symbol: 'diamond' },
  chaotic: { meaning: { k: 1.5 }, symbol: 'triangle' },
};

const OTHER_SYMBOLS: readonly Plot.SymbolName[] = ['square', 'cross', 'star', 'wye', 'times'];

const GLYPHS: Readonly<Record<string, string>> = {
  circle: '●',
  diamond: '◆',
  triangle: '▲',
  square: '■',
  cross: '✚',
  star: '★',
  wye: 'Y',
  times: '×',
};

/**
 * A phase diagram as Plot options: theory curves over measured points (and optional cells of a measured value).
 *
 * @example
 * ```ts
 * const line = criticalLine({ activation: 'tanh', biasVariances: [0, 0.1, 0.2, 0.3] });
 * display(phaseDiagramChart({
 *   xLabel: 'σ_w²', yLabel: 'σ_b²',
 *   curves: [{ label: 'χ₁ = 1', points: line.map((p) => ({ x: p.weightVariance, y: p.biasVariance })) }],
 *   points: [{ x: 1, y: 0.1, phase: 'ordered' }, { x: 3, y: 0.1, phase: 'chaotic' }],
 * }));
 * ```
 */
export function phaseDiagramChart(options: PhaseDiagramOptions): Plot.PlotOptions {
  const context = 'phaseDiagramChart';
  if (typeof options !== 'object' || options === null) {
    throw new GradscopeArgumentError(
      'options',
      options,
      'an object { xLabel, yLabel, curves, points }',
      context,
    );
  }
  for (const key of ['xLabel', 'yLabel'] as const) expectText(key, options[key], context);
  const curves = expectList('curves', options.curves, context);
  const points = expectList('points', options.points, context);
  const cells = expectList('cells', options.cells, context);
  if (curves.length + points.length + cells.length === 0) {
    throw new GradscopeArgumentError(
      'options',
      options,
      'at least one curve, point or cell to draw',
      context,
    );
  }
  curves.forEach((curve, i) => {
    expectText(`curves[${i}].label`, curve?.label, context);
    expectPlanePoints(`curves[${i}].points`, curve.points, context, false);
  });
  expectPlanePoints('points', points, context, true);
  points.forEach((p, i) => {
    if (typeof p.phase !== 'string' || p.phase === '') {
      throw new GradscopeArgumentError(`points[${i}].phase`, p.phase, 'a phase name like "ordered"', context);
    }
  });
  expectPlanePoints('cells', cells, context, true);
  cells.forEach((cell, i) => {
    if (typeof cell.value !== 'number') {
      throw new GradscopeArgumentError(
        `cells[${i}].value`,
        cell.value,
        'a number (NaN for a cell not measured yet)',
        context,
      );
    }
  });
  const valueDomain = options.valueDomain;
  if (
    valueDomain !== undefined &&
    !(
      Array.isArray(valueDomain) &&
      valueDomain.length === 2 &&
      valueDomain.every(Number.isFinite) &&
      valueDomain[0] < valueDomain[1]
    )
  ) {
    throw new GradscopeArgumentError(
      'valueDomain',
      valueDomain,
      'two finite numbers [low, high], low < high',
      context,
    );
  }
  const measuredCells = cells.filter((c) => Number.isFinite(c.value));
  const cellValues = measuredCells.map((c) => c.value);
  const yScale = options.yScale ?? phaseDiagramDefaults.yScale;
  if (yScale !== 'linear' && yScale !== 'log') {
    throw GradscopeArgumentError.notOneOf('yScale', yScale, ['linear', 'log'], context);
  }
  const valueLabel = options.valueLabel ?? phaseDiagramDefaults.valueLabel;
  const width = options.width ?? CHART_DEFAULTS.width;
  const height = options.height ?? CHART_DEFAULTS.height + 40;

  const phaseNames = [...new Set(points.map((p) => p.phase))];
  const styles = resolvePhaseStyles(phaseNames, options.phases ?? {});

  // Curves: rows carry `series` (its label) so tests can read them; a non-finite y becomes a gap.
  const rawCurveRows = curves.flatMap((curve) =>
    curve.points.map((p) => ({ series: curve.label, x: p.x, y: Number.isFinite(p.y) ? p.y : NaN })),
  );
  const finiteCurveRows = rawCurveRows.filter((row) => Number.isFinite(row.y));

  const xs = [...points, ...cells, ...finiteCurveRows].map((p) => p.x);
  const ys = [...points, ...cells, ...finiteCurveRows].map((p) => p.y);
  const cellRects = cellRectangles(cells, yScale);
  const xDomain =
    options.xDomain ??
    ([
      Math.min(...xs, ...cellRects.map((r) => r.x1)),
      Math.max(...xs, ...cellRects.map((r) => r.x2)),
    ] as const);
  const yDomain =
    options.yDomain ??
    ([
      Math.min(...ys, ...cellRects.map((r) => r.y1)),
      Math.max(...ys, ...cellRects.map((r) => r.y2)),
    ] as const);

  // Drawn inside the frame by hand: Plot's `clip` names its clip paths by a counter per document, so two charts
  // rendered apart and shown on one page would share (and mix up) them.
  const curveRows = curves.flatMap((curve) =>
    clipToDomain(
      rawCurveRows.filter((row) => row.series === curve.label),
      yDomain,
      yScale,
    ),
  );
  const shownRects = cellRects
    .map((r) => ({ ...r, y1: Math.max(r.y1, yDomain[0]), y2: Math.min(r.y2, yDomain[1]) }))
    .map((r) => ({ ...r, x1: Math.max(r.x1, xDomain[0]), x2: Math.min(r.x2, xDomain[1]) }))
    .filter((r) => r.y1 < r.y2 && r.x1 < r.x2);

  const describeXY = (x: number, y: number) =>
    `${options.xLabel} ${formatNumber(x)}, ${options.yLabel} ${formatNumber(y)}`;

  const cellTitle = (r: CellRect) =>
    r.title ??
    `${describeXY(r.x, r.y)}: ${Number.isNaN(r.value) ? 'not measured yet' : `${valueLabel} ${formatNumber(r.value)}`}`;
  const filledRects = shownRects.filter((r) => Number.isFinite(r.value));
  const emptyRects = shownRects.filter((r) => !Number.isFinite(r.value));
  const overflowRects = emptyRects.filter((r) => !Number.isNaN(r.value));
  const marks: Plot.Markish[] = [];
  if (filledRects.length > 0) {
    marks.push(
      Plot.rect(filledRects, {
        x1: 'x1',
        x2: 'x2',
        y1: 'y1',
        y2: 'y2',
        fill: 'value',
        inset: 0.5,
        title: cellTitle,
      }),
    );
  }
  if (emptyRects.length > 0) {
    marks.push(
      Plot.rect(emptyRects, {
        x1: 'x1',
        x2: 'x2',
        y1: 'y1',
        y2: 'y2',
        fill: 'none',
        stroke: 'currentColor',
        strokeOpacity: 0.25,
        inset: 1,
        title: cellTitle,
      }),
    );
  }
  if (overflowRects.length > 0) {
    marks.push(
      Plot.text(overflowRects, {
        x: (r: CellRect) => (r.x1 + r.x2) / 2,
        y: (r: CellRect) => (yScale === 'log' ? Math.sqrt(r.y1 * r.y2) : (r.y1 + r.y2) / 2),
        text: (r: CellRect) => formatNumber(r.value),
        fill: 'currentColor',
        fontSize: 10,
        title: cellTitle,
      }),
    );
  }
  for (const curve of curves) {
    const rows = curveRows.filter((row) => row.series === curve.label);
    marks.push(
      // A halo in the page's colour keeps the line readable over dark cells.
      Plot.line(rows, {
        x: 'x',
        y: 'y',
        stroke: 'var(--color-bg, white)',
        strokeWidth: 5,
        strokeOpacity: 0.8,
      }),
      Plot.line(rows, {
        x: 'x',
        y: 'y',
        stroke: curve.color ?? 'currentColor',
        strokeWidth: 2,
        strokeDasharray: curve.dashed ? SERIES_DASH : undefined,
      }),
    );
  }
  if (curves.length > 0) {
    // Each curve's label at its last point inside the frame.
    const labelRows = curves.flatMap((curve) => {
      const inside = finiteCurveRows.filter(
        (row) =>
          row.series === curve.label &&
          row.x >= xDomain[0] &&
          row.x <= xDomain[1] &&
          row.y >= yDomain[0] &&
          row.y <= yDomain[1],
      );
      return inside.length > 0 ? [inside[inside.length - 1]] : [];
    });
    // Curves often end on the same edge close together (both edges of a band at the top): a label that would
    // overprint one already placed goes a line lower, until it is clear.
    const frame = {
      left: CHART_DEFAULTS.marginLeft,
      width: width - CHART_DEFAULTS.marginLeft - PHASE_MARGIN_RIGHT,
      top: CHART_DEFAULTS.marginTop,
      height: frameHeight(height),
    };
    const position = (v: number, [a, b]: readonly [number, number], log: boolean) =>
      log ? (Math.log(v) - Math.log(a)) / (Math.log(b) - Math.log(a)) : (v - a) / (b - a);
    const placed: { left: number; right: number; y: number }[] = [];
    const labelShift = labelRows
      .map((row) => ({
        row,
        left: frame.left + position(row.x, xDomain, false) * frame.width + 6,
        y: frame.top + (1 - position(row.y, yDomain, yScale === 'log')) * frame.height - 8,
      }))
      .sort((a, b) => a.left - b.left)
      .map(({ row, left, y }) => {
        const right = left + [...row.series].length * CHART_DEFAULTS.fontSize * 0.6;
        let dy = -8;
        const clashes = () =>
          placed.some((p) => Math.abs(p.y - (y + dy + 8)) < LABEL_LINE && p.left < right && left < p.right);
        while (clashes()) dy += LABEL_LINE;
        placed.push({ left, right, y: y + dy + 8 });
        return { row, dy };
      });
    for (const { row, dy } of labelShift) {
      marks.push(
        Plot.text([row], {
          x: 'x',
          y: 'y',
          text: 'series',
          dx: 6,
          dy,
          textAnchor: 'start',
          fill: 'currentColor',
          stroke: 'var(--color-bg, white)',
          strokeWidth: 3,
          paintOrder: 'stroke',
        }),
      );
    }
  }
  for (const name of phaseNames) {
    const style = styles[name];
    const rows = points
      .filter((p) => p.phase === name)
      .map((p) => ({ series: name, x: p.x, y: p.y, title: p.title }));
    marks.push(
      Plot.dot(rows, {
        x: 'x',
        y: 'y',
        symbol: () => style.symbol,
        r: 5,
        fill: style.color,
        stroke: 'var(--color-bg, white)',
        strokeWidth: 1,
        title: (row: { x: number; y: number; title?: string }) =>
          row.title ?? `${describeXY(row.x, row.y)}: ${style.label}`,
      }),
    );
  }
  for (const note of options.annotations ?? []) {
    marks.push(
      Plot.text([note], {
        x: 'x',
        y: 'y',
        text: 'text',
        fontWeight: 600,
        fontSize: 14,
        fill: 'currentColor',
        stroke: 'var(--color-bg, white)',
        strokeWidth: 3,
        paintOrder: 'stroke',
      }),
    );
  }

  const key =
    phaseNames.length === 0
      ? undefined
      : `Measured: ${phaseNames.map((name) => `${GLYPHS[styles[name].symbol] ?? '●'} ${styles[name].label}`).join(', ')}.`;
  const curveKey =
    curves.length === 0 ? undefined : `Lines: ${curves.map((curve) => curve.label).join('; ')}.`;
  const counts =
    phaseNames.length === 0
      ? undefined
      : `${points.length} measured points: ${phaseNames
          .map((name) => `${points.filter((p) => p.phase === name).length} ${styles[name].label}`)
          .join(', ')}.`;
  const unmeasured = cells.filter((c) => Number.isNaN(c.value)).length;
  const overflowed = cells.length - unmeasured - measuredCells.length;
  const cellSummary =
    cells.length === 0
      ? undefined
      : joinText(
          measuredCells.length === 0
            ? `Cells: a grid of ${cells.length}, none measured yet.`
            : `Cells: ${valueLabel} on a grid of ${cells.length}, from ${formatNumber(Math.min(...cellValues))} to ${formatNumber(Math.max(...cellValues))}.`,
          overflowed > 0 ? `${overflowed} overflowed to ∞, marked in their cells.` : undefined,
          unmeasured > 0 && measuredCells.length > 0 ? `${unmeasured} not measured yet.` : undefined,
        );

  return {
    title: options.title,
    subtitle: options.subtitle,
    caption: joinText(options.caption, curveKey, key),
    ariaLabel:
      options.ariaLabel ?? options.title ?? `Phase diagram over ${options.xLabel} and ${options.yLabel}`,
    ariaDescription:
      options.ariaDescription ??
      joinText(
        `Phase diagram with ${options.xLabel} across and ${options.yLabel} up.`,
        curveKey,
        key,
        counts,
        cellSummary,
      ),
    ...chartFrame({ width, height, marginRight: PHASE_MARGIN_RIGHT }),
    x: {
      label: options.xLabel,
      domain: [...xDomain],
      grid: true,
      tickFormat: (d: number) => formatNumber(d),
    },
    y: {
      type: yScale,
      label: options.yLabel,
      domain: [...yDomain],
      grid: true,
      tickFormat: (d: number) => formatNumber(d),
    },
    color:
      measuredCells.length === 0
        ? undefined
        : ({
            // Quantized, with a legend of swatches: a build-time document has no canvas for a continuous ramp.
            type: 'quantize',
            n: 7,
            scheme: MATRIX_SCHEMES.sequential,
            domain: valueDomain ? [...valueDomain] : [Math.min(...cellValues), Math.max(...cellValues)],
            label: valueLabel,
            legend: true,
            width: 360,
            tickFormat: (d: number) => formatNumber(d, 2),
          } as Plot.ScaleOptions),
    marks,
  };
}

/** The right margin of the plane, and the height of a line of curve labels, in pixels. */
const PHASE_MARGIN_RIGHT = 24;
const LABEL_LINE = 14;

interface CellRect extends PhaseCell {
  readonly x1: number;
  readonly x2: number;
  readonly y1: number;
  readonly y2: number;
}

/**
 * Each cell as a rectangle reaching halfway to its neighbours on the grid (a lone row or column: ±½ of a unit);
 * on a log y axis, halfway in the logarithm (a lone row: ±½ of the logarithm).
 */
function cellRectangles(cells: readonly PhaseCell[], yScale: 'linear' | 'log'): CellRect[] {
  const xEdges = cellEdges(
    cells.map((c) => c.x),
    'linear',
    0.5,
  );
  const yEdges = cellEdges(
    cells.map((c) => c.y),
    yScale,
    0.5,
  );
  return cells.map((c) => ({
    ...c,
    x1: xEdges.get(c.x)!.low,
    x2: xEdges.get(c.x)!.high,
    y1: yEdges.get(c.y)!.low,
    y2: yEdges.get(c.y)!.high,
  }));
}

/**
 * A curve's rows cut at the edges of the y domain: a segment leaving the frame ends on its edge (interpolated in
 * the scale's coordinate), and the rows outside become a gap (NaN).
 */
function clipToDomain<T extends { series: string; x: number; y: number }>(
  rows: readonly T[],
  [lo, hi]: readonly [number, number],
  yScale: 'linear' | 'log',
): T[] {
  const t = (y: number) => (yScale === 'log' ? Math.log(y) : y);
  const inside = (y: number) => y >= lo && y <= hi;
  const out: T[] = [];
  rows.forEach((row, i) => {
    const previous = rows[i - 1];
    if (
      previous &&
      Number.isFinite(previous.y) &&
      Number.isFinite(row.y) &&
      inside(previous.y) !== inside(row.y)
    ) {
      const edge = inside(previous.y) ? (row.y > hi ? hi : lo) : previous.y > hi ? hi : lo;
      const f = (t(edge) - t(previous.y)) / (t(row.y) - t(previous.y));
      out.push({ ...row, x: previous.x + f * (row.x - previous.x), y: edge });
    }
    out.push(Number.isFinite(row.y) && inside(row.y) ? row : { ...row, y: NaN });
  });
  return out;
}

function resolvePhaseStyles(
  names: readonly string[],
  given: Readonly<Record<string, PhaseStyle>>,
): Record<string, Required<Pick<PhaseStyle, 'color' | 'symbol' | 'label'>>> {
  const out: Record<string, Required<Pick<PhaseStyle, 'color' | 'symbol' | 'label'>>> = {};
  let nextSymbol = 0;
  let nextColor = 0;
  for (const name of names) {
    const style = { ...PHASE_STYLES[name], ...given[name] };
    const meaning = style.meaning ?? meaningOfLabel(name);
    const color =
      style.color ?? (meaning ? colorFor(meaning) : SERIES_PALETTE[nextColor++ % SERIES_PALETTE.length]);
    const symbol = style.symbol ?? OTHER_SYMBOLS[nextSymbol++ % OTHER_SYMBOLS.length];
    out[name] = { color, symbol, label: style.label ?? name };
  }
  return out;
}

function expectList<T>(argument: string, value: readonly T[] | undefined, context: string): readonly T[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new GradscopeArgumentError(argument, value, 'an array', context);
  return value;
}

function expectPlanePoints(argument: string, value: unknown, context: string, finiteY: boolean): void {
  if (!Array.isArray(value))
    throw new GradscopeArgumentError(argument, value, 'an array of { x, y }', context);
  value.forEach((p: unknown, i) => {
    const { x, y } = (p ?? {}) as Partial<PlanePoint>;
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      throw new GradscopeArgumentError(`${argument}[${i}].x`, x, 'a finite number', context);
    }
    if (typeof y !== 'number' || Number.isNaN(y) || (finiteY && !Number.isFinite(y))) {
      throw new GradscopeArgumentError(
        `${argument}[${i}].y`,
        y,
        finiteY ? 'a finite number' : 'a number (Infinity breaks the line)',
        context,
      );
    }
  });
}
