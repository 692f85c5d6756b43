/**
 * Every number in the lesson "Normalization: a signal whose scale the weights cannot set"
 * (content/4-remedies/normalization.mdx), checked against a closed form, a forward and backward pass written here
 * with plain arrays from the engine's weights (batch norm and layer norm included), and the lesson's examples.
 *
 * Tolerances: the hand-written passes add the same float64 terms in another order, and the depth-50 batch-norm
 * network amplifies rounding by its own gradient growth (about 10⁴): 1e-8 leaves room for that. The ε-level claims
 * (scale invariance) are checked against bounds derived from ε = 1e-5 and the measured variances (≥ 0.05).
 */
import { batchNorm, matrix } from '@gradscope/core';
import type { PlotOptions } from '@observablehq/plot';
import { describe, expect, test } from 'vitest';

import * as n from '../../content/4-remedies/normalization/numbers.ts';
import { pointsOf, relative, runEditedExample, runExample } from '../support/claims.ts';

const HAND = 1e-8;
const folder = '../../content/4-remedies/normalization/';
const run = (name: string) => runExample(new URL(`${folder}${name}.ts`, import.meta.url));

// --------------------------------------------------------------- a network by hand, from the engine's weights

type Mat = { rows: number; cols: number; data: Float64Array };
const weightsOf = (net: ReturnType<typeof n.build>): Mat[] =>
  n
    .denseLayers(net)
    .map(({ W }) => ({ rows: W.value.rows, cols: W.value.cols, data: Float64Array.from(W.value.data) }));

function matmul(A: Mat, B: Mat, transposeA = false): Mat {
  const rows = transposeA ? A.cols : A.rows;
  const inner = transposeA ? A.rows : A.cols;
  const out = new Float64Array(rows * B.cols);
  for (let i = 0; i < rows; i++)
    for (let k = 0; k < inner; k++) {
      const a = transposeA ? A.data[k * A.cols + i] : A.data[i * A.cols + k];
      for (let j = 0; j < B.cols; j++) out[i * B.cols + j] += a * B.data[k * B.cols + j];
    }
  return { rows, cols: B.cols, data: out };
}

/** Indices of the groups a normalization averages over: a row (batch norm) or a column (layer norm). */
function groups(rows: number, cols: number, norm: n.Norm): number[][] {
  if (norm === 'batch')
    return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => i * cols + j));
  return Array.from({ length: cols }, (_, j) => Array.from({ length: rows }, (_, i) => i * cols + j));
}

/**
 * Forward and backward by hand: z = W·a, ẑ standardized over each group (γ = 1, β = 0 at initialization),
 * a = g(ẑ); output ŷ = W_L·a; the loss gradient at the output taken as ŷ − y (any constant factor cancels in the
 * ratios). Returns the rms of each hidden a and ‖δ^[l]‖ = ‖∂L/∂z^[l]‖ of each hidden layer.
 */
function byHand(W: Mat[], X: Mat, Y: Mat, activation: 'relu' | 'tanh', norm: n.Norm, epsilon = 1e-5) {
  const g = activation === 'relu' ? (v: number) => Math.max(v, 0) : Math.tanh;
  const gPrime =
    activation === 'relu' ? (v: number) => (v > 0 ? 1 : 0) : (v: number) => 1 - Math.tanh(v) ** 2;
  let a = X;
  const tape: { a: Mat; h: Float64Array; inv: Map<number, number>; groups: number[][] }[] = [];
  const rms: number[] = [];
  for (let l = 0; l < W.length - 1; l++) {
    const z = matmul(W[l], a);
    const h = Float64Array.from(z.data);
    const inv = new Map<number, number>();
    const gs = norm === 'none' ? [] : groups(z.rows, z.cols, norm);
    gs.forEach((idx, gi) => {
      const mu = idx.reduce((s, i) => s + z.data[i], 0) / idx.length;
      const variance = idx.reduce((s, i) => s + (z.data[i] - mu) ** 2, 0) / idx.length;
      const s = 1 / Math.sqrt(variance + epsilon);
      inv.set(gi, s);
      for (const i of idx) h[i] = (z.data[i] - mu) * s;
    });
    tape.push({ a, h, inv, groups: gs });
    a = { rows: z.rows, cols: z.cols, data: h.map(g) };
    rms.push(Math.hypot(...a.data) / Math.sqrt(a.data.length));
  }
  const out = matmul(W[W.length - 1], a);
  let da = matmul(
    W[W.length - 1],
    { rows: 1, cols: out.cols, data: out.data.map((v, j) => v - Y.data[j]) },
    true,
  );
  const deltaNorms: number[] = [];
  for (let l = W.length - 2; l >= 0; l--) {
    const { h, inv, groups: gs } = tape[l];
    const dh = da.data.map((d, i) => d * gPrime(h[i]));
    const delta = Float64Array.from(dh);
    gs.forEach((idx, gi) => {
      const meanD = idx.reduce((s, i) => s + dh[i], 0) / idx.length;
      const meanDH = idx.reduce((s, i) => s + dh[i] * h[i], 0) / idx.length;
      for (const i of idx) delta[i] = inv.get(gi)! * (dh[i] - meanD - h[i] * meanDH);
    });
    deltaNorms.unshift(Math.hypot(...delta));
    da = matmul(W[l], { rows: da.rows, cols: da.cols, data: delta }, true);
  }
  return { rms, deltaNorms };
}

const X: Mat = { rows: n.data.x.rows, cols: n.data.x.cols, data: Float64Array.from(n.data.x.data) };
const Y: Mat = { rows: 1, cols: n.data.y.cols, data: Float64Array.from(n.data.y.data) };
const hand = (activation: 'relu' | 'tanh', norm: n.Norm, k = 1, epsilon = 1e-5) =>
  byHand(weightsOf(n.build({ activation, norm, k })), X, Y, activation, norm, epsilon);

// ------------------------------------------------------------------------------------------------- claims

describe('the forward signal: the weights’ scale passes through a plain ReLU network and cancels with batch norm', () => {
  test('plain, no biases: relu(k·z) = k·relu(z), so a^[49] at k·He is k^49 times He’s', () => {
    expect(relative(n.plainLastRmsHalf, 0.5 ** (n.depth - 1) * n.plainLastRmsHe)).toBeLessThan(1e-10);
    expect(relative(n.plainLastRmsOneAndHalf, 1.5 ** (n.depth - 1) * n.plainLastRmsHe)).toBeLessThan(1e-10);
  });

  test('the hand-written batch-norm forward pass gives the engine’s rms at all three scales', () => {
    const values = [n.bnLastRmsHalf, n.bnLastRmsHe, n.bnLastRmsOneAndHalf];
    n.kValues.forEach((k, i) => {
      const { rms } = hand('relu', 'batch', k);
      expect(relative(rms[rms.length - 1], values[i])).toBeLessThan(HAND);
      expect(rms.every((v, l) => relative(v, n.forwardRms.batch[i][l]) < HAND)).toBe(true);
    });
  });

  test('with ε = 0 the three batch-norm networks agree to rounding: the remaining percent is ε', () => {
    const he = hand('relu', 'batch', 1, 0).rms;
    for (const k of [0.5, 1.5]) {
      const other = hand('relu', 'batch', k, 0).rms;
      expect(Math.max(...other.map((v, l) => relative(v, he[l])))).toBeLessThan(1e-8);
    }
    expect(n.bnLargestDifference).toBeGreaterThan(0);
    expect(n.bnLargestDifference).toBeLessThan(0.02); // "within about a percent"
  });

  test('the forward prediction’s answer is "about the same"', () => {
    expect(n.forwardAnswer).toBe('about the same');
  });

  test('the forward-scale example prints the same last-layer rms', async () => {
    const { logged } = await run('forward-scale');
    const text = logged.map(String).join('\n');
    for (const v of [n.plainLastRmsHalf, n.plainLastRmsHe, n.bnLastRmsHalf, n.bnLastRmsOneAndHalf])
      expect(text).toContain(String(v));
  });
});

describe('scale invariance: L(αW) = L(W), dW(αW) = dW(W)/α, and W ⟂ dW', () => {
  test('multiplying layer 45’s weights by α leaves the loss unchanged to ε', () => {
    expect(n.alpha).toBe(3);
    expect(n.scaledLayer).toBe(45);
    expect(n.lossChange).toBeLessThan(1e-4);
  });
  test('the gradient is divided by α', () => {
    expect(Math.abs(n.gradientShrink - 1 / n.alpha)).toBeLessThan(1e-4);
  });
  test('the gradient is orthogonal to the weights', () => {
    expect(Math.abs(n.weightGradientCosine)).toBeLessThan(1e-5);
    // Row by row, too: each unit's weights and their gradient, computed here from the stored matrices.
    const { W, dW } = n.invariance.before;
    const cols = n.width;
    for (let i = 0; i < W.length / cols; i++) {
      let dot = 0;
      let w2 = 0;
      let g2 = 0;
      for (let j = 0; j < cols; j++) {
        dot += W[i * cols + j] * dW[i * cols + j];
        w2 += W[i * cols + j] ** 2;
        g2 += dW[i * cols + j] ** 2;
      }
      expect(Math.abs(dot) / Math.sqrt(w2 * g2)).toBeLessThan(1e-4);
    }
  });
});

describe('consequences the prose draws from W ⟂ dW', () => {
  test('one gradient step only lengthens W: ‖W − η·dW‖² = ‖W‖² + η²‖dW‖² (to ε), from the stored W and dW', () => {
    const { W, dW } = n.invariance.before;
    const eta = 0.1;
    let stepped = 0;
    let w2 = 0;
    let g2 = 0;
    W.forEach((w, i) => {
      stepped += (w - eta * dW[i]) ** 2;
      w2 += w * w;
      g2 += dW[i] ** 2;
    });
    expect(stepped).toBeGreaterThan(w2);
    expect(relative(stepped, w2 + eta * eta * g2)).toBeLessThan(1e-6);
  });

  test('with a batch of two, batch norm leaves each unit ±1 (up to ε): only which example is larger', () => {
    const layer = batchNorm({ size: 3 });
    const { z } = layer.forward(
      matrix([
        [0.3, -1.2],
        [5, 5.1],
        [-2, 40],
      ]),
      'train',
    );
    for (const v of z.data) expect(Math.abs(Math.abs(v) - 1)).toBeLessThan(0.01);
    expect(Array.from(z.data).map(Math.sign)).toEqual([1, -1, -1, 1, -1, 1]);
  });
});

describe('the gradient through depth at initialization, with and without normalization', () => {
  const stated = {
    relu: { none: n.reluPlainRatio, batch: n.reluBatchRatio, layer: n.reluLayerRatio },
    tanh: { none: n.tanhPlainRatio, batch: n.tanhBatchRatio, layer: n.tanhLayerRatio },
  } as const;
  for (const activation of n.activations)
    for (const norm of n.norms)
      test(`${activation}, ${norm}: the hand-written backward pass gives the engine’s ‖δ[1]‖/‖δ[L−1]‖`, () => {
        const { deltaNorms } = hand(activation, norm);
        const ratio = deltaNorms[0] / deltaNorms[deltaNorms.length - 1];
        expect(relative(ratio, stated[activation][norm])).toBeLessThan(HAND);
      });

  test('batch norm explodes the gradient in both networks, as Yang et al. predict, and the prose says so', () => {
    expect(n.reluBatchRatio).toBeGreaterThan(1e3);
    expect(n.tanhBatchRatio).toBeGreaterThan(1e2);
    expect(n.gradientAnswer).toBe('it explodes');
    expect(relative(n.reluBatchPerLayer, n.reluBatchRatio ** (1 / 48))).toBeLessThan(1e-12);
    expect(relative(n.reluBatchPerLayerSquared, n.reluBatchRatio ** (2 / 48))).toBeLessThan(1e-12);
  });

  test('the other two draws explode too, within the same order of magnitude', () => {
    expect(n.reluBatchRatioSeeds[0]).toBe(n.reluBatchRatio);
    for (const r of n.reluBatchRatioSeeds) expect(Math.abs(Math.log10(r / n.reluBatchRatio))).toBeLessThan(1);
  });

  test('layer norm keeps the ReLU ratio near one and lets the tanh one grow; plain He is best behaved with BN worst', () => {
    expect(Math.abs(Math.log10(n.reluLayerRatio))).toBeLessThan(0.2);
    expect(n.tanhLayerRatio).toBeGreaterThan(10);
    expect(n.reluPlainRatio).toBeLessThan(1);
    // "lose only a modest factor … the remedy is worse than the disease at this depth"
    for (const [plain, bn] of [
      [n.reluPlainRatio, n.reluBatchRatio],
      [n.tanhPlainRatio, n.tanhBatchRatio],
    ]) {
      expect(plain).toBeGreaterThan(0.01);
      expect(plain).toBeLessThan(1);
      expect(Math.abs(Math.log(bn))).toBeGreaterThan(Math.abs(Math.log(plain)));
    }
  });

  test('the gradient-profile example prints the same six ratios', async () => {
    const { logged } = await run('gradient-profile');
    const text = logged.map(String).join('\n');
    for (const v of Object.values(stated).flatMap((row) => Object.values(row)))
      expect(text).toContain(String(v));
  });
});

describe('batch norm couples the examples of a batch; layer norm does not', () => {
  test('example 1’s output moves with its batch-mates under batch norm, not at all under layer norm', () => {
    expect(n.smallBatch).toBe(4);
    expect(n.layerCoupling).toBe(0);
    expect(n.batchCoupling).toBeGreaterThan(0.1);
  });
});

/**
 * Full-batch gradient descent by hand, from the engine's initial weights: dense layers without biases, each hidden
 * one followed (with batch norm) by ẑ = standardized over the batch, u = γ·ẑ + β, a = relu(u); the engine's loss
 * Σ(ŷ − y)²/(2m). Returns the loss before each of the steps, as fit records it, stopping at a non-finite loss.
 */
function trainByHand(k: number, norm: 'none' | 'batch'): number[] {
  const sizes = [n.trainWidth, ...new Array(n.trainDepth - 1).fill(n.trainWidth), 1];
  const W = weightsOf(n.build({ activation: 'relu', norm, k, sizes }));
  const L = W.length;
  const m = n.trainSamples;
  const x: Mat = { rows: n.trainWidth, cols: m, data: Float64Array.from(n.trainData.x.data) };
  const y = Float64Array.from(n.trainData.y.data);
  const gamma = Array.from({ length: L - 1 }, () => new Float64Array(n.trainWidth).fill(1));
  const beta = Array.from({ length: L - 1 }, () => new Float64Array(n.trainWidth));
  const losses: number[] = [];
  for (let step = 0; step < n.steps; step++) {
    const inputs: Mat[] = [];
    const hats: Float64Array[] = [];
    const us: Float64Array[] = [];
    const invs: Float64Array[] = [];
    let a = x;
    for (let l = 0; l < L - 1; l++) {
      inputs.push(a);
      const z = matmul(W[l], a);
      const hat = Float64Array.from(z.data);
      const inv = new Float64Array(z.rows).fill(1);
      if (norm === 'batch')
        for (let i = 0; i < z.rows; i++) {
          let mu = 0;
          for (let j = 0; j < m; j++) mu += z.data[i * m + j] / m;
          let variance = 0;
          for (let j = 0; j < m; j++) variance += (z.data[i * m + j] - mu) ** 2 / m;
          inv[i] = 1 / Math.sqrt(variance + 1e-5);
          for (let j = 0; j < m; j++) hat[i * m + j] = (z.data[i * m + j] - mu) * inv[i];
        }
      const u = hat.map((h, idx) =>
        norm === 'batch' ? gamma[l][Math.floor(idx / m)] * h + beta[l][Math.floor(idx / m)] : h,
      );
      hats.push(hat);
      us.push(u);
      invs.push(inv);
      a = { rows: z.rows, cols: m, data: u.map((v) => Math.max(v, 0)) };
    }
    inputs.push(a);
    const out = matmul(W[L - 1], a);
    const loss = out.data.reduce((s, v, j) => s + (v - y[j]) ** 2, 0) / (2 * m);
    losses.push(loss);
    if (!Number.isFinite(loss)) break;
    const dOut: Mat = { rows: 1, cols: m, data: out.data.map((v, j) => (v - y[j]) / m) };
    const dW: Mat[] = new Array(L);
    dW[L - 1] = matmul(dOut, { rows: a.cols, cols: a.rows, data: transpose(a) });
    let da = matmul(W[L - 1], dOut, true);
    const dGamma: Float64Array[] = [];
    const dBeta: Float64Array[] = [];
    for (let l = L - 2; l >= 0; l--) {
      const du = da.data.map((d, idx) => (us[l][idx] > 0 ? d : 0));
      const delta = Float64Array.from(du);
      dGamma[l] = new Float64Array(n.trainWidth);
      dBeta[l] = new Float64Array(n.trainWidth);
      if (norm === 'batch')
        for (let i = 0; i < n.trainWidth; i++) {
          let sd = 0;
          let sdh = 0;
          for (let j = 0; j < m; j++) {
            sd += du[i * m + j];
            sdh += du[i * m + j] * hats[l][i * m + j];
          }
          dGamma[l][i] = sdh;
          dBeta[l][i] = sd;
          for (let j = 0; j < m; j++)
            delta[i * m + j] =
              gamma[l][i] * invs[l][i] * (du[i * m + j] - sd / m - hats[l][i * m + j] * (sdh / m));
        }
      const d: Mat = { rows: n.trainWidth, cols: m, data: delta };
      const prev = inputs[l];
      dW[l] = matmul(d, { rows: prev.cols, cols: prev.rows, data: transpose(prev) });
      da = matmul(W[l], d, true);
    }
    for (let l = 0; l < L; l++)
      W[l].data.forEach((w, i, all) => (all[i] = w - n.learningRate * dW[l].data[i]));
    if (norm === 'batch')
      for (let l = 0; l < L - 1; l++)
        for (let i = 0; i < n.trainWidth; i++) {
          gamma[l][i] -= n.learningRate * dGamma[l][i];
          beta[l][i] -= n.learningRate * dBeta[l][i];
        }
  }
  return losses;
}

function transpose(A: Mat): Float64Array {
  const out = new Float64Array(A.rows * A.cols);
  for (let i = 0; i < A.rows; i++)
    for (let j = 0; j < A.cols; j++) out[j * A.rows + i] = A.data[i * A.cols + j];
  return out;
}

describe('training the badly scaled networks', () => {
  test('the targets’ mean and zero losses, computed here, in the engine’s Σ(ŷ − y)²/(2m)', () => {
    const y = Array.from(n.trainData.y.data);
    const mean = y.reduce((s, v) => s + v, 0) / y.length;
    const variance = y.reduce((s, v) => s + (v - mean) ** 2, 0) / y.length;
    expect(relative(n.meanPredictorLoss, variance / 2)).toBeLessThan(1e-12);
    expect(relative(n.zeroPredictorLoss, y.reduce((s, v) => s + v * v, 0) / (2 * y.length))).toBeLessThan(
      1e-12,
    );
    // "the loss of predicting 0 … to the digits shown" (four significant digits)
    expect(relative(n.plainHalfLossEnd, n.zeroPredictorLoss)).toBeLessThan(5e-4);
  });

  for (const [key, k, norm] of [
    ['none 0.5', 0.5, 'none'],
    ['batch 0.5', 0.5, 'batch'],
    ['batch 1.5', 1.5, 'batch'],
  ] as const)
    test(`a training loop written here reproduces the engine’s losses: ${key}`, () => {
      const mine = trainByHand(k, norm);
      const engine = Array.from(n.runs[key].history.loss);
      expect(mine.length).toBe(engine.length);
      // Rounding compounds over 80 steps of a network whose gradient grows with depth: 1e-6.
      // The first update is the same to rounding: the gradients agree, γ and β included.
      expect(relative(mine[1], engine[1])).toBeLessThan(1e-12);
      // Then rounding differences grow step by step (about tenfold every five steps in the batch-norm runs), as
      // between any two implementations: nine digits for the first 5 steps, four for the first 20 …
      for (let i = 0; i < 5; i++) expect(relative(mine[i], engine[i])).toBeLessThan(1e-9);
      for (let i = 0; i < 20; i++) expect(relative(mine[i], engine[i])).toBeLessThan(1e-4);
      // … and the final loss to its order of magnitude only, which is how the prose states it (one digit).
      const [a, b] = [mine[mine.length - 1], engine[engine.length - 1]];
      expect(Math.abs(Math.log10(a / b))).toBeLessThan(0.5);
      if (norm === 'batch') expect(a).toBeLessThan(n.meanPredictorLoss / 100);
    });

  test('the plain 1.5·He run overflows by hand too, at the step the engine stops', () => {
    const mine = trainByHand(1.5, 'none');
    expect(relative(mine[0], n.plainOneAndHalfLossStart)).toBeLessThan(1e-10);
    expect(mine.findIndex((v) => !Number.isFinite(v) || v > 1e300)).toBeLessThanOrEqual(
      n.plainOneAndHalfStopStep,
    );
  });

  test('plain 0.5·He does not move; plain 1.5·He overflows early; batch norm trains both far below the mean', () => {
    expect(relative(n.plainHalfLossEnd, n.plainHalfLossStart)).toBeLessThan(1e-4);
    expect(n.plainOneAndHalfStop.reason).toBe('non-finite');
    expect(n.plainOneAndHalfStopStep).toBe(3); // "its third step", in the figure's caption
    expect(n.plainOneAndHalfLossStart).toBeGreaterThan(100 * n.meanPredictorLoss);
    expect(n.bnHalfLossEnd).toBeLessThan(n.meanPredictorLoss / 100);
    expect(n.bnOneAndHalfLossEnd).toBeLessThan(n.meanPredictorLoss / 100);
    expect(n.bnHalfLossStart).toBeLessThan(n.bnOneAndHalfLossStart);
    expect([n.trainDepth, n.trainWidth, n.trainSamples, n.steps, n.learningRate]).toEqual([
      15, 16, 16, 80, 0.05,
    ]);
  });

  test('the train example prints the same losses and draws the three runs that complete', async () => {
    const { logged, shown } = await run('train');
    const text = logged.map(String).join('\n');
    for (const v of [
      n.plainHalfLossEnd,
      n.bnHalfLossStart,
      n.bnHalfLossEnd,
      n.bnOneAndHalfLossEnd,
      n.plainOneAndHalfLossStart,
    ])
      expect(text).toContain(String(v));
    expect(pointsOf(shown[0] as PlotOptions).length).toBeGreaterThan(0);
  });
});

test('the sizes the prose states', () => {
  expect([n.depth, n.width, n.batch]).toEqual([50, 32, 32]);
});

describe('the training TryThis edits, run as a reader would', () => {
  /** The four runs an edited `train` example prints, in its order: plain 0.5·He, norm 0.5·He, plain 1.5·He, norm 1.5·He. */
  async function trainWith(edits: [string, string][]) {
    const { logged } = await runEditedExample(new URL(folder, import.meta.url), 'train', edits);
    return logged.map((args) => {
      const [start, end] = String(args[0]).split(': loss ')[1].split(' → ').map(Number);
      return { start, end, stopped: (args[1] as { reason: string }).reason };
    });
  }

  test('depth 40: the plain networks fail as before, the batch-norm ones still learn, far more slowly', async () => {
    const [plainHalf, batchHalf, plainOneAndHalf, batchOneAndHalf] = await trainWith([
      ['const depth = 15;', 'const depth = 40;'],
    ]);
    expect(plainHalf.end).toBe(plainHalf.start); // nothing moves
    expect(plainOneAndHalf.stopped).toBe('non-finite');
    for (const [run, atDepth15] of [
      [batchHalf, n.bnHalfLossEnd],
      [batchOneAndHalf, n.bnOneAndHalfLossEnd],
    ] as const) {
      expect(run.stopped).toBe('completed');
      expect(run.end).toBeLessThan(run.start / 2); // still learning
      expect(run.end).toBeGreaterThan(100 * atDepth15); // far more slowly than at depth 15
    }
  });

  test('layer norm in place of batch norm rescues both scales too, more slowly in these steps', async () => {
    const [plainHalf, layerHalf, plainOneAndHalf, layerOneAndHalf] = await trainWith([
      ["'batch'] as const", "'layer'] as const"],
      ["'batch norm'", "'layer norm'"],
    ]);
    expect(plainHalf.stopped).toBe('completed');
    expect(plainOneAndHalf.stopped).toBe('non-finite');
    for (const [run, batchEnd] of [
      [layerHalf, n.bnHalfLossEnd],
      [layerOneAndHalf, n.bnOneAndHalfLossEnd],
    ] as const) {
      expect(run.stopped).toBe('completed');
      expect(run.end).toBeLessThan(Math.min(run.start, n.meanPredictorLoss)); // below the mean's loss
      expect(run.end).toBeGreaterThan(batchEnd); // more slowly than batch norm
    }
  });
});
