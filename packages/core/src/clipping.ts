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
 * `clipGradNorm` and `clipGradValue` clip the gradients of a network's parameters in place; `clipByNorm` and
 * `clipByValue` do the same to a plain vector of numbers (a gradient a lesson computed itself) and return a
 * clipped copy.
 *
 * A non-finite norm is data, not an error: a network whose gradients overflowed has ‖g‖ = Infinity (or NaN),
 * and scaling by maxNorm / Infinity = 0 would silently zero every gradient while Infinity · 0 turned the
 * infinite entries into NaN. So norm clipping leaves such gradients untouched and reports the norm; a
 * training loop decides what to do (see `fit`, which stops and says where the overflow happened).
 */

import { GradscopeArgumentError, expectPositiveNumber } from './errors.js';
import type { FloatArray } from './dtype.js';
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
    count += param.grad.data.length;
    clippedCount += clipEntries(param.grad.data, limit);
    roundInPlace(param.grad); // ±limit itself may not be a number of the format
  }
  return { clippedCount, count };
}

/**
 * What {@link clipByNorm} returns.
 *
 * @example
 * ```ts
 * const { vector, scale, normBefore, clipped }: ClipByNormResult = clipByNorm([3, 4], 1);
 * ```
 */
export interface ClipByNormResult {
  /** The clipped copy: the input times `scale`. */
  readonly vector: Float64Array;
  /** The factor applied, maxNorm/‖g‖ when clipped, else 1. */
  readonly scale: number;
  /** ‖g‖ before clipping (Infinity or NaN when an entry is not finite). */
  readonly normBefore: number;
  /** True when the vector was rescaled. */
  readonly clipped: boolean;
}

/**
 * What {@link clipByValue} returns.
 *
 * @example
 * ```ts
 * const { vector, clippedCount }: ClipByValueResult = clipByValue([7, -0.5], 5);
 * ```
 */
export interface ClipByValueResult {
  /** The clipped copy: each entry moved into [−limit, limit]. */
  readonly vector: Float64Array;
  /** How many entries were outside [−limit, limit]. */
  readonly clippedCount: number;
}

/**
 * Norm clipping of one plain gradient vector g (an array or typed array): returns a copy rescaled to norm at most
 * `maxNorm`, g·min(1, maxNorm/‖g‖), with the scale it applied; `gradient` itself is not changed. As with
 * `clipGradNorm`, a non-finite norm leaves the copy unscaled (scale 1) and is reported.
 *
 * @example
 * ```ts
 * const { vector, scale } = clipByNorm([3, 4], 1); // vector [0.6, 0.8], scale 0.2: ‖(3, 4)‖ = 5
 * clipByNorm([0.3, 0.4], 1).clipped; // false: already shorter than 1
 * ```
 */
export function clipByNorm(gradient: ArrayLike<number>, maxNorm: number): ClipByNormResult {
  const context = 'clipByNorm';
  const values = expectVector(gradient, context);
  expectPositiveNumber('maxNorm', maxNorm, context);
  const vector = Float64Array.from(values);
  const normBefore = normOf(1, () => vector);
  if (!Number.isFinite(normBefore) || normBefore <= maxNorm) {
    return { vector, scale: 1, normBefore, clipped: false };
  }
  const scale = maxNorm / normBefore;
  for (let i = 0; i < vector.length; i++) vector[i] *= scale;
  return { vector, scale, normBefore, clipped: true };
}

/**
 * Value clipping of one plain gradient vector: a copy with each entry moved into [−limit, limit] (a NaN stays
 * NaN); `gradient` itself is not changed.
 *
 * @example
 * ```ts
 * clipByValue([7, -0.5, -9], 5).vector; // [5, -0.5, -5]
 * ```
 */
export function clipByValue(gradient: ArrayLike<number>, limit: number): ClipByValueResult {
  const context = 'clipByValue';
  const values = expectVector(gradient, context);
  expectPositiveNumber('limit', limit, context);
  const vector = Float64Array.from(values);
  return { vector, clippedCount: clipEntries(vector, limit) };
}

/** Moves every entry of g into [−limit, limit] in place; returns how many moved. */
function clipEntries(g: FloatArray, limit: number): number {
  let clippedCount = 0;
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
  return clippedCount;
}

function expectVector(gradient: unknown, context: string): ArrayLike<number> {
  const isArray =
    Array.isArray(gradient) || gradient instanceof Float64Array || gradient instanceof Float32Array;
  if (!isArray || (gradient as ArrayLike<unknown>).length === 0) {
    throw new GradscopeArgumentError(
      'gradient',
      gradient,
      "a non-empty array or typed array of numbers (for a network's Params, use clipGradNorm)",
      context,
    );
  }
  const values = gradient as ArrayLike<unknown>;
  for (let i = 0; i < values.length; i++) {
    if (typeof values[i] !== 'number') {
      throw new GradscopeArgumentError(`gradient[${i}]`, values[i], 'a number', context);
    }
  }
  return values as ArrayLike<number>;
}

// Below this, a sum of squares may have lost entries to underflow (x² underflows for |x| < ~1.5e-154).
const SMALL_SUM_OF_SQUARES = 1e-290;

/** sqrt(Σ g²) over all the parameters' gradients (no allocation: `fit` calls it every step). */
function normOfGradients(params: readonly Param[]): number {
  return normOf(params.length, (i) => params[i].grad.data);
}

/**
 * sqrt(Σ g²) over all entries of the arrays arrayAt(0) … arrayAt(count − 1): one pass in the usual case, a
 * rescaled second pass at the extremes.
 */
function normOf(count: number, arrayAt: (i: number) => FloatArray): number {
  let sum = 0;
  for (let a = 0; a < count; a++) {
    const g = arrayAt(a);
    for (let i = 0; i < g.length; i++) sum += g[i] * g[i];
  }
  if (sum >= SMALL_SUM_OF_SQUARES && sum < Infinity) return Math.sqrt(sum);
  if (Number.isNaN(sum)) return NaN;
  // Overflow (a finite entry above ~1e154, or a true Infinity) or underflow: scale by the largest entry, as
  // the reference BLAS dnrm2 does, so every square lies in [0, 1].
  let largest = 0;
  for (let a = 0; a < count; a++) {
    const g = arrayAt(a);
    for (let i = 0; i < g.length; i++) {
      const v = Math.abs(g[i]);
      if (v > largest) largest = v;
    }
  }
  if (largest === 0 || largest === Infinity) return largest;
  let scaled = 0;
  for (let a = 0; a < count; a++) {
    const g = arrayAt(a);
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
