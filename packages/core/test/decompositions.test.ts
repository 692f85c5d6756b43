import { describe, expect, it } from 'vitest';
import { GradscopeArgumentError } from '../src/errors.js';
import { identity, matrix, toArray, zeros, type Matrix } from '../src/matrix.js';
import { matmul, matmulTransA, matmulTransB } from '../src/matmul.js';
import { frobeniusNorm, subtract, transpose } from '../src/linalg.js';
import { qr } from '../src/qr.js';
import { eigenvalues, symmetricEigen } from '../src/eigen.js';
import { singularValues, svd } from '../src/svd.js';
import { createRandom, type Random } from '../src/random.js';
import { randomMatrix } from './support/matrices.js';

function randomSymmetric(n: number, random: Random): Matrix {
  const G = randomMatrix(n, n, random);
  const S = zeros(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) S.data[i * n + j] = (G.data[i * n + j] + G.data[j * n + i]) / 2;
  }
  return S;
}

/** max |x_ij − y_ij| / max(1, max |y_ij|): a relative error for matrices of order-1 or larger entries. */
function relativeDifference(X: Matrix, Y: Matrix): number {
  expect([X.rows, X.cols]).toEqual([Y.rows, Y.cols]);
  let diff = 0;
  let size = 1;
  for (let i = 0; i < X.data.length; i++) {
    diff = Math.max(diff, Math.abs(X.data[i] - Y.data[i]));
    size = Math.max(size, Math.abs(Y.data[i]));
  }
  return diff / size;
}

function expectOrthonormalColumns(Q: Matrix, tolerance = 1e-12): void {
  expect(relativeDifference(matmulTransA(Q, Q), identity(Q.cols))).toBeLessThan(tolerance);
}

/** U·diag(s)·Vᵀ. */
function reassemble(U: Matrix, s: Float64Array, V: Matrix): Matrix {
  const US = zeros(U.rows, U.cols);
  for (let i = 0; i < U.rows; i++) {
    for (let j = 0; j < U.cols; j++) US.data[i * U.cols + j] = U.data[i * U.cols + j] * s[j];
  }
  return matmulTransB(US, V);
}

// Shapes used for the factorisation identities: 1×1, a row, a column, square, tall, wide, odd sizes.
const SHAPES: readonly [number, number][] = [
  [1, 1],
  [1, 6],
  [6, 1],
  [2, 2],
  [5, 3],
  [3, 5],
  [7, 7],
  [20, 13],
  [13, 20],
  [40, 40],
];

describe('qr', () => {
  it('factors A = Q·R with QᵀQ = I and R upper triangular with R[j][j] ≥ 0, to 1e-12', () => {
    const random = createRandom('qr identities');
    for (const [m, n] of SHAPES.filter(([rows, cols]) => rows >= cols)) {
      const A = randomMatrix(m, n, random);
      const { Q, R } = qr(A);
      expect([Q.rows, Q.cols, R.rows, R.cols]).toEqual([m, n, n, n]);
      expectOrthonormalColumns(Q);
      expect(relativeDifference(matmul(Q, R), A)).toBeLessThan(1e-12);
      for (let i = 0; i < n; i++) {
        expect(R.data[i * n + i]).toBeGreaterThanOrEqual(0);
        for (let j = 0; j < i; j++) expect(R.data[i * n + j]).toBe(0);
      }
    }
  });

  it('matches the factorisation worked by hand for [[3, 1], [4, 2]]', () => {
    const { Q, R } = qr(
      matrix([
        [3, 1],
        [4, 2],
      ]),
    );
    const expectedQ = [
      [0.6, -0.8],
      [0.8, 0.6],
    ];
    const expectedR = [
      [5, 2.2],
      [0, 0.4],
    ];
    expect(relativeDifference(Q, matrix(expectedQ))).toBeLessThan(1e-15);
    expect(relativeDifference(R, matrix(expectedR))).toBeLessThan(1e-15);
  });

  it('keeps Q orthonormal for rank-deficient input (a zero column and a repeated column)', () => {
    const A = matrix([
      [1, 0, 1],
      [2, 0, 2],
      [3, 0, 3],
      [4, 0, 4],
    ]);
    const { Q, R } = qr(A);
    expectOrthonormalColumns(Q);
    expect(relativeDifference(matmul(Q, R), A)).toBeLessThan(1e-14);
    expect(Math.abs(R.data[1 * 3 + 1])).toBeLessThan(1e-15);
    expect(Math.abs(R.data[2 * 3 + 2])).toBeLessThan(1e-14);
  });

  it('factors huge and tiny matrices without overflow or underflow', () => {
    const random = createRandom('qr scale');
    const A = randomMatrix(6, 4, random);
    for (const factor of [1e200, 1e-200]) {
      const scaled = zeros(6, 4);
      for (let i = 0; i < A.data.length; i++) scaled.data[i] = A.data[i] * factor;
      const { Q, R } = qr(scaled);
      expectOrthonormalColumns(Q);
      expect(relativeDifference(Q, qr(A).Q)).toBeLessThan(1e-12);
      expect(R.data[0] / factor).toBeCloseTo(qr(A).R.data[0], 12);
    }
  });

  it('computes in float64 for a float32 matrix, factoring its float32 values', () => {
    const A = randomMatrix(5, 3, createRandom('qr float32'), { dtype: 'float32' });
    const { Q, R } = qr(A);
    expect(Q.dtype).toBe('float64');
    expect(R.dtype).toBe('float64');
    expectOrthonormalColumns(Q);
    const A64 = zeros(5, 3);
    A64.data.set(A.data);
    expect(relativeDifference(matmul(Q, R), A64)).toBeLessThan(1e-14);
  });

  it('rejects a wide matrix, telling the caller to factor the transpose', () => {
    expect(() => qr(zeros(2, 3))).toThrow(GradscopeArgumentError);
    expect(() => qr(zeros(2, 3))).toThrow(/at least as many rows as columns.*factor its transpose, 3×2/);
  });

  it('rejects non-finite entries and non-matrices', () => {
    expect(() => qr(matrix([[1], [NaN]]))).toThrow(
      /A must be a matrix with finite entries \(A\[1\]\[0\] is NaN\)/,
    );
    expect(() => qr('A' as unknown as Matrix)).toThrow(/A must be a Matrix/);
  });
});

describe('symmetricEigen', () => {
  it('satisfies A·V = V·Λ and VᵀV = I with descending eigenvalues, to 1e-12', () => {
    const random = createRandom('symmetricEigen identities');
    for (const n of [1, 2, 3, 5, 12, 30]) {
      const A = randomSymmetric(n, random);
      const { values, vectors: V } = symmetricEigen(A);
      expect(values.length).toBe(n);
      for (let i = 1; i < n; i++) expect(values[i]).toBeLessThanOrEqual(values[i - 1]);
      expectOrthonormalColumns(V);
      const VL = zeros(n, n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) VL.data[i * n + j] = V.data[i * n + j] * values[j];
      }
      expect(relativeDifference(matmul(A, V), VL)).toBeLessThan(1e-12);
    }
  });

  it('gives the 2×2 closed form (a+c)/2 ± sqrt(((a−c)/2)² + b²)', () => {
    const [a, b, c] = [2.5, -1.25, 0.75];
    const { values } = symmetricEigen(
      matrix([
        [a, b],
        [b, c],
      ]),
    );
    const root = Math.sqrt(((a - c) / 2) ** 2 + b ** 2);
    expect(values[0]).toBeCloseTo((a + c) / 2 + root, 14);
    expect(values[1]).toBeCloseTo((a + c) / 2 - root, 14);
  });

  it('returns the sorted diagonal and signed unit vectors for a diagonal matrix', () => {
    const { values, vectors } = symmetricEigen(
      matrix([
        [3, 0, 0],
        [0, -1, 0],
        [0, 0, 2],
      ]),
    );
    expect(Array.from(values)).toEqual([3, 2, -1]);
    expect(toArray(vectors)).toEqual([
      [1, 0, 0],
      [0, 0, 1],
      [0, 1, 0],
    ]);
  });

  it('gives every eigenvalue k for the lecture matrix k·I', () => {
    const { values, vectors } = symmetricEigen(identity(4, 1.5));
    expect(Array.from(values)).toEqual([1.5, 1.5, 1.5, 1.5]);
    expectOrthonormalColumns(vectors);
  });

  it('finds (1, 1)/√2 for the largest eigenvalue 3 of [[2, 1], [1, 2]], signed positive', () => {
    const { values, vectors } = symmetricEigen(
      matrix([
        [2, 1],
        [1, 2],
      ]),
    );
    expect(values[0]).toBeCloseTo(3, 15);
    expect(values[1]).toBeCloseTo(1, 15);
    expect(vectors.data[0]).toBeCloseTo(Math.SQRT1_2, 15);
    expect(vectors.data[2]).toBeCloseTo(Math.SQRT1_2, 15);
  });

  it('scales with the matrix: eigenvalues of 1e200·A are 1e200 times those of A', () => {
    const A = randomSymmetric(6, createRandom('symmetricEigen scale'));
    const huge = zeros(6, 6);
    for (let i = 0; i < 36; i++) huge.data[i] = A.data[i] * 1e200;
    const small = symmetricEigen(A).values;
    symmetricEigen(huge).values.forEach((v, i) => expect(v / 1e200).toBeCloseTo(small[i], 12));
  });

  it('rejects non-square, non-symmetric and non-finite matrices, stating the tolerance', () => {
    expect(() => symmetricEigen(zeros(2, 3))).toThrow(/A must be a square matrix/);
    expect(() =>
      symmetricEigen(
        matrix([
          [1, 2],
          [3, 1],
        ]),
      ),
    ).toThrow(
      /a symmetric matrix \(\|A\[i\]\[j\] − A\[j\]\[i\]\| ≤ 1e-10·max\|A\|\); A\[0\]\[1\] = 2 but A\[1\]\[0\] = 3/,
    );
    expect(() =>
      symmetricEigen(
        matrix([
          [1, Infinity],
          [Infinity, 1],
        ]),
      ),
    ).toThrow(/finite entries/);
  });

  it('accepts asymmetry within the tolerance, relative to max|A|, and uses (A + Aᵀ)/2', () => {
    const { values } = symmetricEigen(
      matrix([
        [1, 1 + 1e-12],
        [1 - 1e-12, 1],
      ]),
    );
    expect(values[0]).toBeCloseTo(2, 14);
    expect(values[1]).toBeCloseTo(0, 14);
    // An absolute difference of 1e-5 is 1e-11 of max|A| = 1e6: within tolerance. 1e-9 of max|A| is not.
    expect(() =>
      symmetricEigen(
        matrix([
          [1e6, 1e6 + 1e-5],
          [1e6, 1e6],
        ]),
      ),
    ).not.toThrow();
    expect(() =>
      symmetricEigen(
        matrix([
          [1, 1 + 1e-9],
          [1, 1],
        ]),
      ),
    ).toThrow(/a symmetric matrix/);
    // float32 input gets the float32 tolerance, 1e-5.
    expect(() =>
      symmetricEigen(
        matrix(
          [
            [1, 1 + 1e-6],
            [1, 1],
          ],
          'float32',
        ),
      ),
    ).not.toThrow();
  });
});

describe('eigenvalues', () => {
  it('finds the roots of a polynomial from its companion matrix, ordered by modulus', () => {
    // (x − 1)(x + 2)(x − 3) = x³ − 2x² − 5x + 6.
    const { re, im } = eigenvalues(
      matrix([
        [2, 5, -6],
        [1, 0, 0],
        [0, 1, 0],
      ]),
    );
    expect(Array.from(im)).toEqual([0, 0, 0]);
    [3, -2, 1].forEach((root, i) => expect(re[i]).toBeCloseTo(root, 13));
  });

  it('finds complex pairs: a rotation by θ has eigenvalues e^{±iθ}', () => {
    const theta = 0.7;
    const { re, im } = eigenvalues(
      matrix([
        [Math.cos(theta), -Math.sin(theta)],
        [Math.sin(theta), Math.cos(theta)],
      ]),
    );
    expect(re[0]).toBeCloseTo(Math.cos(theta), 15);
    expect(re[1]).toBeCloseTo(Math.cos(theta), 15);
    expect(im[0]).toBeCloseTo(Math.sin(theta), 15);
    expect(im[1]).toBeCloseTo(-Math.sin(theta), 15);
  });

  it('reads the eigenvalues of a triangular matrix off its diagonal', () => {
    const { re, im } = eigenvalues(
      matrix([
        [0.5, 7, -3, 2],
        [0, -4, 1, 9],
        [0, 0, 2, 5],
        [0, 0, 0, 1],
      ]),
    );
    [-4, 2, 1, 0.5].forEach((lambda, i) => expect(re[i]).toBeCloseTo(lambda, 12));
    im.forEach((v) => expect(v).toBe(0));
  });

  it('agrees with symmetricEigen on symmetric matrices', () => {
    const A = randomSymmetric(15, createRandom('eigenvalues symmetric'));
    const expected = Array.from(symmetricEigen(A).values).sort((x, y) => Math.abs(y) - Math.abs(x));
    const { re, im } = eigenvalues(A);
    expected.forEach((v, i) => expect(re[i]).toBeCloseTo(v, 12));
    im.forEach((v) => expect(Math.abs(v)).toBeLessThan(1e-12));
  });

  it('on random matrices: Σλ = trace(A), Σλ² = trace(A²), and A − λI is singular for every λ', () => {
    const random = createRandom('eigenvalues random');
    for (const n of [1, 2, 3, 6, 10, 25]) {
      const A = randomMatrix(n, n, random);
      const { re, im } = eigenvalues(A);
      let trace = 0;
      let traceSquare = 0;
      const A2 = matmul(A, A);
      for (let i = 0; i < n; i++) {
        trace += A.data[i * n + i];
        traceSquare += A2.data[i * n + i];
      }
      let sum = 0;
      let sumSquare = 0;
      let sumImaginary = 0;
      for (let i = 0; i < n; i++) {
        sum += re[i];
        sumSquare += re[i] * re[i] - im[i] * im[i];
        sumImaginary += im[i];
      }
      expect(Math.abs(sum - trace)).toBeLessThan(1e-12 * n);
      expect(Math.abs(sumSquare - traceSquare)).toBeLessThan(1e-11 * n);
      expect(Math.abs(sumImaginary)).toBeLessThan(1e-12 * n);
      for (let i = 1; i < n; i++) {
        expect(Math.hypot(re[i], im[i])).toBeLessThanOrEqual(Math.hypot(re[i - 1], im[i - 1]));
      }
      // A − (a + ib)I is singular iff the real 2n×2n matrix [[A − aI, −bI], [bI, A − aI]] is.
      const size = frobeniusNorm(A);
      for (let e = 0; e < n; e++) {
        const M = zeros(2 * n, 2 * n);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            const x = A.data[i * n + j] - (i === j ? re[e] : 0);
            M.data[i * 2 * n + j] = x;
            M.data[(n + i) * 2 * n + n + j] = x;
          }
          M.data[i * 2 * n + n + i] = -im[e];
          M.data[(n + i) * 2 * n + i] = im[e];
        }
        const s = singularValues(M);
        expect(s[2 * n - 1]).toBeLessThan(1e-12 * size);
      }
    }
  });

  it('finds the n-th roots of unity for a cyclic permutation, where the standard shifts stall', () => {
    for (const n of [2, 3, 5, 8]) {
      const P = zeros(n, n);
      for (let i = 0; i < n; i++) P.data[((i + 1) % n) * n + i] = 1;
      const { re, im } = eigenvalues(P);
      // Every root e^{2πik/n} appears once; the largest real part comes first among equal moduli.
      const roots = Array.from({ length: n }, (_, k) => [
        Math.cos((2 * Math.PI * k) / n),
        Math.sin((2 * Math.PI * k) / n),
      ]);
      for (const [x, y] of roots) {
        const nearest = Math.min(...Array.from(re, (r, i) => Math.hypot(r - x, im[i] - y)));
        expect(nearest).toBeLessThan(1e-12);
      }
      expect(re[0]).toBeCloseTo(1, 12);
    }
  });

  it('returns zeros for the zero matrix and for a nilpotent Jordan block', () => {
    expect(Array.from(eigenvalues(zeros(3, 3)).re)).toEqual([0, 0, 0]);
    const { re, im } = eigenvalues(
      matrix([
        [0, 1, 0],
        [0, 0, 1],
        [0, 0, 0],
      ]),
    );
    expect([...re, ...im].every((v) => v === 0)).toBe(true);
  });

  it('rejects a non-square matrix', () => {
    expect(() => eigenvalues(zeros(3, 2))).toThrow(/eigenvalues: A must be a square matrix/);
  });
});

describe('svd', () => {
  it('reassembles A = U·diag(S)·Vᵀ with orthonormal U and V and descending S ≥ 0, to 1e-12', () => {
    const random = createRandom('svd identities');
    for (const [m, n] of SHAPES) {
      const A = randomMatrix(m, n, random);
      const { U, S, V } = svd(A);
      const r = Math.min(m, n);
      expect([U.rows, U.cols, V.rows, V.cols, S.length]).toEqual([m, r, n, r, r]);
      expectOrthonormalColumns(U);
      expectOrthonormalColumns(V);
      for (let i = 0; i < r; i++) {
        expect(S[i]).toBeGreaterThanOrEqual(0);
        if (i > 0) expect(S[i]).toBeLessThanOrEqual(S[i - 1]);
      }
      expect(relativeDifference(reassemble(U, S, V), A)).toBeLessThan(1e-12);
    }
  });

  it('gives singular values k for the lecture matrix k·I, and 1 for a rotation', () => {
    expect(Array.from(singularValues(identity(3, 1.5)))).toEqual([1.5, 1.5, 1.5]);
    const c = Math.cos(1.1);
    const s = Math.sin(1.1);
    singularValues(
      matrix([
        [c, -s],
        [s, c],
      ]),
    ).forEach((v) => expect(v).toBeCloseTo(1, 15));
  });

  it('gives |d| sorted for a diagonal matrix with negative entries', () => {
    const { U, S, V } = svd(
      matrix([
        [3, 0],
        [0, -5],
      ]),
    );
    expect(Array.from(S)).toEqual([5, 3]);
    expect(
      relativeDifference(
        reassemble(U, S, V),
        matrix([
          [3, 0],
          [0, -5],
        ]),
      ),
    ).toBe(0);
  });

  it('has S² equal to the eigenvalues of AᵀA', () => {
    const A = randomMatrix(9, 6, createRandom('svd gram'));
    const S = singularValues(A);
    const lambda = symmetricEigen(matmulTransA(A, A)).values;
    S.forEach((sigma, i) => expect(sigma * sigma).toBeCloseTo(lambda[i], 12));
  });

  it('handles rank deficiency: [[1, 1], [1, 1]] has singular values 2 and 0, U and V still orthonormal', () => {
    const A = matrix([
      [1, 1],
      [1, 1],
    ]);
    const { U, S, V } = svd(A);
    expect(S[0]).toBeCloseTo(2, 15);
    expect(S[1]).toBeLessThan(1e-15);
    expectOrthonormalColumns(U);
    expectOrthonormalColumns(V);
    expect(relativeDifference(reassemble(U, S, V), A)).toBeLessThan(1e-15);
  });

  it('completes U to an orthonormal set for the zero matrix and for zero columns', () => {
    for (const A of [
      zeros(4, 3),
      matrix([
        [1, 0, 0],
        [2, 0, 0],
        [0, 0, 0],
        [1, 0, 0],
      ]),
    ]) {
      const { U, S, V } = svd(A);
      expectOrthonormalColumns(U);
      expectOrthonormalColumns(V);
      expect(relativeDifference(reassemble(U, S, V), A)).toBeLessThan(1e-15);
    }
  });

  it('signs each pair so that the largest component of v_j is positive', () => {
    const { V } = svd(randomMatrix(7, 4, createRandom('svd signs')));
    for (let j = 0; j < V.cols; j++) {
      let largest = 0;
      for (let i = 0; i < V.rows; i++) {
        const x = V.data[i * V.cols + j];
        if (Math.abs(x) > Math.abs(largest)) largest = x;
      }
      expect(largest).toBeGreaterThan(0);
    }
  });

  it('agrees with singularValues, and factors a wide matrix through its transpose', () => {
    const A = randomMatrix(4, 9, createRandom('svd wide'));
    const { U, S, V } = svd(A);
    expect(Array.from(singularValues(A))).toEqual(Array.from(S));
    const transposed = svd(transpose(A));
    transposed.S.forEach((sigma, i) => expect(sigma).toBeCloseTo(S[i], 13));
    expect(relativeDifference(reassemble(V, S, U), transpose(A))).toBeLessThan(1e-12);
  });

  it('factors huge entries (1e200) without overflow', () => {
    const A = randomMatrix(5, 4, createRandom('svd huge'));
    const huge = zeros(5, 4);
    for (let i = 0; i < 20; i++) huge.data[i] = A.data[i] * 1e200;
    const S = singularValues(A);
    singularValues(huge).forEach((sigma, i) => expect(sigma / 1e200).toBeCloseTo(S[i], 12));
    const { U, S: hugeS, V } = svd(huge);
    const back = subtract(reassemble(U, hugeS, V), huge);
    expect(frobeniusNorm(back) / frobeniusNorm(huge)).toBeLessThan(1e-13);
  });

  it('rejects non-finite entries', () => {
    expect(() => svd(matrix([[1, NaN]]))).toThrow(/svd: A must be a matrix with finite entries/);
    expect(() => singularValues(matrix([[-Infinity]]))).toThrow(
      /singularValues: A must be a matrix with finite/,
    );
  });
});
