// The exact finite-width law of a signal's length through random ReLU layers: its closed forms at width 1, its
// large-width limits, and Monte Carlo over independently drawn layers (and over networks built by the engine).
import { describe, expect, it } from 'vitest';
import { createRandom, fillNormal } from '../src/random.js';
import { reluStretch } from '../src/relu-stretch.js';
import { meanFieldNetwork } from '../src/meanfield-network.js';
import { forward } from '../src/network.js';
import { column } from '../src/matrix.js';
import { thrown } from './support/errors.js';

const EULER_GAMMA = 0.5772156649015329;

/** ln(‖a^[L]‖/‖x‖) for `samples` stacks of fresh bias-free ReLU layers, drawn and multiplied here by hand. */
function sampleLogStretches(
  width: number,
  depth: number,
  weightVariance: number,
  samples: number,
  seed: number,
) {
  const random = createRandom(seed);
  const std = Math.sqrt(weightVariance / width);
  const out: number[] = [];
  const row = new Float64Array(width);
  for (let s = 0; s < samples; s++) {
    let v = Float64Array.from({ length: width }, (_, i) => Math.cos(i + s));
    const start = Math.hypot(...v);
    let log = 0;
    for (let l = 0; l < depth; l++) {
      const next = new Float64Array(width);
      for (let i = 0; i < width; i++) {
        fillNormal(row, random, 0, std);
        let z = 0;
        for (let j = 0; j < width; j++) z += row[j] * v[j];
        next[i] = z > 0 ? z : 0;
      }
      const norm = Math.hypot(...next);
      log += Math.log(norm); // −Infinity when every unit is off
      v = next.map((x) => x / (norm || 1));
    }
    out.push(log - Math.log(start));
  }
  return out;
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const variance = (xs: number[]) => {
  const m = mean(xs);
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
};

describe('reluStretch', () => {
  it('at width 1 is σ²·χ²₁ half of the time: log mean ½(ln σ² − γ − ln 2) per layer, log variance π²/8', () => {
    for (const weightVariance of [1, 2, 3]) {
      const s = reluStretch(1, 4, { weightVariance });
      expect(s.logMean).toBeCloseTo(2 * (Math.log(weightVariance) - EULER_GAMMA - Math.LN2), 12);
      expect(s.logStd).toBeCloseTo(Math.sqrt((4 * Math.PI ** 2) / 2) / 2, 12);
      expect(s.allOffProbability).toBeCloseTo(1 - 0.5 ** 4, 14);
      expect(s.meanSquare).toBeCloseTo((weightVariance / 2) ** 4, 12);
      expect(s.secondMomentRatio).toBe(6 ** 4);
    }
  });

  it('at large width drifts by −5/(4n) per layer in the log and spreads by 5/(4n) in its variance', () => {
    const n = 4000;
    const s = reluStretch(n, 1);
    expect(Math.abs(s.logMean + 5 / (4 * n))).toBeLessThan(10 / n ** 2);
    expect(Math.abs(s.logStd ** 2 - 5 / (4 * n))).toBeLessThan(20 / n ** 2);
    expect(s.allOffProbability).toBe(0);
  });

  it('agrees with Monte Carlo over layers drawn by hand: mean square, second moment, log mean and spread, zeros', () => {
    // 40 000 stacks: the standard errors below are about 1% of the quantities they check.
    const width = 4;
    const depth = 3;
    const samples = 40_000;
    for (const weightVariance of [1, 2]) {
      const logs = sampleLogStretches(width, depth, weightVariance, samples, 1 + weightVariance);
      const theory = reluStretch(width, depth, { weightVariance });
      const zeros = logs.filter((x) => x === -Infinity).length;
      // Zeros: binomial count, 4 standard deviations.
      const p = theory.allOffProbability;
      expect(Math.abs(zeros - samples * p)).toBeLessThan(4 * Math.sqrt(samples * p * (1 - p)));
      const finite = logs.filter(Number.isFinite);
      const se = Math.sqrt(variance(finite) / finite.length);
      expect(Math.abs(mean(finite) - theory.logMean)).toBeLessThan(4 * se);
      // The sample variance of a near-Gaussian has relative standard error √(2/N) ≈ 0.7%: 4% is generous.
      expect(Math.sqrt(variance(finite)) / theory.logStd).toBeCloseTo(1, 1);
      const R = logs.map((x) => Math.exp(2 * x));
      const seR = Math.sqrt(variance(R) / samples);
      expect(Math.abs(mean(R) - theory.meanSquare)).toBeLessThan(4 * seR);
      const R2 = R.map((r) => r * r);
      const ratio = mean(R2) / mean(R) ** 2;
      expect(Math.abs(ratio / theory.secondMomentRatio - 1)).toBeLessThan(0.1);
    }
  });

  it('describes the engine’s own He-initialized ReLU networks', () => {
    const width = 16;
    const depth = 8;
    const x = column(Array.from({ length: width }, (_, i) => Math.sin(i + 1)));
    const logs: number[] = [];
    for (let seed = 1; seed <= 1500; seed++) {
      const net = meanFieldNetwork({
        activation: 'relu',
        weightVariance: 2,
        inputSize: width,
        width,
        depth,
        seed,
      });
      logs.push(Math.log(Math.hypot(...forward(net, x).output.data) / Math.hypot(...x.data)));
    }
    const theory = reluStretch(width, depth);
    const finite = logs.filter(Number.isFinite);
    expect(Math.abs(mean(finite) - theory.logMean)).toBeLessThan(
      4 * Math.sqrt(variance(finite) / finite.length),
    );
    expect(Math.sqrt(variance(finite)) / theory.logStd).toBeCloseTo(1, 1);
  });

  it('names the argument that is wrong', () => {
    expect(thrown(() => reluStretch(0, 3)).argument).toBe('width');
    expect(thrown(() => reluStretch(4, 2.5)).argument).toBe('depth');
    expect(thrown(() => reluStretch(4, 2, { weightVariance: -1 })).argument).toBe('options.weightVariance');
  });
});
