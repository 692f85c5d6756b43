/**
 * Networks: a stack of layers run forward and backward, built from explicit layers (`network`) or from a short
 * spec (`mlp`). In the lecture's notation, with a^[0] = X (n_0 × m, one example per column):
 *   z^[l] = W^[l]·a^[l−1] + b^[l],   a^[l] = g^[l](z^[l])   for l = 1, …, L,   ŷ = a^[L]
 * and backward, from dA^[L] = ∂L/∂ŷ (what the loss's gradient returns):
 *   delta^[l] = dA^[l] ⊙ g'(z^[l]),  dW^[l] = delta^[l]·a^[l−1]ᵀ,  db^[l] = Σ_columns delta^[l],
 *   dA^[l−1] = W^[l]ᵀ·delta^[l]
 * (see dense.ts; normalization and residual layers slot into the same chain with their own rules).
 *
 * Reuse of buffers: `forward` returns a trace whose matrices are the layers' own buffers, and `backward` returns
 * gradients in buffers too. The next forward (or backward) pass on the same network with the same batch size
 * overwrites them, which keeps the heap flat over thousands of training steps. Keep a trace with `copyTrace`.
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
  expectObject,
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
import { clone, isMatrix, roundInPlace, shapeOf, type Matrix } from './matrix.js';
import { randomFromSpec, type Random } from './random.js';
import { residual } from './residual.js';

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
 * (= the last layer's a). Overwritten by the next forward pass with the same batch size; see `copyTrace`.
 *
 * @example
 * ```ts
 * const trace = forward(net, X);
 * trace.layers.map((t) => t.a); // a^[1], …, a^[L]
 * ```
 */
export interface ForwardTrace {
  readonly input: Matrix;
  readonly layers: readonly LayerTrace[];
  readonly output: Matrix;
  readonly mode: Mode;
}

/**
 * A backward pass through a whole network: one result per layer (in layer order) and ∂L/∂X.
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
  const hiddenActivation = resolveActivation(spec.activation ?? MLP_DEFAULTS.activation, 'spec.activation');
  const outputActivation = resolveActivation(
    spec.outputActivation ?? MLP_DEFAULTS.outputActivation,
    'spec.outputActivation',
  );
  const init = resolveInitializer(spec.init ?? MLP_DEFAULTS.init, 'spec.init');
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
        ? resolveActivation(override.activation, `${where}.activation`)
        : isOutput
          ? outputActivation
          : hiddenActivation;
    const layerInit = override.init !== undefined ? resolveInitializer(override.init, `${where}.init`) : init;
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
  if (value !== 'batch' && value !== 'layer') {
    throw new GradscopeArgumentError('spec.norm', value, 'one of "batch", "layer" (or left out)', 'mlp');
  }
  return value;
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
    const l = expectLayer(argument, layer);
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
  expectObject('options', options, '{ label }', 'network');
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
 * @example
 * ```ts
 * expectNetwork('net', mlp({ sizes: [2, 1] }));
 * ```
 */
export function expectNetwork(argument: string, value: unknown): Network {
  const net = value as Partial<Network> | null;
  if (
    typeof net !== 'object' ||
    net === null ||
    !Array.isArray(net.layers) ||
    net.layers.length === 0 ||
    !Number.isInteger(net.inputSize) ||
    !Array.isArray(net.params)
  ) {
    throw new GradscopeArgumentError(argument, value, 'a Network (from mlp, network or linearNetwork)');
  }
  return net as Network;
}

// The per-network buffers of forward and backward, so a training loop allocates nothing per step.
interface Workspace {
  input: Matrix | null;
  traceLayers: LayerTrace[];
  trace: { input: Matrix; layers: readonly LayerTrace[]; output: Matrix; mode: Mode } | null;
  gradientLayers: LayerGradients[];
  gradients: { layers: readonly LayerGradients[]; dInput: Matrix } | null;
  dOutput: Matrix | null;
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
    };
    workspaces.set(net, ws);
  }
  return ws;
}

/**
 * Runs X (n_0 × m, one example per column) through every layer. Returns the trace: the input, each layer's
 * {input, z, a} and the output. An X of another dtype than the network's is first copied into the network's
 * dtype (so a float32 network sees float32 inputs). Non-finite values are data: they propagate, never throw.
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
  expectNetwork('net', net);
  expectExamples('X', X, net.inputSize, 'forward');
  expectObject('options', options, '{ mode: "eval" }', 'forward');
  const mode = expectMode('options.mode', options.mode);
  const ws = workspaceOf(net);
  let input = X;
  if (X.dtype !== net.dtype) {
    ws.input = reuseMatrix(ws.input, X.rows, X.cols, net.dtype);
    ws.input.data.set(X.data);
    input = roundInPlace(ws.input);
  }
  const h = forwardLayers(net.layers, input, mode, ws.traceLayers);
  if (ws.trace === null) ws.trace = { input, layers: ws.traceLayers, output: h, mode };
  ws.trace.input = input;
  ws.trace.output = h;
  ws.trace.mode = mode;
  return ws.trace;
}

/**
 * Backpropagates dOutput = ∂L/∂ŷ (the shape of the last forward pass's output) through every layer, writing
 * each parameter's gradient into `param.grad`. Returns each layer's delta and dInput, and ∂L/∂X.
 *
 * @example
 * ```ts
 * const trace = forward(net, x);
 * const { dInput } = backward(net, trace.output); // the gradient of ½‖ŷ‖² with respect to x
 * net.params[0].grad; // dW^[1]
 * ```
 */
export function backward(net: Network, dOutput: Matrix): BackwardResult {
  expectNetwork('net', net);
  const ws = workspaceOf(net);
  expectUpstreamGradient(dOutput, ws.trace === null ? null : ws.trace.output, 'backward');
  const upstream = backwardLayers(net.layers, dOutput, ws.gradientLayers);
  if (ws.gradients === null) ws.gradients = { layers: ws.gradientLayers, dInput: upstream };
  ws.gradients.dInput = upstream;
  return ws.gradients;
}

/**
 * One forward pass, the loss, and one backward pass: everything a training step needs. The loss is a Loss
 * object or a name (`'mse'`, `'bce'`, `'softmaxCrossEntropy'`); it averages over the examples, so the gradients
 * are of the mean loss.
 *
 * @param options.mode `'train'` (default) or `'eval'`.
 * @example
 * ```ts
 * const { loss, gradients } = lossAndGradients(net, X, Y, 'mse');
 * gradients.layers[0].delta; // delta^[1]
 * ```
 */
export function lossAndGradients(
  net: Network,
  X: Matrix,
  Y: Matrix,
  loss: LossSpec,
  options: { readonly mode?: Mode } = {},
): LossAndGradients {
  expectNetwork('net', net);
  const lossFunction = resolveLoss(loss, 'loss');
  expectExamples('X', X, net.inputSize, 'lossAndGradients');
  if (!isMatrix(Y) || Y.rows !== net.outputSize || Y.cols !== X.cols) {
    throw new GradscopeArgumentError(
      'Y',
      Y,
      `a ${net.outputSize}×${X.cols} matrix: ${net.outputSize} targets per example, one example per column like X (${shapeOf(X)})`,
      'lossAndGradients',
    );
  }
  const trace = forward(net, X, options);
  const value = lossFunction.value(trace.output, Y);
  const ws = workspaceOf(net);
  ws.dOutput = reuseMatrix(ws.dOutput, trace.output.rows, trace.output.cols, trace.output.dtype);
  lossFunction.gradient(trace.output, Y, ws.dOutput);
  const gradients = backward(net, ws.dOutput);
  return { loss: value, trace, gradients };
}

/**
 * The network's output for X in eval mode, as a fresh matrix (safe from later passes).
 *
 * @example
 * ```ts
 * predict(linearNetwork(3, 0.5), column([8, 8])); // [[1], [1]]
 * ```
 */
export function predict(net: Network, X: Matrix): Matrix {
  return clone(forward(net, X, { mode: 'eval' }).output);
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
 * A deep copy of a forward trace, safe from the next forward pass (which overwrites the layers' buffers).
 *
 * @example
 * ```ts
 * const before = copyTrace(forward(net, X));
 * train(net); // ... later passes do not touch `before`
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
  return {
    input,
    layers,
    output: layers.length > 0 ? layers[layers.length - 1].a : clone(trace.output),
    mode: trace.mode,
  };
}
