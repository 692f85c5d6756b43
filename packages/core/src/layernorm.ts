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
 * The options, γ and β are those of batch norm (normalization.ts); the statistics run over the other axis.
 */

import { activationBackward, applyActivation } from './activations.js';
import { rounderFor } from './dtype.js';
import {
  createLayerBuffers,
  expectExamples,
  expectMode,
  reuseMatrix,
  type LayerGradients,
  type LayerTrace,
  type Mode,
} from './layer.js';
import { roundInPlace, type Matrix } from './matrix.js';
import { resolveNormalization, type NormalizationLayer, type NormalizationOptions } from './normalization.js';

/**
 * Options of `layerNorm()`: the shared `NormalizationOptions` (layer norm has no running statistics).
 *
 * @example
 * ```ts
 * layerNorm({ size: 64, activation: 'gelu' });
 * ```
 */
export type LayerNormOptions = NormalizationOptions;

/**
 * A layer-normalization layer.
 *
 * @example
 * ```ts
 * const ln = layerNorm({ size: 3 });
 * ln.gamma.value; // [[1], [1], [1]]
 * ```
 */
export interface LayerNormLayer extends NormalizationLayer {
  readonly kind: 'layerNorm';
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
  const { description, size, epsilon, gamma, beta } = resolveNormalization(options, 'layerNorm');
  const { label, dtype, activation: g } = description;
  const buffers = createLayerBuffers(description);
  const forwardContext = `layerNorm.forward (${label})`;
  const round = rounderFor(dtype);
  let xHat: Matrix | null = null;
  // Per-example scratch: mean, 1/√(σ² + ε) and the two sums of the backward pass.
  let mean = new Float64Array(0);
  let inverseStd = new Float64Array(0);
  let sum1 = new Float64Array(0);
  let sum2 = new Float64Array(0);

  const layer: LayerNormLayer = {
    ...description,
    gamma,
    beta,
    epsilon,
    get lastTrace() {
      return buffers.trace;
    },
    get lastGradients() {
      return buffers.gradients;
    },

    forward(x: Matrix, mode: Mode, reuse = false): LayerTrace {
      expectExamples('input', x, size, forwardContext);
      expectMode('mode', mode, forwardContext);
      const m = x.cols;
      const trace = buffers.traceFor(x, reuse);
      xHat = reuseMatrix(xHat, size, m, dtype);
      if (mean.length !== m) {
        mean = new Float64Array(m);
        inverseStd = new Float64Array(m);
        sum1 = new Float64Array(m);
        sum2 = new Float64Array(m);
      }
      const xd = x.data;
      const xh = xHat.data;
      const zd = trace.z.data;
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
          xh[row + j] = round((xd[row + j] - mean[j]) * inverseStd[j]);
          zd[row + j] = gi * xh[row + j] + bi;
        }
      }
      applyActivation(g, roundInPlace(trace.z), trace.a);
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
        if (parameters) {
          gamma.grad.data[i] = sumDeltaXHat;
          beta.grad.data[i] = sumDelta;
        }
      }
      for (let i = 0; i < size; i++) {
        const row = i * m;
        const gi = gd[i];
        for (let j = 0; j < m; j++) {
          dx[row + j] = inverseStd[j] * (gi * dz[row + j] - sum1[j] / size - xh[row + j] * (sum2[j] / size));
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
