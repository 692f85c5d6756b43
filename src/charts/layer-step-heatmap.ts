/**
 * A per-layer quantity over a training run as a grid: layers down (layer 1 at the top, as a network is drawn from
 * its input), steps across, each cell coloured by the quantity's order of magnitude. It is the picture of the
 * whole run at once that `fit`'s `history.gradNormsByLayer` (a layers × steps matrix) holds: a band of pale rows
 * near the input is a gradient that vanishes there, a column that darkens is a step where everything exploded.
 *
 * Colours follow log₁₀ of the value, since gradient norms span decades. A cell that is exactly 0 (a layer that
 * received no gradient) or not finite has no logarithm: it is left blank and the caption counts such cells. Long
 * runs and deep networks are shown as block averages (of the logarithms) so the figure stays a few thousand
 * rectangles, and the caption says so.
 */
import * as Plot from '@observablehq/plot';
import { GradscopeArgumentError, isMatrix, type Matrix } from '@gradscope/core';
import { TOP_AXIS_GRID_MARGINS, readGrid } from './cell-grid.js';
import { formatNumber, superscript } from './format.js';
import { joinText, type ChartText } from './series.js';
import { CHART_DEFAULTS, MATRIX_SCHEMES, chartStyle } from './theme.js';

/** Options of `layerStepHeatmapChart`. */
export interface LayerStepHeatmapOptions extends ChartText {
  /** Layers × steps: row l − 1 is layer l, column j is step `steps[j]` (a Matrix, or nested rows). */
  readonly values: Matrix | readonly (readonly number[])[];
  /** The step number of each column (default 1, 2, …), e.g. `history.recordedSteps`. */
  readonly steps?: ArrayLike<number>;
  /** What a cell is, for the legend and the description (default `'‖dW[l]‖'`). */
  readonly valueLabel?: string;
  /** Largest number of rows drawn before layers are averaged in blocks (default 50). */
  readonly maxRows?: number;
  /** Largest number of columns drawn before steps are averaged in blocks (default 100). */
  readonly maxColumns?: number;
}

/** Defaults of `layerStepHeatmapChart`. */
export const layerStepHeatmapDefaults = { valueLabel: '‖dW[l]‖', maxRows: 50, maxColumns: 100 } as const;

interface Cell {
  /** First layer and last layer of the block (1-based). */
  readonly layer: number;
  readonly lastLayer: number;
  /** First and last step of the block. */
  readonly step: number;
  readonly lastStep: number;
  /** The mean of log₁₀ over the block's cells with a logarithm, or NaN when none has one. */
  readonly log: number;
}

/**
 * A layers × steps grid of a training run, coloured by order of magnitude, as Plot options.
 *
 * @example
 * ```ts
 * const { history } = fit(net, data, { optimizer, steps: 200 });
 * display(layerStepHeatmapChart({ values: history.gradNormsByLayer, steps: history.recordedSteps }));
 * ```
 */
export function layerStepHeatmapChart(options: LayerStepHeatmapOptions): Plot.PlotOptions {
  const context = 'layerStepHeatmapChart';
  const { rows, cols, entry } = readRecord(options?.values, context);
  const steps = options.steps ?? Array.from({ length: cols }, (_, j) => j + 1);
  if (steps.length !== cols || !Array.from(steps).every(Number.isFinite)) {
    throw new GradscopeArgumentError('steps', steps, `${cols} finite step numbers, one per column`, context);
  }
  const maxRows = expectCount('maxRows', options.maxRows ?? layerStepHeatmapDefaults.maxRows, context);
  const maxColumns = expectCount(
    'maxColumns',
    options.maxColumns ?? layerStepHeatmapDefaults.maxColumns,
    context,
  );
  const valueLabel = options.valueLabel ?? layerStepHeatmapDefaults.valueLabel;

  const rowBlock = Math.ceil(rows / maxRows);
  const colBlock = Math.ceil(cols / maxColumns);
  const cells: Cell[] = [];
  let blank = 0;
  for (let i0 = 0; i0 < rows; i0 += rowBlock) {
    for (let j0 = 0; j0 < cols; j0 += colBlock) {
      let sum = 0;
      let n = 0;
      const i1 = Math.min(rows, i0 + rowBlock);
      const j1 = Math.min(cols, j0 + colBlock);
      for (let i = i0; i < i1; i++) {
        for (let j = j0; j < j1; j++) {
          const v = entry(i, j);
          if (v > 0 && Number.isFinite(v)) {
            sum += Math.log10(v);
            n++;
          }
        }
      }
      if (n === 0) blank++;
      cells.push({
        layer: i0 + 1,
        lastLayer: i1,
        step: steps[j0],
        lastStep: steps[j1 - 1],
        log: n === 0 ? NaN : sum / n,
      });
    }
  }
  const colored = cells.filter((c) => Number.isFinite(c.log));
  const lo = Math.min(...colored.map((c) => c.log));
  const hi = Math.max(...colored.map((c) => c.log));
  const domain: [number, number] = colored.length === 0 ? [0, 1] : lo < hi ? [lo, hi] : [lo - 0.5, hi + 0.5];

  const blocked = rowBlock > 1 || colBlock > 1;
  const blockNote = blocked
    ? `The ${rows} layers × ${cols} steps are shown as averages (of the logarithms) over blocks of ${rowBlock} × ${colBlock}.`
    : undefined;
  const blankNote =
    blank === 0
      ? undefined
      : `${blank} ${blank === 1 ? 'cell is' : 'cells are'} blank: exactly 0, or not finite, with no order of magnitude.`;
  const span =
    colored.length === 0
      ? 'No cell has a finite, positive value.'
      : `Values range over ${formatNumber(hi - lo, 2)} orders of magnitude, from 10${superscript(Math.round(lo))} to 10${superscript(Math.round(hi))}.`;
  const describeCell = (c: Cell) =>
    `${c.lastLayer > c.layer ? `layers ${c.layer}–${c.lastLayer}` : `layer ${c.layer}`}, ${
      c.lastStep > c.step
        ? `steps ${formatNumber(c.step)}–${formatNumber(c.lastStep)}`
        : `step ${formatNumber(c.step)}`
    }: ${Number.isFinite(c.log) ? `${valueLabel} ≈ ${formatNumber(10 ** c.log, 3)}` : 'blank'}`;

  const shownRows = Math.ceil(rows / rowBlock);
  const shownCols = Math.ceil(cols / colBlock);
  const cellHeight = Math.max(4, Math.min(16, Math.floor(300 / shownRows)));
  const tickEvery = (n: number) => Math.max(1, Math.ceil(n / 8));
  const layerTicks = cells
    .filter((c, k) => c.step === steps[0] && Math.floor(k / shownCols) % tickEvery(shownRows) === 0)
    .map((c) => c.layer);
  const stepTicks = cells
    .slice(0, shownCols)
    .filter((_, k) => k % tickEvery(shownCols) === 0)
    .map((c) => c.step);

  return {
    title: options.title,
    subtitle: options.subtitle,
    caption: joinText(options.caption, blockNote, blankNote),
    ariaLabel: options.ariaLabel ?? options.title ?? `${valueLabel} per layer and step`,
    ariaDescription:
      options.ariaDescription ??
      joinText(
        `Heatmap of ${valueLabel} for ${rows} layers (down) over ${cols} steps (across), coloured by order of magnitude.`,
        span,
        describeExtremes(colored, describeCell),
        blockNote,
        blankNote,
      ),
    width: options.width ?? CHART_DEFAULTS.width,
    height: options.height ?? shownRows * cellHeight + 110,
    ...TOP_AXIS_GRID_MARGINS,
    style: chartStyle(),
    x: {
      type: 'band',
      label: 'step',
      axis: 'top',
      ticks: stepTicks,
      tickFormat: (d: number) => formatNumber(d),
    },
    y: { type: 'band', label: 'layer', ticks: layerTicks, tickFormat: (d: number) => formatNumber(d) },
    color: {
      type: 'quantize',
      n: 9,
      scheme: MATRIX_SCHEMES.sequential,
      domain,
      label: `log₁₀ ${valueLabel}`,
      legend: true,
      width: 400,
      tickFormat: (d: number) => formatNumber(d, 2),
    } as Plot.ScaleOptions,
    marks: [
      Plot.cell(colored, { x: 'step', y: 'layer', fill: 'log', title: describeCell }),
      Plot.cell(
        cells.filter((c) => !Number.isFinite(c.log)),
        {
          x: 'step',
          y: 'layer',
          fill: 'none',
          stroke: 'currentColor',
          strokeOpacity: 0.3,
          title: describeCell,
        },
      ),
    ],
  };
}

/** Where the grid is smallest and largest, in words. */
function describeExtremes(cells: readonly Cell[], describe: (c: Cell) => string): string | undefined {
  if (cells.length === 0) return undefined;
  let min = cells[0];
  let max = cells[0];
  for (const c of cells) {
    if (c.log < min.log) min = c;
    if (c.log > max.log) max = c;
  }
  return `Smallest at ${describe(min)}. Largest at ${describe(max)}.`;
}

function expectCount(argument: string, value: number, context: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new GradscopeArgumentError(argument, value, 'a positive integer', context);
  }
  return value;
}

/** The record's layers × steps numbers: a Matrix of at least one cell, or rows (see `readGrid`). */
function readRecord(
  value: unknown,
  context: string,
): { rows: number; cols: number; entry: (i: number, j: number) => number } {
  const expected = 'a non-empty layers × steps Matrix or array of equal-length rows';
  if (isMatrix(value) && !(value.rows > 0 && value.cols > 0)) {
    throw new GradscopeArgumentError('values', value, expected, context);
  }
  return readGrid(value, 'values', expected, context);
}
