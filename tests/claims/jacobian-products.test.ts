/**
 * Every number in the lesson "Backprop as a product of Jacobians" (content/2-derivations/jacobian-products.mdx),
 * checked against a closed form or a computation that shares no code with the one in numbers.ts (arithmetic by
 * hand, centred differences of the forward pass, the backpropagated Jacobian instead of the rescaled product, our
 * own Gaussian integrals), against what the prose says about it, and against the output of the lesson's examples,
 * run here with stand-ins for the playground's `display` and `console.log`.
 *
 * Tolerances: where two float64 computations add the same products in another order they agree to a few units in
 * the last place, and 1e-12 leaves a wide margin. Comparisons with centred differences use 1e-6, the engine's own
 * gradient-check tolerance (the differences' error is of order ε² = 1e-10 relative).
 */
import {
  activation,
  column,
  createRandom,
  fixedInit,
  forward,
  get,
  heNormal,
  inputOutputJacobian,
  jacobianBounds,
  linearNetwork,
  lossAndGradients,
  mlp,
  numericGradient,
  predict,
  scaledIdentityInit,
  sigmoidMaxSlope,
  singularValues,
  toArray,
  SPECTRUM_SPREAD_DEFAULTS,
  type Matrix,
  type Network,
} from '@gradscope/core';
import { colorOfActivation } from '@gradscope/charts';
import type { PlotOptions } from '@observablehq/plot';
import { describe, expect, test } from 'vitest';

import exerciseCheck from '../../content/2-derivations/jacobian-products/tanh-layer-jacobian.check.ts';
import * as solution from '../../content/2-derivations/jacobian-products/tanh-layer-jacobian.solution.ts';
import * as starter from '../../content/2-derivations/jacobian-products/tanh-layer-jacobian.exercise.ts';
import * as figures from '../../content/2-derivations/jacobian-products/figures.ts';
import * as n from '../../content/2-derivations/jacobian-products/numbers.ts';
import { colorsOf, pointsOf, relative, runExample } from '../support/claims.ts';

const RELATIVE = 1e-12;

/** The lesson's example `name`.ts, run with stand-ins for the playground's display and console. */
const run = (name: string) =>
  runExample(new URL(`../../content/2-derivations/jacobian-products/${name}.ts`, import.meta.url));

/** The logged line that starts with `prefix` (its arguments), or a failure naming it. */
function line(logged: unknown[][], prefix: string): unknown[] {
  const found = logged.find((args) => String(args[0]).startsWith(prefix));
  if (!found) throw new Error(`no logged line starts with ${JSON.stringify(prefix)}`);
  return found;
}

/** ∂ŷ/∂x by centred differences of the forward pass: shares no code with backpropagation. */
function finiteDifferenceJacobian(net: Network, x: Matrix): number[][] {
  return Array.from({ length: net.outputSize }, (_, i) =>
    Array.from(
      numericGradient((v) => predict(net, column(Array.from(v))).data[i], Float64Array.from(x.data)),
    ),
  );
}

describe('the chain rule multiplies the layer Jacobians', () => {
  test('the product of the J^[l] is ∂ŷ/∂x, as centred differences of the forward pass measure it', () => {
    const net = mlp({ sizes: [3, 4, 4, 4, 2], activation: 'tanh', seed: 7 });
    const x = column([0.5, -1, 2]);
    const numeric = finiteDifferenceJacobian(net, x);
    toArray(inputOutputJacobian(net, x)).forEach((row, i) =>
      row.forEach((v, j) => expect(Math.abs(v - numeric[i][j])).toBeLessThan(1e-9)),
    );
  });

  test('the product and the backward pass differ only in the last bits, as the prose says', () => {
    for (const d of [n.productDifference, n.inputGradientDifference]) {
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(1e-15);
    }
  });

  test('the jacobian-product example shows the same differences', async () => {
    const { shown, logged } = await run('jacobian-product');
    const rows = shown[0] as Record<string, number>[];
    expect(rows.map((r) => r['largest difference from the engine'])).toEqual([
      n.productDifference,
      n.inputGradientDifference,
    ]);
    // Its slopes are 1 − tanh²(z^[1]) of the first layer, from a forward pass the example did not write.
    const net = mlp({ sizes: [3, 4, 4, 4, 2], activation: 'tanh', seed: 7 });
    const z = forward(net, column([0.5, -1, 2])).layers[0].z.data;
    (line(logged, 'g′(z^[1])')[1] as number[]).forEach((s, i) =>
      expect(s).toBeCloseTo(1 - Math.tanh(z[i]) ** 2, 15),
    );
  });
});

describe('the gradient of a weight is a sum over paths', () => {
  // The forward pass by hand, in exact decimal arithmetic: z¹ = (0.6, 0.75), z² = (0.345, 0.87), ŷ = −0.1785.
  const dLoss = 1.5 * 0.345 - 0.8 * 0.87 - 1; // ŷ − y
  const byHand = [dLoss * 1.5 * 1.2 * 1, dLoss * -0.8 * 0.7 * 1]; // ∂L/∂ŷ · W³₁ₖ · W²ₖ₁ · g′(z¹₁)·x₁ (slopes 1)

  test('the two paths are −2.1213 and 0.65996, and every unit is on', () => {
    expect(relative(n.pathThroughFirst, byHand[0])).toBeLessThan(RELATIVE);
    expect(relative(n.pathThroughSecond, byHand[1])).toBeLessThan(RELATIVE);
    const trace = forward(n.twoPathNetwork(), column([...n.twoPathWeights.x]));
    for (const t of trace.layers.slice(0, 2)) for (const z of t.z.data) expect(z).toBeGreaterThan(0);
    // Opposite signs, "because W^[3]_12 is negative".
    expect(Math.sign(n.pathThroughFirst)).toBe(-Math.sign(n.pathThroughSecond));
    expect(n.twoPathWeights.W3[0][1]).toBeLessThan(0);
  });

  test('their sum is the backpropagated gradient, and a centred difference of the loss agrees', () => {
    expect(relative(n.twoPathSum, n.twoPathEngine)).toBeLessThan(RELATIVE);
    const net = n.twoPathNetwork();
    const x = column([...n.twoPathWeights.x]);
    const loss = () => 0.5 * (forward(net, x).output.data[0] - n.twoPathWeights.y) ** 2;
    const numeric = numericGradient(loss, net.params[0].value.data as Float64Array)[0];
    expect(relative(numeric, n.twoPathEngine)).toBeLessThan(1e-6);
  });

  test('the two-paths example shows the same terms, sum and gradient', async () => {
    const { shown } = await run('two-paths');
    const values = (shown[0] as { value: number }[]).map((r) => r.value);
    expect(values[0]).toBeCloseTo(n.pathThroughFirst, 14);
    expect(values[1]).toBeCloseTo(n.pathThroughSecond, 14);
    expect(values[2]).toBeCloseTo(n.twoPathSum, 14);
    expect(values[3]).toBe(n.twoPathEngine);
  });

  /** dW^[1]₁₁ of the network with some of its numbers changed, as the edits change them. */
  function gradientWith(change: Partial<Record<'W2' | 'W3' | 'x', number[][] | number[]>>) {
    const weights = { ...n.twoPathWeights, ...change } as unknown as typeof n.twoPathWeights;
    const net = n.twoPathNetwork(weights);
    lossAndGradients(net, column([...weights.x]), column([weights.y]), 'mse');
    return get(net.params[0].grad, 0, 0);
  }

  test('the edits do what the list says: a path switched off, two paths adding up, a dead unit', () => {
    // Second row of W2 = [−0.7, −0.6]: a²₂ is off, and only the first path is left (a¹, ŷ's first term unchanged).
    const offW2 = [
      [1.2, -0.5],
      [-0.7, -0.6],
    ];
    const net = n.twoPathNetwork({ ...n.twoPathWeights, W2: offW2 } as unknown as typeof n.twoPathWeights);
    const z2 = forward(net, column([...n.twoPathWeights.x])).layers[1].z.data;
    expect(z2[1]).toBeLessThan(0);
    const yHat = 1.5 * 0.345; // a²₂ = 0
    expect(gradientWith({ W2: offW2 })).toBeCloseTo((yHat - 1) * 1.5 * 1.2, 14);
    // W3 = [[1.5, 0.8]]: both paths negative, the sum larger in size than either.
    const same = gradientWith({ W3: [[1.5, 0.8]] });
    const yHatSame = 1.5 * 0.345 + 0.8 * 0.87;
    const paths = [(yHatSame - 1) * 1.5 * 1.2, (yHatSame - 1) * 0.8 * 0.7];
    expect(Math.sign(paths[0])).toBe(Math.sign(paths[1]));
    expect(same).toBeCloseTo(paths[0] + paths[1], 14);
    // x = [−1, 0.5]: a¹₁ is off, so dW¹₁₁ is exactly 0.
    expect(gradientWith({ x: [-1, 0.5] })).toBe(0);
  });
});

describe('exponentially many paths', () => {
  test('the TeX constants are the numbers computed: n = 2, c = 0.6, L = 20, n·c = 1.2', () => {
    expect([n.pathWidth, n.pathWeight, n.pathDepth, n.perLayerFactor]).toEqual([2, 0.6, 20, 1.2]);
    expect(n.balancedWeight).toBe(0.5); // the first edit's c, written $0.5^L$
  });

  test('2^19 paths of 0.6^20 each add up to 1.2^20 / 2, the engine’s ∂ŷ₁/∂x₁', () => {
    expect(n.pathCount).toBe(2 ** 19);
    expect(relative(n.onePath, 0.6 ** 20)).toBeLessThan(RELATIVE);
    expect(relative(n.pathSum, 1.2 ** 20 / 2)).toBeLessThan(RELATIVE);
    expect(relative(n.pathSum, n.pathCount * n.onePath)).toBeLessThan(RELATIVE);
    // "Each path shrinks, yet their sum grows."
    expect(n.onePath).toBeLessThan(1e-4);
    expect(n.pathSum).toBeGreaterThan(1);
  });

  test('1.2 is the largest singular value of a layer whose four weights are 0.6', () => {
    const [largest] = singularValues(
      fixedInit([
        [0.6, 0.6],
        [0.6, 0.6],
      ]).create(2, 2, createRandom(1)),
    );
    expect(relative(largest, n.perLayerFactor)).toBeLessThan(RELATIVE);
  });

  test('the path-count example enumerates the same paths and finds the same sums at every depth', async () => {
    const { shown } = await run('path-count');
    const rows = shown[0] as Record<string, number>[];
    for (const row of rows) {
      expect(row.paths).toBe(2 ** (row.L - 1));
      expect(relative(row['sum over paths'], 1.2 ** row.L / 2)).toBeLessThan(1e-12);
      expect(relative(row['engine ∂ŷ₁/∂x₁'], row['sum over paths'])).toBeLessThan(1e-12);
    }
    const at20 = rows.find((r) => r.L === n.pathDepth)!;
    expect(at20.paths).toBe(n.pathCount);
    expect(at20['engine ∂ŷ₁/∂x₁']).toBe(n.pathSum);
    expect(at20['one path']).toBe(n.onePath);
  });

  test('the edits: c = 0.5 keeps the sum at ½; width 3 and c = 0.4 grows like 1.2^L again', () => {
    for (const L of [1, 5, 20]) expect(n.allPathsSum(0.5, L)).toBe(0.5);
    expect(n.balancedPathSum).toBe(0.5);
    for (const L of [5, 10, 15]) expect(relative(n.allPathsSum(0.4, L, 3), 1.2 ** L / 3)).toBeLessThan(1e-12);
    expect(n.allPathsSum(0.4, 15, 3)).toBeGreaterThan(n.allPathsSum(0.4, 5, 3));
  });
});

describe('the bounds from slopes and singular values', () => {
  test('bracket the true extremes, loosely, as the prose says', () => {
    expect(n.upperBound).toBeGreaterThanOrEqual(n.largestSigma);
    expect(n.lowerBound).toBeLessThanOrEqual(n.smallestSigma);
    expect(relative(n.upperLooseness, n.upperBound / n.largestSigma)).toBeLessThan(RELATIVE);
    expect(relative(n.lowerLooseness, n.smallestSigma / n.lowerBound)).toBeLessThan(RELATIVE);
    expect(n.upperLooseness).toBeGreaterThan(100);
    expect(n.lowerLooseness).toBeGreaterThan(100);
    // "well above 1", while the mean square of ‖Wv‖ equals ‖v‖² for variance 1/n.
    expect(n.meanWeightNorm).toBeGreaterThan(1.5);
  });

  test('the true extremes agree with the SVD of the backpropagated Jacobian', () => {
    const net = mlp({
      sizes: new Array(n.boundsDepth + 1).fill(n.boundsWidth),
      activation: 'tanh',
      outputActivation: 'tanh',
      init: 'lecunNormal',
      bias: false,
      seed: 3,
    });
    const x = column(Array.from({ length: n.boundsWidth }, (_, i) => Math.sin(i + 1)));
    const sigma = singularValues(inputOutputJacobian(net, x));
    expect(relative(sigma[0], n.largestSigma)).toBeLessThan(1e-9);
    // The smallest is resolvable: far above σ_max·2⁻⁵², so the SVD of the unscaled J finds it to about
    // 2⁻⁵²·σ_max/σ_min relative.
    expect(n.smallestSigma / n.largestSigma).toBeGreaterThan(1e4 * 2 ** -52);
    expect(relative(sigma[sigma.length - 1], n.smallestSigma)).toBeLessThan(1e-3);
  });

  test('the bounds example, which multiplies the factors by hand, finds the same looseness', async () => {
    const { shown, logged } = await run('bounds');
    expect(
      relative(line(logged, `depth ${n.boundsDepth}: upper`)[1] as number, n.upperLooseness),
    ).toBeLessThan(1e-9);
    expect(
      relative(line(logged, `depth ${n.boundsDepth}: smallest`)[1] as number, n.lowerLooseness),
    ).toBeLessThan(1e-6);
    const upper = pointsOf(shown[0] as PlotOptions).find(
      (p) => p.series === 'upper bound' && p.x === n.boundsDepth,
    )!;
    expect(relative(upper.y, n.upperBound)).toBeLessThan(1e-9);
  });

  test('they are exact for k·I, and the sigmoid’s slope of at most 1/4 makes any σ_max(W) below 4 vanish', () => {
    for (const b of jacobianBounds(linearNetwork(5, 1.5), column([1, 1]))) {
      expect(relative(b.upper, b.lower)).toBeLessThan(RELATIVE);
      expect(relative(b.upper, 1.5 ** b.depth)).toBeLessThan(RELATIVE);
    }
    expect(sigmoidMaxSlope).toBe(1 / 4);
    const sigmoid = mlp({
      sizes: [3, 3, 3, 3, 3, 3],
      activation: 'sigmoid',
      outputActivation: 'sigmoid',
      init: scaledIdentityInit(3.9),
      bias: false,
    });
    const bounds = jacobianBounds(sigmoid, column([0.1, -0.2, 0.3]));
    for (const b of bounds) expect(b.layerUpper).toBeLessThan(1);
  });
});

describe('the spectrum at criticality', () => {
  /** E[f(√q·Z)] for Z ~ N(0, 1), by the trapezoid rule on [−12, 12] (no engine code). */
  const gaussian = (f: (z: number) => number, q: number) => {
    const h = 1e-3;
    let sum = 0;
    for (let z = -12; z <= 12; z += h) sum += f(Math.sqrt(q) * z) * Math.exp((-z * z) / 2);
    return (sum * h) / Math.sqrt(2 * Math.PI);
  };

  test('σ_w² and q* are tanh’s critical point: χ = 1 and q* = σ_w²·E[tanh²] + σ_b²', () => {
    const q = n.tanhQStar;
    const chi = n.tanhWeightVariance * gaussian((z) => (1 - Math.tanh(z) ** 2) ** 2, q);
    expect(chi).toBeCloseTo(1, 6);
    expect(n.tanhWeightVariance * gaussian((z) => Math.tanh(z) ** 2, q) + n.tanhBiasVariance).toBeCloseTo(
      q,
      8,
    );
    expect(n.tanhBiasVariance).toBe(1e-4);
  });

  test('He normal is σ_w² = 2, as the caption writes it, and ReLU’s E[g′(z)²] is 1/2', () => {
    const std = heNormal().std!({ fanIn: n.spectrumWidth, fanOut: n.spectrumWidth });
    expect(relative(std ** 2 * n.spectrumWidth, 2)).toBeLessThan(RELATIVE);
    const relu = activation('relu');
    expect(gaussian((z) => relu.derivative(z, Math.max(0, z)) ** 2, 1)).toBeCloseTo(0.5, 3);
  });

  test('J_50 is the whole network: its TeX subscript is the depth', () => {
    expect(n.spectrumDepth).toBe(50);
    expect(n.spectrumWidth).toBe(32);
  });

  test('ReLU’s zero singular values are the directions its fewest active units cannot pass', () => {
    expect(n.reluZeros).toBe(n.spectrumWidth - n.reluFewestActive);
    const { relu, x } = n.spectrumNetworks();
    const sigma = singularValues(inputOutputJacobian(relu, x));
    const resolvable = sigma.filter((s) => s > sigma[0] * 1e-14);
    expect(resolvable.length).toBe(n.reluFewestActive);
  });

  test('the spreads, medians and mean squares agree with the SVD of the backpropagated Jacobians', () => {
    const { relu, tanh, x } = n.spectrumNetworks();
    const summary = (net: Network) => {
      const sigma = singularValues(inputOutputJacobian(net, x));
      const logs = Array.from(sigma)
        .filter((s) => s > sigma[0] * sigma.length * 2 ** -52)
        .map(Math.log)
        .sort((a, b) => a - b);
      const q = (p: number) => {
        const h = (logs.length - 1) * p;
        const lo = Math.floor(h);
        return logs[lo] + (h - lo) * ((logs[lo + 1] ?? logs[lo]) - logs[lo]);
      };
      const [low, , high] = SPECTRUM_SPREAD_DEFAULTS.quantiles;
      return {
        decades: (q(high) - q(low)) / Math.LN10,
        median: Math.exp(q(0.5)),
        meanSquare: sigma.reduce((s, v) => s + v * v, 0) / sigma.length,
      };
    };
    const r = summary(relu);
    const t = summary(tanh);
    expect(relative(r.decades, n.reluDecades)).toBeLessThan(1e-4);
    expect(relative(t.decades, n.tanhDecades)).toBeLessThan(1e-6);
    expect(relative(r.median, n.reluMedian)).toBeLessThan(1e-4);
    expect(relative(t.median, n.tanhMedian)).toBeLessThan(1e-9);
    expect(relative(r.meanSquare, n.reluMeanSquare)).toBeLessThan(1e-9);
    expect(relative(t.meanSquare, n.tanhMeanSquare)).toBeLessThan(1e-9);
  });

  test('the band is the middle 80 %, and the prediction’s answer is the network that spreads more', () => {
    expect([n.bandLow, n.bandHigh, n.bandShare]).toEqual([10, 90, 80]);
    expect(n.widerSpread).toBe(n.reluLabel);
    expect(n.spreadOptions).toContain(n.widerSpread);
    expect(n.reluDecades).toBeGreaterThan(5 * n.tanhDecades);
    expect(n.tanhDecades).toBeLessThan(1); // "keeps its spectrum together"
  });

  test('the tanh slopes stay near 1, and σ_w² times their mean square is χ ≈ 1', () => {
    const { tanh, x } = n.spectrumNetworks();
    const slopes = forward(tanh, x)
      .layers.flatMap((t) => Array.from(t.a.data, (a) => 1 - a * a))
      .sort((a, b) => a - b);
    expect(relative(slopes.reduce((s, v) => s + v, 0) / slopes.length, n.tanhMeanSlope)).toBeLessThan(1e-12);
    expect(slopes.filter((s) => s > n.tanhLowSlope).length / slopes.length).toBeGreaterThanOrEqual(
      0.9 - 1e-3,
    );
    const meanSquareSlope = slopes.reduce((s, v) => s + v * v, 0) / slopes.length;
    expect(n.tanhWeightVariance * meanSquareSlope).toBeCloseTo(1, 1);
  });

  test('one narrow ReLU network’s mean square wanders from one draw of the weights to the next, as Hanin predicts', () => {
    const meanSquares = [1, 2, 3, 4, 5].map((seed) => {
      const relu = mlp({
        sizes: new Array(n.spectrumDepth + 1).fill(n.spectrumWidth),
        activation: 'relu',
        outputActivation: 'relu',
        init: 'heNormal',
        bias: false,
        seed,
      });
      const J = inputOutputJacobian(relu, n.spectrumNetworks().x);
      return Array.from(J.data).reduce((s, v) => s + v * v, 0) / n.spectrumWidth;
    });
    expect(Math.max(...meanSquares) / Math.min(...meanSquares)).toBeGreaterThan(10);
    expect(relative(meanSquares[0], n.reluMeanSquare)).toBeLessThan(1e-12);
  });

  test('the figure draws the medians the prose states, each network in its activation’s colour', () => {
    const points = pointsOf(figures.spectrumChart).filter(
      (p) => p.x === n.spectrumDepth && p.y !== undefined,
    );
    expect(relative(points.find((p) => p.series === n.reluLabel)!.y, n.reluMedian)).toBeLessThan(RELATIVE);
    expect(relative(points.find((p) => p.series === n.tanhLabel)!.y, n.tanhMedian)).toBeLessThan(RELATIVE);
    const colors = colorsOf(figures.spectrumChart);
    expect(colors[n.reluLabel]).toBe(colorOfActivation('relu'));
    expect(colors[n.tanhLabel]).toBe(colorOfActivation('tanh'));
  });

  test('the spectrum example builds the same networks: same medians, zeros, σ_w² and q*, same colours', async () => {
    const { shown, logged } = await run('spectrum-by-depth');
    const chart = shown[0] as PlotOptions;
    const at50 = pointsOf(chart).filter((p) => p.x === n.spectrumDepth && p.y !== undefined);
    expect(at50.find((p) => p.series === n.reluLabel)!.y).toBe(n.reluMedian);
    expect(at50.find((p) => p.series === n.tanhLabel)!.y).toBe(n.tanhMedian);
    expect((line(logged, n.reluLabel)[2] as number[]).at(-1)).toBe(n.reluZeros);
    expect((line(logged, n.tanhLabel)[2] as number[]).every((zeros) => zeros === 0)).toBe(true);
    const constants = logged.at(-1)![0] as Record<string, number>;
    expect(constants).toEqual({
      weightVariance: n.tanhWeightVariance,
      biasVariance: n.tanhBiasVariance,
      qStar: n.tanhQStar,
    });
    expect(colorsOf(chart)).toEqual(colorsOf(figures.spectrumChart));
  });

  test('the edits widen the bands as the list says', () => {
    const decadesOf = (variant: n.SpectrumVariant, which: 'relu' | 'tanh') => {
      const nets = n.spectrumNetworks(variant);
      return n.spectrumDecades(nets[which], nets.x);
    };
    // Orthogonal ReLU: still many orders of magnitude.
    expect(decadesOf({ reluWeights: 'orthogonal' }, 'relu')).toBeGreaterThan(5 * n.tanhDecades);
    // Gaussian tanh: spreads like ReLU, far more than orthogonal tanh.
    const gaussianTanh = decadesOf({ tanhWeights: 'gaussian' }, 'tanh');
    expect(gaussianTanh).toBeGreaterThan(5 * n.tanhDecades);
    expect(gaussianTanh).toBeGreaterThan(n.reluDecades / 3);
    // σ_b² = 0.05: wider than at 10⁻⁴.
    expect(decadesOf({ biasVariance: 0.05 }, 'tanh')).toBeGreaterThan(n.tanhDecades);
  });
});

describe('training both networks', () => {
  test('the orthogonal tanh network ends far lower, and Gaussian weights put tanh in between', () => {
    expect(n.tanhFinalLoss).toBeLessThan(n.reluFinalLoss);
    expect(relative(n.finalLossRatio, n.reluFinalLoss / n.tanhFinalLoss)).toBeLessThan(RELATIVE);
    expect(n.gaussianTanhFinalLoss).toBeGreaterThan(n.tanhFinalLoss);
    expect(n.gaussianTanhFinalLoss).toBeLessThan(n.reluFinalLoss);
    expect(n.reluLayerSpread).toBeGreaterThan(5 * n.tanhLayerSpread);
  });

  test('the training example, written apart from numbers.ts, ends at the same losses and spreads', async () => {
    const { logged } = await run('training');
    for (const [label, loss, spread] of [
      [n.reluLabel, n.reluFinalLoss, n.reluLayerSpread],
      [n.tanhLabel, n.tanhFinalLoss, n.tanhLayerSpread],
    ] as const) {
      const lossLine = logged.find((args) => args[0] === label && String(args[1]).includes('loss after'))!;
      expect(lossLine[2]).toBe(n.trainingSteps);
      expect(lossLine[4]).toBe(loss);
      expect(lossLine[5]).toBe('completed');
      const spreadLine = logged.find((args) => args[0] === label && String(args[1]).includes('step 1'))!;
      expect(relative(spreadLine[2] as number, spread)).toBeLessThan(RELATIVE);
    }
  });

  test('the prose’s settings are the example’s', () => {
    expect([n.trainingWidth, n.trainingDepth, n.trainingSteps, n.trainingBatchSize]).toEqual([
      16, 24, 200, 32,
    ]);
    expect(n.trainingLearningRate).toBe(0.03);
  });
});

describe('finite differences', () => {
  test('agree with backpropagation up to their own error, and the Jacobian formula up to rounding', () => {
    expect(n.fdEpsilon).toBe(1e-5);
    expect(n.fdInputError).toBeLessThan(1e-8);
    expect(n.fdWeightError).toBeLessThan(1e-7);
    expect(n.fdFormulaError).toBeLessThan(1e-14);
    // The differences, not backpropagation, carry the error: it grows when ε does (the ε² term).
    const net = mlp({ sizes: [3, 5, 5, 2], activation: 'tanh', seed: 3 });
    const x = column([0.4, -0.8, 1.2]);
    const y = column([1, -1]);
    const loss = (v: Float64Array) => {
      const yHat = predict(net, column(Array.from(v))).data;
      return 0.5 * ((yHat[0] - y.data[0]) ** 2 + (yHat[1] - y.data[1]) ** 2);
    };
    const backprop = lossAndGradients(net, x, y, 'mse').gradients.dInput.data;
    const errorAt = (epsilon: number) =>
      Math.max(
        ...Array.from(
          numericGradient(loss, Float64Array.from(x.data), epsilon),
          (v, i) => Math.abs(v - backprop[i]) / (Math.abs(v) + Math.abs(backprop[i])),
        ),
      );
    expect(errorAt(1e-3)).toBeGreaterThan(10 * n.fdInputError);
  });

  test('the finite-differences example, with its own centred differences, finds the same errors', async () => {
    const { shown } = await run('finite-differences');
    const errors = (shown[0] as Record<string, number>[]).map((r) => r['largest relative error']);
    expect(relative(errors[0], n.fdInputError)).toBeLessThan(1e-6);
    expect(errors[1]).toBe(n.fdFormulaError);
    expect(errors[2]).toBe(n.fdWeightError);
  });
});

describe('the exercise', () => {
  test('checks layers of five shapes, which the solution passes and the starter fails', () => {
    expect(exerciseCheck.cases).toHaveLength(5);
    const close = (a: number[][], b: number[][]) =>
      a.every((row, i) =>
        row.every((v, j) => Math.abs(v - b[i][j]) <= 1e-12 * Math.max(1, Math.abs(b[i][j]))),
      );
    for (const { args, expected } of exerciseCheck.cases) {
      const [W, b, aPrev] = args as [number[][], number[], number[]];
      expect(close(solution.tanhLayerJacobian(W, b, aPrev), expected as number[][])).toBe(true);
    }
    expect(
      exerciseCheck.cases.every(({ args, expected }) => {
        const [W, b, aPrev] = args as [number[][], number[], number[]];
        return close(starter.tanhLayerJacobian(W, b, aPrev), expected as number[][]);
      }),
    ).toBe(false);
  });
});
