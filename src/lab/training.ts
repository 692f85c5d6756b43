/**
 * Training the reader's network with the engine's `fit`: the loss at every step and ‖dW^[l]‖ for every layer l at
 * (up to 400) recorded steps, a layers × steps grid for the heatmap. Progress is reported as it goes, so a worker
 * can post it while the run continues.
 *
 * A fork continues a run from step t with a remedy switched on (a smaller learning rate, another optimizer,
 * clipping): the run is replayed to step t (training is deterministic: same seeds, same minibatches), saved there
 * with `record.snapshot()`, and continued from the snapshot with `fit(…, { resume })`, which restores parameters,
 * optimizer state and the place in the epoch. So the fork's first step is exactly what step t + 1 would have been,
 * except for the remedy. Remedies that change the network itself (normalization, residual connections) cannot be
 * switched on mid-run: they would be another network.
 */
import {
  adam,
  createRandom,
  fit,
  frobeniusNorm,
  momentum,
  sgd,
  type Optimizer,
  type StepRecord,
  type TrainingSnapshot,
} from '@gradscope/core';

import { labData } from './data.ts';
import { buildNetwork } from './network.ts';
import type { LabState } from './state.ts';

/** What a fork may change: training's settings, not the network's. */
export type Remedy = Partial<Pick<LabState, 'learningRate' | 'clip' | 'optimizer'>>;

/** At most this many recorded steps (columns of the heatmap); longer runs record every k-th step. */
export const MAX_RECORDED_STEPS = 400;

/** How a run ended. */
export interface TrainingStop {
  readonly reason: 'completed' | 'non-finite';
  /** The last step whose update was applied. */
  readonly step: number;
  /** For a non-finite stop: what overflowed and at which layer l of the reader's network (null: the loss). */
  readonly what?: 'activation' | 'loss' | 'gradient';
  readonly layer?: number | null;
}

/** A run, or the part of it so far. */
export interface TrainingRun {
  /** The step of `loss[0]` (1, or t + 1 for a fork at step t). */
  readonly firstStep: number;
  readonly loss: Float64Array;
  /** The steps whose gradient norms were recorded. */
  readonly recordedSteps: Int32Array;
  /** ‖dW^[l]‖_F at recorded step j: entry (l − 1)·K + j, K = recordedSteps.length (layers down, steps across). */
  readonly gradNorms: Float64Array;
  readonly layers: number;
  readonly stopped: TrainingStop | null;
}

/** Options of `train`. */
export interface TrainOptions {
  /** Continue from step `step` of the run `state` describes, with `remedy`. */
  readonly fork?: { readonly step: number; readonly remedy: Remedy };
  /** Called with the run so far, at most every `progressEveryMs` (default 100 ms), and not for the final result. */
  readonly onProgress?: (run: TrainingRun) => void;
  readonly progressEveryMs?: number;
}

/** The optimizer a state asks for. */
export function optimizerFor(state: Pick<LabState, 'optimizer' | 'learningRate'>): Optimizer {
  const learningRate = state.learningRate;
  if (state.optimizer === 'adam') return adam({ learningRate });
  if (state.optimizer === 'momentum') return momentum({ learningRate, momentum: 0.9 });
  return sgd({ learningRate });
}

/**
 * Trains the state's network (seed `state.seed`) for `state.steps` steps, or the fork of it.
 *
 * @example
 * const run = train({ ...DEFAULT_STATE, steps: 50 });
 * run.loss.length; // 50, unless a value overflowed first
 */
export function train(state: LabState, options: TrainOptions = {}): TrainingRun {
  const lab = buildNetwork(state, state.seed);
  const data = labData(state, state.seed);
  const L = state.depth;
  const fork = options.fork;
  const firstStep = fork ? fork.step + 1 : 1;
  const total = state.steps - firstStep + 1;
  const every = Math.max(1, Math.ceil(state.steps / MAX_RECORDED_STEPS));
  const recorded: number[] = [];
  const norms: number[][] = Array.from({ length: L }, () => []);
  const loss: number[] = [];
  const progressEveryMs = options.progressEveryMs ?? 100;
  let lastProgress = performance.now();

  const snapshotRun = (stopped: TrainingStop | null): TrainingRun => ({
    firstStep,
    loss: Float64Array.from(loss),
    recordedSteps: Int32Array.from(recorded),
    gradNorms: Float64Array.from(norms.flatMap((row) => row)),
    layers: L,
    stopped,
  });
  const record = (r: StepRecord) => {
    loss.push(r.loss);
    if ((r.step - 1) % every === 0) {
      recorded.push(r.step);
      // The update has been applied, but each W.grad still holds this step's gradient.
      lab.denseLayers.forEach((layer, l) => norms[l].push(frobeniusNorm(layer.W.grad)));
    }
    if (options.onProgress && performance.now() - lastProgress >= progressEveryMs) {
      lastProgress = performance.now();
      options.onProgress(snapshotRun(null));
    }
  };

  let resume: TrainingSnapshot | undefined;
  if (fork) {
    if (!(Number.isInteger(fork.step) && fork.step >= 1 && fork.step < state.steps)) {
      throw new Error(
        `train: a fork starts after a step from 1 to ${state.steps - 1}; received ${fork.step}`,
      );
    }
    const replay = fit(lab.net, data, {
      ...fitSettings(state),
      steps: fork.step,
      onStep: (r) => {
        if (r.step === fork.step) resume = r.snapshot();
      },
    });
    if (resume === undefined) {
      return snapshotRun(stopOf(replay.stopped, blockOfEngineLayer(lab)));
    }
  }
  const settings = fitSettings(fork ? { ...state, ...fork.remedy } : state);
  if (total <= 0) return snapshotRun({ reason: 'completed', step: state.steps });
  const result = fit(lab.net, data, {
    ...settings,
    steps: total,
    onStep: record,
    ...(resume ? { resume } : {}),
  });
  return snapshotRun(stopOf(result.stopped, blockOfEngineLayer(lab)));
}

/** The settings of `fit` a state asks for (its minibatches are drawn from the seed's own source). */
function fitSettings(state: LabState) {
  return {
    optimizer: optimizerFor(state),
    loss: state.loss,
    batchSize: state.batch,
    random: createRandom(`lab-batches-${state.seed}`),
    ...(state.clip > 0 ? { clip: { norm: state.clip } } : {}),
  };
}

/** For each index in net.layers, the reader's layer l it belongs to. */
function blockOfEngineLayer(lab: ReturnType<typeof buildNetwork>): (index: number) => number {
  return (index) => {
    const found = lab.blocks.findIndex((b) => b.dense[0] <= index && index <= b.output);
    return found < 0 ? lab.blocks.length : found + 1;
  };
}

function stopOf(
  stopped: ReturnType<typeof fit>['stopped'],
  toLayer: (index: number) => number,
): TrainingStop {
  if (stopped.reason !== 'non-finite') return { reason: 'completed', step: stopped.step };
  return {
    reason: 'non-finite',
    step: stopped.step - 1,
    what: stopped.what,
    layer: stopped.what === 'loss' ? null : toLayer(stopped.layer - 1),
  };
}
