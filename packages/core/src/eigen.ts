/**
 * Eigenvalues. Whether a deep linear network z^[L] = W^[L]···W^[1]·x explodes or vanishes is decided by the
 * spectrum of its weights: for the lecture's W = k·I every eigenvalue is k and the output grows like k^L; for a
 * recurrent weight matrix the spectral radius max|λ| decides whether the gradient through time vanishes (< 1) or
 * explodes (> 1) (Pascanu, Mikolov & Bengio, "On the difficulty of training recurrent neural networks", ICML 2013).
 *
 * - `symmetricEigen`: the cyclic Jacobi method, Golub & Van Loan, "Matrix Computations" (4th ed.), §8.5 (§8.5.2
 *   for the 2×2 symmetric Schur decomposition, §8.5.4 for the cyclic-by-row sweeps). Each rotation zeroes one
 *   off-diagonal pair; a sweep visits every pair; convergence is quadratic. A pair is rotated only while
 *   |a_pq| > ε·sqrt(|a_pp|·|a_qq|), the test of Demmel & Veselić ("Jacobi's method is more accurate than QR",
 *   SIAM J. Matrix Anal. Appl. 13(4), 1992), which also gets small eigenvalues of definite matrices to high
 *   relative accuracy. Simple and robust; O(n³) per sweep, so fine up to a few hundred rows.
 * - `eigenvalues`: any real square matrix. Balancing (GVL §7.5.7, Parlett & Reinsch 1969), Householder reduction
 *   to upper Hessenberg form (GVL §7.4.3), then the Francis implicit double-shift QR iteration
 *   (GVL §7.5.5–7.5.6) with deflation and the exceptional shifts of EISPACK's `hqr` (Martin,
 *   Peters & Wilkinson, Handbook for Automatic Computation II, 1971). Eigenvalues only, no vectors.
 *
 * Both compute in float64 whatever the input's dtype, on a copy scaled by a power of two so that its largest
 * entry is near 1 (exact, and it keeps squares of huge or tiny entries from overflowing or underflowing).
 */

import { GradscopeArgumentError } from './errors.js';
import { expectMatrix, zeros, type Matrix } from './matrix.js';

/** The eigen-decomposition A = V·diag(values)·Vᵀ of a symmetric matrix. */
export interface SymmetricEigen {
  /** The eigenvalues, in descending order. */
  readonly values: Float64Array;
  /** The orthonormal eigenvectors as columns (column j belongs to values[j]), float64. */
  readonly vectors: Matrix;
}

/** The eigenvalues of a real square matrix, as real and imaginary parts. */
export interface Eigenvalues {
  /** Real parts, ordered by descending modulus |λ| (equal moduli, up to 1e-12 relative: by descending real part). */
  readonly re: Float64Array;
  /** Imaginary parts; complex eigenvalues come in conjugate pairs, the one with positive imaginary part first. */
  readonly im: Float64Array;
}

/**
 * How far from symmetric a matrix may be for `symmetricEigen`: |a_ij − a_ji| ≤ tolerance·max|a|, with the
 * tolerance 1e-10 for float64 input and 1e-5 for float32 input (about 100 float32 rounding steps). The matrix
 * used is then (A + Aᵀ)/2.
 */
export const SYMMETRY_TOLERANCE: { readonly float64: number; readonly float32: number } = {
  float64: 1e-10,
  float32: 1e-5,
};

const EPS = 2 ** -52;
const MAX_SWEEPS = 60;
/** Francis steps allowed per eigenvalue before giving up (LAPACK allows 30 per eigenvalue in total). */
const MAX_QR_STEPS = 100;

/**
 * Eigenvalues (descending) and orthonormal eigenvectors (columns) of a symmetric matrix, by cyclic Jacobi
 * rotations. Each eigenvector is signed so that its largest-magnitude component is positive. Throws for a matrix
 * that is not square, not symmetric (see `SYMMETRY_TOLERANCE`) or has non-finite entries.
 *
 * @example
 * ```ts
 * const { values, vectors } = symmetricEigen(matrix([[2, 1], [1, 2]]));
 * values; // Float64Array [3, 1]
 * vectors; // columns (1, 1)/√2 and (1, −1)/√2, up to rounding
 * ```
 */
export function symmetricEigen(A: Matrix): SymmetricEigen {
  expectMatrix('A', A, 'symmetricEigen');
  const context = 'symmetricEigen';
  expectSquare(A, context);
  const n = A.rows;
  const { data: a, exponent } = scaledFloat64Copy(A, context);
  const tolerance = SYMMETRY_TOLERANCE[A.dtype === 'float32' ? 'float32' : 'float64'];
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const x = a[i * n + j];
      const y = a[j * n + i];
      if (Math.abs(x - y) > tolerance * max) {
        throw new GradscopeArgumentError(
          'A',
          A,
          `a symmetric matrix (|A[i][j] − A[j][i]| ≤ ${tolerance}·max|A|); A[${i}][${j}] = ` +
            `${A.data[i * n + j]} but A[${j}][${i}] = ${A.data[j * n + i]}`,
          context,
        );
      }
      a[i * n + j] = a[j * n + i] = (x + y) / 2;
    }
  }

  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        const app = a[p * n + p];
        const aqq = a[q * n + q];
        // Below 2^-1000 (the matrix is scaled to max ≈ 1) an entry is zero for every purpose and would only
        // underflow the rotation.
        if (
          Math.abs(apq) <= EPS * Math.sqrt(Math.abs(app)) * Math.sqrt(Math.abs(aqq)) ||
          Math.abs(apq) < 2 ** -1000
        ) {
          continue;
        }
        rotated = true;
        // The 2×2 symmetric Schur decomposition (GVL §8.5.2): t = tan θ is the smaller root of t² + 2τt − 1 = 0,
        // so |θ| ≤ π/4.
        const tau = (aqq - app) / (2 * apq);
        const t =
          Math.abs(tau) > 1e150
            ? 0.5 / tau
            : (tau >= 0 ? 1 : -1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        // A ← JᵀAJ with J = [[c, s], [−s, c]] in rows and columns p, q.
        for (let k = 0; k < n; k++) {
          if (k === p || k === q) continue;
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          const bkp = c * akp - s * akq;
          const bkq = s * akp + c * akq;
          a[k * n + p] = a[p * n + k] = bkp;
          a[k * n + q] = a[q * n + k] = bkq;
        }
        a[p * n + p] = app - t * apq;
        a[q * n + q] = aqq + t * apq;
        a[p * n + q] = a[q * n + p] = 0;
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
    if (!rotated) break;
  }

  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[j * n + j] - a[i * n + i]);
  const values = new Float64Array(n);
  const vectors = zeros(n, n);
  const out = vectors.data;
  order.forEach((from, to) => {
    values[to] = timesPowerOfTwo(a[from * n + from], exponent);
    let largest = 0;
    for (let k = 0; k < n; k++) {
      if (Math.abs(v[k * n + from]) > Math.abs(largest)) largest = v[k * n + from];
    }
    const sign = largest < 0 ? -1 : 1;
    for (let k = 0; k < n; k++) out[k * n + to] = sign * v[k * n + from];
  });
  return { values, vectors };
}

/**
 * All eigenvalues of a real square matrix (symmetric or not), ordered by descending modulus |λ|, so `re[0]`,
 * `im[0]` is an eigenvalue of largest modulus: the spectral radius is `Math.hypot(re[0], im[0])`. Computed by
 * balancing, Hessenberg reduction and Francis double-shift QR in float64. The algorithm is backward stable: each
 * computed λ is an exact eigenvalue of A + E with ‖E‖ ≈ 1e-16·‖A‖; how far that moves λ depends on its condition
 * (well-conditioned for symmetric or normal A; a defective eigenvalue in a Jordan block of size j moves by about
 * (1e-16)^(1/j)). Throws for a non-square matrix or non-finite entries.
 *
 * @example
 * ```ts
 * const rotation = matrix([[0, -1], [1, 0]]); // a quarter turn
 * eigenvalues(rotation); // re: [0, 0], im: [1, -1]
 * eigenvalues(identity(3, 1.5)).re; // [1.5, 1.5, 1.5]
 * ```
 */
export function eigenvalues(A: Matrix): Eigenvalues {
  expectMatrix('A', A, 'eigenvalues');
  const context = 'eigenvalues';
  expectSquare(A, context);
  const n = A.rows;
  const { data: h, exponent } = scaledFloat64Copy(A, context);
  balance(h, n);
  toHessenberg(h, n);
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  francisQr(h, n, re, im);

  // Moduli equal up to rounding (1e-12 relative; e.g. every eigenvalue of an orthogonal matrix has |λ| = 1) are
  // ordered by real part, then imaginary part, so the order does not depend on the last bits.
  const modulus = Float64Array.from(re, (x, i) => Math.hypot(x, im[i]));
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => {
    const difference = modulus[j] - modulus[i];
    if (Math.abs(difference) > 1e-12 * Math.max(modulus[i], modulus[j])) return difference;
    return re[j] - re[i] || im[j] - im[i];
  });
  return {
    re: Float64Array.from(order, (i) => timesPowerOfTwo(re[i], exponent)),
    im: Float64Array.from(order, (i) => timesPowerOfTwo(im[i], exponent)),
  };
}

function expectSquare(A: Matrix, context: string): void {
  if (A.rows !== A.cols) {
    throw new GradscopeArgumentError('A', A, 'a square matrix', context);
  }
}

/**
 * A float64 copy of A multiplied by 2^−exponent, so that its largest |entry| lies in [0.5, 1). Multiplying by a
 * power of two is exact; it keeps sums of squares away from overflow and underflow. Throws on non-finite entries.
 */
function scaledFloat64Copy(A: Matrix, context: string): { data: Float64Array; exponent: number } {
  let max = 0;
  for (let i = 0; i < A.data.length; i++) {
    const x = Math.abs(A.data[i]);
    if (!(x < Infinity)) {
      throw new GradscopeArgumentError(
        'A',
        A,
        `a matrix with finite entries (entry ${i} is ${A.data[i]})`,
        context,
      );
    }
    if (x > max) max = x;
  }
  const data = Float64Array.from(A.data);
  if (max === 0) return { data, exponent: 0 };
  const exponent = Math.floor(Math.log2(max)) + 1;
  for (let i = 0; i < data.length; i++) data[i] = timesPowerOfTwo(data[i], -exponent);
  return { data, exponent };
}

/** x·2^e without overflowing or underflowing the factor itself (2^e alone is out of range for |e| > 1023). */
function timesPowerOfTwo(x: number, e: number): number {
  const half = Math.trunc(e / 2);
  return x * 2 ** half * 2 ** (e - half);
}

/**
 * Balancing by powers of two (GVL §7.5.7, Parlett & Reinsch 1969): a diagonal similarity D⁻¹AD that makes each
 * row and column of similar size. It leaves the eigenvalues unchanged and exact, and reduces the rounding error of
 * the QR iteration, which is proportional to ‖A‖.
 */
function balance(a: Float64Array, n: number): void {
  for (let pass = 0, done = false; !done && pass < 100; pass++) {
    done = true;
    for (let i = 0; i < n; i++) {
      let c = 0;
      let r = 0;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        c += Math.abs(a[j * n + i]);
        r += Math.abs(a[i * n + j]);
      }
      if (c === 0 || r === 0) continue;
      const sum = c + r;
      let f = 1;
      // Find f = 2^k with column norm c·f within a factor 2 of row norm r/f.
      while (c < r / 2) {
        c *= 4;
        f *= 2;
      }
      while (c >= r * 2) {
        c /= 4;
        f /= 2;
      }
      if ((c + r) / f < 0.95 * sum) {
        done = false;
        for (let j = 0; j < n; j++) a[i * n + j] /= f;
        for (let j = 0; j < n; j++) a[j * n + i] *= f;
      }
    }
  }
}

/**
 * Reduces A in place to upper Hessenberg form H = QᵀAQ (zeros below the first subdiagonal) with Householder
 * reflections (GVL §7.4.3). Eigenvalues are preserved; Q is not kept.
 */
function toHessenberg(a: Float64Array, n: number): void {
  const u = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    // The reflection maps a[k+1.., k] onto a multiple of e_1.
    let scale = 0;
    for (let i = k + 1; i < n; i++) scale += Math.abs(a[i * n + k]);
    if (scale === 0) continue;
    let norm2 = 0;
    for (let i = k + 1; i < n; i++) {
      u[i] = a[i * n + k] / scale;
      norm2 += u[i] * u[i];
    }
    const g = u[k + 1] > 0 ? -Math.sqrt(norm2) : Math.sqrt(norm2);
    // P = I − u·uᵀ/h with u = x − g·e_1 and h = uᵀu/2 = ‖x‖² − x_1·g (no cancellation: g has x_1's opposite sign).
    const h = norm2 - u[k + 1] * g;
    u[k + 1] -= g;
    for (let j = k; j < n; j++) {
      let f = 0;
      for (let i = k + 1; i < n; i++) f += u[i] * a[i * n + j];
      f /= h;
      for (let i = k + 1; i < n; i++) a[i * n + j] -= f * u[i];
    }
    for (let i = 0; i < n; i++) {
      let f = 0;
      for (let j = k + 1; j < n; j++) f += u[j] * a[i * n + j];
      f /= h;
      for (let j = k + 1; j < n; j++) a[i * n + j] -= f * u[j];
    }
    a[(k + 1) * n + k] = scale * g;
    for (let i = k + 2; i < n; i++) a[i * n + k] = 0;
  }
}

/**
 * Eigenvalues of an upper Hessenberg matrix by the Francis implicit double-shift QR iteration (GVL §7.5.5–7.5.6),
 * following the structure of EISPACK's `hqr`: find the lowest negligible subdiagonal entry, deflate
 * a 1×1 or 2×2 block from the bottom when it has split off, otherwise apply one double-shift step to the active
 * block rows/columns l..hi. Exceptional shifts at steps 10 and 30 break the rare cycles of the standard shift.
 */
function francisQr(h: Float64Array, n: number, re: Float64Array, im: Float64Array): void {
  let norm = 0;
  for (let i = 0; i < n; i++) {
    for (let j = Math.max(i - 1, 0); j < n; j++) norm += Math.abs(h[i * n + j]);
  }
  let hi = n - 1;
  let shift = 0;
  let steps = 0;
  // The scalar names of EISPACK's hqr, reused across the phases of a step as there.
  let p: number, q: number, r: number, s: number, w: number, x: number, y: number, z: number;
  while (hi >= 0) {
    let l = hi;
    for (; l > 0; l--) {
      s = Math.abs(h[(l - 1) * n + l - 1]) + Math.abs(h[l * n + l]);
      if (s === 0) s = norm;
      if (Math.abs(h[l * n + l - 1]) <= EPS * s) break;
    }

    if (l === hi) {
      re[hi] = h[hi * n + hi] + shift;
      im[hi] = 0;
      hi -= 1;
      steps = 0;
      continue;
    }
    if (l === hi - 1) {
      // The trailing 2×2 block [[a, b], [c, d]]: λ = d + p ± sqrt(p² + bc) with p = (a − d)/2.
      w = h[hi * n + hi - 1] * h[(hi - 1) * n + hi];
      p = (h[(hi - 1) * n + hi - 1] - h[hi * n + hi]) / 2;
      q = p * p + w;
      z = Math.sqrt(Math.abs(q));
      x = h[hi * n + hi] + shift;
      if (q >= 0) {
        // The root of larger magnitude first, the other from the product of the roots (no cancellation).
        z = p >= 0 ? p + z : p - z;
        re[hi - 1] = x + z;
        re[hi] = z !== 0 ? x - w / z : x + z;
        im[hi - 1] = 0;
        im[hi] = 0;
      } else {
        re[hi - 1] = x + p;
        re[hi] = x + p;
        im[hi - 1] = z;
        im[hi] = -z;
      }
      hi -= 2;
      steps = 0;
      continue;
    }

    // The shifts are the eigenvalues of the trailing 2×2 block: sum x + y, product x·y − w.
    x = h[hi * n + hi];
    y = h[(hi - 1) * n + hi - 1];
    w = h[hi * n + hi - 1] * h[(hi - 1) * n + hi];
    if (steps === 10) {
      // Wilkinson's exceptional shift.
      shift += x;
      for (let i = 0; i <= hi; i++) h[i * n + i] -= x;
      s = Math.abs(h[hi * n + hi - 1]) + Math.abs(h[(hi - 1) * n + hi - 2]);
      x = y = 0.75 * s;
      w = -0.4375 * s * s;
    }
    if (steps === 30) {
      // A second exceptional shift (the one MATLAB's and JAMA's ports of hqr2 use).
      s = (y - x) / 2;
      s = s * s + w;
      if (s > 0) {
        s = Math.sqrt(s);
        if (y < x) s = -s;
        s = x - w / ((y - x) / 2 + s);
        for (let i = 0; i <= hi; i++) h[i * n + i] -= s;
        shift += s;
        x = y = w = 0.964;
      }
    }
    steps += 1;
    if (steps > MAX_QR_STEPS) {
      throw new Error(`eigenvalues: the QR iteration did not converge after ${MAX_QR_STEPS} steps`);
    }

    // Start the bulge where two consecutive subdiagonal entries are small enough (GVL §7.5.5).
    let m = hi - 2;
    for (;;) {
      z = h[m * n + m];
      r = x - z;
      s = y - z;
      p = (r * s - w) / h[(m + 1) * n + m] + h[m * n + m + 1];
      q = h[(m + 1) * n + m + 1] - z - r - s;
      r = h[(m + 2) * n + m + 1];
      s = Math.abs(p) + Math.abs(q) + Math.abs(r);
      if (s !== 0) {
        p /= s;
        q /= s;
        r /= s;
      }
      if (m === l) break;
      const left = Math.abs(h[m * n + m - 1]) * (Math.abs(q) + Math.abs(r));
      const right =
        Math.abs(p) * (Math.abs(h[(m - 1) * n + m - 1]) + Math.abs(z) + Math.abs(h[(m + 1) * n + m + 1]));
      if (left < EPS * right) break;
      m -= 1;
    }
    for (let i = m + 2; i <= hi; i++) {
      h[i * n + i - 2] = 0;
      if (i > m + 2) h[i * n + i - 3] = 0;
    }

    // Chase the bulge down with 3×3 Householder reflections on rows and columns k, k+1, k+2.
    for (let k = m; k <= hi - 1; k++) {
      const notLast = k !== hi - 1;
      if (k !== m) {
        p = h[k * n + k - 1];
        q = h[(k + 1) * n + k - 1];
        r = notLast ? h[(k + 2) * n + k - 1] : 0;
        x = Math.abs(p) + Math.abs(q) + Math.abs(r);
        if (x === 0) continue;
        p /= x;
        q /= x;
        r /= x;
      }
      s = Math.sqrt(p * p + q * q + r * r);
      if (p < 0) s = -s;
      if (s === 0) continue;
      if (k !== m) h[k * n + k - 1] = -s * x;
      else if (l !== m) h[k * n + k - 1] = -h[k * n + k - 1];
      p += s;
      x = p / s;
      y = q / s;
      z = r / s;
      q /= p;
      r /= p;
      for (let j = k; j <= hi; j++) {
        p = h[k * n + j] + q * h[(k + 1) * n + j];
        if (notLast) {
          p += r * h[(k + 2) * n + j];
          h[(k + 2) * n + j] -= p * z;
        }
        h[k * n + j] -= p * x;
        h[(k + 1) * n + j] -= p * y;
      }
      const last = Math.min(hi, k + 3);
      for (let i = l; i <= last; i++) {
        p = x * h[i * n + k] + y * h[i * n + k + 1];
        if (notLast) {
          p += z * h[i * n + k + 2];
          h[i * n + k + 2] -= p * r;
        }
        h[i * n + k] -= p;
        h[i * n + k + 1] -= p * q;
      }
    }
  }
}
