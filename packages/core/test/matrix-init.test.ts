// Weights chosen by hand: the layer gets exactly the given matrix, in its own number format, and a matrix of the
// wrong shape is refused with both shapes named.
import { describe, expect, it } from 'vitest';
import { matrixInit } from '../src/matrix-init.js';
import { createRandom } from '../src/random.js';
import { matrix } from '../src/matrix.js';
import { mlp } from '../src/network.js';
import type { DenseLayer } from '../src/dense.js';
import { thrown } from './support/errors.js';

describe('matrixInit', () => {
  it('gives a layer exactly the matrix it was handed, from rows or from a Matrix', () => {
    const net = mlp({
      sizes: [2, 2, 1],
      activation: 'relu',
      bias: false,
      layers: {
        1: {
          init: matrixInit([
            [1, -0.5],
            [0.25, 2],
          ]),
        },
        2: { init: matrixInit(matrix([[3, -1]])) },
      },
    });
    expect(Array.from((net.layers[0] as DenseLayer).W.value.data)).toEqual([1, -0.5, 0.25, 2]);
    expect(Array.from((net.layers[1] as DenseLayer).W.value.data)).toEqual([3, -1]);
  });

  it('rounds the matrix to the layer’s number format', () => {
    const W = matrixInit([[0.1]]).create(1, 1, createRandom(1), 'float32');
    expect(W.data[0]).toBe(Math.fround(0.1));
  });

  it('refuses a matrix of another shape, ragged rows and non-finite entries', () => {
    expect(thrown(() => matrixInit([[1, 2]]).create(2, 1, createRandom(1))).message).toMatch(
      /2×1 matrix for this layer.*1×2/,
    );
    expect(thrown(() => matrixInit([[1, 2], [3]])).argument).toBe('weights');
    expect(thrown(() => matrixInit([[NaN]])).argument).toBe('weights');
  });
});
