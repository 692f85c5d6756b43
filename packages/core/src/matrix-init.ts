/**
 * An initializer that hands a layer weights chosen by hand: how an example builds the small network a forum post
 * draws (two inputs, two hidden units, one output, with the post's weights) and lets a reader edit them.
 */

import { GradscopeArgumentError } from './errors.js';
import type { Initializer } from './initializers.js';
import { isMatrix, matrix, roundInPlace, zeros, type Matrix } from './matrix.js';

/**
 * An initializer whose matrix is the one given (rows = the layer's units, columns = its inputs), copied into the
 * layer's dtype, for a layer of exactly that shape. Use it in `mlp`'s per-layer overrides.
 *
 * @example
 * ```ts
 * const net = mlp({ sizes: [2, 2, 1], activation: 'relu', bias: false, layers: {
 *   1: { init: matrixInit([[1, -0.5], [0.5, 1]]) },
 *   2: { init: matrixInit([[2, 1]]) },
 * } });
 * ```
 */
export function matrixInit(weights: Matrix | readonly (readonly number[])[]): Initializer {
  const context = 'matrixInit';
  const rectangular =
    Array.isArray(weights) &&
    weights.length > 0 &&
    weights.every(
      (row) =>
        Array.isArray(row) && row.length === weights[0].length && row.every((v) => typeof v === 'number'),
    ) &&
    weights[0].length > 0;
  if (!isMatrix(weights) && !rectangular) {
    throw new GradscopeArgumentError(
      'weights',
      weights,
      'a Matrix or a non-empty array of equally long rows of numbers',
      context,
    );
  }
  const given = isMatrix(weights) ? weights : matrix(weights as readonly (readonly number[])[]);
  const values = Array.from(given.data);
  if (!values.every(Number.isFinite)) {
    throw new GradscopeArgumentError('weights', weights, 'finite numbers', context);
  }
  return {
    name: 'matrix',
    label: `the given ${given.rows}×${given.cols} matrix`,
    create(rows, cols, _random, dtype) {
      if (rows !== given.rows || cols !== given.cols) {
        throw new GradscopeArgumentError(
          'weights',
          `a ${given.rows}×${given.cols} matrix`,
          `a ${rows}×${cols} matrix for this layer (its units × its inputs)`,
          context,
        );
      }
      const W = zeros(rows, cols, dtype);
      W.data.set(values);
      return roundInPlace(W);
    },
  };
}
