/**
 * Every number in the lesson "Variance, layer by layer: where LeCun, Xavier and He come from"
 * (content/2-derivations/variance-propagation.mdx), checked against a closed form written out here, an independent
 * computation (quadrature of tanh's moments, binomial sums, recomputation from the raw runs), or a Monte Carlo
 * tolerance derived from the variance of what was sampled; and against the output of the lesson's own examples.
 *
 * Monte Carlo tolerances, and why:
 * - one random layer: the measured factor E[z²]/E[a²] is an average whose relative variance is about
 *   2(n_in + B)/(n_out·n_in·B) for B standard normal inputs (forward; fans swapped backward); 5 standard errors.
 * - deep ReLU networks with He's or Xavier's rule: one network's squared length has relative variance
 *   (1 + 5/n)^l − 1 after l layers (the engine's reluStretch, checked in its own tests), so an average over S
 *   networks has relative standard error at most √(((1 + 5/n)^l − 1)/S); 4 of them. tanh fluctuates less than ReLU
 *   at the same width, so the same bound serves it.
 * - log lengths: the mean of N samples has standard error logStd/√N; 4 of them. Binomial shares: 4 standard errors.
 */
import { colorOfInitializer } from '@gradscope/charts';
import { digamma, initVariance, reluStretch, xavierNormal } from '@gradscope/core';
import type { PlotOptions } from '@observablehq/plot';

import { describe, expect, test, vi } from 'vitest';

import * as figures from '../../content/2-derivations/variance-propagation/figures.ts';
import * as n from '../../content/2-derivations/variance-propagation/numbers.ts';
import { colorsOf, pointsOf, relative, runEditedExample, runExample } from '../support/claims.ts';

// The examples each run in about a second on an idle machine; the claims run them again here, and a machine shared
// by several test runs can be many times slower. Timing is not what these tests check.
vi.setConfig({ testTimeout: 60_000 });

/** Closed forms computed the same way in a different order: a few units in the last place. */
const RELATIVE = 1e-12;

const run = (name: string) =>
  runExample(new URL(`../../content/2-derivations/variance-propagation/${name}.ts`, import.meta.url));

/**
 * The example `name`.ts with a TryThis edit made to its text (each `[from, to]` must occur), run as the page runs
 * it. The edited copy sits beside the original for the run, so its imports resolve the same way, and is removed.
 */
const runEdited = (name: string, edits: [from: string, to: string][]) =>
  runEditedExample(
    new URL('../../content/2-derivations/variance-propagation/', import.meta.url),
    name,
    edits,
  );

/** E[f(z)] for z ~ N(0, q), by the trapezoid rule on ±12 standard deviations (smooth f: spectrally accurate). */
function normalExpectation(f: (z: number) => number, q: number): number {
  const s = Math.sqrt(q);
  const h = 1e-3;
  let sum = 0;
  for (let t = -12; t <= 12; t += h) sum += f(s * t) * Math.exp((-t * t) / 2);
  return (sum * h) / Math.sqrt(2 * Math.PI);
}
const tanhSquare = (z: number) => Math.tanh(z) ** 2;
const tanhSlopeSquare = (z: number) => 1 / Math.cosh(z) ** 4;

/** The mean-field recursion for tanh, q^1 = w, q^l = w·E[tanh(z)²], written out independently of the engine. */
function tanhVariances(weightVariance: number): number[] {
  const q = [weightVariance];
  for (let l = 1; l < n.depth; l++) q.push(weightVariance * normalExpectation(tanhSquare, q[l - 1]));
  return q;
}

/** The relative standard-error bound of an average of S deep ReLU networks at layer l (see the header). */
const reluBound = (width: number, l: number, networks: number) =>
  Math.sqrt(Math.expm1(l * Math.log1p(5 / width)) / networks);

describe('one layer: forward n_in·σ_w², backward n_out·σ_w²', () => {
  test('the three rules give σ_w² = 1/n_in, 2/(n_in + n_out) and 2/n_in, as the engine draws them', () => {
    const { fanIn, fanOut } = n.oneLayerFans;
    expect([fanIn, fanOut]).toEqual([512, 128]);
    const expected = { lecun: 1 / fanIn, xavier: 2 / (fanIn + fanOut), he: 2 / fanIn };
    for (const row of n.oneLayer) {
      expect(row.variance).toBe(expected[row.scheme]);
      expect(row.forward).toBe(fanIn * expected[row.scheme]);
      expect(row.backward).toBe(fanOut * expected[row.scheme]);
    }
    expect(xavierNormal().std!(n.oneLayerFans) ** 2).toBeCloseTo(expected.xavier, 15);
    // The prose: Xavier 1.6 forwards and 0.4 backwards on this layer; LeCun exact forwards, a quarter backwards.
    expect(n.xavierForward).toBeCloseTo((2 * 512) / 640, 15);
    expect(n.xavierBackward).toBeCloseTo((2 * 128) / 640, 15);
    expect(n.lecunBackward).toBe(128 / 512);
  });

  test('the smooth lines of the compromise figure are the engine’s rules at whole fans', () => {
    for (const scheme of n.schemes) {
      for (const [fanIn, fanOut] of [
        [256, 64],
        [256, 1024],
        [3, 5],
        [512, 128],
      ]) {
        expect(n.varianceRule(scheme, fanIn, fanOut)).toBe(initVariance(scheme, { fanIn, fanOut }));
      }
    }
    expect([n.fanOutMin, n.fanOutMax]).toEqual([64, 1024]);
    expect(n.fanRatioFanIn).toBe(256);
  });

  test('the measured factors agree with the closed forms within 5 standard errors, and the stated gap is the largest', () => {
    const { fanIn, fanOut } = n.oneLayerFans;
    const B = n.oneLayerBatch;
    const forwardError = Math.sqrt((2 * (fanIn + B)) / (fanOut * fanIn * B));
    const backwardError = Math.sqrt((2 * (fanOut + B)) / (fanIn * fanOut * B));
    let largest = 0;
    for (const row of n.oneLayer) {
      const f = relative(row.measuredForward, row.forward);
      const b = relative(row.measuredBackward, row.backward);
      expect(f).toBeLessThan(5 * forwardError);
      expect(b).toBeLessThan(5 * backwardError);
      largest = Math.max(largest, f, b);
    }
    expect(n.oneLayerLargestGap).toBe(largest);
  });

  test('ReLU keeps half of the mean square of a symmetric input, within 5 standard errors', () => {
    // ratio − ½ = Σ z²(1{z>0} − ½)/Σ z²; with 4096 independent rows its relative standard error is below √(3/4096).
    expect(Math.abs(n.reluHalf - 0.5)).toBeLessThan(5 * 0.5 * Math.sqrt(3 / 4096));
  });

  test('the one-layer example prints the numbers of the prose', async () => {
    const { shown, logged } = await run('one-layer');
    const rows = shown[0] as Record<string, number | string>[];
    expect(rows.map((row) => row.rule)).toEqual([...n.schemes]);
    for (const [i, row] of rows.entries()) {
      expect(row['σ_w²']).toBe(n.oneLayer[i].variance);
      expect(row['n_in·σ_w²']).toBe(n.oneLayer[i].forward);
      expect(row['measured forward']).toBe(n.oneLayer[i].measuredForward);
      expect(row['n_out·σ_w²']).toBe(n.oneLayer[i].backward);
      expect(row['measured backward']).toBe(n.oneLayer[i].measuredBackward);
    }
    expect(relative(logged[0][1] as number, n.reluHalf)).toBeLessThan(RELATIVE);
  });

  test('the compromise figure draws each rule in its colour, its dots on the closed form within 5 standard errors', () => {
    const colors = colorsOf(figures.compromiseChart);
    for (const [scheme, name] of [
      ['lecun', 'LeCun normal'],
      ['xavier', 'Xavier normal'],
      ['he', 'He normal'],
    ] as const) {
      expect(colors[`${name}: forward`]).toBe(colorOfInitializer(scheme));
      expect(colors[`${name}: backward`]).toBe(colorOfInitializer(scheme));
    }
    const points = pointsOf(figures.compromiseChart);
    for (const e of n.fanRatioExponents) {
      const fanOut = n.fanRatioFanIn * 2 ** e;
      const forwardError = Math.sqrt(
        (2 * (n.fanRatioFanIn + n.oneLayerBatch)) / (fanOut * n.fanRatioFanIn * n.oneLayerBatch),
      );
      const backwardError = Math.sqrt(
        (2 * (fanOut + n.oneLayerBatch)) / (n.fanRatioFanIn * fanOut * n.oneLayerBatch),
      );
      for (const scheme of n.schemes) {
        const variance = initVariance(scheme, { fanIn: n.fanRatioFanIn, fanOut });
        const name = { lecun: 'LeCun normal', xavier: 'Xavier normal', he: 'He normal' }[scheme];
        const at = (label: string) => points.filter((p) => p.series === label && p.x === e);
        // At each measured x: the line's point and the dot (and, at the last x, the line's label).
        const forward = at(`${name}: forward`);
        const backward = at(`${name}: backward`);
        expect(forward.length).toBeGreaterThanOrEqual(2);
        expect(backward.length).toBeGreaterThanOrEqual(2);
        for (const p of forward)
          expect(relative(p.y, n.fanRatioFanIn * variance)).toBeLessThan(5 * forwardError);
        for (const p of backward) expect(relative(p.y, fanOut * variance)).toBeLessThan(5 * backwardError);
      }
    }
  });
});

describe('layer after layer', () => {
  test('between equal widths LeCun and Xavier give n·σ_w² = 1 and He gives 2', () => {
    expect(n.width).toBe(256);
    expect(n.xavierScale).toBe(1);
    expect(n.lecunScale).toBe(1);
    expect(n.heScale).toBe(2);
  });

  test('the figure averages over 4 inputs and 4 independent networks per configuration, as its caption says', () => {
    expect([n.batch, n.seeds]).toEqual([4, 4]);
    for (const { label } of n.configurations) expect(n.measured[label].outputs).toHaveLength(n.seeds);
  });

  test('the depth the TeX writes ((1/2)^{30}, 2^{-29}, z^{[30]}, L = 30) is the depth the numbers use', () => {
    expect(n.depth).toBe(30);
  });

  test('ReLU: the recursion is q^l = (n·σ_w²/2)^(l−1)·q^1, so Xavier loses exactly 2^−29 from layer 1 to 30', () => {
    const he = n.predictedVariance('relu', n.heScale);
    const xavier = n.predictedVariance('relu', n.xavierScale);
    for (let l = 1; l <= n.depth; l++) {
      expect(he[l - 1]).toBe(2);
      expect(xavier[l - 1]).toBe(2 ** -(l - 1));
    }
    expect(n.reluXavierDecay).toBe(2 ** -29);
  });

  test('tanh: Xavier’s variance decays slowly to the value an independent quadrature gives; He’s settles at q*', () => {
    const xavier = tanhVariances(1);
    expect(relative(n.tanhXavierLast, xavier[n.depth - 1])).toBeLessThan(1e-8);
    expect(n.tanhXavierLast).toBeGreaterThan(1 / (2 * n.depth) / 1.2); // about 1/(2l): polynomial, not exponential
    // q* by iterating the recursion to convergence; χ = 2·E[tanh′(z)²] there.
    let q = 1;
    for (let i = 0; i < 500; i++) q = 2 * normalExpectation(tanhSquare, q);
    expect(relative(n.tanhHeFixedPoint, q)).toBeLessThan(1e-8);
    // "Settles within a few layers": by layer 10 the figure's recursion is within 1 % of q*.
    expect(relative(n.predictedVariance('tanh', n.heScale)[9], q)).toBeLessThan(0.01);
    expect(relative(n.tanhHeChi, 2 * normalExpectation(tanhSlopeSquare, q))).toBeLessThan(1e-8);
    expect(n.tanhHeChi).toBeGreaterThan(1);
    // Backward from layer 30 to layer 1: the product of χ_l = 2·E[tanh′(z)²] at q^1 … q^29.
    const he = tanhVariances(2);
    let growth = 1;
    for (let l = 0; l < n.depth - 1; l++) growth *= 2 * normalExpectation(tanhSlopeSquare, he[l]);
    expect(relative(n.tanhHeGradientGrowth, growth)).toBeLessThan(1e-7);
    // Measured on the figure's networks: the ratio of averages, near the prediction within the spread of networks.
    const d = n.measured['He normal: tanh'].delta2;
    expect(n.tanhHeGradientGrowthMeasured).toBe(d[0] / d[n.depth - 1]);
    const bound = 4 * Math.SQRT2 * reluBound(n.width, n.depth, n.seeds);
    expect(Math.abs(Math.log(n.tanhHeGradientGrowthMeasured / growth))).toBeLessThan(bound);
  });

  test('the figure’s dots sit on its lines within 4 standard errors of an average of networks, at every layer', () => {
    let largest = 0;
    for (const { label, activation, weightVariance } of n.configurations) {
      const q =
        activation === 'relu' ? n.predictedVariance('relu', weightVariance) : tanhVariances(weightVariance);
      for (let l = 1; l <= n.depth; l++) {
        const gap = relative(n.measured[label].z2[l - 1], q[l - 1]);
        expect(gap).toBeLessThan(4 * reluBound(n.width, l, n.seeds) + 1e-6);
        largest = Math.max(
          largest,
          relative(n.measured[label].z2[l - 1], n.predictedVariance(activation, weightVariance)[l - 1]),
        );
      }
    }
    expect(n.figureLargestGap).toBe(largest);
  });

  test('the figure colours each series by its initializer, line and dot together', () => {
    const colors = colorsOf(figures.varianceByLayerChart);
    expect(colors['He normal: ReLU']).toBe(colorOfInitializer('he'));
    expect(colors['He normal: tanh']).toBe(colorOfInitializer('he'));
    expect(colors['Xavier normal: ReLU']).toBe(colorOfInitializer('xavier'));
    expect(colors['Xavier normal: tanh']).toBe(colorOfInitializer('xavier'));
    const points = pointsOf(figures.varianceByLayerChart);
    const last = points.filter((p) => p.series === 'Xavier normal: ReLU' && p.x === n.depth);
    expect(last.map((p) => p.y)).toContain(2 ** -(n.depth - 1)); // the line's point, q^30 = 2^−29
    expect(last.map((p) => p.y)).toContain(n.measured['Xavier normal: ReLU'].z2[n.depth - 1]); // the dot
  });

  test('the first edit changes nothing: LeCun normal draws the very weights Xavier normal draws between equal widths', async () => {
    const xavier = await run('variance-by-layer');
    const lecun = await runEdited('variance-by-layer', [["'xavierNormal'", "'lecunNormal'"]]);
    expect(lecun.shown.map((chart) => pointsOf(chart as PlotOptions))).toEqual(
      xavier.shown.map((chart) => pointsOf(chart as PlotOptions)),
    );
  });

  test('the variance-by-layer example draws the same recursions at width 128, in the figure’s colours', async () => {
    const { shown } = await run('variance-by-layer');
    const [forwardChart, backwardChart] = shown as PlotOptions[];
    const figureColors = colorsOf(figures.varianceByLayerChart);
    for (const [label, color] of Object.entries(colorsOf(forwardChart)))
      expect(color).toBe(figureColors[label]);
    const heRelu = pointsOf(forwardChart).filter((p) => p.series === 'He normal: ReLU');
    // The line is q^l = 2 at every layer; the dots average only two networks of width 128.
    for (const p of heRelu) expect(relative(p.y, 2)).toBeLessThan(4 * reluBound(128, p.x, 2) + 1e-6);
    // Backwards, the line for Xavier on ReLU reaches 2^−29 at layer 1 (the dot beside it is a measurement).
    const xavierBackward = pointsOf(backwardChart).filter(
      (p) => p.series === 'Xavier normal: ReLU' && p.x === 1,
    );
    expect(xavierBackward.map((p) => p.y)).toContain(2 ** -29);
  });
});

describe('He against Xavier in a 30-layer ReLU network', () => {
  test('the closed form: Xavier’s last-layer variance is (1/2)^30 of He’s', () => {
    expect(n.xavierShrink).toBe(2 ** -30);
    const he = n.predictedVariance('relu', n.heScale);
    const xavier = n.predictedVariance('relu', n.xavierScale);
    expect(xavier[n.depth - 1] / he[n.depth - 1]).toBe(n.xavierShrink);
  });

  test('with the same seed the ratio is 2^−30 to rounding, because relu(c·z) = c·relu(z)', () => {
    expect(relative(n.xavierShrinkSameSeed, 2 ** -30)).toBeLessThan(1e-12);
  });

  test('with independent seeds the ratio of averages is near 2^−30, within the spread of single networks', () => {
    const he = n.measured['He normal: ReLU'].z2[n.depth - 1];
    const xavier = n.measured['Xavier normal: ReLU'].z2[n.depth - 1];
    expect(n.xavierShrinkIndependent).toBe(xavier / he);
    const bound = reluBound(n.width, n.depth, n.seeds);
    expect(Math.abs(Math.log(n.xavierShrinkIndependent / 2 ** -30))).toBeLessThan(4 * Math.SQRT2 * bound);
  });

  test('backwards, Xavier’s E‖δ[1]‖²/E‖δ[30]‖² is 2^−29 and He’s is 1, and the measurements agree', () => {
    expect(n.xavierGradientRatio).toBe(2 ** -29);
    const bound = 4 * Math.SQRT2 * reluBound(n.width, n.depth, n.seeds);
    expect(Math.abs(Math.log(n.xavierGradientRatioMeasured / 2 ** -29))).toBeLessThan(bound);
    expect(Math.abs(Math.log(n.heGradientRatioMeasured))).toBeLessThan(bound);
    const x = n.measured['Xavier normal: ReLU'].delta2;
    expect(n.xavierGradientRatioMeasured).toBe(x[0] / x[n.depth - 1]);
  });

  test('He et al.’s shallower model is shallower', () => {
    expect(n.shallowerDepth).toBeLessThan(n.depth);
  });

  test('the thirty-layers example prints the closed form, a same-seed ratio of 2^−30 and an independent one near it', async () => {
    const { logged } = await run('thirty-layers');
    expect(logged[0][1]).toBe(n.xavierShrink);
    expect(relative(logged[1][1] as number, 2 ** -30)).toBeLessThan(1e-12);
    // Two networks of width 128 for each rule: the same bound as above, at that width.
    const bound = 4 * Math.SQRT2 * reluBound(128, n.depth, 2);
    expect(Math.abs(Math.log((logged[2][1] as number) / 2 ** -30))).toBeLessThan(bound);
  });
});

describe('training it', () => {
  test('the run the prose describes', () => {
    expect([n.trainWidth, n.trainInputs, n.trainSamples, n.trainSteps, n.trainBatch]).toEqual([
      32, 8, 256, 200, 16,
    ]);
    expect([n.learningRate, n.trainMomentum, n.lossWindow]).toEqual([0.01, 0.9, 20]);
    for (const r of [n.heRun, n.xavierRun]) {
      expect(r.stopped.reason).toBe('completed');
      expect(r.history.loss.length).toBe(n.trainSteps);
      expect(r.history.gradNormsByLayer.rows).toBe(n.depth);
    }
  });

  test('the best constant prediction’s loss is half the targets’ variance', () => {
    const y = Array.from(n.trainingData.y.data);
    const meanSquare = y.reduce((s, v) => s + v * v, 0) / y.length;
    const mean = y.reduce((s, v) => s + v, 0) / y.length;
    expect(relative(n.constantLoss, (meanSquare - mean * mean) / 2)).toBeLessThan(1e-10);
  });

  test('He’s network learns and Xavier’s stays at the constant’s loss', () => {
    const window = (r: typeof n.heRun, from: number) =>
      Array.from(r.history.loss.slice(from, from + n.lossWindow)).reduce((s, v) => s + v, 0) / n.lossWindow;
    expect(n.heStartLoss).toBe(window(n.heRun, 0));
    expect(n.xavierStartLoss).toBe(window(n.xavierRun, 0));
    expect(relative(n.heFinalLoss, window(n.heRun, n.trainSteps - n.lossWindow))).toBeLessThan(RELATIVE);
    expect(relative(n.xavierFinalLoss, window(n.xavierRun, n.trainSteps - n.lossWindow))).toBeLessThan(
      RELATIVE,
    );
    expect(n.heFinalLoss).toBeLessThan(n.constantLoss / 4);
    expect(relative(n.xavierFinalLoss, n.constantLoss)).toBeLessThan(0.1);
    expect(relative(n.xavierStartLoss, n.constantLoss)).toBeLessThan(0.1);
  });

  test('at step 1 every Xavier layer’s gradient is far below every He layer’s, and stays below at every step', () => {
    const first = (r: typeof n.heRun) => Array.from(r.history.layerGradNorms[0]);
    expect(n.heFirstGradient).toBe(first(n.heRun)[0]);
    expect(n.xavierFirstGradient).toBe(first(n.xavierRun)[0]);
    expect(n.xavierLargestFirstGradient).toBe(Math.max(...first(n.xavierRun)));
    expect(n.heSmallestFirstGradient).toBe(Math.min(...first(n.heRun)));
    expect(n.firstStepGap).toBe(n.heSmallestFirstGradient / n.xavierLargestFirstGradient);
    expect(n.firstStepGap).toBeGreaterThan(1000);
    const gaps = n.heRun.history.layerGradNorms.map(
      (row, j) => Math.min(...row) / Math.max(...n.xavierRun.history.layerGradNorms[j]),
    );
    expect(n.everyStepGap).toBe(Math.min(...gaps));
    expect(n.everyStepGap).toBeGreaterThan(1);
  });

  test('the heatmaps share one colour scale that holds every entry of both', () => {
    const [lo, hi] = figures.heatmapDomain;
    for (const r of [n.heRun, n.xavierRun]) {
      for (const v of r.history.gradNormsByLayer.data) {
        expect(Math.log10(v)).toBeGreaterThanOrEqual(lo);
        expect(Math.log10(v)).toBeLessThanOrEqual(hi);
      }
    }
    expect((figures.heHeatmap.color as { domain: number[] }).domain).toEqual([lo, hi]);
    expect((figures.xavierHeatmap.color as { domain: number[] }).domain).toEqual([lo, hi]);
  });

  test('the first edit, Adam, takes the Xavier run well below the constant’s loss', async () => {
    const { shown } = await runEdited('training', [
      ['momentum({ learningRate: 0.01, momentum: 0.9 })', 'adam({ learningRate: 1e-3 })'],
      ['import { createRandom, fit, mlp, momentum,', 'import { adam, createRandom, fit, mlp, momentum,'],
    ]);
    const losses = pointsOf(shown[0] as PlotOptions)
      .filter((p) => p.series === 'Xavier normal')
      .sort((a, b) => a.x - b.x)
      .map((p) => p.y);
    const last = losses.slice(-n.lossWindow);
    expect(last.reduce((s, v) => s + v, 0) / last.length).toBeLessThan(n.constantLoss / 2);
  });

  test('the training example trains the same two runs, against the same constant', async () => {
    const { shown, logged } = await run('training');
    const line = (label: string) => logged.find((args) => args[0] === label)!;
    expect(line('He normal')[2]).toBe(n.heFirstGradient);
    expect(line('Xavier normal')[2]).toBe(n.xavierFirstGradient);
    const ranges = logged.filter((args) => String(args[0]).includes('smallest and largest'));
    expect(ranges.map((args) => args.slice(1))).toEqual([
      [n.heSmallestFirstGradient, Math.max(...n.heRun.history.layerGradNorms[0])],
      [Math.min(...n.xavierRun.history.layerGradNorms[0]), n.xavierLargestFirstGradient],
    ]);
    const chart = shown[0] as PlotOptions;
    const at = (label: string, step: number) =>
      pointsOf(chart)
        .filter((p) => p.series === label && p.x === step)
        .map((p) => p.y);
    expect(at('He normal', n.trainSteps)).toContain(n.heRun.history.loss[n.trainSteps - 1]);
    expect(at('Xavier normal', 1)).toContain(n.xavierRun.history.loss[0]);
    for (const y of at('best constant prediction', n.trainSteps))
      expect(relative(y, n.constantLoss)).toBeLessThan(RELATIVE);
    const colors = colorsOf(chart);
    expect(colors['He normal']).toBe(colorOfInitializer('he'));
    expect(colors['Xavier normal']).toBe(colorOfInitializer('xavier'));
  });
});

describe('mean square is not typical', () => {
  /** E[ln(‖a^[l]‖/‖a^[l−1]‖) | alive] for He's rule, by an explicit binomial sum written independently here. */
  function layerLogMean(width: number): number {
    let total = 0;
    let weight = 0;
    for (let k = 1; k <= width; k++) {
      let logChoose = 0;
      for (let i = 1; i <= k; i++) logChoose += Math.log(width - k + i) - Math.log(i);
      const p = Math.exp(logChoose - width * Math.LN2);
      // ‖a^[l]‖²/‖a^[l−1]‖² = (2/n)·χ²_k, and E[ln χ²_k] = ln 2 + ψ(k/2).
      total += p * 0.5 * (Math.log(2 / width) + Math.LN2 + digamma(k / 2));
      weight += p;
    }
    return total / weight;
  }

  test('the widths the prose names', () => {
    expect([...n.typicalWidths]).toEqual([4, 16, 256]);
  });

  test('at width 4, 1 − (15/16)^30 of the networks output exactly 0; the samples agree within 4 standard errors', () => {
    expect(n.deadShare4).toBeCloseTo(1 - (15 / 16) ** 30, 14);
    expect(n.deadPercent4).toBe(100 * n.deadShare4);
    expect(n.deadPercent4Sampled).toBe(100 * n.deadShare4Sampled);
    const samples = n.typicalSamples[4];
    const error = Math.sqrt((n.deadShare4 * (1 - n.deadShare4)) / samples);
    expect(Math.abs(n.deadShare4Sampled - n.deadShare4)).toBeLessThan(4 * error);
  });

  test('the relative variance of ‖a^[30]‖² is (1 + 5/n)^30 − 1', () => {
    expect(relative(n.relativeVariance4, (1 + 5 / 4) ** 30 - 1)).toBeLessThan(1e-12);
    expect(relative(n.relativeVariance16, (1 + 5 / 16) ** 30 - 1)).toBeLessThan(1e-12);
    expect(relative(n.relativeVariance256, (1 + 5 / 256) ** 30 - 1)).toBeLessThan(1e-12);
  });

  test('the typical size e^(30μ) by an independent binomial sum, and the samples within 4 standard errors', () => {
    for (const [width, typical, sampled] of [
      [4, n.typical4, n.typical4Sampled],
      [16, n.typical16, n.typical16Sampled],
      [256, n.typical256, n.typical256Sampled],
    ] as const) {
      expect(relative(typical, Math.exp(n.depth * layerLogMean(width)))).toBeLessThan(1e-10);
      const { logStd } = reluStretch(width, n.depth);
      const logs = n.typicalSampled.find((row) => row.width === width)!.logs;
      const summary = n.sampledSummary(logs);
      expect(sampled).toBe(Math.exp(summary.mean));
      expect(Math.abs(Math.log(sampled / typical))).toBeLessThan((4 * logStd) / Math.sqrt(summary.count));
    }
    // Mean square 1 at every width, typical below 1: the whole point.
    for (const row of n.typicalTheory) expect(row.meanSquare).toBe(1);
    expect(n.typical4).toBeLessThan(n.typical16);
    expect(n.typical16).toBeLessThan(n.typical256);
    expect(n.typical256).toBeLessThan(1);
  });

  test('per layer at width 256 the typical factor is close to e^(−5/(4n)), and the width-16 spread is √(30·v)', () => {
    expect(relative(n.perLayerTypical256, Math.exp(layerLogMean(256)))).toBeLessThan(1e-10);
    expect(n.perLayerApproximation256).toBe(Math.exp(-5 / 1024));
    expect(relative(n.perLayerTypical256, n.perLayerApproximation256)).toBeLessThan(1e-4);
    expect(n.logStd16).toBe(reluStretch(16, n.depth).logStd);
    // The sampled width-16 spread agrees with it within 15 % (1000 samples: the standard deviation's error is ~2 %).
    const summary = n.sampledSummary(n.typicalSampled.find((row) => row.width === 16)!.logs);
    expect(relative(summary.std, n.logStd16)).toBeLessThan(0.15);
  });

  test('the histogram shows each width’s samples, in He’s colour', () => {
    const chart = figures.typicalHistogram;
    expect(chart.caption).toContain('∞ or NaN'); // the dead width-4 networks are counted, not dropped
    expect((chart.fy as { domain: string[] }).domain).toEqual(
      n.typicalWidths.map((width) => `width ${width}, ${n.typicalSamples[width]} networks`),
    );
  });

  test('the typical-size example prints the closed forms, at the prose’s widths 4 and 16 and at 64', async () => {
    const { shown } = await run('typical-size');
    const rows = shown[0] as Record<string, number>[];
    const at = (width: number) => rows.find((row) => row.width === width)!;
    expect(at(4)['typical ‖a‖/‖x‖ (closed form)']).toBe(n.typical4);
    expect(at(16)['typical ‖a‖/‖x‖ (closed form)']).toBe(n.typical16);
    expect(at(64)['typical ‖a‖/‖x‖ (closed form)']).toBe(reluStretch(64, n.depth).typical);
    expect(at(4)['dead (closed form)']).toBe(n.deadShare4);
    for (const row of rows) expect(row['E‖a‖²/‖x‖²']).toBe(1);
    // The sampled typical sizes lie within 4 standard errors of the closed form here too.
    const samples: Record<number, number> = { 4: 2000, 16: 500, 64: 100 };
    for (const row of rows) {
      const theory = reluStretch(row.width, n.depth);
      const survivors = samples[row.width] * (1 - row['dead (sampled)']);
      const error = theory.logStd / Math.sqrt(survivors);
      expect(Math.abs(Math.log(row['typical (sampled)'] / theory.typical))).toBeLessThan(4 * error);
    }
  });
});

describe('the exercise', () => {
  test('the check’s expected values are Xavier’s variance, 2/(fan-in + fan-out)', async () => {
    const check = (await import('../../content/2-derivations/variance-propagation/xavier-variance.check.ts'))
      .default;
    const { xavierVariance } =
      await import('../../content/2-derivations/variance-propagation/xavier-variance.solution.ts');
    expect(check.function).toBe('xavierVariance');
    for (const { args, expected } of check.cases) {
      const [fanIn, fanOut] = args as [number, number];
      expect(expected).toBe(2 / (fanIn + fanOut));
      expect(xavierVariance(fanIn, fanOut)).toBe(expected);
    }
    expect(check.cases.some(({ args }) => args[0] !== args[1])).toBe(true); // the LeCun starter must fail
  });
});
