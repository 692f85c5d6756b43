/**
 * The Jacobian of each layer of a dense network at a point: how a^[l] changes when a^[l−1] does,
 *   J^[l] = ∂a^[l]/∂a^[l−1] = D^[l]·W^[l],   D^[l] = diag(g'(z^[l]_1), …, g'(z^[l]_{n_l})),
 * because a^[l]_i = g(Σ_j W^[l]_ij a^[l−1]_j + b^[l]_i) has ∂a^[l]_i/∂a^[l−1]_j = g'(z^[l]_i)·W^[l]_ij.
 * The chain rule multiplies them: ∂ŷ/∂x = J^[L]·J^[L−1] ⋯ J^[1], and backpropagation multiplies the loss's
 * derivative by their transposes, top down. The slopes g'(z^[l]) are read at the z of this input: a Jacobian
 * belongs to a point, not to the network alone.
 */

import { GradscopeArgumentError } from './errors.js';
import type { DenseLayer } from './dense.js';
import { isMatrix, zeros, type Matrix } from './matrix.js';
import { expectNetwork, forward, type Network } from './network.js';

/** One layer's Jacobian at a point, and the slopes it is made of (see `layerJacobians`). */
export interface LayerJacobian {
  /** l: this is J^[l] = ∂a^[l]/∂a^[l−1]. */
  readonly layer: number;
  /** g'(z^[l]_i) for each unit i of the layer: the diagonal of D^[l]. */
  readonly slopes: Float64Array;
  /** J^[l] = D^[l]·W^[l], n_l × n_{l−1}, in float64: row i is W^[l]'s row i times g'(z^[l]_i). */
  readonly jacobian: Matrix;
}

/**
 * J^[l] = diag(g'(z^[l]))·W^[l] for every layer l = 1 … L of a network of dense layers, at the point x (one
 * example, an n_0 × 1 column), from one forward pass in eval mode. Their product J^[L] ⋯ J^[1] is
 * `inputOutputJacobian(net, x)`.
 *
 * @example
 * ```ts
 * const net = mlp({ sizes: [2, 3, 1], activation: 'tanh', seed: 1 });
 * const [J1, J2] = layerJacobians(net, column([0.5, -1])).map((j) => j.jacobian); // 3×2 and 1×3
 * matmul(J2, J1); // = inputOutputJacobian(net, column([0.5, -1])), up to rounding
 * ```
 */
export function layerJacobians(net: Network, x: Matrix): LayerJacobian[] {
  const context = 'layerJacobians';
  expectNetwork('net', net, context);
  if (!isMatrix(x) || x.rows !== net.inputSize || x.cols !== 1) {
    throw new GradscopeArgumentError(
      'x',
      x,
      `a ${net.inputSize}×1 matrix: one example, as a column of the network's ${net.inputSize} input features`,
      context,
    );
  }
  net.layers.forEach((layer, i) => {
    if (layer.kind !== 'dense') {
      throw new GradscopeArgumentError(
        'net',
        net.label,
        `a network of dense layers only (layer ${i + 1} is ${layer.label}); inputOutputJacobian handles any network`,
        context,
      );
    }
  });
  const trace = forward(net, x, { mode: 'eval' });
  return net.layers.map((layer, i) => {
    const W = (layer as DenseLayer).W.value;
    const { z, a } = trace.layers[i];
    const g = layer.activation;
    const slopes = new Float64Array(W.rows);
    for (let r = 0; r < W.rows; r++) slopes[r] = g === undefined ? 1 : g.derivative(z.data[r], a.data[r]);
    const jacobian = zeros(W.rows, W.cols);
    for (let r = 0; r < W.rows; r++) {
      for (let c = 0; c < W.cols; c++) jacobian.data[r * W.cols + c] = slopes[r] * W.data[r * W.cols + c];
    }
    return { layer: i + 1, slopes, jacobian };
  });
}
