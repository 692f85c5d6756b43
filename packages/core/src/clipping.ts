/**
 * Gradient clipping: the standard remedy for exploding gradients (Pascanu, Mikolov & Bengio 2013, "On the
 * difficulty of training recurrent neural networks", Algorithm 1).
 *
 * Norm clipping treats every gradient (dW^[1], db^[1], …, dW^[L], db^[L]) as one long vector g and rescales
 * it when it is too long, keeping its direction:
 *
 *   ‖g‖ = sqrt(Σ_params Σ_i g_i²),   if ‖g‖ > maxNorm:  g ← g · maxNorm / ‖g‖
 *
 * as PyTorch's `torch.nn.utils.clip_grad_norm_` does (PyTorch adds 1e-6 to ‖g‖; we do not, so the clipped
 * norm is maxNorm exactly, up to the rounding of a float32 store). Value clipping bounds each entry instead,
 * g_i ← min(max(g_i, −limit), limit), which changes the direction of g.
 *
 * A non-finite norm is data, not an error: a network whose gradients overflowed has ‖g‖ = Infinity (or NaN),
 * and scaling by maxNorm / Infinity = 0 would silently zero every gradient while Infinity · 0 turned the
 * infinite entries into NaN. So norm clipping leaves such gradients untouched and reports the norm; a
 * training loop decides what to do (see `fit`, which stops and says where the overflow happened).
 */

import { GradscopeArgumentError, expectPositiveNumber } from './errors.js';
import type { Param } from './layer.js';
import { isMatrix, roundInPlace } from './matrix.js';

/**
 * What {@link clipGradNorm} did.
 *
 * @example
 * ```ts
 * const { normBefore, normAfter, clipped }: ClipGradNormResult = clipGradNorm(net.params, 1);
 * ```
 */
export interface ClipGradNormResult {
  /** The global norm ‖g‖ before clipping (Infinity or NaN when a gradient is not finite). */
  readonly normBefore: number;
  /** The global norm after clipping, measured again: maxNorm when clipped, else normBefore. */
  readonly normAfter: number;
  /** True when the gradients were rescaled. */
  readonly clipped: boolean;
}

/**
 * What {@link clipGradValue} did.
 *
 * @example
 * ```ts
 * const { clippedCount, count }: ClipGradValueResult = clipGradValue(net.params, 5);
 * ```
 */
export interface ClipGradValueResult {
  /** How many gradient entries were outside [−limit, limit] and were set to the nearer bound. */
  readonly clippedCount: number;
  /** How many gradient entries there are in all. */
  readonly count: number;
}

/**
 * The global gradient norm sqrt(Σ over all params and entries of g²): the length of the whole gradient as one
 * vector. It stays accurate where squaring would overflow or underflow in float64 (entries above ~1e154 or
 * below ~1e-154, which a deep exploding or vanishing network reaches): it is Infinity only when an entry is
 * infinite, and NaN when an entry is NaN.
 *
 * @example
 * ```ts
 * lossAndGradients(net, X, Y, 'mse');
 * globalGradNorm(net.params); // ‖(dW^[1], db^[1], …, dW^[L], db^[L])‖
 * ```
 */
export function globalGradNorm(params: readonly Param[]): number {
  expectParams(params, 'globalGradNorm');
  return normOfGradients(params);
}

/**
 * Rescales all gradients together so their global norm is at most `maxNorm` (as
 * torch.nn.utils.clip_grad_norm_), keeping the direction. Below the threshold it changes nothing. When the
 * norm is not finite it changes nothing either and reports the norm (scaling by maxNorm / Infinity would zero
 * the finite entries and make the infinite ones NaN).
 *
 * @example
 * ```ts
 * const { normBefore, clipped } = clipGradNorm(net.params, 1);
 * optimizer.step(net.params);
 * ```
 */
export function clipGradNorm(params: readonly Param[], maxNorm: number): ClipGradNormResult {
  const context = 'clipGradNorm';
  expectParams(params, context);
  expectPositiveNumber('maxNorm', maxNorm, context);
  const normBefore = normOfGradients(params);
  if (!Number.isFinite(normBefore) || normBefore <= maxNorm) {
    return { normBefore, normAfter: normBefore, clipped: false };
  }
  const scale = maxNorm / normBefore;
  for (const param of params) {
    const g = param.grad.data;
    for (let i = 0; i < g.length; i++) g[i] *= scale;
    roundInPlace(param.grad);
  }
  return { normBefore, normAfter: normOfGradients(params), clipped: true };
}

/**
 * Clips every gradient entry to [−limit, limit]. An infinite entry becomes ±limit; a NaN stays NaN (it has no
 * nearer bound), so a NaN gradient is still visible after clipping.
 *
 * @example
 * ```ts
 * clipGradValue(net.params, 5); // every dW and db entry now lies in [−5, 5]
 * ```
 */
export function clipGradValue(params: readonly Param[], limit: number): ClipGradValueResult {
  const context = 'clipGradValue';
  expectParams(params, context);
  expectPositiveNumber('limit', limit, context);
  let clippedCount = 0;
  let count = 0;
  for (const param of params) {
    const g = param.grad.data;
    count += g.length;
    for (let i = 0; i < g.length; i++) {
      const gi = g[i];
      if (gi > limit) {
        g[i] = limit;
        clippedCount++;
      } else if (gi < -limit) {
        g[i] = -limit;
        clippedCount++;
      }
    }
    roundInPlace(param.grad); // ±limit itself may not be a number of the format
  }
  return { clippedCount, count };
}

// Below this, a sum of squares may have lost entries to underflow (x² underflows for |x| < ~1.5e-154).
const SMALL_SUM_OF_SQUARES = 1e-290;

/** sqrt(Σ g²) over all gradients: one pass in the usual case, a rescaled second pass at the extremes. */
function normOfGradients(params: readonly Param[]): number {
  let sum = 0;
  for (const param of params) {
    const g = param.grad.data;
    for (let i = 0; i < g.length; i++) sum += g[i] * g[i];
  }
  if (sum >= SMALL_SUM_OF_SQUARES && sum < Infinity) return Math.sqrt(sum);
  if (Number.isNaN(sum)) return NaN;
  // Overflow (a finite entry above ~1e154, or a true Infinity) or underflow: scale by the largest entry, as
  // the reference BLAS dnrm2 does, so every square lies in [0, 1].
  let largest = 0;
  for (const param of params) {
    const g = param.grad.data;
    for (let i = 0; i < g.length; i++) {
      const a = Math.abs(g[i]);
      if (a > largest) largest = a;
    }
  }
  if (largest === 0 || largest === Infinity) return largest;
  let scaled = 0;
  for (const param of params) {
    const g = param.grad.data;
    for (let i = 0; i < g.length; i++) {
      const r = g[i] / largest;
      scaled += r * r;
    }
  }
  return largest * Math.sqrt(scaled);
}

/** Cheap check (no allocation): each entry is a Param whose gradient is a matrix. */
function expectParams(params: readonly Param[], context: string): void {
  if (!Array.isArray(params)) {
    throw new GradscopeArgumentError('params', params, 'an array of Params (net.params)', context);
  }
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    if (typeof p !== 'object' || p === null || !isMatrix(p.grad)) {
      throw new GradscopeArgumentError(`params[${i}]`, p, 'a Param { name, value, grad }', context);
    }
  }
}
