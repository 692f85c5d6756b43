// realEigenvectors: each vector v is a unit vector with A·v = λ·v, the count per eigenvalue is its geometric
// multiplicity, and the matrices whose eigenvectors are known in closed form give exactly those.
import { describe, expect, it } from 'vitest';
import { realEigenvectors } from '../src/eigenvectors.js';
import { eigenvalues } from '../src/eigen.js';
import { GradscopeArgumentError } from '../src/errors.js';
import { identity, matrix, zeros, type Matrix } from '../src/matrix.js';
import { matmul, matmulTransB } from '../src/matmul.js';
import { qr } from '../src/qr.js';
import { createRandom } from '../src/random.js';
import { randomMatrix } from './support/matrices.js';

/** ‖A·v − λ·v‖ / ‖A‖_max: how far v is from being an eigenvector of λ. */
function residual(A: Matrix, value: number, v: Float64Array): number {
  const n = A.rows;
  let worst = 0;
  let size = 0;
  for (let i = 0; i < n; i++) {
    let Av = 0;
    for (let j = 0; j < n; j++) {
      Av += A.data[i * n + j] * v[j];
      size = Math.max(size, Math.abs(A.data[i * n + j]));
    }
    worst = Math.max(worst, Math.abs(Av - value * v[i]));
  }
  return worst / size;
}

const unit = (v: Float64Array) => Math.hypot(...v);

describe('realEigenvectors', () => {
  it('finds (1, 1)/√2 for λ = 3 and (1, −1)/√2 for λ = 1 in [[2, 1], [1, 2]]', () => {
    const [first, second] = realEigenvectors(
      matrix([
        [2, 1],
        [1, 2],
      ]),
    );
    expect(first.value).toBeCloseTo(3, 14);
    expect(second.value).toBeCloseTo(1, 14);
    for (const [got, want] of [
      [first.vector, [Math.SQRT1_2, Math.SQRT1_2]],
      [second.vector, [Math.SQRT1_2, -Math.SQRT1_2]],
    ] as const) {
      for (let i = 0; i < 2; i++) expect(got[i]).toBeCloseTo(want[i], 14);
    }
  });

  it('finds one direction for the defective Jordan block [[0.9, 5], [0, 0.9]]: e₁', () => {
    const found = realEigenvectors(
      matrix([
        [0.9, 5],
        [0, 0.9],
      ]),
    );
    expect(found).toHaveLength(1);
    expect(found[0].value).toBe(0.9);
    expect(found[0].vector[0]).toBeCloseTo(1, 14);
    expect(found[0].vector[1]).toBeCloseTo(0, 14);
  });

  it('finds two orthonormal directions for k·I and for the zero matrix, where every direction is kept', () => {
    for (const [A, k] of [
      [identity(2, 1.5), 1.5],
      [identity(3, -0.5), -0.5],
      [zeros(2, 2), 0],
    ] as const) {
      const found = realEigenvectors(A);
      expect(found).toHaveLength(A.rows);
      for (const { value, vector } of found) {
        expect(value).toBe(k);
        expect(unit(vector)).toBeCloseTo(1, 14);
      }
      const [u, v] = found;
      expect(Math.abs(u.vector.reduce((s, x, i) => s + x * v.vector[i], 0))).toBeLessThan(1e-14);
    }
  });

  it('finds none for a rotation, whose eigenvalues are complex', () => {
    expect(
      realEigenvectors(
        matrix([
          [0, -1],
          [1, 0],
        ]),
      ),
    ).toEqual([]);
    const turn = Math.PI / 7;
    expect(
      realEigenvectors(
        matrix([
          [Math.cos(turn), -Math.sin(turn)],
          [Math.sin(turn), Math.cos(turn)],
        ]),
      ),
    ).toEqual([]);
  });

  it('gives a unit eigenvector for every real eigenvalue of random matrices, and none for complex ones', () => {
    const random = createRandom(7);
    for (const n of [2, 3, 5, 8]) {
      for (let trial = 0; trial < 10; trial++) {
        const A = randomMatrix(n, n, random);
        const { im } = eigenvalues(A);
        const realCount = im.filter((x) => x === 0).length;
        const found = realEigenvectors(A);
        expect(found).toHaveLength(realCount);
        for (const { value, vector } of found) {
          expect(unit(vector)).toBeCloseTo(1, 12);
          expect(residual(A, value, vector)).toBeLessThan(1e-10);
          const largest = vector.reduce((m, x) => (Math.abs(x) > Math.abs(m) ? x : m), 0);
          expect(largest).toBeGreaterThan(0);
        }
      }
    }
  });

  it('gives a defective eigenvalue of a larger matrix one direction, not two, also when the basis is turned', () => {
    // A 2×2 Jordan block for λ = 2 and a simple eigenvalue −1, seen in a random orthonormal basis Q: A = Q·J·Qᵀ.
    // Its eigenvectors are Q·e₁ (for 2) and Q·e₃ (for −1); rounding splits the computed 2s by about √ε.
    const J = matrix([
      [2, 1, 0],
      [0, 2, 0],
      [0, 0, -1],
    ]);
    const { Q } = qr(randomMatrix(3, 3, createRandom(3)));
    const A = matmulTransB(matmul(Q, J), Q);
    const found = realEigenvectors(A);
    expect(found).toHaveLength(2);
    expect(found[0].value).toBeCloseTo(2, 6);
    expect(found[1].value).toBeCloseTo(-1, 12);
    for (const [{ vector }, column] of [
      [found[0], 0],
      [found[1], 2],
    ] as const) {
      const overlap = vector.reduce((s, x, i) => s + x * Q.data[i * 3 + column], 0);
      expect(Math.abs(overlap)).toBeCloseTo(1, 6);
    }
  });

  it('rejects a non-square matrix and non-finite entries, naming itself', () => {
    expect(() => realEigenvectors(zeros(2, 3))).toThrow(GradscopeArgumentError);
    expect(() =>
      realEigenvectors(
        matrix([
          [1, NaN],
          [0, 1],
        ]),
      ),
    ).toThrow(/^realEigenvectors: A must be/);
  });
});
