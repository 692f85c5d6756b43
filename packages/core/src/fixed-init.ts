/**
 * Weights written out by hand: an initializer that returns the matrix it was given, so a lesson (or a reader) can
 * build a small network whose every weight is on the page, change one, and follow a gradient through it path by
 * path. It draws nothing at random, and it fits one shape only: a layer of another shape is an error that names it.
 */

import { GradscopeArgumentError } from './errors.js';
import type { Initializer } from './initializers.js';
import { isMatrix, roundInPlace, zeros, type Matrix } from './matrix.js';

/**
 * An initializer that returns a copy of `weights` (rows = the layer's units n_l, columns = its inputs n_{l−1}),
 * rounded to the layer's dtype. Give it as a layer's `init` in `mlp` or `dense`.
 *
 * @example
 * ```ts
 * const net = mlp({
 *   sizes: [2, 2, 1],
 *   activation: 'relu',
 *   bias: false,
 *   layers: { 1: { init: fixedInit([[0.5, -0.3], [0.8, 0.2]]) }, 2: { init: fixedInit([[1.5, -0.7]]) } },
 * });
 * net.params[0].value.data; // Float64Array [0.5, -0.3, 0.8, 0.2]
 * ```
 */
export function fixedInit(weights: readonly (readonly number[])[] | Matrix): Initializer {
  const context = 'fixedInit';
  const expected =
    'the weights as rows of numbers, like [[0.5, -0.3], [0.8, 0.2]] (one row per unit of the layer), or a Matrix';
  let rows: number;
  let cols: number;
  let values: Float64Array;
  if (isMatrix(weights)) {
    ({ rows, cols } = weights);
    values = Float64Array.from(weights.data);
  } else {
    if (
      !Array.isArray(weights) ||
      weights.length === 0 ||
      !Array.isArray(weights[0]) ||
      weights[0].length === 0
    ) {
      throw new GradscopeArgumentError('weights', weights, expected, context);
    }
    rows = weights.length;
    cols = weights[0].length;
    values = new Float64Array(rows * cols);
    weights.forEach((row, i) => {
      if (!Array.isArray(row) || row.length !== cols) {
        throw new GradscopeArgumentError(
          `weights[${i}]`,
          row,
          `a row of ${cols} numbers, like weights[0]`,
          context,
        );
      }
      row.forEach((v, j) => {
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          throw new GradscopeArgumentError(`weights[${i}][${j}]`, v, 'a finite number', context);
        }
        values[i * cols + j] = v;
      });
    });
  }
  const shape = `${rows}×${cols}`;
  return {
    name: 'fixed',
    label: `fixed ${shape}`,
    create(layerRows, layerCols, _random, dtype) {
      if (layerRows !== rows || layerCols !== cols) {
        throw new GradscopeArgumentError(
          'weights',
          { rows, cols, data: values },
          `a ${layerRows}×${layerCols} matrix for this layer (${layerRows} units, ${layerCols} inputs)`,
          'fixedInit().create',
        );
      }
      const W = zeros(rows, cols, dtype);
      W.data.set(values);
      return roundInPlace(W);
    },
  };
}
