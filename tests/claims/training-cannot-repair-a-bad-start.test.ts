/**
 * Every number in the lesson "Why training cannot repair a bad start"
 * (content/3-forum-questions/training-cannot-repair-a-bad-start.mdx), checked against a closed form, an independent
 * computation (a training loop written here without `fit`, forward passes, float32 rounding by Math.fround), what
 * the prose says about it ("to every digit shown", "the last layer", "less than a thousandth"), and the output of
 * the lesson's own examples.
 *
 * Tolerances: closed forms and the engine compute the same float64 products in another order, so they agree to a
 * few units in the last place (1e-12 leaves room); float32 values are compared at float32's precision (1e-6).
 */
import {
  ADAM_DEFAULTS,
  FLOAT32_MAX,
  column,
  forward,
  frobeniusNorm,
  layerGradNorms,
  linearNetwork,
  lossAndGradients,
  mlp,
  normalInit,
  sgd,
  type Network,
} from '@gradscope/core';
import type { PlotOptions } from '@observablehq/plot';
import { describe, expect, test } from 'vitest';

import * as figures from '../../content/3-forum-questions/training-cannot-repair-a-bad-start/figures.ts';
import * as n from '../../content/3-forum-questions/training-cannot-repair-a-bad-start/numbers.ts';
import { colorsOf, pointsOf, relative, runExample } from '../support/claims.ts';

const RELATIVE = 1e-12;
const FLOAT32 = 1e-6;

/** The lesson's example `name`.ts, run with stand-ins for the playground's display and console. */
const run = (name: string) =>
  runExample(
    new URL(`../../content/3-forum-questions/training-cannot-repair-a-bad-start/${name}.ts`, import.meta.url),
  );

/** The loss (1/2m)·Σ‖ŷ − y‖² of a network on the lesson's data, computed here from a forward pass. */
function lossOf(net: Network): number {
  const yHat = forward(net, n.data.x).output.data;
  const y = n.data.y.data;
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += (yHat[i] - y[i]) ** 2;
  return sum / (2 * n.samples);
}

/**
 * Plain gradient descent written here without `fit`: the loss and every layer's ‖dW^[l]‖ before each update, and
 * the weights at the end. An independent check of what `fit` recorded.
 */
function trainByHand(k: number, steps: number) {
  const net = n.network(k);
  const losses: number[] = [];
  const norms: number[][] = [];
  for (let t = 0; t < steps; t++) {
    const { loss } = lossAndGradients(net, n.data.x, n.data.y, 'mse');
    losses.push(loss);
    norms.push(layerGradNorms(net).map((row) => row.dW));
    for (const p of net.params)
      for (let i = 0; i < p.value.data.length; i++) p.value.data[i] -= n.learningRate * p.grad.data[i];
  }
  return { net, losses, norms };
}

describe('the last layer is not spared (the lecture’s network, target y = x)', () => {
  const L = n.lectureDepth;
  const squaredNormX = 2; // ‖x‖² for x = (1, 1)

  test('the last layer’s delta is the error ŷ − y = (k^L − 1)·x, and its input is a^[L−1] = k^(L−1)·x', () => {
    expect(n.lectureInput).toEqual([1, 1]);
    expect(relative(n.lastDeltaUp, (1.5 ** L - 1) * Math.SQRT2)).toBeLessThan(RELATIVE);
    expect(relative(n.lastInputUp, 1.5 ** (L - 1) * Math.SQRT2)).toBeLessThan(RELATIVE);
    expect(relative(n.lastDeltaDown, (1 - 0.5 ** L) * Math.SQRT2)).toBeLessThan(RELATIVE);
    expect(relative(n.lastInputDown, 0.5 ** (L - 1) * Math.SQRT2)).toBeLessThan(RELATIVE);
  });

  test('‖dW^[L]‖ = |k^L − 1|·|k|^(L−1)·‖x‖², and the first layer’s is the same', () => {
    for (const [k, last, first] of [
      [1.5, n.lastGradientUp, n.firstGradientUp],
      [0.5, n.lastGradientDown, n.firstGradientDown],
    ]) {
      const closedForm = Math.abs(k ** L - 1) * Math.abs(k) ** (L - 1) * squaredNormX;
      expect(relative(last, closedForm)).toBeLessThan(RELATIVE);
      expect(relative(first, closedForm)).toBeLessThan(RELATIVE);
    }
    expect(Math.abs(n.lastOverFirstUp - 1)).toBeLessThan(RELATIVE);
  });

  test('the first layer’s delta is k^(L−1) times the last layer’s, and its input is x', () => {
    expect(relative(n.firstDeltaUp, 1.5 ** (L - 1) * n.lastDeltaUp)).toBeLessThan(RELATIVE);
    expect(n.firstInputUp).toBe(Math.SQRT2);
    expect(n.firstDeltaUp).toBeGreaterThan(1000 * n.lastDeltaUp); // "far larger"
  });

  test('with k = 0.5 the error is as large as the target (√2) and the last layer’s gradient is tiny', () => {
    expect(Math.abs(n.lastDeltaDown - Math.SQRT2)).toBeLessThan(1e-5);
    expect(n.lastGradientDown).toBeLessThan(1e-5);
  });

  test('the example’s table shows the same factors and gradients, and prints the closed form', async () => {
    const { shown, logged } = await run('last-layer');
    const rows = shown[0] as Record<string, number>[];
    const row = (layer: number) => rows.find((r) => r.layer === layer)!;
    expect(row(L)['‖delta[l]‖ (from above)']).toBe(n.lastDeltaUp);
    expect(row(L)['‖a[l−1]‖ (its input)']).toBe(n.lastInputUp);
    expect(row(L)['‖dW[l]‖']).toBe(n.lastGradientUp);
    expect(row(1)['‖delta[l]‖ (from above)']).toBe(n.firstDeltaUp);
    expect(row(1)['‖a[l−1]‖ (its input)']).toBe(n.firstInputUp);
    expect(row(1)['‖dW[l]‖']).toBe(n.firstGradientUp);
    const line = (prefix: string) => logged.find((args) => String(args[0]).startsWith(prefix))!;
    expect(relative(line('closed form')[1] as number, n.lastGradientUp)).toBeLessThan(RELATIVE);
    expect(line('last / first')[1]).toBe(n.lastOverFirstUp);
  });

  test('trained with small steps, the lecture’s layers stay equal to each other (a strict lockstep)', () => {
    const net = linearNetwork(L, 1.5);
    const x = column([1, 1]);
    const optimizer = sgd({ learningRate: 1e-9 });
    for (let t = 0; t < 5; t++) {
      lossAndGradients(net, x, column([1, 1]), 'mse');
      optimizer.step(net.params);
    }
    const first = net.params[0].value.data;
    expect(first[0]).not.toBe(1.5); // it did move
    for (const p of net.params) {
      for (let i = 0; i < first.length; i++) expect(relative(p.value.data[i], first[i])).toBeLessThan(1e-10);
    }
  });
});

describe('where the first steps fail in float32 (k = 1.5)', () => {
  test('float32 overflows at layer 219: the first l with 1.5^l past its largest number, in float32 rounding too', () => {
    const l = n.overflowLayer32;
    expect(1.5 ** l).toBeGreaterThan(FLOAT32_MAX);
    expect(1.5 ** (l - 1)).toBeLessThan(FLOAT32_MAX);
    let v = 1;
    let layer = 0;
    while (v !== Infinity) {
      v = Math.fround(v * 1.5);
      layer++;
    }
    expect(layer).toBe(l);
  });

  test('the first backward pass overflows from the depth where 2L − 1 reaches the overflow layer', () => {
    expect(n.gradientOverflowFrom).toBe(Math.ceil((n.overflowLayer32 + 1) / 2));
    const before = n.firstSteps32(n.gradientOverflowFrom - 1, 1);
    expect(before.stopped.reason).toBe('completed');
    const at = n.firstSteps32(n.gradientOverflowFrom, 1).stopped;
    expect(at.reason === 'non-finite' && at.what).toBe('gradient');
    // …up to one layer short of the forward pass's own overflow, as the prose's second regime says.
    const last = n.firstSteps32(n.overflowLayer32 - 1, 1).stopped;
    expect(last.reason === 'non-finite' && [last.step, last.what]).toEqual([1, 'gradient']);
  });

  test('at depth 20 the first step completes, its update leaves entries of η·(1.5^20 − 1)·1.5^19, and step 2 overflows', () => {
    const L = n.lectureDepth;
    expect(n.lectureLearningRate).toBe(0.01);
    expect(relative(n.shallowFirstLoss, (1.5 ** L - 1) ** 2)).toBeLessThan(FLOAT32); // ½·‖(1.5^L − 1)·x‖², ‖x‖² = 2
    // Every entry of every dW is c = 1.5^(L−1)·(1.5^L − 1), so W ← 1.5·I − η·c·(1 1; 1 1).
    const step = n.lectureLearningRate * 1.5 ** (L - 1) * (1.5 ** L - 1);
    expect(relative(n.shallowWeightAfterStep, step)).toBeLessThan(FLOAT32);
    // Every layer is that matrix, and x = (1, 1) is its eigenvector with eigenvalue λ = 1.5 − 2·η·c.
    const lambda = Math.abs(1.5 - 2 * step);
    const layer = Math.floor(Math.log(FLOAT32_MAX) / Math.log(lambda)) + 1;
    expect(lambda ** layer).toBeGreaterThan(FLOAT32_MAX);
    expect(n.shallowStopStep).toBe(2);
    expect(n.shallowStopWhat).toBe('activation');
    expect(n.shallowStopLayer).toBe(layer);
  });

  test('at depth 150 the forward pass is finite and the first gradient computed, the last layer’s, is not', () => {
    expect(1.5 ** n.middleDepth).toBeLessThan(FLOAT32_MAX);
    expect(1.5 ** (2 * n.middleDepth - 1)).toBeGreaterThan(FLOAT32_MAX);
    expect(n.middleDepth).toBeGreaterThanOrEqual(n.gradientOverflowFrom);
    expect(n.middleDepth).toBeLessThan(n.overflowLayer32);
    expect([n.middleStopStep, n.middleStopWhat, n.middleStopLayer]).toEqual([1, 'gradient', n.middleDepth]);
    expect(n.middleAnswer).toBe('In the backward pass');
    expect(n.failureOptions).toContain(n.middleAnswer);
  });

  test('at depth 250 the forward pass overflows at the overflow layer and no update is applied', () => {
    expect(n.deepDepth).toBeGreaterThan(n.overflowLayer32);
    expect([n.deepStopStep, n.deepStopWhat, n.deepStopLayer, n.deepUpdates]).toEqual([
      1,
      'activation',
      n.overflowLayer32,
      0,
    ]);
  });

  test('the example reports the same three outcomes', async () => {
    const { logged } = await run('first-step-float32');
    const text = logged.map((args) => args.join(' '));
    expect(n.float32Depths).toEqual([n.lectureDepth, n.middleDepth, n.deepDepth]);
    expect(text).toContain(`  stopped at step ${n.shallowStopStep}: activation, layer ${n.shallowStopLayer}`);
    expect(text).toContain(`  stopped at step 1: gradient, layer ${n.middleStopLayer}`);
    expect(text).toContain(`  stopped at step 1: activation, layer ${n.deepStopLayer}`);
    expect(text).toContain(
      `L = ${n.lectureDepth}: 1 update(s) applied, loss at step 1: ${n.shallowFirstLoss}`,
    );
  });
});

describe('training a bad start', () => {
  test('the setting: 24 ReLU layers of 16 units, 64 examples, 300 steps of η = 0.02, He’s σ = √(2/16)', () => {
    // The MDX writes 0.5^{24}, 1.5^{24} and 0.8^{24} in TeX, which cannot interpolate the depth.
    expect(n.depth).toBe(24);
    expect([n.width, n.samples, n.steps, n.learningRate]).toEqual([16, 64, 300, 0.02]);
    expect([n.data.x.rows, n.data.x.cols, n.data.y.rows]).toEqual([n.width, n.samples, 1]);
    expect(n.heStd).toBe(Math.sqrt(2 / 16));
    const net = n.network(1);
    expect(net.layers.length).toBe(n.depth);
    expect(net.layers.slice(0, -1).every((layer) => layer.activation?.name === 'relu')).toBe(true);
  });

  test('the mean predictor’s loss is half the targets’ variance (computed here as E[y²] − E[y]²)', () => {
    const y = Array.from(n.data.y.data);
    const meanSquare = y.reduce((s, v) => s + v * v, 0) / y.length;
    const mean = y.reduce((s, v) => s + v, 0) / y.length;
    expect(relative(n.meanPredictorLoss, (meanSquare - mean ** 2) / 2)).toBeLessThan(1e-10);
  });

  test('k times He’s weights give exactly k^L times the He network’s output (ReLU without biases)', () => {
    expect(n.smallOutputFactor).toBe(0.5 ** n.depth);
    expect(n.smallOutputDeviation).toBe(0);
    expect(n.outputRatio(n.largeScale).largestDeviation).toBeLessThan(RELATIVE);
    expect(relative(n.moderateOutputFactor, 0.8 ** n.depth)).toBeLessThan(RELATIVE);
    expect(n.moderateScale).toBe(0.8);
  });

  test('multiplying the last layer’s weights by 2^24 turns the k = 0.5 network into the He network', () => {
    expect(n.rescaleFactor).toBe(2 ** n.depth);
    const net = n.network(n.smallScale);
    const last = net.layers[n.depth - 1].params[0].value.data;
    for (let i = 0; i < last.length; i++) last[i] *= n.rescaleFactor;
    const rescaled = forward(net, n.data.x).output.data;
    const he = forward(n.network(1), n.data.x).output.data;
    for (let i = 0; i < he.length; i++) expect(relative(rescaled[i], he[i])).toBeLessThan(RELATIVE);
  });

  // fit against a loop written here: the whole k = 0.5 run, loss and gradient norms at every step.
  const byHand = trainByHand(n.smallScale, n.steps);
  const heByHand = trainByHand(1, n.steps);

  test('fit’s k = 0.5 run is the hand-written loop’s, step for step', () => {
    const { loss, gradNormsByLayer: g } = n.smallRun.history;
    for (let t = 0; t < n.steps; t++) {
      expect(relative(loss[t], byHand.losses[t])).toBeLessThan(1e-10);
      for (let l = 0; l < n.depth; l++) {
        expect(relative(g.data[l * n.steps + t], byHand.norms[t][l])).toBeLessThan(1e-8);
      }
    }
  });

  test('the bad start begins near the mean predictor’s loss and ends on it, to every digit shown', () => {
    expect(relative(n.smallLossStart, lossOf(n.network(n.smallScale)))).toBeLessThan(RELATIVE);
    // fmt(…, 6) shows six significant digits: the two agree in all of them.
    const shown = (x: number) => x.toPrecision(6);
    expect(shown(n.smallLossEnd)).toBe(shown(n.meanPredictorLoss));
    expect(n.smallLossStart).toBeGreaterThan(n.meanPredictorLoss);
    // Five times longer, it has crept below the mean predictor's loss, by a relative amount the prose states.
    expect(n.longLossEnd).toBeLessThan(n.meanPredictorLoss);
    expect((n.meanPredictorLoss - n.longLossEnd) / n.meanPredictorLoss).toBeLessThan(1e-5);
    expect(n.longSteps / n.steps).toBe(5);
    expect(n.longGradientFirstEnd).toBeLessThan(1e-5);
    expect(n.learntAnswer).toBe('The mean of the targets, and nothing else');
    expect(n.learntOptions).toContain(n.learntAnswer);
  });

  test('the He network learns: from its first loss to a fifth of the mean predictor’s', () => {
    expect(relative(n.heLossStart, lossOf(n.network(1)))).toBeLessThan(RELATIVE);
    expect(relative(n.heLossEnd, heByHand.losses[n.steps - 1])).toBeLessThan(1e-8);
    expect(n.heLossEnd).toBeLessThan(n.meanPredictorLoss / 5);
  });

  test('at the first step every layer’s ‖dW‖ is tiny in the bad start, the last layer’s as much as the first’s', () => {
    const small = byHand.norms[0];
    // fit sums the squares of a gradient in another order than layerGradNorms: a few ulps apart.
    expect(relative(n.smallStep1Min, Math.min(...small))).toBeLessThan(RELATIVE);
    expect(relative(n.smallStep1Max, Math.max(...small))).toBeLessThan(RELATIVE);
    expect(relative(n.smallStep1First, small[0])).toBeLessThan(RELATIVE);
    expect(relative(n.smallStep1Last, small[n.depth - 1])).toBeLessThan(RELATIVE);
    expect(n.smallStep1Max).toBeLessThan(1e-6);
    expect(n.smallStep1Last / n.smallStep1First).toBeLessThan(10); // "no better placed"
    expect(relative(n.heStep1Min, Math.min(...heByHand.norms[0]))).toBeLessThan(RELATIVE);
    expect(relative(n.heStep1Max, Math.max(...heByHand.norms[0]))).toBeLessThan(RELATIVE);
    expect(n.heStep1Min).toBeGreaterThan(1e4 * n.smallStep1Max);
  });

  test('the last layer’s bias gets the mean output error itself: |Σ(ŷ − y)/m|', () => {
    const yHat = forward(n.network(n.smallScale), n.data.x).output.data;
    const y = n.data.y.data;
    let sum = 0;
    for (let i = 0; i < y.length; i++) sum += (yHat[i] - y[i]) / n.samples;
    expect(relative(n.smallBiasGradientLast, Math.abs(sum))).toBeLessThan(1e-10);
    expect(n.smallBiasGradientLast).toBeGreaterThan(1e4 * n.smallStep1Max); // "the one large gradient"
  });

  test('the largest gradient of the run is the top layers’ bump, and the last layer’s ends tiny again', () => {
    const all = byHand.norms.flat();
    expect(relative(n.smallGradientMax, Math.max(...all))).toBeLessThan(1e-8);
    const where = byHand.norms.findIndex((row) => row.includes(Math.max(...all)));
    expect(byHand.norms[where].indexOf(Math.max(...all)) + 1).toBeGreaterThan(n.depth - 6); // a top layer
    expect(relative(n.smallLastLayerEnd, byHand.norms[n.steps - 1][n.depth - 1])).toBeLessThan(1e-8);
    expect(n.smallLastLayerEnd).toBeLessThan(n.smallGradientMax / 100);
  });

  test('how far each layer moved over the run, relative to its size: the top more, but under a thousandth', () => {
    const moved = (trained: Network, k: number, layer: number) => {
      const before = n.network(k).layers[layer - 1].params[0].value;
      const after = trained.layers[layer - 1].params[0].value;
      const difference = { ...before, data: before.data.map((v, i) => after.data[i] - v) };
      return frobeniusNorm(difference) / frobeniusNorm(before);
    };
    expect(relative(n.smallChangeFirst, moved(byHand.net, n.smallScale, 1))).toBeLessThan(1e-6);
    expect(relative(n.smallChangeLast, moved(byHand.net, n.smallScale, n.depth))).toBeLessThan(1e-6);
    expect(relative(n.heChangeFirst, moved(heByHand.net, 1, 1))).toBeLessThan(1e-6);
    expect(relative(n.heChangeLast, moved(heByHand.net, 1, n.depth))).toBeLessThan(1e-6);
    expect(n.smallChangeLast).toBeGreaterThan(n.smallChangeFirst);
    expect(n.smallChangeLast).toBeLessThan(1e-3);
  });

  test('the example trains the same two runs: the log shows the prose’s losses', async () => {
    const { logged } = await run('bad-start');
    const text = logged.map((args) => args.join(' '));
    expect(text).toContain(`k = 0.5: loss ${n.smallLossStart} → ${n.smallLossEnd} (completed)`);
    expect(text).toContain(`k = 1: loss ${n.heLossStart} → ${n.heLossEnd} (completed)`);
  });
});

describe('too large a start (k = 1.5)', () => {
  test('the first loss, from a forward pass, and the run with the He network’s η ends after two updates', () => {
    expect(relative(n.largeLossStart, lossOf(n.network(n.largeScale)))).toBeLessThan(RELATIVE);
    expect([n.largeStopStep, n.largeStopWhat, n.largeUpdates]).toEqual([3, 'activation', 2]);
    expect(n.largeUpdates).toBe(n.largeStopStep - 1);
  });

  test('η = 10⁻⁹, the largest power of ten that survives, stalls far above the mean predictor’s loss', () => {
    expect(n.tinyLearningRate).toBe(1e-9);
    expect(n.tinyRun.stopped.reason).toBe('completed');
    expect(n.tenfoldStopStep).toBeLessThan(n.steps);
    expect(n.learningRateRatio).toBe(n.learningRate / n.tinyLearningRate);
    expect(n.tinyLossEnd).toBeLessThan(n.largeLossStart / 1000);
    expect(n.tinyLossEnd / n.meanPredictorLoss).toBeGreaterThan(100);
  });

  test('the first gradient is the untrained network’s, and it falls by orders of magnitude, yet stays above He’s', () => {
    const net = n.network(n.largeScale);
    lossAndGradients(net, n.data.x, n.data.y, 'mse');
    const all = Math.hypot(...net.params.map((p) => frobeniusNorm(p.grad)));
    expect(relative(n.tinyGradientStart, all)).toBeLessThan(1e-10);
    expect(n.tinyGradientStart / n.tinyGradientEnd).toBeGreaterThan(1000);
    expect(n.tinyGradientEnd / n.heGradientEnd).toBeGreaterThan(100);
    expect(relative(n.heGradientEnd, n.heRun.history.gradNorm[n.steps - 1])).toBeLessThan(RELATIVE);
  });

  test('forked at its last step with ten times the learning rate, the surviving run overflows within the fork', () => {
    expect(n.lateTenfoldStop).toBeGreaterThan(n.steps);
    expect(n.lateTenfoldStop).toBeLessThanOrEqual(n.steps + 100);
  });
});

describe('every layer moves together', () => {
  test('the identity ⟨W[l+1], dW[l+1]⟩ = ⟨W[l], dW[l]⟩ + ⟨b[l], db[l]⟩ holds in the engine to rounding', () => {
    expect(n.balanceGap).toBeLessThan(1e-10);
  });

  test('its cause: scaling layer l by 1/c and layer l+1 by c leaves a ReLU network’s loss unchanged', () => {
    // With biases made non-zero, so that they take part: a network half-way through training looks like this.
    const perturbed = (activation: 'relu' | 'tanh', c: number) => {
      const net = mlp({ sizes: [16, 16, 16, 1], activation, init: normalInit({ std: 0.4 }), seed: 3 });
      net.layers[0].params[1].value.data.forEach((_, i, b) => (b[i] = 0.1 * Math.cos(i)));
      for (const p of net.layers[0].params) p.value.data.forEach((v, i, d) => (d[i] = v / c));
      net.layers[1].params[0].value.data.forEach((v, i, d) => (d[i] = v * c));
      return lossOf(net);
    };
    expect(relative(perturbed('relu', 3), perturbed('relu', 1))).toBeLessThan(RELATIVE);
    expect(relative(perturbed('tanh', 3), perturbed('tanh', 1))).toBeGreaterThan(1e-3); // not for tanh
    // And the derivative of that invariance at c = 1 is the identity: check it for the k = 0.5 network trained above.
    const { weight, bias } = n.layerBalance(n.smallRun.net);
    for (let l = 0; l < n.depth - 1; l++) {
      expect(Math.abs(weight[l + 1] - weight[l] - bias[l])).toBeLessThan(1e-10 * Math.abs(weight[l + 1]));
    }
  });
});

describe('the slack in the lockstep: biases', () => {
  test('over the bad start, the last layer’s squared growth is the first layer’s plus the hidden biases’', () => {
    // Exact for gradient flow; gradient descent adds η²·‖dW‖² per step, small here.
    expect(relative(n.squaredGrowthLast, n.squaredGrowthFirst + n.squaredGrowthBiases)).toBeLessThan(0.05);
    expect(n.squaredGrowthBiases).toBeGreaterThan(100 * n.squaredGrowthFirst); // the biases make up the difference
    expect(n.squaredGrowthFirst).toBeGreaterThan(0);
  });
});

describe('when training climbs out (k = 0.8, five seeds)', () => {
  test('the escape steps are the first below 90 % of the mean predictor’s loss; the stuck runs never get there', () => {
    expect(n.escapeFraction).toBe(0.9);
    const threshold = n.escapeFraction * n.meanPredictorLoss;
    n.recoveryRuns.forEach(({ run }, i) => {
      const loss = Array.from(run.history.loss);
      const escape = n.escapeSteps[i];
      if (escape === null) {
        expect(loss.every((v) => v >= threshold)).toBe(true);
      } else {
        expect(loss[escape - 1]).toBeLessThan(threshold);
        expect(loss.slice(0, escape - 1).every((v) => v >= threshold)).toBe(true);
      }
    });
    expect(n.escapedCount + n.stuckCount).toBe(n.recoverySeeds.length);
    expect(n.escapedCount).toBeGreaterThan(0);
    expect(n.stuckCount).toBeGreaterThan(0); // "a run that recovers with one seed stalls with another"
    const escaped = n.escapeSteps.filter((s): s is number => s !== null);
    expect([n.earliestEscape, n.latestEscape]).toEqual([Math.min(...escaped), Math.max(...escaped)]);
  });

  test('the best run is off the plateau but behind the He network; the figure draws the runs under their seeds', () => {
    expect(n.recoveryBestEnd).toBe(
      Math.min(...n.recoveryRuns.map(({ run }) => run.history.loss[n.steps - 1])),
    );
    expect(n.recoveryBestEnd).toBeLessThan(n.meanPredictorLoss / 2);
    expect(n.recoveryBestEnd / n.heLossEnd).toBeGreaterThan(2); // "well behind"
    const points = pointsOf(figures.recoveryChart as PlotOptions);
    for (const { seed, run } of n.recoveryRuns) {
      const last = points.filter((p) => p.series === `seed ${seed}` && p.x === n.steps);
      expect(last.length).toBeGreaterThan(0);
      expect(last[0].y).toBe(run.history.loss[n.steps - 1]);
    }
  });

  test('the bad start with half He’s weights never left its plateau, in five times as many steps', () => {
    expect(n.longLossEnd).toBeGreaterThan(n.escapeFraction * n.meanPredictorLoss);
  });

  test('batch normalization and Adam make the same bad start learn', () => {
    expect(n.adamLearningRate).toBe(ADAM_DEFAULTS.learningRate);
    expect(n.adamLossEnd).toBeLessThan(n.meanPredictorLoss / 10);
    expect(n.batchNormLossEnd).toBeLessThan(n.meanPredictorLoss / 10);
  });
});

describe('switching a remedy on halfway', () => {
  test('the fork starts where the run stood: its first loss is the original’s at step t + 1', () => {
    expect(n.forkStep).toBe(100);
    expect(n.adamFork.loss[0]).toBe(n.smallRun.history.loss[n.forkStep]);
    expect(n.clipFork.loss[0]).toBe(n.smallRun.history.loss[n.forkStep]);
  });

  test('forked with Adam the run leaves the plateau; forked with clipping it is the original, bit for bit', () => {
    expect(n.forkAdamLossEnd).toBe(n.adamFork.loss[n.steps - n.forkStep - 1]);
    expect(n.forkAdamLossEnd).toBeLessThan(n.meanPredictorLoss / 10);
    expect(n.clipNorm).toBe(1);
    expect(n.clipForkClipped).toBe(0);
    expect(Array.from(n.clipFork.loss)).toEqual(Array.from(n.smallRun.history.loss.subarray(n.forkStep)));
  });

  test('the example forks at the same step with the same remedy and logs the same losses', async () => {
    const { logged, shown } = await run('fork');
    const line = (prefix: string) => logged.find((args) => String(args[0]).startsWith(prefix))!;
    expect(line('loss at the end without')[1]).toBe(n.smallLossEnd);
    expect(line('loss at the end with it')[1]).toBe(n.forkAdamLossEnd);
    expect(line('steps on which clipping')[1]).toBe(n.clipForkClipped);
    const points = pointsOf(shown[0] as PlotOptions).filter(
      (p) => p.series === `forked at step ${n.forkStep}`,
    );
    expect(Math.min(...points.map((p) => p.x))).toBe(n.forkStep + 1);
  });
});

describe('figures', () => {
  test('both heatmaps use one colour scale, covering both runs’ gradients', () => {
    const domain = (chart: PlotOptions) => (chart.color as { domain: number[] }).domain;
    expect(domain(figures.smallHeatmap as PlotOptions)).toEqual(domain(figures.heHeatmap as PlotOptions));
  });

  test('the series take the colours of their k, as in every lesson', () => {
    const loss = colorsOf(figures.lossChart as PlotOptions);
    expect(Object.keys(loss)).toEqual([figures.smallLabel, figures.heLabel]);
    expect(loss[figures.smallLabel]).toContain('blue'); // k = 0.5
    expect(loss[figures.heLabel]).toContain('gray'); // k = 1
    const large = colorsOf(figures.largeGradientChart as PlotOptions);
    expect(Object.values(large)[0]).toContain('vermillion'); // k = 1.5
  });

  test('the loss figure draws the runs’ losses at their steps', () => {
    const points = pointsOf(figures.lossChart as PlotOptions);
    const at = (label: string, step: number) => points.find((p) => p.series === label && p.x === step)!.y;
    expect(at(figures.smallLabel, 1)).toBe(n.smallLossStart);
    expect(at(figures.heLabel, n.steps)).toBe(n.heLossEnd);
  });
});
