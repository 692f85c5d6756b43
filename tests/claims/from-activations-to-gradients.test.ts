/**
 * Every number in the lesson "From activations to gradients" (content/1-phenomenon/from-activations-to-gradients.mdx),
 * checked against a closed form or against a backward pass written out with plain loops (`handBackprop`, in
 * tests/support/hand-backprop.ts, which shares no code with the engine's layers), against what the prose says about it ("within a factor of", "to every
 * digit shown"), and against the output of the lesson's own examples.
 *
 * Tolerances: the engine and the loops below do the same float64 arithmetic in a different order, so they agree to
 * a few units in the last place, amplified at most by the depth: 1e-10 leaves a wide margin. Finite differences
 * (ε = 1e-5) agree with exact gradients to about 1e-9 here.
 */
import {
  activationSlopeBounds,
  createRandom,
  fillNormal,
  heNormal,
  mlp,
  normalInit,
  sigmoidMaxSlope,
  xavierNormal,
  zeros,
  type Matrix,
  type Network,
} from '@gradscope/core';
import { colorOfActivation, formatNumber } from '@gradscope/charts';
import type { PlotOptions } from '@observablehq/plot';
import { describe, expect, test } from 'vitest';

import * as figures from '../../content/1-phenomenon/from-activations-to-gradients/figures.ts';
import * as n from '../../content/1-phenomenon/from-activations-to-gradients/numbers.ts';
import { colorsOf, pointsOf, relative, runExample } from '../support/claims.ts';
import { handBackprop as backpropByHand, norm, type HandActivation } from '../support/hand-backprop.ts';

const CLOSE = 1e-10;

/** The lesson's example `name`.ts, run with stand-ins for the playground's display and console. */
const run = (name: string) =>
  runExample(new URL(`../../content/1-phenomenon/from-activations-to-gradients/${name}.ts`, import.meta.url));

// --------------------------------------------------------------------------- an independent backward pass

const g: Record<string, HandActivation> = {
  identity: { f: (z) => z, slope: () => 1 },
  sigmoid: {
    f: (z) => 1 / (1 + Math.exp(-z)),
    slope: (z) => {
      const s = 1 / (1 + Math.exp(-z));
      return s * (1 - s);
    },
  },
  tanh: { f: Math.tanh, slope: (z) => 1 - Math.tanh(z) ** 2 },
  relu: { f: (z) => Math.max(0, z), slope: (z) => (z > 0 ? 1 : 0) },
};

/**
 * The shared loops of `tests/support/hand-backprop.ts` with this lesson's activations: per layer ‖delta‖, ‖dW‖,
 * ‖a‖, the slopes and the activations.
 */
function handBackprop(net: Network, X: Matrix, Y: Matrix) {
  const { loss, as, slopes, deltas, dW, db } = backpropByHand(net, X, Y, g);
  return {
    loss,
    gradients: { dW, db },
    delta: deltas.map(norm),
    dW: dW.map(norm),
    a: as.slice(1).map(norm),
    activations: as.slice(1),
    slopes,
    output: as[as.length - 1],
  };
}

/** The figure's batch, drawn again here from its seed: X then Y, N(0, 1) entries. */
function figureBatch(targetScale = 1) {
  const random = createRandom(11);
  const X = zeros(n.figureWidth, n.figureBatch);
  fillNormal(X.data, random);
  const Y = zeros(n.figureWidth, n.figureBatch);
  fillNormal(Y.data, random);
  for (let i = 0; i < Y.data.length; i++) Y.data[i] *= targetScale;
  return { X, Y };
}

const L = n.figureDepth;
/** The ratios ‖delta^[l]‖ / ‖delta^[L]‖ of a figure network, by the loops above. */
const handCache = new Map<string, ReturnType<typeof handRatiosUncached>>();
function handRatios(label: string, targetScale = 1) {
  const key = `${label} ${targetScale}`;
  if (!handCache.has(key)) handCache.set(key, handRatiosUncached(label, targetScale));
  return handCache.get(key)!;
}
function handRatiosUncached(label: string, targetScale: number) {
  const { X, Y } = figureBatch(targetScale);
  const hand = handBackprop(n.profiles[label].net, X, Y);
  return { ...hand, ratio: hand.delta.map((d) => d / hand.delta[L - 1]) };
}

// ----------------------------------------------------------------------------------------------- claims

describe('the constants the TeX writes', () => {
  test('the sigmoid’s slope is at most 1/4 (the summary and the text write $\\tfrac14$)', () => {
    expect(sigmoidMaxSlope).toBe(1 / 4);
    expect(activationSlopeBounds('sigmoid').max).toBeCloseTo(1 / 4, 12);
    expect(g.sigmoid.slope(0)).toBe(1 / 4);
  });

  test('the target is y = x = (1, 1)ᵀ, whose length is √2', () => {
    expect([...n.target]).toEqual([1, 1]);
    expect(norm(n.target)).toBe(Math.SQRT2);
  });

  test('the text counts six networks in the figure and three in training', () => {
    expect(n.ratioCases).toHaveLength(6);
    expect(n.trainingCases).toHaveLength(3);
  });
});

/**
 * The tiny network by plain loops, W1 scaled and the hidden activation chosen: the exact dW^[1] from the course's
 * formulas with the right slope, the forum's with A1, and centred finite differences of the cross-entropy
 * (ε = 1e-6), none of it through the engine.
 */
function tinyByHand(w1Scale: number, hidden: 'sigmoid' | 'tanh') {
  const X = n.tiny.X;
  const Y = n.tiny.Y[0];
  const m = Y.length;
  const W2 = n.tiny.W2;
  const act = g[hidden];
  const forwardPass = (W1: number[]) => {
    const A1 = [0, 1, 2].map((i) => Y.map((_, j) => act.f(W1[2 * i] * X[0][j] + W1[2 * i + 1] * X[1][j])));
    const A2 = Y.map((_, j) => g.sigmoid.f(A1.reduce((sum, row, i) => sum + W2[i] * row[j], 0)));
    return { A1, A2 };
  };
  const loss = (W1: number[]) =>
    -forwardPass(W1).A2.reduce<number>(
      (sum, a, j) => sum + Y[j] * Math.log(a) + (1 - Y[j]) * Math.log(1 - a),
      0,
    ) / m;
  const W1 = n.tiny.W1.map((w) => w * w1Scale);
  const { A1, A2 } = forwardPass(W1);
  const dZ2 = A2.map((a, j) => a - Y[j]);
  const slope = (a: number) => (hidden === 'tanh' ? 1 - a * a : a * (1 - a));
  const dW1 = (factor: (a: number) => number) =>
    W1.map((_, k) => {
      const [i, c] = [Math.floor(k / 2), k % 2];
      return Y.reduce<number>((sum, _, j) => sum + W2[i] * dZ2[j] * factor(A1[i][j]) * X[c][j], 0) / m;
    });
  const eps = 1e-6;
  const numeric = W1.map((_, k) => {
    const up = [...W1];
    const down = [...W1];
    up[k] += eps;
    down[k] -= eps;
    return (loss(up) - loss(down)) / (2 * eps);
  });
  return { exact: dW1(slope), forum: dW1((a) => a), numeric, A1: A1.flat() };
}

describe('the forum’s dZ1 = W2ᵀ·dZ2 * A1, on the tiny network', () => {
  const { engine, course, forum, numeric, A1 } = n.tinyGradients();

  test('the engine and the course formula with A1·(1 − A1) agree with finite differences', () => {
    for (let k = 0; k < engine.length; k++) {
      expect(relative(engine[k], numeric[k])).toBeLessThanOrEqual(n.tinyEngineError);
      expect(relative(course[k], engine[k])).toBeLessThan(CLOSE);
    }
    expect(n.tinyEngineError).toBeLessThan(1e-8);
  });

  test('the forum’s entries are between the stated ratios of the true ones, all too large', () => {
    const ratios = Array.from(forum, (v, k) => v / numeric[k]);
    expect(Math.min(...ratios)).toBe(n.tinyForumRatioMin);
    expect(Math.max(...ratios)).toBe(n.tinyForumRatioMax);
    expect(n.tinyForumRatioMin).toBeGreaterThan(1);
    expect(n.tinyForumError).toBeCloseTo(n.tinyForumRatioMax - 1, 12);
  });

  test('for one example the forum’s delta is 1/(1 − a) times the true one in every unit', () => {
    // Column j of the batch alone: delta_forum / delta_true = a / (a·(1 − a)).
    for (let idx = 0; idx < A1.length; idx++) {
      const a = A1[idx];
      expect(relative(a / (a * (1 - a)), 1 / (1 - a))).toBeLessThan(1e-15);
      expect(1 / (1 - a)).toBeGreaterThan(1);
    }
  });

  test('TryThis: W1 five times larger shrinks the true gradient and grows the forum’s (by loops, not the engine)', () => {
    expect(n.tryW1Scale).toBe(5);
    const base = tinyByHand(1, 'sigmoid');
    const big = tinyByHand(n.tryW1Scale, 'sigmoid');
    expect(relative(n.saturatedTrueChange, norm(big.exact) / norm(base.exact))).toBeLessThan(1e-6);
    expect(relative(n.saturatedForumChange, norm(big.forum) / norm(base.forum))).toBeLessThan(CLOSE);
    expect(n.saturatedTrueChange).toBeLessThan(1);
    expect(n.saturatedForumChange).toBeGreaterThan(1);
  });

  test('TryThis: with a tanh hidden layer the slope 1 − A1² is right and the forum’s A1 fails worse', () => {
    const hand = tinyByHand(1, 'tanh');
    const worst = (values: number[]) => Math.max(...values.map((v, k) => relative(v, hand.numeric[k])));
    expect(relative(n.tanhForumError, worst(hand.forum))).toBeLessThan(1e-6);
    expect(worst(hand.exact)).toBeLessThan(1e-8);
    expect(n.tanhCourseError).toBeLessThan(1e-8);
    expect(n.tanhForumError).toBeGreaterThan(n.tinyForumError);
    expect(Math.min(...hand.A1)).toBeLessThan(0); // some tanh outputs are negative
  });

  test('the example prints the same table and the same errors', async () => {
    const { shown, logged } = await run('forum-backward');
    const rows = shown[0] as Record<string, number>[];
    expect(rows.map((r) => r.engine)).toEqual(Array.from(engine));
    expect(rows.map((r) => r['forum, A1'])).toEqual(Array.from(forum));
    expect(rows.map((r) => r['finite differences'])).toEqual(Array.from(numeric));
    const line = (prefix: string) => logged.find((args) => String(args[0]).startsWith(prefix))![1];
    expect(line('  engine')).toBe(n.tinyEngineError);
    expect(line('  forum')).toBe(n.tinyForumError);
  });
});

describe('the loss’s derivative, with the target y = x', () => {
  test('k = 1.5: the output is 1.5^20 and the error is √2·(1.5^20 − 1)', () => {
    expect(n.lectureDepth).toBe(20);
    expect(n.lectureOutputUp).toBe(1.5 ** 20);
    expect(relative(n.lossDerivativeUp, Math.SQRT2 * (1.5 ** 20 - 1))).toBeLessThan(CLOSE);
  });

  test('k = 0.5: the output is 0.5^20 but the error is √2·(1 − 0.5^20), the size of the target', () => {
    expect(n.lectureOutputDown).toBe(0.5 ** 20);
    expect(relative(n.lossDerivativeDown, Math.SQRT2 * (1 - 0.5 ** 20))).toBeLessThan(CLOSE);
    expect(relative(n.lossDerivativeDown, Math.SQRT2)).toBeLessThan(1e-5);
  });

  test('every layer’s ‖dW‖ is k^(L−1)·‖ŷ − y‖·‖x‖, the same in layer 1 and layer L', () => {
    for (const [k, dA, dW1] of [
      [1.5, n.lossDerivativeUp, n.weightGradientUp],
      [0.5, n.lossDerivativeDown, n.weightGradientDown],
    ] as const) {
      expect(relative(dW1, k ** 19 * dA * Math.SQRT2)).toBeLessThan(CLOSE);
      expect(relative(n.lectureWithTarget(k).dWL, dW1)).toBeLessThan(CLOSE);
    }
    expect(n.weightGradientDown).toBeLessThan(1e-5);
  });

  test('the example shows the same numbers at depth 20', async () => {
    const { shown } = await run('loss-derivative');
    const rows = shown[0] as Record<string, number>[];
    const at = (k: number) => rows.find((r) => r.k === k && r.L === n.lectureDepth)!;
    expect(at(0.5)['‖dA[L]‖ = ‖ŷ − y‖']).toBe(n.lossDerivativeDown);
    expect(at(1.5)['‖dA[L]‖ = ‖ŷ − y‖']).toBe(n.lossDerivativeUp);
    expect(at(0.5)['‖dW[1]‖']).toBe(n.weightGradientDown);
    for (const r of rows) expect(relative(r['‖dW[1]‖'], r['k^(L−1)·‖ŷ − y‖·‖x‖'])).toBeLessThan(CLOSE);
  });
});

describe('the gradient ratios of the six networks', () => {
  test('the linear networks follow k^(L−l) exactly', () => {
    for (const [label, k] of [
      ['linear, 1.5·I', 1.5],
      ['linear, 0.5·I', 0.5],
    ] as const) {
      n.profiles[label].ratio.forEach((r, i) => expect(relative(r, k ** (L - 1 - i))).toBeLessThan(CLOSE));
    }
    expect(relative(n.ratioLinearUp, 1.5 ** 19)).toBeLessThan(CLOSE);
    expect(relative(n.ratioLinearDown, 0.5 ** 19)).toBeLessThan(CLOSE);
  });

  test('every network’s ratios match a backward pass written out with loops', () => {
    for (const c of n.ratioCases) {
      const hand = handRatios(c.label);
      hand.ratio.forEach((r, i) => expect(relative(n.profiles[c.label].ratio[i], r)).toBeLessThan(CLOSE));
    }
    expect(relative(n.ratioSigmoid, handRatios('sigmoid, Xavier').ratio[0])).toBeLessThan(CLOSE);
    expect(relative(n.ratioTanh, handRatios('tanh, Xavier').ratio[0])).toBeLessThan(CLOSE);
    expect(relative(n.ratioTanhLarge, handRatios(`tanh, ${n.largeScale} × Xavier`).ratio[0])).toBeLessThan(
      CLOSE,
    );
  });

  test('tanh’s slopes are smallest in the first layers, where its pre-activations are largest', () => {
    const { X, Y } = figureBatch();
    const net = n.profiles['tanh, Xavier'].net;
    const hand = handBackprop(net, X, Y);
    const rms = (values: Float64Array) => norm(values) / Math.sqrt(values.length);
    const zNorm = (l: number) => norm(net.layers[l].lastTrace!.z.data);
    expect(rms(hand.slopes[0])).toBeLessThan(rms(hand.slopes[L - 2]));
    expect(zNorm(0)).toBeGreaterThan(zNorm(L - 2));
  });

  test('TryThis: ReLU with 1.5 × He climbs within a small factor of the linear 1.5·I line', () => {
    const big = n.backwardProfile('relu', normalInit({ std: 1.5 * Math.sqrt(2 / n.figureWidth) })).ratio;
    const linear = 1.5 ** (L - 1);
    expect(big[0] / linear).toBeGreaterThan(1 / 5);
    expect(big[0] / linear).toBeLessThan(5);
  });

  test('TryThis: a sigmoid network with four times Xavier’s weights still vanishes, more slowly', () => {
    const four = n.backwardProfile('sigmoid', normalInit({ std: 4 / Math.sqrt(n.figureWidth) })).ratio;
    expect(four[0]).toBeLessThan(1e-3);
    expect(four[0]).toBeGreaterThan(n.ratioSigmoid);
  });

  test('TryThis: at L = 50 the sigmoid and the large tanh keep their factor per layer (within 5%)', () => {
    for (const [activation, init] of [
      ['sigmoid', 'xavierNormal'],
      ['tanh', normalInit({ std: n.largeScale / Math.sqrt(n.figureWidth) })],
    ] as const) {
      const short = n.backwardProfile(activation, init).ratio[0] ** (1 / (L - 1));
      const long = n.backwardProfile(activation, init, { depth: 50 }).ratio[0] ** (1 / 49);
      expect(relative(long, short)).toBeLessThan(0.05);
    }
  });

  test('what the prose says of each: sigmoid vanishes fast, tanh slowly, the large tanh explodes', () => {
    expect(n.ratioSigmoid).toBeLessThan(1e-9);
    expect(n.ratioTanh).toBeGreaterThan(0.1);
    expect(n.ratioTanh).toBeLessThan(1);
    expect(n.ratioTanhLarge).toBeGreaterThan(100);
  });

  test('ReLU with He stays within the stated factor of the last layer, with about half its units active', () => {
    const hand = handRatios('ReLU, He');
    expect(Math.max(...hand.ratio)).toBeCloseTo(n.ratioReluMax, 10);
    expect(Math.min(...hand.ratio)).toBeGreaterThanOrEqual(1 - CLOSE);
    expect(n.ratioReluMax).toBeLessThan(5);
    // Five times deeper, by the loops: the largest ratio levels off near the shallow one instead of growing on.
    const { X, Y } = figureBatch();
    const deep = n.backwardProfile('relu', 'heNormal', { depth: n.reluDeepDepth });
    const deepHand = handBackprop(deep.net, X, Y);
    const deepRatios = deepHand.delta.map((d) => d / deepHand.delta[n.reluDeepDepth - 1]);
    expect(relative(n.ratioReluMaxDeep, Math.max(...deepRatios))).toBeLessThan(1e-9);
    expect(n.ratioReluMaxDeep).toBeLessThan(3 * n.ratioReluMax);
    const hidden = hand.slopes.slice(0, L - 1).flatMap((s) => Array.from(s));
    expect(hidden.filter((s) => s === 1).length / hidden.length).toBe(n.reluActiveFraction);
    expect(Math.abs(n.reluActiveFraction - 0.5)).toBeLessThan(0.1);
  });

  test('the sigmoid’s factor per layer is the geometric mean of its ratio, and close to its RMS slope', () => {
    expect(relative(n.sigmoidFactorPerLayer ** (L - 1), n.ratioSigmoid)).toBeLessThan(CLOSE);
    const hand = handRatios('sigmoid, Xavier');
    // The root mean square over every hidden unit and example, all layers pooled.
    const hidden = hand.slopes.slice(0, L - 1).flatMap((s) => Array.from(s));
    expect(relative(n.sigmoidRmsSlope, norm(hidden) / Math.sqrt(hidden.length))).toBeLessThan(CLOSE);
    expect(n.sigmoidRmsSlope).toBeLessThan(sigmoidMaxSlope);
    expect(relative(n.sigmoidFactorPerLayer, n.sigmoidRmsSlope)).toBeLessThan(0.05);
  });

  test('the sigmoid’s activations keep their size while their spread and the gradient fall alike', () => {
    const hand = handRatios('sigmoid, Xavier');
    expect(relative(n.sigmoidActivationFirst, hand.a[0])).toBeLessThan(CLOSE);
    expect(relative(n.sigmoidActivationLast, hand.a[L - 2])).toBeLessThan(CLOSE);
    expect(relative(n.sigmoidActivationLast, n.sigmoidActivationFirst)).toBeLessThan(0.2);
    const spread = (values: Float64Array) => {
      const m = n.figureBatch;
      let sum = 0;
      for (let i = 0; i < values.length / m; i++) {
        const row = Array.from(values.subarray(i * m, (i + 1) * m));
        const mean = row.reduce((s, v) => s + v, 0) / m;
        sum += row.reduce((s, v) => s + (v - mean) ** 2, 0);
      }
      return Math.sqrt(sum);
    };
    const ratio = spread(hand.activations[L - 2]) / spread(hand.activations[0]);
    // At layer L − 1 the spread is about 1e-11 of values near 0.5: subtracting the mean cancels some 11 of float64's
    // 16 digits, so two correct computations in a different order agree only to about 1e-5.
    expect(relative(n.sigmoidSpreadRatio, ratio)).toBeLessThan(1e-4);
    // "about the same factor per layer as the gradient": the per-layer factors agree within 5%.
    expect(relative(n.sigmoidSpreadRatio ** (1 / (L - 2)), n.sigmoidFactorPerLayer)).toBeLessThan(0.05);
  });

  test('the sigmoid’s last hidden layer outputs numbers well inside (0, 1), between the stated bounds', () => {
    const top = handRatios('sigmoid, Xavier').activations[L - 2];
    expect(Math.min(...top)).toBeCloseTo(n.sigmoidTopMin, 12);
    expect(Math.max(...top)).toBeCloseTo(n.sigmoidTopMax, 12);
    expect(n.sigmoidTopMin).toBeGreaterThan(0.2);
    expect(n.sigmoidTopMax).toBeLessThan(0.8);
  });

  test('in the sigmoid network dW follows delta: the two ratios are within a factor of 3', () => {
    const hand = handRatios('sigmoid, Xavier');
    expect(relative(n.sigmoidWeightRatio, hand.dW[0] / hand.dW[L - 1])).toBeLessThan(CLOSE);
    const factor = n.sigmoidWeightRatio / n.ratioSigmoid;
    expect(factor).toBeGreaterThan(1 / 3);
    expect(factor).toBeLessThan(3);
  });

  test('Xavier and He draw weights of standard deviation 1/√64 and √(2/64) at width 64', () => {
    const fans = { fanIn: n.figureWidth, fanOut: n.figureWidth };
    expect(relative(n.xavierStd, xavierNormal().std!(fans))).toBeLessThan(1e-15);
    expect(relative(n.heStd, heNormal().std!(fans))).toBeLessThan(1e-15);
  });

  test('targets a thousand times larger scale every gradient, not the ratio', () => {
    expect(n.targetScale).toBe(1000);
    const small = handRatios('tanh, Xavier');
    const big = handRatios('tanh, Xavier', n.targetScale);
    expect(relative(n.bigTargetGrowth, big.delta[L - 1] / small.delta[L - 1])).toBeLessThan(CLOSE);
    const change = Math.max(...big.ratio.map((r, i) => relative(r, small.ratio[i])));
    expect(relative(n.bigTargetRatioChange, change)).toBeLessThan(1e-8);
    expect(n.bigTargetGrowth).toBeGreaterThan(n.targetScale / 2);
    expect(n.bigTargetRatioChange).toBeLessThan(0.5);
  });

  test('the figure draws each network in its activation’s colour, the linear ones dashed', () => {
    const colors = colorsOf(figures.ratioChart);
    expect(colors['tanh, Xavier']).toBe(colorOfActivation('tanh'));
    expect(colors['ReLU, He']).toBe(colorOfActivation('relu'));
    expect(colors['sigmoid, Xavier']).toBe(colorOfActivation('sigmoid'));
    expect(colors['linear, 1.5·I']).toBe(colorOfActivation('identity'));
    const first = pointsOf(figures.ratioChart).filter((p) => p.x === L - 1);
    expect(first.find((p) => p.series === 'sigmoid, Xavier')!.y).toBe(n.ratioSigmoid);
  });

  test('the playground draws the same lines as the figure', async () => {
    const { shown } = await run('gradient-ratios');
    const points = pointsOf(shown[0] as PlotOptions);
    const figure = pointsOf(figures.ratioChart);
    for (const label of ['ReLU, He', 'tanh, Xavier', 'sigmoid, Xavier', `tanh, ${n.largeScale} × Xavier`]) {
      const mine = points.filter((p) => p.series === label);
      expect(mine.length).toBeGreaterThan(0);
      for (const p of mine) {
        const match = figure.find((q) => q.series === label && q.x === p.x)!;
        expect(relative(p.y, match.y)).toBeLessThan(CLOSE);
      }
    }
  });
});

describe('training', () => {
  /** The student of `case`, before any step, by the loops above: its per-layer ‖delta‖ and ‖dW‖ at step 1. */
  const atStart = (index: number) => {
    const c = n.trainingCases[index];
    return handBackprop(n.student(c.activation, c.init), n.trainingData.x, n.trainingData.y);
  };

  test('the tanh network learns from the stated start to the stated end', () => {
    const hand = atStart(0);
    const m = n.trainSamples;
    const y = Array.from(n.trainingData.y.data);
    const loss = y.reduce((s, v, j) => s + (hand.output[j] - v) ** 2, 0) / (2 * m);
    expect(relative(n.tanhLossStart, loss)).toBeLessThan(CLOSE);
    expect(relative(hand.loss, loss)).toBeLessThan(1e-15);
    expect(n.tanhLossEnd).toBeLessThan(n.tanhLossStart / 10);
  });

  test('the other two stop at the loss of the mean, half the targets’ variance, to every digit shown', () => {
    const y = Array.from(n.trainingData.y.data);
    const mean = y.reduce((s, v) => s + v, 0) / y.length;
    const variance = y.reduce((s, v) => s + (v - mean) ** 2, 0) / y.length;
    expect(relative(n.meanPredictorLoss, variance / 2)).toBeLessThan(1e-14);
    for (const end of [n.sigmoidLossEnd, n.smallLossEnd]) {
      expect(formatNumber(end, 7)).toBe(formatNumber(n.meanPredictorLoss, 7));
      expect(end).toBeGreaterThanOrEqual(n.meanPredictorLoss * (1 - 1e-12));
    }
  });

  test('the first step’s ratios ‖dW[1]‖ / ‖dW[L]‖ are what the loops give', () => {
    const D = n.trainDepth;
    const sigmoid = atStart(1);
    const tanh = atStart(0);
    expect(relative(n.sigmoidFirstStepRatio, sigmoid.dW[0] / sigmoid.dW[D - 1])).toBeLessThan(CLOSE);
    expect(relative(n.tanhFirstStepRatio, tanh.dW[0] / tanh.dW[D - 1])).toBeLessThan(CLOSE);
    expect(n.sigmoidFirstStepRatio).toBeLessThan(1e-5);
  });

  test('the sigmoid student’s top layer barely varies with the input, and the small start’s output vanishes', () => {
    const sigmoid = atStart(1);
    const D = n.trainDepth;
    const m = n.trainSamples;
    const spread = (a: Float64Array) => {
      let sum = 0;
      for (let i = 0; i < a.length / m; i++) {
        const row = Array.from(a.subarray(i * m, (i + 1) * m));
        const mean = row.reduce((s, v) => s + v, 0) / m;
        sum += row.reduce((s, v) => s + (v - mean) ** 2, 0);
      }
      return Math.sqrt(sum);
    };
    const ratio = spread(sigmoid.activations[D - 2]) / spread(sigmoid.activations[0]);
    expect(relative(n.sigmoidTrainSpreadRatio, ratio)).toBeLessThan(1e-6); // cancellation, as above
    expect(n.sigmoidTrainSpreadRatio).toBeLessThan(1e-5);
    expect(relative(n.smallOutputNorm, norm(atStart(2).output))).toBeLessThan(1e-8);
    expect(n.smallOutputNorm).toBeLessThan(1e-12);
  });

  test('weights of 0.01 at width 16 scale a signal by 0.04 a layer; the error at the top is ‖y‖/m', () => {
    expect(n.smallStd).toBe(0.01);
    expect(n.trainWidth).toBe(16);
    expect(n.smallGain).toBeCloseTo(0.04, 15);
    const hand = atStart(2);
    const D = n.trainDepth;
    expect(relative(n.smallLastDelta, hand.delta[D - 1])).toBeLessThan(CLOSE);
    const yOverM = norm(n.trainingData.y.data) / n.trainSamples;
    expect(formatNumber(n.smallLastDelta, 4)).toBe(formatNumber(yOverM, 4));
    expect(relative(n.smallDeltaRatio, hand.delta[0] / hand.delta[D - 1])).toBeLessThan(1e-8);
    expect(n.smallDeltaRatio).toBeLessThan(1e-10);
    expect(relative(n.smallFirstStepLargest, Math.max(...hand.dW))).toBeLessThan(1e-8);
    expect(n.smallFirstStepLargest).toBeLessThan(1e-12);
  });

  test(
    'gradient descent written out with the loops reaches the stated losses and last-layer gradients',
    { timeout: 30_000 },
    () => {
      // The tanh and sigmoid students (the third's end is checked against the mean above), trained by W ← W − η·dW, b ← b − η·db with the loops' gradients: the same
      // arithmetic as fit and sgd in another order, which 300 steps amplify to far less than 1e-6 here.
      const trainByHand = (index: number) => {
        const c = n.trainingCases[index];
        const net = n.student(c.activation, c.init);
        let last = handBackprop(net, n.trainingData.x, n.trainingData.y);
        const first = last;
        for (let step = 1; step < n.trainSteps; step++) {
          net.layers.forEach((layer, l) => {
            const [W, b] = layer.params;
            W.value.data.forEach((w, k) => (W.value.data[k] = w - n.learningRate * last.gradients.dW[l][k]));
            b.value.data.forEach((v, k) => (b.value.data[k] = v - n.learningRate * last.gradients.db[l][k]));
          });
          last = handBackprop(net, n.trainingData.x, n.trainingData.y);
        }
        return { first, last };
      };
      const D = n.trainDepth;
      const tanh = trainByHand(0);
      expect(relative(n.tanhLossEnd, tanh.last.loss)).toBeLessThan(1e-6);
      const sigmoid = trainByHand(1);
      expect(relative(n.sigmoidLossEnd, sigmoid.last.loss)).toBeLessThan(1e-9);
      expect(relative(n.sigmoidLastLayerStart, sigmoid.first.dW[D - 1])).toBeLessThan(CLOSE);
      expect(relative(n.sigmoidLastLayerEnd, sigmoid.last.dW[D - 1])).toBeLessThan(1e-6);
      expect(n.sigmoidLastLayerEnd).toBeLessThan(n.sigmoidLastLayerStart * 1e-3);
    },
  );

  test('TryThis: ReLU with He’s weights learns, with every layer’s gradient far from vanishing', () => {
    const relu = n.train({ label: 'ReLU, He', activation: 'relu', init: 'heNormal' });
    expect(relu.loss[n.trainSteps - 1]).toBeLessThan(n.meanPredictorLoss / 10);
    for (let layer = 1; layer <= n.trainDepth; layer++)
      for (let step = 1; step <= n.trainSteps; step++)
        expect(n.gradNormAt(relu, layer, step)).toBeGreaterThan(1e-3);
  });

  test('TryThis: the tanh network from weights of 0.01 is dark in every row, darker than the sigmoid’s', () => {
    const small = n.runs[n.trainingCases[2].label];
    const sigmoid = n.runs[n.trainingCases[1].label];
    const rowMax = (h: typeof small, layer: number) =>
      Math.max(...Array.from({ length: n.trainSteps }, (_, t) => n.gradNormAt(h, layer, t + 1)));
    for (let layer = 1; layer <= n.trainDepth; layer++) {
      expect(rowMax(small, layer)).toBeLessThan(1e-3);
      expect(rowMax(small, layer)).toBeLessThan(rowMax(sigmoid, layer));
    }
  });

  test('the run settings the prose states are the ones trained', () => {
    expect([n.trainDepth, n.trainWidth, n.trainSamples, n.trainSteps, n.learningRate]).toEqual([
      12, 16, 64, 300, 0.05,
    ]);
    for (const c of n.trainingCases) expect(n.runs[c.label].loss).toHaveLength(n.trainSteps);
    const net = n.student('tanh', 'xavierNormal');
    expect(net.layers).toHaveLength(n.trainDepth);
    expect(net.layers[1].inputSize).toBe(n.trainWidth);
  });

  test('the training example trains the same two networks as the figures', async () => {
    const { shown } = await run('training');
    const losses = pointsOf(shown[0] as PlotOptions);
    for (const label of ['sigmoid, Xavier', 'tanh, Xavier']) {
      // The line and its off-scale marks share the rows: one loss per step.
      const curve = new Map(losses.filter((p) => p.series === label).map((p) => [p.x, p.y]));
      expect([...curve.values()]).toEqual(Array.from(n.runs[label].loss));
    }
  });

  test('a fresh network of the figure’s spec is what the profiles measured', () => {
    // The figure's networks are rebuilt from their spec, not reused: the same seed gives the same weights.
    const again = mlp({
      sizes: new Array<number>(L + 1).fill(n.figureWidth),
      activation: 'sigmoid',
      init: 'xavierNormal',
      seed: 3,
    });
    expect(Array.from(again.params[0].value.data)).toEqual(
      Array.from(n.profiles['sigmoid, Xavier'].net.params[0].value.data),
    );
  });
});
