/**
 * A matrix as a grid of coloured cells: a weight matrix W^[l], a Jacobian, a correlation matrix. Row i is drawn
 * top to bottom and column j left to right, as the matrix is written. Signed matrices use a diverging scheme
 * centred on 0 (blue negative, red positive); non-negative ones a sequential scheme.
 *
 * Cells holding ±∞ or NaN get no colour (the scale has none for them) and are marked with "∞", "−∞" or "NaN"
 * instead. Matrices larger than 64 × 64 are shown as block averages, and the caption says so. The cells are drawn
 * by `cell-grid.ts` (one path per colour, a tooltip per row), as are `trainingHeatmapChart`'s.
 */
import * as Plot from '@observablehq/plot';
import { GradscopeArgumentError, type Matrix } from '@gradscope/core';
import { expectChoice } from './axes.js';
import {
  GRID_BAND,
  TOP_AXIS_GRID_MARGINS,
  cellGridMarks,
  readGrid,
  rowSummary,
  type GridCell,
} from './cell-grid.js';
import { formatNumber } from './format.js';
import { joinText, type ChartText } from './series.js';
import { CHART_DEFAULTS, MATRIX_SCHEMES, chartStyle } from './theme.js';

/** Options of `heatmapChart`. */
export interface HeatmapOptions extends ChartText {
  /** The matrix: an engine `Matrix` or nested rows. */
  readonly matrix: Matrix | readonly (readonly number[])[];
  /** `'diverging'` (default when some entry is negative) or `'sequential'`. */
  readonly scheme?: 'diverging' | 'sequential';
  /** What an entry is, for the legend (default `'value'`). */
  readonly valueLabel?: string;
  /** Column axis label (default `'column j'`). */
  readonly xLabel?: string;
  /** Row axis label (default `'row i'`). */
  readonly yLabel?: string;
  /** Largest number of cells per side before block-averaging (default 64). */
  readonly maxCells?: number;
  /**
   * The values the colours span, [lo, hi] (default: the matrix's own finite range; for a diverging scheme, ±the
   * largest |value|). Give two heatmaps the same domain to compare them colour for colour; entries outside it take
   * the end colours, and the caption counts them.
   */
  readonly domain?: readonly [number, number];
}

/** Defaults of `heatmapChart`. */
export const heatmapDefaults = {
  valueLabel: 'value',
  xLabel: 'column j',
  yLabel: 'row i',
  maxCells: 64,
} as const;

const LEGEND = { width: 400 };

/** A cell (or block) of the matrix: its first row i and column j, and its value (a block's mean). */
interface Cell extends GridCell {
  readonly i: number;
  readonly j: number;
}

/**
 * A matrix as a heatmap, as Plot options.
 *
 * @example
 * ```ts
 * display(heatmapChart({ matrix: [[1.5, 0], [0, 1.5]], valueLabel: 'W[i][j]' }));
 * ```
 */
export function heatmapChart(options: HeatmapOptions): Plot.PlotOptions {
  const context = 'heatmapChart';
  const { rows, cols, entry } = readGrid(
    options?.matrix,
    'matrix',
    'a Matrix or a non-empty array of equal-length rows',
    context,
  );
  const maxCells = options.maxCells ?? heatmapDefaults.maxCells;
  if (!Number.isInteger(maxCells) || maxCells < 1) {
    throw new GradscopeArgumentError('maxCells', maxCells, 'a positive integer', context);
  }
  const valueLabel = options.valueLabel ?? heatmapDefaults.valueLabel;

  // Block-average down to at most maxCells per side; a block holding a non-finite entry shows it.
  const blockRows = Math.ceil(rows / maxCells);
  const blockCols = Math.ceil(cols / maxCells);
  const cells: Cell[] = [];
  for (let bi = 0; bi * blockRows < rows; bi++) {
    for (let bj = 0; bj * blockCols < cols; bj++) {
      let sum = 0;
      let n = 0;
      for (let i = bi * blockRows; i < Math.min(rows, (bi + 1) * blockRows); i++) {
        for (let j = bj * blockCols; j < Math.min(cols, (bj + 1) * blockCols); j++) {
          sum += entry(i, j);
          n++;
        }
      }
      const i = bi * blockRows;
      const j = bj * blockCols;
      cells.push({ i, j, row: i, column: j, value: sum / n });
    }
  }
  const finite = cells.filter((c) => Number.isFinite(c.value));
  const nonFinite = cells.filter((c) => !Number.isFinite(c.value));
  const hasNegative = finite.some((c) => c.value < 0);
  const scheme = expectChoice(
    'scheme',
    options.scheme ?? (hasNegative ? 'diverging' : 'sequential'),
    ['diverging', 'sequential'],
    context,
  );
  const given = options.domain;
  if (
    given !== undefined &&
    !(Array.isArray(given) && given.length === 2 && given.every(Number.isFinite) && given[0] < given[1])
  ) {
    throw new GradscopeArgumentError(
      'domain',
      given,
      'a pair [lo, hi] of finite numbers with lo < hi',
      context,
    );
  }
  const minValue = finite.reduce((m, c) => Math.min(m, c.value), Infinity);
  const maxValue = finite.reduce((m, c) => Math.max(m, c.value), -Infinity);
  const maxAbs = given
    ? Math.max(Math.abs(given[0]), Math.abs(given[1]))
    : finite.reduce((m, c) => Math.max(m, Math.abs(c.value)), 0) || 1;
  const colorDomain: [number, number] = given
    ? [given[0], given[1]]
    : finite.length > 0 && minValue < maxValue
      ? [minValue, maxValue]
      : [Math.min(0, minValue || 0), Math.max(1, maxValue || 1)];
  const outside = given ? finite.filter((c) => c.value < given[0] || c.value > given[1]).length : 0;
  const outsideNote =
    outside === 0
      ? undefined
      : `${outside} ${outside === 1 ? 'cell lies' : 'cells lie'} outside the colour scale's range and ${outside === 1 ? 'takes' : 'take'} its end colour.`;

  const blocked = blockRows > 1 || blockCols > 1;
  const blockNote = blocked
    ? `The ${rows} × ${cols} matrix is shown as averages of ${blockRows} × ${blockCols} blocks.`
    : undefined;
  const nonFiniteNote =
    nonFinite.length === 0
      ? undefined
      : blocked
        ? `${nonFinite.length} ${nonFinite.length === 1 ? 'block holds ∞ or NaN, marked in its cell' : 'blocks hold ∞ or NaN, each marked in its cell'}.`
        : `${nonFinite.length} ${nonFinite.length === 1 ? 'entry is ∞ or NaN, marked in its cell' : 'entries are ∞ or NaN, each marked in its cell'}.`;
  const cellSize = Math.max(6, Math.min(40, Math.floor(560 / Math.max(rows / blockRows, cols / blockCols))));
  const shownRows = Math.ceil(rows / blockRows);
  const shownCols = Math.ceil(cols / blockCols);
  const indexTicks = (n: number, block: number) => {
    const step = Math.max(1, Math.ceil(n / 8));
    const ticks: number[] = [];
    for (let k = 0; k < n; k += step) ticks.push(k * block);
    return ticks;
  };

  return {
    title: options.title,
    subtitle: options.subtitle,
    caption: joinText(options.caption, blockNote, nonFiniteNote, outsideNote),
    ariaLabel: options.ariaLabel ?? options.title ?? `Heatmap of a ${rows} × ${cols} matrix`,
    ariaDescription:
      options.ariaDescription ??
      joinText(
        `Heatmap of a ${rows} × ${cols} matrix of ${valueLabel}, ${scheme} colours.`,
        finite.length > 0
          ? `Finite entries range from ${formatNumber(minValue)} to ${formatNumber(maxValue)}.`
          : 'No entry is finite.',
        given ? `Colours span ${formatNumber(given[0])} to ${formatNumber(given[1])}.` : undefined,
        blockNote,
        nonFiniteNote,
        outsideNote,
      ),
    width: options.width ?? Math.min(CHART_DEFAULTS.width, shownCols * cellSize + 110),
    height: options.height ?? shownRows * cellSize + 110,
    ...TOP_AXIS_GRID_MARGINS,
    style: chartStyle(),
    x: {
      ...GRID_BAND,
      label: options.xLabel ?? heatmapDefaults.xLabel,
      axis: 'top',
      ticks: indexTicks(shownCols, blockCols),
    },
    y: {
      ...GRID_BAND,
      label: options.yLabel ?? heatmapDefaults.yLabel,
      ticks: indexTicks(shownRows, blockRows),
    },
    // Nine classes; for a signed matrix the thresholds are symmetric so the middle class holds 0 (neutral).
    // Plot reads legend options (its width) from the scale's options; the type does not list them.
    color:
      scheme === 'diverging'
        ? {
            ...LEGEND,
            type: 'threshold',
            domain: [-7, -5, -3, -1, 1, 3, 5, 7].map((t) => (t / 9) * maxAbs),
            scheme: MATRIX_SCHEMES.diverging,
            reverse: true,
            label: valueLabel,
            legend: true,
            tickFormat: (d: number) => formatNumber(d, 2),
          }
        : {
            ...LEGEND,
            type: 'quantize',
            n: 9,
            scheme: MATRIX_SCHEMES.sequential,
            domain: colorDomain,
            label: valueLabel,
            legend: true,
            tickFormat: (d: number) => formatNumber(d, 2),
          },
    marks: cellGridMarks(cells, {
      markOf: (c) => formatNumber(c.value),
      rowTitle: (row, inRow) =>
        rowSummary(
          blocked ? `rows ${row}–${Math.min(rows, row + blockRows) - 1}` : `row ${row}`,
          inRow,
          (c) => formatNumber(c.value),
          (c) => (blocked ? `columns ${c.j}–${Math.min(cols, c.j + blockCols) - 1}` : `column ${c.j}`),
        ),
    }),
  };
}
