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
 * The layer keeps its input, z and a for the backward pass (convnetjs's `FullyConnLayer` does the same); each pass
 * returns fresh matrices unless a training loop asks it to reuse its buffers (see layer.ts).
 */

import {
  resolveActivation,
  applyActivation,
  activationBackward,
  type ActivationSpec,
} from './activations.js';
import { expectDType, type DType } from './dtype.js';
import { GradscopeArgumentError, expectBoolean, expectKnownKeys, expectPositiveInteger } from './errors.js';
import { resolveInitializer, type InitializerSpec } from './initializers.js';
import {
  createLayerBuffers,
  createParam,
  expectExamples,
  expectMode,
  layerNumbering,
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

const DENSE_KEYS = ['inputSize', 'outputSize', 'activation', 'init', 'bias', 'dtype', 'random', 'index'];

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
  const context = 'dense';
  expectKnownKeys('options', options, DENSE_KEYS, '{ inputSize, outputSize, activation }', context);
  const inputSize = expectPositiveInteger('options.inputSize', options.inputSize, context);
  const outputSize = expectPositiveInteger('options.outputSize', options.outputSize, context);
  const g = resolveActivation(options.activation ?? DENSE_DEFAULTS.activation, 'options.activation', context);
  const init = resolveInitializer(options.init ?? DENSE_DEFAULTS.init, 'options.init', context);
  const hasBias = expectBoolean('options.bias', options.bias ?? DENSE_DEFAULTS.bias, 'dense');
  const dtype = expectDType('options.dtype', options.dtype, 'dense');
  const random =
    options.random === undefined ? createRandom(0) : expectRandom('options.random', options.random, 'dense');
  const { labelPrefix, nameSuffix } = layerNumbering(options.index, context);

  const W = createParam(`W${nameSuffix}`, init.create(outputSize, inputSize, random, dtype));
  if (W.value.rows !== outputSize || W.value.cols !== inputSize || W.value.dtype !== dtype) {
    throw new GradscopeArgumentError(
      'options.init',
      init.name,
      `an initializer that returns a ${outputSize}×${inputSize} ${dtype} matrix`,
      'dense',
    );
  }
  const b = hasBias ? createParam(`b${nameSuffix}`, zeros(outputSize, 1, dtype)) : null;
  const params: readonly Param[] = b ? [W, b] : [W];
  const label = `${labelPrefix}dense ${inputSize}→${outputSize}, ${g.label}`;
  const description = { kind: 'dense', label, inputSize, outputSize, dtype, params, activation: g } as const;
  const buffers = createLayerBuffers(description);
  const forwardContext = `dense.forward (${label})`;

  const layer: DenseLayer = {
    ...description,
    W,
    b,
    get lastTrace() {
      return buffers.trace;
    },
    get lastGradients() {
      return buffers.gradients;
    },

    forward(x: Matrix, mode: Mode, reuse = false): LayerTrace {
      expectExamples('input', x, inputSize, forwardContext);
      expectMode('mode', mode, forwardContext);
      const trace = buffers.traceFor(x, reuse);
      matmul(W.value, x, trace.z);
      if (b) addColumnBroadcast(trace.z, b.value, trace.z);
      applyActivation(g, trace.z, trace.a);
      return trace;
    },

    backward(dOutput: Matrix, reuse = false, parameters = true): LayerGradients {
      const gradients = buffers.gradientsFor(dOutput, reuse);
      const { input: x, z, a } = buffers.trace as LayerTrace;
      activationBackward(g, z, a, dOutput, gradients.delta);
      if (parameters) {
        matmulTransB(gradients.delta, x, W.grad);
        if (b) sumColumns(gradients.delta, b.grad);
      }
      matmulTransA(W.value, gradients.delta, gradients.dInput);
      return gradients;
    },
  };
  return layer;
}
