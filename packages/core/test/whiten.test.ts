import { describe, expect, it } from 'vitest';
import { matmul, matmulTransB } from '../src/matmul.js';
import { fromData, matrix, zeros } from '../src/matrix.js';
import { createRandom, fillNormal } from '../src/random.js';
import { whiten } from '../src/whiten.js';
import { thrown } from './support/errors.js';

/** (1/m)·X·Xᵀ. */
function secondMoment(X: ReturnType<typeof zeros>) {
  const S = matmulTransB(X, X);
  return Array.from(S.data, (v) => v / X.cols);
}

/** Gaussian inputs with correlated, unequal features: X = M·G for a fixed mixing matrix M. */
function correlatedInputs(n: number, m: number, seed: number) {
  const random = createRandom(seed);
  const M = fromData(n, n, fillNormal(new Float64Array(n * n), random));
  return matmul(M, fromData(n, m, fillNormal(new Float64Array(n * m), random)));
}

describe('whiten', () => {
  it('makes the second-moment matrix the identity, for as few examples as features and for many more', () => {
    for (const [n, m] of [
      [8, 8],
      [4, 100],
    ]) {
      const S = secondMoment(whiten(correlatedInputs(n, m, n + m)));
      S.forEach((v, i) => expect(Math.abs(v - (i % (n + 1) === 0 ? 1 : 0))).toBeLessThan(1e-10));
    }
  });

  it('is the symmetric (ZCA) whitening: W = S^(−1/2) is symmetric, and inputs already white are left alone', () => {
    const X = correlatedInputs(3, 50, 2);
    const white = whiten(X);
    // white = W·X, so white·Xᵀ = m·W·S; for W = S^(−1/2) that is m·S^(1/2), a symmetric matrix. (Another
    // whitening, W = Q·S^(−1/2) with Q orthogonal, gives m·Q·S^(1/2), which is not.)
    const WS = matmulTransB(white, X);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        expect(Math.abs(WS.data[i * 3 + j] - WS.data[j * 3 + i])).toBeLessThan(1e-9 * 50);
      }
    const again = whiten(white);
    again.data.forEach((v, i) => expect(Math.abs(v - white.data[i])).toBeLessThan(1e-12));
  });

  it('scales the inputs back: inputs ten times larger come out the same', () => {
    const X = correlatedInputs(4, 20, 3);
    const tenfold = fromData(
      4,
      20,
      X.data.map((v) => 10 * v),
    );
    const a = whiten(X);
    const b = whiten(tenfold);
    a.data.forEach((v, i) => expect(Math.abs(v - b.data[i])).toBeLessThan(1e-12));
  });

  it('refuses fewer examples than features and inputs that miss a direction, naming itself', () => {
    expect(thrown(() => whiten(zeros(3, 2))).message).toMatch(/^whiten: X must be at least as many examples/);
    const flat = matrix([
      [1, 2, 3, 4],
      [2, 4, 6, 8],
    ]);
    expect(thrown(() => whiten(flat)).message).toMatch(/span all 2 directions/);
    expect(thrown(() => whiten([[1]] as never)).argument).toBe('X');
  });
});
