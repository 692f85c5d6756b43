// The correlation between two inputs in a wide random network (correlation.ts; Poole et al. 2016, Schoenholz et
// al. 2017): the correlation map against its closed forms (ReLU's arc-cosine kernel, erf's arcsine kernel), its
// slope against χ_1 and finite differences, its fixed point c* and depth scale ξ_c, and the edge of chaos.
// Wide networks measured against them: correlation-montecarlo.test.ts.
import { describe, expect, it } from 'vitest';
import {
  correlationDepthScale,
  correlationFixedPoint,
  correlationMap,
  correlationSlope,
  forwardCorrelation,
} from '../src/correlation.js';
import { chi, criticalWeightVariance, forwardVariance, varianceFixedPoint } from '../src/meanfield.js';
import { relativeError } from './support/reference.js';

/** E[relu(u1)relu(u2)] for unit-less q: (q/2π)(√(1 − c²) + (π − arccos c)c), Cho & Saul's arc-cosine kernel. */
const reluKernel = (q: number, c: number) =>
  (q / (2 * Math.PI)) * (Math.sqrt(1 - c * c) + (Math.PI - Math.acos(c)) * c);

/** E[erf(u1)erf(u2)] for covariance q·[[1, c], [c, 1]]: (2/π)·arcsin(2qc/(1 + 2q)) (Williams 1997, α = 1). */
const erfKernel = (q: number, c: number) => (2 / Math.PI) * Math.asin((2 * q * c) / (1 + 2 * q));

describe('the correlation map c ↦ C(c; q) against its closed forms', () => {
  const correlations = [-0.95, -0.4, 0, 0.3, 0.7, 0.95, 0.9999];

  it('is the normalised arc-cosine kernel for ReLU: (σ_w²·k(c) + σ_b²)/(σ_w²q/2 + σ_b²)', () => {
    for (const [sw, sb, q] of [
      [2, 0, 1],
      [1.5, 0.2, 0.7],
      [1, 0.5, 1], // q* = σ_b²/(1 − σ_w²/2) = 1: the default, the fixed point
    ]) {
      for (const c of correlations) {
        const expected = (sw * reluKernel(q, c) + sb) / ((sw * q) / 2 + sb);
        const options = { activation: 'relu' as const, weightVariance: sw, biasVariance: sb, correlation: c };
        expect(Math.abs(correlationMap({ ...options, variance: q }) - expected)).toBeLessThan(1e-14);
      }
    }
    // At q*, with no variance given.
    const atFixedPoint = correlationMap({
      activation: 'relu',
      weightVariance: 1,
      biasVariance: 0.5,
      correlation: 0.3,
    });
    expect(Math.abs(atFixedPoint - (reluKernel(1, 0.3) + 0.5) / 1)).toBeLessThan(1e-14);
    // ReLU correlates what it receives: uncorrelated inputs come out with correlation 1/π (He initialization).
    expect(correlationMap({ activation: 'relu', weightVariance: 2, correlation: 0 })).toBeCloseTo(
      1 / Math.PI,
      15,
    );
  });

  it('is the normalised arcsine kernel for erf, at a given q and at q*', () => {
    for (const [sw, sb, q] of [
      [1.7, 0.1, 0.7],
      [3, 0.05, 4],
    ]) {
      for (const c of correlations) {
        const expected = (sw * erfKernel(q, c) + sb) / (sw * erfKernel(q, 1) + sb);
        const options = { activation: 'erf' as const, weightVariance: sw, biasVariance: sb, correlation: c };
        expect(Math.abs(correlationMap({ ...options, variance: q }) - expected)).toBeLessThan(1e-14);
      }
    }
    const options = { activation: 'erf' as const, weightVariance: 2.5, biasVariance: 0.2 };
    const qStar = varianceFixedPoint(options);
    const expected = (2.5 * erfKernel(qStar, 0.6) + 0.2) / qStar;
    expect(Math.abs(correlationMap({ ...options, correlation: 0.6 }) - expected)).toBeLessThan(1e-11);
  });

  it('keeps identical inputs identical (C(1) = 1) and sends opposite ones to −1 for odd φ without bias', () => {
    for (const activation of ['tanh', 'erf', 'relu', 'gelu'] as const) {
      expect(correlationMap({ activation, weightVariance: 1.7, biasVariance: 0.1, correlation: 1 })).toBe(1);
    }
    expect(correlationMap({ activation: 'tanh', weightVariance: 2, correlation: -1 })).toBeCloseTo(-1, 13);
  });

  it('iterates layer by layer in forwardCorrelation, with the q^l of forwardVariance', () => {
    const network = { activation: 'tanh' as const, weightVariance: 2.5, biasVariance: 0.05 };
    const deep = { ...network, inputVariance: 2, depth: 6 };
    const c = forwardCorrelation({ ...deep, inputCorrelation: 0.9 });
    const q = forwardVariance(deep);
    expect(c[0]).toBe(0.9);
    for (let l = 1; l < 6; l++) {
      expect(c[l]).toBe(correlationMap({ ...network, variance: q[l - 1], correlation: c[l - 1] }));
    }
  });
});

describe('the slope χ_c = ∂C/∂c', () => {
  it('equals χ_1 = σ_w²·E[φ′²] (what chi computes) at c = 1 and q = q*', () => {
    for (const options of [
      { activation: 'tanh' as const, weightVariance: 1.5, biasVariance: 0.05 },
      { activation: 'tanh' as const, weightVariance: 2.5, biasVariance: 0.05 },
      { activation: 'erf' as const, weightVariance: 3, biasVariance: 0.2 },
      { activation: 'relu' as const, weightVariance: 1.5, biasVariance: 0.1 },
    ]) {
      expect(relativeError(correlationSlope(options), chi(options))).toBeLessThan(1e-10);
    }
  });

  it('is the derivative of the map: centred differences of correlationMap agree to 1e−7', () => {
    for (const [activation, c] of [
      ['tanh', 0.5],
      ['erf', -0.3],
      ['relu', 0.8],
    ] as const) {
      const options = { activation, weightVariance: 1.8, biasVariance: 0.1, variance: 1.3 };
      const h = 1e-5;
      const difference =
        (correlationMap({ ...options, correlation: c + h }) -
          correlationMap({ ...options, correlation: c - h })) /
        (2 * h);
      expect(relativeError(correlationSlope({ ...options, correlation: c }), difference)).toBeLessThan(1e-7);
    }
  });

  it('is (π − arccos c)/π for ReLU without bias (the arc-cosine kernel differentiated)', () => {
    for (const c of [-0.5, 0, 0.5, 0.99]) {
      const slope = correlationSlope({ activation: 'relu', weightVariance: 2, correlation: c, variance: 1 });
      expect(Math.abs(slope - (Math.PI - Math.acos(c)) / Math.PI)).toBeLessThan(1e-13);
    }
  });
});

describe('the fixed point c* and the depth scale ξ_c (Schoenholz et al. 2017, eq. 9)', () => {
  it('c* = 1 in the ordered phase (χ_1 < 1), where ξ_c = −1/ln χ_1', () => {
    const options = { activation: 'tanh' as const, weightVariance: 1.5, biasVariance: 0.05 };
    expect(chi(options)).toBeLessThan(1);
    expect(correlationFixedPoint(options)).toBe(1);
    expect(relativeError(correlationDepthScale(options), -1 / Math.log(chi(options)))).toBeLessThan(1e-10);
  });

  it('c* < 1 is a fixed point of C in the chaotic phase, and attracting: χ_c(c*) < 1', () => {
    for (const options of [
      { activation: 'tanh' as const, weightVariance: 2.5, biasVariance: 0.05 },
      { activation: 'erf' as const, weightVariance: 4, biasVariance: 0.3 },
    ]) {
      expect(chi(options)).toBeGreaterThan(1);
      const cStar = correlationFixedPoint(options);
      expect(cStar).toBeGreaterThan(0);
      expect(cStar).toBeLessThan(1);
      expect(Math.abs(correlationMap({ ...options, correlation: cStar }) - cStar)).toBeLessThan(1e-12);
      const slope = correlationSlope({ ...options, correlation: cStar });
      expect(slope).toBeLessThan(1);
      expect(relativeError(correlationDepthScale(options), -1 / Math.log(slope))).toBeLessThan(1e-12);
    }
  });

  it('c* = 0 for an odd φ without bias in the chaotic phase: uncorrelated inputs stay uncorrelated', () => {
    // C(0) = σ_w²·E[tanh(u1)]·E[tanh(u2)]/q* = 0 up to the quadrature's rounding.
    expect(Math.abs(correlationFixedPoint({ activation: 'tanh', weightVariance: 2.5 }))).toBeLessThan(1e-14);
  });

  it('ξ_c diverges at the edge of chaos, from both sides (tanh, σ_b² = 0.05)', () => {
    const biasVariance = 0.05;
    const critical = criticalWeightVariance({ activation: 'tanh', biasVariance });
    const scale = (weightVariance: number) =>
      correlationDepthScale({ activation: 'tanh', weightVariance, biasVariance });
    const below = [0.8, 0.95, 0.99].map((f) => scale(f * critical));
    const above = [1.25, 1.05, 1.01].map((f) => scale(f * critical));
    for (const side of [below, above]) {
      expect(side[1]).toBeGreaterThan(side[0]);
      expect(side[2]).toBeGreaterThan(side[1]);
      expect(side[2]).toBeGreaterThan(50);
    }
    // Ordered side: ξ_c = −1/ln χ_1 ≈ 1/(1 − χ_1), which grows like 1/(σ_w²_c − σ_w²).
    expect(below[2] / below[1]).toBeGreaterThan(4);
    expect(scale(critical)).toBeGreaterThan(1e6);
  });

  it('is Infinity for ReLU at He initialization, which sits on the edge of chaos', () => {
    expect(correlationDepthScale({ activation: 'relu', weightVariance: 2 })).toBe(Infinity);
  });

  it('says why a correlation is undefined when the signal dies out (q* = 0), naming the function', () => {
    expect(() => correlationMap({ activation: 'tanh', weightVariance: 0.5, correlation: 0.5 })).toThrow(
      /^correlationMap: options must be a network whose signal does not die out/,
    );
    expect(() => correlationMap({ activation: 'tanh', weightVariance: 2, correlation: 1.5 })).toThrow(
      /^correlationMap: options\.correlation must be a number between -1 and 1; received 1\.5$/,
    );
    expect(() => correlationMap({ activation: 'tanh', weightVariance: 2, corelation: 0.5 } as never)).toThrow(
      /did you mean "correlation"/,
    );
  });
});
