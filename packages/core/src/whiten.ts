/**
 * Whitening: inputs rescaled so that their second-moment matrix is the identity, the fullest form of "normalised
 * features". LeCun, Bottou, Orr & Müller ("Efficient BackProp", 1998) advise shifting inputs to mean zero,
 * decorrelating them and equalising their variances, because the curvature of the loss in a linear unit's weights
 * is the inputs' second-moment matrix: whitened inputs make it the identity, so no direction of the weights is
 * sharper than another.
 *
 * For inputs X (n features × m examples, one example per column) with S = (1/m)·X·Xᵀ = V·Λ·Vᵀ, ZCA whitening
 * returns S^(−1/2)·X = V·Λ^(−1/2)·Vᵀ·X, whose second-moment matrix is exactly I. Of all the matrices W with
 * (1/m)·(WX)(WX)ᵀ = I, this symmetric one changes the inputs least (Kessy, Lewin & Strimmer, "Optimal whitening
 * and decorrelation", The American Statistician 72(4), 2018). Nothing is subtracted: the second moment, not the
 * covariance, is what the curvature of a bias-free linear layer is made of (centre the rows first for the
 * covariance).
 */

import { symmetricEigen } from './eigen.js';
import { GradscopeArgumentError } from './errors.js';
import { matmul, matmulTransB } from './matmul.js';
import { expectMatrix, zeros, type Matrix } from './matrix.js';

/**
 * The inputs X (features × examples) whitened: S^(−1/2)·X with S = (1/m)·X·Xᵀ, so that the result's second-moment
 * matrix is the identity. Needs at least as many examples as features, and inputs that span every direction.
 *
 * @example
 * ```ts
 * const x = whiten(teacherRegression({ inputSize: 8, samples: 64, random: createRandom(1) }).x);
 * // (1/64)·x·xᵀ = I, up to rounding
 * ```
 */
export function whiten(X: Matrix): Matrix {
  const context = 'whiten';
  expectMatrix('X', X, context);
  const n = X.rows;
  const m = X.cols;
  if (m < n) {
    throw new GradscopeArgumentError(
      'X',
      X,
      `at least as many examples (columns) as features (rows, ${n}): ${m} examples span at most ${m} directions`,
      context,
    );
  }
  const S = matmulTransB(X, X);
  for (let i = 0; i < S.data.length; i++) S.data[i] /= m;
  const { values, vectors: V } = symmetricEigen(S);
  // A direction the inputs (almost) never visit cannot be stretched to unit size.
  const tolerance = values[0] * n * 2 ** -52 * 10;
  if (!(values[n - 1] > tolerance)) {
    throw new GradscopeArgumentError(
      'X',
      X,
      `inputs that span all ${n} directions (their second-moment matrix is singular: smallest eigenvalue ${values[n - 1]})`,
      context,
    );
  }
  const inverseRoot = zeros(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += (V.data[i * n + k] * V.data[j * n + k]) / Math.sqrt(values[k]);
      inverseRoot.data[i * n + j] = sum;
    }
  }
  return matmul(inverseRoot, X);
}
