import { describe, expect, it } from 'vitest';
import { GradscopeArgumentError } from '../src/errors.js';
import { gradientCheck } from '../src/gradcheck.js';
import {
  LOSS_NAMES,
  binaryCrossEntropy,
  meanSquaredError,
  resolveLoss,
  softmaxCrossEntropy,
  type Loss,
} from '../src/losses.js';
import { fromData, matrix, zeros, type Matrix } from '../src/matrix.js';
import { createRandom, type Random } from '../src/random.js';

function randomMatrix(rows: number, cols: number, random: Random, fill: (r: Random) => number): Matrix {
  const m = zeros(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = fill(random);
  return m;
}

/** One-hot targets, classes × m. */
function oneHot(classes: number, m: number, random: Random): Matrix {
  const Y = zeros(classes, m);
  for (let j = 0; j < m; j++) Y.data[random.int(classes) * m + j] = 1;
  return Y;
}

/** Checks loss.gradient against centred differences of loss.value, perturbing the prediction in place. */
function checkLoss(loss: Loss, prediction: Matrix, target: Matrix) {
  const analytic = loss.gradient(prediction, target).data;
  return gradientCheck(() => loss.value(prediction, target), prediction.data as Float64Array, analytic);
}

describe('losses', () => {
  it('mean squared error is (1/2m)·Σ(ŷ − y)² with gradient (ŷ − y)/m', () => {
    const prediction = matrix([
      [1, 2, 3],
      [0, -1, 4],
    ]);
    const target = matrix([
      [0, 2, 1],
      [1, 1, 4],
    ]);
    // residuals 1, 0, 2, −1, −2, 0: squares sum to 10, m = 3 columns.
    expect(meanSquaredError.value(prediction, target)).toBe(10 / 6);
    expect(Array.from(meanSquaredError.gradient(prediction, target).data)).toEqual(
      [1, 0, 2, -1, -2, 0].map((r) => r / 3),
    );
  });

  it('binary cross-entropy of p = 1/2 is log 2 whatever the label', () => {
    const p = matrix([[0.5, 0.5, 0.5, 0.5]]);
    expect(binaryCrossEntropy.value(p, matrix([[1, 0, 1, 0]]))).toBeCloseTo(Math.LN2, 15);
    expect(binaryCrossEntropy.value(p, matrix([[0.3, 0.9, 0.5, 0]]))).toBeCloseTo(Math.LN2, 15);
  });

  it('binary cross-entropy is 0 for exact confident predictions and Infinity (data, not an error) for wrong ones', () => {
    expect(binaryCrossEntropy.value(matrix([[1, 0]]), matrix([[1, 0]]))).toBe(0);
    expect(Array.from(binaryCrossEntropy.gradient(matrix([[1, 0]]), matrix([[1, 0]])).data)).toEqual([
      -0.5, 0.5,
    ]);
    expect(binaryCrossEntropy.value(matrix([[0]]), matrix([[1]]))).toBe(Infinity);
    expect(binaryCrossEntropy.gradient(matrix([[0]]), matrix([[1]])).data[0]).toBe(-Infinity);
  });

  it('softmax cross-entropy of equal logits is log(classes)', () => {
    for (const classes of [2, 3, 10]) {
      const Z = zeros(classes, 4);
      Z.data.fill(7.5);
      const Y = oneHot(classes, 4, createRandom(classes));
      expect(softmaxCrossEntropy.value(Z, Y)).toBeCloseTo(Math.log(classes), 14);
    }
  });

  it('softmax cross-entropy stays finite and exact for logits of ±1000', () => {
    const Z = matrix([
      [1000, -1000],
      [-1000, 1000],
    ]);
    const right = matrix([
      [1, 0],
      [0, 1],
    ]);
    const wrong = matrix([
      [0, 1],
      [1, 0],
    ]);
    expect(softmaxCrossEntropy.value(Z, right)).toBe(0);
    expect(softmaxCrossEntropy.value(Z, wrong)).toBe(2000);
    const g = softmaxCrossEntropy.gradient(Z, wrong).data;
    expect(Array.from(g)).toEqual([0.5, -0.5, -0.5, 0.5]);
  });

  it('mean squared error passes a centred finite-difference check', () => {
    const random = createRandom(1);
    const result = checkLoss(
      meanSquaredError,
      randomMatrix(3, 5, random, (r) => r.normal()),
      randomMatrix(3, 5, random, (r) => r.normal()),
    );
    expect(result.maxRelativeError).toBeLessThan(1e-6);
  });

  it('binary cross-entropy passes a centred finite-difference check, with hard and soft labels', () => {
    const random = createRandom(2);
    // p in [0.05, 0.95] keeps p ± ε inside (0, 1).
    const p = randomMatrix(2, 6, random, (r) => r.uniform(0.05, 0.95));
    const hard = randomMatrix(2, 6, random, (r) => (r.next() < 0.5 ? 0 : 1));
    const soft = randomMatrix(2, 6, random, (r) => r.next());
    expect(checkLoss(binaryCrossEntropy, p, hard).maxRelativeError).toBeLessThan(1e-6);
    expect(checkLoss(binaryCrossEntropy, p, soft).maxRelativeError).toBeLessThan(1e-6);
  });

  it('softmax cross-entropy passes a centred finite-difference check, with one-hot and soft targets', () => {
    const random = createRandom(3);
    // Logits of spread 1 keep every softmax probability above ~1e-3. With a spread of 3 some entries of the
    // gradient fall to ~1e-6, where the difference quotient's rounding noise (~1e-16·L/ε ≈ 1e-11) alone is a
    // relative error of 1e-5: a limit of finite differences, not of the gradient.
    const Z = randomMatrix(4, 5, random, (r) => r.normal(0, 1));
    expect(checkLoss(softmaxCrossEntropy, Z, oneHot(4, 5, random)).maxRelativeError).toBeLessThan(1e-6);
    // Targets that do not sum to 1 exercise the general gradient softmax·Σy − y.
    const unnormalised = randomMatrix(4, 5, random, (r) => r.next());
    expect(checkLoss(softmaxCrossEntropy, Z, unnormalised).maxRelativeError).toBeLessThan(1e-6);
  });

  it('writes gradients into out (even the target itself) and keeps the prediction’s dtype', () => {
    const Z = matrix([[1], [2], [3]]);
    const Y = matrix([[0], [1], [0]]);
    const expected = Array.from(softmaxCrossEntropy.gradient(Z, Y).data);
    const out = zeros(3, 1);
    expect(softmaxCrossEntropy.gradient(Z, Y, out)).toBe(out);
    expect(Array.from(out.data)).toEqual(expected);
    softmaxCrossEntropy.gradient(Z, Y, Y);
    expect(Array.from(Y.data)).toEqual(expected);
    const p32 = fromData(1, 2, new Float32Array([0.25, 0.75]));
    expect(meanSquaredError.gradient(p32, matrix([[0, 1]])).dtype).toBe('float32');
  });

  it('rejects a target of the wrong shape, naming target', () => {
    for (const loss of [meanSquaredError, binaryCrossEntropy, softmaxCrossEntropy]) {
      expect(() => loss.value(zeros(2, 3), zeros(3, 2))).toThrow(/target must be a matrix of shape 2×3/);
      expect(() => loss.gradient(zeros(2, 3), zeros(2, 2))).toThrow(/target/);
      expect(() => loss.gradient(zeros(2, 3), zeros(2, 3), zeros(1, 3))).toThrow(/out/);
    }
    expect(() => meanSquaredError.value([[1]] as never, zeros(1, 1))).toThrow(/prediction/);
  });

  it('resolves names to the losses and rejects unknown ones, listing the names', () => {
    expect(resolveLoss('mse', 'loss', 'fit')).toBe(meanSquaredError);
    expect(resolveLoss('bce', 'loss', 'fit')).toBe(binaryCrossEntropy);
    expect(resolveLoss('softmaxCrossEntropy', 'loss', 'fit')).toBe(softmaxCrossEntropy);
    for (const name of LOSS_NAMES) expect(resolveLoss(name, 'loss', 'fit').name).toBe(name);
    expect(resolveLoss(meanSquaredError, 'loss', 'fit')).toBe(meanSquaredError);
    expect(() => resolveLoss('crossEntropy', 'loss', 'fit')).toThrow(GradscopeArgumentError);
    expect(() => resolveLoss('crossEntropy', 'loss', 'fit')).toThrow(/"mse", "bce", "softmaxCrossEntropy"/);
    expect(() => resolveLoss(3, 'loss', 'fit')).toThrow(/^fit: loss must be/);
    expect(() => resolveLoss('mse ', 'loss', 'fit')).toThrow(/did you mean "mse"/);
  });
});
