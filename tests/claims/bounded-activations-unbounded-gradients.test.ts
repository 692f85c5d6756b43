/**
 * Every number in the lesson "Bounded activations, unbounded gradients"
 * (content/3-forum-questions/bounded-activations-unbounded-gradients.mdx), checked against an independent
 * computation: the networks' forward and backward passes, and gradient descent itself, are written out here with
 * plain loops over the engine's weights; the mean-field theory is recomputed by Gauss–Hermite quadrature (the engine
 * integrates on Gauss–Legendre panels); Gaussian tail probabilities by Simpson's rule; and the lesson's examples are
 * run and what they print and draw is compared with the prose.
 *
 * Tolerances: the loops add the same float64 products in another order, so single passes agree to about 1e−12
 * (1e−9 allowed); the two quadratures agree to about 1e−9 (1e−7 allowed); training repeats a step 150 times, which
 * amplifies last-digit differences (the tolerance is stated where used).
 */
import { colorOfK } from '@gradscope/charts';
import {
  activationSlopeBounds,
  chi,
  createRandom,
  criticalWeightVariance,
  fillNormal,
  fit,
  meanFieldNetwork,
  sgd,
  sigmoidMaxSlope,
  varianceFixedPoint,
  type Network,
} from '@gradscope/core';
import type { PlotOptions } from '@observablehq/plot';
import { describe, expect, test } from 'vitest';

import * as figures from '../../content/3-forum-questions/bounded-activations-unbounded-gradients/figures.ts';
import * as n from '../../content/3-forum-questions/bounded-activations-unbounded-gradients/numbers.ts';
import check from '../../content/3-forum-questions/bounded-activations-unbounded-gradients/tanh-back-step.check.ts';
import { colorsOf, pointsOf, relative, runExample } from '../support/claims.ts';

const LOOPS = 1e-9;
const QUADRATURE = 1e-7;

const run = (name: string) =>
  runExample(
    new URL(
      `../../content/3-forum-questions/bounded-activations-unbounded-gradients/${name}.ts`,
      import.meta.url,
    ),
  );

// ----------------------------------------------------------------------- a network written out with loops

/** W^[l] as rows and b^[l], read from the engine's parameters (W[1], b[1], W[2], …; W row-major, n_l × n_{l−1}). */
function layersOf(net: Network) {
  return net.layers.map((layer, l) => {
    const W = net.params[2 * l].value;
    const b = net.params[2 * l + 1].value.data;
    return { rows: W.rows, cols: W.cols, W: W.data, b, tanh: layer.activation?.name === 'tanh' };
  });
}

/** Forward and backward of the squared error, (1/2m)·Σ‖ŷ − y‖², for inputs X (n_0 × m, row-major). */
function handPass(net: Network, X: ArrayLike<number>, Y: ArrayLike<number>, m: number) {
  const layers = layersOf(net);
  const a: Float64Array[] = [Float64Array.from(X)];
  const z: Float64Array[] = [];
  for (const { rows, cols, W, b, tanh } of layers) {
    const input = a[a.length - 1];
    const zl = new Float64Array(rows * m);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < m; j++) {
        let sum = b[i];
        for (let k = 0; k < cols; k++) sum += W[i * cols + k] * input[k * m + j];
        zl[i * m + j] = sum;
      }
    }
    z.push(zl);
    a.push(tanh ? zl.map(Math.tanh) : Float64Array.from(zl));
  }
  const L = layers.length;
  const output = a[L];
  let loss = 0;
  for (let i = 0; i < output.length; i++) loss += (output[i] - Y[i]) ** 2;
  loss /= 2 * m;
  // δ^[L] = (ŷ − y)/m ⊙ g'(z^[L]); δ^[l] = g'(z^[l]) ⊙ (W^[l+1])ᵀδ^[l+1]; arriving^[l] = (W^[l+1])ᵀδ^[l+1].
  const delta: Float64Array[] = new Array(L);
  const arriving: Float64Array[] = new Array(L);
  const slope = (l: number, i: number) => (layers[l].tanh ? 1 - Math.tanh(z[l][i]) ** 2 : 1);
  delta[L - 1] = output.map((v, i) => ((v - Y[i]) / m) * slope(L - 1, i));
  for (let l = L - 2; l >= 0; l--) {
    const { rows, cols, W } = layers[l + 1];
    const back = new Float64Array(cols * m);
    for (let k = 0; k < cols; k++) {
      for (let j = 0; j < m; j++) {
        let sum = 0;
        for (let i = 0; i < rows; i++) sum += W[i * cols + k] * delta[l + 1][i * m + j];
        back[k * m + j] = sum;
      }
    }
    arriving[l] = back;
    delta[l] = back.map((v, i) => v * slope(l, i));
  }
  // dW^[l] = δ^[l]·(a^[l−1])ᵀ, db^[l] = Σ_examples δ^[l].
  const dW = layers.map(({ rows, cols }, l) => {
    const g = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      for (let k = 0; k < cols; k++) {
        let sum = 0;
        for (let j = 0; j < m; j++) sum += delta[l][i * m + j] * a[l][k * m + j];
        g[i * cols + k] = sum;
      }
    }
    return g;
  });
  const db = layers.map(({ rows }, l) => {
    const g = new Float64Array(rows);
    for (let i = 0; i < rows; i++) for (let j = 0; j < m; j++) g[i] += delta[l][i * m + j];
    return g;
  });
  return { a: a.slice(1), z, delta, arriving, dW, db, loss, output };
}

const norm = (values: ArrayLike<number>) => Math.sqrt(Array.from(values).reduce((s, v) => s + v * v, 0));

/** The side-by-side measurement, by the loops: the same network, batch and loss as numbers.ts. */
function handSideBySide(weightVariance: number) {
  const net = meanFieldNetwork({
    activation: 'tanh',
    weightVariance,
    biasVariance: n.biasVariance,
    inputSize: n.width,
    width: n.width,
    depth: n.depth,
    seed: 1,
  });
  const { X, Y } = n.sideBySideBatch();
  const pass = handPass(net, X.data, Y.data, n.batch);
  const delta = pass.delta.map(norm);
  return {
    ...pass,
    largest: pass.a.map((a) => Math.max(...Array.from(a, Math.abs))),
    rms: pass.a.map((a) => norm(a) / Math.sqrt(a.length)),
    deltaNorms: delta,
    ratio: delta.map((d) => d / delta[n.depth - 1]),
    arrivingNorms: pass.arriving.map((v) => (v ? norm(v) : NaN)),
    inputSecondMoment: norm(X.data) ** 2 / X.data.length,
  };
}
const hand = {
  chaotic: handSideBySide(n.chaoticWeightVariance),
  ordered: handSideBySide(n.orderedWeightVariance),
  critical: handSideBySide(n.criticalWeightVarianceTanh),
};

// ------------------------------------------------------------------------ mean field, by Simpson's rule

/**
 * E[f(z)] for z ~ N(0, q), by Simpson's rule in x = z/√q over [−12, 12]: the engine integrates on Gauss–Legendre
 * panels, and Gauss–Hermite would need many nodes here, since tanh'(z)² is narrow beside √q when q is large.
 */
function E(f: (z: number) => number, q: number): number {
  const steps = 6000;
  const h = 24 / steps;
  const g = (x: number) => f(Math.sqrt(q) * x) * Math.exp((-x * x) / 2);
  let sum = g(-12) + g(12);
  for (let i = 1; i < steps; i++) sum += (i % 2 ? 4 : 2) * g(-12 + i * h);
  return (sum * h) / 3 / Math.sqrt(2 * Math.PI);
}
const tanh2 = (z: number) => Math.tanh(z) ** 2;
const sech4 = (z: number) => (1 - Math.tanh(z) ** 2) ** 2;
const lengthMap = (w: number, q: number) => w * E(tanh2, q) + n.biasVariance;
function qStar(w: number): number {
  let q = 1;
  for (let i = 0; i < 100_000; i++) {
    const next = lengthMap(w, q);
    if (Math.abs(next - q) <= 1e-14 * next) return next;
    q = next;
  }
  return q;
}
const chiOf = (w: number) => w * E(sech4, qStar(w));
/** The theory's ‖δ^[l]‖/‖δ^[L]‖: q^1 = σ_w²·m₂ + σ_b², then the length map; √(χ_l·…·χ_(L−1)). */
function theoryRatio(w: number, secondMoment: number): number[] {
  const q = [w * secondMoment + n.biasVariance];
  while (q.length < n.depth) q.push(lengthMap(w, q[q.length - 1]));
  const factor = q.map((ql) => w * E(sech4, ql));
  const ratio = new Array<number>(n.depth).fill(1);
  for (let l = n.depth - 2; l >= 0; l--) ratio[l] = ratio[l + 1] * factor[l];
  return ratio.map(Math.sqrt);
}
/** P(|z| > t) for z ~ N(0, q), by Simpson's rule on the standard density from t/√q to 12. */
function tail(t: number, q: number): number {
  const from = t / Math.sqrt(q);
  const steps = 20_000;
  const h = (12 - from) / steps;
  const pdf = (x: number) => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
  let sum = pdf(from) + pdf(12);
  for (let i = 1; i < steps; i++) sum += (i % 2 ? 4 : 2) * pdf(from + i * h);
  return (2 * (sum * h)) / 3;
}

// ---------------------------------------------------------------------------------------------------- tests

describe('what tanh bounds, and the lecture it starts from', () => {
  test('the lecture’s network multiplies by k^L: 1.5^20', () => {
    expect(n.lectureK).toBe(1.5);
    expect(n.lectureDepth).toBe(20);
    expect(relative(n.lectureOutput, 1.5 ** 20)).toBeLessThan(1e-12);
  });

  test('tanh’s slope lies in (0, 1]; the sigmoid’s at most 1/4, so its mean squared slope at most 1/16', () => {
    const { min, max } = activationSlopeBounds('tanh');
    expect(min).toBe(0);
    expect(max).toBeCloseTo(1, 12);
    // The TeX of the lesson writes 1/4, 1/16 and σ_w² > 16.
    expect(sigmoidMaxSlope).toBe(1 / 4);
    expect(sigmoidMaxSlope ** 2).toBe(1 / 16);
    expect(1 / sigmoidMaxSlope ** 2).toBe(16);
  });
});

describe('the three networks, by the theory', () => {
  test('q*, χ₁ and the mean squared slope match an independent quadrature', () => {
    expect(n.biasVariance).toBe(0.05);
    expect(relative(n.qStarChaotic, qStar(n.chaoticWeightVariance))).toBeLessThan(QUADRATURE);
    expect(relative(n.chiChaotic, chiOf(n.chaoticWeightVariance))).toBeLessThan(QUADRATURE);
    expect(relative(n.chiOrdered, chiOf(n.orderedWeightVariance))).toBeLessThan(QUADRATURE);
    expect(relative(n.meanSquaredSlopeChaotic, E(sech4, qStar(n.chaoticWeightVariance)))).toBeLessThan(
      QUADRATURE,
    );
    expect(n.chiChaotic).toBeGreaterThan(1);
    expect(n.chiOrdered).toBeLessThan(1);
    expect(relative(n.sqrtChiChaotic ** 2, n.chiChaotic)).toBeLessThan(1e-15);
  });

  test('the edge of chaos is where χ₁ = 1, between the ordered and the chaotic σ_w²', () => {
    expect(n.criticalWeightVarianceTanh).toBe(
      criticalWeightVariance({ activation: 'tanh', biasVariance: 0.05 }),
    );
    expect(Math.abs(chiOf(n.criticalWeightVarianceTanh) - 1)).toBeLessThan(1e-6);
    expect(n.criticalWeightVarianceTanh).toBeGreaterThan(n.orderedWeightVariance);
    expect(n.criticalWeightVarianceTanh).toBeLessThan(n.chaoticWeightVariance);
  });
});

describe('forward and backward, side by side', () => {
  test('the settings the prose states are the ones measured', () => {
    expect([n.width, n.depth, n.batch, n.chaoticWeightVariance, n.orderedWeightVariance]).toEqual([
      200, 50, 8, 4, 1,
    ]);
    expect(hand.chaotic.a).toHaveLength(n.depth);
  });

  test('every activation stays inside (−1, 1), the largest short of 1 by the stated gap', () => {
    for (const h of Object.values(hand))
      for (const a of h.a) for (const v of a) expect(Math.abs(v)).toBeLessThan(1);
    const largest = Math.max(...hand.chaotic.largest);
    expect(relative(n.largestActivationGapChaotic, 1 - largest)).toBeLessThan(1e-6);
    expect(n.largestActivationGapChaotic).toBeGreaterThan(0);
    expect(relative(n.lastRmsChaotic, hand.chaotic.rms[n.depth - 1])).toBeLessThan(LOOPS);
    expect(relative(n.lastRmsOrdered, hand.ordered.rms[n.depth - 1])).toBeLessThan(LOOPS);
    expect(relative(n.lastRmsCritical, hand.critical.rms[n.depth - 1])).toBeLessThan(LOOPS);
    expect(
      relative(n.rmsContrast, hand.chaotic.rms[n.depth - 1] / hand.ordered.rms[n.depth - 1]),
    ).toBeLessThan(LOOPS);
  });

  test('the gradient ratios are what a backward pass written with loops gives', () => {
    expect(relative(n.ratioChaotic, hand.chaotic.ratio[0])).toBeLessThan(LOOPS);
    expect(relative(n.ratioOrdered, hand.ordered.ratio[0])).toBeLessThan(LOOPS);
    n.critical.ratio.forEach((r, i) => expect(relative(r, hand.critical.ratio[i])).toBeLessThan(LOOPS));
    expect(relative(n.criticalRatioMin, Math.min(...hand.critical.ratio))).toBeLessThan(LOOPS);
    expect(relative(n.criticalRatioMax, Math.max(...hand.critical.ratio))).toBeLessThan(LOOPS);
    expect(relative(n.perLayerChaotic, hand.chaotic.ratio[0] ** (1 / (n.depth - 1)))).toBeLessThan(LOOPS);
    expect(relative(n.phaseContrast, hand.chaotic.ratio[0] / hand.ordered.ratio[0])).toBeLessThan(LOOPS);
    // What the prose says of them: the chaotic one explodes, the ordered one vanishes, the edge does neither.
    expect(n.ratioChaotic).toBeGreaterThan(100);
    expect(n.ratioOrdered).toBeLessThan(1e-2);
    expect(n.criticalRatioMin).toBeGreaterThan(0.25);
    expect(n.criticalRatioMax).toBeLessThan(4);
  });

  test('the theory’s line is √(χ_l·…·χ_(L−1)) from the measured input, and the dots sit within the stated factor', () => {
    const chaotic = theoryRatio(n.chaoticWeightVariance, hand.chaotic.inputSecondMoment);
    const ordered = theoryRatio(n.orderedWeightVariance, hand.ordered.inputSecondMoment);
    // A product of 49 factors, each from two quadratures that agree to better than 1e−7: 1e−5 for the product.
    const PRODUCT = 1e-5;
    n.chaotic.theory.forEach((t, i) => expect(relative(t, chaotic[i])).toBeLessThan(PRODUCT));
    expect(relative(n.theoryRatioChaotic, chaotic[0])).toBeLessThan(PRODUCT);
    expect(relative(n.theoryRatioOrdered, ordered[0])).toBeLessThan(PRODUCT);
    const factorOff = (measured: number[], theory: number[]) =>
      Math.max(...measured.map((r, i) => Math.max(r / theory[i], theory[i] / r)));
    expect(relative(n.theoryFactorChaotic, factorOff(hand.chaotic.ratio, chaotic))).toBeLessThan(PRODUCT);
    expect(relative(n.theoryFactorOrdered, factorOff(hand.ordered.ratio, ordered))).toBeLessThan(PRODUCT);
    // Once q^l has settled at q*, the theory's factor per layer is √χ₁ (deep in the network, to 1e−9).
    const deep = n.depth - 10;
    expect(relative(chaotic[deep - 1] / chaotic[deep], Math.sqrt(n.chiChaotic))).toBeLessThan(1e-6);
  });

  test('the figure draws these numbers, coloured by phase', () => {
    const points = pointsOf(figures.sideBySideChart);
    const chaotic = figures.networks[0].label;
    const backward = points.filter((p) => p.series === chaotic && p.x === 1 && 'kind' in p);
    expect(backward.some((p) => p.y === n.ratioChaotic)).toBe(true);
    const colors = colorsOf(figures.sideBySideChart);
    expect(colors[chaotic]).toBe(colorOfK(1.5));
    expect(colors[figures.networks[2].label]).toBe(colorOfK(0.5));
    expect(colors[figures.networks[1].label]).toBe(colorOfK(1));
  });

  test('the Predict’s answer and the example agree with the numbers', async () => {
    const { shown, logged } = await run('side-by-side');
    const text = logged.map((line) => line.join(' ')).join('\n');
    expect(text).toContain(
      `= ${n.ratioChaotic.toPrecision(4)} (theory ${n.theoryRatioChaotic.toPrecision(4)})`,
    );
    expect(text).toContain(`1 − ${n.largestActivationGapChaotic.toExponential(2)}`);
    const measured = pointsOf(shown[0] as PlotOptions).filter(
      (p) => (p as { kind?: string }).kind === 'measured' && p.x === 1,
    );
    expect(measured.map((p) => p.y)).toEqual([n.ratioChaotic]);
  });
});

describe('bounded is not flat', () => {
  test('the output unit along the circle, by the loops, changes sign and travels as stated', () => {
    const along = (w: number) => {
      const net = meanFieldNetwork({
        activation: 'tanh',
        weightVariance: w,
        biasVariance: n.biasVariance,
        inputSize: n.circleWidth,
        width: n.circleWidth,
        depth: n.circleDepth,
        seed: 1,
      });
      const targets = new Float64Array(n.circleWidth * n.circlePoints);
      return handPass(net, circleInputs(), targets, n.circlePoints).output.slice(0, n.circlePoints);
    };
    const chaotic = along(n.chaoticWeightVariance);
    const ordered = along(n.orderedWeightVariance);
    chaotic.forEach((v, j) => expect(Math.abs(v - n.circleChaotic[j])).toBeLessThan(1e-12));
    let changes = 0;
    let travelled = 0;
    for (let j = 0; j < n.circlePoints; j++) {
      const next = chaotic[(j + 1) % n.circlePoints];
      if (next * chaotic[j] < 0) changes++;
      travelled += Math.abs(next - chaotic[j]);
    }
    expect(n.signChangesChaotic).toBe(changes);
    expect(relative(n.variationChaotic, travelled)).toBeLessThan(LOOPS);
    expect(n.signChangesOrdered).toBe(n.signChanges(ordered));
    expect(relative(n.variationOrdered, n.totalVariation(ordered))).toBeLessThan(LOOPS);
    expect(relative(n.circleLargestChaotic, Math.max(...Array.from(chaotic, Math.abs)))).toBeLessThan(1e-15);
    expect(n.circleLargestChaotic).toBeLessThan(1);
    expect(n.variationChaotic).toBeGreaterThan(10 * n.variationOrdered);
    expect([n.circleDepth, n.circleWidth, n.circlePoints]).toEqual([10, 100, 400]);
  });

  test('the example prints the same counts', async () => {
    const { logged } = await run('bounded-but-steep');
    const text = logged.map((line) => line.join(' ')).join('\n');
    expect(text).toContain(
      `changes sign ${n.signChangesChaotic} times, travels ${n.variationChaotic.toFixed(2)}`,
    );
    expect(text).toContain(
      `changes sign ${n.signChangesOrdered} times, travels ${n.variationOrdered.toFixed(2)}`,
    );
  });
});

/** The circle's inputs as numbers.ts draws them, rebuilt from its seed with the engine's random source. */
function circleInputs(): Float64Array {
  // numbers.ts and the example draw u and v from this seed; the loops take the same inputs, so that they test the
  // forward pass, not the drawing.
  const random = createRandom('bounded activations: circle');
  const u = fillNormal(new Float64Array(n.circleWidth), random);
  const v = fillNormal(new Float64Array(n.circleWidth), random);
  const X = new Float64Array(n.circleWidth * n.circlePoints);
  for (let j = 0; j < n.circlePoints; j++) {
    const t = (2 * Math.PI * j) / n.circlePoints;
    for (let i = 0; i < n.circleWidth; i++)
      X[i * n.circlePoints + j] = Math.cos(t) * u[i] + Math.sin(t) * v[i];
  }
  return X;
}

describe('saturation does not stop it', () => {
  const settled = (slopes: Float64Array[]) => slopes.slice(n.settledFrom - 1).flatMap((s) => Array.from(s));
  const slopesOf = (h: ReturnType<typeof handSideBySide>) =>
    h.z.map((z) => z.map((v) => 1 - Math.tanh(v) ** 2));
  const chaoticSlopes = settled(slopesOf(hand.chaotic));
  const share = (values: number[], below: number) => values.filter((v) => v < below).length / values.length;

  test('the shares of saturated and nearly flat units, measured by the loops and by the Gaussian tail', () => {
    expect(n.settledFrom).toBe(10);
    expect(relative(n.saturatedShareChaotic, share(chaoticSlopes, 0.01))).toBeLessThan(1e-12);
    expect(relative(n.smallSlopeShareChaotic, share(chaoticSlopes, 0.1))).toBeLessThan(1e-12);
    // tanh'(z) < s exactly when |z| > artanh(√(1 − s)).
    const q = qStar(n.chaoticWeightVariance);
    expect(relative(n.saturatedShareTheory, tail(Math.atanh(Math.sqrt(0.99)), q))).toBeLessThan(1e-6);
    expect(relative(n.smallSlopeShareTheory, tail(Math.atanh(Math.sqrt(0.9)), q))).toBeLessThan(1e-6);
    // Measured and theory agree to within sampling error: 82,000 slopes, shares of a few per cent.
    expect(Math.abs(n.saturatedShareChaotic - n.saturatedShareTheory)).toBeLessThan(0.01);
    expect(Math.abs(n.smallSlopeShareChaotic - n.smallSlopeShareTheory)).toBeLessThan(0.02);
  });

  test('the engine’s saturation mark is a slope below 1/100, as the definition says', () => {
    expect(n.saturatedSlope).toBe(0.01);
    const net = meanFieldNetwork({ activation: 'tanh', weightVariance: 4, inputSize: 1, width: 2, depth: 1 });
    const justOut = Math.atanh(Math.sqrt(1 - 0.0099)); // slope 0.0099
    const justIn = Math.atanh(Math.sqrt(1 - 0.0101)); // slope 0.0101
    const inactive = net.layers[0].activation!.inactive!;
    expect(inactive.test(justOut, Math.tanh(justOut))).toBe(true);
    expect(inactive.test(justIn, Math.tanh(justIn))).toBe(false);
  });

  test('the median slope, and the step split into weights and slopes, by the loops', () => {
    const sorted = [...chaoticSlopes].sort((a, b) => a - b);
    // The engine takes the slope from a = tanh(z) as 1 − a², the loops from z: the last digits differ.
    expect(relative(n.medianSlopeChaotic, sorted[Math.floor(sorted.length / 2)])).toBeLessThan(1e-12);
    const h = hand.chaotic;
    let weights = 0;
    let slopes = 0;
    for (let l = n.settledFrom; l < n.depth; l++) {
      weights += 2 * Math.log(h.arrivingNorms[l - 1] / h.deltaNorms[l]);
      slopes += 2 * Math.log(h.deltaNorms[l - 1] / h.arrivingNorms[l - 1]);
    }
    const count = n.depth - n.settledFrom;
    expect(relative(n.weightFactorChaotic, Math.exp(weights / count))).toBeLessThan(LOOPS);
    expect(relative(n.slopeFactorChaotic, Math.exp(slopes / count))).toBeLessThan(LOOPS);
    expect(relative(n.stepFactorChaotic, Math.exp((weights + slopes) / count))).toBeLessThan(LOOPS);
    // Close to their theory: σ_w², the mean squared slope, χ₁ (within the few per cent of width 200).
    expect(relative(n.weightFactorChaotic, n.chaoticWeightVariance)).toBeLessThan(0.05);
    expect(relative(n.slopeFactorChaotic, n.meanSquaredSlopeChaotic)).toBeLessThan(0.05);
    expect(relative(n.stepFactorChaotic, n.chiChaotic)).toBeLessThan(0.05);
    // "The slopes take away most of the mean square, and the weights give back more than the slopes took."
    expect(n.slopeFactorChaotic).toBeLessThan(0.5);
    expect(n.weightFactorChaotic * n.slopeFactorChaotic).toBeGreaterThan(1);
  });

  test('the histogram shows the slopes of the stated layers', () => {
    expect(figures.histogramLayers).toEqual([1, 10, 30, 50]);
    const layers = (figures.slopeHistogram.ariaDescription ?? '').match(/layer \d+: \d+ values/g);
    expect(layers).toEqual(figures.histogramLayers.map((l) => `layer ${l}: ${n.width * n.batch} values`));
  });

  test('the race: at σ_w² = 16 more units saturate and χ₁ is larger; the figure’s dots are the loops’ steps', () => {
    expect(n.wideWeightVariance).toBe(16);
    const wide = n.raceMeasured.find((p) => p.weightVariance === 16)!;
    expect(n.saturatedShareWide).toBe(wide.saturated);
    expect(relative(n.chiWide, chiOf(16))).toBeLessThan(QUADRATURE);
    expect(n.saturatedShareWide).toBeGreaterThan(n.saturatedShareChaotic);
    // "Larger weights saturate more units": the measured share never falls along the race.
    n.raceMeasured
      .slice(1)
      .forEach((p, i) => expect(p.saturated).toBeGreaterThanOrEqual(n.raceMeasured[i].saturated));
    expect(n.chiWide).toBeGreaterThan(n.chiChaotic);
    // The dot at σ_w² = 4 is the chaotic network's own step, which the loops checked above.
    const dots = pointsOf(figures.raceChart).filter((p) => p.x === 4);
    expect(dots.map((p) => p.y)).toEqual(
      expect.arrayContaining([n.weightFactorChaotic, n.slopeFactorChaotic, n.stepFactorChaotic]),
    );
    // The lines are the theory: χ₁ and the mean squared slope at q*, recomputed here.
    for (const p of n.raceTheory.filter((_, i) => i % 10 === 0)) {
      expect(relative(p.chi, chiOf(p.weightVariance))).toBeLessThan(QUADRATURE);
      expect(relative(p.slopes, E(sech4, qStar(p.weightVariance)))).toBeLessThan(QUADRATURE);
    }
  });

  test('for large σ_w², χ₁ ≈ (4/3)·σ_w/√(2π): ∫tanh′² = 4/3, and the approximation closes in', () => {
    // ∫ sech⁴ z dz = 4/3, by Simpson's rule over [−30, 30].
    const steps = 60_000;
    const h = 60 / steps;
    let sum = sech4(-30) + sech4(30);
    for (let i = 1; i < steps; i++) sum += (i % 2 ? 4 : 2) * sech4(-30 + i * h);
    expect((sum * h) / 3).toBeCloseTo(4 / 3, 10);
    expect(relative(n.asymptoticChiWide, ((4 / 3) * 4) / Math.sqrt(2 * Math.PI))).toBeLessThan(1e-15);
    const gap = (w: number) =>
      Math.abs(
        n.asymptoticChi(w) / chi({ activation: 'tanh', weightVariance: w, biasVariance: n.biasVariance }) - 1,
      );
    expect(gap(16)).toBeLessThan(0.15);
    expect(gap(64)).toBeLessThan(gap(16));
    expect(gap(1024)).toBeLessThan(gap(64));
    // q* ≈ σ_w² for large σ_w² (the step the derivation takes).
    expect(
      relative(
        varianceFixedPoint({ activation: 'tanh', weightVariance: 1024, biasVariance: n.biasVariance }),
        1024,
      ),
    ).toBeLessThan(0.05);
  });

  test('Try this: at σ_w² = 64 more than half of the units saturate and the step is larger still', () => {
    const q = qStar(64);
    expect(tail(Math.atanh(Math.sqrt(0.99)), q)).toBeGreaterThan(0.5);
    expect(chiOf(64)).toBeGreaterThan(chiOf(16));
  });

  test('the race example’s table holds the same steps', async () => {
    const { shown } = await run('race');
    const rows = shown[0] as Record<string, string | number>[];
    for (const p of n.raceMeasured) {
      const row = rows.find((r) => r['σ_w²'] === p.weightVariance)!;
      expect(row['one step ×']).toBe(p.step.toFixed(3));
      expect(row['weights ×']).toBe(p.weights.toFixed(3));
      expect(row['saturated units']).toBe(`${(100 * p.saturated).toFixed(1)}%`);
    }
  });
});

describe('training', () => {
  /** Full-batch gradient descent written out with the loops: W ← W − η·c(g)·dW, b ← b − η·c(g)·db. */
  function handTrain(weightVariance: number, clipNorm?: number) {
    const net = n.student(weightVariance);
    const data = n.trainingData();
    const m = n.trainSamples;
    const layers = layersOf(net);
    const loss: number[] = [];
    const gradNorm: number[] = [];
    const firstToLast: number[] = [];
    let firstStep: ReturnType<typeof handPass> | undefined;
    for (let step = 0; step < n.trainSteps; step++) {
      const pass = handPass(net, data.x.data, data.y.data, m);
      firstStep ??= pass;
      loss.push(pass.loss);
      const g = Math.sqrt(
        pass.dW.reduce((s, d) => s + norm(d) ** 2, 0) + pass.db.reduce((s, d) => s + norm(d) ** 2, 0),
      );
      gradNorm.push(g);
      firstToLast.push(norm(pass.dW[0]) / norm(pass.dW[layers.length - 1]));
      const scale = clipNorm !== undefined && g > clipNorm ? clipNorm / g : 1;
      layers.forEach(({ W, b }, l) => {
        for (let i = 0; i < W.length; i++) W[i] -= n.learningRate * scale * pass.dW[l][i];
        for (let i = 0; i < b.length; i++) b[i] -= n.learningRate * scale * pass.db[l][i];
      });
    }
    return { loss, gradNorm, firstToLast, firstStep: firstStep! };
  }
  const chaotic = handTrain(n.chaoticWeightVariance);
  const critical = handTrain(n.criticalWeightVarianceTanh);
  const clipped = handTrain(n.chaoticWeightVariance, n.clipNorm);

  test('the settings the prose states are the ones trained', () => {
    expect([n.trainDepth, n.trainWidth, n.trainSamples, n.trainSteps, n.learningRate, n.clipNorm]).toEqual([
      40, 16, 32, 150, 0.03, 1,
    ]);
    expect(n.trainLayers).toBe(n.student(4).layers.length);
    expect(n.runChaotic.history.loss).toHaveLength(n.trainSteps);
  });

  test('the first step, by the loops: the gradient’s size and its lean towards layer 1', () => {
    // One pass: the loops agree with the engine to float64 precision.
    expect(relative(n.lossStartChaotic, chaotic.loss[0])).toBeLessThan(LOOPS);
    expect(relative(n.firstGradNormChaotic, chaotic.gradNorm[0])).toBeLessThan(LOOPS);
    expect(relative(n.firstGradNormCritical, critical.gradNorm[0])).toBeLessThan(LOOPS);
    expect(relative(n.firstStepRatioChaotic, chaotic.firstToLast[0])).toBeLessThan(LOOPS);
    expect(relative(n.firstStepRatioCritical, critical.firstToLast[0])).toBeLessThan(LOOPS);
    const W1 = (w: number) => norm(n.student(w).params[0].value.data);
    const step = (r: typeof chaotic, w: number) => (n.learningRate * norm(r.firstStep.dW[0])) / W1(w);
    expect(relative(n.firstLayerStepChaotic, step(chaotic, n.chaoticWeightVariance))).toBeLessThan(LOOPS);
    expect(relative(n.firstLayerStepCritical, step(critical, n.criticalWeightVarianceTanh))).toBeLessThan(
      LOOPS,
    );
    expect(n.firstStepRatioChaotic).toBeGreaterThan(10);
    expect(n.firstStepRatioCritical).toBeLessThan(1);
  });

  test('the loops part from the engine within a few dozen steps, as the prose warns, but keep the levels', () => {
    const pairs = [
      [chaotic, n.runChaotic],
      [critical, n.runCritical],
      [clipped, n.runClipped],
    ] as const;
    // The same formulas summed in another order: equal to the last digits at first, then apart.
    for (const [mine, engine] of pairs)
      expect(relative(mine.loss[4], engine.history.loss[4])).toBeLessThan(1e-6);
    const parted = pairs.map(([mine, engine]) =>
      Math.max(...mine.loss.map((v, i) => relative(v, engine.history.loss[i]))),
    );
    expect(Math.max(...parted)).toBeGreaterThan(1e-2);
    // The levels the prose states, over the last 50 steps, agree within a quarter and keep their order.
    const tailMean = (loss: number[]) =>
      loss.slice(n.trainSteps - n.tailSteps).reduce((sum, v) => sum + v, 0) / n.tailSteps;
    expect(n.tailSteps).toBe(50);
    expect(relative(n.tailLossChaotic, tailMean(chaotic.loss))).toBeLessThan(0.25);
    expect(relative(n.tailLossCritical, tailMean(critical.loss))).toBeLessThan(0.25);
    expect(relative(n.tailLossClipped, tailMean(clipped.loss))).toBeLessThan(0.25);
    for (const [low, middle, high] of [
      [n.tailLossCritical, n.tailLossClipped, n.tailLossChaotic],
      [tailMean(critical.loss), tailMean(clipped.loss), tailMean(chaotic.loss)],
    ]) {
      expect(low).toBeLessThan(middle);
      expect(middle).toBeLessThan(high);
    }
    // Clipping changed every step in both, and the clipped gradient leans towards layer 1 in both.
    expect(n.clippedShare).toBe(1);
    expect(clipped.gradNorm.every((g) => g > n.clipNorm)).toBe(true);
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    expect(relative(n.clippedMedianRatio, median(clipped.firstToLast))).toBeLessThan(0.5);
    expect(median(clipped.firstToLast)).toBeGreaterThan(5);
  });

  test('the chaotic run stays near the mean’s loss, one half; the critical one goes well below it', () => {
    expect(n.meanPredictorLoss).toBeCloseTo(0.5, 12);
    expect(relative(n.tailLossChaotic, n.meanPredictorLoss)).toBeLessThan(0.25);
    expect(n.tailLossCritical).toBeLessThan(n.meanPredictorLoss / 2);
  });

  test('the training example prints the same runs', async () => {
    const { logged } = await run('training');
    const text = logged.map((line) => line.join(' ')).join('\n');
    for (const r of [n.runChaotic, n.runCritical, n.runClipped]) {
      const loss = r.history.loss;
      expect(text).toContain(`loss ${loss[0].toFixed(3)} → ${loss[n.trainSteps - 1].toFixed(3)};`);
    }
    expect(text).toContain(`‖dW[1]‖/‖dW[L]‖ ${n.firstStepRatioChaotic.toPrecision(3)} at step 1`);
    expect(text).toContain(`‖dW[1]‖/‖dW[L]‖ ${n.firstStepRatioCritical.toPrecision(3)} at step 1`);
  });

  test('Try this: at depth 15 the chaotic network trains too', { timeout: 30_000 }, () => {
    const net = meanFieldNetwork({
      activation: 'tanh',
      weightVariance: n.chaoticWeightVariance,
      biasVariance: n.biasVariance,
      inputSize: 8,
      width: n.trainWidth,
      depth: 15,
      outputSize: 1,
      seed: n.trainSeed,
    });
    const { history } = fit(net, n.trainingData(), {
      optimizer: sgd({ learningRate: n.learningRate }),
      steps: n.trainSteps,
    });
    const tail = history.loss.slice(n.trainSteps - n.tailSteps);
    expect(Math.max(...tail)).toBeLessThan(n.tailLossCritical / 2);
  });
});

describe('the exercise', () => {
  test('its chaotic cases hold entries of δ far above 1, although every slope is at most 1', () => {
    const chaoticCases = check.cases.filter((c) => c.label?.includes('chaotic'));
    expect(chaoticCases).toHaveLength(3);
    const largest = Math.max(...(chaoticCases[0].expected as number[]).map(Math.abs));
    expect(largest).toBeGreaterThan(10);
  });

  test('the solution’s formula matches the engine on every case; squashing with tanh does not', () => {
    const step = (W: number[][], z: number[], delta: number[], squash: boolean) =>
      z.map((zj, j) => {
        const arriving = delta.reduce((sum, d, i) => sum + W[i][j] * d, 0);
        return squash ? Math.tanh(arriving) : (1 - Math.tanh(zj) ** 2) * arriving;
      });
    for (const c of check.cases) {
      const [W, z, delta] = c.args as [number[][], number[], number[]];
      const expected = c.expected as number[];
      step(W, z, delta, false).forEach((v, i) =>
        expect(Math.abs(v - expected[i])).toBeLessThan(1e-9 * Math.max(1, Math.abs(expected[i]))),
      );
      const squashed = step(W, z, delta, true);
      expect(squashed.some((v, i) => Math.abs(v - expected[i]) > 1e-3)).toBe(true);
    }
  });
});
