/**
 * Batch normalization (Ioffe & Szegedy, "Batch Normalization: Accelerating Deep Network Training by Reducing
 * Internal Covariate Shift", ICML 2015, Algorithm 1): each feature (row) is normalized over the examples of the
 * batch (columns), then scaled and shifted by learnable γ and β, then passed through an optional activation g.
 *
 * Forward, for the input x (n × m), feature i, example j, in train mode:
 *   μ_i  = (1/m) Σ_j x_ij                 σ²_i = (1/m) Σ_j (x_ij − μ_i)²
 *   x̂_ij = (x_ij − μ_i) / √(σ²_i + ε)
 *   z_ij = γ_i·x̂_ij + β_i                 (the trace's z: after γ and β, before g)
 *   a_ij = g(z_ij)
 * The running statistics follow each train step (the Keras convention for `momentum`):
 *   runningMean ← momentum·runningMean + (1 − momentum)·μ
 *   runningVariance ← momentum·runningVariance + (1 − momentum)·σ²·m/(m − 1)   (unbiased, as in the paper §3.1)
 * In eval mode μ and σ² are the running statistics, so each example is normalized on its own.
 *
 * Backward, given dA: delta = dA ⊙ g'(z) (∂L/∂z), dγ_i = Σ_j delta_ij·x̂_ij, dβ_i = Σ_j delta_ij, and, because
 * μ and σ² depend on every example of the batch (train mode),
 *   dInput_ij = γ_i/√(σ²_i + ε) · (delta_ij − (1/m)Σ_k delta_ik − x̂_ij·(1/m)Σ_k delta_ik·x̂_ik);
 * in eval mode μ and σ² are constants and dInput_ij = γ_i·delta_ij/√(σ²_i + ε).
 *
 * Why the activation lives here: the paper normalizes z = W·a_prev just before the nonlinearity, so `mlp` with
 * `norm: 'batch'` builds dense (no activation, no bias: β plays b's role) → batchNorm (with the activation).
 *
 * The options, γ and β are those of layer norm (normalization.ts); the statistics run over the other axis.
 */

import { activationBackward, applyActivation } from './activations.js';
import { rounderFor } from './dtype.js';
import { GradscopeArgumentError, expectNumberInRange } from './errors.js';
import {
  createLayerBuffers,
  expectExamples,
  expectMode,
  reuseMatrix,
  type LayerGradients,
  type LayerTrace,
  type Mode,
} from './layer.js';
import { full, roundInPlace, zeros, type Matrix } from './matrix.js';
import {
  NORMALIZATION_DEFAULTS,
  NORMALIZATION_KEYS,
  resolveNormalization,
  type NormalizationLayer,
  type NormalizationOptions,
} from './normalization.js';

/**
 * Options of `batchNorm()`: the shared `NormalizationOptions` and the momentum of the running statistics.
 *
 * @example
 * ```ts
 * batchNorm({ size: 64, activation: 'relu', momentum: 0.99 });
 * ```
 */
export interface BatchNormOptions extends NormalizationOptions {
  /** Weight of the old running statistics in each update, in [0, 1) (default 0.9). */
  readonly momentum?: number;
}

/**
 * The defaults of `batchNorm()`: the shared `NORMALIZATION_DEFAULTS` and the momentum.
 *
 * @example
 * ```ts
 * BATCH_NORM_DEFAULTS.epsilon; // 1e-5
 * ```
 */
export const BATCH_NORM_DEFAULTS = {
  activation: NORMALIZATION_DEFAULTS.activation,
  momentum: 0.9,
  epsilon: NORMALIZATION_DEFAULTS.epsilon,
  dtype: NORMALIZATION_DEFAULTS.dtype,
} as const;

/**
 * A batch-normalization layer, with its running statistics exposed.
 *
 * @example
 * ```ts
 * const bn = batchNorm({ size: 3 });
 * bn.forward(X, 'train');
 * bn.runningMean; // 0.1·(row means of X)
 * ```
 */
export interface BatchNormLayer extends NormalizationLayer {
  readonly kind: 'batchNorm';
  /** The running mean of each feature (n × 1), used in eval mode. */
  readonly runningMean: Matrix;
  /** The running (unbiased) variance of each feature (n × 1), used in eval mode. */
  readonly runningVariance: Matrix;
  readonly momentum: number;
}

/**
 * A batch-normalization layer over the examples (columns) of each batch. Train mode needs at least two examples.
 *
 * @example
 * ```ts
 * const bn = batchNorm({ size: 3, activation: 'relu' });
 * const { z } = bn.forward(X, 'train'); // every row of z has mean β_i = 0 and std ≈ γ_i = 1 over the batch
 * bn.forward(x, 'eval'); // one example, normalized with the running statistics
 * ```
 */
export function batchNorm(options: BatchNormOptions): BatchNormLayer {
  const { description, size, epsilon, gamma, beta } = resolveNormalization(options, 'batchNorm', [
    ...NORMALIZATION_KEYS,
    'momentum',
  ]);
  const { label, dtype, activation: g } = description;
  const momentum = expectNumberInRange(
    'options.momentum',
    options.momentum ?? BATCH_NORM_DEFAULTS.momentum,
    0,
    1,
    'batchNorm',
  );
  if (momentum === 1) {
    throw new GradscopeArgumentError('options.momentum', momentum, 'a number in [0, 1)', 'batchNorm');
  }
  const round = rounderFor(dtype);
  const runningMean = zeros(size, 1, dtype);
  const runningVariance = full(size, 1, 1, dtype);
  const buffers = createLayerBuffers(description);
  const forwardContext = `batchNorm.forward (${label})`;
  let xHat: Matrix | null = null;
  // 1/√(σ² + ε) per feature, from the last forward pass (batch or running statistics).
  const inverseStd = new Float64Array(size);
  let lastMode: Mode = 'train';

  const layer: BatchNormLayer = {
    ...description,
    gamma,
    beta,
    runningMean,
    runningVariance,
    momentum,
    epsilon,
    get lastTrace() {
      return buffers.trace;
    },
    get lastGradients() {
      return buffers.gradients;
    },

    forward(x: Matrix, mode: Mode, reuse = false): LayerTrace {
      expectExamples('input', x, size, forwardContext);
      const checkedMode = expectMode('mode', mode, forwardContext);
      const m = x.cols;
      if (checkedMode === 'train' && m < 2) {
        throw new GradscopeArgumentError(
          'input',
          x,
          'a batch of at least 2 examples (columns) in train mode, where each feature is normalized over the batch; use mode "eval" for one example',
          forwardContext,
        );
      }
      const trace = buffers.traceFor(x, reuse);
      xHat = reuseMatrix(xHat, size, m, dtype);
      const xd = x.data;
      const xh = xHat.data;
      const zd = trace.z.data;
      const gd = gamma.value.data;
      const bd = beta.value.data;
      for (let i = 0; i < size; i++) {
        const row = i * m;
        let mu: number;
        let variance: number;
        if (checkedMode === 'train') {
          let sum = 0;
          for (let j = 0; j < m; j++) sum += xd[row + j];
          mu = sum / m;
          let squares = 0;
          for (let j = 0; j < m; j++) {
            const d = xd[row + j] - mu;
            squares += d * d;
          }
          variance = squares / m;
          runningMean.data[i] = round(momentum * runningMean.data[i] + (1 - momentum) * mu);
          runningVariance.data[i] = round(
            momentum * runningVariance.data[i] + (1 - momentum) * ((variance * m) / (m - 1)),
          );
        } else {
          mu = runningMean.data[i];
          variance = runningVariance.data[i];
        }
        const inv = 1 / Math.sqrt(variance + epsilon);
        inverseStd[i] = inv;
        const gi = gd[i];
        const bi = bd[i];
        for (let j = 0; j < m; j++) {
          const h = (xd[row + j] - mu) * inv;
          xh[row + j] = round(h);
          // The stored x̂ is rounded; z is computed from the stored value so backward sees the same x̂.
          zd[row + j] = gi * xh[row + j] + bi;
        }
      }
      applyActivation(g, roundInPlace(trace.z), trace.a);
      lastMode = checkedMode;
      return trace;
    },

    backward(dOutput: Matrix, reuse = false, parameters = true): LayerGradients {
      const gradients = buffers.gradientsFor(dOutput, reuse);
      const { z, a } = buffers.trace as LayerTrace;
      activationBackward(g, z, a, dOutput, gradients.delta);
      const m = z.cols;
      const dz = gradients.delta.data;
      const xh = (xHat as Matrix).data;
      const dx = gradients.dInput.data;
      const gd = gamma.value.data;
      for (let i = 0; i < size; i++) {
        const row = i * m;
        let sumDelta = 0;
        let sumDeltaXHat = 0;
        for (let j = 0; j < m; j++) {
          const d = dz[row + j];
          sumDelta += d;
          sumDeltaXHat += d * xh[row + j];
        }
        if (parameters) {
          gamma.grad.data[i] = sumDeltaXHat;
          beta.grad.data[i] = sumDelta;
        }
        const scale = gd[i] * inverseStd[i];
        if (lastMode === 'train') {
          const meanDelta = sumDelta / m;
          const meanDeltaXHat = sumDeltaXHat / m;
          for (let j = 0; j < m; j++)
            dx[row + j] = scale * (dz[row + j] - meanDelta - xh[row + j] * meanDeltaXHat);
        } else {
          for (let j = 0; j < m; j++) dx[row + j] = scale * dz[row + j];
        }
      }
      if (parameters) {
        roundInPlace(gamma.grad);
        roundInPlace(beta.grad);
      }
      roundInPlace(gradients.dInput);
      return gradients;
    },
  };
  return layer;
}
