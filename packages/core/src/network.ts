/**
 * Networks: a stack of layers run forward and backward, built from explicit layers (`network`) or from a short
 * spec (`mlp`). In the lecture's notation, with a^[0] = X (n_0 × m, one example per column):
 *   z^[l] = W^[l]·a^[l−1] + b^[l],   a^[l] = g^[l](z^[l])   for l = 1, …, L,   ŷ = a^[L]
 * and backward, from dA^[L] = ∂L/∂ŷ (what the loss's gradient returns):
 *   delta^[l] = dA^[l] ⊙ g'(z^[l]),  dW^[l] = delta^[l]·a^[l−1]ᵀ,  db^[l] = Σ_columns delta^[l],
 *   dA^[l−1] = W^[l]ᵀ·delta^[l]
 * (see dense.ts; normalization and residual layers slot into the same chain with their own rules).
 *
 * Every `forward`, `backward` and `lossAndGradients` returns fresh matrices: a trace kept before training is still
 * the trace from before training afterwards. Training loops (`fit`, or `lossAndGradients` with `reuseBuffers`) run
 * the same passes on buffers the layers keep instead, which keeps the heap flat over thousands of steps; those
 * buffers are never handed out by a fresh pass, so they overwrite nothing a caller kept. Parameter gradients
 * (`param.grad`) are the parameters' own matrices: every backward pass overwrites them.
 */

import { resolveActivation, type ActivationSpec } from './activations.js';
import { batchNorm } from './batchnorm.js';
import { dense } from './dense.js';
import { expectDType, type DType } from './dtype.js';
import {
  GradscopeArgumentError,
  expectBoolean,
  expectFiniteNumber,
  expectKnownKeys,
  expectOneOf,
  expectPositiveInteger,
} from './errors.js';
import { resolveInitializer, scaledIdentityInit, type InitializerSpec } from './initializers.js';
import {
  backwardLayers,
  copyLayerTrace,
  expectExamples,
  expectLayer,
  expectMode,
  expectUpstreamGradient,
  forwardLayers,
  reuseMatrix,
  type Layer,
  type LayerGradients,
  type LayerTrace,
  type Mode,
  type Param,
} from './layer.js';
import { layerNorm } from './layernorm.js';
import { resolveLoss, type LossSpec } from './losses.js';
import { clone, isMatrix, roundInPlace, shapeOf, zeros, type Matrix } from './matrix.js';
import { randomFromSpec, type Random } from './random.js';
import { residual } from './residual.js';
import { firstAllZero, firstNonFinite, type NonFiniteLocation, type ZeroLocation } from './stats.js';

/**
 * A feed-forward network: layers applied in order.
 *
 * @example
 * ```ts
 * const net = mlp({ sizes: [2, 8, 1] });
 * net.layers.length; // 2
 * net.params.map((p) => p.name); // ['W[1]', 'b[1]', 'W[2]', 'b[2]']
 * ```
 */
export interface Network {
  readonly layers: readonly Layer[];
  /** n_0: features per example. */
  readonly inputSize: number;
  /** n_L: outputs per example. */
  readonly outputSize: number;
  readonly dtype: DType;
  /** Every learnable parameter, in layer order (what optimizers step). */
  readonly params: readonly Param[];
  readonly label: string;
}

/**
 * A forward pass through a whole network: the input, one trace per layer (in order), and the output ŷ
 * (= the last layer's a), in matrices of its own (a later pass does not change them). It also says where its
 * values first stopped being usable: the first NaN or ±Infinity, and the first layer that is exactly 0.
 *
 * @example
 * ```ts
 * const trace = forward(net, X);
 * trace.layers.map((t) => t.a); // a^[1], …, a^[L]
 * console.log('first layer that is exactly 0:', trace.firstAllZero?.layer ?? 'none');
 * ```
 */
export interface ForwardTrace {
  readonly input: Matrix;
  readonly layers: readonly LayerTrace[];
  readonly output: Matrix;
  readonly mode: Mode;
  /** Where the first NaN or ±Infinity is, in forward order (see `firstNonFinite`), or null when all is finite. */
  readonly firstNonFinite: NonFiniteLocation | null;
  /** The first layer whose z or a is exactly 0 in every entry (see `firstAllZero`), or null when there is none. */
  readonly firstAllZero: ZeroLocation | null;
}

/**
 * A backward pass through a whole network: one result per layer (in layer order) and ∂L/∂X, in matrices of its
 * own; the parameter gradients it computed are in each `param.grad` (overwritten by the next backward pass).
 *
 * @example
 * ```ts
 * const { layers, dInput } = backward(net, dOutput);
 * layers[0].delta; // delta^[1]
 * ```
 */
export interface BackwardResult {
  readonly layers: readonly LayerGradients[];
  readonly dInput: Matrix;
  /** Where backpropagation first produced a NaN or ±Infinity (see `firstNonFinite`), or null. */
  readonly firstNonFinite: NonFiniteLocation | null;
}

/**
 * What `lossAndGradients` returns.
 *
 * @example
 * ```ts
 * const { loss, trace, gradients } = lossAndGradients(net, X, Y, 'mse');
 * ```
 */
export interface LossAndGradients {
  readonly loss: number;
  readonly trace: ForwardTrace;
  readonly gradients: BackwardResult;
}

/**
 * Per-layer settings of `mlp`, overriding the network-wide ones.
 *
 * @example
 * ```ts
 * mlp({ sizes: [4, 8, 8, 1], layers: { 1: { activation: 'relu', init: 'heNormal', bias: false } } });
 * ```
 */
export interface LayerOverride {
  readonly activation?: ActivationSpec;
  readonly init?: InitializerSpec;
  readonly bias?: boolean;
}

/**
 * The short description of a multi-layer perceptron that `mlp` builds.
 *
 * @example
 * ```ts
 * const spec: MlpSpec = { sizes: [2, 16, 16, 1], activation: 'relu', init: 'heNormal', norm: 'batch', seed: 1 };
 * ```
 */
export interface MlpSpec {
  /** [n_0, n_1, …, n_L]: the input width, then the width of each layer. */
  readonly sizes: readonly number[];
  /** g of the hidden layers 1 … L−1 (default `'tanh'`). */
  readonly activation?: ActivationSpec;
  /** g of the output layer L (default `'identity'`: the loss decides, e.g. softmax cross-entropy on logits). */
  readonly outputActivation?: ActivationSpec;
  /** How every W^[l] is drawn (default `'xavierNormal'`); e.g. `scaledIdentityInit(1.5)` for the lecture. */
  readonly init?: InitializerSpec;
  /** Whether the dense layers have biases (default true). */
  readonly bias?: boolean;
  /** Number format (default `'float64'`). */
  readonly dtype?: DType;
  /** Seed of the weights' random source (default 0). Give `seed` or `random`, not both. */
  readonly seed?: number | string;
  /** The random source of the weights, drawn in layer order. */
  readonly random?: Random;
  /** Overrides by the lecture's 1-based layer number l (W^[l]): `{ 3: { activation: 'relu' } }`. */
  readonly layers?: { readonly [index: number]: LayerOverride };
  /**
   * A normalization after each hidden dense layer: the hidden layer l becomes dense (no activation) → norm (with
   * the activation). With `'batch'` those dense layers have no bias unless overridden (β does its job).
   */
  readonly norm?: 'batch' | 'layer';
  /**
   * Wrap every hidden layer l (1 ≤ l ≤ L−1) with n_{l−1} = n_l in a residual block: a^[l] = a^[l−1] + g(z^[l])
   * (with its normalization, if any, inside the block).
   */
  readonly residual?: boolean;
}

/**
 * The defaults of `mlp`.
 *
 * @example
 * ```ts
 * MLP_DEFAULTS.activation; // 'tanh'
 * ```
 */
export const MLP_DEFAULTS = {
  activation: 'tanh',
  outputActivation: 'identity',
  init: 'xavierNormal',
  bias: true,
  dtype: 'float64',
  seed: 0,
} as const;

const SPEC_KEYS = [
  'sizes',
  'activation',
  'outputActivation',
  'init',
  'bias',
  'dtype',
  'seed',
  'random',
  'layers',
  'norm',
  'residual',
] as const;
const OVERRIDE_KEYS = ['activation', 'init', 'bias'] as const;

/**
 * A multi-layer perceptron from a short spec. Every field is validated; an error names the field
 * (`spec.sizes[2]`, `spec.layers[3].activation`).
 *
 * @example
 * ```ts
 * const net = mlp({ sizes: [2, 16, 16, 1], activation: 'relu', init: 'heNormal', seed: 1 });
 * const lecture = mlp({ sizes: [2, 2, 2, 2], activation: 'identity', init: scaledIdentityInit(1.5), bias: false });
 * const mixed = mlp({ sizes: [4, 8, 8, 3], layers: { 1: { activation: 'relu', init: 'heNormal' } } });
 * ```
 */
export function mlp(spec: MlpSpec): Network {
  expectKnownKeys('spec', spec, SPEC_KEYS, '{ sizes: [2, 8, 1] }', 'mlp');
  const sizes = spec.sizes as unknown;
  if (!Array.isArray(sizes) || sizes.length < 2) {
    throw new GradscopeArgumentError(
      'spec.sizes',
      sizes,
      'an array of at least two widths [n0, n1, …, nL]: the input width, then one per layer',
      'mlp',
    );
  }
  sizes.forEach((n, i) => expectPositiveInteger(`spec.sizes[${i}]`, n, 'mlp'));
  const depth = sizes.length - 1;
  const hiddenActivation = resolveActivation(
    spec.activation ?? MLP_DEFAULTS.activation,
    'spec.activation',
    'mlp',
  );
  const outputActivation = resolveActivation(
    spec.outputActivation ?? MLP_DEFAULTS.outputActivation,
    'spec.outputActivation',
    'mlp',
  );
  const init = resolveInitializer(spec.init ?? MLP_DEFAULTS.init, 'spec.init', 'mlp');
  const bias = expectBoolean('spec.bias', spec.bias ?? MLP_DEFAULTS.bias, 'mlp');
  const dtype = expectDType('spec.dtype', spec.dtype, 'mlp');
  const random = randomFromSpec(spec, MLP_DEFAULTS.seed, 'mlp');
  const norm = spec.norm === undefined ? undefined : expectOneOfNorm(spec.norm);
  const useResidual = expectBoolean('spec.residual', spec.residual ?? false, 'mlp');
  const overrides = readOverrides(spec.layers, depth);

  const layers: Layer[] = [];
  for (let l = 1; l <= depth; l++) {
    const isOutput = l === depth;
    const override = overrides.get(l) ?? {};
    const where = `spec.layers[${l}]`;
    const g =
      override.activation !== undefined
        ? resolveActivation(override.activation, `${where}.activation`, 'mlp')
        : isOutput
          ? outputActivation
          : hiddenActivation;
    const layerInit =
      override.init !== undefined ? resolveInitializer(override.init, `${where}.init`, 'mlp') : init;
    const normalized = norm !== undefined && !isOutput;
    const layerBias =
      override.bias !== undefined
        ? expectBoolean(`${where}.bias`, override.bias, 'mlp')
        : normalized && norm === 'batch'
          ? false
          : bias;
    const inputSize = sizes[l - 1] as number;
    const outputSize = sizes[l] as number;
    const block: Layer[] = [];
    if (normalized) {
      block.push(
        dense({
          inputSize,
          outputSize,
          activation: 'identity',
          init: layerInit,
          bias: layerBias,
          dtype,
          random,
          index: l,
        }),
      );
      const normOptions = { size: outputSize, activation: g, dtype, index: l };
      block.push(norm === 'batch' ? batchNorm(normOptions) : layerNorm(normOptions));
    } else {
      block.push(
        dense({
          inputSize,
          outputSize,
          activation: g,
          init: layerInit,
          bias: layerBias,
          dtype,
          random,
          index: l,
        }),
      );
    }
    if (useResidual && !isOutput && inputSize === outputSize)
      layers.push(residual({ inner: block, index: l }));
    else layers.push(...block);
  }
  const description = [
    hiddenActivation.label,
    norm ? `${norm} norm` : '',
    useResidual ? 'residual' : '',
    `init ${init.label}`,
  ].filter(Boolean);
  return network(layers, { label: `mlp ${sizes.join('→')} (${description.join(', ')})` });
}

function expectOneOfNorm(value: unknown): 'batch' | 'layer' {
  return expectOneOf('spec.norm', value, ['batch', 'layer'], 'mlp');
}

function readOverrides(value: unknown, depth: number): Map<number, LayerOverride> {
  const overrides = new Map<number, LayerOverride>();
  if (value === undefined) return overrides;
  if (typeof value !== 'object' || value === null) {
    throw new GradscopeArgumentError(
      'spec.layers',
      value,
      'an object keyed by layer number, like { 1: { activation: "relu" } }',
      'mlp',
    );
  }
  for (const key of Object.keys(value)) {
    const l = Number(key);
    const override = (value as Record<string, unknown>)[key];
    if (!Number.isInteger(l) || String(l) !== key || l < 1 || l > depth) {
      throw new GradscopeArgumentError(
        `spec.layers[${key}]`,
        override,
        `keyed by a layer number from 1 to ${depth} (1-based, as in W^[1] … W^[${depth}])`,
        'mlp',
      );
    }
    expectKnownKeys(`spec.layers[${l}]`, override, OVERRIDE_KEYS, '{ activation, init, bias }', 'mlp');
    overrides.set(l, override as LayerOverride);
  }
  return overrides;
}

/**
 * A network from explicit layers, checking that each layer's inputSize is the previous layer's outputSize and
 * that all share one dtype. A layer keeps one trace, so the same layer object cannot appear twice.
 *
 * @example
 * ```ts
 * const random = createRandom(3);
 * const net = network([
 *   dense({ inputSize: 2, outputSize: 8, random }),
 *   batchNorm({ size: 8, activation: 'relu' }),
 *   dense({ inputSize: 8, outputSize: 1, random }),
 * ]);
 * ```
 */
export function network(layers: readonly Layer[], options: { readonly label?: string } = {}): Network {
  if (!Array.isArray(layers) || layers.length === 0) {
    throw new GradscopeArgumentError('layers', layers, 'a non-empty array of layers', 'network');
  }
  const seen = new Set<Layer>();
  const checked = layers.map((layer, i) => {
    const argument = `layers[${i}]`;
    const l = expectLayer(argument, layer, 'network');
    for (const part of [l, ...(l.inner ?? [])]) {
      if (seen.has(part)) {
        throw new GradscopeArgumentError(
          argument,
          l.label,
          'a layer not already in the network (each layer keeps one trace; create another layer instead)',
          'network',
        );
      }
      seen.add(part);
    }
    if (i > 0 && l.inputSize !== layers[i - 1].outputSize) {
      throw new GradscopeArgumentError(
        argument,
        l.label,
        `a layer with inputSize ${layers[i - 1].outputSize} (the outputSize of layers[${i - 1}])`,
        'network',
      );
    }
    if (l.dtype !== layers[0].dtype) {
      throw new GradscopeArgumentError(
        argument,
        l.label,
        `a ${layers[0].dtype} layer, like layers[0]`,
        'network',
      );
    }
    return l;
  });
  expectKnownKeys('options', options, ['label'], '{ label }', 'network');
  const sizes = [checked[0].inputSize, ...checked.map((l) => l.outputSize)];
  return {
    layers: Object.freeze(checked.slice()),
    inputSize: checked[0].inputSize,
    outputSize: checked[checked.length - 1].outputSize,
    dtype: checked[0].dtype,
    params: Object.freeze(checked.flatMap((l) => l.params)),
    label: options.label ?? `network ${sizes.join('→')}`,
  };
}

/**
 * Throws unless `value` looks like a Network.
 *
 * @internal
 * @example
 * ```ts
 * expectNetwork('net', mlp({ sizes: [2, 1] }), 'forward');
 * ```
 */
export function expectNetwork(argument: string, value: unknown, context: string): Network {
  const net = value as Partial<Network> | null;
  if (
    typeof net !== 'object' ||
    net === null ||
    !Array.isArray(net.layers) ||
    net.layers.length === 0 ||
    !Number.isInteger(net.inputSize) ||
    !Array.isArray(net.params)
  ) {
    throw new GradscopeArgumentError(
      argument,
      value,
      'a Network (from mlp, network or linearNetwork)',
      context,
    );
  }
  return net as Network;
}

/**
 * A ForwardTrace record whose `firstNonFinite` and `firstAllZero` are read from its matrices when asked (so they
 * cost nothing unless used, and stay true of a reused trace's current values).
 */
function traceRecord(input: Matrix, layers: readonly LayerTrace[], output: Matrix, mode: Mode): ForwardTrace {
  return {
    input,
    layers,
    output,
    mode,
    get firstNonFinite() {
      return firstNonFinite(this);
    },
    get firstAllZero() {
      return firstAllZero(this);
    },
  };
}

function gradientsRecord(layers: readonly LayerGradients[], dInput: Matrix): BackwardResult {
  return {
    layers,
    dInput,
    get firstNonFinite() {
      return firstNonFinite(this);
    },
  };
}

// The per-network records of reusing passes (training loops), so a step allocates nothing; and the output of the
// last forward pass of either kind, whose shape a backward pass must match.
type Writable<T> = { -readonly [K in keyof T]: T[K] };
interface Workspace {
  input: Matrix | null;
  traceLayers: LayerTrace[];
  trace: Writable<ForwardTrace> | null;
  gradientLayers: LayerGradients[];
  gradients: Writable<BackwardResult> | null;
  dOutput: Matrix | null;
  lastOutput: Matrix | null;
}
const workspaces = new WeakMap<Network, Workspace>();

function workspaceOf(net: Network): Workspace {
  let ws = workspaces.get(net);
  if (!ws) {
    ws = {
      input: null,
      traceLayers: new Array(net.layers.length),
      trace: null,
      gradientLayers: new Array(net.layers.length),
      gradients: null,
      dOutput: null,
      lastOutput: null,
    };
    workspaces.set(net, ws);
  }
  return ws;
}

/**
 * Runs X through every layer, in fresh matrices or (`reuse`, for training loops) in the buffers the layers keep;
 * the arguments are already checked.
 *
 * @internal
 * @example
 * ```ts
 * const trace = forwardPass(net, batch.x, 'train', true); // fit's step: no allocation after the first
 * ```
 */
export function forwardPass(net: Network, X: Matrix, mode: Mode, reuse: boolean): ForwardTrace {
  const ws = workspaceOf(net);
  let input = X;
  if (X.dtype !== net.dtype) {
    input = reuse ? reuseMatrix(ws.input, X.rows, X.cols, net.dtype) : zeros(X.rows, X.cols, net.dtype);
    if (reuse) ws.input = input;
    input.data.set(X.data);
    roundInPlace(input);
  }
  const layers = reuse ? ws.traceLayers : new Array<LayerTrace>(net.layers.length);
  const h = forwardLayers(net.layers, input, mode, layers, reuse);
  ws.lastOutput = h;
  if (!reuse) return traceRecord(input, layers, h, mode);
  if (ws.trace === null) ws.trace = traceRecord(input, layers, h, mode);
  ws.trace.input = input;
  ws.trace.output = h;
  ws.trace.mode = mode;
  return ws.trace;
}

/**
 * Backpropagates dOutput through every layer, in fresh matrices or (`reuse`) the layers' kept buffers; checks
 * that a forward pass has run and that dOutput has the shape of its output. With `parameters` false, no
 * `param.grad` is written (see `Layer.backward`).
 *
 * @internal
 * @example
 * ```ts
 * const gradients = backwardPass(net, dOutput, true, 'fit');
 * ```
 */
export function backwardPass(
  net: Network,
  dOutput: Matrix,
  reuse: boolean,
  context: string,
  parameters = true,
): BackwardResult {
  const ws = workspaceOf(net);
  expectUpstreamGradient(dOutput, ws.lastOutput, context);
  const layers = reuse ? ws.gradientLayers : new Array<LayerGradients>(net.layers.length);
  const upstream = backwardLayers(net.layers, dOutput, layers, reuse, parameters);
  if (!reuse) return gradientsRecord(layers, upstream);
  if (ws.gradients === null) ws.gradients = gradientsRecord(layers, upstream);
  ws.gradients.dInput = upstream;
  return ws.gradients;
}

/**
 * Runs X (n_0 × m, one example per column) through every layer. Returns the trace: the input, each layer's
 * {input, z, a} and the output, in matrices of its own, so two calls give two traces (run one before training and
 * one after, and compare). An X of another dtype than the network's is first copied into the network's dtype (so
 * a float32 network sees float32 inputs). Non-finite values are data: they propagate, never throw; the trace says
 * where they start (`trace.firstNonFinite`), and where a layer first becomes exactly 0 (`trace.firstAllZero`).
 *
 * @param options.mode `'train'` (default) or `'eval'` (batch norm then uses its running statistics).
 * @example
 * ```ts
 * const net = linearNetwork(20, 1.5);
 * const trace = forward(net, column([1, 1]));
 * trace.output; // [[3325.256730079651], [3325.256730079651]] = 1.5^20·x
 * trace.layers[0].a; // a^[1] = 1.5·x
 * ```
 */
export function forward(net: Network, X: Matrix, options: { readonly mode?: Mode } = {}): ForwardTrace {
  const context = 'forward';
  expectNetwork('net', net, context);
  expectExamples('X', X, net.inputSize, context);
  expectKnownKeys('options', options, ['mode'], '{ mode: "eval" }', context);
  const mode = expectMode('options.mode', options.mode, context);
  return forwardPass(net, X, mode, false);
}

/**
 * Backpropagates dOutput = ∂L/∂ŷ (the shape of the last forward pass's output) through every layer, writing
 * each parameter's gradient into `param.grad`. Returns each layer's delta and dInput, and ∂L/∂X, in matrices of
 * its own.
 *
 * @example
 * ```ts
 * const trace = forward(net, x);
 * const { dInput } = backward(net, trace.output); // the gradient of ½‖ŷ‖² with respect to x
 * net.params[0].grad; // dW^[1]
 * ```
 */
export function backward(net: Network, dOutput: Matrix): BackwardResult {
  expectNetwork('net', net, 'backward');
  return backwardPass(net, dOutput, false, 'backward');
}

/** Options of `lossAndGradients`. */
export interface LossAndGradientsOptions {
  /** `'train'` (default) or `'eval'` (batch norm then uses its running statistics). */
  readonly mode?: Mode;
  /**
   * For training loops (default false): compute in buffers the network keeps instead of fresh matrices, so a loop
   * of thousands of steps allocates nothing. The returned trace and gradients are then overwritten by the next
   * call with `reuseBuffers` on this network (never by one without it); copy one with `copyTrace` to keep it.
   */
  readonly reuseBuffers?: boolean;
  /**
   * Whether to compute the parameters' gradients (default true). False computes only what flows backwards, each
   * layer's delta and dInput, and leaves every `param.grad` as it was: for measuring how a gradient travels
   * through the layers, with half the matrix products of a dense network's backward pass.
   */
  readonly parameterGradients?: boolean;
}

/**
 * One forward pass, the loss, and one backward pass: everything a training step needs. The loss is a Loss
 * object or a name (`'mse'`, `'bce'`, `'softmaxCrossEntropy'`); it averages over the examples, so the gradients
 * are of the mean loss. The trace and gradients are fresh matrices, unless `reuseBuffers` asks for the network's
 * training buffers.
 *
 * @example
 * ```ts
 * const { loss, gradients } = lossAndGradients(net, X, Y, 'mse');
 * gradients.layers[0].delta; // delta^[1]
 * for (let step = 0; step < 1000; step++) {
 *   lossAndGradients(net, X, Y, 'mse', { reuseBuffers: true }); // a hand-written loop: no allocation per step
 *   optimizer.step(net.params);
 * }
 * lossAndGradients(net, X, Y, 'mse', { parameterGradients: false }); // the deltas only; param.grad untouched
 * ```
 */
export function lossAndGradients(
  net: Network,
  X: Matrix,
  Y: Matrix,
  loss: LossSpec,
  options: LossAndGradientsOptions = {},
): LossAndGradients {
  const context = 'lossAndGradients';
  expectNetwork('net', net, context);
  const lossFunction = resolveLoss(loss, 'loss', context);
  expectExamples('X', X, net.inputSize, context);
  if (!isMatrix(Y) || Y.rows !== net.outputSize || Y.cols !== X.cols) {
    throw new GradscopeArgumentError(
      'Y',
      Y,
      `a ${net.outputSize}×${X.cols} matrix: ${net.outputSize} targets per example, one example per column like X (${shapeOf(X)})`,
      context,
    );
  }
  expectKnownKeys(
    'options',
    options,
    ['mode', 'reuseBuffers', 'parameterGradients'],
    '{ mode: "eval", reuseBuffers: true, parameterGradients: false }',
    context,
  );
  const mode = expectMode('options.mode', options.mode, context);
  const reuse = expectBoolean('options.reuseBuffers', options.reuseBuffers ?? false, context);
  const parameters = expectBoolean('options.parameterGradients', options.parameterGradients ?? true, context);
  const trace = forwardPass(net, X, mode, reuse);
  const value = lossFunction.value(trace.output, Y);
  let dOutput: Matrix;
  if (reuse) {
    const ws = workspaceOf(net);
    ws.dOutput = reuseMatrix(ws.dOutput, trace.output.rows, trace.output.cols, trace.output.dtype);
    dOutput = ws.dOutput;
  } else dOutput = zeros(trace.output.rows, trace.output.cols, trace.output.dtype);
  lossFunction.gradient(trace.output, Y, dOutput);
  const gradients = backwardPass(net, dOutput, reuse, context, parameters);
  return { loss: value, trace, gradients };
}

/**
 * The network's output for X in eval mode, as a fresh matrix.
 *
 * @example
 * ```ts
 * predict(linearNetwork(3, 0.5), column([8, 8])); // [[1], [1]]
 * ```
 */
export function predict(net: Network, X: Matrix): Matrix {
  const context = 'predict';
  expectNetwork('net', net, context);
  expectExamples('X', X, net.inputSize, context);
  return forwardPass(net, X, 'eval', false).output;
}

/**
 * The lecture's deep linear network: `depth` layers of `width` units, W^[l] = k·I, no biases, g(z) = z. Its output
 * is exactly k^depth·x (while the powers of k stay representable): it explodes for k > 1 and vanishes for k < 1.
 *
 * @example
 * ```ts
 * const net = linearNetwork(20, 1.5); // ŷ = 1.5^20·x ≈ 3325.26·x
 * const tiny = linearNetwork(150, 0.5, 2, 'float32'); // a^[150] underflows to exactly 0 in float32
 * ```
 */
export function linearNetwork(depth: number, k: number, width = 2, dtype: DType = 'float64'): Network {
  expectPositiveInteger('depth', depth, 'linearNetwork');
  expectFiniteNumber('k', k, 'linearNetwork');
  expectPositiveInteger('width', width, 'linearNetwork');
  return mlp({
    sizes: new Array<number>(depth + 1).fill(width),
    activation: 'identity',
    outputActivation: 'identity',
    init: scaledIdentityInit(k),
    bias: false,
    dtype: expectDType('dtype', dtype, 'linearNetwork'),
  });
}

/**
 * A deep copy of a forward trace. Needed only for a trace from a reusing pass (`lossAndGradients` with
 * `reuseBuffers`), which the next reusing pass overwrites; `forward` already returns a trace of its own.
 *
 * @example
 * ```ts
 * const { trace } = lossAndGradients(net, X, Y, 'mse', { reuseBuffers: true });
 * const kept = copyTrace(trace); // later reusing passes do not touch `kept`
 * ```
 */
export function copyTrace(trace: ForwardTrace): ForwardTrace {
  if (
    typeof trace !== 'object' ||
    trace === null ||
    !Array.isArray(trace.layers) ||
    !isMatrix(trace.output)
  ) {
    throw new GradscopeArgumentError('trace', trace, 'a ForwardTrace from forward(net, X)', 'copyTrace');
  }
  const input = clone(trace.input);
  const layers: LayerTrace[] = [];
  for (const t of trace.layers)
    layers.push(copyLayerTrace(t, layers.length > 0 ? layers[layers.length - 1].a : input));
  const output = layers.length > 0 ? layers[layers.length - 1].a : clone(trace.output);
  return traceRecord(input, layers, output, trace.mode);
}
