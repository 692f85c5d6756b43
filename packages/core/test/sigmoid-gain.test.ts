// Where one sigmoid layer a ↦ σ(w·a + b) stretches a gradient, |w·σ'(w·a + b)| ≥ G: checked against the
// sigmoid's own slope σ(1 − σ) (the engine's activation, which shares no code with these closed forms), against
// Nielsen's logarithmic form of the width, and against a search over the weight written out here.
import { describe, expect, it } from 'vitest';

import { activation } from '../src/activations.js';
import { GradscopeArgumentError } from '../src/errors.js';
import { createRandom } from '../src/random.js';
import { sigmoidGainInterval, sigmoidSlopeEdge, widestSigmoidGainInterval } from '../src/sigmoid-gain.js';

const sigmoid = activation('sigmoid');
/** σ'(u) as the engine's activation computes it, from σ(u): σ(1 − σ). */
const slope = (u: number) => sigmoid.derivative(u, sigmoid.apply(u));
/**
 * σ'(u) = e^(−|u|)/(1 + e^(−|u|))², exact far into the tails, where σ(1 − σ) loses the digits 1 − σ cancels (at
 * u = 18, σ(1 − σ) is right to about 1e-8 only).
 */
const tailSlope = (u: number) => {
  const e = Math.exp(-Math.abs(u));
  return e / (1 + e) ** 2;
};
/** |w·σ'(w·a + b)|: what one layer multiplies a gradient by at the input a. */
const layerGain = (w: number, a: number, b: number) => Math.abs(w * slope(w * a + b));

/** Nielsen's bound on the width, (2/|w|)·ln(|w|(1 + √(1 − 4/|w|))/2 − 1), for |w| ≥ 4. */
const nielsenWidth = (w: number) =>
  (2 / Math.abs(w)) * Math.log((Math.abs(w) * (1 + Math.sqrt(1 - 4 / Math.abs(w)))) / 2 - 1);

describe('sigmoidSlopeEdge', () => {
  it('is where the sigmoid’s slope σ(1 − σ) falls to the given value, from 1/4 at 0 into the far tail', () => {
    expect(sigmoidSlopeEdge(0.25)).toBe(0);
    for (const s of [0.2499, 0.2, 0.1, 0.01, 1e-4, 1e-8]) {
      const u = sigmoidSlopeEdge(s);
      expect(Math.abs(tailSlope(u) - s) / s).toBeLessThan(1e-12);
      expect(tailSlope(u * (1 - 1e-6))).toBeGreaterThan(s);
      expect(tailSlope(u * (1 + 1e-6))).toBeLessThan(s);
      if (s >= 0.01) expect(Math.abs(slope(u) - s) / s).toBeLessThan(1e-12);
    }
  });

  it('agrees with 2·arcosh(1/(2√s)) on both of its branches, and with ln(1/s) far out', () => {
    for (const s of [0.24, 0.19, 0.18, 0.05, 1e-6]) {
      expect(sigmoidSlopeEdge(s)).toBeCloseTo(2 * Math.acosh(1 / (2 * Math.sqrt(s))), 12);
    }
    // σ'(u) = e^(−u)/(1 + e^(−u))² ≈ e^(−u)(1 − 2e^(−u)) for large u.
    expect(sigmoidSlopeEdge(1e-12)).toBeCloseTo(Math.log(1e12), 10);
  });

  it('rejects a slope the sigmoid never reaches, naming itself', () => {
    for (const s of [0, -0.1, 0.26, NaN]) {
      expect(() => sigmoidSlopeEdge(s)).toThrow(GradscopeArgumentError);
      expect(() => sigmoidSlopeEdge(s)).toThrow(/^sigmoidSlopeEdge: slope must be/);
    }
  });
});

describe('sigmoidGainInterval', () => {
  it('finds no input for |w| < 4, and one point, a = −b/w, at |w| = 4', () => {
    for (const w of [0, 0.5, 1, -1, 3.999, -3.999]) expect(sigmoidGainInterval(w)).toBeNull();
    expect(sigmoidGainInterval(4, { bias: -2 })).toEqual({ from: 0.5, to: 0.5, width: 0, edge: 0 });
    expect(sigmoidGainInterval(-4)!.width).toBe(0);
  });

  it('returns the inputs where |w·σ′(w·a + b)| ≥ 1: exactly 1 at its ends, above inside, below outside', () => {
    const random = createRandom(9);
    for (let i = 0; i < 50; i++) {
      const w = (random.uniform() < 0.5 ? -1 : 1) * random.uniform(4.01, 60);
      const b = random.uniform(-5, 5);
      const { from, to, width } = sigmoidGainInterval(w, { bias: b })!;
      expect(width).toBeCloseTo(to - from, 14);
      expect(layerGain(w, from, b)).toBeCloseTo(1, 10);
      expect(layerGain(w, to, b)).toBeCloseTo(1, 10);
      for (const t of [0.01, 0.3, 0.5, 0.7, 0.99])
        expect(layerGain(w, from + t * width, b)).toBeGreaterThan(1);
      expect(layerGain(w, from - 0.01 * width, b)).toBeLessThan(1);
      expect(layerGain(w, to + 0.01 * width, b)).toBeLessThan(1);
    }
  });

  it('has the width of Nielsen’s logarithmic form, for either sign of w and any bias', () => {
    for (const w of [4.5, 5, 6.9, 10, 25, 100, 1e4]) {
      for (const [sign, b] of [
        [1, 0],
        [-1, 3],
      ] as const) {
        const { width } = sigmoidGainInterval(sign * w, { bias: b })!;
        expect(Math.abs(width - nielsenWidth(w)) / nielsenWidth(w)).toBeLessThan(1e-12);
      }
    }
  });

  it('for a gain G is the interval of gain 1 for the weight w/G, shrunk by G', () => {
    // |w·σ'| ≥ G  ⇔  |(w/G)·σ'| ≥ 1 on the same pre-activations, so u* is the same and the width is 2u*/|w|.
    for (const [w, G] of [
      [20, 2],
      [9, 0.5],
      [40, 10],
    ] as const) {
      const scaled = sigmoidGainInterval(w, { gain: G })!;
      const unit = sigmoidGainInterval(w / G)!;
      expect(scaled.edge).toBeCloseTo(unit.edge, 12);
      expect(scaled.width).toBeCloseTo(unit.width / G, 12);
    }
    expect(sigmoidGainInterval(7, { gain: 2 })).toBeNull();
  });

  it('rejects a weight or an option it cannot use, naming itself', () => {
    expect(() => sigmoidGainInterval(Infinity)).toThrow(
      /^sigmoidGainInterval: weight must be a finite number/,
    );
    expect(() => sigmoidGainInterval(6, { gain: 0 })).toThrow(/options\.gain must be/);
    expect(() => sigmoidGainInterval(6, { bais: 1 } as never)).toThrow(/did you mean "bias"/);
  });
});

describe('widestSigmoidGainInterval', () => {
  it('is the widest interval over the weight: a golden-section search on Nielsen’s form agrees', () => {
    // Golden-section search for the maximum of nielsenWidth on [4, 20] (unimodal there), to a bracket of 1e-9.
    const ratio = (Math.sqrt(5) - 1) / 2;
    let [lo, hi] = [4, 20];
    while (hi - lo > 1e-9) {
      const c = hi - ratio * (hi - lo);
      const d = lo + ratio * (hi - lo);
      if (nielsenWidth(c) > nielsenWidth(d)) hi = d;
      else lo = c;
    }
    const searched = (lo + hi) / 2;
    const widest = widestSigmoidGainInterval();
    // The width is flat at its maximum, so the weight is known to about √ε there, the width to ε.
    expect(Math.abs(widest.weight - searched)).toBeLessThan(1e-6);
    expect(Math.abs(widest.width - nielsenWidth(searched)) / widest.width).toBeLessThan(1e-13);
    expect(widest.width).toBeCloseTo(sigmoidGainInterval(widest.weight)!.width, 14);
    for (const w of [4.5, 6, 6.8, 7, 8, 12, 50]) expect(nielsenWidth(w)).toBeLessThan(widest.width);
    // What Nielsen's problem states: greatest near |w| ≈ 6.9, about 0.45.
    expect(widest.weight).toBeCloseTo(6.9, 1);
    expect(widest.width).toBeCloseTo(0.45, 2);
  });

  it('sits where u·tanh(u/2) = 1, and for a gain G at G times the weight, 1/G times the width', () => {
    const { edge, weight, width } = widestSigmoidGainInterval();
    expect(edge * Math.tanh(edge / 2)).toBeCloseTo(1, 14);
    expect(1 / slope(edge)).toBeCloseTo(weight, 10);
    const twice = widestSigmoidGainInterval({ gain: 2 });
    expect(twice.weight).toBeCloseTo(2 * weight, 12);
    expect(twice.width).toBeCloseTo(width / 2, 14);
    expect(() => widestSigmoidGainInterval({ gain: -1 })).toThrow(
      /^widestSigmoidGainInterval: options\.gain/,
    );
  });
});
