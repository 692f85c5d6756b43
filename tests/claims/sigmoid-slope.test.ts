/**
 * Every number in the lesson "A quarter per layer: the sigmoid's slope" (content/3-forum-questions/sigmoid-slope.mdx),
 * checked against a closed form or an independent computation written out here: the sigmoid as 1/(1 + e^(−z)),
 * Nielsen's logarithmic form of the window's width and a golden-section search over it, forward and backward passes
 * with plain loops (`handBackprop`, in tests/support/hand-backprop.ts, which shares no code with the engine's
 * layers), gradient descent with those
 * loops, power iteration for spectral norms, and mean-field integrals by the trapezoid rule. Also against what the
 * prose says of each number ("a little under a quarter", "equal to seven digits"), the constants the TeX and the
 * frontmatter write, and the output of the lesson's own examples.
 *
 * Tolerances: the engine and the loops do the same float64 arithmetic in another order, so they agree to a few units
 * in the last place, amplified at most by the depth: 1e-10 leaves a wide margin. Three hundred steps of gradient
 * descent amplify those differences, so training is compared to 1e-6.
 */
import { readFileSync } from 'node:fs';

import {
  activation,
  createRandom,
  fillNormal,
  sigmoidGainInterval,
  sigmoidMaxSlope,
  zeros,
  type Matrix,
  type Network,
} from '@gradscope/core';
import { colorOfActivation, formatNumber } from '@gradscope/charts';
import type { PlotOptions } from '@observablehq/plot';
import { describe, expect, test } from 'vitest';

import * as figures from '../../content/3-forum-questions/sigmoid-slope/figures.ts';
import * as n from '../../content/3-forum-questions/sigmoid-slope/numbers.ts';
import { colorsOf, pointsOf, relative, runExample } from '../support/claims.ts';
import { handBackprop as backpropByHand, norm, type HandActivation } from '../support/hand-backprop.ts';

const CLOSE = 1e-10;
const lessonFile = new URL('../../content/3-forum-questions/sigmoid-slope.mdx', import.meta.url);
const lesson = readFileSync(lessonFile, 'utf8');
const frontmatter = lesson.split('---')[1];

/** The lesson's example `name`.ts, run with stand-ins for the playground's display and console. */
const run = (name: string) =>
  runExample(new URL(`../../content/3-forum-questions/sigmoid-slope/${name}.ts`, import.meta.url));

// ------------------------------------------------------------------------------------- independent formulas

const sigma = (z: number) => 1 / (1 + Math.exp(-z));
/** σ'(z) = e^(−|z|)/(1 + e^(−|z|))²: exact in the tails, where σ(1 − σ) cancels. */
const slope = (z: number) => {
  const e = Math.exp(-Math.abs(z));
  return e / (1 + e) ** 2;
};
/** Nielsen's bound on the window's width, (2/|w|)·ln(|w|(1 + √(1 − 4/|w|))/2 − 1), for |w| ≥ 4. */
const nielsenWidth = (w: number) =>
  Math.abs(w) < 4
    ? 0
    : (2 / Math.abs(w)) * Math.log((Math.abs(w) * (1 + Math.sqrt(1 - 4 / Math.abs(w)))) / 2 - 1);

/** The maximum of f on [lo, hi] by golden-section search (f unimodal there). */
function goldenMax(f: (x: number) => number, lo: number, hi: number): number {
  const ratio = (Math.sqrt(5) - 1) / 2;
  while (hi - lo > 1e-10) {
    const c = hi - ratio * (hi - lo);
    const d = lo + ratio * (hi - lo);
    if (f(c) > f(d)) hi = d;
    else lo = c;
  }
  return (lo + hi) / 2;
}

/** ∫ f(z) φ(z; 0, q) dz by the trapezoid rule on ±12 standard deviations. */
function gaussian(f: (z: number) => number, q: number): number {
  const s = Math.sqrt(q);
  const steps = 4000;
  const h = (24 * s) / steps;
  let sum = 0;
  for (let i = 0; i <= steps; i++) {
    const z = -12 * s + i * h;
    const weight = i === 0 || i === steps ? 0.5 : 1;
    sum += weight * f(z) * Math.exp((-z * z) / (2 * q));
  }
  return (sum * h) / Math.sqrt(2 * Math.PI * q);
}
/** Mean field for the sigmoid without biases: q* = σ_w²·E[σ(z)²], then χ₁ = σ_w²·E[σ'(z)²], z ~ N(0, q*). */
function meanFieldChi(weightVariance: number): number {
  let q = 1;
  for (let i = 0; i < 200; i++) q = weightVariance * gaussian((z) => sigma(z) ** 2, q);
  return weightVariance * gaussian((z) => slope(z) ** 2, q);
}

const g: Record<string, HandActivation> = {
  identity: { f: (z) => z, slope: () => 1 },
  sigmoid: { f: sigma, slope },
  tanh: { f: Math.tanh, slope: (z) => 1 - Math.tanh(z) ** 2 },
  relu: { f: (z) => Math.max(0, z), slope: (z) => (z > 0 ? 1 : 0) },
};

/** The shared loops of `tests/support/hand-backprop.ts` with this lesson's activations (σ' exact in the tails). */
function handBackprop(net: Network, X: Matrix, Y: Matrix) {
  const { loss, dW, db, zs, as, deltas } = backpropByHand(net, X, Y, g);
  return { loss, dW, db, zs, as, delta: deltas.map(norm) };
}

/** ‖W‖₂ by power iteration on WᵀW, with loops. */
function spectralNormByPowerIteration(W: Matrix): number {
  let v = new Float64Array(W.cols).fill(1);
  let estimate = 0;
  for (let it = 0; it < 2000; it++) {
    const Wv = new Float64Array(W.rows);
    for (let i = 0; i < W.rows; i++) for (let k = 0; k < W.cols; k++) Wv[i] += W.data[i * W.cols + k] * v[k];
    const next = new Float64Array(W.cols);
    for (let k = 0; k < W.cols; k++)
      for (let i = 0; i < W.rows; i++) next[k] += W.data[i * W.cols + k] * Wv[i];
    const length = norm(next);
    const previous = estimate;
    estimate = Math.sqrt(length / norm(v));
    v = next.map((x) => x / length);
    if (Math.abs(estimate - previous) < 1e-15 * estimate) break;
  }
  return estimate;
}

/** The deep networks' batch, drawn again here from its seed: X then Y, N(0, 1) entries. */
function deepBatch() {
  const random = createRandom(11);
  const X = zeros(n.deepWidth, n.deepBatch);
  fillNormal(X.data, random);
  const Y = zeros(n.deepWidth, n.deepBatch);
  fillNormal(Y.data, random);
  return { X, Y };
}
const L = n.deepDepth;
const handDeepCache = new Map<string, ReturnType<typeof handBackprop> & { ratio: number[] }>();
/** A deep network of the lesson, by the loops: its per-layer ratios ‖delta^[l]‖/‖delta^[L]‖ and its traces. */
function handDeep(label: string, net: Network) {
  if (!handDeepCache.has(label)) {
    const { X, Y } = deepBatch();
    const hand = handBackprop(net, X, Y);
    handDeepCache.set(label, { ...hand, ratio: hand.delta.map((d) => d / hand.delta[L - 1]) });
  }
  return handDeepCache.get(label)!;
}

// ------------------------------------------------------------------------------------------------- claims

describe('the constants the frontmatter and the TeX write', () => {
  test('the short answer’s quarter, 4^(−10) “about a millionth”, weight 4 and window “about 0.45”', () => {
    expect(frontmatter).toContain('$\\tfrac14$');
    expect(sigmoidMaxSlope).toBe(1 / 4);
    expect(frontmatter).toContain('$4^{-10}$');
    expect(n.tenLayerBound).toBe(4 ** -10);
    expect(relative(n.tenLayerBound, 1e-6)).toBeLessThan(0.05);
    expect(frontmatter).toContain('at least 4 in size');
    expect(sigmoidGainInterval(4 - 1e-12)).toBeNull();
    expect(sigmoidGainInterval(4)!.width).toBe(0);
    expect(frontmatter).toContain(`about ${formatNumber(n.widestWidth, 2)}.`);
    expect(formatNumber(n.widestWidth, 2)).toBe('0.45');
  });

  test('σ′ = σ(1 − σ) = 1/(4 cosh²(z/2)), largest at 0, and tanh(z) = 2σ(2z) − 1, tanh′(z) = 4σ′(2z)', () => {
    for (const z of [-7, -2, -0.3, 0, 0.5, 3, 9]) {
      expect(relative(sigma(z) * (1 - sigma(z)), slope(z))).toBeLessThan(1e-9);
      expect(relative(1 / (4 * Math.cosh(z / 2) ** 2), slope(z))).toBeLessThan(1e-12);
      expect(Math.abs(Math.tanh(z) - (2 * sigma(2 * z) - 1))).toBeLessThan(1e-15);
      expect(relative(1 - Math.tanh(z) ** 2, 4 * slope(2 * z))).toBeLessThan(1e-9);
      expect(slope(z)).toBeLessThanOrEqual(0.25);
    }
  });

  test('one layer’s gain integrates to exactly 1 over all inputs (the output climbs once from 0 to 1)', () => {
    for (const [w, b] of [
      [6.9, 0],
      [-20, 3],
      [1, -1],
    ]) {
      // Trapezoid rule on a grid wide enough for the tails to be below 1e-12.
      const centre = -b / w;
      const half = 40 / Math.abs(w);
      const steps = 200_000;
      const h = (2 * half) / steps;
      let sum = 0;
      for (let i = 0; i <= steps; i++) {
        const a = centre - half + i * h;
        sum += (i === 0 || i === steps ? 0.5 : 1) * Math.abs(w * slope(w * a + b));
      }
      expect(Math.abs(sum * h - 1)).toBeLessThan(1e-9);
    }
  });

  test('gradient descent on a quadratic of curvature λ overshoots above η = 1/λ and diverges above 2/λ', () => {
    const lambda = 3;
    const after = (eta: number) => {
      let x = 1;
      for (let t = 0; t < 100; t++) x -= eta * lambda * x;
      return x;
    };
    expect(after(0.99 / lambda)).toBeGreaterThan(0); // below 1/λ: approaches 0 from one side
    let x = 1;
    x -= (1.01 / lambda) * lambda * x;
    expect(x).toBeLessThan(0); // one step past 1/λ crosses the bottom
    expect(Math.abs(after(1.99 / lambda))).toBeLessThan(1);
    expect(Math.abs(after(2.01 / lambda))).toBeGreaterThan(1);
  });

  test('the Definition’s 1% is the engine’s rule for a saturated sigmoid unit', () => {
    expect(lesson).toContain('below 1% of the largest');
    expect(n.saturationFraction).toBe(0.01);
    const sigmoidUnit = activation('sigmoid');
    const inactive = (z: number) => sigmoidUnit.inactive!.test(z, sigmoidUnit.apply(z));
    expect(inactive(n.saturationEdge * 0.999)).toBe(false);
    expect(inactive(n.saturationEdge * 1.001)).toBe(true);
  });
});

describe('the sigmoid’s slope', () => {
  test('a quarter at 0, then σ′(2), and σ′(5) beside e^(−5)', () => {
    expect(n.slopeAtZero).toBe(0.25);
    expect(relative(n.slopeAtTwo, slope(2))).toBeLessThan(1e-12);
    expect(relative(n.slopeAtFive, slope(5))).toBeLessThan(1e-12);
    expect(n.expMinusFive).toBe(Math.exp(-5));
    expect(relative(n.slopeAtFive, n.expMinusFive)).toBeLessThan(0.02); // "close to e^(−|z|)"
    expect(relative(n.slopeDropAtFive, 0.25 / slope(5))).toBeLessThan(1e-12);
  });

  test('a unit is saturated beyond |z| = 2·arcosh(10), where σ′ = 1% of a quarter', () => {
    expect(relative(n.saturationEdge, 2 * Math.acosh(10))).toBeLessThan(1e-12);
    expect(relative(slope(n.saturationEdge), 0.0025)).toBeLessThan(1e-12);
  });

  test('the figure draws the engine’s slope in the sigmoid’s colour and shades beyond the edge', () => {
    // The curve's points (bands and highlights carry a series too, without an x).
    const points = pointsOf(figures.slopeChart).filter((p) => p.series === 'sigmoid' && Number.isFinite(p.x));
    for (const p of points) expect(relative(p.y, slope(p.x))).toBeLessThan(1e-9);
    expect(colorsOf(figures.slopeChart).sigmoid).toBe(colorOfActivation('sigmoid'));
    expect(figures.slopeChart.ariaDescription).toContain(`from ${formatNumber(n.saturationEdge)} to 12`);
  });
});

describe('a quarter per layer, in a chain of single units', () => {
  /** The chain by hand: a ← σ(w·a + b), product of w·σ'(z). */
  const chainByHand = (depth: number, w: number, b: number, a0: number) => {
    let a = a0;
    let product = 1;
    const factors: number[] = [];
    for (let l = 0; l < depth; l++) {
      const z = w * a + b;
      factors.push(w * slope(z));
      product *= w * slope(z);
      a = sigma(z);
    }
    return { product, factors };
  };

  test('ten units with w = 1, b = 0, a[0] = 0.5: the product and its factors, just under a quarter', () => {
    expect([n.chainDepth, n.chainWeight, n.chainBias, n.chainInput]).toEqual([10, 1, 0, 0.5]);
    const hand = chainByHand(10, 1, 0, 0.5);
    expect(relative(n.chainProduct, hand.product)).toBeLessThan(1e-12);
    expect(relative(n.chainFactorMin, Math.min(...hand.factors))).toBeLessThan(1e-12);
    expect(relative(n.chainFactorMax, Math.max(...hand.factors))).toBeLessThan(1e-12);
    expect(n.chainFactorMax).toBeLessThan(0.25);
    expect(n.chainFactorMin).toBeGreaterThan(0.2);
    expect(n.chainProduct).toBeLessThan(n.tenLayerBound);
    expect(n.chainProduct).toBeGreaterThan(n.tenLayerBound / 10); // "not far from it"
  });

  test('the fixed point a = ½ with w = 6.9, b = −w/2 gives (6.9/4)^10, and a nudge to 0.52 collapses it', () => {
    // The TryThis edits write w = 6.9, b = -3.45, input = 0.5, then input = 0.52.
    expect([n.fixedPointWeight, n.fixedPointBias, n.nudgedInput]).toEqual([6.9, -3.45, 0.52]);
    expect(n.edgeProduct).toBe(chainByHand(10, 4, -2, 0.5).product); // the TryThis's w = 4, b = -2
    expect(n.edgeProduct).toBe(1); // every factor 4·σ'(0) = 4·¼, exactly
    expect(relative(n.fixedPointProduct, (6.9 / 4) ** 10)).toBeLessThan(1e-12);
    expect(relative(n.nudgedProduct, chainByHand(10, 6.9, -3.45, 0.52).product)).toBeLessThan(1e-9);
    expect(n.nudgedProduct).toBeLessThan(1);
    expect(n.fixedPointProduct).toBeGreaterThan(100);
  });

  test('the chain example prints the same product and draws the bound (|w|/4)^l', async () => {
    const { shown, logged } = await run('sigmoid-chain');
    const rows = shown[0] as Record<string, number>[];
    expect(rows).toHaveLength(n.chainDepth);
    expect(rows[n.chainDepth - 1]['∂a[l]/∂a[0]']).toBe(n.chainProduct);
    expect(logged[0][1]).toBe(n.chainProduct);
    expect(logged[0][3]).toBe(n.tenLayerBound);
    const bound = pointsOf(shown[1] as PlotOptions).filter((p) => p.series === '(|w|/4)^l');
    expect(bound.at(-1)!.y).toBe(n.tenLayerBound);
  });
});

describe('the window where one layer’s gain reaches 1', () => {
  test('the widest window: a golden-section search on Nielsen’s form finds the same weight and width', () => {
    const weight = goldenMax(nielsenWidth, 4, 20);
    expect(Math.abs(n.widestWeight - weight)).toBeLessThan(1e-6); // flat maximum: the weight to about √ε
    expect(relative(n.widestWidth, nielsenWidth(weight))).toBeLessThan(1e-13);
    expect(n.widestEdge * Math.tanh(n.widestEdge / 2)).toBeCloseTo(1, 14);
    expect(relative(n.widestWeight, 1 / slope(n.widestEdge))).toBeLessThan(1e-12);
    expect(relative(n.widestWidth, (2 * n.widestEdge) / n.widestWeight)).toBeLessThan(1e-12);
    expect(n.widestWidth).toBeLessThan(0.5); // "less than half a unit wide"
  });

  test('the window at |w| = 20 and 100, by Nielsen’s form and by scanning inputs', () => {
    expect(relative(n.widthAtTwenty, nielsenWidth(20))).toBeLessThan(1e-12);
    expect(relative(n.widthAtHundred, nielsenWidth(100))).toBeLessThan(1e-12);
    for (const [w, width] of [
      [20, n.widthAtTwenty],
      [100, n.widthAtHundred],
      [n.widestWeight, n.widestWidth],
    ]) {
      // Count the inputs of a fine grid where |w·σ'(w·a)| ≥ 1.
      const step = 1e-6;
      let count = 0;
      for (let a = -1; a <= 1; a += step) if (Math.abs(w * slope(w * a)) >= 1) count++;
      expect(Math.abs(count * step - width)).toBeLessThan(3 * step);
    }
  });

  test('the main figure marks the widest window at its maximum, and draws Nielsen’s width everywhere', () => {
    const points = pointsOf(figures.windowChart).filter((p) => Number.isFinite(p.x));
    for (const p of points) expect(Math.abs(p.y - nielsenWidth(p.x))).toBeLessThan(1e-12);
    expect(Math.max(...points.map((p) => p.y))).toBeLessThanOrEqual(n.widestWidth);
    expect(figures.windowChart.ariaDescription).toContain(
      `widest: ${formatNumber(n.widestWidth, 3)} at |w| = ${formatNumber(n.widestWeight, 3)}`,
    );
    const gains = pointsOf(figures.gainChart).filter((p) => Number.isFinite(p.x));
    for (const p of gains) {
      const w = Number(p.series.replace('w = ', ''));
      expect(Math.abs(p.y - Math.abs(w * slope(w * p.x)))).toBeLessThan(1e-3 * Math.abs(w)); // w printed to 3 digits
    }
  });

  test('the window example shows the interval for w = 6.9', async () => {
    const { logged } = await run('gain-window');
    const width = nielsenWidth(6.9);
    const printed = logged.map((args) => String(args[0])).join('\n');
    expect(printed).toContain(`a window ${sigmoidGainInterval(6.9)!.width} wide`);
    expect(relative(sigmoidGainInterval(6.9)!.width, width)).toBeLessThan(1e-12);
  });
});

describe('deep networks, measured', () => {
  const profile = (label: string) => n.deepProfiles[label];

  test('every ratio matches a backward pass written out with loops', () => {
    for (const c of n.deepCases) {
      const hand = handDeep(c.label, profile(c.label).net);
      hand.ratio.forEach((r, i) => expect(relative(profile(c.label).ratio[i], r)).toBeLessThan(CLOSE));
    }
    expect(relative(n.deepRatioSigmoid, handDeep('sigmoid', profile('sigmoid').net).ratio[0])).toBeLessThan(
      CLOSE,
    );
    expect(relative(n.deepRatioTanh, handDeep('tanh', profile('tanh').net).ratio[0])).toBeLessThan(CLOSE);
    const relu = handDeep('ReLU', profile('ReLU').net).ratio;
    expect(relative(n.deepRatioReluMax, Math.max(...relu))).toBeLessThan(CLOSE);
    expect(n.deepRatioReluMin).toBe(1); // the last layer's own ratio; no layer falls below it
  });

  test('the sigmoid keeps a little under a quarter per layer, near mean-field theory’s √χ₁', () => {
    expect(relative(n.sigmoidFactor ** (L - 1), n.deepRatioSigmoid)).toBeLessThan(CLOSE);
    expect(n.sigmoidFactor).toBeLessThan(0.25);
    expect(n.sigmoidFactor).toBeGreaterThan(0.2);
    expect(relative(n.meanFieldFactor, Math.sqrt(meanFieldChi(1)))).toBeLessThan(1e-8);
    expect(relative(n.sigmoidFactor, n.meanFieldFactor)).toBeLessThan(0.05);
  });

  test('the bound Π‖W‖₂/4 holds at every layer, with the weights’ spectral norms by power iteration', () => {
    const net = profile('sigmoid').net;
    const norms = net.layers.map((layer) => spectralNormByPowerIteration(layer.params[0].value));
    let bound = 1;
    const ratios = handDeep('sigmoid', net).ratio;
    for (let l = L - 1; l >= 1; l--) {
      bound *= norms[l] / 4;
      expect(relative(n.sigmoidBound[l - 1], bound)).toBeLessThan(1e-9);
      expect(ratios[l - 1]).toBeLessThanOrEqual(bound);
    }
    expect(relative(n.boundFactor ** (L - 1), bound)).toBeLessThan(1e-9);
    expect(relative(n.typicalSpectralNorm, 4 * n.boundFactor)).toBeLessThan(1e-15);
    expect(Math.abs(n.typicalSpectralNorm - 2)).toBeLessThan(0.1); // "close to 2"
    expect(n.boundFactor).toBeGreaterThan(n.sigmoidFactor); // "the bound allows more"
  });

  test('tanh vanishes slowly and ReLU stays within a small factor', () => {
    expect(n.deepRatioTanh).toBeGreaterThan(0.1);
    expect(n.deepRatioTanh).toBeLessThan(1);
    expect(n.deepRatioReluMax).toBeLessThan(10);
  });

  test('the sigmoid’s last hidden layer outputs numbers between the stated bounds, not small', () => {
    const top = handDeep('sigmoid', profile('sigmoid').net).as[L - 1];
    expect(relative(n.sigmoidTopMin, Math.min(...top))).toBeLessThan(CLOSE);
    expect(relative(n.sigmoidTopMax, Math.max(...top))).toBeLessThan(CLOSE);
    expect(n.sigmoidTopMin).toBeGreaterThan(0.1);
  });

  test('weights 16 times Xavier’s explode, with most units saturated; χ₁ = 1 at the stated scale', () => {
    expect(n.largeScale).toBe(16); // the TryThis edit writes 16 / Math.sqrt(n)
    const first = n.largeDeep.net.layers[0].params[0].value;
    // The weights' spread is what the lesson says: standard deviation 16/√n (to sampling error, 64² draws).
    expect(
      relative(norm(first.data) / Math.sqrt(first.data.length), n.largeScale / Math.sqrt(n.deepWidth)),
    ).toBeLessThan(0.05);
    const hand = handDeep('sigmoid, large', n.largeDeep.net);
    expect(relative(n.largeRatio, hand.ratio[0])).toBeLessThan(CLOSE);
    expect(relative(n.largeFactor ** (L - 1), n.largeRatio)).toBeLessThan(CLOSE);
    expect(n.largeFactor).toBeGreaterThan(1);
    // Saturated: slope below 1% of a quarter, i.e. |z| beyond the edge; the mean over the hidden layers' shares.
    const shares = hand.zs
      .slice(0, L - 1)
      .map((z) => z.filter((v) => slope(v) < 0.01 * 0.25).length / z.length);
    expect(
      relative(n.largeSaturatedFraction, shares.reduce((a, b) => a + b, 0) / shares.length),
    ).toBeLessThan(1e-12);
    expect(n.largeSaturatedFraction).toBeGreaterThan(0.5);
    expect(Math.abs(meanFieldChi(n.criticalScale ** 2) - 1)).toBeLessThan(1e-6);
    expect(meanFieldChi((0.95 * n.criticalScale) ** 2)).toBeLessThan(1);
    expect(n.criticalScale).toBeLessThan(n.largeScale);
  });

  test('weights four times Xavier’s, the sigmoid’s version of Xavier’s argument, still vanish', () => {
    // In the linear regime σ(z) ≈ ½ + z/4, the backward factor is n·Var(W)·σ'(0)² = n·Var(W)/16: 1 at std 4/√n.
    expect(n.xavierMultiple).toBe(4);
    expect(n.deepWidth * (n.xavierMultiple / Math.sqrt(n.deepWidth)) ** 2 * slope(0) ** 2).toBeCloseTo(1, 14);
    const hand = handDeep('sigmoid, four times', n.multipleDeep.net);
    expect(relative(n.multipleFactor, hand.ratio[0] ** (1 / (L - 1)))).toBeLessThan(CLOSE);
    expect(n.multipleFactor).toBeLessThan(1);
    expect(n.multipleFactor).toBeGreaterThan(n.sigmoidFactor);
  });

  test('the figure draws each network in its activation’s colour, and the bound dashed in the sigmoid’s', () => {
    const colors = colorsOf(figures.deepChart);
    expect(colors.sigmoid).toBe(colorOfActivation('sigmoid'));
    expect(colors.tanh).toBe(colorOfActivation('tanh'));
    expect(colors.ReLU).toBe(colorOfActivation('relu'));
    expect(colors['bound Π ‖W‖₂ / 4']).toBe(colorOfActivation('sigmoid'));
    const first = pointsOf(figures.deepChart).filter((p) => p.x === L - 1);
    expect(first.find((p) => p.series === 'sigmoid')!.y).toBe(n.deepRatioSigmoid);
  });

  test('the playground draws the same lines as the figure', async () => {
    const { shown } = await run('deep-networks');
    const points = pointsOf(shown[0] as PlotOptions);
    const figure = pointsOf(figures.deepChart);
    for (const label of ['sigmoid', 'tanh', 'ReLU']) {
      // The line, its dots and its end label all carry the points: one per layer, several times.
      const mine = points.filter((p) => p.series === label);
      expect(new Set(mine.map((p) => p.x)).size).toBe(L);
      for (const p of mine) {
        const match = figure.find((q) => q.series === label && q.x === p.x)!;
        expect(relative(p.y, match.y)).toBeLessThan(CLOSE);
      }
    }
  });
});

describe('training', () => {
  /** Gradient descent with the loops: W ← W − η·dW, b ← b − η·db, from the student of `activation`. */
  const trainCache = new Map<string, ReturnType<typeof trainByHandUncached>>();
  const trainByHand = (activationName: 'sigmoid' | 'tanh', eta: number) => {
    const key = `${activationName} ${eta}`;
    if (!trainCache.has(key)) trainCache.set(key, trainByHandUncached(activationName, eta));
    return trainCache.get(key)!;
  };
  function trainByHandUncached(activationName: 'sigmoid' | 'tanh', eta: number) {
    const net = n.student(activationName);
    const before = net.layers.map((layer) => Float64Array.from(layer.params[0].value.data));
    const losses: number[] = [];
    const firstLayer: number[] = [];
    let first: ReturnType<typeof handBackprop> | undefined;
    for (let step = 1; step <= n.trainSteps; step++) {
      const hand = handBackprop(net, n.trainingData.x, n.trainingData.y);
      first ??= hand;
      losses.push(hand.loss);
      firstLayer.push(norm(hand.dW[0]));
      net.layers.forEach((layer, l) => {
        const [W, b] = layer.params;
        W.value.data.forEach((w, k) => (W.value.data[k] = w - eta * hand.dW[l][k]));
        b.value.data.forEach((v, k) => (b.value.data[k] = v - eta * hand.db[l][k]));
      });
    }
    const moves = net.layers.map((layer, l) =>
      norm(layer.params[0].value.data.map((w, k) => w - before[l][k])),
    );
    return { losses, firstLayer, first: first!, moves };
  }

  test('the run settings the prose states are the ones trained', () => {
    expect([n.trainDepth, n.trainWidth, n.trainInputs, n.trainSamples, n.trainSteps]).toEqual([
      10, 16, 8, 64, 300,
    ]);
    expect([n.learningRate, n.largeLearningRate, n.blowUpLearningRate]).toEqual([0.05, 0.4, 2]);
    const net = n.student('tanh');
    expect(net.layers).toHaveLength(n.trainDepth);
    expect(net.layers[0].inputSize).toBe(n.trainInputs);
    expect(net.layers[1].inputSize).toBe(n.trainWidth);
  });

  test(
    'gradient descent with the loops reaches the stated losses; the tanh network learns, the sigmoid ones do not',
    { timeout: 60_000 },
    () => {
      const tanh = trainByHand('tanh', n.learningRate);
      expect(relative(n.tanhLossStart, tanh.losses[0])).toBeLessThan(CLOSE);
      expect(relative(n.tanhLossEnd, tanh.losses[n.trainSteps - 1])).toBeLessThan(1e-6);
      expect(n.tanhLossEnd).toBeLessThan(n.tanhLossStart / 10);
      const slow = trainByHand('sigmoid', n.learningRate);
      const fast = trainByHand('sigmoid', n.largeLearningRate);
      expect(relative(n.sigmoidLossEnd, slow.losses[n.trainSteps - 1])).toBeLessThan(1e-6);
      expect(relative(n.fastLossEnd, fast.losses[n.trainSteps - 1])).toBeLessThan(1e-6);
      // "equal to seven digits", all three.
      expect(formatNumber(n.sigmoidLossEnd, 7)).toBe(formatNumber(n.meanPredictorLoss, 7));
      expect(formatNumber(n.fastLossEnd, 7)).toBe(formatNumber(n.meanPredictorLoss, 7));
      const y = Array.from(n.trainingData.y.data);
      const mean = y.reduce((s, v) => s + v, 0) / y.length;
      const variance = y.reduce((s, v) => s + (v - mean) ** 2, 0) / y.length;
      expect(relative(n.meanPredictorLoss, variance / 2)).toBeLessThan(1e-14);
    },
  );

  test('the first step’s ratios ‖dW[1]‖/‖dW[L]‖, and the sigmoid’s largest first-layer gradient', () => {
    const D = n.trainDepth;
    const slow = trainByHand('sigmoid', n.learningRate);
    const tanh = trainByHand('tanh', n.learningRate);
    expect(
      relative(n.sigmoidFirstStepRatio, norm(slow.first.dW[0]) / norm(slow.first.dW[D - 1])),
    ).toBeLessThan(CLOSE);
    expect(relative(n.tanhFirstStepRatio, norm(tanh.first.dW[0]) / norm(tanh.first.dW[D - 1]))).toBeLessThan(
      CLOSE,
    );
    expect(relative(n.sigmoidFirstLayerLargest, Math.max(...slow.firstLayer))).toBeLessThan(1e-6);
    expect(n.sigmoidFirstStepRatio).toBeLessThan(1e-5);
    expect(n.tanhFirstStepRatio).toBeGreaterThan(0.5);
    // The same start for both sigmoid runs: the first step's ratio does not depend on η.
    const K = n.runs[n.trainingCases[2].label].recordedSteps.length;
    const g = n.runs[n.trainingCases[2].label].gradNormsByLayer.data;
    expect(g[0] / g[(D - 1) * K]).toBe(n.sigmoidFirstStepRatio);
  });

  test('a learning rate eight times larger moves the first layer about eight times as far, still a trace', () => {
    const slow = trainByHand('sigmoid', n.learningRate);
    const fast = trainByHand('sigmoid', n.largeLearningRate);
    expect(relative(n.firstLayerMoveSlow, slow.moves[0])).toBeLessThan(1e-6);
    expect(relative(n.firstLayerMoveFast, fast.moves[0])).toBeLessThan(1e-6);
    expect(relative(n.lastLayerMoveSlow, slow.moves[n.trainDepth - 1])).toBeLessThan(1e-6);
    const factor = n.largeLearningRate / n.learningRate;
    expect(formatNumber(factor)).toBe('8');
    expect(relative(n.firstLayerMoveFast / n.firstLayerMoveSlow, factor)).toBeLessThan(0.25); // "about"
    expect(n.lastLayerMoveSlow / n.firstLayerMoveSlow).toBeGreaterThan(1000);
  });

  test(
    'at η = 2, forty times the first, gradient descent overshoots: the loss ends far above where it began',
    {
      timeout: 30_000,
    },
    () => {
      expect(formatNumber(n.blowUpLearningRate / n.learningRate)).toBe('40');
      const blowUp = trainByHand('sigmoid', n.blowUpLearningRate);
      expect(relative(n.blowUpLossEnd, blowUp.losses[n.trainSteps - 1])).toBeLessThan(1e-6);
      expect(n.blowUpLossEnd).toBeGreaterThan(100 * n.sigmoidLossStart);
    },
  );

  test(
    'the training example trains the same sigmoid and tanh networks as the figures',
    { timeout: 30_000 },
    async () => {
      const { shown } = await run('training');
      const losses = pointsOf(shown[0] as PlotOptions);
      for (const label of [n.trainingCases[1].label, n.trainingCases[0].label]) {
        const curve = new Map(losses.filter((p) => p.series === label).map((p) => [p.x, p.y]));
        expect([...curve.values()]).toEqual(Array.from(n.runs[label].loss));
      }
    },
  );

  test('the heatmaps share one colour scale, and the loss figure draws the three runs', () => {
    const labels = new Set(
      pointsOf(figures.lossChart)
        .filter((p) => Number.isFinite(p.x))
        .map((p) => p.series),
    );
    for (const c of n.trainingCases) {
      const curve = pointsOf(figures.lossChart).filter((p) => p.series === c.label);
      expect(curve.map((p) => p.y)).toEqual(Array.from(n.runs[c.label].loss));
    }
    expect([...labels].sort()).toEqual(n.trainingCases.map((c) => c.label).sort());
    expect(colorsOf(figures.lossChart)[n.trainingCases[1].label]).toBe(colorOfActivation('sigmoid'));
    expect(colorsOf(figures.lossChart)[n.trainingCases[0].label]).toBe(colorOfActivation('tanh'));
  });
});
