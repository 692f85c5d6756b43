import { describe, expect, it } from 'vitest';
import { GradscopeArgumentError } from '../src/errors.js';
import { FLOAT32_MAX } from '../src/dtype.js';
import { column, fromData, identity, matrix, toArray, zeros } from '../src/matrix.js';
import { matmul } from '../src/matmul.js';
import {
  add,
  addColumnBroadcast,
  frobeniusNorm,
  hadamard,
  matrixPower,
  maxAbs,
  scale,
  spectralNorm,
  spectralRadius,
  subtract,
  sumColumns,
  transpose,
  vectorNorm,
} from '../src/linalg.js';
import { qr } from '../src/qr.js';
import { symmetricEigen } from '../src/eigen.js';
import { singularValues } from '../src/svd.js';
import { createRandom } from '../src/random.js';
import { randomMatrix } from './support/matrices.js';

describe('transpose', () => {
  it('swaps rows and columns, and twice gives A back', () => {
    const A = matrix([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(toArray(transpose(A))).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(toArray(transpose(transpose(A)))).toEqual(toArray(A));
  });

  it('keeps the dtype and writes into out', () => {
    const A = matrix([[1, 2]], 'float32');
    const out = zeros(2, 1, 'float32');
    expect(transpose(A, out)).toBe(out);
    expect(toArray(out)).toEqual([[1], [2]]);
  });

  it('refuses out = A and an out of the wrong shape', () => {
    const A = identity(2);
    expect(() => transpose(A, A)).toThrow(/cannot be formed in place/);
    expect(() => transpose(zeros(2, 3), zeros(2, 3))).toThrow(/out must be a matrix of shape 3×2/);
  });
});

describe('add, subtract, hadamard and scale', () => {
  const A = matrix([
    [1, -2],
    [3, 4],
  ]);
  const B = matrix([
    [10, 20],
    [-30, 0.5],
  ]);

  it('compute entry by entry', () => {
    expect(toArray(add(A, B))).toEqual([
      [11, 18],
      [-27, 4.5],
    ]);
    expect(toArray(subtract(A, B))).toEqual([
      [-9, -22],
      [33, 3.5],
    ]);
    expect(toArray(hadamard(A, B))).toEqual([
      [10, -40],
      [-90, 2],
    ]);
    expect(toArray(scale(A, 1.5))).toEqual([
      [1.5, -3],
      [4.5, 6],
    ]);
  });

  it('update in place when out is one of the inputs', () => {
    const X = matrix([[1, 2]]);
    expect(add(X, matrix([[1, 1]]), X)).toBe(X);
    expect(toArray(X)).toEqual([[2, 3]]);
    const Y = matrix([[3, 4]]);
    subtract(matrix([[10, 10]]), Y, Y);
    expect(toArray(Y)).toEqual([[7, 6]]);
    hadamard(Y, Y, Y);
    expect(toArray(Y)).toEqual([[49, 36]]);
    scale(Y, 0.5, Y);
    expect(toArray(Y)).toEqual([[24.5, 18]]);
  });

  it('round to the dtype of A in float32', () => {
    const C = add(matrix([[0.1]], 'float32'), matrix([[0.2]], 'float32'));
    expect(C.data[0]).toBe(Math.fround(Math.fround(0.1) + Math.fround(0.2)));
    expect(scale(matrix([[FLOAT32_MAX]], 'float32'), 2).data[0]).toBe(Infinity);
  });

  it('treat a non-finite scale factor as data (IEEE rules), but reject a non-number', () => {
    expect(Array.from(scale(matrix([[0, 1]]), Infinity).data)).toEqual([NaN, Infinity]);
    expect(() => scale(A, '2' as unknown as number)).toThrow(/scale: s must be a number; received "2"/);
  });

  it('reject mismatched shapes naming B, and a partially overlapping out', () => {
    expect(() => add(A, zeros(2, 3))).toThrow(GradscopeArgumentError);
    expect(() => hadamard(A, zeros(3, 2))).toThrow(
      /hadamard: B must be a matrix of shape 2×2; received a 3×2/,
    );
    const buffer = new Float64Array(6);
    const X = fromData(2, 2, buffer.subarray(0, 4));
    const shifted = fromData(2, 2, buffer.subarray(2, 6));
    expect(() => add(X, X, shifted)).toThrow(/A itself or a matrix whose storage does not overlap/);
  });
});

describe('addColumnBroadcast', () => {
  it('adds the bias column to every example (column): z = W·a + b', () => {
    const Z = matrix([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(toArray(addColumnBroadcast(Z, column([10, 20])))).toEqual([
      [11, 12, 13],
      [24, 25, 26],
    ]);
    expect(addColumnBroadcast(Z, column([1, 1]), Z)).toBe(Z);
    expect(toArray(Z)).toEqual([
      [2, 3, 4],
      [5, 6, 7],
    ]);
  });

  it('rejects a bias that is not an n×1 column', () => {
    expect(() => addColumnBroadcast(zeros(2, 3), zeros(1, 2))).toThrow(
      /addColumnBroadcast: b must be a matrix of shape 2×1/,
    );
  });
});

describe('sumColumns', () => {
  it('sums over the examples (columns), giving an n×1 column as for db', () => {
    expect(
      toArray(
        sumColumns(
          matrix([
            [1, 2, 3],
            [4, 5, 6],
          ]),
        ),
      ),
    ).toEqual([[6], [15]]);
  });

  it('accumulates in float64 and rounds once in float32', () => {
    // Summed in float32, 1 + 2^-24 rounds back to 1 (ties to even) twice; in float64 the sum 1 + 2^-23 is exact
    // and is itself a float32.
    const A = matrix([[1, 2 ** -24, 2 ** -24]], 'float32');
    expect(sumColumns(A).data[0]).toBe(1 + 2 ** -23);
  });

  it('writes into out and rejects an out of the wrong shape', () => {
    const out = zeros(2, 1);
    expect(
      sumColumns(
        matrix([
          [1, 1],
          [2, 2],
        ]),
        out,
      ),
    ).toBe(out);
    expect(toArray(out)).toEqual([[2], [4]]);
    expect(() => sumColumns(zeros(2, 3), zeros(1, 2))).toThrow(/out must be a matrix of shape 2×1/);
  });
});

describe('norms', () => {
  it('frobeniusNorm is sqrt(Σ a²) and neither overflows nor underflows', () => {
    expect(frobeniusNorm(matrix([[3, 4]]))).toBe(5);
    expect(frobeniusNorm(matrix([[3e200], [4e200]])) / 5e200).toBeCloseTo(1, 15);
    expect(frobeniusNorm(matrix([[3e-200, 4e-200]])) / 5e-200).toBeCloseTo(1, 15);
    expect(frobeniusNorm(zeros(3, 3))).toBe(0);
  });

  it('frobeniusNorm reports exploded entries as Infinity and NaN, without throwing', () => {
    expect(frobeniusNorm(matrix([[1, Infinity]]))).toBe(Infinity);
    expect(frobeniusNorm(matrix([[-Infinity, NaN]]))).toBeNaN();
    expect(frobeniusNorm(matrix([[1e300, 1e300]])) / (Math.SQRT2 * 1e300)).toBeCloseTo(1, 15);
  });

  it('maxAbs is the largest |entry|, NaN when an entry is NaN', () => {
    expect(
      maxAbs(
        matrix([
          [1, -7],
          [3, 2],
        ]),
      ),
    ).toBe(7);
    expect(maxAbs(matrix([[1, NaN, 2]]))).toBeNaN();
    expect(maxAbs(matrix([[NaN, 1]]))).toBeNaN();
    expect(maxAbs(matrix([[-Infinity, 1]]))).toBe(Infinity);
  });

  it('vectorNorm takes plain and typed arrays and equals frobeniusNorm on a matrix data', () => {
    expect(vectorNorm([3, 4])).toBe(5);
    expect(vectorNorm(new Float32Array([6, 8]))).toBe(10);
    expect(vectorNorm([])).toBe(0);
    const W = randomMatrix(4, 5, createRandom('vectorNorm'));
    expect(vectorNorm(W.data)).toBe(frobeniusNorm(W));
  });

  it('vectorNorm rejects what is not an array of numbers', () => {
    expect(() => vectorNorm('34' as unknown as number[])).toThrow(/data must be an array or typed array/);
    expect(() => vectorNorm([1, '2'] as unknown as number[])).toThrow(/data\[1\] must be a number/);
  });
});

describe('matrixPower', () => {
  it('raises the lecture matrix: (1.5·I)^10 = 1.5^10·I', () => {
    const P = matrixPower(identity(2, 1.5), 10);
    expect(P.data[0]).toBeCloseTo(1.5 ** 10, 12);
    expect(P.data[1]).toBe(0);
    expect(P.data[3]).toBeCloseTo(1.5 ** 10, 12);
  });

  it('gives [[1, k], [0, 1]] for the shear [[1, 1], [0, 1]] and I for k = 0', () => {
    for (const k of [0, 1, 2, 3, 7, 64, 1000]) {
      expect(
        toArray(
          matrixPower(
            matrix([
              [1, 1],
              [0, 1],
            ]),
            k,
          ),
        ),
      ).toEqual([
        [1, k],
        [0, 1],
      ]);
    }
  });

  it('agrees with repeated multiplication', () => {
    const A = scale(randomMatrix(5, 5, createRandom('matrixPower')), 0.4);
    let expected = identity(5);
    for (let k = 1; k <= 13; k++) {
      expected = matmul(expected, A);
      const P = matrixPower(A, k);
      for (let i = 0; i < 25; i++) expect(P.data[i]).toBeCloseTo(expected.data[i], 12);
    }
  });

  it('overflows in float32 at the power where float32 does: 2^127 is finite, 2^128 is not', () => {
    expect(matrixPower(identity(2, 2, 'float32'), 127).data[0]).toBe(2 ** 127);
    expect(matrixPower(identity(2, 2, 'float32'), 128).data[0]).toBe(Infinity);
    expect(matrixPower(identity(2, 2), 128).data[0]).toBe(2 ** 128);
    expect(matrixPower(identity(2, 2, 'float32'), 3).dtype).toBe('float32');
  });

  it('rejects a non-square matrix and a negative or fractional power', () => {
    expect(() => matrixPower(zeros(2, 3), 2)).toThrow(/matrixPower: A must be a square matrix/);
    expect(() => matrixPower(identity(2), -1)).toThrow(/k must be a non-negative integer; received -1/);
    expect(() => matrixPower(identity(2), 1.5)).toThrow(/k must be a non-negative integer/);
  });
});

describe('spectralNorm', () => {
  it('gives k for k·I, 2 for [[1, 1], [1, 1]] and ‖u‖·‖v‖ for a rank-one uvᵀ', () => {
    expect(spectralNorm(identity(3, 1.5))).toBe(1.5);
    expect(
      spectralNorm(
        matrix([
          [1, 1],
          [1, 1],
        ]),
      ),
    ).toBeCloseTo(2, 15);
    const u = [1, 2, 2];
    const v = [3, 4];
    const uv = matrix(u.map((x) => v.map((y) => x * y)));
    expect(spectralNorm(uv)).toBeCloseTo(15, 14);
  });

  it('equals the largest singular value of a random matrix below the exact-SVD limit', () => {
    const A = randomMatrix(30, 20, createRandom('spectralNorm small'));
    expect(spectralNorm(A)).toBe(singularValues(A)[0]);
  });

  it('by power iteration on a large Gaussian matrix, agrees with the SVD to 1e-9', () => {
    // 100×80 is above the exact limit (64), so this exercises the power iteration; the SVD is the reference.
    const A = randomMatrix(100, 80, createRandom('spectralNorm large'));
    const sigma = singularValues(A)[0];
    const estimate = spectralNorm(A);
    expect(Math.abs(estimate - sigma) / sigma).toBeLessThan(1e-9);
    expect(spectralNorm(transpose(A)) / sigma).toBeCloseTo(1, 9);
  });

  it('gives 1 for a large orthogonal matrix, and scales with huge entries', () => {
    const { Q } = qr(randomMatrix(90, 90, createRandom('spectralNorm orthogonal')));
    expect(spectralNorm(Q)).toBeCloseTo(1, 13);
    expect(spectralNorm(scale(Q, 1e250)) / 1e250).toBeCloseTo(1, 13);
  });

  it('returns 0, Infinity and NaN for zero, infinite and NaN entries', () => {
    expect(spectralNorm(zeros(3, 2))).toBe(0);
    expect(spectralNorm(matrix([[1, Infinity]]))).toBe(Infinity);
    expect(spectralNorm(matrix([[NaN, Infinity]]))).toBeNaN();
  });

  it('validates its options', () => {
    expect(() => spectralNorm(identity(2), { maxIterations: 0 })).toThrow(
      /options.maxIterations must be a positive/,
    );
    expect(() => spectralNorm(identity(2), { tolerance: -1 })).toThrow(
      /options.tolerance must be a number in \[0, 1\)/,
    );
  });
});

describe('spectralRadius', () => {
  it('gives k for k·I and 2 for the rotation-scaling [[0, −2], [2, 0]] (eigenvalues ±2i)', () => {
    expect(spectralRadius(identity(2, 1.5))).toBe(1.5);
    expect(
      spectralRadius(
        matrix([
          [0, -2],
          [2, 0],
        ]),
      ),
    ).toBeCloseTo(2, 15);
  });

  it('gives 0 for a nilpotent matrix, although its norm is 1', () => {
    const N = matrix([
      [0, 1],
      [0, 0],
    ]);
    expect(spectralRadius(N)).toBe(0);
    expect(spectralNorm(N)).toBe(1);
  });

  it('reads a triangular matrix off its diagonal and a companion matrix off its roots', () => {
    expect(
      spectralRadius(
        matrix([
          [0.5, 100],
          [0, -0.9],
        ]),
      ),
    ).toBeCloseTo(0.9, 14);
    // Roots 1 ± 2i and 0.5: (x² − 2x + 5)(x − 0.5) = x³ − 2.5x² + 6x − 2.5, so ρ = |1 ± 2i| = √5.
    expect(
      spectralRadius(
        matrix([
          [2.5, -6, 2.5],
          [1, 0, 0],
          [0, 1, 0],
        ]),
      ),
    ).toBeCloseTo(Math.sqrt(5), 13);
  });

  it('equals max |λ| from symmetricEigen for a symmetric matrix', () => {
    const G = randomMatrix(12, 12, createRandom('spectralRadius symmetric'));
    const S = zeros(12, 12);
    for (let i = 0; i < 12; i++) {
      for (let j = 0; j < 12; j++) S.data[i * 12 + j] = G.data[i * 12 + j] + G.data[j * 12 + i];
    }
    const { values } = symmetricEigen(S);
    expect(spectralRadius(S)).toBe(Math.max(Math.abs(values[0]), Math.abs(values[11])));
  });

  it('is approached by Gelfand’s ‖A^L‖^(1/L) for a random matrix', () => {
    // ‖A^L‖^(1/L) → ρ(A) from above with relative error about log(C)/L (C from the eigenvector basis); at L = 400
    // it is 0.18 % high here, so the 0.5 % check leaves room without being loose.
    const A = scale(randomMatrix(6, 6, createRandom('spectralRadius gelfand')), 0.5);
    const rho = spectralRadius(A);
    const L = 400;
    expect(spectralNorm(matrixPower(A, L)) ** (1 / L) / rho).toBeCloseTo(1, 2);
  });

  it('returns NaN for non-finite entries and rejects a non-square matrix', () => {
    expect(
      spectralRadius(
        matrix([
          [1, NaN],
          [0, 1],
        ]),
      ),
    ).toBeNaN();
    expect(
      spectralRadius(
        matrix([
          [Infinity, 0],
          [0, 1],
        ]),
      ),
    ).toBeNaN();
    expect(() => spectralRadius(zeros(2, 3))).toThrow(/A must be a square matrix \(it is 2×3\)/);
  });
});
