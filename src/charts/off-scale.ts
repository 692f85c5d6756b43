/**
 * Values a chart cannot place, shown rather than dropped.
 *
 * A logarithmic axis has no place for 0, for negative numbers, for ±Infinity or for NaN, and Observable Plot
 * silently leaves such points out: the line just stops, and a reader cannot tell "the network overflowed at
 * layer 220" from "the data ends at layer 219". Here every such point becomes a symbol on the edge of the plot
 * (▲ on the top edge for +∞ and NaN, ▼ on the bottom edge for 0, negatives and −∞), with a tooltip, and a
 * sentence for the caption and the screen-reader description says which layers they are.
 */
import * as Plot from '@observablehq/plot';
import { formatNumber } from './format.js';

/** Where a value can go on a scale. */
export type PointStatus = 'finite' | 'overflow' | 'nan' | 'underflow' | 'negative' | 'negativeOverflow';

/** A value that cannot be placed: the status of every point except `'finite'`. */
export type OffScaleStatus = Exclude<PointStatus, 'finite'>;

/** One point of a series, with where it can go. */
export interface ChartPoint {
  readonly series: string;
  readonly x: number;
  readonly y: number;
  readonly status: PointStatus;
}

interface OffScaleStyle {
  readonly symbol: Plot.SymbolName;
  readonly edge: 'top' | 'bottom';
  readonly rotate: number;
  readonly glyph: string;
  readonly meaning: string;
}

/** How each kind of unplaceable value is drawn and described. */
export const OFF_SCALE_STYLES: Readonly<Record<OffScaleStatus, OffScaleStyle>> = {
  overflow: { symbol: 'triangle', edge: 'top', rotate: 0, glyph: '▲', meaning: 'overflowed to ∞' },
  nan: { symbol: 'times', edge: 'top', rotate: 0, glyph: '×', meaning: 'became NaN (not a number)' },
  underflow: { symbol: 'triangle', edge: 'bottom', rotate: 180, glyph: '▼', meaning: 'underflowed to 0' },
  negative: { symbol: 'diamond', edge: 'bottom', rotate: 0, glyph: '◆', meaning: 'is negative' },
  negativeOverflow: {
    symbol: 'triangle',
    edge: 'bottom',
    rotate: 180,
    glyph: '▼',
    meaning: 'overflowed to −∞',
  },
};

const STATUS_ORDER: readonly OffScaleStatus[] = [
  'overflow',
  'nan',
  'underflow',
  'negativeOverflow',
  'negative',
];

/**
 * Where `value` can go on a `'log'` or `'linear'` axis.
 *
 * @example
 * ```ts
 * pointStatus(0, 'log'); // 'underflow'
 * pointStatus(0, 'linear'); // 'finite'
 * pointStatus(Infinity, 'linear'); // 'overflow'
 * ```
 */
export function pointStatus(value: number, scale: 'log' | 'linear'): PointStatus {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'overflow';
  if (value === -Infinity) return 'negativeOverflow';
  if (scale === 'log') {
    if (value === 0) return 'underflow';
    if (value < 0) return 'negative';
  }
  return 'finite';
}

/** A maximal run of consecutive points of one series with the same unplaceable status. */
export interface OffScaleRun {
  readonly series: string;
  readonly status: OffScaleStatus;
  readonly first: ChartPoint;
  readonly last: ChartPoint;
  readonly count: number;
}

/**
 * Groups the unplaceable points into runs of consecutive points (in the order given, series by series): a
 * network that overflows at layer 219 stays NaN to the end, and one symbol plus a bar says so more legibly than
 * forty symbols side by side.
 *
 * @example
 * ```ts
 * offScaleRuns(seriesPoints([{ label: 'k = 2', values: [2, Infinity, NaN, NaN] }], 'log', 1));
 * // [{ status: 'overflow', first: layer 2, count: 1 }, { status: 'nan', first: layer 3, last: layer 4, count: 2 }]
 * ```
 */
export function offScaleRuns(points: readonly ChartPoint[]): OffScaleRun[] {
  const out: {
    series: string;
    status: OffScaleStatus;
    first: ChartPoint;
    last: ChartPoint;
    count: number;
  }[] = [];
  let current: (typeof out)[number] | null = null;
  for (const p of points) {
    if (current && p.series === current.series && p.status === current.status) {
      current.last = p;
      current.count++;
      continue;
    }
    current = null;
    if (p.status !== 'finite') {
      current = { series: p.series, status: p.status, first: p, last: p, count: 1 };
      out.push(current);
    }
  }
  return out;
}

/** Vertical distance between two kinds of symbol on the same edge, and the room kept from the data. */
const LANE_GAP = 12;
const EDGE_ROOM = 14;

/** The lane (0 on the edge, 1 just inside it, …) of each kind of unplaceable value present in `points`. */
function lanes(points: readonly ChartPoint[]): Map<OffScaleStatus, number> {
  const present = new Set(points.map((p) => p.status));
  const result = new Map<OffScaleStatus, number>();
  for (const edge of ['top', 'bottom'] as const) {
    let lane = 0;
    for (const status of STATUS_ORDER) {
      if (OFF_SCALE_STYLES[status].edge === edge && present.has(status)) result.set(status, lane++);
    }
  }
  return result;
}

/**
 * The inset, in pixels, a value axis needs on `edge` so its data stay clear of the symbols there: 0 when no
 * symbol sits on that edge.
 *
 * @example
 * ```ts
 * offScaleInset(points, 'top'); // 14 with one kind of symbol on top, 26 with two
 * ```
 */
export function offScaleInset(points: readonly ChartPoint[], edge: 'top' | 'bottom'): number {
  let count = 0;
  for (const [status] of lanes(points)) if (OFF_SCALE_STYLES[status].edge === edge) count++;
  return count === 0 ? 0 : EDGE_ROOM + LANE_GAP * (count - 1);
}

/** True when some point cannot be placed and goes on the plot's edge of that name. */
export function hasOffScale(points: readonly ChartPoint[], edge: 'top' | 'bottom'): boolean {
  return offScaleInset(points, edge) > 0;
}

/**
 * Marks that show every unplaceable point on the plot's top or bottom edge, in its series' colour: a symbol at
 * the first point of each run (▲ ∞, × NaN, ▼ 0 or −∞, ◆ negative), and a bar along the edge to the run's last
 * point. Each kind has its own lane, so "∞ at layer 219, NaN from 220 on" reads as two marks. Give the lines and
 * dots only the finite points.
 *
 * @param options.frameHeight The plot's height minus its top and bottom margins (for the bars' thickness).
 * @param options.describeX How a tooltip names an x (`x => \`layer ${x}\``).
 * @example
 * ```ts
 * Plot.plot({ marks: [Plot.line(finite, …), ...offScaleMarks(points, { frameHeight: 292 })] });
 * ```
 */
export function offScaleMarks(
  points: readonly ChartPoint[],
  options: { frameHeight: number; describeX?: (x: number) => string },
): Plot.Markish[] {
  const describeX = options.describeX ?? ((x: number) => `x = ${formatNumber(x)}`);
  const laneOf = lanes(points);
  const all = offScaleRuns(points);
  const marks: Plot.Markish[] = [];
  for (const status of STATUS_ORDER) {
    const runs = all.filter((r) => r.status === status);
    if (runs.length === 0) continue;
    const style = OFF_SCALE_STYLES[status];
    const sign = style.edge === 'top' ? 1 : -1;
    const offset = sign * LANE_GAP * (laneOf.get(status) ?? 0);
    const long = runs.filter((r) => r.count > 1);
    if (long.length > 0) {
      // A 3-pixel bar: a rect without y spans the frame's height, and the inset leaves 3 pixels of it.
      const bar = Math.max(0, options.frameHeight - 3);
      marks.push(
        Plot.rect(long, {
          x1: (r: OffScaleRun) => r.first.x,
          x2: (r: OffScaleRun) => r.last.x,
          fill: (r: OffScaleRun) => r.series,
          fillOpacity: 0.6,
          ...(style.edge === 'top' ? { insetBottom: bar } : { insetTop: bar }),
          dy: offset - sign * 1.5,
          ariaDescription: `${style.glyph} ${style.meaning} (continued)`,
        }),
      );
    }
    marks.push(
      Plot.dot(runs, {
        x: (r: OffScaleRun) => r.first.x,
        frameAnchor: style.edge,
        dy: offset,
        symbol: style.symbol,
        rotate: style.rotate,
        r: 4.5,
        // 'times' is drawn with strokes only; the other symbols are filled shapes.
        ...(style.symbol === 'times'
          ? { stroke: (r: OffScaleRun) => r.series, strokeWidth: 2 }
          : { fill: (r: OffScaleRun) => r.series }),
        title: (r: OffScaleRun) =>
          `${r.series}: ${style.meaning} ` +
          (r.count === 1
            ? `at ${describeX(r.first.x)}`
            : `from ${describeX(r.first.x)} to ${describeX(r.last.x)}`),
        // Names the group (<g aria-description="▲ overflowed to ∞">), for tests and for SVG inspectors.
        ariaDescription: `${style.glyph} ${style.meaning}`,
      }),
    );
  }
  return marks;
}

/**
 * One sentence per series and kind of unplaceable value, for the caption and the screen-reader description:
 * `'▲ k = 1.5 overflowed to ∞ at layer 219. × k = 1.5 became NaN (not a number) from layer 220 to 260.'` Empty
 * when every point is on the plot.
 *
 * @example
 * ```ts
 * offScaleNote(points, { unit: 'layer' });
 * ```
 */
export function offScaleNote(
  points: readonly ChartPoint[],
  options: { unit?: string; edgeHint?: boolean } = {},
): string {
  const unit = options.unit ?? 'x';
  const all = offScaleRuns(points);
  const sentences: string[] = [];
  const seriesNames = [...new Set(all.map((r) => r.series))];
  for (const series of seriesNames) {
    for (const status of STATUS_ORDER) {
      const runs = all.filter((r) => r.series === series && r.status === status);
      if (runs.length === 0) continue;
      const style = OFF_SCALE_STYLES[status];
      const parts = runs.map((r) =>
        r.count === 1
          ? `at ${unit} ${formatNumber(r.first.x)}`
          : `from ${unit} ${formatNumber(r.first.x)} to ${formatNumber(r.last.x)}`,
      );
      const shown = parts.length > 3 ? [...parts.slice(0, 3), `and ${parts.length - 3} more runs`] : parts;
      sentences.push(`${style.glyph} ${series} ${style.meaning} ${joinWords(shown)}.`);
    }
  }
  if (sentences.length === 0) return '';
  const hint =
    options.edgeHint === false ? '' : ' (Marked on the edge of the plot: the axis has no place for it.)';
  return sentences.join(' ') + hint;
}

/**
 * The note for a closed form's unplaceable values, each series named with what its line is (`'k = 1.5 (closed
 * form)'`), without the edge hint: a closed form's line only breaks there, with no mark on the edge.
 *
 * @example
 * ```ts
 * theoryOffScaleNote(theoryPoints, 'closed form', 'depth');
 * ```
 */
export function theoryOffScaleNote(theory: readonly ChartPoint[], theoryLabel: string, unit: string): string {
  return offScaleNote(
    theory.map((p) => ({ ...p, series: `${p.series} (${theoryLabel})` })),
    { unit, edgeHint: false },
  );
}

function joinWords(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
