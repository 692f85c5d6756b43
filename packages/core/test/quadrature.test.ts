import { describe, expect, it } from 'vitest';
import { GradscopeArgumentError } from '../src/errors.js';
import {
  gaussHermite,
  gaussLegendre,
  gaussianExpectation,
  gaussianExpectationPiecewise,
} from '../src/quadrature.js';
import { normalCdf, normalPdf } from '../src/special.js';
import { trapezoidExpectation } from './support/reference.js';

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
const sigmoidSlope = (z: number): number => sigmoid(z) * (1 - sigmoid(z));
const tanhSquared = (z: number): number => Math.tanh(z) ** 2;

describe('gaussHermite', () => {
  it('has weights summing to √π (the integral of e^(−x²)) for every size', () => {
    for (const n of [1, 2, 5, 20, 80, 200, 600]) {
      const { weights } = gaussHermite(n);
      const sum = weights.reduce((s, w) => s + w, 0);
      expect(Math.abs(sum / Math.sqrt(Math.PI) - 1)).toBeLessThan(1e-13);
    }
  });

  it('reproduces the 3-point rule: nodes 0, ±√(3/2), weights 2√π/3 and √π/6', () => {
    const { nodes, weights } = gaussHermite(3);
    expect(nodes[0]).toBeCloseTo(-Math.sqrt(1.5), 15);
    expect(nodes[1]).toBe(0);
    expect(nodes[2]).toBeCloseTo(Math.sqrt(1.5), 15);
    expect(weights[0]).toBeCloseTo(Math.sqrt(Math.PI) / 6, 15);
    expect(weights[1]).toBeCloseTo((2 * Math.sqrt(Math.PI)) / 3, 15);
  });

  it('returns increasing nodes, symmetric about 0, with symmetric weights', () => {
    const { nodes, weights } = gaussHermite(241);
    for (let i = 1; i < nodes.length; i++) expect(nodes[i]).toBeGreaterThan(nodes[i - 1]);
    for (let i = 0; i < nodes.length; i++) {
      expect(nodes[i] + nodes[nodes.length - 1 - i]).toBe(0);
      expect(weights[i]).toBe(weights[nodes.length - 1 - i]);
    }
  });

  it('hands out copies, so changing one does not corrupt the cached rule', () => {
    const first = gaussHermite(10);
    first.nodes[0] = 123;
    expect(gaussHermite(10).nodes[0]).not.toBe(123);
  });

  it('rejects a size that is not an integer from 1 to 600', () => {
    for (const n of [0, -1, 2.5, NaN, 601]) expect(() => gaussHermite(n)).toThrow(GradscopeArgumentError);
  });
});

describe('gaussLegendre', () => {
  it('integrates x^(2n−2) over [−1, 1] exactly, with weights summing to 2', () => {
    for (const n of [1, 4, 12, 33]) {
      const { nodes, weights } = gaussLegendre(n);
      expect(Math.abs(weights.reduce((s, w) => s + w, 0) - 2)).toBeLessThan(1e-14);
      let integral = 0;
      for (let i = 0; i < n; i++) integral += weights[i] * nodes[i] ** (2 * n - 2);
      expect(Math.abs(integral - 2 / (2 * n - 1))).toBeLessThan(1e-14);
    }
  });
});

describe('gaussianExpectation', () => {
  it('gives the moments of the normal: E z² = v, E z⁴ = 3v², E z⁶ = 15v³ to 1e−12', () => {
    for (const v of [0.01, 0.5, 1, 2, 7]) {
      expect(Math.abs(gaussianExpectation((z) => z * z, { variance: v }) / v - 1)).toBeLessThan(1e-12);
      expect(Math.abs(gaussianExpectation((z) => z ** 4, { variance: v }) / (3 * v * v) - 1)).toBeLessThan(
        1e-12,
      );
      expect(Math.abs(gaussianExpectation((z) => z ** 6, { variance: v }) / (15 * v ** 3) - 1)).toBeLessThan(
        1e-12,
      );
    }
  });

  it('shifts by the mean: E[z²] = v + μ² and E[z] = μ', () => {
    expect(Math.abs(gaussianExpectation((z) => z * z, { variance: 2, mean: 3 }) - 11)).toBeLessThan(1e-12);
    expect(Math.abs(gaussianExpectation((z) => z, { variance: 2, mean: -0.25 }) + 0.25)).toBeLessThan(1e-14);
  });

  it('matches a high-resolution trapezoid rule for E[tanh(z)²] and E[σ′(z)] to 1e−9', () => {
    for (const v of [0.25, 1]) {
      expect(
        Math.abs(gaussianExpectation(tanhSquared, { variance: v }) - trapezoidExpectation(tanhSquared, v)),
      ).toBeLessThan(1e-9);
    }
    for (const v of [0.25, 1, 4]) {
      expect(
        Math.abs(gaussianExpectation(sigmoidSlope, { variance: v }) - trapezoidExpectation(sigmoidSlope, v)),
      ).toBeLessThan(1e-9);
    }
  });

  it('returns f(mean) at variance 0', () => {
    expect(gaussianExpectation(Math.cos, { variance: 0, mean: 0.5 })).toBe(Math.cos(0.5));
  });

  it('rejects a negative or non-finite variance and a non-function integrand', () => {
    expect(() => gaussianExpectation((z) => z, { variance: -1 })).toThrow(GradscopeArgumentError);
    expect(() => gaussianExpectation((z) => z, { variance: Infinity })).toThrow(GradscopeArgumentError);
    expect(() => gaussianExpectation((z) => z, { variance: 1, mean: NaN })).toThrow(GradscopeArgumentError);
    expect(() => gaussianExpectation('z*z' as unknown as (z: number) => number)).toThrow(
      /f must be a function/,
    );
  });
});

describe('gaussianExpectationPiecewise', () => {
  it('gives E[relu′(z)²] = 1/2 and E[relu(z)²] = q/2 at variances from 1e−20 to 1e20', () => {
    for (const q of [1e-20, 1e-6, 0.3, 1, 50, 1e6, 1e20]) {
      expect(
        Math.abs(gaussianExpectationPiecewise((z) => (z > 0 ? 1 : 0), { variance: q }) - 0.5),
      ).toBeLessThan(1e-14);
      const square = gaussianExpectationPiecewise((z) => (z > 0 ? z * z : 0), { variance: q });
      expect(Math.abs(square / (q / 2) - 1)).toBeLessThan(1e-13);
    }
  });

  it('gives E[(z − c)⁺] = σφ(c/σ) − c·Φ(−c/σ) with the kink at c = 1 as a breakpoint', () => {
    for (const q of [0.2, 1, 9]) {
      const sigma = Math.sqrt(q);
      const exact = sigma * normalPdf(1 / sigma) - normalCdf(-1 / sigma);
      const value = gaussianExpectationPiecewise((z) => Math.max(z - 1, 0), {
        variance: q,
        breakpoints: [1],
      });
      expect(Math.abs(value - exact)).toBeLessThan(1e-14);
    }
  });

  it("gives ELU's E[e^(2z); z < 0] = e^(2q)·Φ(−2√q), where Gauss–Hermite misses the kink", () => {
    for (const q of [0.5, 3]) {
      const f = (z: number): number => (z < 0 ? Math.exp(2 * z) : 0);
      const exact = Math.exp(2 * q) * normalCdf(-2 * Math.sqrt(q));
      expect(Math.abs(gaussianExpectationPiecewise(f, { variance: q }) - exact)).toBeLessThan(1e-13);
      // The claim that this rule exists for: 80-point Gauss–Hermite is off in the third decimal here.
      expect(Math.abs(gaussianExpectation(f, { variance: q }) - exact)).toBeGreaterThan(1e-4);
    }
  });

  it('stays accurate for tanh′(z)² = sech⁴(z) at q = 400, far narrower than √q', () => {
    const sech4 = (z: number): number => 1 / Math.cosh(z) ** 4;
    const reference = trapezoidExpectation(sech4, 400);
    expect(Math.abs(gaussianExpectationPiecewise(sech4, { variance: 400 }) / reference - 1)).toBeLessThan(
      1e-12,
    );
    expect(Math.abs(gaussianExpectation(sech4, { variance: 400 }) / reference - 1)).toBeGreaterThan(1e-3);
  });

  it('matches the trapezoid rule for smooth integrands with a mean offset', () => {
    const f = (z: number): number => sigmoid(z) ** 2;
    const reference = trapezoidExpectation((z) => f(z + 0.7), 2.5);
    expect(Math.abs(gaussianExpectationPiecewise(f, { variance: 2.5, mean: 0.7 }) - reference)).toBeLessThan(
      1e-14,
    );
  });

  it('rejects bad options, naming them', () => {
    const f = (z: number): number => z;
    expect(() => gaussianExpectationPiecewise(f, { variance: -1 })).toThrow(/options\.variance/);
    expect(() => gaussianExpectationPiecewise(f, { featureWidth: 0 })).toThrow(/options\.featureWidth/);
    expect(() => gaussianExpectationPiecewise(f, { breakpoints: [NaN] })).toThrow(
      /options\.breakpoints\[0\]/,
    );
    expect(() => gaussianExpectationPiecewise(f, { pointsPerPanel: 0 })).toThrow(/options\.pointsPerPanel/);
  });
});
