/**
 * The QR factorisation A = Q·R of a tall matrix: Q has orthonormal columns, R is upper triangular. The engine uses
 * it to draw orthogonal weight matrices (Saxe et al. 2014): the Q of a Gaussian matrix, whose singular values are
 * all 1, so a deep linear network z^[L] = W^[L]···W^[1]·x neither shrinks nor stretches its signal.
 *
 * Algorithm: Householder QR, Golub & Van Loan, "Matrix Computations" (4th ed.), §5.2.2, with Q accumulated
 * backwards from the stored Householder vectors (§5.1.6), giving the reduced ("thin") factors: Q is m×n and R
 * is n×n. Each reflection P = I − 2·u·uᵀ/(uᵀu) maps a column onto a multiple of e_1; the
 * sign of that multiple is chosen to avoid cancellation, then R's rows are re-signed so that its diagonal is ≥ 0,
 * which makes the factorisation unique when A has full column rank (Q and R are then continuous in A, and the Q
 * of a Gaussian matrix is Haar-distributed: Mezzadri, Notices AMS 54(5), 2007).
 *
 * Computation is in float64 whatever the input's dtype, on a copy scaled by a power of two (exact, undone on R).
 * Columns are stored as contiguous rows while working, so every inner loop has unit stride. Q and R are float64.
 */

import { GradscopeArgumentError } from './errors.js';
import { expectMatrix, shapeOf, zeros, type Matrix } from './matrix.js';

/** The reduced QR factorisation A = Q·R of an m×n matrix with m ≥ n. */
export interface Qr {
  /** m×n with orthonormal columns (QᵀQ = I), float64. */
  readonly Q: Matrix;
  /** n×n upper triangular with a non-negative diagonal, float64. */
  readonly R: Matrix;
}

/**
 * The reduced Householder QR factorisation A = Q·R of an m×n matrix with m ≥ n: Q (m×n) has orthonormal columns,
 * R (n×n) is upper triangular with R[j][j] ≥ 0. Throws for a wide matrix (factor its transpose instead) and for
 * non-finite entries.
 *
 * @example
 * ```ts
 * const { Q, R } = qr(matrix([[3, 1], [4, 2]]));
 * // Q = [[0.6, -0.8], [0.8, 0.6]], R = [[5, 2.2], [0, 0.4]]
 * ```
 */
export function qr(A: Matrix): Qr {
  expectMatrix('A', A, 'qr');
  const m = A.rows;
  const n = A.cols;
  if (m < n) {
    throw new GradscopeArgumentError(
      'A',
      A,
      `a matrix with at least as many rows as columns (it is ${shapeOf(A)}: factor its transpose, ` +
        `${n}×${m}, instead, and read Aᵀ = Q·R as A = Rᵀ·Qᵀ)`,
      'qr',
    );
  }
  // a holds Aᵀ: row j is column j of A.
  const a = new Float64Array(m * n);
  let max = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const x = A.data[i * n + j];
      if (!(Math.abs(x) < Infinity)) {
        throw new GradscopeArgumentError(
          'A',
          A,
          `a matrix with finite entries (A[${i}][${j}] is ${x})`,
          'qr',
        );
      }
      if (Math.abs(x) > max) max = Math.abs(x);
      a[j * m + i] = x;
    }
  }
  const exponent = max === 0 ? 0 : Math.floor(Math.log2(max)) + 1;
  if (exponent !== 0) for (let i = 0; i < a.length; i++) a[i] = timesPowerOfTwo(a[i], -exponent);

  // Householder vector k is u_k (entries k..m−1, stored in row k of `u`) with coefficient beta_k = 2/(u_kᵀu_k);
  // beta_k = 0 marks a column that is already zero below the diagonal and needs no reflection.
  const u = new Float64Array(n * m);
  const beta = new Float64Array(n);
  const diagonal = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const col = k * m;
    let below = 0;
    for (let i = k + 1; i < m; i++) below += a[col + i] * a[col + i];
    const x0 = a[col + k];
    if (below === 0) {
      diagonal[k] = x0;
      continue;
    }
    const norm = Math.sqrt(x0 * x0 + below);
    // alpha = −sign(x0)·‖x‖ makes u_0 = x0 − alpha a sum of like-signed terms.
    const alpha = x0 > 0 ? -norm : norm;
    const uk = k * m;
    u[uk + k] = x0 - alpha;
    for (let i = k + 1; i < m; i++) u[uk + i] = a[col + i];
    // uᵀu = (x0 − alpha)² + Σ x_i² = 2‖x‖(‖x‖ + |x0|), free of cancellation.
    beta[k] = 1 / (norm * (norm + Math.abs(x0)));
    diagonal[k] = alpha;
    for (let j = k + 1; j < n; j++) {
      const cj = j * m;
      let dot = 0;
      for (let i = k; i < m; i++) dot += u[uk + i] * a[cj + i];
      const f = beta[k] * dot;
      for (let i = k; i < m; i++) a[cj + i] -= f * u[uk + i];
    }
  }

  // R: above the diagonal from the reduced columns, the diagonal from the reflections; rows re-signed to R[k][k] ≥ 0.
  const sign = Float64Array.from(diagonal, (d) => (d < 0 ? -1 : 1));
  const R = zeros(n, n);
  for (let i = 0; i < n; i++) {
    R.data[i * n + i] = timesPowerOfTwo(Math.abs(diagonal[i]), exponent);
    for (let j = i + 1; j < n; j++) R.data[i * n + j] = timesPowerOfTwo(sign[i] * a[j * m + i], exponent);
  }

  // Q = P_0·P_1···P_{n−1}·[I; 0], applied from the last reflection back (GVL §5.1.6); q holds Qᵀ by rows.
  const q = new Float64Array(n * m);
  for (let j = 0; j < n; j++) q[j * m + j] = 1;
  for (let k = n - 1; k >= 0; k--) {
    if (beta[k] === 0) continue;
    const uk = k * m;
    for (let j = k; j < n; j++) {
      const qj = j * m;
      let dot = 0;
      for (let i = k; i < m; i++) dot += u[uk + i] * q[qj + i];
      const f = beta[k] * dot;
      for (let i = k; i < m; i++) q[qj + i] -= f * u[uk + i];
    }
  }
  const Q = zeros(m, n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < m; i++) Q.data[i * n + j] = sign[j] * q[j * m + i];
  }
  return { Q, R };
}

/** x·2^e without overflowing or underflowing the factor itself (2^e alone is out of range for |e| > 1023). */
function timesPowerOfTwo(x: number, e: number): number {
  const half = Math.trunc(e / 2);
  return x * 2 ** half * 2 ** (e - half);
}
