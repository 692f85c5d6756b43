/**
 * Elementwise matrix operations, norms and the spectral quantities the lessons measure. In the lessons' notation
 * a layer computes z = W·a_prev + b (`matmul`, then `addColumnBroadcast` adds b to every example's column), and
 * its bias gradient sums delta over the m examples: db = Σ_examples delta (`sumColumns`; the 1/m lives in the
 * loss). The k·I network of the lecture has z^[L] = (k·I)^L·x = `matrixPower(k·I, L)`·x, whose size is
 * ‖W‖₂^L = `spectralNorm(W)`^L; for a general W the growth rate of ‖W^L‖ is the spectral radius
 * ρ(W) = max|λ| = lim ‖W^L‖^(1/L) (Gelfand's formula), `spectralRadius(W)`.
 *
 * Elementwise operations accept `out` equal to one of their inputs (in-place updates), never a partial overlap.
 * Norms of an exploded network are data, never an error: an infinite entry gives Infinity and a NaN entry NaN
 * (`spectralRadius` gives NaN for either, as the eigenvalues are then undefined). Sums of squares are rescaled
 * so that entries near 1e200 or 1e-200 neither overflow nor underflow them (as BLAS's dnrm2 does).
 */

import { createRandom } from './random.js';
import { GradscopeArgumentError, expectNonNegativeInteger, expectPositiveInteger } from './errors.js';
import {
  expectMatrix,
  expectSameShape,
  identity,
  roundInPlace,
  shapeOf,
  sharesStorage,
  zeros,
  type Matrix,
} from './matrix.js';
import { matmul, matmulTransA, matmulTransB } from './matmul.js';
import { eigenvalues, symmetricEigen } from './eigen.js';
import { singularValues } from './svd.js';

/**
 * Aᵀ. Writes into `out` (cols×rows, A's dtype, not sharing storage with A) when given.
 *
 * @example
 * ```ts
 * transpose(matrix([[1, 2, 3]])); // [[1], [2], [3]]
 * ```
 */
export function transpose(A: Matrix, out?: Matrix): Matrix {
  expectMatrix('A', A, 'transpose');
  const m = A.rows;
  const n = A.cols;
  const result = outputFor('transpose', A, out, n, m);
  if (sharesStorage(result.data, A.data)) {
    throw new GradscopeArgumentError(
      'out',
      out,
      "a matrix whose storage does not overlap A's (a transpose cannot be formed in place)",
      'transpose',
    );
  }
  const a = A.data;
  const t = result.data;
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) t[j * m + i] = a[row + j];
  }
  return result;
}

/**
 * A + B (same shapes). `out` may be A or B.
 *
 * @example
 * ```ts
 * add(matrix([[1, 2]]), matrix([[10, 20]])); // [[11, 22]]
 * ```
 */
export function add(A: Matrix, B: Matrix, out?: Matrix): Matrix {
  const result = elementwiseOutput('add', A, B, out);
  const a = A.data;
  const b = B.data;
  const c = result.data;
  for (let i = 0; i < c.length; i++) c[i] = a[i] + b[i];
  return roundInPlace(result);
}

/**
 * A − B (same shapes). `out` may be A or B.
 *
 * @example
 * ```ts
 * subtract(matrix([[5, 5]]), matrix([[1, 2]])); // [[4, 3]]
 * ```
 */
export function subtract(A: Matrix, B: Matrix, out?: Matrix): Matrix {
  const result = elementwiseOutput('subtract', A, B, out);
  const a = A.data;
  const b = B.data;
  const c = result.data;
  for (let i = 0; i < c.length; i++) c[i] = a[i] - b[i];
  return roundInPlace(result);
}

/**
 * The elementwise (Hadamard) product A ⊙ B, as in delta = dA ⊙ g'(z). `out` may be A or B.
 *
 * @example
 * ```ts
 * hadamard(matrix([[1, 2]]), matrix([[3, 4]])); // [[3, 8]]
 * ```
 */
export function hadamard(A: Matrix, B: Matrix, out?: Matrix): Matrix {
  const result = elementwiseOutput('hadamard', A, B, out);
  const a = A.data;
  const b = B.data;
  const c = result.data;
  for (let i = 0; i < c.length; i++) c[i] = a[i] * b[i];
  return roundInPlace(result);
}

/**
 * s·A. `out` may be A. The factor may be non-finite (a step size computed from an exploded norm is data):
 * IEEE rules apply, so Infinity·0 is NaN.
 *
 * @example
 * ```ts
 * scale(identity(2), 1.5); // the lecture's 1.5·I
 * ```
 */
export function scale(A: Matrix, s: number, out?: Matrix): Matrix {
  expectMatrix('A', A, 'scale');
  if (typeof s !== 'number') throw new GradscopeArgumentError('s', s, 'a number', 'scale');
  const result = outputFor('scale', A, out, A.rows, A.cols);
  expectSameOrDisjoint('scale', result, A, 'A');
  const a = A.data;
  const c = result.data;
  for (let i = 0; i < c.length; i++) c[i] = s * a[i];
  return roundInPlace(result);
}

/**
 * Z + b with the column b (n×1) added to every column of Z (n×m): the bias step z = W·a_prev + b, one example
 * per column. `out` may be Z.
 *
 * @example
 * ```ts
 * addColumnBroadcast(matrix([[1, 2], [3, 4]]), column([10, 20])); // [[11, 12], [23, 24]]
 * ```
 */
export function addColumnBroadcast(Z: Matrix, b: Matrix, out?: Matrix): Matrix {
  expectMatrix('Z', Z, 'addColumnBroadcast');
  expectMatrix('b', b, 'addColumnBroadcast', Z.rows, 1);
  const result = outputFor('addColumnBroadcast', Z, out, Z.rows, Z.cols);
  expectSameOrDisjoint('addColumnBroadcast', result, Z, 'Z');
  if (sharesStorage(result.data, b.data)) {
    throw new GradscopeArgumentError(
      'out',
      out,
      "a matrix whose storage does not overlap b's",
      'addColumnBroadcast',
    );
  }
  const n = Z.rows;
  const m = Z.cols;
  const z = Z.data;
  const c = result.data;
  for (let i = 0; i < n; i++) {
    const bi = b.data[i];
    const row = i * m;
    for (let j = 0; j < m; j++) c[row + j] = z[row + j] + bi;
  }
  return roundInPlace(result);
}

/**
 * Row sums of A (n×m) as a column (n×1): the sum over the examples (columns), as in the bias gradient
 * db = Σ_examples delta. Each sum is accumulated in float64 and rounded once to A's dtype.
 *
 * @example
 * ```ts
 * sumColumns(matrix([[1, 2, 3], [4, 5, 6]])); // [[6], [15]]
 * ```
 */
export function sumColumns(A: Matrix, out?: Matrix): Matrix {
  expectMatrix('A', A, 'sumColumns');
  const n = A.rows;
  const m = A.cols;
  const result = outputFor('sumColumns', A, out, n, 1);
  // Row i's sum is written after row i is read, so out may be A itself only when A is a column.
  if (sharesStorage(result.data, A.data) && !(m === 1 && result.data === A.data)) {
    throw new GradscopeArgumentError('out', out, "a matrix whose storage does not overlap A's", 'sumColumns');
  }
  const a = A.data;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    const row = i * m;
    for (let j = 0; j < m; j++) sum += a[row + j];
    result.data[i] = sum;
  }
  return roundInPlace(result);
}

/**
 * The Frobenius norm ‖A‖_F = sqrt(Σ a_ij²), computed without overflow or underflow for huge or tiny entries;
 * Infinity if an entry is infinite, NaN if one is NaN.
 *
 * @example
 * ```ts
 * frobeniusNorm(matrix([[3, 4]])); // 5
 * frobeniusNorm(matrix([[3e200, 4e200]])); // ≈ 5e200, not Infinity
 * ```
 */
export function frobeniusNorm(A: Matrix): number {
  expectMatrix('A', A, 'frobeniusNorm');
  return euclideanNorm(A.data);
}

/**
 * The largest absolute entry max|a_ij| (0 for a zero matrix); NaN if an entry is NaN.
 *
 * @example
 * ```ts
 * maxAbs(matrix([[1, -7], [3, 2]])); // 7
 * ```
 */
export function maxAbs(A: Matrix): number {
  expectMatrix('A', A, 'maxAbs');
  return largestAbs(A.data);
}

/**
 * The Euclidean norm sqrt(Σ x_i²) of an array of numbers (a plain array or a typed array), computed without
 * overflow or underflow; Infinity if an entry is infinite, NaN if one is NaN; 0 for an empty array.
 *
 * @example
 * ```ts
 * vectorNorm([3, 4]); // 5
 * vectorNorm(W.data); // the same as frobeniusNorm(W)
 * ```
 */
export function vectorNorm(data: ArrayLike<number>): number {
  const typed = ArrayBuffer.isView(data) && !(data instanceof DataView);
  if (!typed && !Array.isArray(data)) {
    throw new GradscopeArgumentError('data', data, 'an array or typed array of numbers', 'vectorNorm');
  }
  if (!typed) {
    for (let i = 0; i < data.length; i++) {
      if (typeof data[i] !== 'number') {
        throw new GradscopeArgumentError(`data[${i}]`, data[i], 'a number', 'vectorNorm');
      }
    }
  }
  return euclideanNorm(data);
}

/**
 * A^k for a square A and an integer k ≥ 0 (A⁰ = I), by repeated squaring (about 2·log₂k products). The result
 * has A's dtype; in float32 every product is rounded, so a k·I network overflows to Infinity at the same power as
 * in a float32 framework.
 *
 * @example
 * ```ts
 * matrixPower(identity(2, 1.5), 10); // 1.5^10·I ≈ 57.67·I: the lecture's 10-layer output scale
 * matrixPower(matrix([[1, 1], [0, 1]]), 3); // [[1, 3], [0, 1]]
 * ```
 */
export function matrixPower(A: Matrix, k: number): Matrix {
  expectMatrix('A', A, 'matrixPower');
  if (A.rows !== A.cols) {
    throw new GradscopeArgumentError('A', A, 'a square matrix', 'matrixPower');
  }
  expectNonNegativeInteger('k', k, 'matrixPower');
  const n = A.rows;
  let result = identity(n, 1, A.dtype);
  if (k === 0) return result;
  // Binary powering: A^k = Π A^(2^i) over the set bits i of k. Two buffers ping-pong for each running product.
  let power = zeros(n, n, A.dtype);
  power.data.set(A.data);
  let spareResult = zeros(n, n, A.dtype);
  let sparePower = zeros(n, n, A.dtype);
  let remaining = k;
  let first = true;
  for (;;) {
    if (remaining % 2 === 1) {
      if (first) {
        result.data.set(power.data);
        first = false;
      } else {
        matmul(result, power, spareResult);
        [result, spareResult] = [spareResult, result];
      }
    }
    remaining = Math.floor(remaining / 2);
    if (remaining === 0) return result;
    matmul(power, power, sparePower);
    [power, sparePower] = [sparePower, power];
  }
}

/** Options for `spectralNorm`. */
export interface SpectralNormOptions {
  /** Power-iteration steps at most (used when min(rows, cols) > 64). Default 1000. */
  readonly maxIterations?: number;
  /** Stop when the estimate of σ₁² changes by at most this fraction in one step. Default 1e-12. */
  readonly tolerance?: number;
}

/** The defaults of `spectralNorm`'s options. */
export const SPECTRAL_NORM_DEFAULTS: Required<SpectralNormOptions> = {
  maxIterations: 1000,
  tolerance: 1e-12,
};

/** Up to this min(rows, cols), `spectralNorm` computes all singular values exactly (one-sided Jacobi SVD). */
const EXACT_SPECTRAL_NORM_LIMIT = 64;

/**
 * The spectral norm ‖A‖₂ = σ₁, the largest singular value: the most A stretches any vector. Deterministic.
 *
 * How: when min(rows, cols) ≤ 64, the exact one-sided Jacobi SVD (`singularValues`; error ≈ 1e-15 relative).
 * Larger matrices use power iteration on the smaller Gram matrix G = AᵀA or AAᵀ (eigenvalue σ₁²) from a fixed
 * pseudo-random start (seed 0x5eed), stopping when the Rayleigh quotient vᵀGv changes by at most `tolerance`
 * relative in one step or after `maxIterations` steps. The Rayleigh quotient rises monotonically towards σ₁², so
 * the result never exceeds σ₁; it converges like (σ₂/σ₁)^(4t), and when σ₂ is close to σ₁ the stopping rule can
 * leave a relative error of order tolerance/(1 − (σ₂/σ₁)²). For a 256×256 Gaussian matrix the result agrees with
 * the SVD to about 1e-10. Matrices with an infinite entry give Infinity; with a NaN, NaN.
 *
 * @example
 * ```ts
 * spectralNorm(identity(3, 1.5)); // 1.5
 * spectralNorm(matrix([[1, 1], [1, 1]])); // 2 (up to rounding)
 * ```
 */
export function spectralNorm(A: Matrix, options: SpectralNormOptions = {}): number {
  expectMatrix('A', A, 'spectralNorm');
  const { maxIterations, tolerance } = { ...SPECTRAL_NORM_DEFAULTS, ...options };
  expectPositiveInteger('options.maxIterations', maxIterations, 'spectralNorm');
  if (typeof tolerance !== 'number' || !(tolerance >= 0 && tolerance < 1)) {
    throw new GradscopeArgumentError('options.tolerance', tolerance, 'a number in [0, 1)', 'spectralNorm');
  }
  const max = largestAbs(A.data);
  if (Number.isNaN(max) || max === Infinity) return max;
  if (max === 0) return 0;
  if (Math.min(A.rows, A.cols) <= EXACT_SPECTRAL_NORM_LIMIT) return singularValues(A)[0];

  // Scale by a power of two (exact) so that G's entries stay far from overflow and underflow.
  const exponent = Math.floor(Math.log2(max)) + 1;
  const scaled = zeros(A.rows, A.cols);
  for (let i = 0; i < A.data.length; i++) scaled.data[i] = timesPowerOfTwo(A.data[i], -exponent);
  const G = A.cols <= A.rows ? matmulTransA(scaled, scaled) : matmulTransB(scaled, scaled);
  const n = G.rows;
  const g = G.data;

  const random = createRandom(0x5eed);
  let v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = random.normal();
  normalize(v);
  let w = new Float64Array(n);
  let estimate = 0;
  for (let step = 0; step < maxIterations; step++) {
    let rayleigh = 0;
    for (let i = 0; i < n; i++) {
      let sum = 0;
      const row = i * n;
      for (let j = 0; j < n; j++) sum += g[row + j] * v[j];
      w[i] = sum;
      rayleigh += v[i] * sum;
    }
    const previous = estimate;
    estimate = rayleigh;
    if (normalize(w) === 0) break;
    [v, w] = [w, v];
    if (Math.abs(estimate - previous) <= tolerance * estimate) break;
  }
  return timesPowerOfTwo(Math.sqrt(estimate), exponent);
}

/**
 * The spectral radius ρ(A) = max|λ| over the (possibly complex) eigenvalues of a square matrix: the factor by which
 * A^L grows per power in the long run (ρ(A) = lim ‖A^L‖^(1/L), Gelfand's formula), and the quantity that decides
 * whether gradients through time in a linear RNN explode (ρ > 1) or vanish (ρ < 1).
 *
 * How: an exactly symmetric A goes through `symmetricEigen` (Jacobi; error ≈ 1e-15·‖A‖). Any other A goes through
 * `eigenvalues` (balancing, Hessenberg reduction, Francis double-shift QR): backward stable, so the error is about
 * 1e-16·‖A‖ times the condition of the largest eigenvalue: tiny for normal matrices, larger for strongly
 * non-normal ones (a Jordan block of size j can move by (1e-16)^(1/j)). Not the Gelfand limit itself: that
 * converges like O(1/L) and would need thousands of powers for three digits. A matrix with a non-finite entry
 * gives NaN.
 *
 * @example
 * ```ts
 * spectralRadius(identity(2, 1.5)); // 1.5
 * spectralRadius(matrix([[0, -2], [2, 0]])); // 2 (eigenvalues ±2i)
 * spectralRadius(matrix([[0, 1], [0, 0]])); // 0, although ‖A‖₂ = 1
 * ```
 */
export function spectralRadius(A: Matrix): number {
  expectMatrix('A', A, 'spectralRadius');
  if (A.rows !== A.cols) {
    throw new GradscopeArgumentError('A', A, `a square matrix (it is ${shapeOf(A)})`, 'spectralRadius');
  }
  const max = largestAbs(A.data);
  if (!Number.isFinite(max)) return NaN;
  if (max === 0) return 0;
  const n = A.rows;
  let symmetric = true;
  for (let i = 0; i < n && symmetric; i++) {
    for (let j = i + 1; j < n; j++) {
      if (A.data[i * n + j] !== A.data[j * n + i]) {
        symmetric = false;
        break;
      }
    }
  }
  if (symmetric) {
    const { values } = symmetricEigen(A);
    return Math.max(Math.abs(values[0]), Math.abs(values[n - 1]));
  }
  const { re, im } = eigenvalues(A);
  return Math.hypot(re[0], im[0]);
}

/** Validates an optional output of the given shape and A's dtype, or allocates one. */
function outputFor(context: string, A: Matrix, out: Matrix | undefined, rows: number, cols: number): Matrix {
  if (out === undefined) return zeros(rows, cols, A.dtype);
  expectMatrix('out', out, context, rows, cols);
  if (out.dtype !== A.dtype) {
    throw new GradscopeArgumentError('out', out, `a ${A.dtype} matrix of shape ${rows}×${cols}`, context);
  }
  return out;
}

/** Validates A, B (same shape) and the output of an elementwise operation; out may be A or B, or disjoint. */
function elementwiseOutput(context: string, A: Matrix, B: Matrix, out: Matrix | undefined): Matrix {
  expectMatrix('A', A, context);
  expectMatrix('B', B, context);
  expectSameShape('B', B, A, context);
  const result = outputFor(context, A, out, A.rows, A.cols);
  expectSameOrDisjoint(context, result, A, 'A');
  expectSameOrDisjoint(context, result, B, 'B');
  return result;
}

/** Elementwise loops read index i before writing it, so out may be exactly X, but not a shifted view of it. */
function expectSameOrDisjoint(context: string, out: Matrix, X: Matrix, name: string): void {
  if (out.data !== X.data && sharesStorage(out.data, X.data)) {
    throw new GradscopeArgumentError(
      'out',
      out,
      `${name} itself or a matrix whose storage does not overlap ${name}'s`,
      context,
    );
  }
}

function largestAbs(x: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i]);
    if (a > max) max = a;
    else if (a !== a) return NaN;
  }
  return max;
}

/**
 * sqrt(Σ x_i²). The plain sum is right unless it overflowed or is so small that squares may have underflowed;
 * then the entries are divided by the largest one first (as BLAS's dnrm2 avoids both).
 */
function euclideanNorm(x: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i] * x[i];
  if (sum < Infinity && sum >= 2 ** -900) return Math.sqrt(sum);
  if (Number.isNaN(sum)) return NaN;
  const max = largestAbs(x);
  if (max === 0 || !Number.isFinite(max)) return max;
  let scaled = 0;
  for (let i = 0; i < x.length; i++) {
    const r = x[i] / max;
    scaled += r * r;
  }
  return max * Math.sqrt(scaled);
}

/** Scales v to unit length in place; returns its former length. */
function normalize(v: Float64Array): number {
  const length = euclideanNorm(v);
  if (length > 0) for (let i = 0; i < v.length; i++) v[i] /= length;
  return length;
}

/** x·2^e without overflowing or underflowing the factor itself (2^e alone is out of range for |e| > 1023). */
function timesPowerOfTwo(x: number, e: number): number {
  const half = Math.trunc(e / 2);
  return x * 2 ** half * 2 ** (e - half);
}
