/**
 * The singular value decomposition A = U·diag(S)·Vᵀ. A layer's weight matrix W stretches a vector by at most its
 * largest singular value and at least its smallest, so the product of the singular values met on the way through
 * the layers bounds how a signal, and its gradient delta^[l] = W^[l+1]ᵀ·delta^[l+1] ⊙ g'(z^[l]), can grow or
 * shrink. Orthogonal initialisation makes every singular value 1 (Saxe, McClelland & Ganguli, "Exact solutions
 * to the nonlinear dynamics of learning in deep linear neural networks", ICLR 2014).
 *
 * Algorithm: one-sided Jacobi (Hestenes 1958; Golub & Van Loan, "Matrix Computations" (4th ed.), §8.6.4; Demmel
 * & Veselić, SIAM J. Matrix Anal. Appl. 13(4), 1992). For a tall A (m ≥ n), plane rotations are applied to pairs
 * of columns, A ← A·J, until every pair is orthogonal: |a_pᵀa_q| ≤ tol·‖a_p‖·‖a_q‖. Each rotation is the one that
 * diagonalises the 2×2 Gram matrix [[‖a_p‖², a_pᵀa_q], [a_pᵀa_q, ‖a_q‖²]] (GVL §8.5.2). Then the column
 * norms are the singular values, the normalised columns are U, and the product of the rotations is V. A wide A
 * is handled through Aᵀ = V·diag(S)·Uᵀ. Simple, and accurate to a small multiple of machine precision relative to
 * ‖A‖ (often to high relative accuracy even for tiny singular values); O(m·n²) per sweep, typically 6–10 sweeps.
 *
 * Computation is in float64 whatever the input's dtype, on a copy scaled by a power of two (exact) so that sums of
 * squares of huge or tiny entries neither overflow nor underflow. Results are float64.
 */

import { GradscopeArgumentError } from './errors.js';
import { expectMatrix, zeros, type Matrix } from './matrix.js';

/** The reduced SVD A = U·diag(S)·Vᵀ of an m×n matrix, r = min(m, n). */
export interface Svd {
  /** m×r, orthonormal columns (the left singular vectors), float64. */
  readonly U: Matrix;
  /** The r singular values, descending, ≥ 0. */
  readonly S: Float64Array;
  /** n×r, orthonormal columns (the right singular vectors), float64. */
  readonly V: Matrix;
}

const EPS = 2 ** -52;
const MAX_SWEEPS = 60;

/**
 * The reduced singular value decomposition A = U·diag(S)·Vᵀ of any m×n matrix, by one-sided Jacobi rotations in
 * float64. With r = min(m, n): U is m×r and V is n×r with orthonormal columns, S holds r singular values in
 * descending order. Each pair (u_j, v_j) is signed so that the largest-magnitude component of v_j is positive.
 * Where A is rank-deficient, the columns of U for zero singular values are completed to an orthonormal set.
 * Throws for non-finite entries.
 *
 * @example
 * ```ts
 * const { U, S, V } = svd(matrix([[3, 0], [0, -2]]));
 * S; // Float64Array [3, 2]
 * // U·diag(S)·Vᵀ reproduces A; here U = [[1, 0], [0, -1]], V = I.
 * ```
 */
export function svd(A: Matrix): Svd {
  expectMatrix('A', A, 'svd');
  const { U, S, V } = jacobiSvd(A, true, 'svd');
  return { U: U as Matrix, S, V: V as Matrix };
}

/**
 * The singular values of A (min(m, n) of them, descending), without forming U and V. `singularValues(W)[0]` is
 * the spectral norm ‖W‖₂, the most a layer can stretch a vector.
 *
 * @example
 * ```ts
 * singularValues(identity(3, 1.5)); // Float64Array [1.5, 1.5, 1.5]: the lecture's k·I stretches every direction by k
 * singularValues(matrix([[1, 1], [1, 1]])); // [2, 0] up to rounding: rank one
 * ```
 */
export function singularValues(A: Matrix): Float64Array {
  expectMatrix('A', A, 'singularValues');
  return jacobiSvd(A, false, 'singularValues').S;
}

/** S always; U and V only when asked for. */
interface JacobiResult {
  U?: Matrix;
  S: Float64Array;
  V?: Matrix;
}

function jacobiSvd(A: Matrix, wantVectors: boolean, context: string): JacobiResult {
  const tall = A.rows >= A.cols;
  // Work on the tall one of A and Aᵀ, with its columns stored as contiguous rows of `g` (length `len` each).
  const len = tall ? A.rows : A.cols;
  const r = tall ? A.cols : A.rows;
  const g = new Float64Array(len * r);
  let max = 0;
  for (let i = 0; i < A.rows; i++) {
    for (let j = 0; j < A.cols; j++) {
      const x = A.data[i * A.cols + j];
      if (!(Math.abs(x) < Infinity)) {
        throw new GradscopeArgumentError(
          'A',
          A,
          `a matrix with finite entries (A[${i}][${j}] is ${x})`,
          context,
        );
      }
      if (Math.abs(x) > max) max = Math.abs(x);
      if (tall) g[j * len + i] = x;
      else g[i * len + j] = x;
    }
  }
  const exponent = max === 0 ? 0 : Math.floor(Math.log2(max)) + 1;
  if (exponent !== 0) for (let i = 0; i < g.length; i++) g[i] = timesPowerOfTwo(g[i], -exponent);

  // The rotations accumulate into v (r vectors of length r, stored as rows), the right singular vectors of the
  // tall matrix.
  const v = wantVectors ? new Float64Array(r * r) : undefined;
  if (v) for (let j = 0; j < r; j++) v[j * r + j] = 1;
  orthogonalizeColumns(g, len, r, v);

  const norms = new Float64Array(r);
  for (let j = 0; j < r; j++) norms[j] = norm(g, j * len, len);
  const order = Array.from({ length: r }, (_, j) => j).sort((i, j) => norms[j] - norms[i]);
  const S = Float64Array.from(order, (j) => timesPowerOfTwo(norms[j], exponent));
  if (!v) return { S };

  // Left vectors u_j = g_j/σ_j (rows of `left`), right vectors from v, both in descending order of σ.
  const left = new Float64Array(r * len);
  const right = new Float64Array(r * r);
  const zeroColumns: number[] = [];
  order.forEach((from, to) => {
    const sigma = norms[from];
    for (let i = 0; i < r; i++) right[to * r + i] = v[from * r + i];
    if (sigma === 0) zeroColumns.push(to);
    else for (let i = 0; i < len; i++) left[to * len + i] = g[from * len + i] / sigma;
  });
  for (const j of zeroColumns) completeOrthonormal(left, j, r, len);

  // The tall case gives U = left and V = right; the wide case (Aᵀ = V·diag(S)·Uᵀ) swaps them.
  const [u, uLength, w, wLength] = tall ? [left, len, right, r] : [right, r, left, len];
  // Sign convention: the largest-magnitude component of each v_j is positive (u_j flips with it).
  for (let j = 0; j < r; j++) {
    let largest = 0;
    for (let i = 0; i < wLength; i++)
      if (Math.abs(w[j * wLength + i]) > Math.abs(largest)) largest = w[j * wLength + i];
    if (largest < 0) {
      for (let i = 0; i < wLength; i++) w[j * wLength + i] = -w[j * wLength + i];
      for (let i = 0; i < uLength; i++) u[j * uLength + i] = -u[j * uLength + i];
    }
  }
  return { U: transposeRows(u, r, uLength), S, V: transposeRows(w, r, wLength) };
}

/**
 * The Jacobi sweeps: rotates pairs of the r vectors of length len stored as rows of `g` until every pair is
 * orthogonal, applying each rotation to the rows of `v` too when given. Its own function, touching only typed
 * arrays: V8 then optimizes it whatever matrices the caller was handed (inlined in `jacobiSvd`, whose first loop
 * reads matrix objects, it kept being left unoptimized in a long build that had seen many kinds of matrix, 4.7
 * times slower).
 */
function orthogonalizeColumns(g: Float64Array, len: number, r: number, v: Float64Array | undefined): void {
  // Whole numbers as int32, for the same reason as in matmul.ts's kernel.
  len |= 0;
  r |= 0;
  // LAPACK's dgesvj uses the same √len·ε orthogonality threshold; below it rounding, not the rotations, dominates.
  const tolerance = Math.sqrt(len) * EPS;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < r - 1; p++) {
      const gp = p * len;
      for (let q = p + 1; q < r; q++) {
        const gq = q * len;
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < len; i++) {
          const x = g[gp + i];
          const y = g[gq + i];
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        if (alpha === 0 || beta === 0 || Math.abs(gamma) <= tolerance * Math.sqrt(alpha) * Math.sqrt(beta)) {
          continue;
        }
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t =
          Math.abs(zeta) > 1e150
            ? 0.5 / zeta
            : (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        for (let i = 0; i < len; i++) {
          const x = g[gp + i];
          const y = g[gq + i];
          g[gp + i] = c * x - s * y;
          g[gq + i] = s * x + c * y;
        }
        if (v) {
          const vp = p * r;
          const vq = q * r;
          for (let i = 0; i < r; i++) {
            const x = v[vp + i];
            const y = v[vq + i];
            v[vp + i] = c * x - s * y;
            v[vq + i] = s * x + c * y;
          }
        }
      }
    }
    if (!rotated) break;
  }
}

/**
 * Fills row j of `rows` (count vectors of length len) with a unit vector orthogonal to every other nonzero row:
 * the first standard basis vector that keeps more than half its length after two rounds of Gram–Schmidt.
 */
function completeOrthonormal(rows: Float64Array, j: number, count: number, len: number): void {
  const base = j * len;
  for (let e = 0; e < len; e++) {
    rows.fill(0, base, base + len);
    rows[base + e] = 1;
    for (let round = 0; round < 2; round++) {
      for (let k = 0; k < count; k++) {
        if (k === j) continue;
        let dot = 0;
        for (let i = 0; i < len; i++) dot += rows[k * len + i] * rows[base + i];
        for (let i = 0; i < len; i++) rows[base + i] -= dot * rows[k * len + i];
      }
    }
    const length = norm(rows, base, len);
    if (length > 0.5) {
      for (let i = 0; i < len; i++) rows[base + i] /= length;
      return;
    }
  }
}

/** The matrix whose columns are the `count` rows (of length len) of `rows`: len×count. */
function transposeRows(rows: Float64Array, count: number, len: number): Matrix {
  const M = zeros(len, count);
  for (let j = 0; j < count; j++) {
    for (let i = 0; i < len; i++) M.data[i * count + j] = rows[j * len + i];
  }
  return M;
}

/** Euclidean norm of x[offset .. offset+len), rescaled when the plain sum of squares would underflow. */
function norm(x: Float64Array, offset: number, len: number): number {
  let sum = 0;
  for (let i = offset; i < offset + len; i++) sum += x[i] * x[i];
  if (sum >= 2 ** -900) return Math.sqrt(sum);
  let max = 0;
  for (let i = offset; i < offset + len; i++) max = Math.max(max, Math.abs(x[i]));
  if (max === 0) return 0;
  let scaled = 0;
  for (let i = offset; i < offset + len; i++) scaled += (x[i] / max) ** 2;
  return max * Math.sqrt(scaled);
}

/** x·2^e without overflowing or underflowing the factor itself (2^e alone is out of range for |e| > 1023). */
function timesPowerOfTwo(x: number, e: number): number {
  const half = Math.trunc(e / 2);
  return x * 2 ** half * 2 ** (e - half);
}
