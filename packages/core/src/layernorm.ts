/**
 * Layer normalization (Ba, Kiros & Hinton, "Layer Normalization", 2016, eq. 4): each example (column) is
 * normalized over its own n features, then scaled and shifted by learnable γ and β (one per feature), then passed
 * through an optional activation g. Nothing depends on the other examples of the batch, so train and eval modes
 * compute the same thing and a batch of one example is fine.
 *
 * Forward, for the input x (n × m), feature i, example j:
 *   μ_j  = (1/n) Σ_i x_ij                 σ²_j = (1/n) Σ_i (x_ij − μ_j)²
 *   x̂_ij = (x_ij − μ_j) / √(σ²_j + ε)
 *   z_ij = γ_i·x̂_ij + β_i                 (the trace's z: after γ and β, before g)
 *   a_ij = g(z_ij)
 * Backward, given dA: delta = dA ⊙ g'(z) (∂L/∂z), dγ_i = Σ_j delta_ij·x̂_ij, dβ_i = Σ_j delta_ij, and with
 * dx̂_ij = γ_i·delta_ij (μ_j and σ²_j depend on every feature of example j):
 *   dInput_ij = 1/√(σ²_j + ε) · (dx̂_ij − (1/n)Σ_k dx̂_kj − x̂_ij·(1/n)Σ_k dx̂_kj·x̂_kj).
 *
 * `mlp` with `norm: 'layer'` builds dense (no activation) → layerNorm (with the activation), like batch norm.
 */

import {
  resolveActivation,
  applyActivation,
  activationBackward,
  type ActivationSpec,
} from './activations.js';
import { BATCH_NORM_DEFAULTS } from './batchnorm.js';
import { expectDType, type DType } from './dtype.js';
import { GradscopeArgumentError, expectPositiveInteger, expectPositiveNumber } from './errors.js';
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
import { full, zeros, type Matrix } from './matrix.js';

/**
 * Options of `layerNorm()`.
 *
 * @example
 * ```ts
 * layerNorm({ size: 64, activation: 'gelu' });
 * ```
 */
export interface LayerNormOptions {
  /** n: features per example (rows); the output has the same size. */
  readonly size: number;
  /** g, applied after γ·x̂ + β (default `'identity'`). */
  readonly activation?: ActivationSpec;
  /** ε added to the variance before the square root (default 1e-5). */
  readonly epsilon?: number;
  /** Number format (default `'float64'`). */
  readonly dtype?: DType;
  /** The lecture's number of the dense layer this normalizes, used in the label and the parameter names. */
  readonly index?: number;
}

/**
 * A layer-normalization layer.
 *
 * @example
 * ```ts
 * const ln = layerNorm({ size: 3 });
 * ln.gamma.value; // [[1], [1], [1]]
 * ```
 */
export interface LayerNormLayer extends Layer {
  readonly kind: 'layerNorm';
  /** γ (n × 1), initialized to 1. */
  readonly gamma: Param;
  /** β (n × 1), initialized to 0. */
  readonly beta: Param;
  readonly epsilon: number;
}

/**
 * A layer-normalization layer over the features (rows) of each example.
 *
 * @example
 * ```ts
 * const ln = layerNorm({ size: 4, activation: 'tanh' });
 * const { z } = ln.forward(X, 'train'); // every column of z has mean 0 and std ≈ 1 (γ = 1, β = 0)
 * ```
 */
export function layerNorm(options: LayerNormOptions): LayerNormLayer {
  if (typeof options !== 'object' || options === null) {
    throw new GradscopeArgumentError('options', options, 'an object like { size, activation }', 'layerNorm');
  }
  const size = expectPositiveInteger('options.size', options.size, 'layerNorm');
  const g = resolveActivation(options.activation ?? BATCH_NORM_DEFAULTS.activation, 'options.activation');
  const epsilon = expectPositiveNumber(
    'options.epsilon',
    options.epsilon ?? BATCH_NORM_DEFAULTS.epsilon,
    'layerNorm',
  );
  const dtype = expectDType('options.dtype', options.dtype, 'layerNorm');
  const index =
    options.index === undefined ? undefined : expectPositiveInteger('options.index', options.index);

  const suffix = index === undefined ? '' : `[${index}]`;
  const gamma = createParam(`gamma${suffix}`, full(size, 1, 1, dtype));
  const beta = createParam(`beta${suffix}`, zeros(size, 1, dtype));
  const params: readonly Param[] = [gamma, beta];
  const label = `${index === undefined ? '' : `layer ${index}: `}layer norm ${size}, ${g.label}`;

  let input: Matrix | null = null;
  let z: Matrix | null = null;
  let a: Matrix | null = null;
  let xHat: Matrix | null = null;
  let delta: Matrix | null = null;
  let dInput: Matrix | null = null;
  // Per-example scratch: mean, 1/√(σ² + ε) and the two sums of the backward pass.
  let mean = new Float64Array(0);
  let inverseStd = new Float64Array(0);
  let sum1 = new Float64Array(0);
  let sum2 = new Float64Array(0);
  let trace: {
    input: Matrix;
    z: Matrix;
    a: Matrix;
    kind: 'layerNorm';
    label: string;
    activation: typeof g;
  } | null = null;
  let gradients: LayerGradients | null = null;

  const layer: LayerNormLayer = {
    kind: 'layerNorm',
    label,
    inputSize: size,
    outputSize: size,
    dtype,
    params,
    activation: g,
    gamma,
    beta,
    epsilon,
    get lastTrace() {
      return trace;
    },
    get lastGradients() {
      return gradients;
    },

    forward(x: Matrix, mode: Mode): LayerTrace {
      expectExamples('input', x, size, label);
      expectMode('mode', mode);
      const m = x.cols;
      if (z === null || z.cols !== m) {
        z = zeros(size, m, dtype);
        a = zeros(size, m, dtype);
        xHat = zeros(size, m, dtype);
        mean = new Float64Array(m);
        inverseStd = new Float64Array(m);
        sum1 = new Float64Array(m);
        sum2 = new Float64Array(m);
        trace = { input: x, z, a, kind: 'layerNorm', label, activation: g };
      }
      const xd = x.data;
      const xh = (xHat as Matrix).data;
      const zd = z.data;
      const gd = gamma.value.data;
      const bd = beta.value.data;
      // Row-major storage: sweep rows in the outer loop and accumulate per-column sums, for contiguous reads.
      mean.fill(0);
      for (let i = 0; i < size; i++) {
        const row = i * m;
        for (let j = 0; j < m; j++) mean[j] += xd[row + j];
      }
      for (let j = 0; j < m; j++) mean[j] /= size;
      inverseStd.fill(0);
      for (let i = 0; i < size; i++) {
        const row = i * m;
        for (let j = 0; j < m; j++) {
          const d = xd[row + j] - mean[j];
          inverseStd[j] += d * d;
        }
      }
      for (let j = 0; j < m; j++) inverseStd[j] = 1 / Math.sqrt(inverseStd[j] / size + epsilon);
      for (let i = 0; i < size; i++) {
        const row = i * m;
        const gi = gd[i];
        const bi = bd[i];
        for (let j = 0; j < m; j++) {
          xh[row + j] = (xd[row + j] - mean[j]) * inverseStd[j];
          zd[row + j] = gi * xh[row + j] + bi;
        }
      }
      applyActivation(g, z, a as Matrix);
      input = x;
      (trace as { input: Matrix }).input = x;
      return trace as LayerTrace;
    },

    backward(dOutput: Matrix): LayerGradients {
      expectUpstreamGradient(dOutput, a, label);
      const m = (input as Matrix).cols;
      const deltaBuffer = reuseMatrix(delta, size, m, dtype);
      const dInputBuffer = reuseMatrix(dInput, size, m, dtype);
      if (deltaBuffer !== delta || dInputBuffer !== dInput) {
        delta = deltaBuffer;
        dInput = dInputBuffer;
        gradients = { delta, dInput, params, kind: 'layerNorm', label };
      }
      activationBackward(g, z as Matrix, a as Matrix, dOutput, deltaBuffer);
      const dz = deltaBuffer.data;
      const xh = (xHat as Matrix).data;
      const dx = dInputBuffer.data;
      const gd = gamma.value.data;
      sum1.fill(0);
      sum2.fill(0);
      for (let i = 0; i < size; i++) {
        const row = i * m;
        const gi = gd[i];
        let sumDelta = 0;
        let sumDeltaXHat = 0;
        for (let j = 0; j < m; j++) {
          const d = dz[row + j];
          const h = xh[row + j];
          sumDelta += d;
          sumDeltaXHat += d * h;
          sum1[j] += gi * d;
          sum2[j] += gi * d * h;
        }
        gamma.grad.data[i] = sumDeltaXHat;
        beta.grad.data[i] = sumDelta;
      }
      for (let i = 0; i < size; i++) {
        const row = i * m;
        const gi = gd[i];
        for (let j = 0; j < m; j++) {
          dx[row + j] = inverseStd[j] * (gi * dz[row + j] - sum1[j] / size - xh[row + j] * (sum2[j] / size));
        }
      }
      return gradients as LayerGradients;
    },
  };
  return layer;
}
