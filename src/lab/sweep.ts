/**
 * The phase diagram the reader trains in: a grid of (σ_w², σ_b²) and, for each cell, a plain network of the
 * Lab's activation, depth and width with those dials, trained with the Lab's training settings for its number of
 * steps. A cell's value is the loss on the whole training set afterwards, divided by the loss of the best constant
 * prediction (the mean target; for classes, their frequencies): 1 means the network learnt nothing it could not
 * have guessed, and the trainable band of Schoenholz et al. (2017), around the edge of chaos, is where it falls
 * well below 1.
 *
 * Cells are independent, so a sweep spreads them over every core (one worker each); a cell is one call of
 * `sweepCell`, deterministic for its state and dials.
 */
import { forward, meanSquaredError, binaryCrossEntropy, softmaxCrossEntropy, fit } from '@gradscope/core';

import { labData } from './data.ts';
import { buildNetwork } from './network.ts';
import type { LabState } from './state.ts';
import { optimizerFor } from './training.ts';
import { createRandom } from '@gradscope/core';

/** The plane a sweep covers, and how finely. */
export interface SweepGrid {
  readonly weightVariances: readonly number[];
  readonly biasVariances: readonly number[];
}

/** The plane's extent: σ_w² across the edge of chaos of tanh (1 at σ_b² = 0, about 2.5 at σ_b² = 0.3). */
export const SWEEP_RANGE = { weightVariance: [0.5, 4.5], biasVariance: [0, 0.3] } as const;

/**
 * An n × n grid over SWEEP_RANGE, cell centres evenly spaced.
 *
 * @example
 * sweepGrid(20).weightVariances.length; // 20
 */
export function sweepGrid(n: number): SweepGrid {
  const spaced = ([lo, hi]: readonly [number, number]) =>
    Array.from({ length: n }, (_, i) => Number((lo + ((i + 0.5) * (hi - lo)) / n).toPrecision(6)));
  return {
    weightVariances: spaced(SWEEP_RANGE.weightVariance),
    biasVariances: spaced(SWEEP_RANGE.biasVariance),
  };
}

/** The settings a sweep trains with: the Lab's, but a plain Gaussian network, as the theory describes. */
export function sweepState(state: LabState, weightVariance: number, biasVariance: number): LabState {
  return {
    ...state,
    init: 'normal',
    norm: 'none',
    residual: false,
    bias: true,
    weightVariance,
    biasVariance,
  };
}

/** One trained cell. */
export interface SweepCell {
  readonly weightVariance: number;
  readonly biasVariance: number;
  /** Loss on the training set after training ÷ the best constant prediction's; Infinity if training diverged. */
  readonly relativeLoss: number;
  /** Steps trained (fewer than asked when a value overflowed). */
  readonly steps: number;
}

/**
 * Trains one cell of the phase diagram.
 *
 * @example
 * sweepCell({ ...DEFAULT_STATE, depth: 30, width: 64 }, 1.76, 0.05).relativeLoss; // well below 1 near the edge of chaos
 */
export function sweepCell(state: LabState, weightVariance: number, biasVariance: number): SweepCell {
  const cellState = sweepState(state, weightVariance, biasVariance);
  const { net } = buildNetwork(cellState, cellState.seed);
  const data = labData(cellState, cellState.seed);
  const { stopped, steps } = fit(net, data, {
    optimizer: optimizerFor(cellState),
    loss: cellState.loss,
    steps: cellState.steps,
    batchSize: cellState.batch,
    random: createRandom(`lab-batches-${cellState.seed}`),
    everySteps: cellState.steps,
    ...(cellState.clip > 0 ? { clip: { norm: cellState.clip } } : {}),
  });
  const loss = stopped.reason === 'non-finite' ? Infinity : trainingLoss(cellState, net, data);
  const relative = loss / baselineLoss(cellState, data.y);
  return {
    weightVariance,
    biasVariance,
    relativeLoss: Number.isFinite(relative) ? relative : Infinity,
    steps,
  };
}

function lossFunction(state: LabState) {
  return state.loss === 'bce'
    ? binaryCrossEntropy
    : state.loss === 'softmaxCrossEntropy'
      ? softmaxCrossEntropy
      : meanSquaredError;
}

function trainingLoss(
  state: LabState,
  net: ReturnType<typeof buildNetwork>['net'],
  data: ReturnType<typeof labData>,
): number {
  return lossFunction(state).value(forward(net, data.x, { mode: 'eval' }).output, data.y);
}

/**
 * The loss of the best prediction that ignores the input: the mean target (mean squared error: half the targets'
 * variance), or the class frequencies (cross-entropy: their entropy).
 *
 * @example
 * baselineLoss({ ...DEFAULT_STATE, loss: 'bce' }, matrix([[0, 1, 1, 0]])); // ln 2
 */
export function baselineLoss(state: LabState, y: ReturnType<typeof labData>['y']): number {
  const { rows, cols, data } = y;
  const means = Array.from({ length: rows }, (_, k) => {
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += data[k * cols + j];
    return sum / cols;
  });
  if (state.loss === 'mse') {
    let sum = 0;
    for (let k = 0; k < rows; k++) for (let j = 0; j < cols; j++) sum += (data[k * cols + j] - means[k]) ** 2;
    return sum / (2 * cols);
  }
  const entropy = (p: number) => (p > 0 ? -p * Math.log(p) : 0);
  if (state.loss === 'bce') return entropy(means[0]) + entropy(1 - means[0]);
  return means.reduce((sum, p) => sum + entropy(p), 0);
}
