/**
 * Training: repeat forward, loss, backward, (clip), update, and record how the gradients behave on the way.
 *
 * At step t, on a minibatch (X, Y) of B examples (one per column):
 *   forward      a^[0] = X,  z^[l] = W^[l]·a^[l−1] + b^[l],  a^[l] = g(z^[l]),  ŷ = a^[L]
 *   loss         L_t = loss(ŷ, Y)                                  (an average over the B examples)
 *   backward     dA^[L] = ∂L/∂ŷ,  delta^[l] = dA^[l] ⊙ g'(z^[l]),
 *                dW^[l] = delta^[l]·a^[l−1]ᵀ,  db^[l] = Σ_columns delta^[l],  dA^[l−1] = W^[l]ᵀ·delta^[l]
 *   record       ‖dW^[l]‖_F for every layer l, and the global norm ‖g‖ of all gradients together; the RMS of
 *                each layer's activations, √(Σ a_ij² / (n_l·B)); the learning rate the update used
 *   clip         optional: entries to [−value, value], then ‖g‖ to at most `norm` (see clipping.ts)
 *   update       W ← optimizer(W, dW) for every parameter (see optimizers.ts)
 *
 * The recorded norms are taken *before* clipping: they show the gradients the network produced, which is what
 * the lessons on vanishing and exploding gradients plot. Minibatches are drawn without replacement from a
 * shuffled order, reshuffled when fewer than B unused examples remain (PyTorch's `drop_last=True`): every
 * batch then has exactly B columns, so the layers keep their buffers and the heap stays flat.
 *
 * Non-finite values are data: when a NaN or ±Infinity appears in an activation, the loss or a gradient,
 * training stops before the update and says where (the first one in the order the step computes them, as
 * `firstNonFinite` in stats.ts finds it).
 *
 * The per-layer records are kept as layers × steps matrices (`history.gradNormsByLayer`), one number per layer
 * and kept step, written in place: a 50-layer, 500-step heatmap is one 25,000-entry Float64Array, ready for a
 * chart. A run can be forked: `record.snapshot()` in `onStep` saves the step's state (snapshot.ts), and
 * `fit(…, { resume: saved })` continues from it, with the same minibatches from the same place in the epoch.
 */

import { clipGradNorm, clipGradValue, globalGradNorm } from './clipping.js';
import {
  GradscopeArgumentError,
  expectKnownKeys,
  expectPositiveInteger,
  expectPositiveNumber,
} from './errors.js';
import { expectMode, type Mode, type Param } from './layer.js';
import { resolveLoss, type LossSpec } from './losses.js';
import { frobeniusNorm } from './linalg.js';
import { isMatrix, shapeOf, zeros, type Matrix } from './matrix.js';
import { backwardPass, expectNetwork, forwardPass, type Network } from './network.js';
import type { Optimizer } from './optimizers.js';
import { createRandom, expectRandom, type Random } from './random.js';
import {
  expectTrainingSnapshot,
  restore,
  snapshot,
  type MinibatchState,
  type TrainingSnapshot,
} from './snapshot.js';
import { firstNonFinite, type NonFiniteLocation } from './stats.js';

/**
 * The training examples: inputs and targets, one example per column.
 *
 * @example
 * ```ts
 * const data: TrainingData = { x: matrix([[0, 1, 2]]), y: matrix([[0, 2, 4]]) }; // 3 examples
 * ```
 */
export interface TrainingData {
  /** n_0 × m inputs. */
  readonly x: Matrix;
  /** n_L × m targets. */
  readonly y: Matrix;
}

/**
 * Options of {@link fit}.
 *
 * @example
 * ```ts
 * const options: FitOptions = { optimizer: adam(), steps: 1000, batchSize: 32, random: createRandom(1),
 *   clip: { norm: 1 }, everySteps: 10 };
 * ```
 */
export interface FitOptions {
  /** How each step updates the parameters, e.g. `sgd({ learningRate: 0.1 })`. */
  readonly optimizer: Optimizer;
  /** How many steps (parameter updates) to take at most. */
  readonly steps: number;
  /** The loss (default `'mse'`). */
  readonly loss?: LossSpec;
  /** Examples per step (default: all m, full-batch gradient descent). */
  readonly batchSize?: number;
  /** Shuffles the minibatches; required when batchSize < m. */
  readonly random?: Random;
  /** Clip the gradients before each update: each entry to [−value, value], then the global norm to `norm`. */
  readonly clip?: { readonly norm?: number; readonly value?: number };
  /** `'train'` (default) or `'eval'` (batch norm then uses running statistics). */
  readonly mode?: Mode;
  /** Called after every step, for progress bars and live plots; returning `false` stops training. */
  readonly onStep?: (record: StepRecord) => void | false;
  /** Keep per-layer gradient norms at steps 1, 1 + everySteps, 1 + 2·everySteps, … (default 1: all). */
  readonly everySteps?: number;
  /**
   * Continue a run from a snapshot (`record.snapshot()` or `snapshot(net, …)`): restores `net`'s parameters,
   * the optimizer's state (when it is the same rule; another rule starts afresh), the random source and the
   * place in the epoch, and numbers the steps on from `resume.step + 1`. With the original options this
   * replays the original continuation bit for bit. `options.random` may be left out: a source is made from the
   * saved state.
   */
  readonly resume?: TrainingSnapshot;
}

/**
 * Defaults of {@link fit}.
 *
 * @example
 * ```ts
 * FIT_DEFAULTS.loss; // 'mse'
 * ```
 */
export const FIT_DEFAULTS = { loss: 'mse', mode: 'train', everySteps: 1 } as const;

/**
 * What one step measured, passed to `onStep`.
 *
 * @example
 * ```ts
 * const onStep = (r: StepRecord) => console.log(r.step, r.loss, r.gradNorm);
 * fit(net, data, { optimizer, steps: 100, onStep });
 * ```
 */
export interface StepRecord {
  /** 1-based step number. */
  readonly step: number;
  /** The loss on this step's minibatch, before this step's update. */
  readonly loss: number;
  /** The global norm of all gradients, before clipping. */
  readonly gradNorm: number;
  /**
   * ‖dW^[l]‖_F for l = 1 … L, before clipping (see {@link TrainingHistory.layerGradNorms}). On steps that are
   * kept in the history this is the history's own row; on the others it is a buffer reused by the next step,
   * so copy it (`Float64Array.from(record.layerGradNorms)`) to keep it.
   */
  readonly layerGradNorms: Float64Array;
  /** The RMS of each layer's activations a^[l] on this step's batch; a buffer reused by the next step. */
  readonly activationRms: Float64Array;
  /** The learning rate this step's update used (NaN for an optimizer of your own without `state`). */
  readonly learningRate: number;
  /** True when clipping changed the gradients on this step. */
  readonly clipped: boolean;
  /** A snapshot of the run after this step's update, to fork it: `fit(…, { resume: record.snapshot() })`. */
  snapshot(): TrainingSnapshot;
}

/**
 * Where training stopped, and why.
 *
 * @example
 * ```ts
 * const { stopped } = fit(net, data, options);
 * if (stopped.reason === 'non-finite') console.log(`${stopped.what} overflowed at layer ${stopped.layer}`);
 * ```
 */
export type StopReason =
  | { readonly reason: 'completed'; readonly step: number }
  | { readonly reason: 'callback'; readonly step: number }
  | {
      readonly reason: 'non-finite';
      /** The step whose forward or backward pass produced the value; its update was not applied. */
      readonly step: number;
      /** 1-based position in `net.layers` (the output layer, L, for the loss). */
      readonly layer: number;
      readonly what: 'activation' | 'loss' | 'gradient';
      /** Exactly where, as `firstNonFinite` reports it (which matrix, entry and value); null for the loss. */
      readonly location: NonFiniteLocation | null;
    };

/**
 * Everything {@link fit} recorded, as arrays ready to plot.
 *
 * @example
 * ```ts
 * const { history } = fit(net, data, options);
 * Array.from(history.loss, (loss, i) => ({ step: i + 1, loss })); // rows for Plot.line
 * ```
 */
export interface TrainingHistory {
  /** The number of the first step: 1, or `resume.step + 1` for a resumed run. */
  readonly firstStep: number;
  /** loss[t − firstStep] is the loss at step t, for every completed step (loss[t − 1] from a fresh start). */
  readonly loss: Float64Array;
  /** gradNorm[t − firstStep] is the global gradient norm at step t (before clipping). */
  readonly gradNorm: Float64Array;
  /** learningRate[t − firstStep] is the η the update of step t used (NaN if the optimizer does not say). */
  readonly learningRate: Float64Array;
  /** The steps whose per-layer norms were kept: 1, 1 + everySteps, 1 + 2·everySteps, … */
  readonly recordedSteps: Int32Array;
  /**
   * The per-layer gradient norms as one L × K matrix for a heatmap (layers down, steps across): entry
   * (l − 1, j) is layer l's norm (as in `layerGradNorms`) at step recordedSteps[j]. Row l − 1 is that layer's
   * series over the run: `gradNormsByLayer.data.subarray((l − 1)·K, l·K)`.
   */
  readonly gradNormsByLayer: Matrix;
  /**
   * The RMS of each layer's activations, √(Σ_ij a_ij² / (n_l·B)) over its n_l units and the B examples of the
   * step's batch, as an L × K matrix like `gradNormsByLayer`: the size of the signal the gradients flow back
   * through.
   */
  readonly activationRmsByLayer: Matrix;
  /**
   * layerGradNorms[j][l − 1] is the Frobenius norm of the gradient of layer l's first parameter at step
   * recordedSteps[j], before clipping: ‖dW^[l]‖_F for a dense layer and for a residual block (its first inner
   * layer's W), ‖dγ‖ for a normalization layer, NaN for a layer without parameters.
   */
  readonly layerGradNorms: readonly Float64Array[];
}

/**
 * What {@link fit} returns.
 *
 * @example
 * ```ts
 * const { history, stopped, steps }: FitResult = fit(net, data, options);
 * ```
 */
export interface FitResult {
  readonly history: TrainingHistory;
  readonly stopped: StopReason;
  /** How many updates were applied (= history.loss.length). */
  readonly steps: number;
}

const FIT_KEYS = [
  'optimizer',
  'steps',
  'loss',
  'batchSize',
  'random',
  'clip',
  'mode',
  'onStep',
  'everySteps',
  'resume',
] as const;

/**
 * Trains `net` in place on `data` and returns what happened: the loss and gradient norms per step, and why it
 * stopped ('completed', 'callback', or 'non-finite' with the step, layer and kind of value).
 *
 * @example
 * ```ts
 * const net = mlp({ sizes: [2, 16, 16, 1], activation: 'tanh', seed: 1 });
 * const { history, stopped } = fit(net, { x: X, y: Y }, {
 *   optimizer: sgd({ learningRate: 0.1 }),
 *   steps: 500,
 *   batchSize: 32,
 *   random: createRandom(2),
 *   onStep: ({ step, loss }) => { if (step % 100 === 0) console.log(step, loss); },
 * });
 * history.loss; // Float64Array of 500 losses
 * history.layerGradNorms[0]; // ‖dW^[1]‖, ‖dW^[2]‖, ‖dW^[3]‖ at step 1
 * history.gradNormsByLayer; // the same norms as a 3 × 500 matrix: layers down, steps across
 * ```
 */
export function fit(net: Network, data: TrainingData, options: FitOptions): FitResult {
  const context = 'fit';
  expectNetwork('net', net, context);
  const { x, y } = expectTrainingData(net, data, context);
  const m = x.cols;
  const checked = expectOptions(options, context);
  if (
    typeof checked.optimizer !== 'object' ||
    checked.optimizer === null ||
    typeof checked.optimizer.step !== 'function'
  ) {
    throw new GradscopeArgumentError(
      'options.optimizer',
      checked.optimizer,
      'an Optimizer such as sgd({ learningRate: 0.1 })',
      context,
    );
  }
  const optimizer = checked.optimizer;
  const totalSteps = expectPositiveInteger('options.steps', checked.steps, context);
  const loss = resolveLoss(checked.loss ?? FIT_DEFAULTS.loss, 'options.loss', context);
  const batchSize =
    checked.batchSize === undefined
      ? m
      : expectPositiveInteger('options.batchSize', checked.batchSize, context);
  if (batchSize > m) {
    throw new GradscopeArgumentError(
      'options.batchSize',
      batchSize,
      `at most the number of examples, ${m} (the columns of data.x)`,
      context,
    );
  }
  const resume =
    checked.resume === undefined
      ? undefined
      : expectTrainingSnapshot(net, checked.resume, 'options.resume', context);
  // A resumed run may leave out the random source: one is made and set to the saved state.
  const random =
    batchSize < m
      ? checked.random === undefined && resume?.random
        ? createRandom(0)
        : expectRandom('options.random', checked.random, `${context} (needed to shuffle minibatches)`)
      : undefined;
  const clip = expectClip(checked.clip, context);
  const mode = expectMode('options.mode', checked.mode ?? FIT_DEFAULTS.mode, context);
  const onStep = checked.onStep;
  if (onStep !== undefined && typeof onStep !== 'function') {
    throw new GradscopeArgumentError(
      'options.onStep',
      onStep,
      'a function (record) => void | false',
      context,
    );
  }
  const everySteps = expectPositiveInteger(
    'options.everySteps',
    checked.everySteps ?? FIT_DEFAULTS.everySteps,
    context,
  );

  const minibatches =
    resume?.minibatches && random ? expectMinibatches(resume.minibatches, m, context) : null;
  if (resume !== undefined) {
    restore(net, resume, { optimizer, ...(random && resume.random ? { random } : {}) });
  }
  const firstStep = resume === undefined ? 1 : resume.step + 1;

  // Everything a step writes is allocated here, once.
  const depth = net.layers.length;
  const lossHistory = new Float64Array(totalSteps);
  const gradNormHistory = new Float64Array(totalSteps);
  const learningRateHistory = new Float64Array(totalSteps);
  // Kept steps are 1, 1 + everySteps, …; a resumed run keeps those among its own steps.
  const firstKept = firstStep + ((everySteps - ((firstStep - 1) % everySteps)) % everySteps);
  const recordCount =
    firstKept >= firstStep + totalSteps ? 0 : Math.ceil((firstStep + totalSteps - firstKept) / everySteps);
  const recordedSteps = new Int32Array(recordCount);
  const layerNormStore = new Float64Array(recordCount * depth);
  const layerNormRows: Float64Array[] = [];
  const scratchLayerNorms = new Float64Array(depth);
  // Layers × kept steps, filled column by column.
  const gradNormsByLayer = new Float64Array(depth * recordCount);
  const activationRmsByLayer = new Float64Array(depth * recordCount);
  const activationRms = new Float64Array(depth);
  const rootSizes = net.layers.map((layer) => Math.sqrt(layer.outputSize * batchSize));
  const paramNorms = new Float64Array(net.params.length);
  const singleParams: (readonly Param[])[] = net.params.map((p) => [p]);
  // Each layer's norm is its first parameter's, already among paramNorms (-1: the layer has no parameters).
  const firstParamIndex = net.layers.map((layer) =>
    layer.params.length > 0 ? net.params.indexOf(layer.params[0]) : -1,
  );
  const batch = createBatcher(x, y, batchSize, random, minibatches);
  const dOutput = zeros(net.outputSize, batchSize, net.dtype);

  let completed = 0;
  let current = firstStep - 1;
  const takeSnapshot = (): TrainingSnapshot => ({
    ...snapshot(net, { optimizer, ...(random && { random }), step: current }),
    minibatches: batch.state(),
  });
  let stopped: StopReason = { reason: 'completed', step: firstStep + totalSteps - 1 };
  for (let step = firstStep; step < firstStep + totalSteps; step++) {
    batch.next();
    // The layers' training buffers: a step allocates nothing, and no trace a caller holds is touched.
    const trace = forwardPass(net, batch.x, mode, true);
    const badActivation = firstNonFinite(trace);
    if (badActivation !== null) {
      stopped = nonFinite(step, badActivation.layer, 'activation', badActivation);
      break;
    }
    const lossValue = loss.value(trace.output, batch.y);
    if (!Number.isFinite(lossValue)) {
      stopped = nonFinite(step, depth, 'loss', null);
      break;
    }
    loss.gradient(trace.output, batch.y, dOutput);
    const gradients = backwardPass(net, dOutput, true, context);
    for (let p = 0; p < singleParams.length; p++) paramNorms[p] = globalGradNorm(singleParams[p]);
    const gradNorm = combineNorms(paramNorms);
    // A non-finite delta reaches its layer's dW (Infinity·a and NaN·a are not finite, and neither is
    // Infinity·0), so a finite norm means finite gradients, and the full scan is needed only to say where.
    if (!Number.isFinite(gradNorm)) {
      const where = firstNonFinite(gradients);
      stopped = nonFinite(step, where?.layer ?? depth, 'gradient', where);
      break;
    }

    const keep = (step - 1) % everySteps === 0;
    let layerNorms = scratchLayerNorms;
    if (keep) {
      const row = layerNormRows.length;
      recordedSteps[row] = step;
      layerNorms = layerNormStore.subarray(row * depth, (row + 1) * depth);
      layerNormRows.push(layerNorms);
    }
    for (let l = 0; l < depth; l++) {
      const index = firstParamIndex[l];
      layerNorms[l] = index === -1 ? NaN : paramNorms[index];
    }
    if (keep || onStep !== undefined) {
      for (let l = 0; l < depth; l++) activationRms[l] = frobeniusNorm(trace.layers[l].a) / rootSizes[l];
    }
    if (keep) {
      const column = layerNormRows.length - 1;
      for (let l = 0; l < depth; l++) {
        gradNormsByLayer[l * recordCount + column] = layerNorms[l];
        activationRmsByLayer[l * recordCount + column] = activationRms[l];
      }
    }

    let clipped = false;
    if (clip.value !== undefined) clipped = clipGradValue(net.params, clip.value).clippedCount > 0;
    if (clip.norm !== undefined) clipped = clipGradNorm(net.params, clip.norm).clipped || clipped;
    optimizer.step(net.params);
    const learningRate = optimizer.state?.learningRate ?? NaN;

    const i = step - firstStep;
    lossHistory[i] = lossValue;
    gradNormHistory[i] = gradNorm;
    learningRateHistory[i] = learningRate;
    completed = i + 1;
    current = step;
    if (onStep !== undefined) {
      const answer = onStep({
        step,
        loss: lossValue,
        gradNorm,
        layerGradNorms: layerNorms,
        activationRms,
        learningRate,
        clipped,
        snapshot: takeSnapshot,
      });
      if (answer === false) {
        stopped = { reason: 'callback', step };
        break;
      }
    }
  }

  const recorded = layerNormRows.length;
  return {
    history: {
      firstStep,
      loss: lossHistory.subarray(0, completed),
      gradNorm: gradNormHistory.subarray(0, completed),
      learningRate: learningRateHistory.subarray(0, completed),
      recordedSteps: recordedSteps.subarray(0, recorded),
      layerGradNorms: layerNormRows,
      gradNormsByLayer: layersBySteps(gradNormsByLayer, depth, recordCount, recorded),
      activationRmsByLayer: layersBySteps(activationRmsByLayer, depth, recordCount, recorded),
    },
    stopped,
    steps: completed,
  };
}

function nonFinite(
  step: number,
  layer: number,
  what: 'activation' | 'loss' | 'gradient',
  location: NonFiniteLocation | null,
): StopReason {
  return { reason: 'non-finite', step, layer, what, location };
}

/** The first `recorded` columns of a depth × columns store, as a matrix (a copy only when training stopped early). */
function layersBySteps(store: Float64Array, depth: number, columns: number, recorded: number): Matrix {
  if (recorded === columns && columns > 0)
    return { rows: depth, cols: columns, dtype: 'float64', data: store };
  const data = new Float64Array(depth * recorded);
  for (let l = 0; l < depth; l++) data.set(store.subarray(l * columns, l * columns + recorded), l * recorded);
  return { rows: depth, cols: recorded, dtype: 'float64', data };
}

/** sqrt(Σ n_p²) over the parameters' norms n_p, scaled by the largest so that huge norms do not overflow. */
function combineNorms(norms: Float64Array): number {
  let largest = 0;
  for (let i = 0; i < norms.length; i++) {
    const n = norms[i];
    if (n !== n) return NaN;
    if (n > largest) largest = n;
  }
  if (largest === 0 || largest === Infinity) return largest;
  let sum = 0;
  for (let i = 0; i < norms.length; i++) {
    const r = norms[i] / largest;
    sum += r * r;
  }
  return largest * Math.sqrt(sum);
}

interface Batcher {
  readonly x: Matrix;
  readonly y: Matrix;
  next(): void;
  /** A copy of the place in the epoch (null for full-batch training, which has none). */
  state(): MinibatchState | null;
}

/**
 * Minibatches of exactly `size` columns, copied into two buffers allocated once. Full batch: the data itself,
 * no copy. Otherwise a Fisher–Yates shuffle of the column order (Knuth, TAOCP vol. 2, Algorithm 3.4.2 P),
 * consumed `size` columns at a time and reshuffled when fewer than `size` remain. A resumed run starts from
 * the saved order and position.
 */
function createBatcher(
  x: Matrix,
  y: Matrix,
  size: number,
  random: Random | undefined,
  from: MinibatchState | null,
): Batcher {
  const m = x.cols;
  if (size === m || random === undefined) return { x, y, next() {}, state: () => null };
  const bx = zeros(x.rows, size, x.dtype);
  const by = zeros(y.rows, size, y.dtype);
  const order = new Int32Array(m);
  for (let j = 0; j < m; j++) order[j] = j;
  let position = m;
  if (from !== null) {
    order.set(from.order);
    position = from.position;
  }
  const gather = (source: Matrix, target: Matrix, start: number): void => {
    const s = source.data;
    const t = target.data;
    for (let i = 0; i < source.rows; i++) {
      const from = i * m;
      const to = i * size;
      for (let j = 0; j < size; j++) t[to + j] = s[from + order[start + j]];
    }
  };
  return {
    x: bx,
    y: by,
    next() {
      if (position + size > m) {
        for (let j = m - 1; j > 0; j--) {
          const k = random.int(j + 1);
          const swap = order[j];
          order[j] = order[k];
          order[k] = swap;
        }
        position = 0;
      }
      gather(x, bx, position);
      gather(y, by, position);
      position += size;
    },
    state: () => ({ order: order.slice(), position }),
  };
}

/** Throws unless `saved` is a place in an epoch over m examples: a permutation of 0 … m − 1 and a position. */
function expectMinibatches(saved: MinibatchState, m: number, context: string): MinibatchState {
  const { order, position } = saved;
  const seen = new Uint8Array(m);
  const valid =
    order instanceof Int32Array &&
    order.length === m &&
    Number.isInteger(position) &&
    position >= 0 &&
    position <= m &&
    order.every((j) => j >= 0 && j < m && seen[j]++ === 0);
  if (!valid) {
    throw new GradscopeArgumentError(
      'options.resume.minibatches',
      saved,
      `the place in an epoch over these ${m} examples (a snapshot of a run on data with ${m} columns)`,
      context,
    );
  }
  return saved;
}

/**
 * Throws unless `data` is `{ x, y }` for `net`: x with net.inputSize rows, y with net.outputSize rows and as many
 * columns (examples) as x, every entry finite. `context` names the caller in the message.
 *
 * @internal
 * @example
 * ```ts
 * expectTrainingData(net, { x: X, y: Y }, 'largestHessianEigenvalue');
 * ```
 */
export function expectTrainingData(net: Network, data: TrainingData, context: string): TrainingData {
  if (typeof data !== 'object' || data === null) {
    throw new GradscopeArgumentError('data', data, 'an object { x, y } of two matrices', context);
  }
  const { x, y } = data;
  if (!isMatrix(x) || x.rows !== net.inputSize) {
    const transposed = isMatrix(x) && x.cols === net.inputSize ? ` (it looks transposed: ${shapeOf(x)})` : '';
    throw new GradscopeArgumentError(
      'data.x',
      x,
      `a matrix with net.inputSize = ${net.inputSize} rows, one example per column${transposed}`,
      context,
    );
  }
  if (!isMatrix(y) || y.rows !== net.outputSize || y.cols !== x.cols) {
    throw new GradscopeArgumentError(
      'data.y',
      y,
      `a ${net.outputSize}×${x.cols} matrix: net.outputSize = ${net.outputSize} targets per example, ` +
        `one example per column like data.x (${shapeOf(x)})`,
      context,
    );
  }
  expectFiniteEntries('data.x', x, context);
  expectFiniteEntries('data.y', y, context);
  return data;
}

/** Bad training data is an argument error (unlike a NaN the network produces): say which entry. */
function expectFiniteEntries(argument: string, m: Matrix, context: string): void {
  const d = m.data;
  for (let i = 0; i < d.length; i++) {
    if (d[i] - d[i] !== 0) {
      const row = Math.floor(i / m.cols);
      const col = i % m.cols;
      throw new GradscopeArgumentError(`${argument}[${row}][${col}]`, d[i], 'a finite number', context);
    }
  }
}

function expectClip(clip: FitOptions['clip'], context: string): { norm?: number; value?: number } {
  if (clip === undefined) return {};
  expectKnownKeys('options.clip', clip, ['norm', 'value'], '{ norm: 1 } or { value: 5 }', context);
  return {
    norm: clip.norm === undefined ? undefined : expectPositiveNumber('options.clip.norm', clip.norm, context),
    value:
      clip.value === undefined ? undefined : expectPositiveNumber('options.clip.value', clip.value, context),
  };
}

function expectOptions(options: FitOptions, context: string): FitOptions {
  const example = '{ optimizer: sgd({ learningRate: 0.1 }), steps: 100 }';
  return expectKnownKeys('options', options, FIT_KEYS, example, context);
}
