/**
 * A dense (fully connected) layer, the building block of the lecture's network.
 *
 * Forward, for a batch A_prev = a^[l−1] of m examples (n_{l−1} × m, one example per column):
 *   z = W·a_prev + b          W is n_l × n_{l−1}, b is n_l × 1 added to every column
 *   a = g(z)
 * Backward, given dA = ∂L/∂a (n_l × m):
 *   delta  = dA ⊙ g'(z)       (∂L/∂z)
 *   dW     = delta · a_prevᵀ  (n_l × n_{l−1})
 *   db     = Σ_columns delta   (n_l × 1)
 *   dInput = Wᵀ · delta        (∂L/∂a_prev, handed to layer l−1)
 *
 * Scale: dW and db are plain sums over the m examples. The losses already average over examples (the gradient of
 * the mean squared error is (ŷ − y)/m), so dividing by m again here would count it twice. (Andrew Ng's notes write
 * dW = (1/m)·dZ·A_prevᵀ because there dZ is the unaveraged per-example gradient; the product is the same.)
 *
 * The layer keeps its input, z and a for the backward pass (convnetjs's `FullyConnLayer` does the same), in
 * buffers reused while the batch size stays the same: a trace is overwritten by the next forward pass.
 */

import {
  resolveActivation,
  applyActivation,
  activationBackward,
  type ActivationSpec,
} from './activations.js';
import { expectDType, type DType } from './dtype.js';
import { GradscopeArgumentError, expectPositiveInteger } from './errors.js';
import { resolveInitializer, type InitializerSpec } from './initializers.js';
import {
  createParam,
  expectExamples,
  expectMode,
  expectUpstreamGradient,
  reuseMatrix,
  type Layer,
  type LayerGradients,
  type LayerTrace,
  type Mode,
  type Param,
} from './layer.js';
import { addColumnBroadcast, sumColumns } from './linalg.js';
import { matmul, matmulTransA, matmulTransB } from './matmul.js';
import { zeros, type Matrix } from './matrix.js';
import { createRandom, expectRandom, type Random } from './random.js';

/**
 * Options of `dense()`.
 *
 * @example
 * ```ts
 * dense({ inputSize: 784, outputSize: 256, activation: 'relu', init: 'heNormal', random: createRandom(1) });
 * ```
 */
export interface DenseOptions {
  /** n_{l−1}: features per example coming in. */
  readonly inputSize: number;
  /** n_l: units of this layer. */
  readonly outputSize: number;
  /** g, applied after W·a_prev + b (default `'identity'`: a purely linear layer). */
  readonly activation?: ActivationSpec;
  /** How W is drawn (default `'xavierNormal'`); b always starts at zero. */
  readonly init?: InitializerSpec;
  /** Whether the layer has a bias b (default true, initialized to zeros). */
  readonly bias?: boolean;
  /** Number format of the parameters and buffers (default `'float64'`). */
  readonly dtype?: DType;
  /** The random source W is drawn from (default `createRandom(0)`: pass one per layer to get different draws). */
  readonly random?: Random;
  /** The lecture's layer number l, used in the label and the parameter names (`W[1]`, `b[1]`). */
  readonly index?: number;
}

/**
 * The defaults of `dense()`.
 *
 * @example
 * ```ts
 * DENSE_DEFAULTS.init; // 'xavierNormal'
 * ```
 */
export const DENSE_DEFAULTS = {
  activation: 'identity',
  init: 'xavierNormal',
  bias: true,
  dtype: 'float64',
} as const;

/**
 * A dense layer: a Layer with its weight and bias exposed by name.
 *
 * @example
 * ```ts
 * const layer = dense({ inputSize: 2, outputSize: 2 });
 * layer.W.value; // 2×2, the same matrix as layer.params[0].value
 * ```
 */
export interface DenseLayer extends Layer {
  readonly kind: 'dense';
  /** W^[l], n_l × n_{l−1} (the same matrix as `params[0].value`). */
  readonly W: Param;
  /** b^[l], n_l × 1, or null when the layer has no bias. */
  readonly b: Param | null;
}

/**
 * A dense layer z = W·a_prev + b, a = g(z). See the file header for the backward equations.
 *
 * @example
 * ```ts
 * const layer = dense({ inputSize: 2, outputSize: 3, activation: 'tanh', init: 'xavierNormal',
 *   random: createRandom(7) });
 * const { z, a } = layer.forward(matrix([[1, 0.5], [-1, 2]]), 'train'); // 3×2: two examples
 * const { delta, dInput } = layer.backward(full(3, 2, 1)); // layer.W.grad now holds dW
 * ```
 */
export function dense(options: DenseOptions): DenseLayer {
  if (typeof options !== 'object' || options === null) {
    throw new GradscopeArgumentError(
      'options',
      options,
      'an object like { inputSize, outputSize, activation }',
    );
  }
  const inputSize = expectPositiveInteger('options.inputSize', options.inputSize, 'dense');
  const outputSize = expectPositiveInteger('options.outputSize', options.outputSize, 'dense');
  const g = resolveActivation(options.activation ?? DENSE_DEFAULTS.activation, 'options.activation');
  const init = resolveInitializer(options.init ?? DENSE_DEFAULTS.init, 'options.init');
  const hasBias = options.bias ?? DENSE_DEFAULTS.bias;
  if (typeof hasBias !== 'boolean') {
    throw new GradscopeArgumentError('options.bias', hasBias, 'true or false', 'dense');
  }
  const dtype = expectDType('options.dtype', options.dtype, 'dense');
  const random =
    options.random === undefined ? createRandom(0) : expectRandom('options.random', options.random, 'dense');
  const index =
    options.index === undefined ? undefined : expectPositiveInteger('options.index', options.index);

  const suffix = index === undefined ? '' : `[${index}]`;
  const W = createParam(`W${suffix}`, init.create(outputSize, inputSize, random, dtype));
  if (W.value.rows !== outputSize || W.value.cols !== inputSize || W.value.dtype !== dtype) {
    throw new GradscopeArgumentError(
      'options.init',
      init.name,
      `an initializer that returns a ${outputSize}×${inputSize} ${dtype} matrix`,
      'dense',
    );
  }
  const b = hasBias ? createParam(`b${suffix}`, zeros(outputSize, 1, dtype)) : null;
  const params: readonly Param[] = b ? [W, b] : [W];
  const label = `${index === undefined ? '' : `layer ${index}: `}dense ${inputSize}→${outputSize}, ${g.label}`;

  // Buffers, reallocated only when the batch size changes.
  let input: Matrix | null = null;
  let z: Matrix | null = null;
  let a: Matrix | null = null;
  let delta: Matrix | null = null;
  let dInput: Matrix | null = null;
  let trace: {
    input: Matrix;
    z: Matrix;
    a: Matrix;
    kind: 'dense';
    label: string;
    activation: typeof g;
  } | null = null;
  let gradients: LayerGradients | null = null;

  const layer: DenseLayer = {
    kind: 'dense',
    label,
    inputSize,
    outputSize,
    dtype,
    params,
    activation: g,
    W,
    b,
    get lastTrace() {
      return trace;
    },
    get lastGradients() {
      return gradients;
    },

    forward(x: Matrix, mode: Mode): LayerTrace {
      expectExamples('input', x, inputSize, label);
      expectMode('mode', mode);
      const m = x.cols;
      if (z === null || z.cols !== m) {
        z = zeros(outputSize, m, dtype);
        a = zeros(outputSize, m, dtype);
        trace = { input: x, z, a, kind: 'dense', label, activation: g };
      }
      matmul(W.value, x, z);
      if (b) addColumnBroadcast(z, b.value, z);
      applyActivation(g, z, a as Matrix);
      input = x;
      (trace as { input: Matrix }).input = x;
      return trace as LayerTrace;
    },

    backward(dOutput: Matrix): LayerGradients {
      expectUpstreamGradient(dOutput, a, label);
      const x = input as Matrix;
      const m = x.cols;
      const deltaBuffer = reuseMatrix(delta, outputSize, m, dtype);
      const dInputBuffer = reuseMatrix(dInput, inputSize, m, dtype);
      if (deltaBuffer !== delta || dInputBuffer !== dInput) {
        delta = deltaBuffer;
        dInput = dInputBuffer;
        gradients = { delta, dInput, params, kind: 'dense', label };
      }
      activationBackward(g, z as Matrix, a as Matrix, dOutput, deltaBuffer);
      matmulTransB(deltaBuffer, x, W.grad);
      if (b) sumColumns(deltaBuffer, b.grad);
      matmulTransA(W.value, deltaBuffer, dInputBuffer);
      return gradients as LayerGradients;
    },
  };
  return layer;
}
