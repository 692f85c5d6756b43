/**
 * Every number in the lesson "Capping the gradient: what clipping can and cannot do", checked against a closed
 * form or an independent computation, and against what the lesson's examples show. A site test fails when the
 * prose states an n.<name> that this file does not check.
 *
 * The independent computation is a ReLU network written here with plain arrays: forward, backward
 * (delta^[l] = g'(z^[l]) ⊙ W^[l+1]ᵀ delta^[l+1], dW^[l] = delta^[l] a^[l−1]ᵀ, db^[l] = Σ_columns delta^[l]),
 * clipping and the update, started from the weights the engine drew. It shares no code with fit, clipGradNorm,
 * clipGradValue or layerGradNorms.
 *
 * The lesson: content/4-remedies/gradient-clipping.mdx
 */
import { describe, expect, test } from 'vitest';

import * as n from '../../content/4-remedies/gradient-clipping/numbers.ts';
import { relative, runEditedExample, runExample } from '../support/claims.ts';

const folder = new URL('../../content/4-remedies/gradient-clipping/', import.meta.url);
const example = (name: string) => runExample(new URL(`${name}.ts`, folder));
const logged = (lines: unknown[][], start: string) => {
  const line = lines.find((args) => String(args[0]).startsWith(start));
  expect(line, `a logged line starting "${start}"`).toBeDefined();
  return line!.slice(1);
};
/** The whole of a logged line that is one string. */
const lineOf = (lines: unknown[][], start: string) => {
  const line = lines.find((args) => String(args[0]).startsWith(start));
  expect(line, `a logged line starting "${start}"`).toBeDefined();
  return String(line![0]);
};

// The same float64 sums in another order: a few units in the last place, amplified a little by the depth.
const CLOSE = 1e-10;

// ------------------------------------------------------------------------ an independent ReLU network

interface Plain {
  W: Float64Array[]; // W[l] is n_l × n_{l−1}, row-major
  b: Float64Array[];
  sizes: number[];
}

function plainCopy(scale: number): Plain {
  const net = n.network(scale);
  const W: Float64Array[] = [];
  const b: Float64Array[] = [];
  for (let i = 0; i < net.params.length; i += 2) {
    W.push(Float64Array.from(net.params[i].value.data));
    b.push(Float64Array.from(net.params[i + 1].value.data));
  }
  return { W, b, sizes: [n.width, ...new Array<number>(n.depth - 1).fill(n.width), 1] };
}

/** Inputs and targets as columns: x[j] is example j. */
const m = n.data.x.cols;
const X = Array.from({ length: m }, (_, j) =>
  Float64Array.from({ length: n.width }, (_, i) => n.data.x.data[i * m + j]),
);
const Y = Array.from({ length: m }, (_, j) => n.data.y.data[j]);

/** Loss ½·mean ‖ŷ − y‖², and the gradient of every W and b, one example at a time. */
function lossAndGrads(net: Plain) {
  const L = net.W.length;
  const dW = net.W.map((w) => new Float64Array(w.length));
  const db = net.b.map((bias) => new Float64Array(bias.length));
  const deltaSq = new Float64Array(L); // Σ over examples and units of delta², per layer
  let loss = 0;
  let finite = true;
  for (let j = 0; j < m; j++) {
    const a: Float64Array[] = [X[j]];
    const z: Float64Array[] = [];
    for (let l = 0; l < L; l++) {
      const rows = net.sizes[l + 1];
      const cols = net.sizes[l];
      const zl = new Float64Array(rows);
      for (let r = 0; r < rows; r++) {
        let s = net.b[l][r];
        for (let c = 0; c < cols; c++) s += net.W[l][r * cols + c] * a[l][c];
        zl[r] = s;
      }
      z.push(zl);
      a.push(l === L - 1 ? zl : zl.map((v) => Math.max(v, 0)));
      if (!zl.every(Number.isFinite)) finite = false;
    }
    const error = a[L][0] - Y[j];
    loss += (error * error) / (2 * m);
    let delta = Float64Array.of(error / m);
    for (let l = L - 1; l >= 0; l--) {
      const rows = net.sizes[l + 1];
      const cols = net.sizes[l];
      for (let r = 0; r < rows; r++) {
        deltaSq[l] += delta[r] * delta[r];
        db[l][r] += delta[r];
        for (let c = 0; c < cols; c++) dW[l][r * cols + c] += delta[r] * a[l][c];
      }
      if (l > 0) {
        const below = new Float64Array(cols);
        for (let c = 0; c < cols; c++) {
          let s = 0;
          for (let r = 0; r < rows; r++) s += net.W[l][r * cols + c] * delta[r];
          below[c] = z[l - 1][c] > 0 ? s : 0; // ReLU′(z) = 1 for z > 0, else 0
        }
        delta = below;
      }
    }
  }
  const flat = [...dW.flatMap((w, l) => [w, db[l]])]; // in the order of net.params: W1, b1, W2, …
  return {
    loss,
    dW,
    db,
    flat,
    deltaNorm: Array.from(deltaSq, Math.sqrt),
    finite: finite && Number.isFinite(loss),
  };
}

const sumOfSquares = (parts: ArrayLike<number>[]) =>
  parts.reduce((total, part) => total + Array.from(part).reduce((s, v) => s + v * v, 0), 0);
const normOf = (part: ArrayLike<number>) => Math.sqrt(sumOfSquares([part]));
const dot = (u: ArrayLike<number>[], v: ArrayLike<number>[]) =>
  u.reduce((total, part, p) => total + Array.from(part).reduce((s, x, i) => s + x * v[p][i], 0), 0);
const degreesBetween = (u: ArrayLike<number>[], v: ArrayLike<number>[]) =>
  (Math.acos(Math.min(1, dot(u, v) / Math.sqrt(sumOfSquares(u) * sumOfSquares(v)))) * 180) / Math.PI;

/** Plain gradient descent, optionally with norm clipping, recording the loss, ‖g‖ and the clipped steps. */
function plainTrain(scale: number, clip: number | undefined, steps = n.steps) {
  const net = plainCopy(scale);
  const losses: number[] = [];
  const gradNorms: number[] = [];
  const clipped: number[] = [];
  let firstMove = NaN;
  for (let step = 1; step <= steps; step++) {
    const { loss, flat, finite } = lossAndGrads(net);
    const norm = Math.sqrt(sumOfSquares(flat));
    if (!finite || !Number.isFinite(norm)) return { losses, gradNorms, clipped, stoppedAt: step, firstMove };
    losses.push(loss);
    gradNorms.push(norm);
    const factor = clip !== undefined && norm > clip ? clip / norm : 1;
    if (factor < 1) clipped.push(step);
    let moveSq = 0;
    flat.forEach((g, p) => {
      const param = p % 2 === 0 ? net.W[p / 2] : net.b[(p - 1) / 2];
      for (let i = 0; i < g.length; i++) {
        const change = n.learningRate * factor * g[i];
        param[i] -= change;
        moveSq += change * change;
      }
    });
    if (step === 1) firstMove = Math.sqrt(moveSq);
  }
  return { losses, gradNorms, clipped, stoppedAt: undefined, firstMove };
}

// ------------------------------------------------------------------------------------ the claims

describe('a gradient of two entries: norm clipping keeps the direction, value clipping turns it', () => {
  const [g1, g2] = n.toyGradient;
  const length = Math.sqrt(g1 * g1 + g2 * g2);

  test('‖g‖ and its angle, by hand', () => {
    expect(relative(n.toyNorm, Math.sqrt(9.16))).toBeLessThan(1e-15);
    expect(relative(n.toyAngle, (Math.atan(g2 / g1) * 180) / Math.PI)).toBeLessThan(1e-14);
  });

  test('clipped by norm: g/‖g‖ (c = 1), at the same angle', () => {
    expect(n.toyThreshold).toBe(1);
    expect(relative(n.toyNormClipped[0], g1 / length)).toBeLessThan(1e-15);
    expect(relative(n.toyNormClipped[1], g2 / length)).toBeLessThan(1e-15);
    expect(relative(n.toyNormAngle, n.toyAngle)).toBeLessThan(1e-14);
  });

  test('clipped by value: (1, 0.4), of length √1.16, at arctan 0.4', () => {
    expect(n.toyValueClipped).toEqual([1, 0.4]);
    expect(relative(n.toyValueNorm, Math.sqrt(1.16))).toBeLessThan(1e-15);
    expect(relative(n.toyValueAngle, (Math.atan(0.4) * 180) / Math.PI)).toBeLessThan(1e-14);
    expect(n.toyValueAngle / n.toyAngle).toBeGreaterThan(2.5); // "almost three times as steeply"
  });

  test('the example shows the same three rows', async () => {
    const { shown } = await example('norm-versus-value');
    const rows = shown[0] as Record<string, number>[];
    expect(relative(rows[0].length, n.toyNorm)).toBeLessThan(1e-15);
    expect(relative(rows[1]['angle (degrees)'], n.toyNormAngle)).toBeLessThan(1e-14);
    expect(relative(rows[1].length, 1)).toBeLessThan(1e-15);
    expect(relative(rows[2]['angle (degrees)'], n.toyValueAngle)).toBeLessThan(1e-14);
    expect(relative(rows[2].length, n.toyValueNorm)).toBeLessThan(1e-15);
  });
});

describe('the setup', () => {
  test('the network and the data are the stated sizes', () => {
    expect(n.network(1).layers.length).toBe(n.depth);
    expect([n.depth, n.width, n.samples, n.data.x.rows, n.data.x.cols]).toEqual([24, 16, 64, 16, 64]);
    expect([n.learningRate, n.steps, n.clipNorm, n.valueLimit, n.largeScale, n.smallScale]).toEqual([
      0.02, 300, 10, 0.1, 1.2, 0.5,
    ]);
  });

  test('weights k times He’s make a ReLU network without biases at the start compute k^L times its output', () => {
    // Positive homogeneity: relu(k·z) = k·relu(z), and the biases start at zero.
    const out = (scale: number) => {
      const net = plainCopy(scale);
      let a = X[0];
      net.W.forEach((w, l) => {
        const rows = net.sizes[l + 1];
        a = Float64Array.from({ length: rows }, (_, r) => {
          let s = 0;
          for (let c = 0; c < a.length; c++) s += w[r * a.length + c] * a[c];
          return l === net.W.length - 1 ? s : Math.max(s, 0);
        });
      });
      return a[0];
    };
    expect(relative(out(n.largeScale) / out(1), n.largeOutputFactor)).toBeLessThan(1e-12);
    expect(relative(n.largeOutputFactor, 1.2 ** 24)).toBeLessThan(1e-15);
  });

  test('the mean predictor’s loss is half the targets’ variance, E[y²] − E[y]² over 2', () => {
    const mean = Y.reduce((s, y) => s + y, 0) / m;
    const meanSquare = Y.reduce((s, y) => s + y * y, 0) / m;
    expect(relative(n.meanPredictorLoss, (meanSquare - mean * mean) / 2)).toBeLessThan(1e-10);
  });
});

describe('one gradient of the exploding network, clipped', () => {
  const plain = lossAndGrads(plainCopy(n.largeScale));
  const L = n.depth;
  const norm = Math.sqrt(sumOfSquares(plain.flat));
  const dWNorm = plain.dW.map(normOf);

  test('‖g‖ at the first step, and the factor c/‖g‖', () => {
    expect(relative(n.firstGradNorm, norm)).toBeLessThan(CLOSE);
    expect(relative(n.firstClipScale, n.clipNorm / norm)).toBeLessThan(CLOSE);
    expect(n.firstGradNorm).toBeGreaterThan(n.clipNorm);
  });

  test('‖delta^[1]‖ / ‖delta^[L]‖, from the plain backward pass', () => {
    expect(relative(n.deltaRatio, plain.deltaNorm[0] / plain.deltaNorm[L - 1])).toBeLessThan(CLOSE);
    expect(n.deltaRatio).toBeGreaterThan(1); // the error signal grows on its way back
    expect(
      relative(n.deltaGrowthPerLayer ** (L - 1), plain.deltaNorm[0] / plain.deltaNorm[L - 1]),
    ).toBeLessThan(CLOSE);
    // Between 1 and k: grows, but by less than k per layer in typical size.
    expect(n.deltaGrowthPerLayer).toBeGreaterThan(1);
    expect(n.deltaGrowthPerLayer).toBeLessThan(n.largeScale);
  });

  test('‖dW^[1]‖ / ‖dW^[L]‖ is the same before and after clipping by norm, and every layer shrinks by c/‖g‖', () => {
    expect(relative(n.dWRatio, dWNorm[0] / dWNorm[L - 1])).toBeLessThan(CLOSE);
    expect(relative(n.dWRatioNormClipped, n.dWRatio)).toBeLessThan(1e-13);
    n.layerNorms.norm.forEach((value, l) =>
      expect(relative(value, dWNorm[l] * (n.clipNorm / norm))).toBeLessThan(CLOSE),
    );
    expect(n.normClipTurn).toBeLessThan(1e-6);
  });

  test('clipping by value at 0.1: the ratio, the share of entries moved and the angle', () => {
    const clippedFlat = plain.flat.map((part) =>
      part.map((v) => Math.min(Math.max(v, -n.valueLimit), n.valueLimit)),
    );
    const dWClipped = clippedFlat.filter((_, p) => p % 2 === 0).map(normOf);
    expect(relative(n.dWRatioValueClipped, dWClipped[0] / dWClipped[L - 1])).toBeLessThan(CLOSE);
    const entries = plain.flat.flatMap((part) => Array.from(part));
    const moved = entries.filter((v) => Math.abs(v) > n.valueLimit).length;
    expect(n.valueClippedShare).toBe(moved / entries.length);
    expect(relative(n.valueClipTurn, degreesBetween(plain.flat, clippedFlat))).toBeLessThan(1e-8);
  });

  test('the example logs the same ratios and angles', async () => {
    const { logged: lines } = await example('ratio-after-clipping');
    expect(relative(logged(lines, '‖g‖ before')[0] as number, n.firstGradNorm)).toBeLessThan(1e-12);
    expect(relative(logged(lines, '‖delta[1]‖')[0] as number, n.deltaRatio)).toBeLessThan(1e-12);
    expect(relative(logged(lines, '‖dW[1]‖ / ‖dW[L]‖ unclipped')[0] as number, n.dWRatio)).toBeLessThan(
      1e-12,
    );
    expect(
      relative(logged(lines, '‖dW[1]‖ / ‖dW[L]‖ clipped by norm')[0] as number, n.dWRatioNormClipped),
    ).toBeLessThan(1e-12);
    expect(
      relative(logged(lines, '‖dW[1]‖ / ‖dW[L]‖ clipped by value')[0] as number, n.dWRatioValueClipped),
    ).toBeLessThan(1e-12);
    expect(logged(lines, 'angle between g and g clipped by norm')[0] as number).toBeLessThan(1e-6);
    expect(
      relative(logged(lines, 'angle between g and g clipped by value')[0] as number, n.valueClipTurn),
    ).toBeLessThan(1e-8);
  });
});

describe('training the exploding start', () => {
  const unclipped = plainTrain(n.largeScale, undefined, 10);
  const clipped = plainTrain(n.largeScale, n.clipNorm);

  test('without clipping, the forward pass overflows after two updates', () => {
    expect(unclipped.stoppedAt).toBe(n.largeStopStep);
    expect(n.largeUpdates).toBe(n.largeStopStep - 1);
    expect(n.largeStopWhat).toBe('activation');
    expect(relative(n.largeLossStart, unclipped.losses[0])).toBeLessThan(CLOSE);
  });

  test('with clipping at c = 10 it completes; the opening clipped steps match the independent run', () => {
    expect(clipped.stoppedAt).toBeUndefined();
    expect(clipped.losses.length).toBe(n.steps);
    expect(n.largeClippedRun.stopped.reason).toBe('completed');
    const opening = clipped.clipped.filter((step, i) => step === i + 1);
    expect(n.largeEarlyClipped).toBe(opening.length);
    expect(n.largeFirstUnclipped).toBe(opening.length + 1);
    // The two computations agree closely until the bouncing loss amplifies their rounding differences.
    for (let i = 0; i < 60; i++)
      expect(relative(n.largeClippedRun.history.loss[i], clipped.losses[i])).toBeLessThan(1e-8);
    // The loss rises during the opening clipped steps, then falls.
    const openingPeak = Math.max(...clipped.losses.slice(0, opening.length));
    expect(relative(n.largeClippedLossPeak, openingPeak)).toBeLessThan(1e-8);
    expect(n.largeClippedLossPeak).toBeGreaterThan(n.largeLossStart);
    expect(clipped.losses[opening.length]).toBeLessThan(n.largeLossStart);
    // The spike the prose names is clipped in both, at nearly the same gradient norm.
    expect(n.largeLateClipped.length).toBe(1);
    expect(clipped.clipped).toContain(n.largeLateClipped[0]);
    expect(relative(n.largeLateSpike, clipped.gradNorms[n.largeLateClipped[0] - 1])).toBeLessThan(1e-2);
    // After it the paths part; both end far below the mean predictor's loss, at losses of the same size,
    // and the independent run clips one more spike (what the prose says).
    expect(clipped.clipped.length).toBe(n.largeClippedCount + 1);
    expect(n.largeClippedLossEnd).toBeLessThan(n.meanPredictorLoss / 5);
    expect(clipped.losses[n.steps - 1]).toBeLessThan(n.meanPredictorLoss / 5);
    expect(n.largeClippedLossEnd / clipped.losses[n.steps - 1]).toBeGreaterThan(0.5);
    expect(n.largeClippedLossEnd / clipped.losses[n.steps - 1]).toBeLessThan(2);
  });

  test('the engine run’s own record: the clipped steps are those with ‖g‖ > c, and the late spike is the largest', () => {
    const g = n.largeClippedRun.history.gradNorm;
    const above = Array.from(g, (v, i) => (v > n.clipNorm ? i + 1 : 0)).filter(Boolean);
    expect(above).toEqual([
      ...Array.from({ length: n.largeEarlyClipped }, (_, i) => i + 1),
      ...n.largeLateClipped,
    ]);
    expect(n.largeClippedCount).toBe(above.length);
    expect(n.largeLateSpike).toBe(Math.max(...g.slice(n.largeEarlyClipped)));
    expect(n.largeClippedLossEnd).toBe(n.largeClippedRun.history.loss[n.steps - 1]);
  });

  test('the first clipped step moves the weights by η·c, an effective learning rate of η·c/‖g‖', () => {
    expect(relative(clipped.firstMove, n.longestStep)).toBeLessThan(1e-10);
    expect(relative(n.longestStep, 0.02 * 10)).toBeLessThan(1e-15);
    expect(relative(n.firstEffectiveRate, clipped.firstMove / clipped.gradNorms[0])).toBeLessThan(1e-10);
  });

  test('the example logs the stop without clipping and the clipped steps with it', async () => {
    const { logged: lines } = await example('clipped-training');
    expect(lineOf(lines, 'k = 1.2, not clipped')).toContain(`stopped at step ${n.largeStopStep}`);
    const withClip = lineOf(lines, 'k = 1.2, clipped at 10');
    expect(withClip).toContain(`loss ${n.largeClippedLossEnd} after ${n.steps} steps`);
    expect(withClip).toContain(
      `steps clipped: ${[...Array.from({ length: n.largeEarlyClipped }, (_, i) => i + 1), ...n.largeLateClipped].join(', ')}`,
    );
  });
});

describe('training the vanishing start: clipping never acts', () => {
  const plain = plainTrain(n.smallScale, undefined);

  test('the gradient never reaches c, so no step is clipped', () => {
    expect(plain.stoppedAt).toBeUndefined();
    expect(relative(n.smallLargestGradNorm, Math.max(...plain.gradNorms))).toBeLessThan(1e-8);
    expect(n.smallLargestGradNorm).toBeLessThan(n.clipNorm);
    expect(n.smallClippedCount).toBe(0);
  });

  test('the clipped and unclipped runs are the same computation, bit for bit, and end at the mean’s loss', () => {
    expect(Array.from(n.smallClippedRun.history.loss)).toEqual(Array.from(n.smallRun.history.loss));
    expect(n.smallClippedLossEnd).toBe(n.smallLossEnd);
    expect(relative(n.smallClippedLossEnd, plain.losses[n.steps - 1])).toBeLessThan(1e-8);
    expect(relative(n.smallClippedLossEnd, n.meanPredictorLoss)).toBeLessThan(1e-5); // equal to 6 digits
  });

  test('the example logs the same', async () => {
    const { logged: lines } = await example('vanishing-start');
    expect(logged(lines, 'the two runs have the same loss')[0]).toBe(true);
    expect(lineOf(lines, 'k = 0.5, clipped at 10')).toContain('steps clipped: none');
  });
});

describe('the TryThis edits do what the lesson says', () => {
  const endLoss = (line: string) => Number(/loss (\S+) after/.exec(line)?.[1]);

  test('g = (3, 4) clipped by value at 1 is (1, 1), at 45 degrees', async () => {
    const { shown } = await runEditedExample(folder, 'norm-versus-value', [
      ['const g = [3, 0.4];', 'const g = [3, 4];'],
    ]);
    const rows = shown[0] as Record<string, number>[];
    expect([rows[2]['entry 1'], rows[2]['entry 2']]).toEqual([1, 1]);
    expect(relative(rows[2]['angle (degrees)'], 45)).toBeLessThan(1e-14);
  });

  test('a threshold of 1 clips every step and ends far higher than a threshold of 10', async () => {
    const { logged: lines } = await runEditedExample(folder, 'clipped-training', [
      ['train(1.2, 10)', 'train(1.2, 1)'],
    ]);
    const line = lineOf(lines, 'k = 1.2, clipped at 1');
    expect(line).toContain(`steps clipped: ${Array.from({ length: n.steps }, (_, i) => i + 1).join(', ')}`);
    expect(endLoss(line)).toBeGreaterThan(5 * n.largeClippedLossEnd);
  });

  test('from 1.5 times He’s weights, the clipped run survives but ends near the mean predictor’s loss', async () => {
    const { logged: lines } = await runEditedExample(folder, 'clipped-training', [
      ['train(1.2, undefined), train(1.2, 10)', 'train(1.5, undefined), train(1.5, 10)'],
    ]);
    expect(lineOf(lines, 'k = 1.5, not clipped')).toContain('stopped at step');
    const line = lineOf(lines, 'k = 1.5, clipped at 10');
    expect(line).toContain(`after ${n.steps} steps`);
    expect(relative(endLoss(line), n.meanPredictorLoss)).toBeLessThan(0.01);
  });

  test('with seed 3 the same story: no clipping stops, clipping trains', async () => {
    const { logged: lines } = await runEditedExample(folder, 'clipped-training', [['seed: 6', 'seed: 3']]);
    expect(lineOf(lines, 'k = 1.2, not clipped')).toContain('stopped at step');
    expect(endLoss(lineOf(lines, 'k = 1.2, clipped at 10'))).toBeLessThan(n.meanPredictorLoss / 5);
  });
});
