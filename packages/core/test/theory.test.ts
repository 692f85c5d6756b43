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
import { forward, linearNetwork, lossAndGradients, mlp } from '../src/network.js';
import { normalCdf, normalPdf } from '../src/special.js';
import {
  activationSlopeBounds,
  backwardGradientGrowth,
  chi,
  chiPerLayer,
  criticalWeightVariance,
  effectiveScale,
  forwardVariance,
  gradientDepthScale,
  initVariance,
  lectureGradientScale,
  meanSquaredActivation,
  meanSquaredSlope,
  overflowDepth,
  productOfScales,
  scaledIdentityActivations,
  scaledIdentityOutput,
  sigmoidMaxSlope,
  underflowDepth,
  varianceFixedPoint,
  varianceMap,
} from '../src/theory.js';
import { relativeError, trapezoidExpectation } from './support/reference.js';

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
        expect(
          relativeError(init.std!(fanIn, fanOut) ** 2, initVariance(scheme, fanIn, fanOut)),
        ).toBeLessThan(1e-15);
      }
      expect(initVariance('lecun', fanIn, fanOut)).toBe(1 / fanIn);
      expect(initVariance('xavier', fanIn, fanOut)).toBe(2 / (fanIn + fanOut));
      expect(initVariance('he', fanIn, fanOut)).toBe(2 / fanIn);
    }
    expect(() => initVariance('kaiming' as 'he', 2, 2)).toThrow(/"lecun", "xavier", "he"/);
    expect(() => initVariance('he', 0, 2)).toThrow(/fanIn/);
  });
});

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
        relativeError(varianceMap({ activation: 'tanh', weightVariance: sw, biasVariance: sb }, q), expected),
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
      /"tanh"/,
    );
  });

  it('gives E[relu(z)²] = q/2, E[relu′(z)²] = 1/2 and the q → 0⁺ limit of a kinked slope', () => {
    expect(meanSquaredActivation('relu', 3)).toBe(1.5);
    expect(meanSquaredSlope('relu', 5)).toBe(0.5);
    expect(meanSquaredSlope('elu', 0)).toBe(1); // ELU (α = 1) has slope 1 on both sides of 0
    expect(meanSquaredSlope('selu', 0)).toBeCloseTo((SELU_LAMBDA ** 2 * (1 + SELU_ALPHA ** 2)) / 2, 14);
    expect(meanSquaredSlope('tanh', Infinity)).toBe(0);
    expect(meanSquaredActivation('tanh', Infinity)).toBeCloseTo(1, 12);
  });
});

describe('the variance fixed point q*', () => {
  it('is σ_b²/(1 − σ_w²/2) for ReLU below σ_w² = 2', () => {
    for (const [sw, sb] of [
      [1, 0.5],
      [1.8, 0.1],
    ]) {
      const result = varianceFixedPoint({ activation: 'relu', weightVariance: sw, biasVariance: sb });
      expect(result.converged).toBe(true);
      expect(relativeError(result.value, sb / (1 - sw / 2))).toBeLessThan(1e-10);
    }
  });

  it('is Infinity, with the reason, when q grows without bound (ReLU above σ_w² = 2, or at 2 with a bias)', () => {
    for (const [sw, sb] of [
      [3, 0],
      [2.0001, 0],
      [2, 0.1],
    ]) {
      const result = varianceFixedPoint({ activation: 'relu', weightVariance: sw, biasVariance: sb });
      expect(result.value).toBe(Infinity);
      expect(result.converged).toBe(false);
      expect(result.reason).toMatch(/grows without bound/);
    }
    const softplus = varianceFixedPoint({ activation: 'softplus', weightVariance: 2 });
    expect(softplus.value).toBe(Infinity); // q grows by ~1/√q per layer: slower and slower, but without bound
  });

  it('is 0 for tanh in the ordered phase at σ_b = 0, even at σ_w² = 1 where q^l falls only like 1/(2l)', () => {
    for (const sw of [0.5, 0.99, 1]) {
      const result = varianceFixedPoint({ activation: 'tanh', weightVariance: sw });
      expect(result.value).toBe(0);
      expect(result.converged).toBe(true);
    }
  });

  it('solves q* = σ_w²·E[tanh(z)²] + σ_b² and is where a deep network settles', () => {
    const options = { activation: 'tanh' as const, weightVariance: 2, biasVariance: 0.05 };
    const { value, converged } = varianceFixedPoint(options);
    expect(converged).toBe(true);
    expect(
      relativeError(2 * trapezoidExpectation((z) => Math.tanh(z) ** 2, value) + 0.05, value),
    ).toBeLessThan(1e-11);
    const q = forwardVariance({ ...options, inputVariance: 5, depth: 300 });
    expect(relativeError(q[299], value)).toBeLessThan(1e-11);
    // Near the critical σ_w² = 1 convergence is slow; the bracketing step still lands on the root.
    const slow = varianceFixedPoint({ activation: 'tanh', weightVariance: 1.01 });
    expect(
      relativeError(varianceMap({ activation: 'tanh', weightVariance: 1.01 }, slow.value), slow.value),
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
    const q = varianceFixedPoint(options).value;
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
    expect(criticalWeightVariance('relu')).toBe(2);
    expect(criticalWeightVariance('relu', 0.3)).toBe(2);
    expect(criticalWeightVariance('identity')).toBe(1);
    expect(criticalWeightVariance(activation('leakyRelu', { slope: 0.2 }))).toBeCloseTo(2 / 1.04, 14);
    expect(Math.abs(criticalWeightVariance('tanh') - 1)).toBeLessThan(1e-9);
  });

  it('solves χ(σ_w²) = 1 for tanh with a bias and for the sigmoid, where no closed form exists', () => {
    for (const [name, sb] of [
      ['tanh', 0.05],
      ['tanh', 0.5],
      ['sigmoid', 0],
    ] as const) {
      const sw = criticalWeightVariance(name, sb);
      expect(Math.abs(chi({ activation: name, weightVariance: sw, biasVariance: sb }) - 1)).toBeLessThan(
        1e-9,
      );
      expect(chi({ activation: name, weightVariance: sw * 0.9, biasVariance: sb })).toBeLessThan(1);
      expect(chi({ activation: name, weightVariance: sw * 1.1, biasVariance: sb })).toBeGreaterThan(1);
    }
  });
});
