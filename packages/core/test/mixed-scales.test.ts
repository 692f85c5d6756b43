// Mixes of per-layer scales: the orders of mixed-scales.ts keep the counts and the product, the break-even fraction
// is the root of the log-sum, and the random walk's drift, spread and exact tail agree with brute-force enumeration
// of every sequence of layers and with Monte Carlo over seeded draws, including networks run by `forward`.
import { describe, expect, it } from 'vitest';
import { column } from '../src/matrix.js';
import {
  SCALE_ORDERS,
  breakEvenFraction,
  linearNetworkOfScales,
  mixedScales,
  randomScales,
  scaleWalk,
} from '../src/mixed-scales.js';
import { forward } from '../src/network.js';
import { createRandom } from '../src/random.js';
import { effectiveScale, productOfScales } from '../src/theory.js';
import { thrown } from './support/errors.js';
import { relativeError } from './support/reference.js';

const count = (scales: readonly number[], k: number) => scales.filter((s) => s === k).length;

describe('mixedScales: the same layers in different orders', () => {
  it('puts countHigh layers at high in every order, with the product high^c·low^(L−c)', () => {
    for (const order of SCALE_ORDERS) {
      for (const [L, c] of [
        [100, 50],
        [100, 63],
        [7, 3],
        [5, 0],
        [5, 5],
      ]) {
        const scales = mixedScales({ low: 0.5, high: 1.5, depth: L, countHigh: c, order, seed: 3 });
        expect(scales).toHaveLength(L);
        expect(count(scales, 1.5)).toBe(c);
        expect(count(scales, 0.5)).toBe(L - c);
        expect(relativeError(productOfScales(scales), 1.5 ** c * 0.5 ** (L - c))).toBeLessThan(1e-13);
      }
    }
  });

  it('lowFirst and highFirst are the two blocks; interleaved alternates when half are high', () => {
    const base = { low: 0.5, high: 1.5, depth: 6, countHigh: 3 } as const;
    expect(mixedScales({ ...base, order: 'lowFirst' })).toEqual([0.5, 0.5, 0.5, 1.5, 1.5, 1.5]);
    expect(mixedScales({ ...base, order: 'highFirst' })).toEqual([1.5, 1.5, 1.5, 0.5, 0.5, 0.5]);
    expect(mixedScales(base)).toEqual([0.5, 1.5, 0.5, 1.5, 0.5, 1.5]);
  });

  it('interleaved keeps every prefix within one layer of its share: the high layers are spread evenly', () => {
    const L = 100;
    const c = 63;
    const scales = mixedScales({ low: 0.5, high: 1.5, depth: L, countHigh: c });
    let highs = 0;
    scales.forEach((s, i) => {
      if (s === 1.5) highs++;
      expect(Math.abs(highs - ((i + 1) * c) / L)).toBeLessThan(1);
    });
  });

  it('shuffled is a fixed permutation for a seed, and every position is high about c/L of the time', () => {
    const options = { low: 0.5, high: 1.5, depth: 10, countHigh: 3, order: 'shuffled' } as const;
    expect(mixedScales({ ...options, seed: 7 })).toEqual(mixedScales({ ...options, seed: 7 }));
    const random = createRandom(11);
    const draws = 20000;
    const highAt = new Array<number>(10).fill(0);
    for (let d = 0; d < draws; d++) {
      mixedScales({ ...options, random }).forEach((s, i) => (highAt[i] += s === 1.5 ? 1 : 0));
    }
    // Each position is high with probability 0.3: standard error √(0.3·0.7/20000) ≈ 0.0032; allow 5 of them.
    for (const h of highAt) expect(Math.abs(h / draws - 0.3)).toBeLessThan(0.017);
  });
});

describe('breakEvenFraction', () => {
  it('is ln 2 / ln 3 for 0.5 and 1.5, and makes f·ln high + (1 − f)·ln low vanish', () => {
    expect(breakEvenFraction(0.5, 1.5)).toBeCloseTo(Math.LN2 / Math.log(3), 15);
    for (const [low, high] of [
      [0.5, 1.5],
      [0.9, 1.1],
      [0.1, 7],
      [0.99, 1.5],
    ]) {
      const f = breakEvenFraction(low, high);
      expect(f).toBeGreaterThan(0);
      expect(f).toBeLessThan(1);
      expect(Math.abs(f * Math.log(high) + (1 - f) * Math.log(low))).toBeLessThan(1e-15);
    }
  });

  it('is ½ exactly when high = 1/low, the only case where counting layers works', () => {
    expect(breakEvenFraction(0.5, 2)).toBe(0.5);
    expect(breakEvenFraction(0.8, 1.25)).toBeCloseTo(0.5, 15);
  });

  it('is where a real mix turns from vanishing to exploding: one layer more at high crosses 1', () => {
    const L = 1000;
    const c = Math.floor(breakEvenFraction(0.5, 1.5) * L);
    const below = mixedScales({ low: 0.5, high: 1.5, depth: L, countHigh: c });
    const above = mixedScales({ low: 0.5, high: 1.5, depth: L, countHigh: c + 1 });
    expect(effectiveScale(below)).toBeLessThan(1);
    expect(effectiveScale(above)).toBeGreaterThan(1);
  });

  it('names low or high when no fraction can break even', () => {
    expect(thrown(() => breakEvenFraction(1.2, 1.5)).argument).toBe('low');
    expect(thrown(() => breakEvenFraction(0.5, 0.9)).argument).toBe('high');
    expect(thrown(() => breakEvenFraction(0, 1.5)).argument).toBe('low');
  });
});

describe('linearNetworkOfScales', () => {
  it('multiplies the input by each scale in turn, layer by layer, as productOfScales says', () => {
    const scales = mixedScales({ low: 0.5, high: 1.5, depth: 40, countHigh: 20, order: 'shuffled', seed: 2 });
    const trace = forward(linearNetworkOfScales(scales, 3), column([1, -2, 0.5]));
    let product = 1;
    trace.layers.forEach((layer, i) => {
      product *= scales[i];
      expect(relativeError(layer.a.data[1], -2 * product)).toBeLessThan(1e-14);
    });
    expect(trace.layers).toHaveLength(40);
  });

  it('names the bad scale', () => {
    expect(thrown(() => linearNetworkOfScales([0.5, NaN])).argument).toBe('scales[1]');
    expect(thrown(() => linearNetworkOfScales([])).argument).toBe('scales');
  });
});

describe('scaleWalk: ln‖a^[l]‖ through random layers', () => {
  it('has drift p·ln high + (1 − p)·ln low and step standard deviation √(p(1−p))·ln(high/low)', () => {
    const walk = scaleWalk({ low: 0.5, high: 1.5, probabilityHigh: 0.5, depth: 100 });
    expect(walk.drift).toBeCloseTo(0.5 * Math.log(0.75), 15);
    expect(walk.stepStd).toBeCloseTo(0.5 * Math.log(3), 15);
    expect(walk.effectiveScale).toBeCloseTo(Math.sqrt(0.75), 15);
    expect(walk.logMean[100]).toBeCloseTo(50 * Math.log(0.75), 12);
    expect(walk.logStd[100]).toBeCloseTo(5 * Math.log(3), 12);
    expect(walk.logMean[0]).toBe(0);
    expect(walk.probabilityAboveOne[0]).toBe(0);
  });

  it('has zero drift at the break-even probability', () => {
    const p = breakEvenFraction(0.5, 1.5);
    expect(Math.abs(scaleWalk({ low: 0.5, high: 1.5, probabilityHigh: p, depth: 1 }).drift)).toBeLessThan(
      1e-15,
    );
  });

  it('gives the probability above one that enumerating every sequence of layers gives', () => {
    for (const p of [0.2, 0.5, 0.631, 0.9]) {
      const L = 12;
      const walk = scaleWalk({ low: 0.5, high: 1.5, probabilityHigh: p, depth: L });
      for (let l = 1; l <= L; l++) {
        let total = 0;
        for (let mask = 0; mask < 2 ** l; mask++) {
          let product = 1;
          let probability = 1;
          for (let j = 0; j < l; j++) {
            const high = (mask >> j) & 1;
            product *= high ? 1.5 : 0.5;
            probability *= high ? p : 1 - p;
          }
          if (product > 1) total += probability;
        }
        expect(walk.probabilityAboveOne[l]).toBeCloseTo(total, 13);
      }
    }
  });

  it('does not count a product of exactly 1 as above one (0.5 and 2, as many of each)', () => {
    const walk = scaleWalk({ low: 0.5, high: 2, probabilityHigh: 0.5, depth: 2 });
    // Two layers: 2·2 > 1 only; 0.5·2 = 1 is not above one.
    expect(walk.probabilityAboveOne[2]).toBeCloseTo(0.25, 15);
  });

  it('matches Monte Carlo over seeded networks run by forward: the mean, spread and share above one at depth 100', () => {
    const depth = 100;
    const p = 0.5;
    const networks = 400;
    const random = createRandom('walk');
    const logs: number[] = [];
    for (let s = 0; s < networks; s++) {
      const scales = randomScales({ low: 0.5, high: 1.5, depth, probabilityHigh: p, random });
      const output = forward(linearNetworkOfScales(scales, 1), column([1])).output.data[0];
      logs.push(Math.log(output));
    }
    const walk = scaleWalk({ low: 0.5, high: 1.5, probabilityHigh: p, depth });
    const mean = logs.reduce((a, v) => a + v, 0) / networks;
    const std = Math.sqrt(logs.reduce((a, v) => a + (v - mean) ** 2, 0) / (networks - 1));
    // Standard error of the mean: s·√L/√400 ≈ 0.27; allow four of them. The sample std of 400 draws is within
    // about 3.5% of the truth (1/√(2·399)); allow 15%.
    expect(Math.abs(mean - walk.logMean[depth])).toBeLessThan(4 * (walk.logStd[depth] / Math.sqrt(networks)));
    expect(relativeError(std, walk.logStd[depth])).toBeLessThan(0.15);
  });

  it('gives the share of random products above one that 20,000 seeded draws give, at p = ½ and at break-even', () => {
    for (const p of [0.5, breakEvenFraction(0.5, 1.5)]) {
      const depth = 100;
      const draws = 20000;
      const random = createRandom(`tail ${p}`);
      let above = 0;
      for (let d = 0; d < draws; d++) {
        if (productOfScales(randomScales({ low: 0.5, high: 1.5, depth, probabilityHigh: p, random })) > 1)
          above++;
      }
      const exact = scaleWalk({ low: 0.5, high: 1.5, probabilityHigh: p, depth }).probabilityAboveOne[depth];
      // Binomial standard error √(q(1 − q)/20000); allow five of them.
      expect(Math.abs(above / draws - exact)).toBeLessThan(5 * Math.sqrt((exact * (1 - exact)) / draws));
    }
  });

  it('stays finite and a probability at depth 5000', () => {
    const walk = scaleWalk({ low: 0.5, high: 1.5, probabilityHigh: 0.631, depth: 5000 });
    for (const q of walk.probabilityAboveOne) {
      expect(q).toBeGreaterThanOrEqual(0);
      expect(q).toBeLessThanOrEqual(1);
    }
  });
});

describe('randomScales', () => {
  it('draws high with probability p, layer by layer, reproducibly for a seed', () => {
    const options = { low: 0.5, high: 1.5, depth: 20000, probabilityHigh: 0.3 } as const;
    const a = randomScales({ ...options, seed: 5 });
    expect(randomScales({ ...options, seed: 5 })).toEqual(a);
    // Standard error √(0.3·0.7/20000) ≈ 0.0032; allow five.
    expect(Math.abs(count(a, 1.5) / 20000 - 0.3)).toBeLessThan(0.017);
  });
});

describe('argument errors', () => {
  it('name the option that is wrong', () => {
    const base = { low: 0.5, high: 1.5, depth: 10 };
    expect(thrown(() => mixedScales({ ...base, countHigh: 11 })).argument).toBe('options.countHigh');
    expect(thrown(() => mixedScales({ ...base, countHigh: 2, order: 'shufled' as never })).suggestion).toBe(
      'shuffled',
    );
    expect(thrown(() => mixedScales({ ...base, low: 2, countHigh: 2 })).argument).toBe('options.high');
    expect(thrown(() => randomScales({ ...base, probabilityHigh: 1.2 })).argument).toBe(
      'options.probabilityHigh',
    );
    expect(thrown(() => scaleWalk({ ...base, probabilityHigh: 0.5, steps: 3 } as never)).argument).toBe(
      'options.steps',
    );
  });
});
