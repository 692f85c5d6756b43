/**
 * Snapshots of a training run, to fork it: "what if, at step 200, I had switched clipping on?"
 *
 * A snapshot is a deep copy of everything the next step depends on:
 *   - every parameter's value (W, b, γ, β, in `net.params` order) and every batch-norm layer's running mean and
 *     variance (the layer's state that is not a parameter; PyTorch calls them buffers);
 *   - the optimizer's state (velocities, Adam's moments and per-parameter step counts, the update count that a
 *     learning-rate schedule reads), through the optimizer's `saveState`;
 *   - the random source's state (`random.getState()`), which draws the next minibatch order;
 *   - when `fit` takes it (`record.snapshot()` in `onStep`), where the run is in its shuffled epoch.
 * Gradients are not saved: every step overwrites them before they are read.
 *
 * Restoring puts each number back exactly, so `fit(net, data, { ...sameOptions, resume: saved })` replays the
 * original continuation bit for bit, and any other options (clipping, another optimizer, a lower η) start from
 * the very same point. Snapshots are plain data (matrices, typed arrays, numbers): they can be posted to a
 * Web Worker.
 */

import { batchNorm, type BatchNormLayer } from './batchnorm.js';
import { dense, type DenseLayer } from './dense.js';
import { GradscopeArgumentError, expectKnownKeys } from './errors.js';
import type { Layer } from './layer.js';
import { layerNorm } from './layernorm.js';
import { clone, copyInto, isMatrix, shapeOf, type Matrix } from './matrix.js';
import { expectNetwork, network, type Network } from './network.js';
import type { NormalizationLayer } from './normalization.js';
import type { Optimizer, OptimizerSnapshot } from './optimizers.js';
import type { Random, RandomState } from './random.js';
import { residual, type ResidualLayer } from './residual.js';

/**
 * Where `fit` was in its shuffled pass over the examples: the order and how many of it were used.
 *
 * @example
 * ```ts
 * const { order, position }: MinibatchState = saved.minibatches!; // the next batch is order[position …]
 * ```
 */
export interface MinibatchState {
  /** A permutation of 0 … m − 1: the current epoch's order of the examples (columns). */
  readonly order: Int32Array;
  /** How many examples of `order` have been used; the next minibatch starts here. */
  readonly position: number;
}

/**
 * A deep copy of a training run's state at one step (see the file header for what it holds).
 *
 * @example
 * ```ts
 * const saved: TrainingSnapshot = snapshot(net, { optimizer, random });
 * saved.params[0]; // a copy of W^[1]
 * ```
 */
export interface TrainingSnapshot {
  /** Updates applied when it was taken: a run resumed from it numbers its first step `step + 1`. */
  readonly step: number;
  /** The parameters' names, in `net.params` order (to say which one does not fit when restoring). */
  readonly names: readonly string[];
  /** Copies of the parameters' values, in `net.params` order. */
  readonly params: readonly Matrix[];
  /** Copies of each batch-norm layer's running mean and running variance, in forward order. */
  readonly buffers: readonly Matrix[];
  /** The optimizer's state, or null (none given, or an optimizer of your own without `saveState`). */
  readonly optimizer: OptimizerSnapshot | null;
  /** The random source's state, or null when none was given. */
  readonly random: RandomState | null;
  /** `fit`'s place in its epoch when taken by `record.snapshot()`; null otherwise (a resumed run reshuffles). */
  readonly minibatches: MinibatchState | null;
}

/**
 * Options of {@link snapshot}.
 *
 * @example
 * ```ts
 * const options: SnapshotOptions = { optimizer, random, step: 200 };
 * ```
 */
export interface SnapshotOptions {
  /** The optimizer whose state to copy (through its `saveState`). */
  readonly optimizer?: Optimizer;
  /** The random source whose state to copy (the one that shuffles the minibatches). */
  readonly random?: Random;
  /** The step number to record (default: the optimizer's update count, or 0). */
  readonly step?: number;
}

/**
 * Options of {@link restore}.
 *
 * @example
 * ```ts
 * const options: RestoreOptions = { optimizer: momentum({ learningRate: 0.05 }), random };
 * ```
 */
export interface RestoreOptions {
  /**
   * The optimizer to continue with. It gets the saved state when it is the same rule (same `name`) and can load
   * state; otherwise (another rule, or a snapshot without optimizer state) it is `reset()` and starts afresh.
   */
  readonly optimizer?: Optimizer;
  /** A random source to rewind to the saved state (the snapshot must hold one). */
  readonly random?: Random;
}

const SNAPSHOT_KEYS = ['optimizer', 'random', 'step'] as const;
const RESTORE_KEYS = ['optimizer', 'random'] as const;

/**
 * A deep copy of the network's parameters and batch-norm statistics, and of the optimizer's and random source's
 * state if given. Later training does not change it; `restore` or `fit(…, { resume })` continues from it.
 *
 * @example
 * ```ts
 * const random = createRandom(1);
 * const optimizer = adam({ learningRate: 0.01 });
 * fit(net, data, { optimizer, steps: 200, batchSize: 32, random });
 * const saved = snapshot(net, { optimizer, random }); // step 200
 * ```
 */
export function snapshot(net: Network, options: SnapshotOptions = {}): TrainingSnapshot {
  const context = 'snapshot';
  expectNetwork('net', net, context);
  const checked = expectKnownKeys('options', options, SNAPSHOT_KEYS, '{ optimizer, random }', context);
  const optimizer = checked.optimizer === undefined ? undefined : expectOptimizer(checked.optimizer, context);
  const random = checked.random === undefined ? undefined : expectStatefulRandom(checked.random, context);
  const step = checked.step ?? optimizer?.state?.step ?? 0;
  if (!Number.isInteger(step) || step < 0) {
    throw new GradscopeArgumentError('options.step', step, 'a non-negative integer', context);
  }
  return {
    step,
    names: net.params.map((p) => p.name),
    params: net.params.map((p) => clone(p.value)),
    buffers: runningStatistics(net).map((m) => clone(m)),
    optimizer: optimizer?.saveState === undefined ? null : optimizer.saveState(net.params),
    random: random === undefined ? null : random.getState(),
    minibatches: null,
  };
}

/**
 * Puts a snapshot back: the parameters and batch-norm statistics into `net` (a network of the same shapes: the
 * one it was taken from, or a `forkNetwork` of it), the optimizer state into `options.optimizer` when it is the
 * same rule (else that optimizer is reset), and the random state into `options.random`.
 *
 * @example
 * ```ts
 * const saved = snapshot(net, { optimizer, random });
 * fit(net, data, { optimizer, steps: 100, batchSize: 32, random }); // … the original continues
 * restore(net, saved, { optimizer, random }); // back to where it was
 * ```
 */
export function restore(net: Network, saved: TrainingSnapshot, options: RestoreOptions = {}): void {
  const context = 'restore';
  expectNetwork('net', net, context);
  const checked = expectKnownKeys('options', options, RESTORE_KEYS, '{ optimizer, random }', context);
  const optimizer = checked.optimizer === undefined ? undefined : expectOptimizer(checked.optimizer, context);
  const random = checked.random === undefined ? undefined : expectStatefulRandom(checked.random, context);
  expectTrainingSnapshot(net, saved, 'saved', context);
  const buffers = runningStatistics(net);
  if (random !== undefined && saved.random === null) {
    throw new GradscopeArgumentError(
      'options.random',
      random,
      'left out: the snapshot holds no random state (take it with snapshot(net, { random }))',
      context,
    );
  }
  // copyInto rounds, should a snapshot have been edited by hand in a format whose storage does not round itself.
  net.params.forEach((p, i) => copyInto(p.value, saved.params[i]));
  buffers.forEach((m, i) => copyInto(m, saved.buffers[i]));
  if (optimizer !== undefined) {
    if (
      saved.optimizer !== null &&
      saved.optimizer.name === optimizer.name &&
      optimizer.loadState !== undefined
    ) {
      optimizer.loadState(net.params, saved.optimizer);
    } else {
      optimizer.reset();
    }
  }
  if (random !== undefined && saved.random !== null) random.setState(saved.random);
}

/**
 * A new network with the same layers as `net` (kinds, sizes, activations, labels) and its own copies of the
 * parameters and batch-norm statistics: those of `saved` when given, else `net`'s current ones. Training the
 * fork leaves `net` alone, so the original run and the fork can be compared side by side.
 *
 * Works for networks of the engine's layers (dense, batch norm, layer norm, residual blocks); for layers of
 * your own, build the network again and `restore` into it.
 *
 * @example
 * ```ts
 * let saved: TrainingSnapshot | undefined;
 * fit(net, data, { optimizer, steps: 500, onStep: (r) => { if (r.step === 200) saved = r.snapshot(); } });
 * const fork = forkNetwork(net, saved); // the network as it was at step 200
 * fit(fork, data, { optimizer: sgd({ learningRate: 0.1 }), steps: 300, clip: { norm: 1 }, resume: saved });
 * ```
 */
export function forkNetwork(net: Network, saved?: TrainingSnapshot): Network {
  const context = 'forkNetwork';
  expectNetwork('net', net, context);
  const layers = net.layers.map((layer, i) => rebuild(layer, `net.layers[${i}]`));
  const fork = network(layers, { label: net.label });
  const source = saved ?? snapshot(net);
  if (saved !== undefined) expectTrainingSnapshot(net, saved, 'saved', context);
  fork.params.forEach((p, i) => copyInto(p.value, source.params[i]));
  runningStatistics(fork).forEach((m, i) => copyInto(m, source.buffers[i]));
  return fork;
}

/** The same layer, freshly built: same kind, sizes, activation, numbering (so the same label) and settings. */
function rebuild(layer: Layer, where: string): Layer {
  const index = lectureIndex(layer.label);
  const { activation, dtype } = layer;
  let copy: Layer | undefined;
  if (layer.kind === 'dense' && 'b' in layer) {
    const { inputSize, outputSize, b } = layer as DenseLayer;
    copy = dense({ inputSize, outputSize, activation, bias: b !== null, dtype, index, init: 'zeros' });
  } else if (layer.kind === 'batchNorm') {
    const { outputSize: size, epsilon, momentum } = layer as BatchNormLayer;
    copy = batchNorm({ size, activation, epsilon, momentum, dtype, index });
  } else if (layer.kind === 'layerNorm' && 'epsilon' in layer) {
    const { outputSize: size, epsilon } = layer as NormalizationLayer;
    copy = layerNorm({ size, activation, epsilon, dtype, index });
  } else if (layer.kind === 'residual' && Array.isArray(layer.inner)) {
    const inner = layer.inner.map((l, j) => rebuild(l, `${where}.inner[${j}]`));
    copy = residual({ inner, activation, scale: (layer as ResidualLayer).scale, index });
  }
  const sameParams =
    copy !== undefined &&
    copy.params.length === layer.params.length &&
    copy.params.every(
      (p, i) =>
        p.name === layer.params[i].name &&
        p.value.rows === layer.params[i].value.rows &&
        p.value.cols === layer.params[i].value.cols,
    );
  if (copy === undefined || copy.label !== layer.label || !sameParams) {
    throw new GradscopeArgumentError(
      where,
      layer.label,
      'a dense, batch-norm, layer-norm or residual layer of the engine (for a layer of your own, build the ' +
        'network again and use restore(net, saved))',
      'forkNetwork',
    );
  }
  return copy;
}

/** The lecture's layer number l from a label `'layer l: …'` (how `index` shows), or undefined. */
function lectureIndex(label: string): number | undefined {
  const match = /^layer (\d+): /.exec(label);
  return match === null ? undefined : Number(match[1]);
}

/** Every batch-norm layer's running mean and variance, in forward order (inside residual blocks too). */
function runningStatistics(net: Network): Matrix[] {
  const found: Matrix[] = [];
  const visit = (layers: readonly Layer[]): void => {
    for (const layer of layers) {
      if (layer.inner) visit(layer.inner);
      const { runningMean, runningVariance } = layer as Partial<BatchNormLayer>;
      if (isMatrix(runningMean) && isMatrix(runningVariance)) found.push(runningMean, runningVariance);
    }
  };
  visit(net.layers);
  return found;
}

/**
 * Throws unless `saved` is a snapshot of a network with `net`'s parameters and batch-norm statistics (same count,
 * shapes and dtypes), naming the first one that does not fit; `argument` and `context` name it in the message.
 *
 * @internal
 * @example
 * ```ts
 * expectTrainingSnapshot(net, saved, 'options.resume', 'fit');
 * ```
 */
export function expectTrainingSnapshot(
  net: Network,
  saved: TrainingSnapshot,
  argument: string,
  context: string,
): TrainingSnapshot {
  const buffers = runningStatistics(net);
  if (
    typeof saved !== 'object' ||
    saved === null ||
    !Array.isArray(saved.params) ||
    !Array.isArray(saved.buffers) ||
    !Array.isArray(saved.names)
  ) {
    throw new GradscopeArgumentError(
      argument,
      saved,
      'a TrainingSnapshot from snapshot(net) or record.snapshot()',
      context,
    );
  }
  if (!Number.isInteger(saved.step) || saved.step < 0) {
    throw new GradscopeArgumentError(`${argument}.step`, saved.step, 'a non-negative integer', context);
  }
  if (saved.params.length !== net.params.length || saved.buffers.length !== buffers.length) {
    throw new GradscopeArgumentError(
      argument,
      `a snapshot of ${saved.params.length} parameters`,
      `a snapshot of a network like net: ${net.params.length} parameters (${net.label})`,
      context,
    );
  }
  const fits = (copy: Matrix, target: Matrix): boolean =>
    isMatrix(copy) && copy.rows === target.rows && copy.cols === target.cols && copy.dtype === target.dtype;
  net.params.forEach((p, i) => {
    if (!fits(saved.params[i], p.value)) {
      throw new GradscopeArgumentError(
        `${argument}.params[${i}]`,
        saved.params[i],
        `a ${shapeOf(p.value)} ${p.value.dtype} matrix like net's ${p.name} (saved as ${saved.names[i]})`,
        context,
      );
    }
  });
  buffers.forEach((m, i) => {
    if (!fits(saved.buffers[i], m)) {
      throw new GradscopeArgumentError(
        `${argument}.buffers[${i}]`,
        saved.buffers[i],
        `a ${shapeOf(m)} ${m.dtype} matrix: the running statistics of net's batch-norm layers`,
        context,
      );
    }
  });
  return saved;
}

function expectOptimizer(value: unknown, context: string): Optimizer {
  const optimizer = value as Partial<Optimizer> | null;
  if (
    typeof optimizer !== 'object' ||
    optimizer === null ||
    typeof optimizer.step !== 'function' ||
    typeof optimizer.reset !== 'function'
  ) {
    throw new GradscopeArgumentError(
      'options.optimizer',
      value,
      'an Optimizer such as sgd({ learningRate: 0.1 })',
      context,
    );
  }
  return optimizer as Optimizer;
}

function expectStatefulRandom(value: unknown, context: string): Random {
  const random = value as Partial<Random> | null;
  if (
    typeof random !== 'object' ||
    random === null ||
    typeof random.getState !== 'function' ||
    typeof random.setState !== 'function'
  ) {
    throw new GradscopeArgumentError('options.random', value, 'a Random from createRandom(seed)', context);
  }
  return random as Random;
}
