/**
 * The figures of the lesson "Residual connections: a path the gradient keeps", as chart options computed by
 * @gradscope/core when the page builds, from the networks and runs of numbers.ts.
 */
import {
  SERIES_PALETTE,
  sharedValueRange,
  theoryVsMeasuredChart,
  trainingCurveChart,
  trainingHeatmapChart,
} from '@gradscope/charts';
import { matrix } from '@gradscope/core';
import {
  blocks,
  firstLayerRow,
  kindLabel,
  kinds,
  meanSquareRatio,
  profiles,
  runs,
  steps,
  width,
  type Kind,
} from './numbers.ts';

/**
 * One colour per network in both figures and in the examples: the palette's first three, in the order the examples
 * draw them (plain, s = 1, s = 1/√B), so that the loss figure, which leaves out the s = 1 run, keeps them.
 */
const kindColor = {
  plain: SERIES_PALETTE[0],
  residual: SERIES_PALETTE[1],
  scaled: SERIES_PALETTE[2],
} as const;

const blockIndex = Array.from({ length: blocks }, (_, i) => i + 1);

/**
 * ‖delta‖ at each block's output over the last block's, for the three networks at the same draw of weights: the
 * engine's measurement on one draw as dots, the mean-square prediction √(factor^(B−b)) as a line.
 */
export const gradientChart = theoryVsMeasuredChart({
  xLabel: 'block b',
  yLabel: '‖δ[b]‖ / ‖δ[B]‖ (log scale)',
  unit: 'block',
  theoryLabel: 'mean-square prediction',
  measuredLabel: 'one draw, measured by the engine',
  series: kinds.map((kind) => ({
    label: kindLabel[kind],
    theoryX: blockIndex,
    theory: blockIndex.map((b) => meanSquareRatio(kind, b)),
    measured: profiles[kind],
    color: kindColor[kind],
  })),
  // All three lines end at 1 (the last block's own ratio), where direct labels would overlap.
  labels: 'legend',
  ariaLabel: `Gradient norm at each of ${blocks} blocks of width ${width}, relative to the last block's, for a plain ReLU network and two residual ones`,
});

/** The loss of the plain network and of the scaled residual one (the unscaled one overflows within a few steps). */
export const lossChart = trainingCurveChart({
  yLabel: 'loss (mean squared error, log scale)',
  yScale: 'log',
  firstStep: 1,
  series: (['plain', 'scaled'] as const).map((kind) => ({
    label: kindLabel[kind],
    values: runs[kind].history.loss,
    color: kindColor[kind],
  })),
  ariaLabel: `Training loss over ${steps} steps of a plain network of ${blocks} two-layer blocks and of the same network with scaled residual connections`,
});

/**
 * ‖dW‖ of every block's first layer (rows 1 … B) and of the output layer (row B + 1) at every step, for the plain
 * network and the scaled residual one, on one colour scale. The plain run's matrix has a row for every dense
 * layer; its blocks' second layers are left out, since a residual block's row is its first layer's.
 */
function firstLayerMatrix(kind: Kind) {
  const { data, cols } = runs[kind].history.gradNormsByLayer;
  return matrix(
    Array.from({ length: blocks + 1 }, (_, i) => {
      const row = firstLayerRow(kind, i + 1);
      return Array.from(data.subarray(row * cols, (row + 1) * cols));
    }),
  );
}
const heatmapMatrices = { plain: firstLayerMatrix('plain'), scaled: firstLayerMatrix('scaled') };
const valueRange = sharedValueRange([heatmapMatrices.plain, heatmapMatrices.scaled]);
const heatmap = (kind: 'plain' | 'scaled') =>
  trainingHeatmapChart({
    matrix: heatmapMatrices[kind],
    steps: runs[kind].history.recordedSteps,
    quantity: '‖dW‖ of block b’s first layer',
    valueRange,
    ariaLabel: `Weight-gradient norm of the first layer of each of ${blocks} blocks and of the output layer over ${steps} steps of training: ${kindLabel[kind]}`,
  });
export const plainHeatmap = heatmap('plain');
export const scaledHeatmap = heatmap('scaled');

/** Shown in captions. */
export { blocks, steps, width };
export { learningRate, weightLayers } from './numbers.ts';
