/**
 * A training run's per-layer record as a heatmap: layer l down (layer 1 at the top, as a network diagram reads),
 * the step across, and the colour the decimal logarithm of the value. It draws the layers × steps matrices that
 * `fit` keeps (`history.gradNormsByLayer`, `history.activationRmsByLayer`) as they come, with their step numbers
 * (`history.recordedSteps`).
 *
 * Why a logarithm: a vanishing gradient is exponentially small in depth, so the interesting contrast is between
 * 10⁻¹² and 10⁻¹, which a linear colour scale would paint the same. Entries of 0 (log −∞), ±∞ and NaN get no
 * colour and are marked in their cell; runs longer than `maxSteps` columns are shown as geometric means of
 * consecutive steps (means of the logarithms), and the caption says so. The cells are drawn by `cell-grid.ts`
 * (one path per colour, a tooltip per layer), as are `heatmapChart`'s.
 */
import * as Plot from '@observablehq/plot';
import { GradscopeArgumentError, isMatrix, type Matrix } from '@gradscope/core';
import { GRID_BAND, cellGridMarks, rowSummary, type GridCell } from './cell-grid.js';
import { formatNumber, superscript } from './format.js';
import { joinText, type ChartText } from './series.js';
import { MATRIX_SCHEMES, chartStyle } from './theme.js';

/** Options of `trainingHeatmapChart`. */
export interface TrainingHeatmapOptions extends ChartText {
  /** L × K: entry (l − 1, j) belongs to layer l at the j-th recorded step (what `fit` records). */
  readonly matrix: Matrix;
  /** The step of each column (`history.recordedSteps`; default 1, 2, …, K). */
  readonly steps?: ArrayLike<number>;
  /** What an entry is, for the legend and the description (default `'‖dW[l]‖'`). */
  readonly quantity?: string;
  /** Most columns drawn before consecutive steps are merged (default 60). */
  readonly maxSteps?: number;
  /**
   * The smallest and largest value the colours cover (default: this matrix's own range). Give several runs the
   * same range to compare their heatmaps by colour; values outside it take the end colours.
   */
  readonly valueRange?: readonly [number, number];
}

/**
 * One colour range for several heatmaps, so the same colour is the same value in each: the smallest and the
 * largest entry of all the `matrices` that a logarithm can place (positive and finite; 0, ∞ and NaN are left out,
 * as their cells are marked instead of coloured). Pass it as every heatmap's `valueRange`.
 *
 * @example
 * ```ts
 * const valueRange = sharedValueRange(runs.map((run) => run.history.gradNormsByLayer));
 * for (const run of runs) display(trainingHeatmapChart({ matrix: run.history.gradNormsByLayer, valueRange }));
 * ```
 */
export function sharedValueRange(matrices: readonly Matrix[]): readonly [number, number] {
  let smallest = Infinity;
  let largest = -Infinity;
  for (const { data } of matrices) {
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      if (v > 0 && v < Infinity) {
        smallest = Math.min(smallest, v);
        largest = Math.max(largest, v);
      }
    }
  }
  return [smallest, largest];
}

/** Defaults of `trainingHeatmapChart`. */
export const trainingHeatmapDefaults = { quantity: '‖dW[l]‖', maxSteps: 60 } as const;

/** A cell: `row` is the layer, `column` the first step, `value` the logarithm (`log`). */
interface Cell extends GridCell {
  readonly layer: number;
  /** The first step of the column. */
  readonly step: number;
  /** The last step merged into the column. */
  readonly lastStep: number;
  /** log₁₀ of the value (the mean of the logarithms when steps are merged). */
  readonly log: number;
}

/**
 * Per-layer values over training steps as a heatmap, coloured by log₁₀ of the value.
 *
 * @example
 * ```ts
 * const { history } = fit(net, data, { optimizer: sgd({ learningRate: 0.1 }), steps: 300 });
 * display(trainingHeatmapChart({ matrix: history.gradNormsByLayer, steps: history.recordedSteps }));
 * ```
 */
export function trainingHeatmapChart(options: TrainingHeatmapOptions): Plot.PlotOptions {
  const context = 'trainingHeatmapChart';
  const matrix = options?.matrix;
  if (!isMatrix(matrix)) {
    throw new GradscopeArgumentError(
      'matrix',
      matrix,
      'a layers × steps Matrix, such as history.gradNormsByLayer from fit',
      context,
    );
  }
  const layers = matrix.rows;
  const K = matrix.cols;
  const steps = options.steps ?? Array.from({ length: K }, (_, j) => j + 1);
  if (typeof steps !== 'object' || steps === null || steps.length !== K) {
    throw new GradscopeArgumentError(
      'steps',
      steps,
      `${K} step numbers, one per column of the matrix (history.recordedSteps)`,
      context,
    );
  }
  const maxSteps = options.maxSteps ?? trainingHeatmapDefaults.maxSteps;
  if (!Number.isInteger(maxSteps) || maxSteps < 1) {
    throw new GradscopeArgumentError('maxSteps', maxSteps, 'a positive integer', context);
  }
  const quantity = options.quantity ?? trainingHeatmapDefaults.quantity;
  const range = options.valueRange;
  if (
    range !== undefined &&
    !(
      Array.isArray(range) &&
      range.length === 2 &&
      range[0] > 0 &&
      range[1] > range[0] &&
      range[1] < Infinity
    )
  ) {
    throw new GradscopeArgumentError(
      'valueRange',
      range,
      'two positive finite numbers [smallest, largest], smallest first',
      context,
    );
  }

  // Merge consecutive steps into at most maxSteps columns; a merged cell holding a non-finite logarithm shows it.
  const block = Math.ceil(K / maxSteps);
  const cells: Cell[] = [];
  for (let l = 1; l <= layers; l++) {
    for (let start = 0; start < K; start += block) {
      const end = Math.min(K, start + block);
      let sum = 0;
      for (let j = start; j < end; j++) sum += Math.log10(matrix.data[(l - 1) * K + j]);
      const log = sum / (end - start);
      const step = steps[start];
      cells.push({ layer: l, step, lastStep: steps[end - 1], log, row: l, column: step, value: log });
    }
  }
  const finite = cells.filter((c) => Number.isFinite(c.log));
  const nonFinite = cells.filter((c) => !Number.isFinite(c.log));
  const lo = finite.reduce((m, c) => Math.min(m, c.log), Infinity);
  const hi = finite.reduce((m, c) => Math.max(m, c.log), -Infinity);
  const [scaleLo, scaleHi] = range ? [Math.log10(range[0]), Math.log10(range[1])] : [lo, hi];

  const columns = Math.ceil(K / block);
  const mergeNote =
    block > 1 ? `Each column is the geometric mean of ${block} consecutive steps.` : undefined;
  const nonFiniteNote =
    nonFinite.length === 0
      ? undefined
      : `${nonFinite.length} ${nonFinite.length === 1 ? 'cell is' : 'cells are'} 0, ∞ or NaN, marked in place.`;
  const describe = (value: number) => formatNumber(10 ** value, 2);
  const cellWidth = Math.max(6, Math.min(28, Math.floor(560 / columns)));
  const cellHeight = Math.max(10, Math.min(28, Math.floor(360 / layers)));
  const tickEvery = (n: number, most: number) => Math.max(1, Math.ceil(n / most));
  const stepTicks = cells
    .filter((c, i) => c.layer === 1 && i % tickEvery(columns, 8) === 0)
    .map((c) => c.step);
  const layerTicks = Array.from({ length: layers }, (_, i) => i + 1).filter(
    (l) => (l - 1) % tickEvery(layers, 12) === 0 || l === layers,
  );

  return {
    title: options.title,
    subtitle: options.subtitle,
    caption: joinText(options.caption, mergeNote, nonFiniteNote),
    ariaLabel: options.ariaLabel ?? options.title ?? `${quantity} per layer over ${K} training steps`,
    ariaDescription:
      options.ariaDescription ??
      joinText(
        `Heatmap of ${quantity} for layers 1 to ${layers} (rows, layer 1 at the top) over steps ${formatNumber(steps[0])} to ${formatNumber(steps[K - 1])} (columns), coloured by the logarithm of the value.`,
        finite.length > 0
          ? `Values range from ${describe(lo)} to ${describe(hi)}. ${layerSummary(cells, layers)}`
          : 'No value is finite and positive.',
        mergeNote,
        nonFiniteNote,
      ),
    width: options.width ?? Math.min(640, columns * cellWidth + 120),
    height: options.height ?? layers * cellHeight + 64,
    marginLeft: 56,
    marginRight: 24,
    marginTop: 16,
    marginBottom: 36,
    style: chartStyle(),
    x: { ...GRID_BAND, label: 'step', ticks: stepTicks, tickFormat: (s: number) => formatNumber(s) },
    y: { ...GRID_BAND, label: 'layer l', ticks: layerTicks },
    color: colorScale(scaleLo, scaleHi, finite.length > 0 || range !== undefined, `${quantity} (log scale)`),
    marks: cellGridMarks(cells, {
      markOf,
      rowTitle: (layer, inRow) =>
        rowSummary(
          `layer ${layer}, ${quantity}`,
          inRow,
          (c) => (Number.isFinite(c.log) ? describe(c.log) : markOf(c)),
          (c) => `step ${c.step === c.lastStep ? c.step : `${c.step}–${c.lastStep}`}`,
        ),
    }),
  };
}

/** What a cell without a colour holds: its value was 0 (log −∞), ∞ or NaN. */
function markOf(c: Cell): string {
  return Number.isNaN(c.log) ? 'NaN' : c.log > 0 ? '∞' : '0';
}

/**
 * The colour scale of the logarithms: one class per power of ten (thresholds at whole decades, every few decades
 * over a wide range) when the values span four decades or more; else nine equal classes, labelled by their values.
 */
function colorScale(lo: number, hi: number, any: boolean, label: string): Plot.ScaleOptions {
  // Plot reads the legend's width from the scale's options; the type does not list it.
  const legend = { legend: true, label, width: 400 } as Plot.ScaleOptions;
  const first = Math.ceil(lo);
  const last = Math.floor(hi);
  if (any && last - first >= 3) {
    const stride = Math.max(1, Math.ceil((last - first + 1) / 10));
    const thresholds: number[] = [];
    for (let d = first; d <= last; d += stride) thresholds.push(d);
    return {
      ...legend,
      type: 'threshold',
      domain: thresholds,
      scheme: MATRIX_SCHEMES.sequential,
      tickFormat: (d: number) => `10${superscript(d)}`,
    };
  }
  const domain: [number, number] = !any ? [0, 1] : lo < hi ? [lo, hi] : [lo - 0.5, hi + 0.5];
  return {
    ...legend,
    type: 'quantize',
    n: 9,
    scheme: MATRIX_SCHEMES.sequential,
    domain,
    tickFormat: (d: number) => formatNumber(10 ** d, 2),
  };
}

/** One sentence for a screen reader: the first and last layer's values at the first and last column. */
function layerSummary(cells: readonly Cell[], layers: number): string {
  const at = (layer: number, which: 'first' | 'last') => {
    const row = cells.filter((c) => c.layer === layer);
    const c = which === 'first' ? row[0] : row[row.length - 1];
    return Number.isFinite(c.log) ? formatNumber(10 ** c.log, 2) : 'not finite';
  };
  return `Layer 1 starts at ${at(1, 'first')} and ends at ${at(1, 'last')}; layer ${layers} starts at ${at(layers, 'first')} and ends at ${at(layers, 'last')}.`;
}
