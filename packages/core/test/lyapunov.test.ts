// Products of Gaussian layers: the closed form of the top Lyapunov exponent against Monte Carlo products of
// actual matrices, the digamma and trigamma functions against numerical integrals of the chi-square density
// (which is what the closed form rests on), and the typical-versus-mean-square contrast a lesson states.
import { describe, expect, it } from 'vitest';
import { digamma, trigamma } from '../src/digamma.js';
import {
  gaussianLyapunovExponent,
  gaussianStretch,
  lyapunovExponent,
  sampleLogStretches,
} from '../src/lyapunov.js';
import { thrown } from './support/errors.js';

const EULER_GAMMA = 0.5772156649015329;

/**
 * E[ln X] and Var[ln X] for X ~ χ²_n, by the trapezoid rule in t = ln x: the density of t is proportional to
 * e^{(n/2)t − e^t/2}, smooth and decaying fast at both ends, where the trapezoid rule converges geometrically.
 */
function logChiSquareMoments(n: number): { mean: number; variance: number } {
  let [z, m1, m2] = [0, 0, 0];
  const h = 1e-3;
  for (let t = -120; t <= 8; t += h) {
    const w = Math.exp((n / 2) * t - Math.exp(t) / 2);
    z += w;
    m1 += w * t;
    m2 += w * t * t;
  }
  const mean = m1 / z;
  return { mean, variance: m2 / z - mean * mean };
}

describe('digamma and trigamma', () => {
  it('take their known values: ψ(1) = −γ, ψ(½) = −γ − 2 ln 2, ψ(n) = −γ + H_{n−1}, ψ′(1) = π²/6, ψ′(½) = π²/2', () => {
    expect(digamma(1)).toBeCloseTo(-EULER_GAMMA, 14);
    expect(digamma(0.5)).toBeCloseTo(-EULER_GAMMA - 2 * Math.LN2, 14);
    let harmonic = 0;
    for (let n = 1; n <= 60; n++) {
      expect(digamma(n)).toBeCloseTo(-EULER_GAMMA + harmonic, 13);
      harmonic += 1 / n;
    }
    expect(trigamma(1)).toBeCloseTo(Math.PI ** 2 / 6, 14);
    expect(trigamma(0.5)).toBeCloseTo(Math.PI ** 2 / 2, 14);
  });

  it('satisfy their recurrences ψ(x + 1) = ψ(x) + 1/x and ψ′(x + 1) = ψ′(x) − 1/x² across the series switch at 10', () => {
    for (const x of [0.01, 0.3, 2.7, 9.5, 9.999, 10, 37.2, 1e6]) {
      expect(digamma(x + 1) - digamma(x)).toBeCloseTo(1 / x, 12);
    }
    // Not at 10^6: there ψ′ ≈ 10^−6 and the difference of two neighbours cancels to ~10^−10 relative.
    for (const x of [0.01, 0.3, 2.7, 9.5, 9.999, 10, 37.2]) {
      expect((trigamma(x) - trigamma(x + 1)) * x * x).toBeCloseTo(1, 12);
    }
  });

  it('give the mean and variance of ln χ²_n: ln 2 + ψ(n/2) and ψ′(n/2), against numerical integration', () => {
    for (const n of [1, 2, 3, 16, 256]) {
      const { mean, variance } = logChiSquareMoments(n);
      expect(Math.LN2 + digamma(n / 2)).toBeCloseTo(mean, 10);
      expect(trigamma(n / 2)).toBeCloseTo(variance, 9);
    }
  });

  it('reject x ≤ 0, naming the function', () => {
    expect(thrown(() => digamma(0)).message).toMatch(/^digamma: x must be a finite number greater than 0/);
    expect(thrown(() => trigamma(-1)).argument).toBe('x');
  });
});

describe('the top Lyapunov exponent of Gaussian layers', () => {
  it('has the closed form ½[ψ(n/2) − ln(n/2)] at entry variance 1/n: −(γ + ln 2)/2 at n = 1, −γ/2 at n = 2, ≈ −1/(2n) for wide layers', () => {
    expect(gaussianLyapunovExponent(1)).toBeCloseTo(-(EULER_GAMMA + Math.LN2) / 2, 14); // E ln|z|, z ~ N(0, 1)
    expect(gaussianLyapunovExponent(2)).toBeCloseTo(-EULER_GAMMA / 2, 14);
    expect(gaussianLyapunovExponent(256) * 512).toBeCloseTo(-1, 2);
    // Newman's unit-variance form ½[ln 2 + ψ(n/2)], shifted by ln σ with σ² = n.
    for (const n of [1, 2, 16, 256]) {
      expect(gaussianLyapunovExponent(n, { weightVariance: n })).toBeCloseTo(
        0.5 * (Math.LN2 + digamma(n / 2)),
        13,
      );
    }
    expect(gaussianLyapunovExponent(256, { weightVariance: 2 }) - gaussianLyapunovExponent(256)).toBeCloseTo(
      Math.log(Math.SQRT2),
      14,
    );
  });

  // Tolerance: 4 standard errors of the mean over the runs (each run's value has variance ψ′(n/2)/(4L)).
  for (const [width, depth, runs] of [
    [1, 1000, 20],
    [2, 1000, 20],
    [16, 1000, 20],
    [256, 50, 4],
  ] as const) {
    it(`agrees with Monte Carlo products of ${width}×${width} matrices within 4 standard errors (${runs} runs of ${depth} layers)`, () => {
      const result = lyapunovExponent({ width, depth, runs, seed: `lyapunov ${width}` });
      expect(result.closedForm).toBe(gaussianLyapunovExponent(width));
      const predictedError = Math.sqrt(trigamma(width / 2) / (4 * depth * runs));
      // The measured standard error is itself an estimate; it should be near the predicted one.
      expect(result.standardError / predictedError).toBeGreaterThan(0.4);
      expect(result.standardError / predictedError).toBeLessThan(1.8);
      expect(Math.abs(result.estimate - result.closedForm)).toBeLessThanOrEqual(4 * result.standardError);
    });
  }

  it('at width 16 Monte Carlo resolves λ₁ < 0 for variance 1/n: the typical signal shrinks though its mean square does not', () => {
    const { estimate, standardError } = lyapunovExponent({
      width: 16,
      depth: 1000,
      runs: 10,
      seed: 'shrinks',
    });
    expect(estimate + 8 * standardError).toBeLessThan(0);
  });

  it('names a bad option', () => {
    expect(thrown(() => lyapunovExponent({ width: 0 })).argument).toBe('options.width');
    expect(thrown(() => lyapunovExponent({ width: 2, runs: 1 })).message).toMatch(
      /standard error needs two runs/,
    );
    expect(thrown(() => lyapunovExponent({ width: 2, weightVariances: 2 } as never)).message).toContain(
      'did you mean "weightVariance"',
    );
    expect(thrown(() => gaussianLyapunovExponent(2, { weightVariance: 0 })).argument).toBe(
      'options.weightVariance',
    );
  });
});

describe('typical and mean-square stretch through Gaussian layers of variance 1/n', () => {
  it('at width 2, 100 layers shrink a typical signal by about 10^−13 while the mean square stays 1', () => {
    const stretch = gaussianStretch(2, 100);
    expect(stretch.meanSquare).toBe(1);
    expect(stretch.typical).toBeCloseTo(2.9236e-13, 17);
    expect(Math.log10(stretch.typical)).toBeCloseTo(-12.53, 2);
  });

  it('at width 256, 100 layers shrink it by about e^(−100/512) ≈ 0.82', () => {
    const { typical, meanSquare } = gaussianStretch(256, 100);
    expect(meanSquare).toBe(1);
    expect(typical).toBeCloseTo(0.8224, 4);
    expect(Math.abs(typical - Math.exp(-100 / 512))).toBeLessThan(3e-4);
  });

  it('sampled products at width 2 have the predicted mean and spread of ln stretch, and nearly all lie far below 1', () => {
    const samples = 2000;
    const logs = sampleLogStretches({ width: 2, depth: 100, samples, seed: 'width 2' });
    const { logMean, logStd } = gaussianStretch(2, 100);
    const mean = logs.reduce((s, v) => s + v, 0) / samples;
    const std = Math.sqrt(logs.reduce((s, v) => s + (v - mean) ** 2, 0) / (samples - 1));
    expect(Math.abs(mean - logMean)).toBeLessThanOrEqual((4 * logStd) / Math.sqrt(samples));
    // The sample standard deviation of n normal draws has relative standard error about 1/√(2n).
    expect(Math.abs(std / logStd - 1)).toBeLessThanOrEqual(4 / Math.sqrt(2 * samples));
    // Mean square 1, yet a stretch above 1 needs ln stretch 4.5 standard deviations above its mean.
    expect(logs.filter((v) => v > 0).length).toBe(0);
  });

  it('one layer multiplies the squared length by σ²·χ²_n/n: its sampled mean is 1 within 4 standard errors', () => {
    const samples = 10_000;
    const squares = Array.from(sampleLogStretches({ width: 16, depth: 1, samples, seed: 'one layer' }), (v) =>
      Math.exp(2 * v),
    );
    const mean = squares.reduce((s, v) => s + v, 0) / samples;
    expect(Math.abs(mean - 1)).toBeLessThanOrEqual(4 * Math.sqrt(2 / 16 / samples)); // Var(χ²_16/16) = 2/16
  });

  it('names a bad argument', () => {
    expect(thrown(() => gaussianStretch(2, 0)).argument).toBe('depth');
    expect(thrown(() => sampleLogStretches({ width: 2, samples: 0 })).argument).toBe('options.samples');
  });
});
