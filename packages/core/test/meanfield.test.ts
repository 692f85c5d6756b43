// The mean-field theory of wide random networks (meanfield.ts): variance propagation, its fixed point q*, the
// gradient factor χ_1, the length map's slope χ_q and the edge of chaos, each against closed forms or an
// independent quadrature (support/reference.ts). Wide networks measured against them: montecarlo.test.ts.
import { describe, expect, it } from 'vitest';
import { activation, SELU_ALPHA, SELU_LAMBDA } from '../src/activations.js';
import { column } from '../src/matrix.js';
import {
  backwardGradientGrowth,
  chi,
  chiPerLayer,
  criticalLine,
  criticalWeightVariance,
  forwardVariance,
  gradientDepthScale,
  lengthDepthScale,
  lengthMapSlope,
  meanSquaredActivation,
  meanSquaredSlope,
  varianceFixedPoint,
  varianceMap,
} from '../src/meanfield.js';
import { relativeError, trapezoidExpectation } from './support/reference.js';

describe('mean-field variance propagation (Poole et al. 2016)', () => {
  it('keeps q^l constant for ReLU at σ_w² = 2 (He) and follows q^l = σ_w²q^(l−1)/2 + σ_b² otherwise', () => {
    expect(
      Array.from(forwardVariance({ activation: 'relu', weightVariance: 2, inputVariance: 0.7, depth: 5 })),
    ).toEqual([0.7, 0.7, 0.7, 0.7, 0.7]);
    const q = forwardVariance({
      activation: 'relu',
      weightVariance: 1.5,
      biasVariance: 0.1,
      inputVariance: 2,
      depth: 8,
    });
    for (let l = 1; l < q.length; l++)
      expect(relativeError(q[l], (1.5 * q[l - 1]) / 2 + 0.1)).toBeLessThan(1e-15);
  });

  it('follows q^l = σ_w²·q^(l−1) + σ_b² for the identity', () => {
    const q = forwardVariance({
      activation: 'identity',
      weightVariance: 0.8,
      biasVariance: 0.05,
      inputVariance: 3,
      depth: 6,
    });
    for (let l = 1; l < q.length; l++) expect(relativeError(q[l], 0.8 * q[l - 1] + 0.05)).toBeLessThan(1e-15);
  });

  it('computes the tanh map q ↦ σ_w²·E[tanh(z)²] + σ_b² to 1e−13 of an independent quadrature', () => {
    for (const [q, sw, sb] of [
      [0.3, 1, 0],
      [1, 2, 0.05],
      [25, 4, 0.3],
    ]) {
      const expected = sw * trapezoidExpectation((z) => Math.tanh(z) ** 2, q) + sb;
      expect(
        relativeError(
          varianceMap({ activation: 'tanh', weightVariance: sw, biasVariance: sb, variance: q }),
          expected,
        ),
      ).toBeLessThan(1e-13);
    }
    const q = forwardVariance({ activation: 'tanh', weightVariance: 1, inputVariance: 1, depth: 3 });
    expect(
      relativeError(
        q[1],
        trapezoidExpectation((z) => Math.tanh(z) ** 2, 1),
      ),
    ).toBeLessThan(1e-13);
  });

  it('takes q^1 = σ_w²·‖x‖²/N_0 + σ_b² from an input, its mean square, or q^1 itself alike', () => {
    const x = [1, -2, 0.5, 3];
    const meanSquare = (1 + 4 + 0.25 + 9) / 4;
    const base = { activation: 'tanh' as const, weightVariance: 1.3, biasVariance: 0.2, depth: 4 };
    const fromInput = forwardVariance({ ...base, input: x });
    expect(fromInput[0]).toBeCloseTo(1.3 * meanSquare + 0.2, 14);
    expect(forwardVariance({ ...base, input: column(x) })).toEqual(fromInput);
    expect(forwardVariance({ ...base, inputSecondMoment: meanSquare })).toEqual(fromInput);
    expect(forwardVariance({ ...base, inputVariance: 1.3 * meanSquare + 0.2 })[3]).toBeCloseTo(
      fromInput[3],
      14,
    );
  });

  it('rejects a missing or doubled input, a bad depth and an unknown activation, naming them', () => {
    const base = { activation: 'relu' as const, weightVariance: 2, depth: 3 };
    expect(() => forwardVariance(base)).toThrow(/exactly one of inputVariance/);
    expect(() => forwardVariance({ ...base, inputVariance: 1, input: [1] })).toThrow(
      /inputVariance and input/,
    );
    expect(() => forwardVariance({ ...base, inputVariance: 1, depth: 0 })).toThrow(/options\.depth/);
    expect(() => forwardVariance({ ...base, inputVariance: -1 })).toThrow(/options\.inputVariance/);
    expect(() => forwardVariance({ ...base, weightVariance: NaN, inputVariance: 1 })).toThrow(
      /options\.weightVariance/,
    );
    expect(() => forwardVariance({ ...base, activation: 'tahn' as 'tanh', inputVariance: 1 })).toThrow(
      /^forwardVariance: options\.activation must be one of .*\(did you mean "tanh"\?\)$/,
    );
    expect(() => forwardVariance({ ...base, inputVarience: 1 } as never)).toThrow(
      /did you mean "inputVariance"/,
    );
  });

  it('gives E[relu(z)²] = q/2, E[relu′(z)²] = 1/2 and the q → 0⁺ limit of a kinked slope', () => {
    expect(meanSquaredActivation({ activation: 'relu', variance: 3 })).toBe(1.5);
    expect(meanSquaredSlope({ activation: 'relu', variance: 5 })).toBe(0.5);
    expect(meanSquaredSlope({ activation: 'elu', variance: 0 })).toBe(1); // ELU (α = 1): slope 1 on both sides of 0
    expect(meanSquaredSlope({ activation: 'selu', variance: 0 })).toBeCloseTo(
      (SELU_LAMBDA ** 2 * (1 + SELU_ALPHA ** 2)) / 2,
      14,
    );
    expect(meanSquaredSlope({ activation: 'tanh', variance: Infinity })).toBe(0);
    expect(meanSquaredActivation({ activation: 'tanh', variance: Infinity })).toBeCloseTo(1, 12);
    // A variance only by name: a bare number (a standard deviation?) is refused.
    expect(() => meanSquaredActivation('relu' as never)).toThrow(
      /^meanSquaredActivation: options must be an object/,
    );
  });
});

describe('the variance fixed point q*', () => {
  it('is σ_b²/(1 − σ_w²/2) for ReLU below σ_w² = 2', () => {
    for (const [sw, sb] of [
      [1, 0.5],
      [1.8, 0.1],
    ]) {
      const qStar = varianceFixedPoint({ activation: 'relu', weightVariance: sw, biasVariance: sb });
      expect(relativeError(qStar, sb / (1 - sw / 2))).toBeLessThan(1e-10);
    }
  });

  it('is Infinity when q grows without bound (ReLU above σ_w² = 2, or at 2 with a bias)', () => {
    for (const [sw, sb] of [
      [3, 0],
      [2.0001, 0],
      [2, 0.1],
    ]) {
      expect(varianceFixedPoint({ activation: 'relu', weightVariance: sw, biasVariance: sb })).toBe(Infinity);
    }
    const softplus = varianceFixedPoint({ activation: 'softplus', weightVariance: 2 });
    expect(softplus).toBe(Infinity); // q grows by ~1/√q per layer: slower and slower, but without bound
  });

  it('is 0 for tanh in the ordered phase at σ_b = 0, even at σ_w² = 1 where q^l falls only like 1/(2l)', () => {
    for (const sw of [0.5, 0.99, 1]) {
      expect(varianceFixedPoint({ activation: 'tanh', weightVariance: sw })).toBe(0);
    }
  });

  it('solves q* = σ_w²·E[tanh(z)²] + σ_b² and is where a deep network settles', () => {
    const options = { activation: 'tanh' as const, weightVariance: 2, biasVariance: 0.05 };
    const value = varianceFixedPoint(options);
    expect(Number.isFinite(value)).toBe(true);
    expect(
      relativeError(2 * trapezoidExpectation((z) => Math.tanh(z) ** 2, value) + 0.05, value),
    ).toBeLessThan(1e-11);
    const q = forwardVariance({ ...options, inputVariance: 5, depth: 300 });
    expect(relativeError(q[299], value)).toBeLessThan(1e-11);
    // Near the critical σ_w² = 1 convergence is slow; the bracketing step still lands on the root.
    const slow = varianceFixedPoint({ activation: 'tanh', weightVariance: 1.01 });
    expect(
      relativeError(varianceMap({ activation: 'tanh', weightVariance: 1.01, variance: slow }), slow),
    ).toBeLessThan(1e-11);
  });
});

describe('the gradient growth factor χ (Schoenholz et al. 2017)', () => {
  it('is σ_w²/2 for ReLU whatever σ_b, and σ_w² for tanh in the ordered phase (q* = 0)', () => {
    expect(chi({ activation: 'relu', weightVariance: 2 })).toBe(1);
    expect(chi({ activation: 'relu', weightVariance: 3, biasVariance: 0.4 })).toBe(1.5);
    expect(chi({ activation: 'tanh', weightVariance: 0.5 })).toBe(0.5);
  });

  it('is σ_w²·E[sech⁴(z)] at the tanh fixed point, and above 1 there (chaotic) for σ_w² = 2', () => {
    const options = { activation: 'tanh' as const, weightVariance: 2, biasVariance: 0.05 };
    const q = varianceFixedPoint(options);
    const expected = 2 * trapezoidExpectation((z) => 1 / Math.cosh(z) ** 4, q);
    expect(relativeError(chi(options), expected)).toBeLessThan(1e-12);
    expect(chi(options)).toBeGreaterThan(1);
    expect(
      relativeError(
        chi({ ...options, variance: 0.3 }),
        2 * trapezoidExpectation((z) => 1 / Math.cosh(z) ** 4, 0.3),
      ),
    ).toBeLessThan(1e-12);
  });

  it('multiplies per layer into the backward growth: ReLU at σ_w² = 1 halves ‖delta‖² per layer', () => {
    const growth = backwardGradientGrowth({
      activation: 'relu',
      weightVariance: 1,
      inputVariance: 1,
      depth: 5,
    });
    expect(Array.from(growth)).toEqual([1 / 16, 1 / 8, 1 / 4, 1 / 2, 1]);
    const options = {
      activation: 'tanh' as const,
      weightVariance: 1.5,
      biasVariance: 0.1,
      inputVariance: 4,
      depth: 7,
    };
    const chis = chiPerLayer(options);
    const ratios = backwardGradientGrowth(options);
    for (let l = 0; l < 6; l++) expect(relativeError(ratios[l], ratios[l + 1] * chis[l])).toBeLessThan(1e-15);
    expect(gradientDepthScale({ activation: 'relu', weightVariance: 1 })).toBeCloseTo(1 / Math.LN2, 14);
  });

  it('has critical weight variances ReLU 2, identity 1, leaky ReLU 2/(1 + s²), tanh 1 at σ_b = 0', () => {
    expect(criticalWeightVariance({ activation: 'relu' })).toBe(2);
    expect(criticalWeightVariance({ activation: 'relu', biasVariance: 0.3 })).toBe(2);
    expect(criticalWeightVariance({ activation: 'identity' })).toBe(1);
    expect(criticalWeightVariance({ activation: activation('leakyRelu', { slope: 0.2 }) })).toBeCloseTo(
      2 / 1.04,
      14,
    );
    expect(Math.abs(criticalWeightVariance({ activation: 'tanh' }) - 1)).toBeLessThan(1e-9);
    // σ_b² only by name: criticalWeightVariance('tanh', 0.05) cannot mean a standard deviation by mistake.
    expect(() => criticalWeightVariance('tanh' as never)).toThrow(/^criticalWeightVariance: options must be/);
  });

  it('solves χ(σ_w²) = 1 for tanh with a bias and for the sigmoid, where no closed form exists', () => {
    for (const [name, sb] of [
      ['tanh', 0.05],
      ['tanh', 0.5],
      ['sigmoid', 0],
    ] as const) {
      const sw = criticalWeightVariance({ activation: name, biasVariance: sb });
      expect(Math.abs(chi({ activation: name, weightVariance: sw, biasVariance: sb }) - 1)).toBeLessThan(
        1e-9,
      );
      expect(chi({ activation: name, weightVariance: sw * 0.9, biasVariance: sb })).toBeLessThan(1);
      expect(chi({ activation: name, weightVariance: sw * 1.1, biasVariance: sb })).toBeGreaterThan(1);
    }
  });
});

/**
 * tanh's critical σ_w² at a given σ_b², computed independently of the engine: q* by plain iteration of the map
 * with trapezoid expectations, χ_1 = σ_w²·E[sech⁴] there, and bisection on χ_1 − 1 (χ_1 increases with σ_w²).
 */
function tanhCriticalByBisection(biasVariance: number): number {
  const fixedPoint = (sw: number): number => {
    let q = 1;
    for (let i = 0; i < 1000; i++) {
      const next = sw * trapezoidExpectation((z) => Math.tanh(z) ** 2, q, 40, 12) + biasVariance;
      if (Math.abs(next - q) <= 1e-15 * q) return next;
      q = next;
    }
    return q;
  };
  const excess = (sw: number) =>
    sw * trapezoidExpectation((z) => 1 / Math.cosh(z) ** 4, fixedPoint(sw), 40, 12) - 1;
  let low = 1;
  let high = 3;
  for (let i = 0; i < 36; i++) {
    const middle = (low + high) / 2;
    if (excess(middle) < 0) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

describe('the length map near q*: χ_q and the depth scale ξ_q (Schoenholz et al. 2017, eq. 5)', () => {
  it('χ_q = σ_w²·E[φ″φ + φ′²] at q*: σ_w²/2 for ReLU, and for tanh and erf to 1e−11 of the formula itself', () => {
    expect(lengthMapSlope({ activation: 'relu', weightVariance: 1, biasVariance: 0.5 })).toBe(0.5);
    const tanhSecond = (z: number) => -2 * Math.tanh(z) * (1 - Math.tanh(z) ** 2);
    const erfSecond = (z: number) => (-4 / Math.sqrt(Math.PI)) * z * Math.exp(-z * z);
    for (const [name, phi, slope, second] of [
      ['tanh', Math.tanh, (z: number) => 1 - Math.tanh(z) ** 2, tanhSecond],
      [
        'erf',
        (z: number) => activation('erf').apply(z),
        (z: number) => (2 / Math.sqrt(Math.PI)) * Math.exp(-z * z),
        erfSecond,
      ],
    ] as const) {
      for (const [sw, sb] of [
        [1.5, 0.05],
        [2.5, 0.3],
      ]) {
        const options = { activation: name, weightVariance: sw, biasVariance: sb };
        const q = varianceFixedPoint(options);
        const expected = sw * trapezoidExpectation((z) => second(z) * phi(z) + slope(z) ** 2, q);
        expect(relativeError(lengthMapSlope(options), expected)).toBeLessThan(1e-11);
      }
    }
  });

  it('χ_q is the slope of the variance map at q* (a centred difference of varianceMap agrees to 1e−7)', () => {
    const options = { activation: 'tanh' as const, weightVariance: 2, biasVariance: 0.1 };
    const q = varianceFixedPoint(options);
    const h = 1e-5 * q;
    const difference =
      (varianceMap({ ...options, variance: q + h }) - varianceMap({ ...options, variance: q - h })) / (2 * h);
    expect(relativeError(lengthMapSlope(options), difference)).toBeLessThan(1e-7);
  });

  it('ξ_q = −1/ln χ_q is the depth over which q^l settles: (q^(l+1) − q*)/(q^l − q*) tends to χ_q', () => {
    for (const options of [
      { activation: 'tanh' as const, weightVariance: 1.5, biasVariance: 0.05 },
      { activation: 'erf' as const, weightVariance: 3, biasVariance: 0.2 },
    ]) {
      const qStar = varianceFixedPoint(options);
      const q = forwardVariance({ ...options, inputVariance: 3 * qStar, depth: 200 });
      // Near q* the distance shrinks by χ_q per layer, up to a relative error O((q^l − q*)/q*): take the last
      // layer still 1e−6·q* away (further in, the rounding of q* itself, ~1e−12·q*, would show).
      let l = 0;
      while (Math.abs(q[l + 1] - qStar) > 1e-6 * qStar) l++;
      const ratio = (q[l + 1] - qStar) / (q[l] - qStar);
      expect(l).toBeGreaterThan(5);
      expect(relativeError(ratio, lengthMapSlope(options))).toBeLessThan(1e-4);
      expect(relativeError(lengthDepthScale(options), -1 / Math.log(lengthMapSlope(options)))).toBeLessThan(
        1e-15,
      );
    }
    expect(lengthDepthScale({ activation: 'relu', weightVariance: 1, biasVariance: 0.5 })).toBeCloseTo(
      1 / Math.LN2,
      14,
    );
  });

  it('refuses ξ_q where q grows without bound, unless given a variance to take the slope at', () => {
    expect(() => lengthMapSlope({ activation: 'softplus', weightVariance: 2 })).toThrow(
      /^lengthMapSlope: options must be a network with a finite fixed point q\*/,
    );
    expect(Number.isFinite(lengthMapSlope({ activation: 'softplus', weightVariance: 2, variance: 4 }))).toBe(
      true,
    );
  });
});

describe('the critical line σ_w²(σ_b²) where χ_1 = 1 (Poole et al. 2016; Schoenholz et al. 2017, Fig. 1)', () => {
  it('matches an independent bisection for tanh at σ_b² = 0.05 (≈ 1.761) and 0.3, and starts at 1 for σ_b² = 0', () => {
    const points = criticalLine({ activation: 'tanh', biasVariances: [0, 0.05, 0.3] });
    expect(points.map((p) => p.biasVariance)).toEqual([0, 0.05, 0.3]);
    expect(Math.abs(points[0].weightVariance - 1)).toBeLessThan(1e-9);
    for (const point of points.slice(1)) {
      expect(relativeError(point.weightVariance, tanhCriticalByBisection(point.biasVariance))).toBeLessThan(
        1e-9,
      );
    }
    expect(points[1].weightVariance).toBeGreaterThan(1.76);
    expect(points[1].weightVariance).toBeLessThan(1.762);
  });

  it('separates the phases: χ_1 = 1 on it, below 1 to its left and above 1 to its right, and rises with σ_b²', () => {
    const points = criticalLine({ activation: 'tanh', biasVariances: [0.02, 0.1, 0.5, 1] });
    for (const { biasVariance, weightVariance } of points) {
      expect(Math.abs(chi({ activation: 'tanh', weightVariance, biasVariance }) - 1)).toBeLessThan(1e-9);
      expect(chi({ activation: 'tanh', weightVariance: 0.95 * weightVariance, biasVariance })).toBeLessThan(
        1,
      );
      expect(
        chi({ activation: 'tanh', weightVariance: 1.05 * weightVariance, biasVariance }),
      ).toBeGreaterThan(1);
    }
    for (let i = 1; i < points.length; i++)
      expect(points[i].weightVariance).toBeGreaterThan(points[i - 1].weightVariance);
    expect(criticalLine({ activation: 'relu', biasVariances: [0, 1] }).map((p) => p.weightVariance)).toEqual([
      2, 2,
    ]);
  });

  it('names itself and the bad entry when a bias variance is not a variance', () => {
    expect(() => criticalLine({ activation: 'tanh', biasVariances: [0.05, -1] })).toThrow(
      /^criticalLine: options\.biasVariances\[1\] must be a finite number ≥ 0; received -1$/,
    );
    expect(() => criticalLine({ activation: 'tanh', biasVariance: [0.05] } as never)).toThrow(
      /did you mean "biasVariances"/,
    );
  });
});
