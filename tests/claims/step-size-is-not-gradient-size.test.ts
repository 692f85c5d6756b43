/**
 * Every number in the lesson "Step size is not gradient size" (content/3-forum-questions/step-size-is-not-gradient-size.mdx),
 * checked against a closed form, against a computation written out here that does not use the network's own
 * backward pass (matrix products of the weights, second differences of the loss), against the regime rule written
 * out again here, against what the prose says about it, and against the lesson's own examples.
 *
 * The closed forms rest on the lesson's setup: whitened inputs, (1/m)·X·Xᵀ = I, so the loss is ½‖W^[L]···W^[1] − A‖²_F
 * and, with every W^[l] = M for one matrix M, each layer's gradient is (M^(L−l))ᵀ·(M^L − A)·(M^(l−1))ᵀ.
 *
 * Tolerances: matrix products and the engine's passes do the same float64 arithmetic in another order, a few units
 * in the last place amplified by the depth: 1e-9. Power iteration stops at a residual of 1e-4 relative to λ_max,
 * which bounds the eigenvalue's error by about 1e-8; second differences of the loss with h = 1e-4 are good to
 * about 1e-5 here.
 */
import {
  ADAM_DEFAULTS,
  REGIME_DEFAULTS,
  adam,
  fit,
  forward,
  frobeniusNorm,
  identity,
  largestHessianEigenvalue,
  matmul,
  matmulTransB,
  mlp,
  scale,
  sgd,
  subtract,
  symmetricEigen,
  transpose,
  warmupSchedule,
  whiten,
  type Matrix,
  type Network,
  type TrainingData,
} from '@gradscope/core';
import { REGIME_STYLES, colorFor } from '@gradscope/charts';
import type { PlotOptions } from '@observablehq/plot';
import { describe, expect, test } from 'vitest';

import * as figures from '../../content/3-forum-questions/step-size-is-not-gradient-size/figures.ts';
import * as n from '../../content/3-forum-questions/step-size-is-not-gradient-size/numbers.ts';
import { pointsOf, relative, runExample } from '../support/claims.ts';

const CLOSE = 1e-9;

/** The lesson's example `name`.ts, run with stand-ins for the playground's display and console. */
const run = (name: string) =>
  runExample(
    new URL(`../../content/3-forum-questions/step-size-is-not-gradient-size/${name}.ts`, import.meta.url),
  );

// ------------------------------------------------------------------------------------ the setup, written out

const L = n.depth;
const A = mlp({ sizes: [n.width, n.width], activation: 'identity', bias: false, seed: 11 }).params[0].value;

/** M^p for a square matrix M (p ≥ 0). */
function power(M: Matrix, p: number): Matrix {
  let out = identity(M.rows);
  for (let i = 0; i < p; i++) out = matmul(out, M);
  return out;
}
/** ½‖M^L − A‖²_F: the loss of a network whose every layer is M, by equation (loss). */
const lossOfEqualLayers = (M: Matrix) => 0.5 * frobeniusNorm(subtract(power(M, L), A)) ** 2;
/** The norm of all layers' gradients together when every layer is M. */
function gradientNormOfEqualLayers(M: Matrix): number {
  const residual = subtract(power(M, L), A);
  let sum = 0;
  for (let l = 1; l <= L; l++) {
    const g = matmul(matmul(transpose(power(M, L - l)), residual), transpose(power(M, l - 1)));
    sum += frobeniusNorm(g) ** 2;
  }
  return Math.sqrt(sum);
}
/** The loss of a network from its weights: ½‖W^[L]···W^[1] − A‖²_F. */
function lossFromWeights(net: Network): number {
  let P = identity(n.width);
  for (const p of net.params) P = matmul(p.value, P);
  return 0.5 * frobeniusNorm(subtract(P, A)) ** 2;
}
/** The second derivative of the loss along the unit vector v, by a centred second difference of the loss alone. */
function curvatureAlong(net: Network, data: TrainingData, v: ArrayLike<number>, h = 1e-4): number {
  const base = net.params.map((p) => Float64Array.from(p.value.data));
  const lossAt = (s: number) => {
    let offset = 0;
    net.params.forEach((p, i) => {
      for (let j = 0; j < p.value.data.length; j++) p.value.data[j] = base[i][j] + s * v[offset + j];
      offset += p.value.data.length;
    });
    const out = forward(net, data.x).output;
    let sum = 0;
    for (let j = 0; j < out.data.length; j++) sum += (out.data[j] - data.y.data[j]) ** 2;
    return sum / (2 * data.x.cols);
  };
  const value = (lossAt(h) - 2 * lossAt(0) + lossAt(-h)) / (h * h);
  net.params.forEach((p, i) => p.value.data.set(base[i]));
  return value;
}

/** The regime rule of the lesson's list, written out again without the engine's trainingRegime. */
function regimeByTheText(loss: ArrayLike<number>, gradNorm: ArrayLike<number>, overflowed: boolean): string {
  const T = loss.length;
  if (overflowed || !(loss[T - 1] < loss[0])) return 'diverges';
  if (loss[T - 1] <= 0.05 * n.referenceLoss) return 'trains';
  const h = Math.ceil(T / 2);
  const stalled = loss[h - 1] - loss[T - 1] <= 0.01 * loss[h - 1];
  if (gradNorm[T - 1] <= 0.01 * gradNorm[0] && stalled) return 'freezes';
  let rises = 0;
  for (let t = h + 1; t <= T; t++) if (loss[t - 1] > loss[t - 2]) rises++;
  if (rises >= 0.25 * (T - h)) return 'bounces';
  return 'crawls';
}

const row = (k: number) => n.cells.filter((c) => c.k === k);

// ------------------------------------------------------------------------------------------------- the data

describe('the network and its data', () => {
  test('the inputs are whitened and the loss is ½‖W[L]···W[1] − A‖²', () => {
    const S = matmulTransB(n.data.x, n.data.x);
    S.data.forEach((v, i) =>
      expect(Math.abs(v / n.samples - (i % (n.width + 1) === 0 ? 1 : 0))).toBeLessThan(1e-12),
    );
    for (const k of [0.5, 1, 1.5]) {
      const run1 = fit(n.network(k), n.data, {
        optimizer: { name: 'none', label: 'none', step() {}, reset() {} },
        steps: 1,
      });
      expect(relative(run1.history.loss[0], lossOfEqualLayers(identity(n.width, k)))).toBeLessThan(CLOSE);
    }
  });

  test('L_ref, the loss of predicting zero, is ½‖A‖²', () => {
    expect(relative(n.referenceLoss, 0.5 * frobeniusNorm(A) ** 2)).toBeLessThan(CLOSE);
  });

  test('the sizes the prose names are the ones the numbers use', () => {
    expect([n.depth, n.width, n.samples, n.steps]).toEqual([12, 8, 8, 200]);
    expect(n.data.x.cols).toBe(n.samples);
    expect(n.network(1).layers).toHaveLength(n.depth);
  });
});

// ------------------------------------------------------------------------------- the gradient comes first

describe('the gradient comes before the step', () => {
  const closedForm = (k: number) => k ** (L - 1) * frobeniusNorm(subtract(identity(n.width, k ** L), A));

  test('every layer’s first gradient is k^(L−1)·‖k^L·I − A‖, whatever the learning rate', () => {
    expect(n.firstStepIdentical).toBe(true);
    expect(n.firstStepRates).toEqual([1e-6, 1e-3, 1]);
    expect(n.firstStepRates[2] / n.firstStepRates[0]).toBeCloseTo(1e6, 6);
    for (const [k, value] of [
      [1.5, n.gradientUp],
      [1, n.gradientOne],
      [0.5, n.gradientDown],
    ] as const) {
      expect(relative(value, closedForm(k))).toBeLessThan(CLOSE);
      for (const rate of n.firstStepRates) {
        for (const norm of n.firstStepGradients(k, rate))
          expect(relative(norm, closedForm(k))).toBeLessThan(CLOSE);
      }
    }
  });

  test('‖δ[1]‖/‖δ[L]‖ = k^(L−1): the k = 1.5 start explodes, the k = 0.5 start vanishes', () => {
    expect(relative(n.deltaRatioUp, 1.5 ** (L - 1))).toBeLessThan(CLOSE);
    expect(relative(n.deltaRatioDown, 0.5 ** (L - 1))).toBeLessThan(CLOSE);
  });

  test('the example’s table shows the same gradients as the closed form, for every learning rate', async () => {
    const { shown } = await run('gradient-before-step');
    const rows = shown[0] as Record<string, number>[];
    expect(rows).toHaveLength(9);
    for (const r of rows) {
      expect(relative(r['‖dW[1]‖'], closedForm(r.k))).toBeLessThan(CLOSE);
      expect(relative(r['‖dW[12]‖'], closedForm(r.k))).toBeLessThan(CLOSE);
      expect(relative(r['closed form'], closedForm(r.k))).toBeLessThan(CLOSE);
    }
    expect(rows.find((r) => r.k === 1.5)!['‖dW[1]‖']).toBe(n.gradientUp);
  });
});

// --------------------------------------------------------------------------------------- a step too large

describe('a step too large for the curvature', () => {
  test('at the start, λ_max is the loss’s second derivative along its eigenvector', () => {
    for (const [k, value] of [
      [1, n.curvatureOne],
      [1.5, n.curvatureUp],
      [0.5, n.curvatureDown],
    ] as const) {
      const net = n.network(k);
      const { vector } = largestHessianEigenvalue(net, n.data, { maxIterations: 300, returnVector: true });
      expect(relative(curvatureAlong(net, n.data, vector!, 1e-4 / Math.max(1, k ** L)), value)).toBeLessThan(
        1e-3,
      );
    }
    expect(n.curvatureDown).toBeGreaterThan(0);
    expect(n.curvatureDown).toBeLessThan(n.curvatureOne / 100);
  });

  test('with zero targets the start’s curvature is exactly (2L − 1)·k^(2L−2), and the targets barely move it at k = 1.5', () => {
    expect(n.curvatureUpClosedForm).toBe((2 * L - 1) * 1.5 ** (2 * L - 2));
    const zeroTargets = { x: n.data.x, y: scale(n.data.y, 0) };
    const { eigenvalue } = largestHessianEigenvalue(n.network(1.5), zeroTargets, { maxIterations: 300 });
    expect(relative(eigenvalue, n.curvatureUpClosedForm)).toBeLessThan(1e-6);
    expect(relative(n.curvatureUp, n.curvatureUpClosedForm)).toBeLessThan(0.01);
  });

  test('the safe learning rates are 2/λ_max, and k = 1.5 needs one thousands of times smaller', () => {
    expect(n.safeRateOne).toBe(2 / n.curvatureOne);
    expect(n.safeRateUp).toBe(2 / n.curvatureUp);
    expect(relative(n.safeRateRatio, n.curvatureUp / n.curvatureOne)).toBeLessThan(1e-12);
    expect(n.safeRateRatio).toBeGreaterThan(1000);
  });

  const near = n.nearMinimum();

  test('near the minimum: the loss from the weights, and λ_max as a second difference of the loss', () => {
    expect([n.approachSteps, n.approachRate]).toEqual([1500, 0.02]);
    expect(n.approachRate).toBeLessThan(n.minimumSafeRate);
    expect(relative(n.minimumLoss, lossFromWeights(near.net))).toBeLessThan(1e-6);
    expect(n.minimumLoss).toBeLessThan(1e-3 * n.referenceLoss);
    expect(relative(curvatureAlong(near.net, n.data, near.vector), n.minimumCurvature)).toBeLessThan(1e-4);
    expect(n.minimumSafeRate).toBe(2 / n.minimumCurvature);
  });

  test('each step along the sharpest direction is 1 − η·λ_max times the last: −1.2 above the limit, as measured', () => {
    expect([n.belowFactor, n.aboveFactor]).toEqual([0.9, 1.1]);
    expect(n.belowMultiplier).toBeCloseTo(-0.8, 12);
    expect(n.aboveMultiplier).toBeCloseTo(-1.2, 12);
    expect(n.aboveGrowth).toBeCloseTo(1.2, 12);
    expect(Math.abs(n.aboveMultiplierMeasured - n.aboveMultiplier)).toBeLessThan(1e-3);
    // Every ratio of the window agrees, not just the median.
    for (let t = 80; t < 120; t++) {
      expect(Math.abs(n.aboveRun.along[t] / n.aboveRun.along[t - 1] - n.aboveMultiplier)).toBeLessThan(1e-3);
    }
  });

  test('below the limit the loss keeps falling; above it, it leaves the minimum and ends bouncing', () => {
    expect(n.edgeSteps).toBe(300);
    expect(n.belowFinalLoss).toBe(n.belowRun.loss[n.edgeSteps - 1]);
    expect(n.belowFinalLoss).toBeLessThan(n.minimumLoss);
    for (let t = 1; t < n.edgeSteps; t++)
      expect(n.belowRun.loss[t]).toBeLessThanOrEqual(n.belowRun.loss[t - 1]);
    const t = n.aboveDepartureStep;
    expect(n.departureFactor).toBe(1.5);
    expect(n.aboveRun.loss[t - 1]).toBeGreaterThan(1.5 * n.belowRun.loss[t - 1]);
    for (let s = 0; s < t - 1; s++) expect(n.aboveRun.loss[s]).toBeLessThanOrEqual(1.5 * n.belowRun.loss[s]);
    expect(n.aboveFinalLoss).toBe(n.aboveRun.loss[n.edgeSteps - 1]);
    expect(n.aboveFinalLoss).toBeGreaterThan(100 * n.belowFinalLoss);
    expect(n.aboveFinalLoss).toBeLessThan(n.referenceLoss); // it did not blow up
    // The last twenty steps alternate: up, down, up, …, each by about the same factor.
    expect(n.aboveLastRise).toBe(n.aboveRun.loss[n.edgeSteps - 1] / n.aboveRun.loss[n.edgeSteps - 2]);
    for (let s = n.edgeSteps - 20; s < n.edgeSteps; s++) {
      const ratio = n.aboveRun.loss[s] / n.aboveRun.loss[s - 1];
      expect(Math.abs(Math.log(ratio))).toBeGreaterThan(0.5 * Math.log(n.aboveLastRise));
    }
  });

  test('the example measures the same limit and the same factor', async () => {
    const { logged, shown } = await run('sharpest-direction');
    const text = logged.map((args) => args.join(' ')).join('\n');
    const rate = Number(/2\/λmax = ([\d.]+)/.exec(text)![1]);
    expect(Math.abs(rate - n.minimumSafeRate)).toBeLessThan(5e-5);
    const ratio = Number(/1\.1 × 2\/λmax:.*step 100 is (-?[\d.]+) times/.exec(text)![1]);
    expect(Math.abs(ratio - n.aboveMultiplier)).toBeLessThan(1e-3);
    const last = pointsOf(shown[0] as PlotOptions)
      .filter((p) => p.series === '1.1 × 2/λmax')
      .at(-1)!;
    expect(relative(last.y, n.aboveFinalLoss)).toBeLessThan(1e-6);
  });
});

// ------------------------------------------------------------------------------------------------- the map

describe('the map', () => {
  test('its grid: k from 0.5 to 1.6 by 0.1, η from 10⁻⁵ by factors of √10', () => {
    expect(n.scales).toEqual([0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6]);
    expect(n.learningRates).toHaveLength(12);
    expect(n.learningRates[0]).toBe(1e-5);
    for (let i = 1; i < 12; i++)
      expect(relative(n.learningRates[i] / n.learningRates[i - 1], Math.sqrt(10))).toBeLessThan(1e-12);
    expect(n.cells).toHaveLength(144);
  });

  test('the thresholds the text states are the rule’s', () => {
    expect([n.trainedBelow, n.frozenGradientRatio, n.stalledProgress, n.bouncingRiseFraction]).toEqual([
      0.05, 0.01, 0.01, 0.25,
    ]);
    expect(REGIME_DEFAULTS).toMatchObject({ trainedBelow: 0.05, frozenGradientRatio: 0.01 });
  });

  test('every cell is named as the text’s rule names it, on its own run', () => {
    for (const c of n.cells) {
      const { history, stopped } = c.run;
      expect(regimeByTheText(history.loss, history.gradNorm, stopped.reason === 'non-finite')).toBe(c.regime);
      expect(c.run.history.loss.length).toBe(stopped.reason === 'non-finite' ? stopped.step - 1 : n.steps);
    }
    const counts: Record<string, number> = {};
    for (const c of n.cells) counts[c.regime] = (counts[c.regime] ?? 0) + 1;
    expect(n.regimeCounts).toEqual(counts);
    for (const regime of ['diverges', 'bounces', 'trains', 'crawls', 'freezes'])
      expect(counts[regime]).toBeGreaterThan(0);
  });

  test('the solid line is 2/λ_max at the start, near (2L − 1)·k^(2L−2) where k is large', () => {
    for (const p of n.startCurve) expect(p.safeRate).toBe(2 / n.startCurvatures[n.scales.indexOf(p.k)]);
    for (const k of [1.3, 1.4, 1.5, 1.6]) {
      const p = n.startCurve.find((q) => q.k === k)!;
      expect(relative(p.safeRate, 2 / ((2 * L - 1) * k ** (2 * L - 2)))).toBeLessThan(0.03);
    }
  });

  test('the right-hand border: the first diverging η of each row k ≥ 1, against 2/λ_max at the start', () => {
    const ratios = n.scales
      .filter((k) => k >= 1)
      .map(
        (k) =>
          row(k).find((c) => c.regime === 'diverges')!.learningRate /
          n.startCurve.find((p) => p.k === k)!.safeRate,
      );
    expect(n.divergenceOverStartLeast).toBe(Math.min(...ratios));
    expect(n.divergenceOverStartMost).toBe(Math.max(...ratios));
    expect(n.divergenceOverStartLeast).toBeGreaterThan(1);
    // Every row ends in divergence, and nothing right of a diverging cell trains.
    for (const k of n.scales) {
      const cells = row(k);
      expect(cells.at(-1)!.regime).toBe('diverges');
      const first = cells.findIndex((c) => c.regime === 'diverges');
      expect(cells.slice(first).every((c) => c.regime === 'diverges')).toBe(true);
    }
  });

  test('the largest η that did not diverge, on the rows k = 1 and k = 1.5', () => {
    for (const [k, value] of [
      [1, n.largestStableOne],
      [1.5, n.largestStableUp],
    ] as const) {
      const cells = row(k);
      const i = n.learningRates.indexOf(value);
      expect(cells[i].regime).not.toBe('diverges');
      expect(cells[i + 1].regime).toBe('diverges');
    }
  });

  test('the frozen run: one step throws every layer to the same small matrix, and the loss to L_ref', () => {
    expect(n.frozenScale).toBe(1.5);
    const k = n.frozenScale;
    const eta = n.frozenRate;
    // After one step every layer is M = k·I − η·k^(L−1)·(k^L·I − A).
    const M = subtract(
      identity(n.width, k),
      scale(subtract(identity(n.width, k ** L), A), eta * k ** (L - 1)),
    );
    expect(
      relative(n.frozenFirstLossRatio * n.referenceLoss, lossOfEqualLayers(identity(n.width, k))),
    ).toBeLessThan(CLOSE);
    expect(relative(n.frozenSecondLoss, lossOfEqualLayers(M))).toBeLessThan(1e-9);
    expect(relative(n.frozenSecondLoss, n.referenceLoss)).toBeLessThan(1e-4);
    const drop = gradientNormOfEqualLayers(M) / gradientNormOfEqualLayers(identity(n.width, k));
    expect(relative(n.frozenGradientDrop, drop)).toBeLessThan(1e-6);
    expect(n.frozenGradientDrop).toBeLessThan(1e-6);
    expect(relative(n.frozenRateOverSafe, eta / n.startCurve.find((p) => p.k === k)!.safeRate)).toBeLessThan(
      1e-12,
    );
  });

  test('below both lines nothing diverges, freezes or bounces; every bounce lies right of the dashed line', () => {
    expect(n.belowBothLimitsIsCalm).toBe(true);
    expect(n.bouncesRightOfMinimumLine).toBe(true);
    for (const c of n.cells) {
      const start = n.startCurve.find((p) => p.k === c.k)?.safeRate ?? Infinity;
      if (c.learningRate < Math.min(start, n.minimumSafeRate))
        expect(['crawls', 'trains']).toContain(c.regime);
    }
  });

  test('only the rows k = 0.8 to 1.1 have a run that trains; below them every row crawls where it is safe', () => {
    const training = n.scales.filter((k) => row(k).some((c) => c.regime === 'trains'));
    expect(n.smallestTrainingScale).toBe(Math.min(...training));
    expect(n.largestTrainingScale).toBe(Math.max(...training));
    expect(training).toEqual(
      n.scales.filter((k) => k >= n.smallestTrainingScale && k <= n.largestTrainingScale),
    );
    expect(n.largestUntrainableBelow).toBe(Math.round((n.smallestTrainingScale - 0.1) * 10) / 10);
    for (const k of n.scales.filter((q) => q <= n.largestUntrainableBelow)) {
      for (const c of row(k).filter((q) => q.learningRate < n.minimumSafeRate))
        expect(c.regime).toBe('crawls');
    }
    // The prose's "k < 1" and "k = 0.5": the flat start.
    expect(n.curvatureDown).toBe(n.startCurvatures[0]);
  });

  test('the map draws every cell in its regime’s colour, with the two lines', () => {
    const chart = figures.regimeMap as PlotOptions;
    const rects = (chart.marks as { data?: unknown[] }[])[0].data as { regime: string }[];
    expect(rects).toHaveLength(n.cells.length);
    const color = chart.color as { domain: string[]; range: string[] };
    for (const [i, key] of color.domain.entries()) {
      const regime = key.split(' ')[1];
      expect(color.range[i]).toBe(colorFor(REGIME_STYLES[regime].meaning!));
    }
    expect(colorFor(REGIME_STYLES.freezes.meaning!)).toBe(colorFor({ k: 0.5 }));
    expect(colorFor(REGIME_STYLES.diverges.meaning!)).toBe(colorFor({ k: 1.5 }));
    const curves = pointsOf(chart);
    expect(curves.some((p) => p.series === '2/λmax at the start')).toBe(true);
    expect(
      curves
        .filter((p) => p.series === '2/λmax near a minimum' && Number.isFinite(p.x))
        .every((p) => p.x === n.minimumSafeRate),
    ).toBe(true);
  });

  test('one row computed live, k = 1.3, matches the map’s row', async () => {
    const { shown } = await run('map-row');
    const table = shown.find(Array.isArray) as { regime: string; η: number; 'last loss ÷ L_ref': number }[];
    const cells = row(1.3);
    expect(table.map((r) => r.regime)).toEqual(cells.map((c) => c.regime));
    table.forEach((r, i) => {
      if (cells[i].regime !== 'diverges')
        expect(relative(r['last loss ÷ L_ref'], cells[i].finalLoss / n.referenceLoss)).toBeLessThan(1e-12);
    });
  });
});

// ------------------------------------------------------------------------------------ the regimes in training

describe('the regimes in training', () => {
  const rep = (regime: string) => n.representatives.find((c) => c.regime === regime)!;

  test('one run per regime, from the rows the caption names', () => {
    expect(n.representatives.map((c) => [c.regime, c.k])).toEqual([
      ['crawls', 1.5],
      ['freezes', 1.5],
      ['trains', 1],
      ['bounces', 1],
      ['diverges', 1],
    ]);
    for (const c of n.representatives) {
      const first = row(c.k).find((q) => q.regime === c.regime)!;
      expect(first.learningRate).toBe(c.learningRate);
    }
    const series = new Set(pointsOf(figures.regimeLosses as PlotOptions).map((p) => p.series));
    expect([...series].map((label) => label.split(' ')[0])).toEqual([
      'crawls',
      'freezes',
      'trains',
      'bounces',
    ]);
  });

  test('the crawling run starts at ½‖1.5^L·I − A‖² and is still far above L_ref', () => {
    expect(relative(n.crawlFirst * n.referenceLoss, lossOfEqualLayers(identity(n.width, 1.5)))).toBeLessThan(
      CLOSE,
    );
    expect(n.crawlLast).toBe(rep('crawls').run.history.loss[n.steps - 1] / n.referenceLoss);
    expect(n.crawlLast).toBeGreaterThan(1);
    expect(n.crawlLast).toBeLessThan(n.crawlFirst);
  });

  test('the run that trains ends below a twentieth of L_ref; the bouncing one hovers below it', () => {
    expect(n.trainsLast).toBeLessThan(n.trainedBelow);
    const half = Array.from(rep('bounces').run.history.loss.slice(n.steps / 2)).sort((a, b) => a - b);
    expect(n.bounceTypical).toBe(half[half.length / 2] / n.referenceLoss);
    expect(n.bounceTypical).toBeLessThan(1);
    expect(n.bounceTypical).toBeGreaterThan(n.trainedBelow);
  });

  test('the diverging run overflows after two last finite losses far apart', () => {
    const { history, stopped } = rep('diverges').run;
    expect(stopped.reason).toBe('non-finite');
    expect(n.divergedAtStep).toBe(stopped.step);
    expect(history.loss).toHaveLength(n.divergedAtStep - 1);
    expect(n.divergedBeforeLast).toBe(history.loss.at(-2)! / n.referenceLoss);
    expect(n.divergedLast).toBe(history.loss.at(-1)! / n.referenceLoss);
    expect(n.divergedLast).toBeGreaterThan(1e10 * n.divergedBeforeLast);
  });

  test('the heatmaps are the frozen run and the run that trains, on one colour scale', () => {
    expect(figures.frozenLabel).toMatch(/^freezes \(k = 1\.5/);
    expect(figures.trainsLabel).toMatch(/^trains \(k = 1,/);
  });
});

// ---------------------------------------------------------------------------------------- unnormalised inputs

describe('unnormalised inputs', () => {
  test('least squares: λ_max is the top eigenvalue of (1/m)·X·Xᵀ, and grows exactly 100-fold', () => {
    expect(n.inputScale).toBe(10);
    for (const factor of [1, n.inputScale]) {
      expect(relative(n.regressionCurvature(factor), n.regressionCurvatureClosedForm(factor))).toBeLessThan(
        1e-6,
      );
    }
    expect(relative(n.regressionGrowth, n.inputScale ** 2)).toBeLessThan(1e-6);
  });

  test('the table’s rows, and the growths the prose names', () => {
    expect(n.inputCases.map((c) => c.curvatureGrowth)).toEqual([
      n.regressionGrowth,
      n.lessonGrowth,
      n.reluGrowth,
      n.tanhGrowth,
    ]);
    for (const c of n.inputCases) expect(c.curvatureGrowth).toBe(c.curvature[1] / c.curvature[0]);
    // "close to 100-fold" for the lesson's and the ReLU network, far from it for tanh.
    for (const growth of [n.lessonGrowth, n.reluGrowth]) {
      expect(growth).toBeGreaterThan(50);
      expect(growth).toBeLessThan(100);
    }
    expect(n.tanhGrowth).toBeLessThan(2);
  });

  test('the lesson’s network keeps its gradient ratio exactly (k = 1: every δ the same size); ReLU nearly', () => {
    expect(n.inputCases[1].deltaRatio).toEqual([1, 1]);
    const [before, after] = n.inputCases[2].deltaRatio;
    expect(Math.abs(after / before - 1)).toBeLessThan(0.05);
  });

  test('the tanh network saturates its first layer and its early gradient shrinks', () => {
    expect(n.saturationThreshold).toBe(0.99);
    const net = mlp({ sizes: [8, 16, 16, 16, 1], activation: 'tanh', init: 'lecunNormal', seed: 2 });
    const W = net.params[0].value;
    const b = net.params[1].value;
    const saturated = (factor: number) => {
      const { x } = n.teacherData(factor);
      const z = matmul(W, x);
      let count = 0;
      for (let i = 0; i < z.rows; i++)
        for (let j = 0; j < z.cols; j++)
          if (Math.abs(Math.tanh(z.data[i * z.cols + j] + b.data[i])) > 0.99) count++;
      return count / z.data.length;
    };
    expect(n.tanhSaturated).toBe(saturated(1));
    expect(n.tanhSaturatedScaled).toBe(saturated(n.inputScale));
    expect(n.tanhSaturatedScaled).toBeGreaterThan(20 * n.tanhSaturated);
    expect(n.tanhDeltaRatio).toBe(n.inputCases[3].deltaRatio[0]);
    expect(n.tanhDeltaRatioScaled).toBe(n.inputCases[3].deltaRatio[1]);
    expect(n.tanhDeltaRatioScaled).toBeLessThan(n.tanhDeltaRatio / 2);
  });
});

// ------------------------------------------------------------------------------------------------------ Adam

describe('Adam rescales the step, not the gradient', () => {
  test('Adam’s ε and the sigmoid network’s shape', () => {
    expect(n.adamEpsilon).toBe(ADAM_DEFAULTS.epsilon);
    expect(n.adamEpsilon).toBe(1e-8);
    expect([n.sigmoidDepth, n.sigmoidWidth]).toEqual([20, 16]);
  });

  test('each optimizer’s first step per layer matches its closed form on the gradient at the start', () => {
    // A step is measured as (weight after) − (weight before), which float64 resolves to half a unit in the last place
    // of a weight (|w| < 2 here, so at most 2⁻⁵³): SGD's steps in the first layers are only a few hundred of those.
    n.sgdFirstStep.forEach((v, l) => {
      const resolution = 2 ** -53 / (n.sigmoidSgdRate * n.sgdFirstStepClosedForm[l]);
      expect(relative(v, n.sgdFirstStepClosedForm[l])).toBeLessThan(1e-9 + resolution);
    });
    n.adamFirstStep.forEach((v, l) => expect(relative(v, n.adamFirstStepClosedForm[l])).toBeLessThan(1e-9));
    expect(n.sgdFirstLayer).toBe(n.sgdFirstStep[0]);
    expect(n.sgdLastLayer).toBe(n.sgdFirstStep[n.sigmoidDepth - 1]);
    expect(n.adamFirstLayer).toBe(n.adamFirstStep[0]);
    expect(n.sgdLastLayer / n.sgdFirstLayer).toBeGreaterThan(1e10);
  });

  test('Adam moves the top layers by η, and layers 1 … adamHalfLayer by less than half of it', () => {
    for (let l = n.adamHalfLayer; l < n.sigmoidDepth; l++)
      expect(n.adamFirstStep[l]).toBeGreaterThanOrEqual(0.5);
    expect(n.adamFirstStep[n.adamHalfLayer - 1]).toBeLessThan(0.5);
    expect(n.adamFirstStep[n.sigmoidDepth - 1]).toBeGreaterThan(0.999);
    expect(n.firstLayerGradientEntry).toBe(n.sgdFirstStepClosedForm[0]);
    expect(n.firstLayerGradientEntry).toBeLessThan(n.adamEpsilon / 100);
  });

  test('the map’s rows k = 1.5 and 0.5 under Adam, named by the text’s rule', () => {
    const rowUp = n.learningRates.map((rate) => {
      const { history, stopped } = fit(n.network(1.5), n.data, {
        optimizer: adam({ learningRate: rate }),
        steps: n.steps,
      });
      return {
        rate,
        regime: regimeByTheText(history.loss, history.gradNorm, stopped.reason === 'non-finite'),
        last: history.loss.at(-1)!,
      };
    });
    expect(rowUp.map((c) => c.regime)).toEqual(n.adamRows[0].cells.map((c) => c.regime));
    expect(n.adamLargestStableUp).toBe(
      Math.max(...rowUp.filter((c) => c.regime !== 'diverges').map((c) => c.rate)),
    );
    expect(n.adamLargestStableUp).toBeGreaterThan(100 * n.largestStableUp);
    expect(n.adamTrainsUp).toBe(false);
    expect(
      relative(
        n.adamBestUp,
        Math.min(...rowUp.filter((c) => c.regime !== 'diverges').map((c) => c.last)) / n.referenceLoss,
      ),
    ).toBeLessThan(1e-12);
    expect(n.adamTrainsDown).toBe(false);
    expect(n.adamTrainsOne).toBe(true);
    expect(n.adamBestDown).toBeGreaterThan(n.trainedBelow);
  });
});

// ---------------------------------------------------------------------------------------------------- warmup

describe('warmup', () => {
  test('the setup the prose describes', () => {
    expect([
      n.warmupDepth,
      n.warmupWidth,
      n.warmupBatch,
      n.warmupSamples,
      n.warmupRate,
      n.warmupSteps,
      n.warmupTail,
      n.laterStep,
    ]).toEqual([12, 12, 16, 128, 0.03, 40, 20, 50]);
    expect(n.warmupSeeds).toBe(n.warmupPairs.length);
  });

  test('predicting the standardised targets’ mean scores ½', () => {
    expect(n.warmupMeanLoss).toBeCloseTo(0.5, 12);
  });

  test('Adam’s first step moves a typical weight by η, its fiftieth by a fraction of it', () => {
    // At step 1 each weight moves by η·|g|/(|g| + ε): 1 up to ε over the gradient.
    expect(Math.abs(n.adamStepAtFirst - 1)).toBeLessThan(1e-4);
    expect(n.adamStepLater).toBe(n.warmupPairs[0].without.stepSize[n.laterStep - 1] / n.warmupRate);
    expect(n.adamStepLater).toBeLessThan(0.2);
  });

  test('the end losses, and on how many seeds warmup ended lower', () => {
    expect(n.warmupEndWithout).toBe(n.warmupPairs[0].without.endLoss);
    expect(n.warmupEndWith).toBe(n.warmupPairs[0].with.endLoss);
    const tail = n.warmupPairs[0].with.loss.slice(-n.warmupTail);
    expect(relative(n.warmupEndWith, tail.reduce((s, v) => s + v, 0) / n.warmupTail)).toBeLessThan(1e-12);
    expect(n.warmupWins).toBe(n.warmupPairs.filter((p) => p.with.endLoss < p.without.endLoss).length);
    expect(n.warmupEndWith).toBeLessThan(n.warmupEndWithout);
  });

  test('with a warmup, plain gradient descent no longer freezes in most frozen cells; the vanishing row still crawls', () => {
    const warmed = (k: number, rate: number) => {
      const { history, stopped } = fit(n.network(k), n.data, {
        optimizer: sgd({ learningRate: warmupSchedule({ learningRate: rate, warmupSteps: n.warmupSteps }) }),
        steps: n.steps,
      });
      return regimeByTheText(history.loss, history.gradNorm, stopped.reason === 'non-finite');
    };
    const frozen = n.cells.filter((c) => c.regime === 'freezes');
    const regimes = frozen.map((c) => warmed(c.k, c.learningRate));
    expect(regimes).toEqual(n.warmedFrozen.map((c) => c.regime));
    expect(n.frozenRescued).toBe(regimes.filter((r) => r !== 'freezes').length);
    expect(n.frozenNowTrain).toBe(regimes.filter((r) => r === 'trains').length);
    expect(n.frozenRescued).toBeGreaterThan(frozen.length / 2);
    expect(n.frozenNowTrain).toBeGreaterThan(0);
    expect(n.warmedVanishingTrains).toBe(false);
    expect(n.learningRates.map((rate) => warmed(0.5, rate))).toEqual(n.warmedVanishing);
  });

  test('after its warmup the k = 1.3 network’s curvature has come down far below the full step’s limit', () => {
    expect(n.warmedScale).toBe(1.3);
    expect(n.warmedFrozen.find((c) => c.k === n.warmedScale)!.regime).toBe('trains');
    expect(n.warmedRate).toBe(n.cells.find((c) => c.k === 1.3 && c.regime === 'freezes')!.learningRate);
    expect(n.warmedStartSafeRate).toBe(n.startCurve.find((p) => p.k === 1.3)!.safeRate);
    expect(n.warmedStartSafeRate).toBeLessThan(n.warmedRate / 10);
    const net = n.network(n.warmedScale);
    fit(net, n.data, {
      optimizer: sgd({
        learningRate: warmupSchedule({ learningRate: n.warmedRate, warmupSteps: n.warmupSteps }),
      }),
      steps: n.warmupSteps,
    });
    const { vector } = largestHessianEigenvalue(net, n.data, { maxIterations: 300, returnVector: true });
    expect(relative(2 / curvatureAlong(net, n.data, vector!), n.warmedSafeRate)).toBeLessThan(1e-4);
    expect(n.warmedSafeRate).toBeGreaterThan(10 * n.warmedRate);
  });

  test('the example trains the same two runs', async () => {
    const { logged } = await run('warmup');
    const text = logged.map((args) => args.join(' ')).join('\n');
    expect(Number(/no warmup: mean loss over the last 20 steps ([\d.]+)/.exec(text)![1])).toBeCloseTo(
      n.warmupEndWithout,
      3,
    );
    expect(
      Number(/warmup over 40 steps: mean loss over the last 20 steps ([\d.]+)/.exec(text)![1]),
    ).toBeCloseTo(n.warmupEndWith, 3);
  });
});

// --------------------------------------------------------------------------------------------------- exercise

describe('the exercise', () => {
  test('without bias correction, Adam’s first step would be (1 − β₁)/√(1 − β₂) times η', () => {
    expect(n.uncorrectedFirstStep).toBeCloseTo(0.1 / Math.sqrt(0.001), 12);
  });
});

// ------------------------------------------------------------------------- the constants the prose writes

describe('the constants the prose writes in TeX', () => {
  test('k = 1.5, 1 and 0.5 are the starts the numbers use', () => {
    expect(n.firstStepScales).toEqual([0.5, 1, 1.5]);
    expect(n.adamRows.map((r) => r.k)).toEqual([1.5, 1, 0.5]);
    expect(n.representativeRows).toEqual({ crawls: 1.5, freezes: 1.5, trains: 1, bounces: 1, diverges: 1 });
  });

  test('whitening is what the numbers do to the inputs', () => {
    const again = whiten(n.data.x);
    again.data.forEach((v, i) => expect(Math.abs(v - n.data.x.data[i])).toBeLessThan(1e-12));
    expect(
      symmetricEigen(scale(matmulTransB(n.data.x, n.data.x), 1 / n.samples)).values.every(
        (v) => Math.abs(v - 1) < 1e-12,
      ),
    ).toBe(true);
  });
});
