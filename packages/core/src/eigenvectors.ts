/**
 * Real eigenvectors of any real square matrix: the directions a matrix keeps (Av = λv), which repeated
 * multiplication by the same matrix stretches by λ at every step. For a symmetric matrix `symmetricEigen` gives
 * an orthonormal set; a general matrix may have fewer independent eigenvectors than rows (a defective one, like
 * the Jordan block [[0.9, 5], [0, 0.9]], has one direction where a diagonalisable matrix would have two), and a
 * complex pair of eigenvalues has no real eigenvector at all (the matrix turns every direction of a plane).
 *
 * Method: the eigenvalues come from `eigenvalues` (Francis QR). Each real eigenvalue λ, taken once per cluster of
 * equal values, gets the null space of A − λI from its singular value decomposition: the right singular vectors
 * whose singular values are negligible (GVL, "Matrix Computations", 4th ed., §2.4.4: the SVD gives an orthonormal
 * basis of a null space). Their number is λ's geometric multiplicity, never more than its algebraic one. Computed
 * eigenvalues of a defective matrix split by about √ε·‖A‖, so values that close are treated as one.
 */

import { eigenvalues } from './eigen.js';
import { expectMatrix, zeros, type Matrix } from './matrix.js';
import { GradscopeArgumentError } from './errors.js';
import { svd } from './svd.js';

/** One real eigenvalue with one eigenvector of it. */
export interface RealEigenvector {
  /** The eigenvalue λ. */
  readonly value: number;
  /** A unit vector v with A·v = λ·v, signed so that its largest-magnitude component is positive. */
  readonly vector: Float64Array;
}

/** Eigenvalues closer than this, relative to the largest |entry| of A, are one eigenvalue (see the file header). */
const CLUSTER_TOLERANCE = 1e-6;
/** A singular value of A − λI below this, relative to ‖A‖₂ (or |λ| if larger), marks a null direction. */
const NULL_TOLERANCE = 1e-9;

/**
 * The real eigenvectors of a real square matrix A, one per independent direction: for each real eigenvalue
 * (ordered as `eigenvalues` orders them, by descending |λ|), as many unit vectors as its geometric multiplicity.
 * Complex eigenvalues have no real eigenvector and are left out, so the list may be shorter than A's size, or
 * empty. The vectors of one eigenvalue are orthonormal; vectors of different eigenvalues need not be orthogonal
 * (they are for a symmetric or, more generally, a normal A). Computed in float64. Throws for a non-square matrix
 * or non-finite entries.
 *
 * @example
 * ```ts
 * realEigenvectors(matrix([[2, 1], [1, 2]])); // λ = 3 along (1, 1)/√2, then λ = 1 along (1, −1)/√2
 * realEigenvectors(matrix([[0.9, 5], [0, 0.9]])); // one: λ = 0.9 along (1, 0), a defective matrix
 * realEigenvectors(matrix([[0, -1], [1, 0]])); // []: a quarter turn keeps no direction
 * realEigenvectors(identity(2, 1.5)).length; // 2: every direction is kept, an orthonormal pair represents them
 * ```
 */
export function realEigenvectors(A: Matrix): RealEigenvector[] {
  const context = 'realEigenvectors';
  expectMatrix('A', A, context);
  if (A.rows !== A.cols) {
    throw new GradscopeArgumentError('A', A, `a square matrix (it is ${A.rows}×${A.cols})`, context);
  }
  const n = A.rows;
  let largest = 0;
  for (let i = 0; i < A.data.length; i++) {
    const x = A.data[i];
    if (!Number.isFinite(x)) {
      throw new GradscopeArgumentError('A', A, `a matrix with finite entries (entry ${i} is ${x})`, context);
    }
    largest = Math.max(largest, Math.abs(x));
  }
  if (largest === 0) return unitVectors(n);

  const { re, im } = eigenvalues(A);
  const norm = svd(A).S[0];
  const clusters: { sum: number; count: number }[] = [];
  for (let i = 0; i < n; i++) {
    if (Math.abs(im[i]) > CLUSTER_TOLERANCE * largest) continue;
    const near = clusters.find((c) => Math.abs(c.sum / c.count - re[i]) <= CLUSTER_TOLERANCE * largest);
    if (near) {
      near.sum += re[i];
      near.count += 1;
    } else {
      clusters.push({ sum: re[i], count: 1 });
    }
  }

  const result: RealEigenvector[] = [];
  for (const { sum, count } of clusters) {
    const value = sum / count;
    const shifted = zeros(n, n);
    for (let i = 0; i < n * n; i++) shifted.data[i] = A.data[i];
    for (let i = 0; i < n; i++) shifted.data[i * n + i] -= value;
    const { S, V } = svd(shifted);
    const threshold = NULL_TOLERANCE * Math.max(norm, Math.abs(value));
    // S descends, so the null directions are the last columns of V: at least one (λ is an eigenvalue), and no
    // more than the algebraic multiplicity.
    let first = n - 1;
    while (first > n - count && S[first - 1] <= threshold) first -= 1;
    for (let j = first; j < n; j++) result.push({ value, vector: columnOf(V, j) });
  }
  return result;
}

/** Column j of V as a unit vector whose largest-magnitude component is positive. */
function columnOf(V: Matrix, j: number): Float64Array {
  const n = V.rows;
  const v = new Float64Array(n);
  let largest = 0;
  for (let i = 0; i < n; i++) {
    v[i] = V.data[i * V.cols + j];
    if (Math.abs(v[i]) > Math.abs(largest)) largest = v[i];
  }
  if (largest < 0) for (let i = 0; i < n; i++) v[i] = -v[i];
  return v;
}

/** The zero matrix keeps every direction (λ = 0): the standard basis represents them. */
function unitVectors(n: number): RealEigenvector[] {
  return Array.from({ length: n }, (_, j) => {
    const vector = new Float64Array(n);
    vector[j] = 1;
    return { value: 0, vector };
  });
}
