import { describe, expect, it } from 'vitest';
import { activation, SELU_ALPHA, SELU_LAMBDA } from '../src/activations.js';
import { GradscopeArgumentError } from '../src/errors.js';
import {
  heNormal,
  heUniform,
  lecunNormal,
  lecunUniform,
  scaledIdentityInit,
  xavierNormal,
  xavierUniform,
} from '../src/initializers.js';
import { column } from '../src/matrix.js';
import { createRandom } from '../src/random.js';
import { forward, linearNetwork, lossAndGradients, mlp } from '../src/network.js';
import { normalCdf, normalPdf } from '../src/special.js';
import {
  activationSlopeBounds,
  effectiveScale,
  initVariance,
  lectureGradientScale,
  overflowDepth,
  productOfScales,
  scaledIdentityActivations,
  scaledIdentityOutput,
  sigmoidMaxSlope,
  underflowDepth,
} from '../src/theory.js';
import { relativeError } from './support/reference.js';

describe('the lecture network in closed form', () => {
  it('predicts the k·I network output bit for bit, in float64 and float32', () => {
    for (const dtype of ['float64', 'float32'] as const) {
      const x = [0.3, -1.7];
      const net = linearNetwork(30, 1.37, 2, dtype);
      const output = Array.from(forward(net, column(x, dtype)).output.data);
      expect(scaledIdentityOutput(1.37, 30, x, { dtype })).toEqual(output);
    }
    expect(relativeError(scaledIdentityOutput(1.5, 20, 1), 1.5 ** 20)).toBeLessThan(1e-15);
  });

  it('gives every layer a^[l] = k^l·x0, as the network computes them', () => {
    const trace = forward(linearNetwork(12, 0.7), column([2, 2]));
    const predicted = scaledIdentityActivations(0.7, 12, 2);
    expect(predicted[0]).toBe(2);
    trace.layers.forEach((layer, i) => expect(layer.a.data[0]).toBe(predicted[i + 1]));
  });

  it('gives dW^[l] = k^(L−1)·(ŷ − y)·xᵀ for every layer, matching backpropagation', () => {
    const k = 1.2;
    const depth = 6;
    const x = [0.5, -1];
    const y = [0.25, 2];
    const net = linearNetwork(depth, k);
    const { gradients } = lossAndGradients(net, column(x), column(y), 'mse');
    const scale = lectureGradientScale(k, depth);
    const residual = x.map((xi, i) => scale.output * xi - y[i]);
    net.params.forEach((param, index) => {
      for (let i = 0; i < 2; i++) {
        for (let j = 0; j < 2; j++) {
          const expected = scale.weightGradient[index] * residual[i] * x[j];
          expect(relativeError(param.grad.data[i * 2 + j], expected)).toBeLessThan(1e-12);
        }
      }
      // delta^[l] = k^(L−l)·(ŷ − y)
      const delta = gradients.layers[index].delta.data;
      expect(relativeError(delta[0], scale.delta[index] * residual[0])).toBeLessThan(1e-12);
    });
  });

  it('finds the float32 overflow layer of 1.5·I at L = 219, where the network first holds Infinity', () => {
    const depth = overflowDepth(1.5, { dtype: 'float32' });
    expect(depth).toBe(219);
    const trace = forward(linearNetwork(depth, 1.5, 2, 'float32'), column([1, 1], 'float32'));
    expect(Number.isFinite(trace.layers[depth - 2].a.data[0])).toBe(true);
    expect(trace.layers[depth - 1].a.data[0]).toBe(Infinity);
  });

  it('finds overflow and underflow layers of any k and x0 exactly as repeated rounded products do', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      for (const k of [1.01, 1.5, 2, 3.7, 10]) {
        for (const x0 of [1, 1e-3, 123.456]) {
          const depth = overflowDepth(k, { dtype, x0 });
          const values = scaledIdentityActivations(k, depth, x0, { dtype });
          expect(values[depth]).toBe(Infinity);
          expect(Number.isFinite(values[depth - 1])).toBe(true);
        }
      }
      for (const k of [0.5, 0.3, 0.01, -0.25]) {
        const depth = underflowDepth(k, { dtype, x0: 7 });
        const values = scaledIdentityActivations(k, depth, 7, { dtype });
        expect(Math.abs(values[depth])).toBe(0); // −0 for a negative k
        expect(values[depth - 1]).not.toBe(0);
      }
    }
    expect(overflowDepth(1.5)).toBe(1751);
    expect(underflowDepth(0.5, { dtype: 'float32' })).toBe(150);
    expect(underflowDepth(0.5)).toBe(1075);
  });

  it('says a float32 network with k = 0.9 never reaches 0: it sticks at 4·2^−149, where 0.9·v rounds to v', () => {
    expect(underflowDepth(0.9, { dtype: 'float32' })).toBe(Infinity);
    expect(underflowDepth(0.9)).toBe(Infinity);
    const output = forward(linearNetwork(1100, 0.9, 2, 'float32'), column([1, 1], 'float32')).output;
    // 0.9·(4·2^−149) = 3.6·2^−149 rounds to 4·2^−149; from 5·2^−149 it still falls (4.5 rounds to even 4).
    expect(output.data[0]).toBe(4 * 2 ** -149);
    expect(scaledIdentityActivations(0.9, 1100, 1, { dtype: 'float32' })[1100]).toBe(4 * 2 ** -149);
  });

  it('never overflows for |k| ≤ 1 nor underflows for |k| ≥ 1, and starts at layer 0 for x0 = 0', () => {
    expect(overflowDepth(1)).toBe(Infinity);
    expect(overflowDepth(-0.99)).toBe(Infinity);
    expect(underflowDepth(1.01)).toBe(Infinity);
    expect(underflowDepth(0.5, { x0: 0 })).toBe(0);
    expect(overflowDepth(2, { dtype: 'float32', x0: 1e39 })).toBe(0);
    expect(() => overflowDepth(NaN)).toThrow(GradscopeArgumentError);
    expect(() => overflowDepth(2, { dtype: 'float8' as 'float32' })).toThrow(/options\.dtype/);
  });

  it('shows that half 0.5 and half 1.5 still vanish: the product is 0.75^25 in any order', () => {
    const scales = [...Array<number>(25).fill(0.5), ...Array<number>(25).fill(1.5)];
    expect(relativeError(productOfScales(scales), 0.75 ** 25)).toBeLessThan(1e-14);
    const interleaved = scales.map((_, i) => (i % 2 === 0 ? 0.5 : 1.5));
    expect(relativeError(productOfScales(interleaved), 0.75 ** 25)).toBeLessThan(1e-14);
    expect(effectiveScale(scales)).toBeCloseTo(Math.sqrt(0.75), 14);
    // The network agrees: layers 1–25 at 0.5·I, layers 26–50 at 1.5·I.
    const layers: Record<number, { init: ReturnType<typeof scaledIdentityInit> }> = {};
    scales.forEach((s, i) => (layers[i + 1] = { init: scaledIdentityInit(s) }));
    const net = mlp({ sizes: Array<number>(51).fill(2), activation: 'identity', bias: false, layers });
    expect(relativeError(forward(net, column([1, 1])).output.data[0], 0.75 ** 25)).toBeLessThan(1e-14);
  });
});

describe('activation slopes and initialization constants', () => {
  it('bounds the slopes: sigmoid [0, 1/4], tanh [0, 1], ReLU [0, 1], leaky ReLU [s, 1], SELU up to λα', () => {
    expect(activationSlopeBounds('sigmoid')).toEqual({ min: 0, max: sigmoidMaxSlope });
    expect(sigmoidMaxSlope).toBe(0.25);
    expect(activationSlopeBounds('tanh')).toEqual({ min: 0, max: 1 });
    expect(activationSlopeBounds('relu')).toEqual({ min: 0, max: 1 });
    expect(activationSlopeBounds('identity')).toEqual({ min: 1, max: 1 });
    expect(activationSlopeBounds(activation('leakyRelu', { slope: 0.2 }))).toEqual({ min: 0.2, max: 1 });
    expect(activationSlopeBounds('selu').max).toBeCloseTo(SELU_LAMBDA * SELU_ALPHA, 12);
  });

  it("finds GELU's slope extremes at z = ±√2: Φ(±√2) ± √2·φ(√2)", () => {
    const { min, max } = activationSlopeBounds('gelu');
    const r = Math.SQRT2;
    expect(max).toBeCloseTo(normalCdf(r) + r * normalPdf(r), 12);
    expect(min).toBeCloseTo(normalCdf(-r) - r * normalPdf(r), 12);
  });

  it('gives Var(W) = 1/fan_in, 2/(fan_in + fan_out), 2/fan_in, the squares of the initializers’ std', () => {
    const pairs = [
      ['lecun', lecunNormal()],
      ['lecun', lecunUniform()],
      ['xavier', xavierNormal()],
      ['xavier', xavierUniform()],
      ['he', heNormal()],
      ['he', heUniform()],
    ] as const;
    for (const [fanIn, fanOut] of [
      [256, 128],
      [3, 700],
      [1, 1],
    ]) {
      for (const [scheme, init] of pairs) {
        const fans = { fanIn, fanOut };
        expect(relativeError(init.std!(fans) ** 2, initVariance(scheme, fans))).toBeLessThan(1e-15);
        // The same draw, measured: a rows × cols W has fan_in = cols, fan_out = rows, as create takes them.
        expect(init.create(fanOut, fanIn, createRandom(1)).cols).toBe(fanIn);
      }
      expect(initVariance('lecun', { fanIn, fanOut })).toBe(1 / fanIn);
      expect(initVariance('xavier', { fanIn, fanOut })).toBe(2 / (fanIn + fanOut));
      expect(initVariance('he', { fanIn, fanOut })).toBe(2 / fanIn);
    }
    expect(() => initVariance('kaiming' as 'he', { fanIn: 2, fanOut: 2 })).toThrow(/"lecun", "xavier", "he"/);
    expect(() => initVariance('xavir' as 'he', { fanIn: 2, fanOut: 2 })).toThrow(/did you mean "xavier"/);
    expect(() => initVariance('he', { fanIn: 0, fanOut: 2 })).toThrow(/^initVariance: fans\.fanIn must be/);
    // Two bare numbers could be either order, so they are refused rather than guessed.
    expect(() => initVariance('he', 256 as never)).toThrow(/^initVariance: fans must be an object/);
  });
});
