import { describe, expect, it } from 'vitest';
import {
  ACTIVATION_NAMES,
  SELU_ALPHA,
  SELU_LAMBDA,
  activation,
  activationBackward,
  applyActivation,
  resolveActivation,
  type Activation,
} from '../src/activations.js';
import { GradscopeArgumentError } from '../src/errors.js';
import { fromData, matrix, zeros } from '../src/matrix.js';
import { createRandom } from '../src/random.js';

/** Seeded points in [−6, 6], kept away from the kink at 0 so finite differences do not straddle it. */
function samplePoints(seed: number, count: number): number[] {
  const random = createRandom(seed);
  const points: number[] = [];
  while (points.length < count) {
    const z = random.uniform(-6, 6);
    if (Math.abs(z) > 1e-3) points.push(z);
  }
  return points;
}

/** The classic relative error with a floor, so two exact zeros compare as equal. */
function relativeError(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(a) + Math.abs(b), 1e-8);
}

const configured: Activation[] = [
  ...ACTIVATION_NAMES.map((name) => activation(name)),
  activation('leakyRelu', { slope: 0.2 }),
  activation('elu', { alpha: 0.5 }),
];

describe('activations', () => {
  for (const g of configured) {
    it(`${g.label} passes a centred finite-difference check of its derivative`, () => {
      // Centred differences have truncation error O(h²·g''') and rounding error about 2ε·|g(z)|/(2h); h = 1e-5
      // balances them near 1e-10 absolute. Allowed: 1e-6 relative, plus twice that rounding error, which matters
      // only where g' is tiny beside g itself (erf at |z| = 5: g' ≈ 1.6e-11, rounding ≈ 2e-11).
      const h = 1e-5;
      let worst = 0;
      for (const z of samplePoints(11, 400)) {
        const numeric = (g.apply(z + h) - g.apply(z - h)) / (2 * h);
        const analytic = g.derivative(z, g.apply(z));
        const rounding = (2 * Number.EPSILON * Math.max(1, Math.abs(g.apply(z)))) / h;
        worst = Math.max(worst, Math.abs(analytic - numeric) / (1e-6 * Math.abs(numeric) + rounding));
      }
      expect(worst).toBeLessThan(1);
    });
  }

  it('sigmoid has slope 1/4 at 0, which is its maximum', () => {
    const g = activation('sigmoid');
    expect(g.apply(0)).toBe(0.5);
    expect(g.derivative(0, g.apply(0))).toBe(0.25);
    let max = 0;
    for (let z = -8; z <= 8; z += 0.01) max = Math.max(max, g.derivative(z, g.apply(z)));
    expect(max).toBeLessThanOrEqual(0.25);
    expect(max).toBeGreaterThan(0.25 - 1e-12);
  });

  it('tanh has slope 1 at 0', () => {
    const g = activation('tanh');
    expect(g.derivative(0, g.apply(0))).toBe(1);
  });

  it('sigmoid and softplus stay finite and exact for huge |z|', () => {
    const sigmoid = activation('sigmoid');
    const softplus = activation('softplus');
    expect(sigmoid.apply(1000)).toBe(1);
    expect(sigmoid.apply(-1000)).toBe(0);
    expect(sigmoid.apply(-40)).toBeCloseTo(Math.exp(-40) / (1 + Math.exp(-40)), 30);
    expect(softplus.apply(1000)).toBe(1000);
    expect(softplus.apply(-1000)).toBe(0);
    // log(1 + e^−30) ≈ e^−30 to relative 1e-13; a naive log(1 + exp(z)) would return exactly 0.
    expect(relativeError(softplus.apply(-30), Math.exp(-30))).toBeLessThan(1e-12);
  });

  it('SELU tends to −λα as z → −∞ and has slope λ for z > 0', () => {
    const g = activation('selu');
    expect(g.apply(-1000)).toBeCloseTo(-SELU_LAMBDA * SELU_ALPHA, 15);
    expect(SELU_LAMBDA * SELU_ALPHA).toBeCloseTo(1.7580993408473766, 15);
    expect(g.derivative(2, g.apply(2))).toBe(SELU_LAMBDA);
  });

  it('exact GELU is z·Φ(z): GELU(1) = Φ(1) and GELU(−1) = −Φ(−1)', () => {
    const g = activation('gelu');
    expect(relativeError(g.apply(1), 0.8413447460685429)).toBeLessThan(1e-15);
    expect(relativeError(g.apply(-1), -0.15865525393145707)).toBeLessThan(1e-15);
    expect(g.derivative(0, 0)).toBe(0.5);
  });

  it('uses g′(0) = 0 for ReLU and the slope for leaky ReLU at the kink', () => {
    expect(activation('relu').derivative(0, 0)).toBe(0);
    expect(activation('leakyRelu').derivative(0, 0)).toBe(0.01);
    expect(activation('leakyRelu', { slope: 0.3 }).apply(-2)).toBeCloseTo(-0.6, 15);
  });

  it('ELU with α = 1 tends to −1 and is continuous in slope at 0', () => {
    const g = activation('elu');
    expect(g.apply(-1000)).toBe(-1);
    expect(g.derivative(0, g.apply(0))).toBe(1);
    expect(activation('elu', { alpha: 2 }).apply(-1000)).toBe(-2);
  });

  it('marks saturated sigmoid and tanh units below 1% of the maximum slope, and dead ReLUs at z ≤ 0', () => {
    const sigmoid = activation('sigmoid');
    const tanh = activation('tanh');
    const relu = activation('relu');
    const isInactive = (g: Activation, z: number) => g.inactive!.test(z, g.apply(z));
    expect(sigmoid.inactive?.kind).toBe('saturated');
    // σ'(z) = 0.0025 at |z| = 5.99 (ln of the root of a(1−a) = 0.0025), tanh'(z) = 0.01 at |z| = 2.99.
    expect(isInactive(sigmoid, 5.9)).toBe(false);
    expect(isInactive(sigmoid, -6.1)).toBe(true);
    expect(isInactive(tanh, 2.9)).toBe(false);
    expect(isInactive(tanh, -3.1)).toBe(true);
    expect(relu.inactive?.kind).toBe('dead');
    expect(isInactive(relu, 0)).toBe(true);
    expect(isInactive(relu, 1e-9)).toBe(false);
    for (const name of ['identity', 'leakyRelu', 'elu', 'selu', 'gelu', 'softplus'] as const) {
      expect(activation(name).inactive).toBeUndefined();
    }
  });

  it('gives the same numbers in the fast loops and the generic loop', () => {
    const random = createRandom(5);
    const Z = zeros(7, 9);
    for (let i = 0; i < Z.data.length; i++) Z.data[i] = random.normal(0, 4);
    Z.data[0] = 0;
    const dA = zeros(7, 9);
    for (let i = 0; i < dA.data.length; i++) dA.data[i] = random.normal();
    for (const name of ['identity', 'relu', 'tanh', 'sigmoid'] as const) {
      const fast = activation(name);
      // A copy of the object is not the built-in singleton, so it takes the generic path.
      const generic: Activation = { ...fast };
      const A = applyActivation(fast, Z);
      expect(Array.from(A.data)).toEqual(Array.from(applyActivation(generic, Z).data));
      const dZ = activationBackward(fast, Z, A, dA);
      expect(Array.from(dZ.data)).toEqual(Array.from(activationBackward(generic, Z, A, dA).data));
      for (let i = 0; i < Z.data.length; i++) {
        expect(A.data[i]).toBe(fast.apply(Z.data[i]));
        expect(dZ.data[i]).toBe(dA.data[i] * fast.derivative(Z.data[i], A.data[i]));
      }
    }
  });

  it('writes into out when given, including in place, and keeps float32', () => {
    const g = activation('tanh');
    const Z = matrix([[0.5, -1, 2]]);
    const out = zeros(1, 3);
    expect(applyActivation(g, Z, out)).toBe(out);
    expect(out.data[0]).toBe(Math.tanh(0.5));
    const inPlace = matrix([[0.5, -1, 2]]);
    applyActivation(activation('gelu'), inPlace, inPlace);
    expect(inPlace.data[2]).toBe(activation('gelu').apply(2));
    const Z32 = fromData(1, 2, new Float32Array([0.1, 100]));
    const A32 = applyActivation(activation('sigmoid'), Z32);
    expect(A32.dtype).toBe('float32');
    expect(A32.data[0]).toBe(Math.fround(1 / (1 + Math.exp(-Math.fround(0.1)))));
    const dA = matrix([[2, 3]]);
    const dZ = activationBackward(activation('relu'), matrix([[1, -1]]), matrix([[1, 0]]), dA, dA);
    expect(dZ).toBe(dA);
    expect(Array.from(dZ.data)).toEqual([2, 0]);
  });

  it('rejects an unknown name with a message listing every valid name and the nearest one', () => {
    expect(() => resolveActivation('tahn', 'activation', 'mlp')).toThrow(GradscopeArgumentError);
    let message = '';
    try {
      resolveActivation('tahn', 'spec.activation', 'mlp');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^mlp: spec\.activation must be one of /);
    expect(message).toContain('"tahn"');
    expect(message).toMatch(/\(did you mean "tanh"\?\)$/);
    for (const name of ACTIVATION_NAMES) expect(message).toContain(`"${name}"`);
    expect(() => resolveActivation(42, 'activation', 'dense')).toThrow(/activation name/);
    expect(() => activation('swish' as never)).toThrow(GradscopeArgumentError);
  });

  it('resolves names to the built-ins and passes Activation objects through', () => {
    expect(resolveActivation('relu', 'activation', 'dense')).toBe(activation('relu'));
    const custom: Activation = {
      name: 'identity',
      label: 'double',
      apply: (z) => 2 * z,
      derivative: () => 2,
    };
    expect(resolveActivation(custom, 'activation', 'dense')).toBe(custom);
  });

  it('validates options: a finite slope, a positive alpha, and only where they apply', () => {
    expect(() => activation('leakyRelu', { slope: NaN })).toThrow(/options\.slope/);
    expect(() => activation('elu', { alpha: 0 })).toThrow(/options\.alpha/);
    expect(() => activation('elu', { alpha: -1 })).toThrow(GradscopeArgumentError);
    expect(() => activation('tanh', { slope: 0.1 })).toThrow(/only "leakyRelu"/);
    expect(() => activation('selu', { alpha: 2 })).toThrow(/only "elu"/);
  });

  it('rejects shape mismatches in the matrix forms, naming the argument', () => {
    const g = activation('relu');
    expect(() => applyActivation(g, zeros(2, 2), zeros(2, 3))).toThrow(/out/);
    expect(() => activationBackward(g, zeros(2, 2), zeros(2, 2), zeros(3, 2))).toThrow(/dA/);
    expect(() => activationBackward(g, zeros(2, 2), zeros(1, 2), zeros(2, 2))).toThrow(/A must/);
    expect(() => applyActivation('relu' as never, zeros(2, 2))).toThrow(GradscopeArgumentError);
  });
});
