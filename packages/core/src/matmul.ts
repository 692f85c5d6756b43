/**
 * Matrix products: the hot path of every forward and backward pass. With one example per column, layer l computes
 *
 *   z = W·a_prev + b                      (forward:  matmul(W, A_prev))
 *   dW = delta·a_prevᵀ,  da_prev = Wᵀ·delta  (backward: matmulTransB(delta, A_prev), matmulTransA(W, delta))
 *
 * All three products run through one kernel in the i-k-j ("saxpy") loop order of Golub & Van Loan, "Matrix
 * Computations" (4th ed.), §1.1: a row of C is updated by rows of B scaled by entries of A, so the innermost loop
 * walks C and B with unit stride. Four rows of C are updated together and k is unrolled by four (blocking for data
 * reuse, GVL §1.5): each element of B loaded feeds four multiply-adds, and each load and store of C carries four.
 * For Aᵀ·B the kernel reads A with swapped strides (no copy); for A·Bᵀ, Bᵀ is formed once in a scratch buffer
 * (O(nk) work beside the O(mnk) product), which measured 2.5 times faster than the dot-product form. Every entry
 * of C is summed in the same order in all three products, so `matmulTransB(A, B)` equals
 * `matmul(A, transpose(B))` bit for bit. Measured in Node 24 (`npm run bench`, a depth-50 width-256 MLP step at
 * batch 64): 4.4 GFLOP/s in float64 and float32, five times TensorFlow.js's CPU backend; blocks of four rows
 * made that step 1.18 times faster than blocks of two, and the Lab's 128×128 by 128×32 products 1.3 times.
 *
 * Numbers: sums are accumulated in float64 and rounded once on the final store. A float32 operand is first
 * copied into a float64 scratch buffer (O(n²) beside the O(n³) product) so the kernel only ever sees
 * Float64Arrays and the JIT compiles it for one array type; a float32 result is rounded by storing it into the
 * output's Float32Array, a float16 or bfloat16 one by `roundInPlace`. That is the engine's float semantics
 * (see dtype.ts).
 */

import { GradscopeArgumentError } from './errors.js';
import { expectMatrix, roundInPlace, shapeOf, sharesStorage, zeros, type Matrix } from './matrix.js';
import type { FloatArray } from './dtype.js';

/**
 * C = A·B, with A (m×k) and B (k×n). Writes into `out` (m×n, A's dtype, not sharing storage with A or B) when
 * given and returns it; otherwise allocates a new m×n matrix of A's dtype.
 *
 * @example
 * ```ts
 * const W = matrix([[1.5, 0], [0, 1.5]]);
 * const x = column([1, 1]);
 * matmul(W, x); // [[1.5], [1.5]], the lecture's first layer
 * const z = zeros(2, 1);
 * matmul(W, x, z); // reuses z's storage
 * ```
 */
export function matmul(A: Matrix, B: Matrix, out?: Matrix): Matrix {
  expectFactors('matmul', A, B, 'cols', 'rows', 'A·B');
  const m = A.rows;
  const k = A.cols;
  const n = B.cols;
  const C = output('matmul', A, B, out, m, n);
  const a = asFloat64(A.data, 0);
  const b = asFloat64(B.data, 1);
  product(a, k, 1, b, C, m, k, n);
  return C;
}

/**
 * C = Aᵀ·B, with A (k×m) and B (k×n), without forming Aᵀ. This is the backward step da_prev = Wᵀ·delta.
 * Writes into `out` (m×n, A's dtype, not sharing storage with A or B) when given and returns it.
 *
 * @example
 * ```ts
 * const W = matrix([[1, 2], [3, 4]]);
 * const delta = column([1, 1]);
 * matmulTransA(W, delta); // Wᵀ·delta = [[4], [6]]
 * ```
 */
export function matmulTransA(A: Matrix, B: Matrix, out?: Matrix): Matrix {
  expectFactors('matmulTransA', A, B, 'rows', 'rows', 'Aᵀ·B');
  const m = A.cols;
  const k = A.rows;
  const n = B.cols;
  const C = output('matmulTransA', A, B, out, m, n);
  const a = asFloat64(A.data, 0);
  const b = asFloat64(B.data, 1);
  // Element (i, p) of Aᵀ is A[p·m + i]: row stride 1, column stride m.
  product(a, 1, m, b, C, m, k, n);
  return C;
}

/**
 * C = A·Bᵀ, with A (m×k) and B (n×k). This is the backward step dW = delta·a_prevᵀ, which sums over the
 * examples (the columns). Writes into `out` (m×n, A's dtype, not sharing storage with A or B) when given.
 *
 * @example
 * ```ts
 * const delta = matrix([[1, 2]]); // one unit, two examples
 * const aPrev = matrix([[3, 4]]);
 * matmulTransB(delta, aPrev); // [[11]] = 1·3 + 2·4
 * ```
 */
export function matmulTransB(A: Matrix, B: Matrix, out?: Matrix): Matrix {
  expectFactors('matmulTransB', A, B, 'cols', 'cols', 'A·Bᵀ');
  const m = A.rows;
  const k = A.cols;
  const n = B.rows;
  const C = output('matmulTransB', A, B, out, m, n);
  const a = asFloat64(A.data, 0);
  const bt = transposeIntoScratch(B.data, n, k);
  product(a, k, 1, bt, C, m, k, n);
  return C;
}

/**
 * Checks that A and B are matrices whose inner dimensions agree, A.aSide = B.bSide, naming the product in the
 * message.
 */
function expectFactors(
  context: string,
  A: Matrix,
  B: Matrix,
  aSide: 'rows' | 'cols',
  bSide: 'rows' | 'cols',
  product: string,
): void {
  expectMatrix('A', A, 'expectFactors');
  expectMatrix('B', B, 'expectFactors');
  if (A[aSide] !== B[bSide]) {
    const unit = bSide === 'rows' ? 'rows' : 'columns';
    throw new GradscopeArgumentError(
      'B',
      B,
      `a matrix with ${A[aSide]} ${unit}, because A is ${shapeOf(A)} and ${product} needs A.${aSide} = B.${bSide}`,
      context,
    );
  }
}

// Scratch buffers, grown on demand and reused across calls: [A operand, B operand, float64 result].
// JavaScript runs one call at a time per thread (and a Web Worker has its own module instance), so sharing them
// is safe; they are never returned to a caller.
const scratch: Float64Array[] = [new Float64Array(0), new Float64Array(0), new Float64Array(0)];

function scratchBuffer(slot: number, length: number): Float64Array {
  if (scratch[slot].length < length)
    scratch[slot] = new Float64Array(Math.max(length, 2 * scratch[slot].length));
  return scratch[slot];
}

/** The data as a Float64Array: itself when it is one, else a float64 copy in scratch `slot` (exact widening). */
function asFloat64(data: FloatArray, slot: number): Float64Array {
  if (data instanceof Float64Array) return data;
  const copy = scratchBuffer(slot, data.length);
  copy.set(data);
  return copy;
}

/** Bᵀ (k×n) of B (n×k), in float64, in scratch slot 1. */
function transposeIntoScratch(b: FloatArray, n: number, k: number): Float64Array {
  const bt = scratchBuffer(1, n * k);
  for (let j = 0; j < n; j++) {
    const row = j * k;
    for (let p = 0; p < k; p++) bt[p * n + j] = b[row + p];
  }
  return bt;
}

/** Validates or allocates the m×n result of a product of A and B. */
function output(
  context: string,
  A: Matrix,
  B: Matrix,
  out: Matrix | undefined,
  m: number,
  n: number,
): Matrix {
  if (out === undefined) return zeros(m, n, A.dtype);
  expectMatrix('out', out, context, m, n);
  if (out.dtype !== A.dtype) {
    throw new GradscopeArgumentError(
      'out',
      out,
      `a ${A.dtype} matrix of shape ${m}×${n} (the result takes A's dtype)`,
      context,
    );
  }
  if (sharesStorage(out.data, A.data) || sharesStorage(out.data, B.data)) {
    const which = sharesStorage(out.data, A.data) ? 'A' : 'B';
    throw new GradscopeArgumentError(
      'out',
      out,
      `a matrix whose storage does not overlap ${which}'s (a product cannot be computed in place)`,
      context,
    );
  }
  return out;
}

/**
 * C = Â·B where Â (m×k) is read from `a` with element (i, p) at a[i·rowStride + p·colStride], B (k×n) is
 * row-major. Writes C straight into a float64 output, or through a float64 scratch into a float32 one.
 */
function product(
  a: Float64Array,
  rowStride: number,
  colStride: number,
  b: Float64Array,
  C: Matrix,
  m: number,
  k: number,
  n: number,
): void {
  if (C.data instanceof Float64Array) {
    kernel(a, rowStride, colStride, b, C.data, m, k, n);
  } else {
    const c = scratchBuffer(2, m * n);
    kernel(a, rowStride, colStride, b, c, m, k, n);
    C.data.set(m * n === c.length ? c : c.subarray(0, m * n));
  }
  roundInPlace(C); // float16, bfloat16 and flush to zero: the storage does not round by itself
}

/**
 * The i-k-j kernel on float64 arrays, four rows of C at a time, k unrolled by four:
 * c_i,: += a_i,p·b_p,: + a_i,p+1·b_p+1,: + a_i,p+2·b_p+2,: + a_i,p+3·b_p+3,:. Every entry of C gets the same
 * summation order whichever row block it falls in, so results do not depend on the blocking.
 */
function kernel(
  a: Float64Array,
  rs: number,
  cs: number,
  b: Float64Array,
  c: Float64Array,
  m: number,
  k: number,
  n: number,
): void {
  // Sizes and strides as int32 (they are whole numbers below 2^31): once any caller had passed one stored as a
  // double, V8 compiled every index computation of this loop in floating point, halving its speed for the rest of
  // a long build.
  rs |= 0;
  cs |= 0;
  m |= 0;
  k |= 0;
  n |= 0;
  const k4 = k - (k % 4);
  let i = 0;
  for (; i + 3 < m; i += 4) {
    const c0 = i * n;
    const c1 = c0 + n;
    const c2 = c1 + n;
    const c3 = c2 + n;
    c.fill(0, c0, c3 + n);
    const r0 = i * rs;
    const r1 = r0 + rs;
    const r2 = r1 + rs;
    const r3 = r2 + rs;
    for (let p = 0; p < k4; p += 4) {
      const q0 = p * cs;
      const q1 = q0 + cs;
      const q2 = q1 + cs;
      const q3 = q2 + cs;
      const a00 = a[r0 + q0];
      const a01 = a[r0 + q1];
      const a02 = a[r0 + q2];
      const a03 = a[r0 + q3];
      const a10 = a[r1 + q0];
      const a11 = a[r1 + q1];
      const a12 = a[r1 + q2];
      const a13 = a[r1 + q3];
      const a20 = a[r2 + q0];
      const a21 = a[r2 + q1];
      const a22 = a[r2 + q2];
      const a23 = a[r2 + q3];
      const a30 = a[r3 + q0];
      const a31 = a[r3 + q1];
      const a32 = a[r3 + q2];
      const a33 = a[r3 + q3];
      const b0 = p * n;
      const b1 = b0 + n;
      const b2 = b1 + n;
      const b3 = b2 + n;
      for (let j = 0; j < n; j++) {
        const x0 = b[b0 + j];
        const x1 = b[b1 + j];
        const x2 = b[b2 + j];
        const x3 = b[b3 + j];
        c[c0 + j] += a00 * x0 + a01 * x1 + a02 * x2 + a03 * x3;
        c[c1 + j] += a10 * x0 + a11 * x1 + a12 * x2 + a13 * x3;
        c[c2 + j] += a20 * x0 + a21 * x1 + a22 * x2 + a23 * x3;
        c[c3 + j] += a30 * x0 + a31 * x1 + a32 * x2 + a33 * x3;
      }
    }
    for (let p = k4; p < k; p++) {
      const a0 = a[r0 + p * cs];
      const a1 = a[r1 + p * cs];
      const a2 = a[r2 + p * cs];
      const a3 = a[r3 + p * cs];
      const b0 = p * n;
      for (let j = 0; j < n; j++) {
        const x = b[b0 + j];
        c[c0 + j] += a0 * x;
        c[c1 + j] += a1 * x;
        c[c2 + j] += a2 * x;
        c[c3 + j] += a3 * x;
      }
    }
  }
  // The last m mod 4 rows: the same sums, one row at a time.
  for (; i < m; i++) {
    const c0 = i * n;
    c.fill(0, c0, c0 + n);
    const r0 = i * rs;
    for (let p = 0; p < k4; p += 4) {
      const q0 = p * cs;
      const a00 = a[r0 + q0];
      const a01 = a[r0 + q0 + cs];
      const a02 = a[r0 + q0 + 2 * cs];
      const a03 = a[r0 + q0 + 3 * cs];
      const b0 = p * n;
      const b1 = b0 + n;
      const b2 = b1 + n;
      const b3 = b2 + n;
      for (let j = 0; j < n; j++) {
        c[c0 + j] += a00 * b[b0 + j] + a01 * b[b1 + j] + a02 * b[b2 + j] + a03 * b[b3 + j];
      }
    }
    for (let p = k4; p < k; p++) {
      const a0 = a[r0 + p * cs];
      const b0 = p * n;
      for (let j = 0; j < n; j++) c[c0 + j] += a0 * b[b0 + j];
    }
  }
}
