/**
 * Every number in the lesson "The lecture: a deep linear network" (content/1-phenomenon/deep-linear-network.mdx),
 * checked three ways: against its closed form or a computation written here independently of numbers.ts,
 * against what the prose says about it ("less than a millionth", "the sliver closes"), and against the output
 * of the lesson's own examples, run here with stand-ins for the playground's `display` and `console.log`.
 *
 * Tolerances: the engine and the closed forms compute the same products in float64, in a different order at
 * most, so they agree to a few units in the last place; 1e-12 leaves a margin of about 10⁴ ulps. Training runs
 * raise c to the 40th power, which multiplies a relative rounding error by about 40 per step, hence 1e-9 there.
 */
import { FLOAT32_MAX, floatFormat, lectureGradientScale, scaledIdentityOutput } from '@gradscope/core';
import type { PlotOptions } from '@observablehq/plot';
import { describe, expect, test } from 'vitest';

import * as figures from '../../content/1-phenomenon/deep-linear-network/figures.ts';
import * as n from '../../content/1-phenomenon/deep-linear-network/numbers.ts';
import { colorsOf, pointsOf, relative, runExample } from '../support/claims.ts';

const RELATIVE = 1e-12;
const TRAINING = 1e-9;

/** The lesson's example `name`.ts, run with stand-ins for the playground's display and console. */
const run = (name: string) =>
  runExample(new URL(`../../content/1-phenomenon/deep-linear-network/${name}.ts`, import.meta.url));

/** The line of `logged` whose first argument starts with `prefix`. */
const lineOf = (logged: unknown[][], prefix: string) =>
  logged.find((args) => String(args[0]).startsWith(prefix))!;

describe('the output is k^L·x', () => {
  test('20 layers of 1.5·I multiply the input by 1.5^20, exactly as the engine computes it', () => {
    expect(n.outputUp).toBe(1.5 ** 20); // 3^20 < 2^53: every product on the way is exact
    expect(n.outputUp).toBe(scaledIdentityOutput(1.5, n.lectureDepth, 1));
  });

  test('20 layers of 0.5·I give 0.5^20, less than a millionth', () => {
    expect(n.outputDown).toBe(0.5 ** 20);
    expect(n.outputDown).toBeLessThan(1e-6);
  });

  test('the table agrees with k^L at every depth, as the prose states', () => {
    for (const { L, up, down } of n.outputTable) {
      expect(relative(up, 1.5 ** L)).toBeLessThanOrEqual(n.outputMaxRelativeDifference);
      expect(relative(down, 0.5 ** L)).toBeLessThanOrEqual(n.outputMaxRelativeDifference);
    }
    expect(n.outputMaxRelativeDifference).toBeLessThan(RELATIVE);
    expect(n.tableDepths.at(-1)).toBe(50);
  });

  test('the exponent the math writes, (1.5·I)^20, is the depth the numbers use', () => {
    // The MDX writes $(1.5\,I)^{20}$ and $1.5^{20}\,I$ in TeX, which cannot interpolate a value.
    expect(n.lectureDepth).toBe(20);
  });

  test('(1.5·I)^20 as a matrix power is 1.5^20 on the diagonal and 0 off it', () => {
    expect(relative(n.powerDiagonal, 1.5 ** 20)).toBeLessThan(RELATIVE);
    expect(n.powerOffDiagonal).toBe(0);
  });
});

describe('a little bigger than one is enough', () => {
  test('about 24 layers of 1.1·I multiply the signal by ten', () => {
    const below = Math.floor(n.layersPerDecadeUp);
    expect(n.lectureOutput(1.1, below)).toBeLessThan(10);
    expect(n.lectureOutput(1.1, below + 1)).toBeGreaterThan(10);
  });

  test('152 layers of 1.1·I and 0.9·I give 1.1^152 and 0.9^152', () => {
    expect(relative(n.slightlyUp, 1.1 ** n.resnetDepth)).toBeLessThan(RELATIVE);
    expect(relative(n.slightlyDown, 0.9 ** n.resnetDepth)).toBeLessThan(RELATIVE);
    expect(n.slightlyUp).toBeGreaterThan(1e6);
    expect(n.slightlyDown).toBeLessThan(1e-6);
  });
});

describe('the gradients: δ^[l] = k^(L−l)·δ^[L], dW^[l] = k^(2L−1)·x·xᵀ', () => {
  test('every layer’s ‖dW‖ is |k|^(2L−1)·‖x‖² for the ½‖ŷ‖² loss, the last layer’s too', () => {
    for (const k of [1.5, 0.5]) {
      const L = n.gradientDepth;
      const closedForm = Math.abs(k) ** (2 * L - 1) * n.inputSquaredNorm;
      const { dW } = n.measuredGradients(k, L);
      for (const value of dW) expect(relative(value, closedForm)).toBeLessThan(RELATIVE);
    }
    expect(relative(n.gradientUp, 1.5 ** 39 * 2)).toBeLessThan(RELATIVE);
    expect(relative(n.gradientDown, 0.5 ** 39 * 2)).toBeLessThan(RELATIVE);
    expect(relative(n.lastLayerGradientUp, 1.5 ** 39 * 2)).toBeLessThan(RELATIVE);
  });

  test('‖δ^[1]‖/‖δ^[L]‖ is 1.5^19 (exploding) and 0.5^19 (vanishing) at L = 20', () => {
    expect(relative(n.deltaRatioUp, 1.5 ** (n.gradientDepth - 1))).toBeLessThan(RELATIVE);
    expect(relative(n.deltaRatioDown, 0.5 ** (n.gradientDepth - 1))).toBeLessThan(RELATIVE);
    expect(n.deltaRatioUp).toBeGreaterThan(1);
    expect(n.deltaRatioDown).toBeLessThan(1);
  });

  test('the theory module’s factors give the same norms: k^(L−1)·‖delta^[L]‖·‖x‖', () => {
    const L = n.gradientDepth;
    const { output, weightGradient } = lectureGradientScale(1.5, L);
    // delta^[L] = ŷ = k^L·x, so ‖dW^[l]‖ = k^(L−1)·k^L·‖x‖·‖x‖.
    expect(relative(n.gradientUp, weightGradient[0] * output * n.inputSquaredNorm)).toBeLessThan(RELATIVE);
  });

  test('the gradient figure’s largest gap is a rounding error, as its caption says', () => {
    expect(n.gradientMaxRelativeDifference).toBeLessThan(RELATIVE);
  });

  test('one step of learning rate 0.01 moves weights of 1.5 by far more than their size, and 0.5 by nothing', () => {
    expect(n.learningRate).toBe(0.01);
    expect(relative(n.stepUp, 0.01 * 1.5 ** 39 * 2)).toBeLessThan(RELATIVE);
    expect(relative(n.stepDown, 0.01 * 0.5 ** 39 * 2)).toBeLessThan(RELATIVE);
    expect(n.stepUp / 1.5).toBeGreaterThan(1e4);
    expect(n.stepDown / 0.5).toBeLessThan(1e-12);
  });
});

// ------------------------------------------------------------------------------------------- training

/**
 * The training run written out independently of numbers.ts and of the engine: with W^[l] = c·I and
 * (1/m)·Σ x xᵀ = ½·I, the loss is ½(c^L − 1)² and every layer steps by ½η·c^(L−1)(c^L − 1). Per data direction
 * i of scale s_i (second moment), c_i steps by η·s_i·c_i^(L−1)(c_i^L − 1) and the loss is ½·Σ s_i (c_i^L − 1)².
 * Returns the loss at steps 1 … steps (before each update), the c's after every update, and the first step at
 * which an activation (up to |c|^L) or a gradient (|c|^(L−1)·|c^L − 1|) is no longer finite.
 */
function simulate(eta: number, steps: number, { k = 1.5, L = 20, scales = [0.5, 0.5] } = {}) {
  const c = scales.map(() => k);
  const losses: number[] = [];
  const cs: number[][] = [];
  for (let t = 1; t <= steps; t++) {
    const powers = c.map((ci) => ci ** L);
    const slopes = c.map((ci, i) => ci ** (L - 1) * (powers[i] - 1));
    if (![...powers, ...slopes].every(Number.isFinite)) return { losses, cs, stopStep: t };
    losses.push(scales.reduce((sum, s, i) => sum + 0.5 * s * (powers[i] - 1) ** 2, 0));
    scales.forEach((s, i) => (c[i] -= eta * s * slopes[i]));
    cs.push([...c]);
  }
  return { losses, cs, stopStep: Infinity };
}

/** The loss at step `steps`, or ∞ when the run stopped earlier. */
const lossAt = (eta: number, options?: Parameters<typeof simulate>[2], steps = n.trainingSteps) => {
  const { losses } = simulate(eta, steps, options);
  return losses.length < steps ? Infinity : losses[steps - 1];
};

const g = 1.5 ** 19 * (1.5 ** 20 - 1);

describe('training: what one learning rate can and cannot do', () => {
  test('the run is the lecture’s network: 20 layers of 1.5·I, 100 steps, 8 points, as the TeX assumes', () => {
    // The MDX writes g = 1.5^{L−1}(1.5^L − 1) and c_1 = 1.5 − ½ηg in TeX.
    expect(n.trainingK).toBe(1.5);
    expect(n.trainingDepth).toBe(n.lectureDepth);
    expect(n.trainingSteps).toBe(100);
    expect(n.trainingExamples).toBe(8);
  });

  test('eight points evenly around the unit circle have (1/m)·Σ x xᵀ = ½·I, targets equal to inputs', () => {
    const { x, y } = n.trainingData;
    expect(y).toBe(x);
    const m = x.cols;
    expect(m).toBe(n.trainingExamples);
    const moment = [0, 0, 0];
    for (let j = 0; j < m; j++) {
      const [a, b] = [x.data[j], x.data[m + j]];
      expect(relative(a * a + b * b, 1)).toBeLessThan(RELATIVE);
      moment[0] += (a * a) / m;
      moment[1] += (a * b) / m;
      moment[2] += (b * b) / m;
    }
    expect(Math.abs(moment[0] - 0.5)).toBeLessThan(1e-15);
    expect(Math.abs(moment[1])).toBeLessThan(1e-15);
    expect(Math.abs(moment[2] - 0.5)).toBeLessThan(1e-15);
  });

  test('the start: loss ½(1.5^20 − 1)², every layer’s gradient ½g·I of norm g/√2', () => {
    expect(relative(n.startGradientFactor, g)).toBeLessThan(RELATIVE);
    expect(relative(n.initialLoss, 0.5 * (1.5 ** 20 - 1) ** 2)).toBeLessThan(RELATIVE);
    expect(relative(n.initialLayerGradient, g / Math.SQRT2)).toBeLessThan(RELATIVE);
  });

  test('the weights stay c·I while training, so the one-number recursion describes the run', () => {
    expect(n.trainedOffDiagonal).toBeLessThan(1e-12);
    const { net, history } = n.trainAt(n.etaSmall);
    const { losses, cs } = simulate(n.etaSmall, n.trainingSteps);
    history.loss.forEach((loss, t) => expect(relative(loss, losses[t])).toBeLessThan(TRAINING));
    for (const param of net.params) {
      expect(relative(param.value.data[0], cs.at(-1)![0])).toBeLessThan(TRAINING);
      expect(relative(param.value.data[3], cs.at(-1)![1])).toBeLessThan(TRAINING);
    }
  });

  test('the band edges are where the first step lands c on 1, −1 and −1.5', () => {
    // c₁ = 1.5 − ½ηg: c₁ = 1 at η = 2(1.5 − 1)/g, c₁ = −1 at 2(1.5 + 1)/g, c₁ = −1.5 at 2·2·1.5/g.
    expect(relative(n.vanishFrom, (2 * (1.5 - 1)) / g)).toBeLessThan(TRAINING);
    expect(relative(n.vanishTo, (2 * (1.5 + 1)) / g)).toBeLessThan(TRAINING);
    expect(relative(n.divergeFrom, (2 * 2 * 1.5) / g)).toBeLessThan(TRAINING);
  });

  test('the representative learning rates sit one in each regime, and 0.01 far past divergence', () => {
    expect(n.etaSmall).toBeLessThan(n.vanishFrom);
    expect(n.etaMiddle).toBeGreaterThan(n.vanishFrom);
    expect(n.etaMiddle).toBeLessThan(n.vanishTo);
    expect(n.etaLarge).toBeGreaterThan(n.divergeFrom);
    expect(n.etaCommon).toBe(0.01);
    expect(n.etaCommon).toBeGreaterThan(n.etaLarge);
  });

  test('small η crawls: c still far above 1 after 100 steps, the gradient a hundredth of its first value', () => {
    const { losses, cs } = simulate(n.etaSmall, n.trainingSteps);
    const c = cs.at(-1)![0];
    expect(relative(n.smallFinalC, c)).toBeLessThan(TRAINING);
    expect(relative(n.smallFinalLoss, losses.at(-1)!)).toBeLessThan(TRAINING);
    const cBefore100 = cs.at(-2)![0]; // the gradient at step 100 is taken after 99 updates
    const drop = (cBefore100 ** 19 * (cBefore100 ** 20 - 1)) / g;
    expect(relative(n.smallGradientDrop, drop)).toBeLessThan(TRAINING);
    expect(n.smallFinalC).toBeGreaterThan(1.2);
    expect(n.smallGradientDrop).toBeLessThan(0.02);
    // Each step smaller than the last: the loss falls ever more slowly.
    const falls = losses.slice(1).map((loss, t) => losses[t] - loss);
    falls.slice(1).forEach((fall, t) => expect(fall).toBeLessThan(falls[t]));
  });

  test('the middle η lands c₁ below one: the gradients vanish, the loss stays at ½ for good', () => {
    const c1 = 1.5 - 0.5 * n.etaMiddle * g;
    expect(relative(n.middleC1, c1)).toBeLessThan(TRAINING);
    expect(relative(n.middleDeltaRatio, Math.abs(c1) ** 19)).toBeLessThan(TRAINING);
    expect(n.middleDeltaRatio).toBeLessThan(1e-20);
    const { losses, cs } = simulate(n.etaMiddle, n.trainingSteps);
    expect(relative(cs.at(-1)![0], c1)).toBeLessThan(1e-15); // it never moves again
    expect(n.middleFinalLoss).toBe(losses.at(-1));
    expect(n.middleFinalLoss).toBe(0.5); // the loss of predicting 0 for points of length 1
    const layerGradient = 0.5 * Math.abs(c1 ** 19 * (c1 ** 20 - 1)) * Math.SQRT2;
    expect(relative(n.middleFinalLayerGradient, layerGradient)).toBeLessThan(TRAINING);
  });

  test('large η and η = 0.01 raise the loss at the first step and overflow within a few steps', () => {
    for (const [eta, lossAfterOne, stopStep] of [
      [n.etaLarge, n.largeLossAfterFirstStep, n.largeStopStep],
      [n.etaCommon, n.commonLossAfterFirstStep, n.commonStopStep],
    ]) {
      const c1 = 1.5 - 0.5 * eta * g;
      expect(relative(lossAfterOne, 0.5 * (c1 ** 20 - 1) ** 2)).toBeLessThan(TRAINING);
      expect(lossAfterOne).toBeGreaterThan(n.initialLoss);
      expect(simulate(eta, 10).stopStep).toBe(stopStep);
      expect(stopStep).toBeLessThan(10);
    }
  });

  test('the sliver: a loss below 0.01 only for η within a few per cent of the rate that lands c₁ on 1', () => {
    expect(n.sliverLoss).toBe(0.01);
    for (const [edge, inside] of [
      [n.sliverFrom, 1],
      [n.sliverTo, -1],
    ] as const) {
      expect(lossAt(edge * (1 + inside * 1e-6))).toBeLessThan(n.sliverLoss);
      expect(lossAt(edge * (1 - inside * 1e-6))).toBeGreaterThan(n.sliverLoss);
    }
    expect(n.sliverFrom).toBeLessThan(n.vanishFrom);
    expect(n.sliverTo).toBeGreaterThan(n.vanishFrom);
    const width = (n.sliverTo - n.sliverFrom) / Math.sqrt(n.sliverFrom * n.sliverTo);
    expect(relative(n.sliverRelativeWidth, width)).toBeLessThan(RELATIVE);
    expect(n.sliverRelativeWidth).toBeLessThan(0.05);
    // The TryThis tells the reader to type the rate with four digits: that rate is inside the sliver.
    const typed = Number(n.vanishFrom.toPrecision(4));
    expect(typed).toBeGreaterThan(n.sliverFrom);
    expect(typed).toBeLessThan(n.sliverTo);
  });

  test('the sharpness is ½[L·c^(2L−2) + (L−1)·c^(L−2)(c^L − 1)]: 10 at the solution, 10⁷ times more at the start', () => {
    // The Hessian of ½(c_1^L − 1)²-type losses along the direction that moves every layer alike.
    const sharpness = (c: number, L = 20) =>
      0.5 * (L * c ** (2 * L - 2) + (L - 1) * c ** (L - 2) * (c ** L - 1));
    expect(relative(n.sharpnessStart, sharpness(1.5))).toBeLessThan(1e-5);
    expect(relative(n.sharpnessSolution, sharpness(1))).toBeLessThan(1e-5);
    expect(sharpness(1)).toBe(10);
    expect(relative(n.stableEtaSolution, 2 / sharpness(1))).toBeLessThan(1e-5);
    expect(relative(n.stableEtaGap, 2 / sharpness(1) / (6 / g))).toBeLessThan(1e-5);
    expect(n.stableEtaGap).toBeGreaterThan(1e5);
    // Near c = 1 the recursion c ← c − ½η·c^(L−1)(c^L − 1) shrinks c − 1 by 1 − ½ηL = 1 − ηλ per step.
    expect(relative(n.slowestFraction, (6 / g) * (20 / 2))).toBeLessThan(1e-5);
    const c = 1 + 1e-6;
    const step = 0.5 * n.divergeFrom * c ** 19 * (c ** 20 - 1);
    expect(relative(step / (c - 1), n.slowestFraction)).toBeLessThan(1e-4);
  });

  test('the figure: the engine’s dots and the recursion’s line, regimes shaded at the engine’s edges', () => {
    const points = pointsOf(figures.learningRateChart).filter((p) => p.series === `k = ${n.trainingK}`);
    const dots = n.sweepDots.map((eta, i) => ({ eta, measured: n.sweepMeasured[i] }));
    let gap = 0;
    for (const { eta, measured } of dots) {
      const theory = lossAt(eta);
      if (Number.isFinite(theory)) {
        expect(measured).toBeGreaterThan(0);
        gap = Math.max(gap, relative(measured, theory));
      } else expect(measured).toBe(Infinity);
    }
    expect(gap).toBeLessThan(TRAINING);
    expect(n.sweepMaxRelativeDifference).toBeLessThan(TRAINING);
    for (const eta of n.sweepLine.filter((_, i) => i % 50 === 0)) {
      const theory = lossAt(eta);
      const drawn = points.filter((p) => p.x === eta);
      expect(drawn.length).toBeGreaterThan(0);
      if (Number.isFinite(theory))
        for (const p of drawn) expect(relative(p.y, theory)).toBeLessThan(TRAINING);
    }
    expect(n.sweepLine.at(-1)).toBe(n.sweepMax);
    for (const edge of [n.vanishFrom, n.vanishTo, n.divergeFrom])
      expect(String(figures.learningRateChart.caption)).toContain(`to ${formatLikeCharts(edge)}`);
    expect(colorsOf(figures.learningRateChart)['k = 1.5']).toBe(
      colorsOf(figures.activationNormsChart)['k = 1.5'],
    );
  });

  test('the TryThis edits do what the text says: k = 1.1 trains; data of two scales closes the sliver', () => {
    expect(n.mildK).toBe(1.1);
    expect(n.mildBestLoss).toBeLessThan(n.sliverLoss);
    const best = Math.min(...n.mildRates.map((eta) => lossAt(eta, { k: n.mildK })));
    expect(relative(n.mildBestLoss, best)).toBeLessThan(TRAINING);
    // Second coordinate times 0.5: second moments ½ and ⅛. No η on a fine grid reaches the sliver's loss.
    expect(n.anisotropicScale).toBe(0.5);
    const scales = [0.5, 0.5 * n.anisotropicScale ** 2];
    let lowest = Infinity;
    for (let i = 0; i <= 4000; i++) {
      const eta = 1e-8 * (1e-5 / 1e-8) ** (i / 4000);
      lowest = Math.min(lowest, lossAt(eta, { scales }));
    }
    expect(lowest).toBeGreaterThan(n.sliverLoss);
    // And the engine agrees at the sliver's rate, with the data the TryThis makes.
    const { x } = n.trainingData;
    const X = { ...x, data: Float64Array.from(x.data, (v, i) => (i >= x.cols ? v * n.anisotropicScale : v)) };
    const engine = n.lossAtStep(n.vanishFrom, n.trainingSteps, n.trainingK, { x: X, y: X });
    expect(relative(engine, lossAt(n.vanishFrom, { scales }))).toBeLessThan(TRAINING);
  });
});

/** How the charts write a number with 3 digits (the regions' caption). */
function formatLikeCharts(x: number): string {
  const [mantissa, exponent] = x.toExponential(2).split('e');
  const digits = '⁰¹²³⁴⁵⁶⁷⁸⁹';
  const power = String(Math.abs(Number(exponent)))
    .split('')
    .map((d) => digits[Number(d)])
    .join('');
  return `${mantissa.replace(/\.?0+$/, '')}\u00a0×\u00a010${Number(exponent) < 0 ? '⁻' : ''}${power}`;
}

// ---------------------------------------------------------------------------------------------- float32

describe('float32', () => {
  test('the largest float32 is 3.4·10^38', () => {
    expect(n.float32Max).toBe(FLOAT32_MAX);
    expect(Math.fround(n.float32Max)).toBe(n.float32Max);
    expect(Math.fround(n.float32Max * (1 + 2 ** -23))).toBe(Infinity);
  });

  test('k = 1.5 overflows at ⌈ln(max)/ln 1.5⌉, simulation and closed form, and turns to NaN one layer later', () => {
    const l = n.overflowLayer32;
    expect(l).toBe(Math.ceil(Math.log(FLOAT32_MAX) / Math.log(1.5)));
    expect(n.overflowLayer32Theory).toBe(l);
    expect(1.5 ** l).toBeGreaterThan(FLOAT32_MAX);
    expect(1.5 ** (l - 1)).toBeLessThan(FLOAT32_MAX);
    expect(n.nanLayer32).toBe(l + 1);
  });

  test('the smallest normal float32 is 2^−126: it keeps all 24 bits of precision, half of it does not', () => {
    const x = n.float32MinNormal;
    expect(x).toBe(2 ** -126);
    expect(Math.fround(x * (1 + 2 ** -23))).toBe(x * (1 + 2 ** -23));
    expect(Math.fround((x / 2) * (1 + 2 ** -23))).not.toBe((x / 2) * (1 + 2 ** -23));
  });

  test('k = 0.5 stays normal down to 2^−126 and rounds to exactly 0 at the layer the closed form names', () => {
    expect(n.lastNormalLayer32).toBe(126);
    expect(n.underflowLayer32).toBe(n.underflowLayer32Theory);
    expect(Math.fround(2 ** -(n.underflowLayer32 - 1))).toBeGreaterThan(0);
    expect(Math.fround(2 ** -n.underflowLayer32)).toBe(0);
    expect(n.lastNormalLayer32).toBeLessThan(n.underflowLayer32);
  });

  test('the backward pass overflows at about half the depth, while the forward pass is still finite', () => {
    const L = n.gradientOverflowDepth32;
    expect(L).toBe(n.gradientOverflowDepth32Theory);
    expect(n.measuredGradients(1.5, L - 1, 'float32').nonFinite).toBeNull();
    expect(n.measuredGradients(1.5, L, 'float32').nonFinite).not.toBeNull();
    expect(Number.isFinite(n.lectureOutput(1.5, L, 'float32'))).toBe(true);
    expect(2 * L - 1).toBeGreaterThanOrEqual(n.overflowLayer32);
    expect(2 * (L - 1) - 1).toBeLessThan(n.overflowLayer32);
  });

  test('the loss ½‖ŷ‖² is ∞ from L = 110 summed in float64, from 109 summed in float32', () => {
    // ŷ's entries in float32 (one rounding per layer), then the squares and their sum in the accumulator.
    const firstInfinite = (accumulate: (v: number) => number) => {
      let y = 1;
      for (let L = 1; L < 1000; L++) {
        y = Math.fround(y * 1.5);
        const sum = accumulate(accumulate(y * y) + accumulate(y * y));
        if (Math.fround(accumulate(0.5 * sum)) === Infinity) return L;
      }
      return NaN;
    };
    expect(n.lossOverflowAccumulate64).toBe(firstInfinite((v) => v));
    expect(n.lossOverflowAccumulate32).toBe(firstInfinite(Math.fround));
    expect(n.lossOverflowAccumulate32).toBe(n.lossOverflowAccumulate64 - 1);
    expect(n.overflowLayer32 - n.lossOverflowAccumulate64).toBeGreaterThan(100);
  });

  test('float64 overflows and underflows at the layers its limits imply', () => {
    expect(1.5 ** n.overflowLayer64).toBe(Infinity);
    expect(Number.isFinite(1.5 ** (n.overflowLayer64 - 1))).toBe(true);
    expect(2 ** -n.underflowLayer64).toBe(0);
    expect(2 ** -(n.underflowLayer64 - 1)).toBeGreaterThan(0);
    expect(n.overflowLayer64).toBeGreaterThan(n.overflowLayer32);
  });
});

/** Rounds a float32-exact value to bfloat16, nearest with ties to even (the top 16 bits of its float32). */
function bfloat16(x: number): number {
  const bits = new Uint32Array(new Float32Array([x]).buffer);
  bits[0] = (bits[0] + 0x7fff + ((bits[0] >>> 16) & 1)) & 0xffff0000;
  return new Float32Array(bits.buffer)[0];
}

describe('other formats', () => {
  test('float16: largest value 65504, 1.5^L overflows at layer 28 and 0.5^L is 0 at layer 25', () => {
    expect(n.float16Max).toBe((2 - 2 ** -10) * 2 ** 15);
    let v = 1;
    let layer = 0;
    while (v !== Infinity) {
      v = Math.f16round(v * 1.5);
      layer++;
    }
    expect(n.float16Overflow).toBe(layer);
    expect(Math.f16round(2 ** -(n.float16Underflow - 1))).toBeGreaterThan(0);
    expect(Math.f16round(2 ** -n.float16Underflow)).toBe(0); // half the smallest subnormal ties to 0
    expect(n.float16Overflow).toBeGreaterThan(n.lectureDepth);
  });

  test('bfloat16: the closed form says 219, the rounded network reaches ∞ at 220, mostly rounding down', () => {
    expect(n.bfloat16Bits).toBe(8);
    expect(n.bfloat16Max).toBe((2 - 2 ** -7) * 2 ** 127);
    expect(n.bfloat16OverflowClosedForm).toBe(Math.floor(Math.log(n.bfloat16Max) / Math.log(1.5)) + 1);
    let v = 1;
    let down = 0;
    let up = 0;
    let layer = 0;
    while (v !== Infinity) {
      const exact = v * 1.5;
      v = bfloat16(exact);
      layer++;
      if (layer <= n.bfloat16OverflowClosedForm) {
        if (v < exact) down++;
        if (v > exact) up++;
      }
      if (layer === n.bfloat16OverflowClosedForm) {
        expect(n.bfloat16Drift.value).toBe(v);
        expect(v).toBeLessThan(n.bfloat16Max);
        expect(1.5 ** layer).toBeGreaterThan(n.bfloat16Max);
      }
    }
    expect(n.bfloat16Overflow).toBe(layer);
    expect(n.bfloat16Overflow).toBe(n.bfloat16OverflowClosedForm + 1);
    expect([n.bfloat16Drift.down, n.bfloat16Drift.up]).toEqual([down, up]);
    expect(
      relative(n.bfloat16Drift.ratio, n.bfloat16Drift.value / 1.5 ** n.bfloat16OverflowClosedForm),
    ).toBeLessThan(RELATIVE);
    expect(down).toBeGreaterThan(10 * up);
  });

  test('bfloat16 reaches 0 at layer 134: half its smallest subnormal, 2^−133, ties to 0', () => {
    expect(bfloat16(2 ** -(n.bfloat16Underflow - 1))).toBeGreaterThan(0);
    expect(bfloat16(2 ** -n.bfloat16Underflow)).toBe(0);
    expect(floatFormat('bfloat16').minSubnormal).toBe(2 ** -(n.bfloat16Underflow - 1));
  });

  test('float32 with subnormals flushed reaches 0 at layer 127, the first power of ½ below 2^−126', () => {
    expect(2 ** -n.float32FtzUnderflow).toBeLessThan(n.float32MinNormal);
    expect(2 ** -(n.float32FtzUnderflow - 1)).toBeGreaterThanOrEqual(n.float32MinNormal);
    expect(n.float32FtzUnderflow).toBeLessThan(n.underflowLayer32);
  });

  test('the table holds every format, and simulation and closed form differ only for bfloat16’s overflow', () => {
    for (const row of n.depthLimits) {
      expect(row.underflow.simulation).toBe(row.underflow.closedForm);
      if (row.dtype.startsWith('bfloat16')) expect(row.overflow.simulation).toBe(row.overflow.closedForm + 1);
      else expect(row.overflow.simulation).toBe(row.overflow.closedForm);
    }
  });
});

// ----------------------------------------------------------------------------------------- stretches

/** ψ(x) for large x, by its asymptotic series (error below 1e-16 for x ≥ 100). */
const digammaLarge = (x: number) =>
  Math.log(x) - 1 / (2 * x) - 1 / (12 * x ** 2) + 1 / (120 * x ** 4) - 1 / (252 * x ** 6);
const EULER_GAMMA = 0.5772156649015329;

describe('mean square is not typical', () => {
  test('width 2: λ₁ = −γ/2 (ψ(1) = −γ), so 100 layers shrink a typical signal by e^(−50γ)', () => {
    expect(n.stretchNarrow).toBe(2);
    expect(n.stretchDepth).toBe(100);
    expect(relative(n.typicalPerLayerNarrow, Math.exp(-EULER_GAMMA / 2))).toBeLessThan(RELATIVE);
    expect(relative(n.typicalNarrow, Math.exp((-n.stretchDepth * EULER_GAMMA) / 2))).toBeLessThan(RELATIVE);
    expect(n.meanSquareStretch).toBe(1);
  });

  test('width 256: λ₁ = ½[ψ(128) − ln 128] ≈ −1/512, and e^(−100/512) is within 0.03% of e^(100·λ₁)', () => {
    expect(n.stretchWide).toBe(256);
    const lambda = 0.5 * (digammaLarge(128) - Math.log(128));
    expect(relative(n.typicalWide, Math.exp(n.stretchDepth * lambda))).toBeLessThan(RELATIVE);
    expect(n.typicalWideApproximation).toBe(Math.exp(-n.stretchDepth / (2 * n.stretchWide)));
    expect(relative(n.typicalWideApproximation, n.typicalWide)).toBeLessThan(3e-4);
  });

  test('Monte Carlo at width 2: the sampled typical stretch is within 4 standard errors of the closed form', () => {
    expect(n.stretchSamples).toBe(2000);
    // ln of the stretch is a sum of 100 independent terms of variance ¼ψ′(1) = π²/24.
    const standardError = Math.sqrt((n.stretchDepth * Math.PI ** 2) / 24 / n.stretchSamples);
    const gap = Math.log(n.sampledTypicalNarrow) + (n.stretchDepth * EULER_GAMMA) / 2;
    expect(Math.abs(gap)).toBeLessThan(4 * standardError);
  });

  test('the sampled mean square is nowhere near its exact value, 1: rare huge products carry it', () => {
    expect(n.sampledMeanSquareNarrow).toBeLessThan(1e-6);
    expect(n.sampledMeanSquareNarrow).toBeGreaterThan(n.sampledTypicalNarrow ** 2);
  });
});

describe('the product of the scales, not any one weight', () => {
  test('50 layers of 0.5·I then 50 of 1.5·I multiply by 0.75^50, like 100 layers of √0.75·I', () => {
    expect(relative(n.mixedProduct, 0.75 ** n.mixedLayers)).toBeLessThan(RELATIVE);
    expect(relative(n.mixedOutput, n.mixedProduct)).toBeLessThan(RELATIVE);
    expect(relative(n.mixedEffectiveScale, Math.sqrt(0.75))).toBeLessThan(RELATIVE);
    expect(n.mixedEffectiveScale).toBeLessThan(1);
    expect(n.mixedArithmeticMean).toBe(1);
  });
});

describe("the lesson's examples print the lesson's numbers", () => {
  test('output-growth tries the prose’s depths and shows the same ŷ₁, exactly when the prose says so', async () => {
    const { shown } = await run('output-growth');
    const rows = shown[0] as Record<string, number>[];
    expect([...new Set(rows.map((row) => row.L))]).toEqual([...n.tableDepths]);
    for (const row of rows)
      expect(row['relative difference']).toBeLessThanOrEqual(n.outputMaxRelativeDifference);
    const at20 = (k: number) => rows.find((row) => row.k === k && row.L === n.lectureDepth)!;
    expect(at20(1.5)['ŷ₁ (engine)']).toBe(n.outputUp);
    expect(at20(0.5)['ŷ₁ (engine)']).toBe(n.outputDown);
    for (const row of rows) expect(row['relative difference']).toBeLessThan(RELATIVE);
  });

  test('activation-norms prints the layers per factor of ten and draws √2·1.1^152 at its last layer', async () => {
    const { shown, logged } = await run('activation-norms');
    expect(logged[0][1]).toBe(n.layersPerDecadeUp);
    const last = pointsOf(shown[0] as PlotOptions).filter(
      (p) => p.series === 'k = 1.1' && p.x === n.resnetDepth,
    );
    expect(last.length).toBeGreaterThan(0);
    for (const p of last) expect(relative(p.y, n.slightlyUp * n.inputNorm)).toBeLessThan(RELATIVE);
  });

  test('activation-norms draws each k in the colour the figure above it gives that k', async () => {
    const { shown } = await run('activation-norms');
    const example = colorsOf(shown[0] as PlotOptions);
    const figure = colorsOf(figures.activationNormsChart);
    expect(Object.keys(example)).toEqual(['k = 0.9', 'k = 1', 'k = 1.1']);
    for (const label of Object.keys(example)) expect(example[label]).toBe(figure[label]);
  });

  test('gradient-norms measures the prose’s ‖dW‖ at depth 20, on its closed-form line', async () => {
    const { shown } = await run('gradient-norms');
    const at20 = pointsOf(shown[0] as PlotOptions).filter((p) => p.x === n.gradientDepth);
    for (const [label, expected] of [
      ['k = 1.5', n.gradientUp],
      ['k = 0.5', n.gradientDown],
    ] as const) {
      const points = at20.filter((p) => p.series === label);
      expect(points.length).toBeGreaterThanOrEqual(2); // the line's point and the dot
      for (const p of points) expect(relative(p.y, expected)).toBeLessThan(RELATIVE);
    }
  });

  test('float32-overflow finds the overflow and underflow layers it is not told, and says "none" in float64', async () => {
    const { logged } = await run('float32-overflow');
    expect((lineOf(logged, 'k = 1.5, first non-finite')[1] as { layer: number }).layer).toBe(
      n.overflowLayer32,
    );
    expect(logged.filter((args) => args[0] === '  closed form:').map((args) => args[1])).toEqual([
      n.overflowLayer32Theory,
      n.underflowLayer32Theory,
    ]);
    const next = lineOf(logged, `  layer ${n.nanLayer32}, the next one`);
    expect((next[1] as number[]).every(Number.isNaN)).toBe(true);
    expect(lineOf(logged, 'k = 0.5, first layer')[1]).toBe(n.underflowLayer32);
    expect(lineOf(logged, 'float64, k = 1.5')[1]).toBe('none');
    expect(lineOf(logged, 'float64, k = 0.5')[1]).toBe('none');
    const float64 = lineOf(logged, 'float64 closed forms:');
    expect([float64[1], float64[3]]).toEqual([n.overflowLayer64, n.underflowLayer64]);
  });

  test('float32-overflow hard-codes no layer: it finds none when the network is too shallow to overflow', async () => {
    const source = await import('node:fs').then((fs) =>
      fs.readFileSync(
        new URL('../../content/1-phenomenon/deep-linear-network/float32-overflow.ts', import.meta.url),
        'utf8',
      ),
    );
    for (const layer of [
      n.overflowLayer32,
      n.nanLayer32,
      n.underflowLayer32,
      n.overflowLayer32 - 1,
      n.nanLayer32 - 1,
    ])
      expect(source).not.toMatch(new RegExp(`\\b${layer}\\b`));
  });

  test('number-formats shows every format with the prose’s layers, and the loss’s depths', async () => {
    const { shown } = await run('number-formats');
    const table = shown[0] as Record<string, number | string>[];
    const row = (format: string) => table.find((r) => r.format === format)!;
    expect(table.map((r) => r.format)).toEqual(n.depthLimits.map((r) => r.dtype));
    expect(row('float16')['∞ at layer (simulation)']).toBe(n.float16Overflow);
    expect(row('float16')['0 at layer (simulation)']).toBe(n.float16Underflow);
    expect(row('bfloat16')['∞ at layer (simulation)']).toBe(n.bfloat16Overflow);
    expect(row('bfloat16')['∞ at layer (closed form)']).toBe(n.bfloat16OverflowClosedForm);
    expect(row('bfloat16')['0 at layer (simulation)']).toBe(n.bfloat16Underflow);
    expect(row('float32-ftz')['0 at layer (simulation)']).toBe(n.float32FtzUnderflow);
    expect(row('float64')['∞ at layer (closed form)']).toBe(n.overflowLayer64);
    const losses = shown[1] as Record<string, number | string>[];
    const loss = (accumulate: string) =>
      losses.find((r) => r.network === 'float32' && r['squares summed in'] === accumulate)!;
    expect(loss('float64')['loss is ∞ from depth L =']).toBe(n.lossOverflowAccumulate64);
    expect(loss('float32')['loss is ∞ from depth L =']).toBe(n.lossOverflowAccumulate32);
  });

  test('training-regimes trains at the prose’s three rates and prints what the prose states', async () => {
    const { shown, logged } = await run('training-regimes');
    const line = (eta: number) => lineOf(logged, `η = ${eta.toExponential()}:`).join(' ');
    expect(line(n.etaSmall)).toContain(
      `after ${n.trainingSteps} steps it is ${n.smallFinalC} and ${n.smallFinalC}`,
    );
    expect(line(n.etaSmall)).toContain(`the loss at step ${n.trainingSteps} was ${n.smallFinalLoss}.`);
    expect(line(n.etaMiddle)).toContain(`to ${n.middleC1} and ${n.middleC1};`);
    expect(line(n.etaMiddle)).toContain(`was ${n.middleFinalLoss}.`);
    expect(line(n.etaLarge)).toContain(`at step ${n.largeStopStep} the numbers overflowed`);
    const spread = Number(String(lineOf(logged, 'every layer')[0]).split(' ').at(-1));
    expect(spread).toBeLessThan(1e-12);
    // The loss chart: step 1 is the starting loss; the run that overflowed is left out and named above it.
    const loss = pointsOf(shown[0] as PlotOptions);
    expect(loss.find((p) => p.series === `η = ${n.etaSmall.toExponential()}` && p.x === 1)!.y).toBe(
      n.initialLoss,
    );
    expect(loss.some((p) => p.series === `η = ${n.etaLarge.toExponential()}`)).toBe(false);
    expect((shown[0] as PlotOptions).subtitle).toBe(
      `Not drawn: η = ${n.etaLarge.toExponential()}, which overflowed.`,
    );
    // The gradient chart: layer 1's ‖dW‖ at step 1 is the prose's first gradient.
    const first = pointsOf(shown[1] as PlotOptions).find(
      (p) => p.series === `η = ${n.etaMiddle.toExponential()}` && p.x === 1,
    )!;
    expect(relative(first.y, n.initialLayerGradient)).toBeLessThan(RELATIVE);
  });

  test('typical-stretch labels closed form and Monte Carlo and shows the prose’s numbers', async () => {
    const { shown, logged } = await run('typical-stretch');
    const rows = shown[0] as Record<string, number | string>[];
    const at = (quantity: string, width: number) =>
      rows.find((r) => r.quantity === quantity)![`width ${width}`];
    expect(at('typical stretch, closed form e^(Lλ₁)', n.stretchNarrow)).toBe(n.typicalNarrow);
    expect(at('typical stretch, Monte Carlo e^(mean ln)', n.stretchNarrow)).toBe(n.sampledTypicalNarrow);
    expect(at('mean square, Monte Carlo', n.stretchNarrow)).toBe(n.sampledMeanSquareNarrow);
    expect(at('mean square, closed form', n.stretchNarrow)).toBe(n.meanSquareStretch);
    expect(at('Monte Carlo samples', n.stretchNarrow)).toBe(n.stretchSamples);
    expect(at('typical stretch, closed form e^(Lλ₁)', n.stretchWide)).toBe(n.typicalWide);
    expect(at('approximation e^(−L/(2n))', n.stretchWide)).toBe(n.typicalWideApproximation);
    expect(at('typical stretch, Monte Carlo e^(mean ln)', n.stretchWide)).toBe('not sampled');
    expect(logged[0][1]).toBe(n.typicalPerLayerNarrow);
  });
});
