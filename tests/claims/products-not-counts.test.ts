/**
 * Every number in the lesson "Products, not counts" (content/3-forum-questions/products-not-counts.mdx), checked
 * against a closed form (powers of 0.5, 1.5 and 0.75; ln 2 / ln 3; binomial tails summed here term by term with exact
 * integer coefficients), against what the prose says about it ("less than a millionth", "a little under two thirds"),
 * and against the output of the lesson's own examples, run with stand-ins for the playground's `display` and
 * `console.log`.
 *
 * Tolerances: the engine and the closed forms compute the same products of powers of two and three in float64, in
 * different orders at most, so they agree to a few units in the last place; 1e-12 leaves a wide margin.
 */
import {
  FLOAT16_MIN_SUBNORMAL,
  breakEvenFraction,
  column,
  fixedInit,
  forward,
  mlp,
  mixedScales,
  productOfScales,
  roundTo,
  scaleWalk,
} from '@gradscope/core';
import type { PlotOptions } from '@observablehq/plot';
import { describe, expect, test } from 'vitest';

import * as figures from '../../content/3-forum-questions/products-not-counts/figures.ts';
import * as n from '../../content/3-forum-questions/products-not-counts/numbers.ts';
import { colorsOf, pointsOf, relative, runExample } from '../support/claims.ts';

const RELATIVE = 1e-12;
const run = (name: string) =>
  runExample(new URL(`../../content/3-forum-questions/products-not-counts/${name}.ts`, import.meta.url));

/** C(L, j) as an exact integer, and the binomial probability of j successes, for an independent tail. */
function binomialPmf(L: number, j: number, p: number): number {
  let c = 1n;
  for (let i = 1n; i <= BigInt(j); i++) c = (c * (BigInt(L) - i + 1n)) / i;
  return Number(c) * p ** j * (1 - p) ** (L - j);
}

describe('the question’s constants, which the TeX writes out', () => {
  test('0.5, 1.5, 100 layers, 50 of each: (0.5·1.5)^50 = 0.75^50, √0.75, ln 2 / ln 3, 3 = 1.5/0.5', () => {
    // The MDX writes 0.5, 1.5, 0.75, 0.75^{50}, \sqrt{0.75}, \ln 2 / \ln 3, 0.5^{100}, 3^{L(f − f*)} in TeX.
    expect([n.low, n.high, n.depth, n.halfCount]).toEqual([0.5, 1.5, 100, 50]);
    expect(n.pairProduct).toBe(0.75);
    expect(n.swapFactor).toBe(3);
    expect(n.compareWidth).toBe(64); // "$\sqrt{2/64}$" and "$1/\sqrt{64}$"
    expect(n.fairCoin).toBe(0.5);
  });
});

describe('the product decides', () => {
  test('fifty layers of each multiply by 0.75^50, less than a millionth, and the engine’s output is that product', () => {
    expect(relative(n.halfProduct, 0.75 ** 50)).toBeLessThan(RELATIVE);
    expect(n.halfProduct).toBeLessThan(1e-6);
    expect(relative(n.halfOutput, 0.75 ** 50)).toBeLessThan(RELATIVE);
    expect(n.forumScales.slice(0, 50).every((k) => k === 0.5)).toBe(true);
    expect(n.forumScales.slice(50).every((k) => k === 1.5)).toBe(true);
    expect(n.forumWeightLabels[0]).toBe('0.5·I');
    expect(n.forumWeightLabels[99]).toBe('1.5·I');
  });

  test('the backward pass gives layer 1 the factors of layers 2 … 100: 0.75^50 / 0.5', () => {
    expect(relative(n.forumFirstDeltaRatio, 0.75 ** 50 / 0.5)).toBeLessThan(RELATIVE);
  });

  test('in logarithms: ln 0.5, ln 1.5, their sum times fifty, and ln 2 / ln 1.5 layers of 1.5 per layer of 0.5', () => {
    expect(n.logLow).toBeCloseTo(-Math.LN2, 15);
    expect(n.logHigh).toBeCloseTo(Math.log(3) - Math.LN2, 15);
    expect(n.halfLogSum).toBeCloseTo(50 * Math.log(0.75), 12);
    expect(relative(Math.exp(n.halfLogSum), n.halfProduct)).toBeLessThan(1e-12);
    expect(n.highLayersPerLow).toBeCloseTo(Math.LN2 / Math.log(1.5), 15);
    // One layer of 1.5 does not undo one of 0.5; two do, and more.
    expect(1.5 * 0.5).toBeLessThan(1);
    expect(1.5 ** 2 * 0.5).toBeGreaterThan(1);
  });

  test('the geometric mean is √0.75 and the arithmetic mean exactly 1; √0.75^100 is the product', () => {
    expect(relative(n.halfEffective, Math.sqrt(0.75))).toBeLessThan(RELATIVE);
    expect(n.arithmeticMean).toBe(1);
    expect(relative(n.halfEffective ** 100, n.halfProduct)).toBeLessThan(1e-12);
  });

  test('all 0.5 and all 1.5: 0.5^100 and 1.5^100, 30 and 17.6 orders of magnitude; the mix loses 6.2', () => {
    expect(n.allLowProduct).toBe(0.5 ** 100);
    expect(relative(n.allHighProduct, 1.5 ** 100)).toBeLessThan(RELATIVE);
    expect(n.allLowDecades).toBeCloseTo(100 * Math.log10(2), 12);
    expect(n.allHighDecades).toBeCloseTo(100 * Math.log10(1.5), 12);
    expect(n.halfDecades).toBeCloseTo(-50 * Math.log10(0.75), 12);
    expect(n.halfDecades).toBeLessThan(Math.min(n.allLowDecades, n.allHighDecades));
  });
});

describe('the products figure', () => {
  test('draws four networks whose dots (the engine) end on their geometric-mean line', () => {
    const points = pointsOf(figures.productsChart);
    expect(n.productCases.map((c) => c.label)).toEqual(['k = 1.5', 'k = 0.5', '50% at 1.5', '63% at 1.5']);
    for (const c of n.productCases) {
      const end = points.filter((p) => p.series === c.label && p.x === n.depth);
      expect(end.length).toBeGreaterThanOrEqual(2); // the line's point and the dot
      for (const p of end) expect(relative(p.y, productOfScales(c.scales))).toBeLessThan(1e-12);
    }
    expect(n.productEndMaxRelativeDifference).toBeLessThan(1e-15);
  });

  test('the shuffled half-and-half path strays from its line by 27 = 3^3 at most: three surplus layers of one kind', () => {
    const stray = n.shuffledLargestStray;
    const power = Math.log(stray) / Math.log(3);
    expect(Math.abs(power - Math.round(power))).toBeLessThan(1e-9);
    // Independent: the largest surplus of 0.5-layers (or 1.5-layers) over any prefix, each worth a factor √3.
    const scales = n.productCases[2].scales;
    let balance = 0;
    let worst = 0;
    for (const k of scales) {
      balance += k === 1.5 ? 1 : -1;
      worst = Math.max(worst, Math.abs(balance));
    }
    expect(relative(stray, Math.sqrt(3) ** worst)).toBeLessThan(1e-9);
  });

  test('colours each mix as the k it amounts to: half and half between k = 0.5 and k = 1, 63 % at 1.5 nearly grey', () => {
    const colors = colorsOf(figures.productsChart);
    expect(colors['k = 1.5']).toContain('vermillion');
    expect(colors['k = 0.5']).toContain('blue');
    expect(colors['50% at 1.5']).toMatch(/^#/);
    expect(colors['50% at 1.5']).not.toBe(colors['63% at 1.5']);
  });
});

describe('breaking even', () => {
  test('f* = ln 2 / ln 3 ≈ 0.631, a little under two thirds, where f·ln 1.5 + (1 − f)·ln 0.5 = 0', () => {
    expect(n.breakEven).toBeCloseTo(Math.LN2 / Math.log(3), 15);
    expect(Math.abs(n.breakEven * Math.log(1.5) + (1 - n.breakEven) * Math.log(0.5))).toBeLessThan(1e-15);
    expect(n.breakEven).toBeLessThan(2 / 3);
    expect(n.breakEven).toBeGreaterThan(0.6);
  });

  test('63 layers at 1.5 and 37 at 0.5 give 1.5^63·0.5^37; one more at 1.5 gives three times as much', () => {
    expect([n.breakEvenCount, n.breakEvenRest]).toEqual([63, 37]);
    expect(relative(n.breakEvenProduct, 1.5 ** 63 * 0.5 ** 37)).toBeLessThan(RELATIVE);
    expect(relative(n.oneMoreProduct, 1.5 ** 64 * 0.5 ** 36)).toBeLessThan(RELATIVE);
    expect(relative(n.oneMoreProduct / n.breakEvenProduct, 3)).toBeLessThan(RELATIVE);
    // The nearest whole split: below 1 with 63, above 1 with 64.
    expect(n.breakEvenProduct).toBeLessThan(1);
    expect(n.oneMoreProduct).toBeGreaterThan(1);
  });

  test('13 layers more at 1.5 than half and half: a factor 3^13', () => {
    expect(n.extraHighLayers).toBe(13);
    expect(relative(n.breakEvenOverHalf, 3 ** 13)).toBeLessThan(1e-12);
  });

  test('the exercise’s starter is the arithmetic balance, half for 0.5 and 1.5; the solution is the engine’s', async () => {
    const starter =
      await import('../../content/3-forum-questions/products-not-counts/break-even.exercise.ts');
    const solution =
      await import('../../content/3-forum-questions/products-not-counts/break-even.solution.ts');
    expect(starter.breakEvenFraction(0.5, 1.5)).toBe(0.5);
    expect(solution.breakEvenFraction(0.5, 1.5)).toBeCloseTo(n.breakEven, 15);
    expect(solution.breakEvenFraction(0.5, 2)).toBeCloseTo(0.5, 15);
    expect(breakEvenFraction(0.5, 2)).toBe(0.5);
  });
});

describe('order changes the path, not the end', () => {
  test('every order ends at 0.75^50; 0.5 first falls to 0.5^50 at layer 50; 1.5 first climbs to 1.5^50', () => {
    for (const c of n.orderCases) expect(relative(c.signal[n.depth], 0.75 ** 50)).toBeLessThan(RELATIVE);
    expect(n.orderEndMaxRelativeDifference).toBeLessThan(1e-15);
    expect(n.lowFirstTrough).toBe(0.5 ** 50);
    expect(n.lowFirstTroughLayer).toBe(50);
    expect(relative(n.highFirstPeak, 1.5 ** 50)).toBeLessThan(RELATIVE);
  });

  test('alternating layers stray from (√0.75)^l by 1/(0.5/√0.75) = √(4/3)·… at most, under a factor of two', () => {
    // At odd layers the path is 0.5·0.75^((l−1)/2) against (√0.75)^l: a ratio of 0.5/√0.75.
    expect(relative(n.alternatingLargestStray, Math.sqrt(0.75) / 0.5)).toBeLessThan(1e-12);
    expect(n.alternatingLargestStray).toBeLessThan(2);
  });

  test('the orders figure draws four panels whose paths all end at 0.75^50', () => {
    const ends = pointsOf(figures.ordersChart).filter((p) => p.x === n.depth && p.series.startsWith('50%'));
    expect(ends).toHaveLength(4);
    for (const p of ends) expect(relative(p.y, 0.75 ** 50)).toBeLessThan(RELATIVE);
  });

  test('float16 rounds a halved signal to 0 at layer 25, and the 0.5-first network outputs exactly 0', () => {
    expect(n.float16UnderflowLayer).toBe(25);
    expect(roundTo('float16', 2 ** -24)).toBe(FLOAT16_MIN_SUBNORMAL);
    expect(roundTo('float16', 2 ** -25)).toBe(0); // a tie, rounded to the even neighbour, 0
    expect(n.float16LowFirstOutput).toBe(0);
  });
});

describe('layers drawn at random', () => {
  test('the fair coin’s drift is ½·ln 0.75 and its step deviation ½·ln 3; at L = 100, mean 50·ln 0.75, spread 5·ln 3', () => {
    expect(n.fairDrift).toBeCloseTo(0.5 * Math.log(0.75), 15);
    expect(n.fairStepStd).toBeCloseTo(0.5 * Math.log(3), 15);
    expect(n.fairLogMean).toBeCloseTo(50 * Math.log(0.75), 12);
    expect(n.fairLogStd).toBeCloseTo(5 * Math.log(3), 12);
  });

  test('the chance that 100 fair-coin layers end above 1 is P(K ≥ 64), summed here with exact coefficients', () => {
    let tail = 0;
    for (let j = n.aboveOneCount; j <= 100; j++) tail += binomialPmf(100, j, 0.5);
    expect(relative(n.fairAboveOnePercent / 100, tail)).toBeLessThan(1e-10);
    expect(n.aboveOneCount).toBe(64);
    expect(1.5 ** 64 * 0.5 ** 36).toBeGreaterThan(1);
    expect(1.5 ** 63 * 0.5 ** 37).toBeLessThan(1);
  });

  test('the simulated shares agree with the exact ones within their standard errors', () => {
    for (const [measured, exact] of [
      [n.fairAboveOneMeasuredPercent, n.fairAboveOnePercent],
      [n.evenAboveOneMeasuredPercent, n.evenAboveOnePercent],
    ]) {
      const q = exact / 100;
      const standardError = Math.sqrt((q * (1 - q)) / n.walkDraws);
      expect(Math.abs(measured / 100 - q)).toBeLessThan(4 * standardError);
    }
    expect(n.walkDraws).toBe(10000);
  });

  test('at the break-even probability the drift is a rounding error, the spread √(f*(1 − f*))·ln 3·10', () => {
    expect(Math.abs(n.evenDrift)).toBeLessThan(1e-15);
    expect(n.evenLogStd).toBeCloseTo(Math.sqrt(n.breakEven * (1 - n.breakEven)) * Math.log(3) * 10, 12);
    expect(relative(n.evenSpreadFactor, Math.exp(n.evenLogStd))).toBeLessThan(1e-15);
    let tail = 0;
    for (let j = 64; j <= 100; j++) tail += binomialPmf(100, j, n.breakEven);
    expect(relative(n.evenAboveOnePercent / 100, tail)).toBeLessThan(1e-10);
    // "About half", as the TryThis says.
    expect(n.evenAboveOnePercent).toBeGreaterThan(40);
    expect(n.evenAboveOnePercent).toBeLessThan(60);
  });

  test('the share beyond e^(spread) either way is the exact binomial sum of the counts that far from f*·L', () => {
    const step = Math.log(3);
    let outside = 0;
    for (let j = 0; j <= 100; j++) {
      const logProduct = j * Math.log(1.5) + (100 - j) * Math.log(0.5);
      if (Math.abs(logProduct) > n.evenLogStd) outside += binomialPmf(100, j, n.breakEven);
    }
    expect(relative(n.evenOutsideSpreadPercent / 100, outside)).toBeLessThan(1e-10);
    expect(step).toBeGreaterThan(0);
  });

  test('a p of 0.7 makes most networks explode, as the TryThis says', () => {
    const walk = scaleWalk({ low: 0.5, high: 1.5, probabilityHigh: 0.7, depth: 100 });
    expect(walk.drift).toBeGreaterThan(0);
    expect(walk.probabilityAboveOne[100]).toBeGreaterThan(0.5);
  });

  test('the walks figure draws 100 networks per probability, run by the engine, whose ends are products', () => {
    expect(n.walkNetworks).toBe(100);
    expect(n.walkPaths.map((paths) => paths.length)).toEqual([100, 100]);
    const points = pointsOf(figures.walksChart).filter((p) => p.series.endsWith('random networks'));
    expect(points.length).toBe(2 * 100 * 101);
    // Every end value is 1.5^K·0.5^(100 − K) for a whole K.
    for (const path of n.walkPaths.flat()) {
      const K = (Math.log(path[100]) - 100 * Math.log(0.5)) / Math.log(3);
      expect(Math.abs(K - Math.round(K))).toBeLessThan(1e-9);
    }
  });

  test('random-layers draws its networks and prints the closed form’s drift and chance', async () => {
    const { logged } = await run('random-layers');
    const drift = logged.find((args) => String(args[0]).startsWith('drift'))!;
    expect(drift[1]).toBe(n.fairDrift);
    expect(drift[3]).toBe(n.fairStepStd);
    const chance = logged.find((args) => String(args[0]).startsWith('the closed form'))!;
    expect(chance[1]).toBe(n.fairAboveOne);
  });
});

describe('half the units instead of half the layers', () => {
  test('100 layers of diag(0.5, 1.5): 0.5^100 and 1.5^100, a ratio of 3^100', () => {
    expect(n.diagonalShrunk).toBe(0.5 ** 100);
    expect(relative(n.diagonalGrown, 1.5 ** 100)).toBeLessThan(RELATIVE);
    expect(relative(n.diagonalRatio, 3 ** 100)).toBeLessThan(1e-12);
  });

  test('half-the-units prints the same a[L], and a δ[1] of (0.5^99, 1.5^99)', async () => {
    const { logged } = await run('half-the-units');
    const a = logged.find((args) => args[0] === 'a[L] =')![1] as number[];
    expect(a[0]).toBe(n.diagonalShrunk);
    expect(relative(a[1], n.diagonalGrown)).toBeLessThan(RELATIVE);
    const delta = logged.find((args) => args[0] === 'δ[1] =')![1] as number[];
    expect(delta[0]).toBe(0.5 ** 99);
    expect(relative(delta[1], 1.5 ** 99)).toBeLessThan(RELATIVE);
  });
});

describe('the TryThis of half the units: alternate diag(0.5, 1.5) and diag(1.5, 0.5)', () => {
  test('both units end at 0.75^50', () => {
    const layers: Record<number, { init: ReturnType<typeof fixedInit> }> = {};
    for (let l = 1; l <= 100; l++)
      layers[l] = {
        init: fixedInit(
          l % 2 === 0
            ? [
                [1.5, 0],
                [0, 0.5],
              ]
            : [
                [0.5, 0],
                [0, 1.5],
              ],
        ),
      };
    const net = mlp({ sizes: new Array(101).fill(2), activation: 'identity', bias: false, layers });
    const out = forward(net, column([1, 1])).output.data;
    for (const v of out) expect(relative(v, 0.75 ** 50)).toBeLessThan(RELATIVE);
  });
});

describe('gradients, not weights', () => {
  test('the four networks have 40 layers of 64 units and one batch of 16', () => {
    expect([n.compareDepth, n.compareWidth, n.compareBatch]).toEqual([40, 64, 16]);
  });

  test('sigmoid with 1.5·I: weights of 1.5, and a gradient ratio below (1.5·¼)^39', () => {
    expect(n.sigmoidLargestWeight).toBe(1.5);
    expect(n.sigmoidLayerBound).toBe(0.375);
    expect(n.sigmoidDeltaRatio).toBeLessThan(0.375 ** 39);
    expect(n.sigmoidDeltaRatio).toBeGreaterThan(0);
    expect(n.sigmoidFirstRelativeStep).toBeLessThan(1e-15);
  });

  test('the alternating mix: ‖δ[1]‖/‖δ[L]‖ is the product of the factors of layers 2 … 40', () => {
    const scales = mixedScales({ low: 0.5, high: 1.5, depth: 40, countHigh: 20 });
    expect(relative(n.mixDeltaRatio, productOfScales(scales.slice(1)))).toBeLessThan(1e-10);
  });

  test('orthogonal: entries of root mean square exactly 1/8 and a ratio of 1 to rounding', () => {
    expect(n.orthogonalRmsWeight).toBeCloseTo(1 / 8, 14);
    expect(n.orthogonalLargestWeight).toBeLessThan(1);
    expect(Math.abs(n.orthogonalDeltaRatio - 1)).toBeLessThan(1e-12);
    expect(n.orthogonalFirstRelativeStep).toBeGreaterThan(1e10 * n.sigmoidFirstRelativeStep);
  });

  test('He normal: entries near √(2/64) in root mean square, all below 1, and a ratio near 1', () => {
    expect(Math.abs(n.heRmsWeight - Math.sqrt(2 / 64))).toBeLessThan(0.01);
    expect(n.heLargestWeight).toBeLessThan(1);
    expect(n.heDeltaRatio).toBeGreaterThan(0.1);
    expect(n.heDeltaRatio).toBeLessThan(10);
  });

  test('weights-and-gradients shows the same four rows', async () => {
    const { shown } = await run('weights-and-gradients');
    const rows = shown[0] as Record<string, number | string>[];
    const row = (start: string) => rows.find((r) => String(r.network).startsWith(start))!;
    expect(row('sigmoid')['largest |W_ij|']).toBe(n.sigmoidLargestWeight);
    expect(row('sigmoid')['‖δ[1]‖ / ‖δ[L]‖']).toBe(n.sigmoidDeltaRatio);
    expect(row('50%')['‖δ[1]‖ / ‖δ[L]‖']).toBe(n.mixDeltaRatio);
    expect(row('identity')['‖δ[1]‖ / ‖δ[L]‖']).toBe(n.orthogonalDeltaRatio);
    expect(row('identity')['root mean square of W_ij']).toBe(n.orthogonalRmsWeight);
    expect(row('ReLU')['‖δ[1]‖ / ‖δ[L]‖']).toBe(n.heDeltaRatio);
    expect(row('ReLU')['largest |W_ij|']).toBe(n.heLargestWeight);
    expect(row('ReLU')['root mean square of W_ij']).toBe(n.heRmsWeight);
    const chart = shown[1] as PlotOptions;
    const sigmoidFirst = pointsOf(chart).find((p) => p.series.startsWith('sigmoid') && p.x === 1)!;
    expect(sigmoidFirst.y).toBe(n.sigmoidFirstRelativeStep);
  });
});

describe('watching it train', () => {
  test('40 layers of 4 units, 64 examples, 300 steps at learning rate 0.01; 20 and 25 layers at 1.5', () => {
    expect([n.trainDepth, n.trainWidth, n.trainSamples, n.trainSteps, n.learningRate]).toEqual([
      40, 4, 64, 300, 0.01,
    ]);
    expect([...n.trainCounts]).toEqual([20, Math.round(n.breakEven * 40)]);
    expect(relative(n.evenTrainProduct, 0.75 ** 20)).toBeLessThan(RELATIVE);
    expect(relative(n.breakEvenTrainProduct, 1.5 ** 25 * 0.5 ** 15)).toBeLessThan(RELATIVE);
  });

  test('the even mix starts at the loss of predicting 0 and barely moves; the break-even mix fits to rounding', () => {
    // Its output is 0.0032 times the input, so its loss is that of predicting 0 to within about 1 %.
    expect(n.evenStartLoss.toPrecision(4)).toBe(n.zeroPredictionLoss.toPrecision(4));
    expect(n.evenEndLoss).toBeGreaterThan(0.95 * n.evenStartLoss);
    expect(n.breakEvenEndLoss).toBeLessThan(1e-25);
    expect(n.breakEvenStartLoss).toBeGreaterThan(n.evenStartLoss);
    const loss = n.runs[1].history.loss;
    expect(loss[n.breakEvenFitStep - 1]).toBeLessThan(1e-10);
    expect(loss[n.breakEvenFitStep - 2]).toBeGreaterThanOrEqual(1e-10);
  });

  test('the first gradients: layer 1’s is the product over the other layers, so their ratio is near the products’', () => {
    expect(relative(n.firstGradientRatio, n.evenFirstGradient / n.breakEvenFirstGradient)).toBeLessThan(
      RELATIVE,
    );
    const productRatio = n.evenTrainProduct / n.breakEvenTrainProduct;
    expect(relative(n.trainProductRatio, 0.75 ** 20 / (1.5 ** 25 * 0.5 ** 15))).toBeLessThan(RELATIVE);
    expect(n.firstGradientRatio / productRatio).toBeGreaterThan(0.5);
    expect(n.firstGradientRatio / productRatio).toBeLessThan(2);
    // dW[l] carries the product divided by k_l: a 0.5 layer gets three times a 1.5 layer's gradient.
    expect(relative(n.evenLowLayerOverHighLayer, 3)).toBeLessThan(1e-12);
  });

  test('a longer run halves the even mix’s loss only near step 500, many times later than the break-even fit', () => {
    expect(n.longSteps).toBe(1500);
    expect(n.evenEscapeStep).toBeGreaterThan(n.trainSteps);
    expect(n.evenEscapeStep).toBeLessThan(n.longSteps);
    expect(n.evenEscapeStep / n.breakEvenFitStep).toBeGreaterThan(10);
  });

  test('the TryThis’s third run, 30 of 40 layers at 1.5, stops on a non-finite value within a few steps', () => {
    const { stopped } = n.train(30);
    expect(productOfScales(mixedScales({ low: 0.5, high: 1.5, depth: 40, countHigh: 30 }))).toBeGreaterThan(
      100,
    );
    expect(stopped.reason).toBe('non-finite');
    expect((stopped as { step: number }).step).toBeLessThanOrEqual(5);
  });

  test('training prints and draws the same runs', async () => {
    const { shown, logged } = await run('training');
    const ends = logged.filter((args) => String(args[1]).includes('loss at the first and last step'));
    expect(ends.map((args) => [args[2], args[3]])).toEqual([
      [n.evenStartLoss, n.evenEndLoss],
      [n.breakEvenStartLoss, n.breakEvenEndLoss],
    ]);
    const curve = pointsOf(shown[0] as PlotOptions);
    const last = curve.filter((p) => p.series === n.runs[0].label && p.x === n.trainSteps);
    expect(last.length).toBeGreaterThan(0);
    for (const p of last) expect(p.y).toBe(n.evenEndLoss);
  });

  test('the heatmaps’ colour scale: a power of ten two below the even run’s smallest gradient, up to the largest', () => {
    const even = Array.from(n.runs[0].history.gradNormsByLayer.data);
    const all = n.runs.flatMap((run) => Array.from(run.history.gradNormsByLayer.data));
    const smallest = Math.min(...even);
    expect(Math.log10(n.heatmapFloor)).toBe(Math.round(Math.log10(n.heatmapFloor)));
    expect(n.heatmapFloor).toBeLessThan(smallest / 10);
    expect(n.heatmapFloor).toBeGreaterThanOrEqual(smallest / 1000);
    expect(n.heatmapCeiling).toBe(Math.max(...all));
    // The break-even run ends far below the floor: it has fitted the data.
    const G = n.runs[1].history.gradNormsByLayer;
    const lastColumn = Array.from({ length: G.rows }, (_, i) => G.data[i * G.cols + G.cols - 1]);
    expect(n.breakEvenLastGradient).toBe(Math.max(...lastColumn));
    expect(n.breakEvenLastGradient).toBeLessThan(n.heatmapFloor);
    // The even run's largest gradient, every layer and step, is far below the break-even run's first ones.
    expect(n.evenLargestGradient).toBe(Math.max(...even));
    const breakEvenFirst = Array.from({ length: G.rows }, (_, i) => G.data[i * G.cols]);
    expect(n.evenLargestGradient * 10).toBeLessThan(Math.min(...breakEvenFirst));
  });

  test('the figures’ heatmaps share one colour range', () => {
    expect(JSON.stringify(figures.evenHeatmap.color)).toBe(JSON.stringify(figures.breakEvenHeatmap.color));
  });
});

describe('half-and-half, the first example', () => {
  test('prints the forward pass, the product, and the two means of the forum’s network', async () => {
    const { shown, logged } = await run('half-and-half');
    const value = (prefix: string) => logged.find((args) => String(args[0]).startsWith(prefix))![1];
    expect(value('‖a[L]‖ / ‖x‖')).toBe(n.halfOutput);
    expect(value('the product')).toBe(n.halfProduct);
    expect(value('per layer, geometric')).toBe(n.halfEffective);
    expect(value('per layer, arithmetic')).toBe(n.arithmeticMean);
    const last = pointsOf(shown[0] as PlotOptions).filter((p) => p.x === n.depth);
    for (const p of last) expect(relative(p.y, n.halfProduct)).toBeLessThan(RELATIVE);
  });
});
