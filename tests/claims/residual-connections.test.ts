/**
 * Every number in the lesson "Residual connections: a path the gradient keeps"
 * (content/4-remedies/residual-connections.mdx), checked against a closed form, an independent computation (a
 * forward and backward pass and a training loop written here with plain arrays, from the networks' weights), what
 * the prose says about it, and the output of the lesson's own examples.
 *
 * Tolerances: closed forms and the engine compute the same float64 products in another order, and the hand-written
 * passes add the same terms in another order: they agree to a few units in the last place, which 1e-10 leaves room
 * for even after a hundred blocks (and 1e-8 after 150 steps of training, whose rounding compounds).
 */
import { type Network } from '@gradscope/core';
import type { PlotOptions } from '@observablehq/plot';
import { describe, expect, test } from 'vitest';

import * as figures from '../../content/4-remedies/residual-connections/figures.ts';
import * as n from '../../content/4-remedies/residual-connections/numbers.ts';
import { colorsOf, pointsOf, relative, runEditedExample, runExample } from '../support/claims.ts';

const RELATIVE = 1e-10;
const TRAINED = 1e-8;

const folder = '../../content/4-remedies/residual-connections/';
const run = (name: string) => runExample(new URL(`${folder}${name}.ts`, import.meta.url));

// ------------------------------------------------------------- a network by hand, from the engine's weights

type Vec = number[];
interface Block {
  W1: number[][];
  b1: Vec;
  W2: number[][];
  b2: Vec;
}

/** The weights of a network of n.reluNetwork as plain arrays: its blocks, then the output layer. */
function weightsOf(net: Network) {
  const values = net.params.map((p) => ({
    rows: p.value.rows,
    cols: p.value.cols,
    data: Array.from(p.value.data),
  }));
  const matrix = ({ rows, cols, data }: { rows: number; cols: number; data: number[] }) =>
    Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => data[i * cols + j]));
  // The engine's matrices are row-major, one example per column; params come as W, b per dense layer.
  expect(values[0].rows * values[0].cols).toBe(n.width * n.width);
  const blocks: Block[] = [];
  for (let b = 0; b < n.blocks; b++) {
    const [W1, b1, W2, b2] = values.slice(4 * b, 4 * b + 4);
    blocks.push({ W1: matrix(W1), b1: b1.data, W2: matrix(W2), b2: b2.data });
  }
  const [Wout, bout] = values.slice(4 * n.blocks);
  return { blocks, Wout: matrix(Wout)[0], bout: bout.data[0] };
}

const matVec = (W: number[][], x: Vec) => W.map((row) => row.reduce((sum, w, j) => sum + w * x[j], 0));
const matTVec = (W: number[][], d: Vec) =>
  W[0].map((_, j) => W.reduce((sum, row, i) => sum + row[j] * d[i], 0));

/** The examples of the lesson's data as plain vectors (the engine keeps one example per column). */
const examples: Vec[] = Array.from({ length: n.samples }, (_, m) =>
  Array.from({ length: n.width }, (_, i) => n.data.x.data[i * n.samples + m]),
);
const targets: number[] = Array.from(n.data.y.data);

/**
 * The loss (1/2m)·Σ(ŷ − y)², the gradients of every parameter, and ‖delta‖ at each block's output (Frobenius
 * over the examples), by a forward and backward pass written here. s = 0 means no skip (the plain network).
 */
function byHand(weights: ReturnType<typeof weightsOf>, skip: boolean, s: number) {
  const m = n.samples;
  const { blocks } = weights;
  const grads = blocks.map((blk) => ({
    W1: blk.W1.map((row) => row.map(() => 0)),
    b1: blk.b1.map(() => 0),
    W2: blk.W2.map((row) => row.map(() => 0)),
    b2: blk.b2.map(() => 0),
  }));
  const gWout = weights.Wout.map(() => 0);
  let gbout = 0;
  const blockDeltaSquares = new Array<number>(blocks.length).fill(0);
  let loss = 0;
  for (let e = 0; e < m; e++) {
    const inputs: Vec[] = [];
    const hidden: { z1: Vec; h: Vec }[] = [];
    let a = examples[e];
    for (const blk of blocks) {
      inputs.push(a);
      const z1 = matVec(blk.W1, a).map((v, i) => v + blk.b1[i]);
      const h = z1.map((v) => Math.max(v, 0));
      const F = matVec(blk.W2, h).map((v, i) => v + blk.b2[i]);
      hidden.push({ z1, h });
      a = skip ? a.map((v, i) => v + s * F[i]) : F;
    }
    const yHat = weights.Wout.reduce((sum, w, j) => sum + w * a[j], 0) + weights.bout;
    loss += (yHat - targets[e]) ** 2 / (2 * m);
    const dy = (yHat - targets[e]) / m;
    gWout.forEach((_, j) => (gWout[j] += dy * a[j]));
    gbout += dy;
    let delta = weights.Wout.map((w) => w * dy); // at the last block's output
    for (let b = blocks.length - 1; b >= 0; b--) {
      blockDeltaSquares[b] += delta.reduce((sum, v) => sum + v * v, 0);
      const blk = blocks[b];
      const branch = skip ? delta.map((v) => s * v) : delta; // at F's output
      const { z1, h } = hidden[b];
      branch.forEach((d, i) => {
        grads[b].b2[i] += d;
        h.forEach((hj, j) => (grads[b].W2[i][j] += d * hj));
      });
      const d1 = matTVec(blk.W2, branch).map((v, i) => (z1[i] > 0 ? v : 0));
      d1.forEach((d, i) => {
        grads[b].b1[i] += d;
        inputs[b].forEach((xj, j) => (grads[b].W1[i][j] += d * xj));
      });
      const back = matTVec(blk.W1, d1);
      delta = skip ? delta.map((v, i) => v + back[i]) : back;
    }
  }
  return { loss, grads, gWout, gbout, blockDeltaNorms: blockDeltaSquares.map(Math.sqrt) };
}

/** Full-batch gradient descent written here: the loss before each step, until a value stops being finite. */
function trainByHand(kind: n.Kind, learningRate: number, steps: number) {
  const weights = weightsOf(n.reluNetwork(kind));
  const skip = kind !== 'plain';
  const s = kind === 'scaled' ? 1 / Math.sqrt(n.blocks) : 1;
  const losses: number[] = [];
  for (let t = 1; t <= steps; t++) {
    const { loss, grads, gWout, gbout } = byHand(weights, skip, s);
    const finite = [
      loss,
      ...gWout,
      gbout,
      ...grads.flatMap((g) => [...g.W1.flat(), ...g.b1, ...g.W2.flat(), ...g.b2]),
    ].every(Number.isFinite);
    if (!finite) return { losses, stopStep: t };
    losses.push(loss);
    weights.blocks.forEach((blk, b) => {
      blk.W1.forEach((row, i) => row.forEach((_, j) => (row[j] -= learningRate * grads[b].W1[i][j])));
      blk.b1.forEach((_, i) => (blk.b1[i] -= learningRate * grads[b].b1[i]));
      blk.W2.forEach((row, i) => row.forEach((_, j) => (row[j] -= learningRate * grads[b].W2[i][j])));
      blk.b2.forEach((_, i) => (blk.b2[i] -= learningRate * grads[b].b2[i]));
    });
    weights.Wout.forEach((_, j) => (weights.Wout[j] -= learningRate * gWout[j]));
    weights.bout -= learningRate * gbout;
  }
  return { losses, stopStep: Infinity };
}

// -------------------------------------------------------------------------------------------- the tests

describe('the lecture’s network with a skip: each block multiplies the gradient by 1 + ε', () => {
  const L = n.linearDepth;

  test('the settings the prose states', () => {
    expect(L).toBe(100);
    expect(n.halfEpsilon).toBe(0.5);
    expect(n.smallEpsilon).toBe(0.1);
    expect(n.inverseDepthEpsilon).toBe(1 / L);
  });

  test('without the skip the ratio is ε^(L−1); with it, (1 + ε)^(L−1)', () => {
    expect(relative(n.plainRatioHalf, 0.5 ** (L - 1))).toBeLessThan(RELATIVE);
    expect(relative(n.residualRatioHalf, 1.5 ** (L - 1))).toBeLessThan(RELATIVE);
    expect(relative(n.residualRatioSmall, 1.1 ** (L - 1))).toBeLessThan(RELATIVE);
    expect(relative(n.residualRatioInverseDepth, (1 + 1 / L) ** (L - 1))).toBeLessThan(RELATIVE);
  });

  test('with ε = 1/L the ratio stays below e, and (1 + ε)^(L−1) ≤ e^(ε(L−1)) for every ε shown', () => {
    expect(n.residualRatioInverseDepth).toBeLessThan(Math.E);
    for (const epsilon of [n.halfEpsilon, n.smallEpsilon, n.inverseDepthEpsilon])
      expect((1 + epsilon) ** (L - 1)).toBeLessThanOrEqual(Math.exp(epsilon * (L - 1)));
  });

  test('the example’s table shows the same ratios and closed forms', async () => {
    const { shown } = await run('linear-skip');
    const rows = shown[0] as Record<string, number>[];
    const byEpsilon = (e: number) => rows.find((row) => row['ε'] === e)!;
    expect(relative(byEpsilon(0.5)['plain: ‖δ[1]‖/‖δ[L]‖'], n.plainRatioHalf)).toBeLessThan(RELATIVE);
    expect(relative(byEpsilon(0.5)['residual: ‖δ[1]‖/‖δ[L]‖'], n.residualRatioHalf)).toBeLessThan(RELATIVE);
    expect(relative(byEpsilon(0.1)['residual: ‖δ[1]‖/‖δ[L]‖'], n.residualRatioSmall)).toBeLessThan(RELATIVE);
    expect(relative(byEpsilon(1 / L)['residual: ‖δ[1]‖/‖δ[L]‖'], n.residualRatioInverseDepth)).toBeLessThan(
      RELATIVE,
    );
    for (const row of rows) {
      expect(relative(row['plain: ‖δ[1]‖/‖δ[L]‖'], row['|ε|^(L−1)'])).toBeLessThan(RELATIVE);
      expect(relative(row['residual: ‖δ[1]‖/‖δ[L]‖'], row['|1 + ε|^(L−1)'])).toBeLessThan(RELATIVE);
    }
  });
});

describe('random ReLU networks from the same weights', () => {
  test('the settings the prose states: 25 blocks of width 16, 51 weight matrices, s = 1/√B = 0.2, c = 1/2', () => {
    expect(n.blocks).toBe(25);
    expect(n.width).toBe(16);
    expect(n.weightLayers).toBe(2 * n.blocks + 1);
    expect(n.reluNetwork('plain').layers.length).toBe(n.weightLayers);
    expect(n.reluNetwork('residual').params.length).toBe(2 * n.weightLayers);
    expect(relative(n.scaledBranch, 0.2)).toBeLessThan(1e-15);
    expect(n.weightVariance).toBe(1);
    expect(n.branchGain).toBe(0.5);
  });

  test('the three networks share one draw of weights', () => {
    const values = (kind: n.Kind) => n.reluNetwork(kind).params.flatMap((p) => Array.from(p.value.data));
    expect(values('residual')).toEqual(values('plain'));
    expect(values('scaled')).toEqual(values('plain'));
  });

  test('‖δ‖ at each block, measured by the engine, equals a backward pass written here', () => {
    for (const kind of n.kinds) {
      const norms = byHand(
        weightsOf(n.reluNetwork(kind)),
        kind !== 'plain',
        kind === 'scaled' ? 0.2 : 1,
      ).blockDeltaNorms;
      const ratios = norms.map((v) => v / norms[n.blocks - 1]);
      ratios.forEach((r, i) => expect(relative(n.profiles[kind][i], r)).toBeLessThan(RELATIVE));
    }
    expect(n.plainRatio).toBe(n.profiles.plain[0]);
    expect(n.residualRatio).toBe(n.profiles.residual[0]);
    expect(n.scaledRatio).toBe(n.profiles.scaled[0]);
  });

  test('the mean-square predictions are c^((B−1)/2), (1 + c)^((B−1)/2) and (1 + c/B)^((B−1)/2)', () => {
    const B = n.blocks;
    expect(relative(n.plainRatioTheory, 0.5 ** ((B - 1) / 2))).toBeLessThan(RELATIVE);
    expect(relative(n.residualRatioTheory, 1.5 ** ((B - 1) / 2))).toBeLessThan(RELATIVE);
    expect(relative(n.scaledRatioTheory, (1 + 0.5 / B) ** ((B - 1) / 2))).toBeLessThan(RELATIVE);
    expect(n.scaledRatioTheory).toBeLessThan(Math.exp(0.5 / 2)); // below e^(c/2) at any depth
  });

  test('the prediction’s answer: the plain one vanishes, the s = 1 one explodes, the scaled one stays within ten', () => {
    expect(n.keptFactor).toBe(10);
    expect(n.plainRatio).toBeLessThan(1 / 10);
    expect(n.residualRatio).toBeGreaterThan(10);
    expect(n.scaledRatio).toBeGreaterThan(1 / 10);
    expect(n.scaledRatio).toBeLessThan(10);
    expect(n.profileOptions).toContain(n.profileAnswer);
    expect(n.profileAnswer).toBe(n.profileOptions[2]);
  });

  test('one draw lies below the mean-square line in the two exponential cases, more at block 1 than near the top', () => {
    expect(relative(n.plainTheoryGap, n.meanSquareRatio('plain', 1) / n.plainRatio)).toBeLessThan(1e-15);
    expect(relative(n.residualTheoryGap, n.meanSquareRatio('residual', 1) / n.residualRatio)).toBeLessThan(
      1e-15,
    );
    for (const kind of ['plain', 'residual'] as const) {
      const gap = (b: number) => n.meanSquareRatio(kind, b) / n.profiles[kind][b - 1];
      expect(gap(1)).toBeGreaterThan(1);
      expect(gap(1)).toBeGreaterThan(gap(n.blocks - 1));
    }
  });

  test('the figure draws the measured ratios as dots and the predictions as lines', () => {
    const points = pointsOf(figures.gradientChart);
    for (const kind of n.kinds) {
      const mine = points.filter((p) => p.series === n.kindLabel[kind] && p.x === 1).map((p) => p.y);
      expect(mine.some((y) => relative(y, n.profiles[kind][0]) < 1e-12)).toBe(true);
      expect(mine.some((y) => relative(y, n.meanSquareRatio(kind, 1)) < 1e-12)).toBe(true);
    }
    expect([figures.blocks, figures.width]).toEqual([n.blocks, n.width]);
  });

  test('each network has one colour in both figures', () => {
    const profile = colorsOf(figures.gradientChart);
    const loss = colorsOf(figures.lossChart);
    expect(new Set(n.kinds.map((kind) => profile[n.kindLabel[kind]])).size).toBe(3);
    for (const kind of ['plain', 'scaled'] as const)
      expect(loss[n.kindLabel[kind]]).toBe(profile[n.kindLabel[kind]]);
  });

  test('the example prints the same first-block ratios', async () => {
    const { logged, shown } = await run('gradient-profile');
    const printed = logged.map((args) => args[1] as number);
    expect(relative(printed[0], n.plainRatio)).toBeLessThan(RELATIVE);
    expect(relative(printed[1], n.residualRatio)).toBeLessThan(RELATIVE);
    expect(relative(printed[2], n.scaledRatio)).toBeLessThan(RELATIVE);
    expect(pointsOf(shown[0] as PlotOptions).length).toBeGreaterThan(0);
  });
});

describe('training them', () => {
  const plain = trainByHand('plain', n.learningRate, n.steps);
  const scaled = trainByHand('scaled', n.learningRate, n.steps);
  const unscaled = trainByHand('residual', n.learningRate, n.steps);
  const unscaledTiny = trainByHand('residual', n.tinyLearningRate, n.steps);

  test('the settings the prose states', () => {
    expect([n.samples, n.steps, n.learningRate, n.tinyLearningRate]).toEqual([32, 150, 0.02, 1e-4]);
    expect(n.learningRate / n.tinyLearningRate).toBeCloseTo(200, 10); // "two hundred times smaller"
    expect(n.data.x.cols).toBe(n.samples);
  });

  test('the mean predictor’s loss is (1/2m)·Σ(y − ȳ)²', () => {
    const mean = targets.reduce((a, b) => a + b, 0) / targets.length;
    const expected = targets.reduce((a, y) => a + (y - mean) ** 2, 0) / (2 * targets.length);
    expect(relative(n.meanPredictorLoss, expected)).toBeLessThan(1e-14);
  });

  test('the plain network learns the mean and little else', () => {
    expect(relative(n.plainLossStart, plain.losses[0])).toBeLessThan(RELATIVE);
    expect(relative(n.plainLossEnd, plain.losses[n.steps - 1])).toBeLessThan(TRAINED);
    expect(plain.stopStep).toBe(Infinity);
    expect(Math.abs(n.plainLossEnd - n.meanPredictorLoss) / n.meanPredictorLoss).toBeLessThan(1e-3);
    expect(n.plainLossEnd.toPrecision(4)).toBe(n.meanPredictorLoss.toPrecision(4)); // "to the digits shown"
  });

  test('the unscaled residual network starts far above and stops within a few steps, at either learning rate', () => {
    expect(relative(n.residualLossStart, unscaled.losses[0])).toBeLessThan(RELATIVE);
    expect(n.residualLossStart / n.plainLossStart).toBeGreaterThan(100);
    expect(n.residualStopStep).toBe(unscaled.stopStep);
    expect(n.residualTinyStopStep).toBe(unscaledTiny.stopStep);
    expect(n.residualStopStep).toBeLessThan(10);
    expect(n.residualTinyStopStep).toBeLessThan(10);
  });

  test('the scaled residual network trains well below the mean’s loss', () => {
    expect(relative(n.scaledLossStart, scaled.losses[0])).toBeLessThan(RELATIVE);
    expect(relative(n.scaledLossEnd, scaled.losses[n.steps - 1])).toBeLessThan(TRAINED);
    expect(scaled.stopStep).toBe(Infinity);
    expect(n.meanPredictorLoss / n.scaledLossEnd).toBeGreaterThan(2);
  });

  test('at the first step every weight gradient of the plain network is tiny, the output layer’s included', () => {
    const norm = (rows: number[][] | number[]) => Math.hypot(...(rows as number[][]).flat());
    const firstLayers = (kind: 'plain' | 'scaled') => {
      const { grads, gWout } = byHand(
        weightsOf(n.reluNetwork(kind)),
        kind !== 'plain',
        kind === 'scaled' ? 0.2 : 1,
      );
      return [...grads.map((g) => norm(g.W1)), norm(gWout)];
    };
    const plainNorms = firstLayers('plain');
    const scaledNorms = firstLayers('scaled');
    expect(relative(n.plainWeightGradientMin, Math.min(...plainNorms))).toBeLessThan(RELATIVE);
    expect(relative(n.plainWeightGradientMax, Math.max(...plainNorms))).toBeLessThan(RELATIVE);
    expect(relative(n.plainOutputWeightGradient, plainNorms[n.blocks])).toBeLessThan(RELATIVE);
    expect(relative(n.scaledWeightGradientMin, Math.min(...scaledNorms))).toBeLessThan(RELATIVE);
    expect(relative(n.scaledWeightGradientMax, Math.max(...scaledNorms))).toBeLessThan(RELATIVE);
    expect(relative(n.scaledOutputWeightGradient, scaledNorms[n.blocks])).toBeLessThan(RELATIVE);
    // "Not only its first layers": the largest is within a factor of a hundred of the smallest, and every one is
    // below the scaled network's smallest by orders of magnitude.
    expect(n.plainWeightGradientMax / n.plainWeightGradientMin).toBeLessThan(100);
    expect(n.plainWeightGradientMax / n.scaledWeightGradientMin).toBeLessThan(1e-3);
  });

  test('at the last step they are larger, most at the top, and still far below the scaled network’s', () => {
    // The last step's ‖dW‖, from a training loop written here, before its update (as fit records them).
    const lastNorms = (kind: 'plain' | 'scaled') => {
      const weights = weightsOf(n.reluNetwork(kind));
      const s = kind === 'scaled' ? 0.2 : 1;
      let result = byHand(weights, kind !== 'plain', s);
      for (let t = 1; t < n.steps; t++) {
        weights.blocks.forEach((blk, b) => {
          const g = result.grads[b];
          blk.W1.forEach((row, i) => row.forEach((_, j) => (row[j] -= n.learningRate * g.W1[i][j])));
          blk.b1.forEach((_, i) => (blk.b1[i] -= n.learningRate * g.b1[i]));
          blk.W2.forEach((row, i) => row.forEach((_, j) => (row[j] -= n.learningRate * g.W2[i][j])));
          blk.b2.forEach((_, i) => (blk.b2[i] -= n.learningRate * g.b2[i]));
        });
        weights.Wout.forEach((_, j) => (weights.Wout[j] -= n.learningRate * result.gWout[j]));
        weights.bout -= n.learningRate * result.gbout;
        result = byHand(weights, kind !== 'plain', s);
      }
      return [...result.grads.map((g) => Math.hypot(...g.W1.flat())), Math.hypot(...result.gWout)];
    };
    const plainNorms = lastNorms('plain');
    const scaledNorms = lastNorms('scaled');
    expect(relative(n.plainWeightGradientEndMin, Math.min(...plainNorms))).toBeLessThan(TRAINED);
    expect(relative(n.plainWeightGradientEndMax, Math.max(...plainNorms))).toBeLessThan(TRAINED);
    expect(relative(n.scaledWeightGradientEndMin, Math.min(...scaledNorms))).toBeLessThan(TRAINED);
    expect(relative(n.scaledWeightGradientEndMax, Math.max(...scaledNorms))).toBeLessThan(TRAINED);
    expect(n.plainWeightGradientEndMin).toBeGreaterThan(n.plainWeightGradientMin); // "they grow"
    expect(n.plainWeightGradientEndMax).toBeGreaterThan(n.plainWeightGradientMax);
    // "most in the top layers": the growth of the top half's geometric mean exceeds the bottom half's.
    const growth = (from: number, to: number) =>
      Math.exp(
        n
          .weightGradientsAt('plain', n.steps - 1)
          .slice(from, to)
          .reduce((sum, v, i) => sum + Math.log(v / n.weightGradientsAt('plain', 0)[from + i]), 0) /
          (to - from),
      );
    expect(growth(13, n.blocks + 1)).toBeGreaterThan(growth(0, 13));
    expect(n.plainWeightGradientEndMax).toBeLessThan(n.scaledWeightGradientEndMin); // "far below"
  });

  test('the heatmaps draw those norms: a row per block’s first layer and one for the output layer', () => {
    type Cell = { layer: number; step: number; lastStep: number; log: number };
    for (const [chart, kind] of [
      [figures.plainHeatmap, 'plain'],
      [figures.scaledHeatmap, 'scaled'],
    ] as const) {
      const cells = (chart.marks as { data?: unknown }[])
        .flatMap((mark) => (Array.isArray(mark?.data) ? (mark.data as Cell[]) : []))
        .filter((cell) => typeof cell?.log === 'number' && typeof cell.layer === 'number');
      expect(Math.max(...cells.map((cell) => cell.layer))).toBe(n.blocks + 1);
      // Each cell is the mean of log10 ‖dW‖ over its steps (a geometric mean of consecutive steps).
      for (const layer of [1, n.blocks + 1]) {
        const cell = cells.find((c) => c.layer === layer && c.step === 1)!;
        let sum = 0;
        for (let t = cell.step; t <= cell.lastStep; t++)
          sum += Math.log10(n.weightGradientsAt(kind, t - 1)[layer - 1]);
        expect(Math.abs(cell.log - sum / (cell.lastStep - cell.step + 1))).toBeLessThan(1e-12);
      }
    }
  });

  test('TryThis: with He’s variance on its ReLU layers the plain network trains, more slowly than the scaled one', async () => {
    const { logged } = await runEditedExample(new URL(folder, import.meta.url), 'train', [
      ["activation: 'relu', init,", "activation: 'relu', init: normalInit({ variance: 2 / width }),"],
    ]);
    const lossEnd = (line: unknown) => Number(String(line).split('→ ')[1]);
    const [plainEnd, , scaledEnd] = logged.map((args) => lossEnd(args[0]));
    expect(plainEnd).toBeLessThan(n.meanPredictorLoss / 2); // "well below the mean's"
    expect(plainEnd).toBeGreaterThan(scaledEnd); // "more slowly than the scaled residual network"
  });

  test('the figure and the example show the same runs', async () => {
    const points = pointsOf(figures.lossChart);
    const lastOf = (label: string) => points.filter((p) => p.series === label && p.x === n.steps)[0]?.y;
    expect(relative(lastOf(n.kindLabel.plain)!, n.plainLossEnd)).toBeLessThan(1e-12);
    expect(relative(lastOf(n.kindLabel.scaled)!, n.scaledLossEnd)).toBeLessThan(1e-12);
    expect(figures.steps).toBe(n.steps);
    expect(figures.learningRate).toBe(n.learningRate);
    expect(figures.weightLayers).toBe(n.weightLayers);

    const { logged } = await run('train');
    const ends = logged.map((args) => String(args[0]));
    expect(ends[0]).toContain(String(n.plainLossEnd));
    expect(ends[2]).toContain(String(n.scaledLossEnd));
    expect((logged[1][1] as { step: number }).step).toBe(n.residualStopStep);
  });
});

describe('the exercise', () => {
  test('the solution passes every case of the check and the starter fails one', async () => {
    const check = (await import(`${folder}residual-gradient-ratio.check.ts`)).default;
    const { residualGradientRatio: solution } = await import(`${folder}residual-gradient-ratio.solution.ts`);
    const { residualGradientRatio: starter } = await import(`${folder}residual-gradient-ratio.exercise.ts`);
    const within = (f: (e: number[]) => number) =>
      check.cases.every(
        ({ args, expected }: { args: [number[]]; expected: number }) =>
          relative(f(...args), expected) <= check.tolerance,
      );
    expect(within(solution)).toBe(true);
    expect(within(starter)).toBe(false);
    // The closed form ∏_{l=2}^{L} |1 + ε_l| on the lesson's case, ε = 0.5 over 20 blocks.
    expect(relative(solution(new Array(20).fill(0.5)), 1.5 ** 19)).toBeLessThan(RELATIVE);
  });
});
