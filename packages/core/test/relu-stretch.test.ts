// The length of a signal through ReLU layers of finite width: the closed forms of relu-stretch.ts against
// independent computations (quadrature of ReLU's moments, special values of ψ and ψ′, the large-width expansion)
// and against Monte Carlo, both of the file's own sampler and of networks built by `mlp` and run by `forward`.
import { describe, expect, it } from 'vitest';
import { digamma, trigamma } from '../src/digamma.js';
import { column } from '../src/matrix.js';
import { forward, mlp } from '../src/network.js';
import { gaussianExpectationPiecewise } from '../src/quadrature.js';
import { createRandom } from '../src/random.js';
import { reluLayerStretch, reluStretch, sampleReluLogStretches } from '../src/relu-stretch.js';
import { thrown } from './support/errors.js';

const relu = (z: number) => Math.max(z, 0);

/** Mean and sample standard deviation of the finite values, and the fraction that is finite. */
function summary(values: ArrayLike<number>): { mean: number; std: number; alive: number } {
  const finite = Array.from(values).filter(Number.isFinite);
  const mean = finite.reduce((s, v) => s + v, 0) / finite.length;
  const std = Math.sqrt(finite.reduce((s, v) => s + (v - mean) ** 2, 0) / (finite.length - 1));
  return { mean, std, alive: finite.length / values.length };
}

describe('one ReLU layer of width n, weights N(0, σ²/n)', () => {
  it('keeps σ²/2 of the mean square, and its square has mean (σ⁴/4)(1 + 5/n), as quadrature of relu(g)² and relu(g)⁴ gives', () => {
    // ‖a‖² = (σ²/n)·Σ_i relu(g_i)² with g_i i.i.d. N(0, 1): the moments of one relu(g) assemble the moments of the sum.
    const m2 = gaussianExpectationPiecewise((z) => relu(z) ** 2);
    const m4 = gaussianExpectationPiecewise((z) => relu(z) ** 4);
    expect(m2).toBeCloseTo(0.5, 12);
    expect(m4).toBeCloseTo(1.5, 12);
    for (const n of [1, 3, 16, 256]) {
      for (const variance of [1, 2, 3]) {
        const layer = reluLayerStretch(n, { weightVariance: variance });
        const c = variance / n;
        expect(layer.meanSquare).toBeCloseTo(c * n * m2, 12);
        expect(layer.meanFourthPower).toBeCloseTo(c * c * (n * m4 + n * (n - 1) * m2 * m2), 10);
      }
    }
  });

  it('at width 1 is a coin flip and a half-normal: survival ½, log mean ½[ln 2σ² + ψ(½)], log variance ψ′(½)/4 = π²/8', () => {
    for (const variance of [1, 2]) {
      const layer = reluLayerStretch(1, { weightVariance: variance });
      expect(layer.survival).toBe(0.5);
      expect(layer.logMean).toBeCloseTo(0.5 * (Math.log(2 * variance) + digamma(0.5)), 14);
      expect(layer.logVariance).toBeCloseTo(trigamma(0.5) / 4, 14);
      expect(layer.logVariance).toBeCloseTo(Math.PI ** 2 / 8, 14);
    }
  });

  it('at large widths drifts by about −5/(4n) per layer with log variance about 5/(4n), within 10/n²', () => {
    for (const n of [1000, 10_000]) {
      const layer = reluLayerStretch(n);
      expect(Math.abs(layer.logMean + 5 / (4 * n))).toBeLessThan(10 / n ** 2);
      expect(Math.abs(layer.logVariance - 5 / (4 * n))).toBeLessThan(10 / n ** 2);
      expect(reluLayerStretch(n, { weightVariance: 1 }).logMean - layer.logMean).toBeCloseTo(
        -0.5 * Math.LN2,
        14,
      );
    }
  });

  it('rejects a bad width or weight variance, naming the function and the argument', () => {
    expect(thrown(() => reluLayerStretch(0)).message).toMatch(/^reluLayerStretch: width/);
    expect(thrown(() => reluLayerStretch(4, { weightVariance: 0 })).argument).toBe('options.weightVariance');
    expect(thrown(() => reluLayerStretch(4, { weightVarience: 2 } as never)).message).toContain(
      'did you mean "weightVariance"',
    );
    expect(thrown(() => reluStretch(4, 0)).message).toMatch(/^reluStretch: depth/);
    expect(thrown(() => sampleReluLogStretches({ width: 4, depth: 3 } as never)).argument).toBe(
      'options.samples',
    );
    expect(thrown(() => sampleReluLogStretches({ width: 4, depth: 3, samples: 2, seed: NaN })).argument).toBe(
      'options.seed',
    );
  });
});

describe('L ReLU layers', () => {
  it('multiply the layer law: mean square (σ²/2)^L, relative variance (1 + 5/n)^L − 1, survival (1 − 2^−n)^L', () => {
    const deep = reluStretch(4, 30);
    expect(deep.meanSquare).toBe(1);
    expect(deep.relativeVariance).toBeCloseTo(2.25 ** 30 - 1, -3);
    expect(deep.survival).toBeCloseTo((15 / 16) ** 30, 15);
    const layer = reluLayerStretch(4);
    expect(deep.logMean).toBeCloseTo(30 * layer.logMean, 12);
    expect(deep.logStd).toBeCloseTo(Math.sqrt(30 * layer.logVariance), 12);
    expect(reluStretch(64, 10, { weightVariance: 1 }).meanSquare).toBeCloseTo(2 ** -10, 18);
  });

  // Tolerances: the mean of N surviving samples has standard error logStd/√N; 4 of them. The surviving fraction
  // is binomial, standard error √(p(1 − p)/N); 4 of them.
  for (const [width, depth, samples] of [
    [2, 10, 4000],
    [4, 30, 4000],
    [16, 30, 600],
  ] as const) {
    it(`agree with ${samples} sampled networks of width ${width} and ${depth} layers within 4 standard errors`, () => {
      const theory = reluStretch(width, depth);
      const logs = sampleReluLogStretches({ width, depth, samples, seed: `relu ${width}` });
      const { mean, std, alive } = summary(logs);
      const survivors = alive * samples;
      expect(Math.abs(alive - theory.survival)).toBeLessThan(
        4 * Math.sqrt((theory.survival * (1 - theory.survival)) / samples) + 1e-12,
      );
      expect(Math.abs(mean - theory.logMean)).toBeLessThan((4 * theory.logStd) / Math.sqrt(survivors));
      expect(std / theory.logStd).toBeGreaterThan(0.85);
      expect(std / theory.logStd).toBeLessThan(1.15);
    });
  }

  it('the sampler draws what mlp and forward compute: the same law of ln‖a^[L]‖/‖x‖, within 4 standard errors', () => {
    // 600 networks of width 4 and 8 layers, each built by mlp (He normal, no bias, ReLU everywhere) on its own seed.
    const width = 4;
    const depth = 8;
    const random = createRandom('inputs');
    const logs = Array.from({ length: 600 }, (_, seed) => {
      const net = mlp({
        sizes: new Array<number>(depth + 1).fill(width),
        activation: 'relu',
        outputActivation: 'relu',
        init: 'heNormal',
        bias: false,
        seed,
      });
      const x = Array.from({ length: width }, () => random.normal());
      const out = forward(net, column(x)).output.data;
      const norm = (v: ArrayLike<number>) => Math.hypot(...Array.from(v));
      return Math.log(norm(out) / norm(x));
    });
    const theory = reluStretch(width, depth);
    const { mean, alive } = summary(logs);
    expect(Math.abs(alive - theory.survival)).toBeLessThan(
      4 * Math.sqrt((theory.survival * (1 - theory.survival)) / logs.length),
    );
    expect(Math.abs(mean - theory.logMean)).toBeLessThan(
      (4 * theory.logStd) / Math.sqrt(alive * logs.length),
    );
  });
});
