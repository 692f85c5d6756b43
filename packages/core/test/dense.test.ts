import { describe, expect, it } from 'vitest';
import { ACTIVATION_NAMES, activation } from '../src/activations.js';
import { dense } from '../src/dense.js';
import { constantInit, scaledIdentityInit } from '../src/initializers.js';
import { copyLayerTrace } from '../src/layer.js';
import { clone, column, fromData, get, matrix, zeros, type Matrix } from '../src/matrix.js';
import { createRandom } from '../src/random.js';
import { checkLayerGradients, expectGradientsMatch } from './support/gradients.js';
import { thrown } from './support/errors.js';
import { randomMatrix } from './support/matrices.js';

describe('dense layer', () => {
  it('computes z = W·a_prev + b and a = g(z), one example per column', () => {
    const layer = dense({ inputSize: 2, outputSize: 3, activation: 'tanh', random: createRandom(1) });
    layer.params[0].value.data.set([1, 2, -1, 0.5, 0, 3]);
    layer.params[1].value.data.set([0.1, -0.2, 0.3]);
    const X = matrix([
      [1, -2],
      [0.5, 4],
    ]);
    const { z, a, input } = layer.forward(X, 'train');
    expect(input).toBe(X);
    // Column j of z is W·x_j + b, by hand.
    const expected = [
      [1 * 1 + 2 * 0.5 + 0.1, 1 * -2 + 2 * 4 + 0.1],
      [-1 * 1 + 0.5 * 0.5 - 0.2, -1 * -2 + 0.5 * 4 - 0.2],
      [0 * 1 + 3 * 0.5 + 0.3, 0 * -2 + 3 * 4 + 0.3],
    ];
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 2; j++) {
        expect(get(z, i, j)).toBeCloseTo(expected[i][j], 14);
        expect(get(a, i, j)).toBe(Math.tanh(get(z, i, j)));
      }
    }
  });

  it('writes dW = delta·a_prevᵀ, db = Σ_columns delta (plain sums over examples) and returns dInput = Wᵀ·delta', () => {
    const layer = dense({ inputSize: 2, outputSize: 2, activation: 'identity', init: scaledIdentityInit(2) });
    const X = matrix([
      [1, 3],
      [2, -1],
    ]);
    layer.forward(X, 'train');
    const dA = matrix([
      [1, 1],
      [0, 2],
    ]);
    const { delta, dInput } = layer.backward(dA);
    expect(Array.from(delta.data)).toEqual([1, 1, 0, 2]); // identity: delta = dA
    // dW = dA·Xᵀ = [[1·1 + 1·3, 1·2 + 1·(−1)], [0·1 + 2·3, 0·2 + 2·(−1)]]
    expect(Array.from(layer.W.grad.data)).toEqual([4, 1, 6, -2]);
    expect(Array.from((layer.b as { grad: Matrix }).grad.data)).toEqual([2, 2]);
    expect(Array.from(dInput.data)).toEqual([2, 2, 0, 4]); // Wᵀ·delta = 2·delta
  });

  for (const name of ACTIVATION_NAMES) {
    it(`with ${name} passes a centred finite-difference check of every parameter and the input`, () => {
      const random = createRandom(`dense ${name}`);
      const layer = dense({ inputSize: 4, outputSize: 3, activation: name, init: 'xavierNormal', random });
      const b = layer.b as { value: Matrix };
      for (let i = 0; i < 3; i++) b.value.data[i] = random.normal(0, 0.5);
      const X = randomMatrix(4, 5, random);
      // Finite differences step by 1e-5; a kink of relu/leaky ReLU within that distance would spoil the check.
      const { z } = layer.forward(X, 'train');
      expect(Math.min(...Array.from(z.data, Math.abs))).toBeGreaterThan(1e-3);
      expectGradientsMatch(checkLayerGradients(layer, X, 'train', random));
    });
  }

  it('with a parameterised activation (leaky ReLU, slope 0.2) passes the finite-difference check', () => {
    const random = createRandom(11);
    const layer = dense({
      inputSize: 3,
      outputSize: 3,
      activation: activation('leakyRelu', { slope: 0.2 }),
      random,
    });
    const X = randomMatrix(3, 4, random);
    expectGradientsMatch(checkLayerGradients(layer, X, 'train', random));
  });

  it('without a bias has only W, and z = W·a_prev', () => {
    const layer = dense({ inputSize: 2, outputSize: 2, bias: false, init: constantInit(1) });
    expect(layer.params.map((p) => p.name)).toEqual(['W']);
    expect(layer.b).toBeNull();
    expect(Array.from(layer.forward(column([1, 2]), 'eval').z.data)).toEqual([3, 3]);
  });

  it('names its parameters W[l] and b[l] after the lecture layer number', () => {
    const layer = dense({ inputSize: 2, outputSize: 2, index: 3 });
    expect(layer.params.map((p) => p.name)).toEqual(['W[3]', 'b[3]']);
    expect(layer.label).toContain('layer 3');
  });

  it('returns fresh matrices from each pass, and reuses its own buffers only when asked (training loops)', () => {
    const random = createRandom(2);
    const layer = dense({ inputSize: 2, outputSize: 2, activation: 'tanh', random });
    const first = layer.forward(randomMatrix(2, 3, random), 'train');
    const values = Array.from(first.z.data);
    const second = layer.forward(randomMatrix(2, 3, random), 'train');
    expect(second.z).not.toBe(first.z);
    expect(Array.from(first.z.data)).toEqual(values);
    expect(layer.lastTrace).toBe(second);
    // Reusing passes share one set of buffers, never one a fresh pass handed out.
    const reused = layer.forward(randomMatrix(2, 3, random), 'train', true);
    expect(reused.z).not.toBe(second.z);
    const kept = copyLayerTrace(reused);
    const reusedValues = Array.from(reused.z.data);
    const again = layer.forward(randomMatrix(2, 3, random), 'train', true);
    expect(again.z).toBe(reused.z);
    expect(Array.from(reused.z.data)).not.toEqual(reusedValues);
    expect(Array.from(kept.z.data)).toEqual(reusedValues);
    const g1 = layer.backward(randomMatrix(2, 3, random), true);
    const g2 = layer.backward(randomMatrix(2, 3, random), true);
    expect(g2.delta).toBe(g1.delta);
    const g3 = layer.backward(randomMatrix(2, 3, random));
    expect(g3.delta).not.toBe(g1.delta);
    // A new batch size gets new buffers.
    expect(layer.forward(randomMatrix(2, 4, random), 'train', true).z).not.toBe(reused.z);
  });

  it('in float32 stores W, z and a as Float32Array and rounds on every store', () => {
    const layer = dense({
      inputSize: 1,
      outputSize: 1,
      init: constantInit(0.1),
      bias: false,
      dtype: 'float32',
    });
    const { z } = layer.forward(fromData(1, 1, new Float32Array([3])), 'train');
    expect(z.data).toBeInstanceOf(Float32Array);
    expect(z.data[0]).toBe(Math.fround(Math.fround(0.1) * 3));
  });

  it('keeps NaN and Infinity as data in forward and backward', () => {
    const layer = dense({ inputSize: 2, outputSize: 1, init: constantInit(1), bias: false });
    const { a } = layer.forward(column([Infinity, 1]), 'train');
    expect(a.data[0]).toBe(Infinity);
    const { dInput } = layer.backward(matrix([[NaN]]));
    expect(Number.isNaN(dInput.data[0])).toBe(true);
  });

  it('rejects bad options, naming the option', () => {
    expect(thrown(() => dense({ inputSize: 0, outputSize: 2 })).argument).toBe('options.inputSize');
    expect(thrown(() => dense({ inputSize: 2, outputSize: 2.5 })).argument).toBe('options.outputSize');
    expect(thrown(() => dense({ inputSize: 2, outputSize: 2, activation: 'tahn' as never })).argument).toBe(
      'options.activation',
    );
    expect(thrown(() => dense({ inputSize: 2, outputSize: 2, init: 'he' as never })).argument).toBe(
      'options.init',
    );
    expect(thrown(() => dense({ inputSize: 2, outputSize: 2, bias: 0 as never })).argument).toBe(
      'options.bias',
    );
    expect(thrown(() => dense({ inputSize: 2, outputSize: 2, dtype: 'int8' as never })).argument).toBe(
      'options.dtype',
    );
    expect(thrown(() => dense({ inputSize: 2, outputSize: 2, random: 42 as never })).argument).toBe(
      'options.random',
    );
    expect(thrown(() => dense(null as never)).argument).toBe('options');
  });

  it('rejects an input with the wrong number of rows, saying one example per column', () => {
    const layer = dense({ inputSize: 3, outputSize: 2 });
    const error = thrown(() => layer.forward(zeros(2, 3), 'train'));
    expect(error.argument).toBe('input');
    expect(error.message).toContain('one example per column');
    expect(error.message).toContain('transposed');
  });

  it('rejects a backward pass before any forward pass, and a dOutput of the wrong shape', () => {
    const layer = dense({ inputSize: 2, outputSize: 2 });
    expect(thrown(() => layer.backward(zeros(2, 1))).message).toContain('forward pass');
    layer.forward(zeros(2, 3), 'train');
    const error = thrown(() => layer.backward(zeros(2, 1)));
    expect(error.argument).toBe('dOutput');
    expect(error.message).toContain('2×3');
    // The layer's state is intact after a rejected call.
    expect(() => layer.backward(clone(zeros(2, 3)))).not.toThrow();
  });
});
