import { describe, expect, it } from 'vitest';
import { batchNorm } from '../src/batchnorm.js';
import { dense } from '../src/dense.js';
import { zeroInit } from '../src/initializers.js';
import type { Matrix } from '../src/matrix.js';
import { createRandom } from '../src/random.js';
import { residual } from '../src/residual.js';
import { checkLayerGradients, expectGradientsMatch } from './support/gradients.js';
import { thrown } from './support/errors.js';
import { randomMatrix } from './support/matrices.js';

describe('residual block', () => {
  it('computes z = x + F(x) and keeps the traces of F inside its own', () => {
    const random = createRandom(1);
    const inner = dense({ inputSize: 3, outputSize: 3, activation: 'tanh', random });
    const block = residual({ inner: [inner] });
    const X = randomMatrix(3, 4, random);
    const trace = block.forward(X, 'train');
    const F = trace.inner?.[0].a as Matrix;
    expect(trace.inner?.[0].input).toBe(X);
    expect(trace.inner?.[0]).toBe(inner.lastTrace);
    for (let k = 0; k < X.data.length; k++) {
      expect(trace.z.data[k]).toBe(X.data[k] + F.data[k]);
      expect(trace.a.data[k]).toBe(trace.z.data[k]); // no activation after the sum by default
    }
  });

  it('applies the optional activation after the sum: a = g(x + F(x))', () => {
    const random = createRandom(2);
    const block = residual({ inner: [dense({ inputSize: 2, outputSize: 2, random })], activation: 'relu' });
    const trace = block.forward(randomMatrix(2, 5, random), 'train');
    for (let k = 0; k < trace.z.data.length; k++) expect(trace.a.data[k]).toBe(Math.max(0, trace.z.data[k]));
  });

  it('passes the gradient through the skip path unchanged when F has zero weights: dInput = delta', () => {
    const random = createRandom(3);
    const block = residual({
      inner: [dense({ inputSize: 3, outputSize: 3, activation: 'tanh', init: zeroInit(), bias: false })],
    });
    block.forward(randomMatrix(3, 2, random), 'train');
    const dA = randomMatrix(3, 2, random);
    const { delta, dInput } = block.backward(dA);
    expect(Array.from(delta.data)).toEqual(Array.from(dA.data));
    expect(Array.from(dInput.data)).toEqual(Array.from(dA.data));
  });

  it('around a tanh dense layer passes a centred finite-difference check of every parameter and the input', () => {
    const random = createRandom('residual tanh');
    const block = residual({ inner: [dense({ inputSize: 4, outputSize: 4, activation: 'tanh', random })] });
    block.params[1].value.data.set([0.1, -0.3, 0.2, 0.4]);
    expectGradientsMatch(checkLayerGradients(block, randomMatrix(4, 3, random), 'train', random));
  });

  it('around dense → batch norm → dense, with a tanh after the sum, passes the finite-difference check', () => {
    const random = createRandom('residual stack');
    const block = residual({
      inner: [
        dense({ inputSize: 3, outputSize: 5, bias: false, random }),
        batchNorm({ size: 5, activation: 'sigmoid' }),
        dense({ inputSize: 5, outputSize: 3, random }),
      ],
      activation: 'tanh',
    });
    const gradients = checkLayerGradients(block, randomMatrix(3, 6, random), 'train', random);
    expect(gradients.map((g) => g.name)).toEqual(['W', 'gamma', 'beta', 'W', 'b', 'input']);
    expectGradientsMatch(gradients);
  });

  it('returns the inner layers gradients beside its own', () => {
    const random = createRandom(4);
    const a = dense({ inputSize: 2, outputSize: 2, activation: 'tanh', random });
    const b = dense({ inputSize: 2, outputSize: 2, random });
    const block = residual({ inner: [a, b] });
    block.forward(randomMatrix(2, 3, random), 'train');
    const g = block.backward(randomMatrix(2, 3, random));
    expect(g.inner).toHaveLength(2);
    expect(g.inner?.[0]).toBe(a.lastGradients);
    expect(g.inner?.[1]).toBe(b.lastGradients);
    expect(block.params).toEqual([...a.params, ...b.params]);
  });

  it('rejects an empty F, an F that changes the width, and inner layers that do not chain', () => {
    expect(thrown(() => residual({ inner: [] })).argument).toBe('options.inner');
    expect(thrown(() => residual({ inner: [dense({ inputSize: 2, outputSize: 3 })] })).argument).toBe(
      'options.inner[0]',
    );
    expect(
      thrown(() =>
        residual({ inner: [dense({ inputSize: 2, outputSize: 3 }), dense({ inputSize: 2, outputSize: 2 })] }),
      ).argument,
    ).toBe('options.inner[1]');
    expect(thrown(() => residual({ inner: [{} as never] })).argument).toBe('options.inner[0]');
    expect(
      thrown(() =>
        residual({ inner: [dense({ inputSize: 2, outputSize: 2 })], activation: 'swish' as never }),
      ).argument,
    ).toBe('options.activation');
  });
});
