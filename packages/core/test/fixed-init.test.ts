// An initializer that returns the weights it was given: the network built from it computes with exactly those
// weights, in every dtype, and a layer of another shape is an error that says which shape was wanted.
import { describe, expect, it } from 'vitest';
import { fixedInit } from '../src/fixed-init.js';
import { column, matrix, toArray } from '../src/matrix.js';
import { forward, mlp } from '../src/network.js';
import { createRandom } from '../src/random.js';
import { thrown } from './support/errors.js';

describe('fixedInit', () => {
  it('builds a network whose output is the product of the given weights', () => {
    const net = mlp({
      sizes: [2, 2, 1],
      activation: 'identity',
      bias: false,
      layers: {
        1: {
          init: fixedInit([
            [0.5, -0.3],
            [0.8, 0.2],
          ]),
        },
        2: { init: fixedInit([[1.5, -0.7]]) },
      },
    });
    // ŷ = W2·W1·x with x = (1, 2): W1·x = (−0.1, 1.2), W2·(−0.1, 1.2) = −0.15 − 0.84.
    expect(forward(net, column([1, 2])).output.data[0]).toBeCloseTo(-0.99, 14);
  });

  it('accepts a Matrix and copies it, so changing the original later changes nothing', () => {
    const W = matrix([[1, 2, 3]]);
    const init = fixedInit(W);
    W.data[0] = 99;
    expect(toArray(init.create(1, 3, createRandom(1)))).toEqual([[1, 2, 3]]);
  });

  it('rounds to the layer’s dtype', () => {
    const W = fixedInit([[0.1]]).create(1, 1, createRandom(1), 'float16');
    expect(W.dtype).toBe('float16');
    expect(W.data[0]).toBe(0.0999755859375);
  });

  it('names the shape it needed when a layer has another', () => {
    const error = thrown(() => mlp({ sizes: [3, 2], layers: { 1: { init: fixedInit([[1, 2]]) } } }));
    expect(error.message).toBe(
      'fixedInit().create: weights must be a 2×3 matrix for this layer (2 units, 3 inputs); received a 1×2 matrix',
    );
  });

  it('rejects ragged rows and non-finite entries, naming the entry', () => {
    expect(thrown(() => fixedInit([[1, 2], [3]])).argument).toBe('weights[1]');
    expect(thrown(() => fixedInit([[1, NaN]])).argument).toBe('weights[0][1]');
    expect(thrown(() => fixedInit([] as never)).argument).toBe('weights');
  });
});
