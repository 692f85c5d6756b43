import { describe, expect, it } from 'vitest';
import { dense } from '../src/dense.js';
import { layerNorm } from '../src/layernorm.js';
import type { Matrix } from '../src/matrix.js';
import { network, forward } from '../src/network.js';
import { createRandom } from '../src/random.js';
import { residual } from '../src/residual.js';
import { forkNetwork } from '../src/snapshot.js';
import { checkLayerGradients, expectGradientsMatch } from './support/gradients.js';
import { thrown } from './support/errors.js';
import { randomMatrix } from './support/matrices.js';

describe('residual block with a branch scale s', () => {
  it('computes z = x + s·F(x) from the same F as the unscaled block', () => {
    const random = createRandom('branch scale forward');
    const inner = dense({ inputSize: 3, outputSize: 3, activation: 'tanh', random });
    const block = residual({ inner: [inner], scale: 0.25 });
    const X = randomMatrix(3, 4, random);
    const trace = block.forward(X, 'train');
    const F = trace.inner?.[0].a as Matrix;
    for (let k = 0; k < X.data.length; k++) expect(trace.z.data[k]).toBe(X.data[k] + 0.25 * F.data[k]);
    expect(block.scale).toBe(0.25);
    expect(block.label).toBe('residual x + 0.25·F(x), 3 wide');
  });

  it('with s = 0 is the identity, forward and backward, whatever F is', () => {
    const random = createRandom('branch scale zero');
    const block = residual({
      inner: [dense({ inputSize: 2, outputSize: 2, activation: 'relu', random })],
      scale: 0,
    });
    const X = randomMatrix(2, 3, random);
    expect(Array.from(block.forward(X, 'train').a.data)).toEqual(Array.from(X.data));
    const dA = randomMatrix(2, 3, random);
    const { dInput } = block.backward(dA);
    expect(Array.from(dInput.data)).toEqual(Array.from(dA.data));
    // F's parameters get no gradient: the loss does not depend on them.
    expect(Array.from(block.params[0].grad.data).every((v) => v === 0)).toBe(true);
  });

  it.each([0.1, -0.5, 2])(
    'with s = %s passes a centred finite-difference check of every parameter and the input',
    (scale) => {
      const random = createRandom(`branch scale ${scale}`);
      const block = residual({
        inner: [layerNorm({ size: 4 }), dense({ inputSize: 4, outputSize: 4, activation: 'tanh', random })],
        activation: 'tanh',
        scale,
      });
      block.params[3].value.data.set([0.1, -0.3, 0.2, 0.4]);
      expectGradientsMatch(checkLayerGradients(block, randomMatrix(4, 3, random), 'train', random));
    },
  );

  it('gives the same gradients with and without reused buffers', () => {
    const random = createRandom('branch scale reuse');
    const block = residual({
      inner: [dense({ inputSize: 3, outputSize: 3, activation: 'tanh', random })],
      scale: 0.3,
    });
    const X = randomMatrix(3, 5, random);
    const dA = randomMatrix(3, 5, random);
    block.forward(X, 'train');
    const fresh = Array.from(block.backward(dA).dInput.data);
    block.forward(X, 'train', true);
    block.backward(dA, true);
    block.forward(X, 'train', true);
    expect(Array.from(block.backward(dA, true).dInput.data)).toEqual(fresh);
  });

  it('survives forkNetwork with its scale', () => {
    const random = createRandom('branch scale fork');
    const net = network([
      residual({ inner: [dense({ inputSize: 2, outputSize: 2, activation: 'tanh', random })], scale: 0.5 }),
    ]);
    const fork = forkNetwork(net);
    const X = randomMatrix(2, 3, random);
    expect(Array.from(forward(fork, X).output.data)).toEqual(Array.from(forward(net, X).output.data));
  });

  it('names itself and the argument for a scale that is not a finite number', () => {
    const inner = [dense({ inputSize: 2, outputSize: 2 })];
    expect(thrown(() => residual({ inner, scale: NaN })).message).toMatch(
      /^residual: options\.scale must be a finite number/,
    );
  });
});
