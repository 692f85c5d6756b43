/**
 * The cells of a grid chart (a matrix, a training run's layers × steps) drawn compactly, shared by `heatmapChart`
 * and `trainingHeatmapChart`.
 *
 * Plot draws a `<rect>` per cell, and a `<title>` per cell when asked for tooltips: a 30 × 50 record is 1,500 of
 * each, about 15 KB of a page after compression for one figure. Here the cells of one colour become a single
 * `<path>` of rectangles, and runs of equal colour merge first, along a row and then down the rows: the colour
 * scale has about ten classes, so a heatmap is ten paths whatever its size, drawn exactly as the cells would be.
 * Tooltips move from cells to rows (one `<title>` per row, summarising it); the chart's description carries the
 * data for screen readers, as before.
 *
 * Cells without a colour (∞, NaN, and 0 on a logarithmic scale) are outlined and labelled, one label per run of
 * neighbouring cells of the same kind, in the chart's own type size: a label per cell would not fit cells a few
 * pixels wide.
 *
 * `readGrid` reads the numbers of a grid chart (`heatmapChart`, `layerStepHeatmapChart`) from a Matrix or from rows.
 */
import * as Plot from '@observablehq/plot';
import { GradscopeArgumentError, isMatrix } from '@gradscope/core';

const SVG = 'http://www.w3.org/2000/svg';

/** One cell: its column and row on the chart's band scales, and its value. */
export interface GridCell {
  /** The column's key on the x (band) scale. */
  readonly column: number;
  /** The row's key on the y (band) scale. */
  readonly row: number;
  /** The value the colour scale maps; a non-finite one is marked instead of coloured. */
  readonly value: number;
}

/** How the grid's cells are marked and summarised. */
export interface CellGridOptions<C extends GridCell> {
  /** The word written over a run of cells without a colour: `'∞'`, `'NaN'`, `'0'`. */
  readonly markOf: (cell: C) => string;
  /** The tooltip of a row, from its cells left to right (e.g. `'layer 3: 10⁻⁴ at step 1 … 10⁻⁶ at step 300'`). */
  readonly rowTitle: (row: number, cells: readonly C[]) => string;
}

/**
 * Band scale options for a grid: no gaps between cells, so runs of one colour join into one shape.
 *
 * @example
 * ```ts
 * ({ x: { type: 'band', label: 'step', ...GRID_BAND } });
 * ```
 */
export const GRID_BAND = { type: 'band', padding: 0, round: true } as const;

/**
 * The margins of a grid chart whose columns are labelled above it (`heatmapChart`, `layerStepHeatmapChart`): room
 * for the column axis and its label on top, for the row labels on the left.
 */
export const TOP_AXIS_GRID_MARGINS = {
  marginLeft: 56,
  marginRight: 24,
  marginTop: 64,
  marginBottom: 16,
} as const;

/**
 * The marks of a grid: coloured cells (one path per colour), outlined and labelled non-finite runs, and an
 * invisible band per row carrying the row's tooltip. Use with x and y band scales spread with {@link GRID_BAND}
 * and a colour scale.
 *
 * @example
 * ```ts
 * marks: cellGridMarks(cells, { markOf: () => '∞', rowTitle: (row) => `row ${row}` }),
 * ```
 */
export function cellGridMarks<C extends GridCell>(
  cells: readonly C[],
  options: CellGridOptions<C>,
): Plot.Markish[] {
  const finite = cells.filter((c) => Number.isFinite(c.value));
  const nonFinite = cells.filter((c) => !Number.isFinite(c.value));
  const rows = [...new Set(cells.map((c) => c.row))].map((row) => {
    const inRow = cells.filter((c) => c.row === row).sort((a, b) => a.column - b.column);
    return { row, title: options.rowTitle(row, inRow) };
  });
  return [
    Plot.cell(finite, { x: 'column', y: 'row', fill: 'value', render: colouredCells }),
    Plot.cell(nonFinite, {
      x: 'column',
      y: 'row',
      render: (index, scales, values, _dimensions, context) =>
        markedRuns(index, scales, values, context, (i) => options.markOf(nonFinite[i])),
    }),
    // Above the cells, so a pointer anywhere on a row shows its tooltip.
    Plot.cell(rows, { y: 'row', fill: 'transparent', title: 'title' }),
  ];
}

/**
 * A row's tooltip: its first and last value with their columns, and its range when that says more.
 *
 * @example
 * ```ts
 * rowSummary('layer 3', cells, (c) => formatNumber(10 ** c.value, 2), (c) => `step ${c.column}`);
 * // 'layer 3: 10⁻⁴ at step 1 … 10⁻⁶ at step 300 (from 10⁻⁶ to 2 × 10⁻⁴)'
 * ```
 */
export function rowSummary<C extends GridCell>(
  name: string,
  cells: readonly C[],
  valueOf: (cell: C) => string,
  columnOf: (cell: C) => string,
): string {
  if (cells.length === 0) return name;
  const first = cells[0];
  const last = cells[cells.length - 1];
  const ends =
    cells.length === 1
      ? `${valueOf(first)} at ${columnOf(first)}`
      : `${valueOf(first)} at ${columnOf(first)} … ${valueOf(last)} at ${columnOf(last)}`;
  const finite = cells.filter((c) => Number.isFinite(c.value));
  if (finite.length < 3) return `${name}: ${ends}`;
  const lowest = finite.reduce((a, b) => (b.value < a.value ? b : a));
  const highest = finite.reduce((a, b) => (b.value > a.value ? b : a));
  return `${name}: ${ends} (from ${valueOf(lowest)} to ${valueOf(highest)})`;
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
  key: string;
}

/**
 * Cells' boxes merged: neighbours along a row with the same key become one box, then boxes of the same span and
 * key in consecutive rows become one. Positions are the band scales' (rounded, so edges meet exactly).
 */
function mergedBoxes(
  index: readonly number[],
  scales: Plot.ScaleFunctions,
  values: Plot.ChannelValues,
  keyOf: (i: number) => string,
): Box[] {
  const X = values.x as number[];
  const Y = values.y as number[];
  const w = (scales.x as unknown as { bandwidth(): number }).bandwidth();
  const h = (scales.y as unknown as { bandwidth(): number }).bandwidth();
  const byRow = new Map<number, number[]>();
  for (const i of index) {
    const row = byRow.get(Y[i]);
    if (row) row.push(i);
    else byRow.set(Y[i], [i]);
  }
  const boxes: Box[] = [];
  let above = new Map<string, Box>();
  for (const y of [...byRow.keys()].sort((a, b) => a - b)) {
    const runs: Box[] = [];
    for (const i of byRow.get(y)!.sort((a, b) => X[a] - X[b])) {
      const last = runs[runs.length - 1];
      const key = keyOf(i);
      if (last && last.key === key && Math.abs(last.x + last.w - X[i]) < 0.5) last.w = X[i] + w - last.x;
      else runs.push({ x: X[i], y, w, h, key });
    }
    const here = new Map<string, Box>();
    for (const run of runs) {
      const id = `${run.x}|${run.w}|${run.key}`;
      const box = above.get(id);
      if (box && Math.abs(box.y + box.h - y) < 0.5) {
        box.h = y + h - box.y;
        here.set(id, box);
      } else {
        boxes.push(run);
        here.set(id, run);
      }
    }
    above = here;
  }
  return boxes;
}

/** A pixel position with at most one decimal, as short as it can be written. */
function px(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** The render function of the coloured cells: one `<path>` per colour. */
function colouredCells(
  index: number[],
  scales: Plot.ScaleFunctions,
  values: Plot.ChannelValues,
  _dimensions: Plot.Dimensions,
  context: Plot.Context,
): SVGElement {
  const fill = values.fill as string[];
  const paths = new Map<string, string[]>();
  for (const box of mergedBoxes(index, scales, values, (i) => fill[i])) {
    const d = `M${px(box.x)},${px(box.y)}h${px(box.w)}v${px(box.h)}h${px(-box.w)}z`;
    const list = paths.get(box.key);
    if (list) list.push(d);
    else paths.set(box.key, [d]);
  }
  const g = element(context, 'g', { 'aria-label': 'cell', 'shape-rendering': 'crispEdges' });
  for (const [color, ds] of paths) g.append(element(context, 'path', { fill: color, d: ds.join('') }));
  return g;
}

/** The render function of the cells without a colour: each run outlined, with its word at its middle. */
function markedRuns(
  index: number[],
  scales: Plot.ScaleFunctions,
  values: Plot.ChannelValues,
  context: Plot.Context,
  markOf: (i: number) => string,
): SVGElement {
  const g = element(context, 'g', { 'aria-label': 'text', fill: 'currentColor' });
  for (const box of mergedBoxes(index, scales, values, markOf)) {
    g.append(
      element(context, 'rect', {
        x: px(box.x),
        y: px(box.y),
        width: px(box.w),
        height: px(box.h),
        fill: 'none',
        stroke: 'currentColor',
        'stroke-opacity': '0.4',
      }),
    );
    // A halo in the page's colour keeps the word readable where it spills over coloured neighbours.
    const text = element(context, 'text', {
      x: px(box.x + box.w / 2),
      y: px(box.y + box.h / 2),
      dy: '0.32em',
      'text-anchor': 'middle',
      stroke: 'var(--color-bg, white)',
      'stroke-width': '3',
      'paint-order': 'stroke',
    });
    text.textContent = box.key;
    g.append(text);
  }
  return g;
}

function element(context: Plot.Context, tag: string, attributes: Record<string, string>): SVGElement {
  const node = context.document.createElementNS(SVG, tag) as SVGElement;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

/**
 * A grid of numbers given as a Matrix or as a non-empty array of equal-length rows: its size and its entry at row
 * `i`, column `j`. Throws the engine's error naming `argument` (a bad row as `argument[i]`) and what it should be.
 *
 * @example
 * ```ts
 * const { rows, cols, entry } = readGrid([[1, 2], [3, 4]], 'matrix', 'a Matrix or rows', 'heatmapChart');
 * entry(1, 0); // 3
 * ```
 */
export function readGrid(
  value: unknown,
  argument: string,
  expected: string,
  context: string,
): { rows: number; cols: number; entry: (i: number, j: number) => number } {
  if (isMatrix(value)) {
    const m = value;
    return { rows: m.rows, cols: m.cols, entry: (i, j) => m.data[i * m.cols + j] };
  }
  if (Array.isArray(value) && value.length > 0 && Array.isArray(value[0]) && value[0].length > 0) {
    const cols = value[0].length;
    value.forEach((row: unknown, i) => {
      if (!Array.isArray(row) || row.length !== cols || !row.every((v) => typeof v === 'number')) {
        throw new GradscopeArgumentError(`${argument}[${i}]`, row, `an array of ${cols} numbers`, context);
      }
    });
    const rows = value as number[][];
    return { rows: rows.length, cols, entry: (i, j) => rows[i][j] };
  }
  throw new GradscopeArgumentError(argument, value, expected, context);
}
