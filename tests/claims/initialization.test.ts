/**
 * Every number in the lesson "Initialization: the scale and the shape of the start"
 * (content/4-remedies/initialization.mdx), checked against a closed form, an independent computation written here
 * with plain arrays from the networks' weights (a forward and backward pass, a one-sided Jacobi SVD, a training
 * loop), what the prose says about it, and the output of the lesson's own examples.
 *
 * Tolerances: the engine and the loops here add the same float64 terms in other orders, a few ulps apart (1e-10
 * leaves room over 40 layers); 200 steps of training compound that rounding (1e-7). The SVD of a product of 50
 * Gaussian matrices resolves its small singular values only to the float64 rounding of the product, relative to the
 * largest (about 1e-15 of it): the spread in orders of magnitude agrees to 1e-3.
 */
import { colorOfInitializer } from '@gradscope/charts';
import { createRandom, fillNormal, mlp, zeros, type Network } from '@gradscope/core';
import type { PlotOptions } from '@observablehq/plot';
import { describe, expect, test } from 'vitest';

import * as figures from '../../content/4-remedies/initialization/figures.ts';
import * as n from '../../content/4-remedies/initialization/numbers.ts';
import { colorsOf, pointsOf, relative, runEditedExample, runExample } from '../support/claims.ts';

const RELATIVE = 1e-10;
const TRAINED = 1e-7;

const folder = '../../content/4-remedies/initialization/';
const folderUrl = new URL(folder, import.meta.url);
const run = (name: string) => runExample(new URL(`${folder}${name}.ts`, import.meta.url));

type Mat = number[][];

/** Each layer's W as rows of numbers (the engine stores them row-major). */
function weightsOf(net: Network): Mat[] {
  return net.params.map((p) =>
    Array.from({ length: p.value.rows }, (_, i) =>
      Array.from(p.value.data.slice(i * p.value.cols, (i + 1) * p.value.cols)),
    ),
  );
}
const asRows = (data: ArrayLike<number>, rows: number, cols: number): Mat =>
  Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => data[i * cols + j]));
const mul = (A: Mat, B: Mat): Mat =>
  A.map((row) => B[0].map((_, j) => row.reduce((sum, a, k) => sum + a * B[k][j], 0)));
const mulT = (A: Mat, B: Mat): Mat =>
  A[0].map((_, i) => B[0].map((_, j) => A.reduce((sum, row, k) => sum + row[i] * B[k][j], 0))); // Aᵀ·B
const frob = (A: Mat) => Math.sqrt(A.flat().reduce((sum, v) => sum + v * v, 0));

// ----------------------------------------------------------------- scale: a backward pass written here

const slopes = {
  relu: { f: (z: number) => Math.max(z, 0), d: (z: number) => (z > 0 ? 1 : 0) },
  tanh: { f: Math.tanh, d: (z: number) => 1 - Math.tanh(z) ** 2 },
};

/** ‖δ^[l]‖/‖δ^[L]‖: hidden layers g, a linear last layer, δ^[L] = the lesson's error E. */
function ratiosByHand(net: Network, activation: 'relu' | 'tanh'): number[] {
  const Ws = weightsOf(net);
  const L = Ws.length;
  const g = slopes[activation];
  const X = asRows(n.profileInputs.X.data, n.width, n.batch);
  const E = asRows(n.profileInputs.E.data, n.width, n.batch);
  const zs: Mat[] = [];
  let a = X;
  Ws.forEach((W, l) => {
    const z = mul(W, a);
    zs.push(z);
    a = l === L - 1 ? z : z.map((row) => row.map(g.f));
  });
  const deltas: Mat[] = new Array(L);
  deltas[L - 1] = E;
  for (let l = L - 2; l >= 0; l--) {
    const back = mulT(Ws[l + 1], deltas[l + 1]);
    deltas[l] = back.map((row, i) => row.map((v, j) => v * g.d(zs[l][i][j])));
  }
  const norms = deltas.map(frob);
  return norms.map((v) => v / norms[L - 1]);
}

describe('scale: one deep ReLU network, three initializers', () => {
  test('the settings the prose states', () => {
    expect([n.depth, n.width, n.batch, n.keptFactor]).toEqual([40, 32, 8, 10]);
    expect(n.choiceWeightVariance).toEqual({ xavier: 1, he: 2, orthogonal: 2 });
    // The scales the prose names: Xavier 1/n, He 2/n, orthogonal gain √2 (so entries of variance 2/n).
    const Wx = weightsOf(n.deepNetwork('xavierNormal', 'relu'))[0];
    const Wo = weightsOf(n.deepNetwork(n.choiceInit.orthogonal, 'relu'))[5];
    const gram = mulT(Wo, Wo);
    gram.forEach((row, i) =>
      row.forEach((v, j) => expect(Math.abs(v - (i === j ? 2 : 0))).toBeLessThan(1e-12)),
    );
    const meanSquare = Wx.flat().reduce((s, v) => s + v * v, 0) / (n.width * n.width);
    expect(Math.abs(meanSquare * n.width - 1)).toBeLessThan(0.1); // a draw of variance 1/n
  });

  test('‖δ[l]‖/‖δ[L]‖ measured by the engine equals a backward pass written here, at every layer', () => {
    const inits = { xavier: 'xavierNormal', he: 'heNormal', orthogonal: n.choiceInit.orthogonal } as const;
    for (const choice of n.choices) {
      const mine = ratiosByHand(n.deepNetwork(inits[choice], 'relu'), 'relu');
      mine.forEach((r, i) => expect(relative(n.profiles[choice][i], r)).toBeLessThan(RELATIVE));
    }
    expect(n.xavierRatio).toBe(n.profiles.xavier[0]);
    expect(n.heRatio).toBe(n.profiles.he[0]);
    expect(n.orthogonalRatio).toBe(n.profiles.orthogonal[0]);
    expect(
      relative(n.tanhXavierRatio, ratiosByHand(n.deepNetwork('xavierNormal', 'tanh'), 'tanh')[0]),
    ).toBeLessThan(RELATIVE);
    expect(relative(n.tanhHeRatio, ratiosByHand(n.deepNetwork('heNormal', 'tanh'), 'tanh')[0])).toBeLessThan(
      RELATIVE,
    );
  });

  test('the mean-square prediction is (σ_w²/2)^((L−l)/2): 2^(−39/2) for Xavier, 1 for He', () => {
    expect(relative(n.xavierRatioTheory, 2 ** (-39 / 2))).toBeLessThan(1e-14);
    expect(n.meanSquareRatio(2, 1)).toBe(1);
    expect(relative(n.meanSquareRatio(1, 30), 2 ** -5)).toBeLessThan(1e-14);
  });

  test('what the prose says of the ratios: Xavier vanishes near its prediction, He and orthogonal keep it, alike', () => {
    expect(n.xavierRatio).toBeLessThan(1e-5);
    expect(Math.abs(Math.log10(n.xavierRatio / n.xavierRatioTheory))).toBeLessThan(0.5);
    for (const r of [n.heRatio, n.orthogonalRatio]) expect(Math.abs(Math.log(r))).toBeLessThan(Math.log(10));
    // "within a factor of ten of 1 at every layer" for He's and the orthogonal start, not for Xavier's.
    for (const choice of ['he', 'orthogonal'] as const)
      for (const r of n.profiles[choice]) expect(Math.abs(Math.log(r))).toBeLessThan(Math.log(n.keptFactor));
    // "nearly the same ratio": within 10 % of each other.
    expect(Math.abs(Math.log(n.orthogonalRatio / n.heRatio))).toBeLessThan(Math.log(1.1));
    expect(n.profileOptions).toContain(n.profileAnswer);
    expect(n.profileAnswer).toBe(n.profileOptions[1]);
  });

  test('tanh, by the backward pass written here: Xavier levels off below the band, He grows geometrically', () => {
    expect(n.tanhDeepDepths).toEqual([2 * n.depth, 4 * n.depth]);
    n.tanhDeepDepths.forEach((layers, i) => {
      const xavier = ratiosByHand(n.deepNetwork('xavierNormal', 'tanh', layers), 'tanh')[0];
      const he = ratiosByHand(n.deepNetwork('heNormal', 'tanh', layers), 'tanh')[0];
      expect(relative(n.tanhXavierRatioDeep[i], xavier)).toBeLessThan(RELATIVE);
      expect(relative(n.tanhHeRatioDeep[i], he)).toBeLessThan(RELATIVE);
    });
    // "below the healthy band, but not a geometric decline": at 4L it has not fallen by another factor of ten.
    expect(n.tanhXavierRatio).toBeLessThan(1 / n.keptFactor);
    expect(n.tanhXavierRatioDeep[1]).toBeGreaterThan(n.tanhXavierRatio / n.keptFactor);
    expect(n.tanhXavierRatioDeep[1]).toBeGreaterThan(n.tanhXavierRatioDeep[0] / 2); // "still": about the same
    // He: above 1, and growing with depth by far more than the depth (geometric): L → 4L multiplies it > 100×.
    expect(n.tanhHeRatio).toBeGreaterThan(1);
    expect(n.tanhHeRatioDeep[0]).toBeGreaterThan(n.tanhHeRatio);
    expect(n.tanhHeRatioDeep[1] / n.tanhHeRatio).toBeGreaterThan(100);
  });

  test('tanh, mean field by a quadrature written here: Xavier falls like a power of the depth, He geometrically', () => {
    // E over z ~ N(0, q) of f(z), by the midpoint rule on ±12 standard deviations.
    const expectation = (f: (z: number) => number, q: number) => {
      const steps = 20000;
      const h = 24 / steps;
      let sum = 0;
      for (let i = 0; i < steps; i++) {
        const u = -12 + (i + 0.5) * h;
        sum += f(Math.sqrt(q) * u) * Math.exp((-u * u) / 2);
      }
      return (sum * h) / Math.sqrt(2 * Math.PI);
    };
    // q^1 = σ_w²·E[x²] = σ_w²; χ_l = σ_w²·E[tanh′(z^[l])²]; ‖δ[1]‖²/‖δ[L]‖² = χ_1···χ_(L−1).
    const meanField = (weightVariance: number, layers: number) => {
      let q = weightVariance;
      let product = 1;
      for (let l = 1; l < layers; l++) {
        product *= weightVariance * expectation((z) => (1 - Math.tanh(z) ** 2) ** 2, q);
        q = weightVariance * expectation((z) => Math.tanh(z) ** 2, q);
      }
      return Math.sqrt(product);
    };
    expect(n.tanhMeanFieldDepths).toEqual([n.depth, ...n.tanhDeepDepths]);
    n.tanhMeanFieldDepths.forEach((layers, i) => {
      expect(relative(n.tanhXavierMeanField[i], meanField(1, layers))).toBeLessThan(1e-6);
      expect(relative(n.tanhHeMeanField[i], meanField(2, layers))).toBeLessThan(1e-6);
    });
    // Xavier: "falls like a power of the depth": the same log–log slope from L to 2L as from 2L to 4L.
    const [x1, x2, x4] = n.tanhXavierMeanField;
    expect(x2).toBeLessThan(x1);
    expect(Math.abs(Math.log2(x2 / x1) - Math.log2(x4 / x2))).toBeLessThan(0.05);
    // He: "multiplied by the same factor for every L layers added": L → 2L once, 2L → 4L twice.
    const [h1, h2, h4] = n.tanhHeMeanField;
    expect(h2 / h1).toBeGreaterThan(2);
    expect(Math.abs(Math.log(h4 / h2) / Math.log(h2 / h1) - 2)).toBeLessThan(0.05);
    // The geometric extrapolation of the measured Xavier draw, and the measured ratios far above it.
    n.tanhDeepDepths.forEach((layers, i) => {
      const rate = Math.exp(Math.log(n.tanhXavierRatio) / (n.depth - 1));
      expect(relative(n.tanhXavierGeometric[i], rate ** (layers - 1))).toBeLessThan(1e-9);
      expect(n.tanhXavierRatioDeep[i]).toBeGreaterThan(2 * n.tanhXavierGeometric[i]);
    });
    expect(n.tanhXavierRatioDeep[1]).toBeGreaterThan(100 * n.tanhXavierGeometric[1]);
    // "The single draws sit below their predictions … but follow the same trend."
    n.tanhMeanFieldDepths.forEach((_, i) => {
      const xavier = [n.tanhXavierRatio, ...n.tanhXavierRatioDeep][i];
      const he = [n.tanhHeRatio, ...n.tanhHeRatioDeep][i];
      expect(xavier).toBeLessThan(n.tanhXavierMeanField[i]);
      expect(he).toBeLessThan(n.tanhHeMeanField[i]);
    });
  });

  test('the figure draws the measured ratios as dots, the predictions as lines, coloured by initializer', () => {
    const points = pointsOf(figures.gradientChart);
    for (const choice of n.choices) {
      const first = points.filter((p) => p.series === n.choiceLabel[choice] && p.x === 1).map((p) => p.y);
      expect(first.some((y) => relative(y, n.profiles[choice][0]) < 1e-12)).toBe(true);
      expect(
        first.some((y) => relative(y, n.meanSquareRatio(n.choiceWeightVariance[choice], 1)) < 1e-12),
      ).toBe(true);
    }
    const colors = colorsOf(figures.gradientChart);
    expect(colors[n.choiceLabel.xavier]).toBe(colorOfInitializer('xavier'));
    expect(colors[n.choiceLabel.he]).toBe(colorOfInitializer('he'));
    expect(colors[n.choiceLabel.orthogonal]).toBe(colorOfInitializer('orthogonal'));
    expect([figures.depth, figures.width]).toEqual([n.depth, n.width]);
  });

  test('the example prints the same ratios', async () => {
    const { logged, shown } = await run('gradient-profile');
    const printed = logged.map((args) => args[1] as number);
    const expected = [n.xavierRatio, n.heRatio, n.orthogonalRatio, n.tanhXavierRatio, n.tanhHeRatio];
    expected.forEach((v, i) => expect(relative(printed[i], v)).toBeLessThan(RELATIVE));
    expect(pointsOf(shown[0] as PlotOptions).length).toBeGreaterThan(0);
  });

  test('TryThis: with variance 3/n the first layer’s ratio is far above 1, near (3/2)^((L−1)/2)', async () => {
    const { logged } = await runEditedExample(folderUrl, 'gradient-profile', [
      [
        "'Xavier normal', values: ratios('xavierNormal', 'relu')",
        "'N(0, 3/n)', values: ratios(normalInit({ variance: 3 / width }), 'relu')",
      ],
      ['  orthogonalInit,', '  normalInit,\n  orthogonalInit,'],
    ]);
    const ratio = logged[0][1] as number;
    expect(ratio).toBeGreaterThan(n.keptFactor);
    // As near as Xavier's draw is to its own prediction: within half an order of magnitude.
    expect(Math.abs(Math.log10(ratio / 1.5 ** ((n.depth - 1) / 2)))).toBeLessThan(0.5);
  });

  test('TryThis: at width 8 He’s start loses the gradient, though its mean-square prediction is 1', async () => {
    const { logged } = await runEditedExample(folderUrl, 'gradient-profile', [
      ['const width = 32;', 'const width = 8;'],
    ]);
    expect(logged[1][0]).toContain('He normal');
    expect(logged[1][1] as number).toBeLessThan(1 / n.keptFactor);
    expect(logged[1][1] as number).toBeGreaterThan(0);
    expect(n.meanSquareRatio(2, 1)).toBe(1);
  });

  test('TryThis: at width 4 every ReLU ratio is exactly 0, because each input meets a layer with all units off', async () => {
    const { logged } = await runEditedExample(folderUrl, 'gradient-profile', [
      ['const width = 32;', 'const width = 4;'],
    ]);
    for (const line of logged.slice(0, 3)) {
      expect(String(line[0])).toContain('ReLU');
      expect(line[1]).toBe(0);
    }
    // The example's inputs and networks at width 4, rebuilt here; the forward pass by hand.
    const random = createRandom(3);
    const X = zeros(4, n.batch);
    fillNormal(X.data, random);
    const inputs = asRows(X.data, 4, n.batch);
    for (const init of ['xavierNormal', 'heNormal', n.choiceInit.orthogonal] as const) {
      const net = mlp({
        sizes: Array(n.depth + 1).fill(4),
        activation: 'relu',
        init,
        bias: false,
        seed: n.seed,
      });
      const Ws = weightsOf(net);
      for (let j = 0; j < n.batch; j++) {
        let a = inputs.map((row) => [row[j]]);
        let deadLayer = false;
        Ws.slice(0, -1).forEach((W) => {
          const z = mul(W, a);
          if (z.every(([v]) => v <= 0)) deadLayer = true;
          a = z.map(([v]) => [Math.max(v, 0)]);
        });
        expect(deadLayer).toBe(true);
      }
    }
  });
});

// -------------------------------------------------------------------- shape: singular values by Jacobi

/** The singular values of A (rows × cols, rows ≥ cols) by one-sided Jacobi rotations (Hestenes), descending. */
function jacobiSingularValues(A: Mat): number[] {
  const U = A.map((row) => [...row]);
  const cols = U[0].length;
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let p = 0; p < cols - 1; p++)
      for (let q = p + 1; q < cols; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (const row of U) {
          alpha += row[p] * row[p];
          beta += row[q] * row[q];
          gamma += row[p] * row[q];
        }
        if (Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (const row of U) {
          const [up, uq] = [row[p], row[q]];
          row[p] = c * up - s * uq;
          row[q] = s * up + c * uq;
        }
      }
    if (!rotated) break;
  }
  return Array.from({ length: cols }, (_, j) => Math.hypot(...U.map((row) => row[j]))).sort((a, b) => b - a);
}

/** Hyndman and Fan's quantile 7 of sorted values. */
function quantile(sorted: number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo] + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? 0) - sorted[lo]);
}

/** The product W^[l]···W^[1] of a linear network's first l layers. */
function product(net: Network, l: number): Mat {
  const Ws = weightsOf(net).slice(0, l);
  return Ws.slice(1).reduce((J, W) => mul(W, J), Ws[0]);
}

/** Orders of magnitude spanned by the middle band, over the singular values float64 resolves. */
function decadesByHand(sigma: number[]): number {
  const tolerance = sigma[0] * sigma.length * 2 ** -52;
  const logs = sigma
    .filter((s) => s > tolerance)
    .map(Math.log)
    .sort((a, b) => a - b);
  const [lo, hi] = n.bandQuantiles;
  return (quantile(logs, hi) - quantile(logs, lo)) / Math.LN10;
}

describe('shape: a deep linear network, Gaussian against orthogonal', () => {
  const gaussian = n.linearNetwork('lecunNormal');
  const orthogonal = n.linearNetwork('orthogonal');

  test('the settings the prose states', () => {
    expect([n.spectrumDepth, n.spectrumWidth, n.spectrumShallowDepth, n.bandShare]).toEqual([50, 32, 10, 80]);
    expect(n.bandQuantiles.map((q) => Math.round(q * 100))).toEqual([10, 90]);
  });

  test('the Gaussian spread, by an SVD written here: wider at depth 50 than at 10', () => {
    const shallow = decadesByHand(jacobiSingularValues(product(gaussian, n.spectrumShallowDepth)));
    const deep = decadesByHand(jacobiSingularValues(product(gaussian, n.spectrumDepth)));
    expect(Math.abs(n.gaussianDecadesShallow - shallow)).toBeLessThan(1e-3);
    expect(Math.abs(n.gaussianDecades - deep)).toBeLessThan(1e-3);
    expect(n.gaussianDecades).toBeGreaterThan(n.gaussianDecadesShallow);
  });

  test('the Gaussian draw’s mean of σ² at depth 50 is ‖J‖_F²/n, far below 1', () => {
    const J = product(gaussian, n.spectrumDepth);
    expect(relative(n.gaussianMeanSquare, frob(J) ** 2 / n.spectrumWidth)).toBeLessThan(1e-9);
    expect(n.gaussianMeanSquare).toBeLessThan(0.1);
  });

  test('the orthogonal network’s singular values are all 1 to 1e-12: JᵀJ = I, computed here', () => {
    const J = product(orthogonal, n.spectrumDepth);
    let largest = 0;
    mulT(J, J).forEach((row, i) =>
      row.forEach((v, j) => (largest = Math.max(largest, Math.abs(v - (i === j ? 1 : 0))))),
    );
    expect(largest).toBeLessThan(1e-12);
    const sigma = jacobiSingularValues(J);
    expect(Math.max(...sigma.map((s) => Math.abs(s - 1)))).toBeLessThan(1e-12);
    expect(n.orthogonalLargestDeviation).toBeLessThan(1e-12);
  });

  test('the example’s table shows the same spreads', async () => {
    const { shown } = await run('spectrum');
    const rows = shown[0] as Record<string, number | string>[];
    const row = (init: string, l: number) => rows.find((r) => r.init === init && r.l === l)!;
    const key = 'orders of magnitude, 10th to 90th percentile';
    expect(Math.abs((row('lecunNormal', 10)[key] as number) - n.gaussianDecadesShallow)).toBeLessThan(1e-9);
    expect(Math.abs((row('lecunNormal', 50)[key] as number) - n.gaussianDecades)).toBeLessThan(1e-9);
    expect(row('orthogonal', 50)['largest |σ − 1|'] as number).toBeLessThan(1e-12);
  });
});

// ---------------------------------------------------------------------- train it: a loop written here

/** Full-batch gradient descent on (1/2m)·Σ‖ŷ − y‖² through a linear network, from its weights. */
function trainByHand(net: Network, rate: number, steps: number) {
  const Ws = weightsOf(net);
  const X = asRows(n.data.x.data, n.trainWidth, n.samples);
  const Y = asRows(n.data.y.data, n.trainWidth, n.samples);
  const m = n.samples;
  const losses: number[] = [];
  const gradientNorms: number[][] = [];
  for (let t = 0; t < steps; t++) {
    const as: Mat[] = [X];
    for (const W of Ws) as.push(mul(W, as[as.length - 1]));
    const out = as[as.length - 1];
    const err = out.map((row, i) => row.map((v, j) => v - Y[i][j]));
    const loss = err.flat().reduce((s, v) => s + v * v, 0) / (2 * m);
    if (!Number.isFinite(loss)) return { losses, gradientNorms, stopStep: t + 1 };
    losses.push(loss);
    let delta = err.map((row) => row.map((v) => v / m));
    const grads: Mat[] = new Array(Ws.length);
    for (let l = Ws.length - 1; l >= 0; l--) {
      grads[l] = delta.map((row) => as[l].map((aRow) => row.reduce((s, d, j) => s + d * aRow[j], 0)));
      if (l > 0) delta = mulT(Ws[l], delta);
    }
    gradientNorms.push(grads.map(frob));
    Ws.forEach((W, l) => W.forEach((row, i) => row.forEach((_, j) => (row[j] -= rate * grads[l][i][j]))));
  }
  return { losses, gradientNorms, stopStep: Infinity };
}

describe('train it: a deep linear network from three starts', () => {
  const byHand = Object.fromEntries(
    n.starts.map((start) => [start, trainByHand(n.trainingNetwork(start), n.learningRate, n.steps)]),
  ) as Record<n.Start, ReturnType<typeof trainByHand>>;

  test('the settings the prose states', () => {
    expect([n.trainDepth, n.trainWidth, n.samples, n.steps, n.learningRate]).toEqual([20, 16, 64, 200, 0.01]);
    expect(n.smallWeightVariance).toBe(0.5);
    expect(n.data.x.cols).toBe(n.samples);
  });

  test('the losses at the first and last step equal a training loop written here', () => {
    for (const start of n.starts) expect(byHand[start].stopStep).toBe(Infinity);
    expect(relative(n.gaussianLossStart, byHand.gaussian.losses[0])).toBeLessThan(RELATIVE);
    expect(relative(n.orthogonalLossStart, byHand.orthogonal.losses[0])).toBeLessThan(RELATIVE);
    expect(relative(n.smallLossStart, byHand.small.losses[0])).toBeLessThan(RELATIVE);
    expect(relative(n.gaussianLossEnd, byHand.gaussian.losses[n.steps - 1])).toBeLessThan(TRAINED);
    expect(relative(n.orthogonalLossEnd, byHand.orthogonal.losses[n.steps - 1])).toBeLessThan(TRAINED);
    expect(relative(n.smallLossEnd, byHand.small.losses[n.steps - 1])).toBeLessThan(TRAINED);
    expect(
      relative(n.endLossRatio, byHand.gaussian.losses[n.steps - 1] / byHand.orthogonal.losses[n.steps - 1]),
    ).toBeLessThan(TRAINED);
  });

  test('what the prose says: orthogonal far lower than Gaussian, which learns; the small start does not move', () => {
    expect(n.endLossRatio).toBeGreaterThan(10);
    // "jumps up on the way" against "falls at every step".
    const rises = (losses: number[]) => losses.slice(1).filter((v, t) => v > 1.1 * losses[t]).length;
    expect(rises(byHand.gaussian.losses)).toBeGreaterThan(0);
    expect(byHand.orthogonal.losses.slice(1).every((v, t) => v < byHand.orthogonal.losses[t])).toBe(true);
    expect(n.gaussianLossEnd).toBeLessThan(n.gaussianLossStart / 2); // "it learns"
    const y = Array.from(n.data.y.data);
    expect(relative(n.zeroPredictorLoss, y.reduce((s, v) => s + v * v, 0) / (2 * n.samples))).toBeLessThan(
      1e-14,
    );
    // "ends at … where predicting 0 would score …": the same to the four digits shown.
    expect(n.smallLossEnd.toPrecision(4)).toBe(n.zeroPredictorLoss.toPrecision(4));
  });

  test('first-step ‖dW[l]‖: all equal in the orthogonal network, spread in the Gaussian one, tiny in the small one', () => {
    const spread = (v: number[]) => Math.max(...v) / Math.min(...v);
    const first = (start: n.Start) => byHand[start].gradientNorms[0];
    expect(relative(n.gaussianLayerSpread, spread(first('gaussian')))).toBeLessThan(RELATIVE);
    expect(relative(n.orthogonalLayerSpread, spread(first('orthogonal')))).toBeLessThan(RELATIVE);
    expect(relative(n.smallLayerSpread, spread(first('small')))).toBeLessThan(RELATIVE);
    expect(relative(n.smallLargestGradient, Math.max(...first('small')))).toBeLessThan(RELATIVE);
    expect(relative(n.orthogonalSmallestGradient, Math.min(...first('orthogonal')))).toBeLessThan(RELATIVE);
    // The closed form for the orthogonal network: every ‖dW[l]‖ is ‖δ[L]·xᵀ‖, with δ[L] = (ŷ − y)/m at step 1.
    expect(Math.abs(n.orthogonalLayerSpread - 1)).toBeLessThan(1e-12);
    const Ws = weightsOf(n.trainingNetwork('orthogonal'));
    const X = asRows(n.data.x.data, n.trainWidth, n.samples);
    const Y = asRows(n.data.y.data, n.trainWidth, n.samples);
    const out = Ws.reduce((a, W) => mul(W, a), X);
    const deltaL = out.map((row, i) => row.map((v, j) => (v - Y[i][j]) / n.samples));
    const closedForm = frob(
      deltaL.map((row) => X.map((xRow) => row.reduce((s, d, j) => s + d * xRow[j], 0))),
    );
    for (const norm of first('orthogonal')) expect(relative(norm, closedForm)).toBeLessThan(RELATIVE);
    expect(n.smallLargestGradient).toBeLessThan(n.orthogonalSmallestGradient / 100);
  });

  test('the figure and the example show the same runs, coloured by initializer', async () => {
    const points = pointsOf(figures.lossChart);
    const lastOf = (label: string) => points.filter((p) => p.series === label && p.x === n.steps)[0]?.y;
    expect(relative(lastOf(n.startLabel.gaussian)!, n.gaussianLossEnd)).toBeLessThan(1e-12);
    expect(relative(lastOf(n.startLabel.orthogonal)!, n.orthogonalLossEnd)).toBeLessThan(1e-12);
    expect(relative(lastOf(n.startLabel.small)!, n.smallLossEnd)).toBeLessThan(1e-12);
    const colors = colorsOf(figures.lossChart);
    expect(colors[n.startLabel.gaussian]).toBe(colorOfInitializer('lecun'));
    expect(colors[n.startLabel.orthogonal]).toBe(colorOfInitializer('orthogonal'));
    expect(colors[n.startLabel.small]).toBe(colorOfInitializer('lecun'));
    expect([figures.steps, figures.trainDepth, figures.trainWidth, figures.samples]).toEqual([
      n.steps,
      n.trainDepth,
      n.trainWidth,
      n.samples,
    ]);
    expect(figures.learningRate).toBe(n.learningRate);

    const { logged } = await run('train');
    const ends = logged.filter((args) => String(args[0]).includes('→')).map((args) => String(args[0]));
    expect(ends[0]).toContain(String(n.gaussianLossEnd));
    expect(ends[1]).toContain(String(n.orthogonalLossEnd));
    expect(ends[2]).toContain(String(n.smallLossEnd));
  });

  test('TryThis: at learning rate 0.02 the orthogonal start ends lower and the gap widens', async () => {
    const { logged } = await runEditedExample(folderUrl, 'train', [
      ['const learningRate = 0.01;', 'const learningRate = 0.02;'],
    ]);
    const ends = logged
      .filter((args) => String(args[0]).includes('→'))
      .map((args) => Number(String(args[0]).split('→ ')[1]));
    const reasons = logged.filter((args) => String(args[0]).includes('→')).map((args) => args[1]);
    expect(reasons).toEqual(['completed', 'completed', 'completed']);
    expect(ends[1]).toBeLessThan(n.orthogonalLossEnd);
    expect(ends[0] / ends[1]).toBeGreaterThan(n.endLossRatio);
  });

  test('TryThis: with seed 3 the orthogonal start learns as before and the Gaussian run overflows', async () => {
    const { logged } = await runEditedExample(folderUrl, 'train', [['seed: 1', 'seed: 3']]);
    const lines = logged.filter((args) => String(args[0]).includes('→'));
    expect(lines[0][1]).toBe('non-finite');
    expect(lines[1][1]).toBe('completed');
    const orthogonalEnd = Number(String(lines[1][0]).split('→ ')[1]);
    expect(orthogonalEnd).toBeLessThan(2 * n.orthogonalLossEnd);
  });
});

describe('the exercise', () => {
  test('the solution passes every case of the check and the starter fails one', async () => {
    const check = (await import(`${folder}relu-gradient-ratio.check.ts`)).default;
    const { reluGradientRatio: solution } = await import(`${folder}relu-gradient-ratio.solution.ts`);
    const { reluGradientRatio: starter } = await import(`${folder}relu-gradient-ratio.exercise.ts`);
    const within = (f: (v: number, k: number) => number) =>
      check.cases.every(
        ({ args, expected }: { args: [number, number]; expected: number }) =>
          relative(f(...args), expected) <= check.tolerance,
      );
    expect(within(solution)).toBe(true);
    expect(within(starter)).toBe(false);
    // The closed form on the figure's Xavier line at layer 1, and the lesson's number.
    expect(relative(solution(1, n.depth - 1), n.xavierRatioTheory)).toBeLessThan(1e-14);
  });
});
