import { describe, expect, it } from 'vitest';
import { GradscopeArgumentError } from '../src/errors.js';
import { column, fromData, identity, matrix, toArray, zeros, type Matrix } from '../src/matrix.js';
import { matmul, matmulTransA, matmulTransB } from '../src/matmul.js';
import { transpose } from '../src/linalg.js';
import { createRandom, type Random } from '../src/random.js';
import { randomMatrix } from './support/matrices.js';

/** The textbook triple loop in float64, with Σ|a_ip·b_pj| for a rounding-error bound. */
function naive(A: Matrix, B: Matrix): { value: number[][]; magnitude: number[][] } {
  const value: number[][] = [];
  const magnitude: number[][] = [];
  for (let i = 0; i < A.rows; i++) {
    value.push([]);
    magnitude.push([]);
    for (let j = 0; j < B.cols; j++) {
      let sum = 0;
      let abs = 0;
      for (let p = 0; p < A.cols; p++) {
        const term = A.data[i * A.cols + p] * B.data[p * B.cols + j];
        sum += term;
        abs += Math.abs(term);
      }
      value[i].push(sum);
      magnitude[i].push(abs);
    }
  }
  return { value, magnitude };
}

/**
 * Any two float64 summation orders of k products differ by at most about 2k·ε·Σ|a·b| (Higham, "Accuracy and
 * Stability of Numerical Algorithms", §3.1); ε = 2^-53.
 */
function expectCloseToNaive(C: Matrix, A: Matrix, B: Matrix): void {
  const { value, magnitude } = naive(A, B);
  expect(C.rows).toBe(A.rows);
  expect(C.cols).toBe(B.cols);
  for (let i = 0; i < C.rows; i++) {
    for (let j = 0; j < C.cols; j++) {
      const bound = 2 * A.cols * 2 ** -53 * magnitude[i][j];
      expect(Math.abs(C.data[i * C.cols + j] - value[i][j])).toBeLessThanOrEqual(bound);
    }
  }
}

/** The spacing of float32 numbers at |x|. */
function ulp32(x: number): number {
  const a = Math.abs(Math.fround(x));
  if (a < 2 ** -126) return 2 ** -149;
  return 2 ** (Math.floor(Math.log2(a)) - 23);
}

// Shapes (m, k, n) for A (m×k)·B (k×n): 1×1, odd sizes, k on both sides of multiples of 4, m odd and even.
const SHAPES: readonly [number, number, number][] = [
  [1, 1, 1],
  [7, 5, 3],
  [1, 4, 1],
  [2, 3, 2],
  [3, 8, 5],
  [6, 9, 1],
  [5, 13, 7],
  [16, 16, 64],
  [33, 31, 17],
];

function shapes(random: Random): [number, number, number][] {
  const extra: [number, number, number][] = [];
  for (let t = 0; t < 12; t++) extra.push([1 + random.int(20), 1 + random.int(20), 1 + random.int(20)]);
  return [...SHAPES, ...extra];
}

describe('matmul', () => {
  it('computes the lecture layer: 1.5·I times (1, 1) is (1.5, 1.5)', () => {
    expect(toArray(matmul(identity(2, 1.5), column([1, 1])))).toEqual([[1.5], [1.5]]);
  });

  it('equals a naive triple loop up to float64 rounding for random shapes, odd sizes and 1×1', () => {
    const random = createRandom('matmul naive');
    for (const [m, k, n] of shapes(random)) {
      const A = randomMatrix(m, k, random);
      const B = randomMatrix(k, n, random);
      expectCloseToNaive(matmul(A, B), A, B);
    }
  });

  it('is exact on small integers, where every summation order gives the same answer', () => {
    const A = matrix([
      [1, 2, 3, 4, 5],
      [6, 7, 8, 9, 10],
      [11, 12, 13, 14, 15],
    ]);
    const B = matrix([
      [1, 0],
      [0, 1],
      [2, -1],
      [-3, 4],
      [1, 1],
    ]);
    expect(toArray(matmul(A, B))).toEqual([
      [0, 20],
      [5, 45],
      [10, 70],
    ]);
  });

  it('rounds a float32 product once: each entry is the float32 nearest the exact sum, within 1 ulp', () => {
    const random = createRandom('matmul float32');
    for (const [m, k, n] of shapes(random)) {
      const A = randomMatrix(m, k, random, { dtype: 'float32' });
      const B = randomMatrix(k, n, random, { dtype: 'float32' });
      const C = matmul(A, B);
      expect(C.dtype).toBe('float32');
      expect(C.data).toBeInstanceOf(Float32Array);
      const { value } = naive(A, B);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          const expected = Math.fround(value[i][j]);
          expect(Math.abs(C.data[i * n + j] - expected)).toBeLessThanOrEqual(ulp32(expected));
        }
      }
    }
  });

  it('overflows to Infinity in float32 exactly where a float32 framework would', () => {
    const W = identity(1, 2 ** 64, 'float32');
    expect(matmul(W, identity(1, 2 ** 63, 'float32')).data[0]).toBe(2 ** 127);
    expect(matmul(W, identity(1, 2 ** 64, 'float32')).data[0]).toBe(Infinity);
    expect(matmul(identity(1, 2 ** 64), identity(1, 2 ** 64)).data[0]).toBe(2 ** 128);
  });

  it('takes the dtype of A when the operands differ', () => {
    const A = matrix([[1, 2]], 'float32');
    const B = matrix([[0.1], [0.2]]);
    const C = matmul(A, B);
    expect(C.dtype).toBe('float32');
    expect(C.data[0]).toBe(Math.fround(1 * 0.1 + 2 * 0.2));
    expect(matmul(B, A).dtype).toBe('float64');
  });

  it('writes into out, returns it, and ignores whatever out held before', () => {
    const random = createRandom('matmul out');
    for (const dtype of ['float64', 'float32'] as const) {
      const A = randomMatrix(5, 7, random, { dtype });
      const B = randomMatrix(7, 3, random, { dtype });
      const out = zeros(5, 3, dtype);
      out.data.fill(123);
      const C = matmul(A, B, out);
      expect(C).toBe(out);
      expect(Array.from(C.data)).toEqual(Array.from(matmul(A, B).data));
    }
  });

  it('gives the same result after a large product has grown its scratch buffers', () => {
    const random = createRandom('matmul scratch');
    const A = randomMatrix(3, 5, random, { dtype: 'float32' });
    const B = randomMatrix(5, 2, random, { dtype: 'float32' });
    const before = Array.from(matmul(A, B).data);
    matmul(
      randomMatrix(40, 40, random, { dtype: 'float32' }),
      randomMatrix(40, 40, random, { dtype: 'float32' }),
    );
    expect(Array.from(matmul(A, B).data)).toEqual(before);
  });

  it('rejects operands whose inner dimensions differ, naming B and the shapes', () => {
    const call = () => matmul(zeros(2, 3), zeros(4, 5));
    expect(call).toThrow(GradscopeArgumentError);
    expect(call).toThrow(/B must be a matrix with 3 rows, because A is 2×3.*received a 4×5 matrix/);
  });

  it('rejects a non-matrix operand, naming it', () => {
    expect(() => matmul([[1]] as unknown as Matrix, zeros(1, 1))).toThrow(/A must be a Matrix/);
    expect(() => matmul(zeros(1, 1), null as unknown as Matrix)).toThrow(/B must be a Matrix/);
  });

  it('rejects an out of the wrong shape or dtype, naming out and the expected shape', () => {
    expect(() => matmul(zeros(2, 3), zeros(3, 4), zeros(4, 2))).toThrow(/out must be a matrix of shape 2×4/);
    expect(() => matmul(zeros(2, 3), zeros(3, 4), zeros(2, 4, 'float32'))).toThrow(
      /out must be a float64 matrix of shape 2×4/,
    );
  });

  it('refuses to compute in place: out may not share storage with A or B', () => {
    const A = identity(3);
    expect(() => matmul(A, identity(3), A)).toThrow(
      /out must be a matrix whose storage does not overlap A's/,
    );
    const buffer = new Float64Array(18);
    const B = fromData(3, 3, buffer.subarray(0, 9));
    const out = fromData(3, 3, buffer.subarray(5, 14));
    expect(() => matmul(identity(3), B, out)).toThrow(/does not overlap B's/);
    // Two views of one buffer that do not overlap are fine.
    const disjoint = fromData(3, 3, buffer.subarray(9, 18));
    expect(toArray(matmul(identity(3), B, disjoint))).toEqual(toArray(B));
  });
});

describe('matmulTransA', () => {
  it('computes Wᵀ·delta', () => {
    expect(
      toArray(
        matmulTransA(
          matrix([
            [1, 2],
            [3, 4],
          ]),
          column([1, 1]),
        ),
      ),
    ).toEqual([[4], [6]]);
  });

  it('equals a naive triple loop on the transpose for random shapes', () => {
    const random = createRandom('matmulTransA naive');
    for (const [m, k, n] of shapes(random)) {
      const A = randomMatrix(k, m, random);
      const B = randomMatrix(k, n, random);
      expectCloseToNaive(matmulTransA(A, B), transpose(A), B);
    }
  });

  it('equals matmul(transpose(A), B) bit for bit, in float64 and float32', () => {
    const random = createRandom('matmulTransA bits');
    for (const dtype of ['float64', 'float32'] as const) {
      for (const [m, k, n] of shapes(random)) {
        const A = randomMatrix(k, m, random, { dtype });
        const B = randomMatrix(k, n, random, { dtype });
        expect(Array.from(matmulTransA(A, B).data)).toEqual(Array.from(matmul(transpose(A), B).data));
      }
    }
  });

  it('rejects operands with different row counts, naming B', () => {
    expect(() => matmulTransA(zeros(3, 2), zeros(4, 2))).toThrow(
      /B must be a matrix with 3 rows, because A is 3×2 and Aᵀ·B needs A.rows = B.rows/,
    );
    expect(() => matmulTransA(zeros(3, 2), zeros(3, 5), zeros(5, 2))).toThrow(
      /out must be a matrix of shape 2×5/,
    );
  });
});

describe('matmulTransB', () => {
  it('computes dW = delta·a_prevᵀ, summing over the examples', () => {
    expect(toArray(matmulTransB(matrix([[1, 2]]), matrix([[3, 4]])))).toEqual([[11]]);
  });

  it('equals a naive triple loop on the transpose for random shapes', () => {
    const random = createRandom('matmulTransB naive');
    for (const [m, k, n] of shapes(random)) {
      const A = randomMatrix(m, k, random);
      const B = randomMatrix(n, k, random);
      expectCloseToNaive(matmulTransB(A, B), A, transpose(B));
    }
  });

  it('equals matmul(A, transpose(B)) bit for bit, in float64 and float32', () => {
    const random = createRandom('matmulTransB bits');
    for (const dtype of ['float64', 'float32'] as const) {
      for (const [m, k, n] of shapes(random)) {
        const A = randomMatrix(m, k, random, { dtype });
        const B = randomMatrix(n, k, random, { dtype });
        expect(Array.from(matmulTransB(A, B).data)).toEqual(Array.from(matmul(A, transpose(B)).data));
      }
    }
  });

  it('rejects operands with different column counts, and an out aliasing an input', () => {
    expect(() => matmulTransB(zeros(2, 3), zeros(2, 4))).toThrow(
      /B must be a matrix with 3 columns, because A is 2×3 and A·Bᵀ needs A.cols = B.cols/,
    );
    const A = identity(2);
    expect(() => matmulTransB(identity(2), A, A)).toThrow(/does not overlap B's/);
  });
});
