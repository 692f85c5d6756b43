// The scanner's measurements against closed forms (the lecture's k·I network, where every number is exact) and
// against mean-field theory (wide random networks, within a stated Monte Carlo tolerance).
import { frobeniusNorm, lossAndGradients } from '@gradscope/core';
import { describe, expect, it } from 'vitest';

import { firstExamples, labData } from '../../src/lab/data.ts';
import { buildNetwork } from '../../src/lab/network.ts';
import { scanSeed } from '../../src/lab/scan.ts';
import { DEFAULT_STATE, type LabState } from '../../src/lab/state.ts';
import { theorySummary } from '../../src/lab/theory.ts';

/** The lecture's network: k·I, linear, no biases, width 2. */
function lecture(k: number, depth: number, dtype: LabState['dtype'] = 'float64'): LabState {
  return {
    ...DEFAULT_STATE,
    depth,
    width: 2,
    activation: 'identity',
    init: 'identity',
    weightVariance: k * k,
    bias: false,
    dtype,
    batch: 4,
  };
}

/** The per-layer factor of a geometric sequence, by least squares on its logarithm over layers [from, to]. */
function factorPerLayer(values: Float64Array, from: number, to: number): number {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let l = from; l <= to; l++) {
    xs.push(l);
    ys.push(Math.log(values[l - 1]));
  }
  const mx = xs.reduce((a, b) => a + b) / xs.length;
  const my = ys.reduce((a, b) => a + b) / ys.length;
  let sxy = 0;
  let sxx = 0;
  xs.forEach((x, i) => {
    sxy += (x - mx) * (ys[i] - my);
    sxx += (x - mx) ** 2;
  });
  return Math.exp(sxy / sxx);
}

describe('the scanner on the lecture network W = k·I', () => {
  it('measures RMS(a^[l]) = k^l·RMS(x) and ‖δ^[l]‖ = k^(L−l)·‖δ^[L]‖, to the last bits', () => {
    const state = lecture(1.5, 20);
    const scan = scanSeed(state, 3);
    const { x } = firstExamples(labData(state, 3), state.batch);
    const rmsX = Math.sqrt(Array.from(x.data).reduce((s, v) => s + v * v, 0) / x.data.length);
    for (let l = 1; l < 20; l++) {
      expect(scan.activationRms[l - 1] / (1.5 ** l * rmsX)).toBeCloseTo(1, 12);
      expect(scan.gradNorm[l - 1] / (1.5 ** (20 - l) * scan.gradNorm[19])).toBeCloseTo(1, 12);
    }
    expect(scan.forwardNonFinite).toBeNull();
    expect(scan.forwardZero).toBeNull();
  });

  it('finds the layer where float32 overflows: the first l at which fround(1.5·…) of the largest input is ∞', () => {
    const state = lecture(1.5, 260, 'float32');
    const scan = scanSeed(state, 1);
    const { x } = firstExamples(labData(state, 1), state.batch);
    let v = Math.max(...Array.from(x.data, Math.abs));
    let expected = 0;
    for (let l = 1; l <= 260 && expected === 0; l++) {
      v = Math.fround(1.5 * v);
      if (v === Infinity) expected = l;
    }
    expect(expected).toBeGreaterThan(200);
    expect(scan.forwardNonFinite).toBe(expected);
    // The loss is then not finite, and backpropagation is NaN from the output down.
    expect(scan.backwardNonFinite).toBe(260);
  });

  it('finds the layer where float16 underflows to exactly 0: the smallest input halved until it rounds to 0', () => {
    const state = lecture(0.5, 60, 'float16');
    const scan = scanSeed(state, 2);
    const { x } = firstExamples(labData(state, 2), state.batch);
    // The layer's z is 0 everywhere once its largest entry (from the largest input) has rounded to 0.
    let v = Math.max(...Array.from(x.data, Math.abs));
    let expected = 0;
    for (let l = 1; l <= 60 && expected === 0; l++) {
      v = Math.f16round ? Math.f16round(0.5 * v) : NaN;
      if (v === 0) expected = l;
    }
    expect(scan.forwardZero).toBe(expected);
    expect(scan.forwardNonFinite).toBeNull();
  });
});

describe('the scanner on wide random networks, against mean-field theory', () => {
  // Width 512, batch 16: each RMS averages 8,192 entries, so its relative error is about 1/√8192 ≈ 1% per layer;
  // finite width adds O(1/n) per layer. 5% over 12 layers is several standard errors.
  it('measures RMS(a^[l]) of a tanh network within 5% of √E[φ(z)²], z ~ N(0, q^l)', () => {
    const state: LabState = {
      ...DEFAULT_STATE,
      depth: 12,
      width: 512,
      batch: 16,
      weightVariance: 1.8,
      biasVariance: 0.05,
    };
    const scan = scanSeed(state, 1);
    const theory = theorySummary(state, scan.inputSecondMoment);
    for (let l = 1; l < 12; l++) {
      expect(Math.abs(scan.activationRms[l - 1] / theory.activationRms![l - 1] - 1)).toBeLessThan(0.05);
    }
  });

  it('measures the squared gradient of ReLU with σ_w² = 1 (Xavier) shrinking by about 1/2 per layer, as χ₁ says', () => {
    const state: LabState = { ...DEFAULT_STATE, activation: 'relu', depth: 30, width: 256, batch: 16 };
    const scan = scanSeed(state, 1);
    const squared = scan.gradNorm.map((g) => g * g);
    // Going back from layer l + 1 to layer l, ‖δ‖² is multiplied by the inverse of its growth towards the output.
    const shrinkPerLayer = 1 / factorPerLayer(squared, 2, 28);
    expect(theorySummary(state).chi1).toBe(0.5);
    // 27 layers of Monte Carlo noise at width 256 move the fitted factor by a few per cent.
    expect(Math.abs(shrinkPerLayer - 0.5)).toBeLessThan(0.03);
  });
});

describe('the scanner reads layers inside normalized and residual blocks', () => {
  it('with branch scale 0, a residual network passes its input and its gradient through unchanged', () => {
    const state: LabState = { ...DEFAULT_STATE, residual: true, branchScale: 0, depth: 8, width: 16 };
    const scan = scanSeed(state, 1);
    for (let l = 2; l < 8; l++) {
      expect(scan.activationRms[l - 1]).toBe(scan.activationRms[0]);
      expect(scan.gradNorm[l - 1]).toBe(0); // the branch's z gets no gradient when its output is multiplied by 0
    }
  });

  it.each([
    ['pre', false],
    ['post', false],
    ['pre', true],
    ['post', true],
  ] as const)(
    'layer norm %s (residual %s): RMS and gradients are finite and positive at every layer',
    (normPlace, residual) => {
      const state: LabState = {
        ...DEFAULT_STATE,
        norm: 'layer',
        normPlace,
        residual,
        depth: 6,
        width: 32,
        batch: 8,
      };
      const scan = scanSeed(state, 1);
      expect(Array.from(scan.activationRms).every((v) => v > 0 && Number.isFinite(v))).toBe(true);
      expect(Array.from(scan.gradNorm).every((v) => v > 0 && Number.isFinite(v))).toBe(true);
      const { blocks, net } = buildNetwork(state, 1);
      expect(blocks).toHaveLength(6);
      expect(net.layers.length).toBe(residual ? (normPlace === 'post' ? 11 : 6) : 11);
    },
  );

  it('after a post-activation layer norm, every hidden layer has RMS 1 (each example: mean 0, variance 1)', () => {
    const state: LabState = {
      ...DEFAULT_STATE,
      norm: 'layer',
      normPlace: 'post',
      depth: 6,
      width: 32,
      batch: 8,
    };
    const scan = scanSeed(state, 1);
    for (let l = 1; l < 6; l++) expect(scan.activationRms[l - 1]).toBeCloseTo(1, 3);
  });
});

describe('the scanner reusing its network between states', () => {
  /** ‖δ^[l]‖ and RMS(a^[l]) of a network built afresh, in fresh matrices: what the scan must reproduce. */
  function freshScan(state: LabState, seed: number) {
    const { net, blocks } = buildNetwork(state, seed);
    const { x, y } = firstExamples(labData(state, seed), state.batch);
    const { trace, gradients } = lossAndGradients(net, x, y, state.loss);
    return {
      gradNorm: blocks.map((b) => frobeniusNorm(gradients.layers[b.dense[0]].delta)),
      activationRms: blocks.map((b) => {
        const a = trace.layers[b.output].a;
        return frobeniusNorm(a) / Math.sqrt(a.data.length);
      }),
    };
  }

  it.each([
    [
      'tanh, biases off after on',
      { weightVariance: 1.7, biasVariance: 0 },
      { weightVariance: 0.6, biasVariance: 0.3 },
    ],
    [
      'the scaled identity',
      { init: 'identity', weightVariance: 1.1 },
      { init: 'identity', weightVariance: 0.8 },
    ],
    [
      'float32, orthogonal',
      { init: 'orthogonal', dtype: 'float32' },
      { init: 'orthogonal', dtype: 'float32', weightVariance: 3 },
    ],
  ] as const)(
    '%s: a state scanned after another of the same shape gives the numbers of a network built afresh',
    (_name, first, second) => {
      const base: LabState = { ...DEFAULT_STATE, depth: 12, width: 24, batch: 6 };
      const a: LabState = { ...base, ...first };
      const b: LabState = { ...base, ...second };
      scanSeed(a, 2);
      const afterOther = (scanSeed(b, 2), scanSeed(a, 2));
      const fresh = freshScan(a, 2);
      expect(Array.from(afterOther.gradNorm)).toEqual(fresh.gradNorm);
      expect(Array.from(afterOther.activationRms)).toEqual(fresh.activationRms);
      const freshB = freshScan(b, 2);
      expect(Array.from(scanSeed(b, 2).gradNorm)).toEqual(freshB.gradNorm);
      // The two states differ, so equal numbers above are not one state's numbers read twice.
      expect(freshB.gradNorm).not.toEqual(fresh.gradNorm);
    },
  );
});
