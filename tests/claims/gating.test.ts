/**
 * Every number in the lesson "Gates: a memory the gradient can cross", checked against a closed form or a computation
 * written here (a hand-written BPTT for the vanilla RNN, centred finite differences for the GRUs, power iteration for
 * the matrix norms), and against what the lesson's examples show. A site test fails when the prose states an
 * n.<name> that this file does not check.
 *
 * The lesson: content/4-remedies/gating.mdx
 */
import { readFileSync } from 'node:fs';

import type { PlotOptions } from '@observablehq/plot';
import { describe, expect, test } from 'vitest';

import { clone, gruForward, meanSquaredError, type Gru, type Matrix, type Rnn } from '@gradscope/core';
import * as figures from '../../content/4-remedies/gating/figures.ts';
import * as n from '../../content/4-remedies/gating/numbers.ts';
import { colorsOf, pointsOf, relative, runEditedExample, runExample } from '../support/claims.ts';

const folder = new URL('../../content/4-remedies/gating/', import.meta.url);
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** ‖A‖₂ by power iteration on AᵀA (row-major n × n), independent of the engine's SVD. */
function powerNorm(A: Float64Array, size: number): number {
  let v = new Float64Array(size).fill(1);
  let norm = 0;
  for (let iteration = 0; iteration < 2000; iteration++) {
    const Av = new Float64Array(size);
    for (let i = 0; i < size; i++) for (let k = 0; k < size; k++) Av[i] += A[i * size + k] * v[k];
    const AtAv = new Float64Array(size);
    for (let i = 0; i < size; i++) for (let k = 0; k < size; k++) AtAv[k] += A[i * size + k] * Av[i];
    const length = Math.hypot(...AtAv);
    norm = Math.sqrt(length / Math.hypot(...v));
    v = AtAv.map((x) => x / length);
  }
  return norm;
}

function multiply(A: Float64Array, B: Float64Array, size: number): Float64Array {
  const C = new Float64Array(size * size);
  for (let i = 0; i < size; i++)
    for (let k = 0; k < size; k++)
      for (let j = 0; j < size; j++) C[i * size + j] += A[i * size + k] * B[k * size + j];
  return C;
}

/**
 * The vanilla RNN's ‖dh_t‖ for t = 1 … T, by a BPTT written out here: forward h_t = tanh(W·h_{t−1} + U·x_t + b),
 * then dh_T = W_hyᵀ·dy and dh_{t−1} = Wᵀ·((1 − h_t²) ⊙ dh_t).
 */
function rnnGradNormsByHand(rnn: Rnn, xs: readonly Matrix[], y: Matrix): number[] {
  const size = rnn.hiddenSize;
  const m = xs[0].cols;
  const W = rnn.W_hh.value.data;
  const U = rnn.W_xh.value.data;
  const b = rnn.b_h!.value.data;
  const Wy = rnn.readout!.W_hy.value.data;
  const by = rnn.readout!.b_y!.value.data[0];
  const hs: Float64Array[] = [];
  let h = new Float64Array(size * m);
  for (const x of xs) {
    const next = new Float64Array(size * m);
    for (let i = 0; i < size; i++)
      for (let j = 0; j < m; j++) {
        let z = b[i] + U[i] * x.data[j];
        for (let k = 0; k < size; k++) z += W[i * size + k] * h[k * m + j];
        next[i * m + j] = Math.tanh(z);
      }
    hs.push(next);
    h = next;
  }
  // ½·mean (ŷ − y)²: dŷ_j = (ŷ_j − y_j)/m.
  let dh = new Float64Array(size * m);
  for (let j = 0; j < m; j++) {
    let out = by;
    for (let k = 0; k < size; k++) out += Wy[k] * h[k * m + j];
    for (let i = 0; i < size; i++) dh[i * m + j] = (Wy[i] * (out - y.data[j])) / m;
  }
  const norms = new Array<number>(xs.length);
  for (let t = xs.length - 1; t >= 0; t--) {
    norms[t] = Math.hypot(...dh);
    const delta = dh.map((d, index) => d * (1 - hs[t][index] ** 2));
    const previous = new Float64Array(size * m);
    for (let k = 0; k < size; k++)
      for (let i = 0; i < size; i++)
        for (let j = 0; j < m; j++) previous[k * m + j] += W[i * size + k] * delta[i * m + j];
    dh = previous;
  }
  return norms;
}

/**
 * ‖∂L/∂h_t‖ of a GRU at step t (1-based) by centred finite differences: the loss of the run from step t + 1 on,
 * started from h_t with one entry moved by ±ε.
 */
function gruGradNormByDifferences(
  cell: Gru,
  xs: readonly Matrix[],
  y: Matrix,
  t: number,
  epsilon = 1e-3,
): number {
  const state = gruForward(cell, xs.slice(0, t)).hs[t - 1];
  const readoutLoss = (h: Matrix) => {
    // ½·mean (W_hy·h + b_y − y)², written out: the loss of the last state, with no step left to run.
    const Wy = cell.readout!.W_hy.value.data;
    let sum = 0;
    for (let j = 0; j < h.cols; j++) {
      let out = cell.readout!.b_y!.value.data[0];
      for (let k = 0; k < h.rows; k++) out += Wy[k] * h.data[k * h.cols + j];
      sum += (out - y.data[j]) ** 2;
    }
    return sum / (2 * h.cols);
  };
  const lossFrom = (h0: Matrix) =>
    t === xs.length ? readoutLoss(h0) : meanSquaredError.value(gruForward(cell, xs.slice(t), h0).output!, y);
  let sum = 0;
  for (let index = 0; index < state.data.length; index++) {
    const plus = clone(state);
    const minus = clone(state);
    plus.data[index] += epsilon;
    minus.data[index] -= epsilon;
    sum += ((lossFrom(plus) - lossFrom(minus)) / (2 * epsilon)) ** 2;
  }
  return Math.sqrt(sum);
}

describe('the vanilla RNN: a matrix power, and a gradient that vanishes', () => {
  const rnn = n.makeNetwork('rnn') as Rnn;
  const W = Float64Array.from(rnn.W_hh.value.data);
  const size = n.hiddenSize;

  test('its W_hh has largest singular value below 1 = 1/γ for tanh, Pascanu et al.’s sufficient condition for vanishing', () => {
    expect(relative(n.rnnSigmaMax, powerNorm(W, size))).toBeLessThan(1e-9);
    expect(n.rnnSigmaMax).toBeLessThan(1);
  });

  test('‖W^(T−1)‖^(1/(T−1)) lies between the spectral radius and the largest singular value', () => {
    let power: Float64Array = W.slice();
    for (let i = 1; i < n.length - 1; i++) power = multiply(power, W, size);
    const rate = powerNorm(power, size) ** (1 / (n.length - 1));
    expect(relative(n.rnnPowerRate, rate)).toBeLessThan(1e-6);
    expect(n.rnnSpectralRadius).toBeLessThanOrEqual(n.rnnPowerRate * (1 + 1e-12));
    expect(n.rnnPowerRate).toBeLessThanOrEqual(n.rnnSigmaMax);
    // Gelfand: the rate tends to the spectral radius; after 49 products it is within a few per cent of it.
    expect(relative(n.rnnPowerRate, n.rnnSpectralRadius)).toBeLessThan(0.05);
  });

  test('‖dh_1‖/‖dh_T‖ from a BPTT written out here, and its factor per step', () => {
    const norms = rnnGradNormsByHand(rnn, n.measureBatch.xs, n.measureBatch.y);
    expect(relative(n.rnnRatio, norms[0] / norms[n.length - 1])).toBeLessThan(1e-9);
    expect(relative(n.rnnPerStep, n.rnnRatio ** (1 / (n.length - 1)))).toBeLessThan(1e-12);
    // The prose: each step takes a factor a little below the spectral radius (the tanh slopes are below 1).
    expect(n.rnnPerStep).toBeLessThan(n.rnnSpectralRadius);
    expect(n.rnnPerStep).toBeGreaterThan(0.9 * n.rnnSpectralRadius);
    expect(n.rnnRatio).toBeLessThan(1e-15);
  });
});

describe('the GRU: a direct path multiplied by the update gate', () => {
  test('σ(b_u), the direct path u^(T−1), and ½^(T−1) in closed form', () => {
    expect(relative(n.carryGateBiasOnly, sigmoid(n.carryBias))).toBeLessThan(1e-15);
    expect(relative(n.carryDirectPath, sigmoid(3) ** 49)).toBeLessThan(1e-12);
    expect(n.gruDirectPath).toBe(2 ** -49);
  });

  test('the update gates start near ½ and near σ(3)', () => {
    expect(Math.abs(n.gruGateStart - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(n.carryGateStart - sigmoid(3))).toBeLessThan(0.01);
  });

  test('‖dh_1‖/‖dh_T‖ of both GRUs by finite differences', { timeout: 60_000 }, () => {
    const { xs, y } = n.measureBatch;
    for (const [kind, ratio] of [
      ['gru', n.gruRatio],
      ['carry', n.carryRatio],
    ] as const) {
      const cell = n.makeNetwork(kind) as Gru;
      const first = gruGradNormByDifferences(cell, xs, y, 1);
      const last = gruGradNormByDifferences(cell, xs, y, n.length);
      expect(relative(ratio, first / last)).toBeLessThan(0.02);
    }
  });

  test('the carrying GRU follows its direct path σ(3)^(T−1) to within 10 %; the b_u = 0 one is far above ½^(T−1)', () => {
    expect(relative(n.carryRatio, n.carryDirectPath)).toBeLessThan(0.1);
    expect(n.gruRatio / n.gruDirectPath).toBeGreaterThan(1e4);
    expect(n.gruRatio).toBeLessThan(1e-8);
  });
});

describe('training on the memory task', () => {
  const accuracyOf = (net: Rnn | Gru) => {
    const output = n.runForward(net, n.testBatch.xs).output!.data;
    let right = 0;
    for (let j = 0; j < n.testSamples; j++) if (output[j] * n.testBatch.y.data[j] > 0) right++;
    return right / n.testSamples;
  };

  test('answering 0 scores ½·E[y²] = ½', () => {
    const y = Array.from(n.testBatch.y.data);
    expect(y.reduce((s, v) => s + v * v, 0) / (2 * y.length)).toBe(n.chanceLoss);
  });

  test('test accuracies, recounted here: the vanilla RNN and the b_u = 0 GRU at chance, the b_u = 3 GRU far above', () => {
    expect(n.rnnAccuracy).toBe(accuracyOf(n.runs.rnn.net));
    expect(n.gruAccuracy).toBe(accuracyOf(n.runs.gru.net));
    expect(n.carryAccuracy).toBe(accuracyOf(n.runs.carry.net));
    // Chance on 256 fair coins: 0.5 ± 0.031 (one standard deviation); within three of them.
    for (const a of [n.rnnAccuracy, n.gruAccuracy]) expect(Math.abs(a - 0.5)).toBeLessThan(0.1);
    expect(n.carryAccuracy).toBeGreaterThan(0.9);
  });

  test('test losses, recomputed here: at the loss of answering 0, and far below it', () => {
    for (const [kind, loss] of [
      ['rnn', n.rnnTestLoss],
      ['gru', n.gruTestLoss],
      ['carry', n.carryTestLoss],
    ] as const) {
      const output = n.runForward(n.runs[kind].net, n.testBatch.xs).output!.data;
      let sum = 0;
      for (let j = 0; j < n.testSamples; j++) sum += (output[j] - n.testBatch.y.data[j]) ** 2;
      expect(relative(loss, sum / (2 * n.testSamples))).toBeLessThan(1e-12);
    }
    expect(relative(n.rnnTestLoss, n.chanceLoss)).toBeLessThan(0.05);
    expect(relative(n.gruTestLoss, n.chanceLoss)).toBeLessThan(0.05);
    expect(n.carryTestLoss).toBeLessThan(n.chanceLoss / 4);
  });

  test(
    'after training the b_u = 3 GRU still keeps most of its state, and its gradient reaches step 1 in full',
    { timeout: 60_000 },
    () => {
      const cell = n.runs.carry.net as Gru;
      const { xs, y } = n.measureBatch;
      // The mean update gate, by its formula written out here.
      const run = gruForward(cell, xs);
      const size = n.hiddenSize;
      const m = n.measureSamples;
      let sum = 0;
      xs.forEach((x, t) => {
        const h = t === 0 ? new Float64Array(size * m) : run.hs[t - 1].data;
        for (let i = 0; i < size; i++)
          for (let j = 0; j < m; j++) {
            let z = cell.b_u!.value.data[i] + cell.W_xu.value.data[i] * x.data[j];
            for (let k = 0; k < size; k++) z += cell.W_hu.value.data[i * size + k] * h[k * m + j];
            sum += sigmoid(z);
          }
      });
      expect(relative(n.carryGateTrained, sum / (n.length * size * m))).toBeLessThan(1e-12);
      expect(n.carryGateTrained).toBeGreaterThan(0.5);
      const ratio =
        gruGradNormByDifferences(cell, xs, y, 1) / gruGradNormByDifferences(cell, xs, y, n.length);
      expect(relative(n.carryRatioTrained, ratio)).toBeLessThan(0.02);
      expect(n.carryRatioTrained).toBeGreaterThan(1);
    },
  );
});

describe('the examples show the same numbers', () => {
  test('gradient-through-time: the ratio at t = 1 of the three networks', async () => {
    const { shown } = await runExample(new URL('gradient-through-time.ts', folder));
    const table = shown[1] as { network: string; 'ratio at t = 1': number }[];
    const byName = Object.fromEntries(table.map((row) => [row.network, row['ratio at t = 1']]));
    expect(relative(byName['vanilla RNN'], n.rnnRatio)).toBeLessThan(1e-12);
    expect(relative(byName['GRU, b_u = 0'], n.gruRatio)).toBeLessThan(1e-12);
    expect(relative(byName['GRU, b_u = 3'], n.carryRatio)).toBeLessThan(1e-12);
  });

  test('memory-task: the same losses and test accuracies as numbers.ts', { timeout: 60_000 }, async () => {
    const { shown } = await runExample(new URL('memory-task.ts', folder));
    const table = shown[1] as { network: string; 'last loss': number; 'test accuracy': number }[];
    expect(table.map((row) => row['test accuracy'])).toEqual([n.rnnAccuracy, n.carryAccuracy]);
    expect(relative(table[1]['last loss'], n.runs.carry.loss[n.steps - 1])).toBeLessThan(1e-12);
  });

  test(
    'the TryThis edit: started with b_u = 0, the GRU stays at chance like the vanilla RNN',
    { timeout: 60_000 },
    async () => {
      const { shown } = await runEditedExample(folder, 'memory-task', [
        ['const carryBias = 3;', 'const carryBias = 0;'],
      ]);
      const table = shown[1] as { 'test accuracy': number }[];
      expect(table[1]['test accuracy']).toBe(n.gruAccuracy);
    },
  );

  test(
    'the TryThis edit of memory-task: at a larger learning rate the vanilla RNN learns and the GRU not yet',
    { timeout: 60_000 },
    async () => {
      const { shown } = await runEditedExample(folder, 'memory-task', [
        [`const steps = ${n.steps};`, `const steps = ${n.fastSteps};`],
        [`learningRate: ${n.learningRate}`, `learningRate: ${n.fastLearningRate}`],
      ]);
      const table = shown[1] as { network: string; 'test accuracy': number; 'last loss': number }[];
      expect(table.map((row) => row.network)).toEqual(['vanilla RNN', `GRU, b_u = ${n.carryBias}`]);
      expect(table[0]['test accuracy']).toBeGreaterThanOrEqual(n.learnedAccuracy);
      expect(table[1]['test accuracy']).toBeLessThan(n.learnedAccuracy);
      // "Unsteady near the end": the last batch's loss is above the loss of answering 0.
      expect(table[0]['last loss']).toBeGreaterThan(n.chanceLoss);
    },
  );

  test(
    'the TryThis edit of memory-task: with shorter sequences the vanilla RNN learns',
    { timeout: 60_000 },
    async () => {
      const { shown } = await runEditedExample(folder, 'memory-task', [
        [`const length = ${n.length};`, `const length = ${n.shortLength};`],
      ]);
      const table = shown[1] as { network: string; 'test accuracy': number }[];
      expect(table[0].network).toBe('vanilla RNN');
      expect(table[0]['test accuracy']).toBeGreaterThanOrEqual(n.learnedAccuracy);
    },
  );

  test(
    'the TryThis edits of gradient-through-time: b_u = 5, and sequences twice as long',
    { timeout: 60_000 },
    async () => {
      expect(relative(n.carryDirectPathFive, sigmoid(5) ** (n.length - 1))).toBeLessThan(1e-12);
      expect(n.doubleLength).toBe(2 * n.length);
      expect(relative(n.carryDirectPathHundred, sigmoid(3) ** (2 * n.length - 1))).toBeLessThan(1e-12);
      const ratioOf = (shown: unknown[], network: string) =>
        (shown[1] as { network: string; 'ratio at t = 1': number }[]).find((row) => row.network === network)![
          'ratio at t = 1'
        ];
      const five = await runEditedExample(folder, 'gradient-through-time', [
        ['const carryBias = 3;', 'const carryBias = 5;'],
      ]);
      const fiveRatio = ratioOf(five.shown, 'GRU, b_u = 5');
      expect(fiveRatio).toBeGreaterThan(n.carryRatio);
      expect(relative(fiveRatio, n.carryDirectPathFive)).toBeLessThan(0.1);
      const long = await runEditedExample(folder, 'gradient-through-time', [
        [`const length = ${n.length};`, `const length = ${n.doubleLength};`],
      ]);
      // "About the square": within a factor of 100 of rnnRatio², on a log scale where the ratio itself is 1e-17.
      const rnnLong = ratioOf(long.shown, 'vanilla RNN');
      expect(Math.abs(Math.log10(rnnLong) - 2 * Math.log10(n.rnnRatio))).toBeLessThan(2);
      // "Of the order of": within a factor of two (the gate's other terms matter more over twice the steps).
      const carryLong = ratioOf(long.shown, `GRU, b_u = ${n.carryBias}`);
      expect(Math.abs(Math.log2(carryLong / n.carryDirectPathHundred))).toBeLessThan(1);
    },
  );

  test('the prose states the settings the examples use', () => {
    const task = readFileSync(new URL('memory-task.ts', folder), 'utf8');
    expect(task).toContain(`${n.noiseStd} * random.normal()`);
    expect(task).toContain(`const batchSize = ${n.batchSize};`);
    expect(task).toContain(`const steps = ${n.steps};`);
    expect(task).toContain(`adam({ learningRate: ${n.learningRate} })`);
    expect(task).toContain(`clipGradNorm(net.params, ${n.clipNorm})`);
    expect(task).toContain(`memoryTask(2, ${n.testSamples})`);
    const profile = readFileSync(new URL('gradient-through-time.ts', folder), 'utf8');
    expect(profile).toContain(`memoryTask(1, ${n.measureSamples})`);
    expect(profile).toContain(`const hiddenSize = ${n.hiddenSize};`);
    // The noise the task draws has the stated standard deviation (within 2 % over 256 × 49 draws).
    const noise = n.testBatch.xs.slice(1).flatMap((x) => Array.from(x.data));
    const std = Math.sqrt(noise.reduce((s, v) => s + v * v, 0) / noise.length);
    expect(relative(std, n.noiseStd)).toBeLessThan(0.02);
  });

  test('the prediction’s answer is the option the accuracies select', () => {
    const learnt = [n.rnnAccuracy, n.gruAccuracy, n.carryAccuracy].map((a) => a >= n.learnedAccuracy);
    expect(learnt).toEqual([false, false, true]);
    expect(n.learnAnswer).toBe(n.learnOptions[2]);
  });

  test('the figures draw numbers.ts’s values', () => {
    const points = pointsOf(figures.gradientChart as PlotOptions);
    const first = points.filter((p) => p.x === 1);
    for (const value of [n.rnnRatio, n.gruRatio, n.carryRatio])
      expect(first.some((p) => relative(p.y, value) < 1e-12)).toBe(true);
  });
});

describe('one colour per network', () => {
  test('the figures and the examples colour each network the same', async () => {
    const gradient = colorsOf(figures.gradientChart as PlotOptions);
    const loss = colorsOf(figures.lossChart as PlotOptions);
    const profile = colorsOf(
      (await runExample(new URL('gradient-through-time.ts', folder))).shown[0] as PlotOptions,
    );
    for (const kind of n.kinds) {
      const label = n.kindLabel[kind];
      expect(gradient[label]).toMatch(/#|var\(/);
      expect(loss[label]).toBe(gradient[label]);
      expect(profile[label]).toBe(gradient[label]);
    }
    const training = colorsOf((await runExample(new URL('memory-task.ts', folder))).shown[0] as PlotOptions);
    for (const kind of ['rnn', 'carry'] as const)
      expect(training[n.kindLabel[kind]]).toBe(gradient[n.kindLabel[kind]]);
  }, 60_000);
});
