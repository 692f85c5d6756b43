/**
 * Every number in the lesson "Slopes of 0 and 1, gradients of any size: ReLU"
 * (content/3-forum-questions/relu-paths.mdx), checked against an independent computation: closed forms (powers,
 * path counts, the mean-field factors by a quadrature of this file's own), a forward and backward pass written
 * here with plain loops (not the engine's), dead units counted here from z, Monte Carlo estimates against their
 * closed forms within stated multiples of their standard errors, and the lesson's examples run and compared with
 * the prose.
 *
 * Tolerances: float64 computations of the same sums in another order agree to about 1e−15 relative (1e−12
 * allowed); Monte Carlo estimates must lie within 4 standard errors of their closed form; a sample standard
 * deviation of N near-Gaussian values has a relative standard error of about 1/√(2N), 5% at N = 200 (15% allowed).
 */
import {
  createRandom,
  fillNormal,
  meanFieldNetwork,
  zeros,
  type DenseLayer,
  type Matrix,
  type Network,
} from '@gradscope/core';
import { colorOfInitializer } from '@gradscope/charts';
import type { PlotOptions } from '@observablehq/plot';
import { describe, expect, test } from 'vitest';

import * as figures from '../../content/3-forum-questions/relu-paths/figures.ts';
import * as n from '../../content/3-forum-questions/relu-paths/numbers.ts';
import { colorsOf, pointsOf, relative, runExample } from '../support/claims.ts';

const RELATIVE = 1e-12;
const EXAMPLE_TIMEOUT = 120_000;

const run = (name: string) =>
  runExample(new URL(`../../content/3-forum-questions/relu-paths/${name}.ts`, import.meta.url));

// ------------------------------------------------------------ a forward and backward pass written with plain loops

const relu = (z: number) => (z > 0 ? z : 0);
const reluSlope = (z: number) => (z > 0 ? 1 : 0);
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const sigmoidSlope = (z: number) => sigmoid(z) * (1 - sigmoid(z));

/** z^[l] for every layer (rows × cols, row-major), reading W and b from the network's dense layers. */
function handForward(net: Network, X: Matrix, g: (z: number) => number, output = g): Float64Array[] {
  const zs: Float64Array[] = [];
  let a = Float64Array.from(X.data);
  const m = X.cols;
  net.layers.forEach((layer, l) => {
    const { W, b } = layer as DenseLayer;
    const [rows, cols] = [W.value.rows, W.value.cols];
    const z = new Float64Array(rows * m);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < m; j++) {
        let sum = b ? b.value.data[i] : 0;
        for (let k = 0; k < cols; k++) sum += W.value.data[i * cols + k] * a[k * m + j];
        z[i * m + j] = sum;
      }
    }
    zs.push(z);
    const f = l === net.layers.length - 1 ? output : g;
    a = z.map(f);
  });
  return zs;
}

/** ‖δ^[l]‖² for every layer, backpropagating dOutput = ∂L/∂a^[L] by hand. */
function handBackward(
  net: Network,
  X: Matrix,
  dOutput: Matrix,
  g: (z: number) => number,
  slope: (z: number) => number,
): number[] {
  const zs = handForward(net, X, g);
  const m = X.cols;
  const L = net.layers.length;
  let delta = zs[L - 1].map((z, i) => dOutput.data[i] * slope(z));
  const squares = new Array<number>(L);
  squares[L - 1] = delta.reduce((s, v) => s + v * v, 0);
  for (let l = L - 2; l >= 0; l--) {
    const W = (net.layers[l + 1] as DenseLayer).W.value;
    const next = new Float64Array(W.cols * m);
    for (let k = 0; k < W.cols; k++) {
      for (let j = 0; j < m; j++) {
        let sum = 0;
        for (let i = 0; i < W.rows; i++) sum += W.data[i * W.cols + k] * delta[i * m + j];
        next[k * m + j] = sum * slope(zs[l][k * m + j]);
      }
    }
    delta = next;
    squares[l] = delta.reduce((s, v) => s + v * v, 0);
  }
  return squares;
}

/** The units of each hidden layer with z ≤ 0 for every example, counted here from z. */
function deadByHand(net: Network, X: Matrix, hidden: number): number[] {
  const zs = handForward(net, X, relu, (z) => z);
  return zs.slice(0, hidden).map((z) => {
    const rows = z.length / X.cols;
    let dead = 0;
    for (let i = 0; i < rows; i++) {
      let off = true;
      for (let j = 0; j < X.cols; j++) if (z[i * X.cols + j] > 0) off = false;
      if (off) dead++;
    }
    return dead / rows;
  });
}

/** E[f(z)] for z ~ N(0, q), by the trapezoid rule on ±12 standard deviations (errors far below 1e−10 here). */
function gaussian(f: (z: number) => number, q: number): number {
  const h = 1e-3;
  let sum = 0;
  for (let t = -12; t <= 12; t += h) sum += f(Math.sqrt(q) * t) * Math.exp((-t * t) / 2);
  return (sum * h) / Math.sqrt(2 * Math.PI);
}

// ------------------------------------------------------------------------------------------------- set-up

describe('the set-ups the prose describes are the ones computed', () => {
  test('the figure: networks, width, depth and batch', () => {
    expect(String(figures.gradientChart.caption)).toContain(`mean over ${n.figureSeeds} networks`);
    expect(n.figureMeasurements[0].backward.estimate).toHaveLength(n.figureDepth);
    expect(n.sigmoidCase.X.rows).toBe(n.figureWidth);
    expect(n.sigmoidCase.X.cols).toBe(n.figureBatch);
    expect(n.sigmoidCase.net.layers).toHaveLength(n.figureDepth);
  });

  test('the training runs: data, widths, steps and learning rates', () => {
    expect(n.trainingData.x.cols).toBe(n.trainSamples);
    const net = n.student('heNormal');
    expect(net.layers).toHaveLength(n.trainDepth);
    expect(net.layers.slice(0, -1).every((layer) => layer.outputSize === n.trainWidth)).toBe(true);
    expect(n.runs['He normal'].loss).toHaveLength(n.trainSteps);
    expect(n.large.history.learningRate[0]).toBe(n.largeRate);
    expect(n.runs['He normal'].learningRate[0]).toBe(n.goodRate);
    expect(n.spreads.map((s) => s.logs.length)).toEqual([n.spreadSeeds, n.spreadSeeds, n.spreadSeeds]);
  });
});

// ---------------------------------------------------------------------------------------- what ReLU fixed

describe('what ReLU fixed', () => {
  test('the sigmoid’s slope is at most 1/4, reached at z = 0', () => {
    let largest = 0;
    for (let z = -10; z <= 10; z += 1e-3) largest = Math.max(largest, sigmoidSlope(z));
    expect(n.sigmoidSlopeBound).toBe(0.25);
    expect(Math.abs(largest - n.sigmoidSlopeBound)).toBeLessThan(1e-12);
  });

  test('χ₁ is 0.056 for sigmoid with σ_w² = 1, 1/2 and 1 for ReLU with σ_w² = 1 and 2', () => {
    // Sigmoid: iterate q ← E[σ(z)²] to its fixed point, then χ₁ = E[σ'(z)²] there (σ_w² = 1, no bias).
    let q = 1;
    for (let i = 0; i < 200; i++) q = gaussian((z) => sigmoid(z) ** 2, q);
    const chi = gaussian((z) => sigmoidSlope(z) ** 2, q);
    expect(Math.abs(n.chiSigmoidXavier - chi)).toBeLessThan(1e-8);
    // ReLU: E[relu'(z)²] = 1/2 at every variance.
    expect(gaussian((z) => reluSlope(z) ** 2, 3.7)).toBeCloseTo(0.5, 3);
    expect(n.chiReluXavier).toBe(0.5);
    expect(n.chiReluHe).toBe(1);
  });

  test('one 30-layer sigmoid network keeps almost nothing of the gradient: the hand backward pass agrees', () => {
    const { net, X, dOutput } = n.sigmoidCase;
    const squares = handBackward(net, X, dOutput, sigmoid, sigmoidSlope);
    expect(relative(n.sigmoidFirstLayer, squares[0] / squares[n.figureDepth - 1])).toBeLessThan(1e-9);
    // Near the mean-field product of 29 factors of about χ₁ (within a factor of 100 over 29 layers: 17% per layer).
    const meanField = n.chiSigmoidXavier ** (n.figureDepth - 1);
    expect(n.sigmoidFirstLayer / meanField).toBeGreaterThan(0.01);
    expect(n.sigmoidFirstLayer / meanField).toBeLessThan(100);
    expect(n.sigmoidFirstLayer).toBeLessThan(1e-30);
  });
});

// --------------------------------------------------------------------- the weights are in the product too

describe('a ReLU network of k·I on a positive input is the lecture’s network', () => {
  test('its output is k^L·x exactly, the same as without activations', () => {
    expect(n.identityScale).toBe(1.5);
    expect(n.reluIdentityOutput).toBe(n.identityScale ** n.identityDepth); // 3^20 < 2^53: exact
    expect(n.reluIdentityVsLinear).toBe(0);
  });

  test('its first layer’s gradient is k^(L−1) times the last layer’s, with every slope equal to 1', () => {
    expect(relative(n.reluIdentityRatio, n.identityScale ** (n.identityDepth - 1))).toBeLessThan(RELATIVE);
  });

  test(
    'identity-weights prints the same output for the ReLU and the linear network',
    async () => {
      const { logged, shown } = await run('identity-weights');
      expect(logged[0][1]).toEqual([n.reluIdentityOutput, n.reluIdentityOutput]);
      expect(logged[1][1]).toEqual([n.reluIdentityOutput, n.reluIdentityOutput]);
      const first = pointsOf(shown[0] as PlotOptions).filter((p) => p.x === 1);
      for (const p of first) expect(relative(p.y, n.reluIdentityRatio)).toBeLessThan(RELATIVE);
    },
    EXAMPLE_TIMEOUT,
  );
});

// ----------------------------------------------------------------------------------------- two paths

describe('the gradient of w[1]11 is a sum over its two paths', () => {
  const { W1, W2, W3 } = n.twoPathWeights;
  const x = n.twoPathInput;
  const z1 = W1.map((row) => row[0] * x[0] + row[1] * x[1]);
  const a1 = z1.map(relu);
  const z2 = W2.map((row) => row[0] * a1[0] + row[1] * a1[1]);
  const o = W3[0][0] * relu(z2[0]) + W3[0][1] * relu(z2[1]);

  test('the input written in the lesson’s math is the one the numbers use', () => {
    expect([...n.twoPathInput]).toEqual([1, 0.5]); // the MDX writes x = (1, 0.5)ᵀ
    expect(n.twoPathTarget).toBe(1);
  });

  test('every hidden unit is on, o and ∂l/∂o = o − y are as computed by hand', () => {
    for (const z of [...z1, ...z2]) expect(z).toBeGreaterThan(0);
    expect(relative(n.twoPathOutput, o)).toBeLessThan(RELATIVE);
    expect(relative(n.twoPathLossSlope, o - n.twoPathTarget)).toBeLessThan(RELATIVE);
  });

  test('each path is ∂l/∂o · w[3] · w[2] · x₁ (slopes 1), and they have opposite signs', () => {
    const dl = o - n.twoPathTarget;
    expect(relative(n.pathThroughFirst, dl * W3[0][0] * W2[0][0] * x[0])).toBeLessThan(RELATIVE);
    expect(relative(n.pathThroughSecond, dl * W3[0][1] * W2[1][0] * x[0])).toBeLessThan(RELATIVE);
    expect(Math.sign(n.pathThroughFirst)).toBe(-Math.sign(n.pathThroughSecond));
  });

  test('their sum is the backward pass’s dW[1]11, and the centred finite difference of the loss', () => {
    expect(relative(n.pathTotal, n.pathThroughFirst + n.pathThroughSecond)).toBeLessThan(RELATIVE);
    expect(relative(n.backpropGradient, n.pathTotal)).toBeLessThan(1e-14);
    const loss = (w: number) => {
      const h1 = [relu(w * x[0] + W1[0][1] * x[1]), a1[1]];
      const h2 = W2.map((row) => relu(row[0] * h1[0] + row[1] * h1[1]));
      return 0.5 * (W3[0][0] * h2[0] + W3[0][1] * h2[1] - n.twoPathTarget) ** 2;
    };
    const e = 1e-6;
    const numeric = (loss(W1[0][0] + e) - loss(W1[0][0] - e)) / (2 * e);
    expect(relative(n.pathTotal, numeric)).toBeLessThan(1e-8);
  });

  test(
    'two-paths shows the two products and prints their sum and the backward pass',
    async () => {
      const { shown, logged } = await run('two-paths');
      const rows = shown[0] as { product: number }[];
      expect(rows.map((r) => r.product)).toEqual([n.pathThroughFirst, n.pathThroughSecond]);
      expect(logged[0][1]).toBe(n.pathTotal);
      expect(logged[1][1]).toBe(n.backpropGradient);
    },
    EXAMPLE_TIMEOUT,
  );
});

describe('many paths', () => {
  test('4^18 paths of product 0.5^19 add up to 2^17, the backward pass’s gradient', () => {
    expect(n.manyPathCount).toBe(n.manyWidth ** (n.manyDepth - 2));
    expect(n.manyPathCount).toBe(4 ** 18);
    expect(n.manyWeight).toBe(0.5);
    expect(n.manyPathProduct).toBe(n.manyWeight ** (n.manyDepth - 1));
    expect(n.manyPathProduct).toBe(0.5 ** 19);
    expect(n.manyGradient).toBe(2 ** 17); // sums of powers of two: exact in float64
    expect(n.manyGradient).toBe(n.manyPathCount * n.manyPathProduct);
    expect(n.manyLayerFactor).toBe(2);
  });

  test(
    'many-paths prints the same count, product and gradient',
    async () => {
      const { logged } = await run('many-paths');
      expect(logged.map((args) => args[1])).toEqual([
        n.manyPathCount,
        n.manyPathProduct,
        n.manyGradient,
        n.manyGradient,
      ]);
    },
    EXAMPLE_TIMEOUT,
  );
});

// ----------------------------------------------------------------------- Xavier halves, He keeps, more explodes

describe('the mean square changes by σ_w²/2 per layer', () => {
  test('the constants: 1.5 × He is σ_w² = 3, and the prediction’s depth is the figure’s', () => {
    expect(n.bigVarianceFactor).toBe(1.5);
    expect(n.bigWeightVariance).toBe(3);
    expect(n.predictDepth).toBe(n.figureDepth);
    expect(n.figureBars).toBe(3 * (n.figureDepth - 1));
  });

  test('Xavier’s E[a²] shrinks by 2^−30 over 30 layers; σ_w² = 2.2 grows it by 1.1^30', () => {
    expect(n.xavierShrink).toBe(2 ** -n.predictDepth);
    expect(n.xavierShrink).toBeGreaterThan(1e-10); // "about one billionth"
    expect(n.xavierShrink).toBeLessThan(1e-8);
    expect(relative(n.nearHeGrowth, (n.nearHeWeightVariance / 2) ** n.predictDepth)).toBeLessThan(RELATIVE);
  });

  test('the first-layer means lie within 4 standard errors of (σ_w²/2)^(L−1)', () => {
    expect(n.xavierFirstLayerTheory).toBe(0.5 ** (n.figureDepth - 1));
    expect(relative(n.bigFirstLayerTheory, 1.5 ** (n.figureDepth - 1))).toBeLessThan(RELATIVE);
    for (const [estimate, error, theory] of [
      [n.xavierFirstLayer, n.xavierFirstLayerError, n.xavierFirstLayerTheory],
      [n.heFirstLayer, n.heFirstLayerError, 1],
      [n.bigFirstLayer, n.bigFirstLayerError, n.bigFirstLayerTheory],
      [n.xavierForwardLast, n.xavierForwardLastError, n.xavierShrink],
    ]) {
      expect(error).toBeGreaterThan(0);
      expect(Math.abs(estimate - theory)).toBeLessThan(4 * error);
    }
  });

  test('the figure says how many of its bars cover their line, and that is the prose’s count', () => {
    const description = String(figures.gradientChart.ariaDescription);
    const covered = [...description.matchAll(/(\d+) of (\d+) bars/g)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    expect(covered).toHaveLength(3);
    expect(covered.reduce((s, [c]) => s + c, 0)).toBe(n.figureBarsCovering);
    expect(covered.reduce((s, [, t]) => s + t, 0)).toBe(n.figureBars);
    expect(n.figureBarsCovering).toBeGreaterThan(0.85 * n.figureBars); // ± 2 SE: about 95% expected
  });

  test('the figure colours its series by initializer', () => {
    const colors = colorsOf(figures.gradientChart);
    expect(colors['Xavier normal']).toBe(colorOfInitializer('xavierNormal'));
    expect(colors['He normal']).toBe(colorOfInitializer('heNormal'));
  });

  test(
    'variance-by-depth prints Xavier’s exact factor and draws each initializer in the figure’s colour',
    async () => {
      const { logged, shown } = await run('variance-by-depth');
      expect(String(logged[0][0])).toContain(`is ${n.xavierShrink} ×`);
      const example = colorsOf(shown[0] as PlotOptions);
      const figure = colorsOf(figures.gradientChart);
      for (const label of ['Xavier normal', 'He normal']) expect(example[label]).toBe(figure[label]);
    },
    EXAMPLE_TIMEOUT,
  );
});

// ----------------------------------------------------------------------------------------------- dead units

describe('dead units', () => {
  const hidden = n.trainDepth - 1;

  test('at He initialization, the dead units counted here from z are the lesson’s', () => {
    const byHand = deadByHand(n.student('heNormal'), n.trainingData.x, hidden);
    expect(n.deadAtInit).toEqual(byHand);
    expect(n.deadAtInitMax).toBe(Math.max(...byHand));
    expect(n.deadAtInitLayers).toBe(byHand.filter((f) => f > 0).length);
  });

  test('the examples grow more alike with depth: mean pairwise correlation of z near 0 at layer 1, near 1 deep', () => {
    // The mean pairwise cosine from the norm of the sum of unit columns: (‖Σ u‖² − m) / (m(m − 1)).
    const zs = handForward(n.student('heNormal'), n.trainingData.x, relu, (z) => z);
    const m = n.trainingData.x.cols;
    const meanCorrelation = (z: Float64Array) => {
      const rows = z.length / m;
      const sum = new Float64Array(rows);
      for (let j = 0; j < m; j++) {
        let norm = 0;
        for (let i = 0; i < rows; i++) norm += z[i * m + j] ** 2;
        for (let i = 0; i < rows; i++) sum[i] += z[i * m + j] / Math.sqrt(norm);
      }
      return (sum.reduce((s, v) => s + v * v, 0) - m) / (m * (m - 1));
    };
    expect(Math.abs(n.initCorrelationFirst - meanCorrelation(zs[0]))).toBeLessThan(1e-12);
    expect(Math.abs(n.initCorrelationLast - meanCorrelation(zs[hidden - 1]))).toBeLessThan(1e-12);
    expect(Math.abs(n.initCorrelationFirst)).toBeLessThan(0.05);
    expect(n.initCorrelationLast).toBeGreaterThan(0.8);
  });

  test('after training at η = 0.03 the dead units are few; at η = 0.3 one whole layer is dead', () => {
    expect(relative(n.largeRate / n.goodRate, 10)).toBeLessThan(1e-12);
    const good = deadByHand(n.trained[1].net, n.trainingData.x, hidden);
    expect(n.deadAfterGoodMax).toBe(Math.max(...good));
    expect(n.deadAfterGoodMax).toBeLessThan(0.5);
    const large = deadByHand(n.large.net, n.trainingData.x, hidden);
    expect(n.deadAfterLarge).toEqual(large);
    expect(n.largeDeadLayer).toBe(large.indexOf(1) + 1);
    expect(n.largeDeadLayer).toBeGreaterThan(0);
  });

  test('the dead layer first shows at the step the prose names, and no layer died before it', () => {
    const { activationRmsByLayer, recordedSteps } = n.large.history;
    const K = recordedSteps.length;
    const t = recordedSteps.indexOf(n.largeDeathStep);
    expect(t).toBeGreaterThan(0);
    expect(activationRmsByLayer.data[(n.largeDeadLayer - 1) * K + t]).toBe(0);
    for (let l = 0; l < hidden; l++) expect(activationRmsByLayer.data[l * K + t - 1]).toBeGreaterThan(0);
  });

  test('every layer up to the one above the dead layer gets a zero gradient, the others do not', () => {
    expect(n.largeZeroGradientLayers).toBe(n.largeDeadLayer + 1);
    n.largeGradients.forEach((g, l) => {
      if (l + 1 <= n.largeDeadLayer + 1) expect(g).toBe(0);
      else expect(g).toBeGreaterThan(0);
    });
  });

  test('the network then predicts the targets’ mean: its loss is half their variance', () => {
    const y = Array.from(n.trainingData.y.data);
    const mean = y.reduce((s, v) => s + v, 0) / y.length;
    const halfVariance = y.reduce((s, v) => s + (v - mean) ** 2, 0) / (2 * y.length);
    expect(relative(n.meanPredictorLoss, halfVariance)).toBeLessThan(RELATIVE);
    expect(relative(n.largeLossEnd, n.meanPredictorLoss)).toBeLessThan(1e-9);
  });

  test('the leaky ReLU’s slope for z ≤ 0 is a centred difference of its values there', () => {
    const g = (z: number) => (z > 0 ? z : n.leakySlope * z);
    expect(n.leakySlope).toBeGreaterThan(0);
    expect(n.leakySlope).toBeLessThan(1);
    expect(relative((g(-1 + 1e-6) - g(-1 - 1e-6)) / 2e-6, n.leakySlope)).toBeLessThan(1e-8);
  });

  test(
    'dead-units trains the same network and prints the same loss and zero-gradient layers',
    async () => {
      const { logged } = await run('dead-units');
      expect(logged[0][1]).toBe(n.largeLossEnd);
      expect(logged[1][1]).toEqual(Array.from({ length: n.largeZeroGradientLayers }, (_, i) => i + 1));
    },
    EXAMPLE_TIMEOUT,
  );
});

// ---------------------------------------------------------------------------- mean square is not typical

describe('the spread of one network’s gradient', () => {
  test('the typical per-layer factor is about e^(−5/(4n)); E[R²]/E[R]² is (1 + 5/n)^(L−1)', () => {
    expect(n.typicalWidthSmall).toBe(16);
    expect(n.typicalWidthLarge).toBe(64);
    for (const [width, typical] of [
      [n.typicalWidthSmall, n.typicalPerLayerSmall],
      [n.typicalWidthLarge, n.typicalPerLayerLarge],
    ]) {
      // The asymptotic form is off by O(1/n²) in the logarithm (about 2.6/n² at n = 16).
      expect(Math.abs(Math.log(typical) + 5 / (4 * width))).toBeLessThan(4 / width ** 2);
    }
    const [, , narrow] = n.spreadCases;
    expect(relative(n.spreadNarrowSecondMoment, (1 + 5 / narrow.width) ** (narrow.depth - 1))).toBeLessThan(
      RELATIVE,
    );
  });

  test('the closed-form spreads are near √((L−1)·5/(4n)) in log₁₀', () => {
    const approximate = ({ depth, width }: { depth: number; width: number }) =>
      Math.sqrt(((depth - 1) * 5) / (4 * width)) / Math.LN10;
    const [a, b, c] = n.spreadCases;
    // At width 16 the 1/n² corrections to the variance 5/(4n) are about 15% of it; at 32 about 8%.
    expect(relative(n.spreadShallowTheory, approximate(a))).toBeLessThan(0.2);
    expect(relative(n.spreadWideTheory, approximate(b))).toBeLessThan(0.1);
    expect(relative(n.spreadNarrowTheory, approximate(c))).toBeLessThan(0.2);
  });

  test('the measured spreads agree with the closed forms, and the narrow deep networks spread wider', () => {
    expect(n.spreadSeeds).toBe(200);
    for (const [measured, theory] of [
      [n.spreadShallowStd, n.spreadShallowTheory],
      [n.spreadWideStd, n.spreadWideTheory],
      [n.spreadNarrowStd, n.spreadNarrowTheory],
    ]) {
      expect(relative(measured, theory)).toBeLessThan(0.15);
    }
    expect(relative(n.spreadWidening, n.spreadNarrowStd / n.spreadWideStd)).toBeLessThan(RELATIVE);
    expect(n.spreadWidening).toBeGreaterThan(1.5);
    const se = n.spreadNarrowStd / Math.sqrt(n.spreadSeeds);
    expect(Math.abs(n.spreadNarrowMean - n.spreadNarrowTheoryMean)).toBeLessThan(4 * se);
  });

  test('the narrow deep networks, recomputed here by hand, give the range and the share beyond tenfold', () => {
    const { depth, width } = n.spreadCases[2];
    const logs: number[] = [];
    for (let s = 1; s <= n.spreadSeeds; s++) {
      const net = meanFieldNetwork({
        activation: 'relu',
        weightVariance: 2,
        inputSize: width,
        width,
        depth,
        seed: s,
      });
      const random = createRandom(10_000 + s);
      const x = zeros(width, 1);
      fillNormal(x.data, random);
      const dOutput = zeros(width, 1);
      fillNormal(dOutput.data, random);
      const squares = handBackward(net, x, dOutput, relu, reluSlope);
      logs.push(Math.log10(Math.sqrt(squares[0] / squares[depth - 1])));
    }
    expect(relative(n.spreadNarrowSmallest, 10 ** Math.min(...logs))).toBeLessThan(1e-9);
    expect(relative(n.spreadNarrowLargest, 10 ** Math.max(...logs))).toBeLessThan(1e-9);
    expect(n.spreadThreshold).toBe(10);
    expect(n.spreadNarrowBeyondTenfold).toBe(logs.filter((v) => Math.abs(v) > 1).length / logs.length);
    const mean = logs.reduce((s, v) => s + v, 0) / logs.length;
    expect(Math.abs(mean - n.spreadNarrowMean)).toBeLessThan(1e-9);
  }, 60_000);

  test(
    'spread prints the closed-form spreads of the figure',
    async () => {
      const { logged } = await run('spread');
      n.spreads.forEach((s, i) => expect(String(logged[i][0])).toContain(s.theoryStd.toFixed(3)));
    },
    EXAMPLE_TIMEOUT,
  );
});

// ------------------------------------------------------------------------------------------------ training

describe('training', () => {
  const [xavier, he, double] = n.trainingCases.map((c) => n.runs[c.label]);

  test('each run’s first loss and first gradients are those of a fresh network, computed here by hand', () => {
    for (const [c, history] of [
      [n.trainingCases[0], xavier],
      [n.trainingCases[1], he],
      [n.trainingCases[2], double],
    ] as const) {
      const net = n.student(c.init);
      const zs = handForward(net, n.trainingData.x, relu, (z) => z);
      const y = n.trainingData.y.data;
      const out = zs.at(-1)!;
      const loss = out.reduce((s, v, i) => s + (v - y[i]) ** 2, 0) / (2 * y.length);
      expect(relative(history.loss[0], loss)).toBeLessThan(1e-9);
    }
    expect(n.xavierLossStart).toBe(xavier.loss[0]);
    expect(n.doubleLossStart).toBe(double.loss[0]);
    expect(n.xavierFirstGradient).toBe(n.gradNormAt(xavier, 1, 0));
    expect(n.heFirstGradient).toBe(n.gradNormAt(he, 1, 0));
    expect(n.doubleFirstGradient).toBe(n.gradNormAt(double, 1, 0));
  });

  test('He learns, Xavier stays near the mean predictor, twice He overflows within a few steps', () => {
    expect(n.heLossEnd).toBe(he.loss.at(-1));
    expect(n.heLossEnd).toBeLessThan(n.meanPredictorLoss / 5);
    expect(n.xavierLossEnd).toBe(xavier.loss.at(-1));
    expect(relative(n.xavierLossEnd, n.meanPredictorLoss)).toBeLessThan(0.05);
    expect(n.doubleLossStart).toBeGreaterThan(10 * n.meanPredictorLoss);
    expect(n.doubleStoppedAt).toBe(double.recordedSteps.length + 1);
    expect(n.doubleLossLargest).toBe(double.loss[n.doubleStoppedAt - 2]); // the loss at step doubleStoppedAt − 1
    expect(n.doubleLossLargest).toBeGreaterThan(1e100);
  });

  test('at twice He’s last recorded step one layer is dead: the layers up to the one above it get 0, the rest > 10^200', () => {
    const K = double.recordedSteps.length;
    expect(n.doubleLastStep).toBe(double.recordedSteps[K - 1]);
    expect(n.doubleLastStep).toBe(n.doubleStoppedAt - 1);
    const last = Array.from({ length: n.trainDepth }, (_, l) => double.gradNormsByLayer.data[l * K + K - 1]);
    expect(n.doubleZeroGradientLayers).toBe(n.doubleDeadLayer + 1);
    last.forEach((g, l) => {
      if (l + 1 <= n.doubleDeadLayer + 1) expect(g).toBe(0);
      else expect(g).toBeGreaterThan(1e200); // the prose writes 10^200
    });
    // The dead layer's activations are 0 for every unit and example; the layers below are not.
    const rms = (l: number) => double.activationRmsByLayer.data[(l - 1) * K + K - 1];
    expect(rms(n.doubleDeadLayer)).toBe(0);
    for (let l = 1; l < n.doubleDeadLayer; l++) expect(rms(l)).toBeGreaterThan(0);
    // Beyond the shared colour scale, as the caption says.
    expect(Math.min(...last.filter((g) => g > 0))).toBeGreaterThan(figures.heatmapRange[1]);
  });

  test('every layer’s weight gradient is alike at the first step: ‖dW[1]‖/‖dW[L]‖ near 1', () => {
    expect(n.xavierFirstStepRatio).toBe(n.gradNormAt(xavier, 1, 0) / n.gradNormAt(xavier, n.trainDepth, 0));
    expect(n.heFirstStepRatio).toBe(n.gradNormAt(he, 1, 0) / n.gradNormAt(he, n.trainDepth, 0));
    for (const ratio of [n.xavierFirstStepRatio, n.heFirstStepRatio]) {
      expect(ratio).toBeGreaterThan(0.3);
      expect(ratio).toBeLessThan(3);
    }
    expect(n.heFirstGradient / n.xavierFirstGradient).toBeGreaterThan(100);
  });

  test(
    'training draws the same three loss curves',
    async () => {
      const { shown, logged } = await run('training');
      const points = pointsOf(shown[0] as PlotOptions);
      const curve = (label: string) => points.filter((p) => p.series === label).sort((p, q) => p.x - q.x);
      for (const c of n.trainingCases.slice(0, 2)) expect(curve(c.label)[0].y).toBe(n.runs[c.label].loss[0]);
      expect(curve('He normal').at(-1)!.y).toBe(n.heLossEnd);
      // The third run is printed: the same losses, ending at the largest, one step before it stopped.
      const printed = logged.find((args) => String(args[0]).startsWith(n.trainingCases[2].label))!;
      expect(printed[1]).toEqual(Array.from(n.runs[n.trainingCases[2].label].loss));
      expect(Math.max(...(printed[1] as number[]))).toBe(n.doubleLossLargest);
    },
    EXAMPLE_TIMEOUT,
  );
});
