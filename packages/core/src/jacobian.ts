/**
 * The input–output Jacobian of a network at a point x: J = ∂ŷ/∂x (n_L × n_0), whose singular values say how
 * much the network stretches or shrinks a small change of its input, and so how gradients flow back through it
 * (Saxe, McClelland & Ganguli 2014; Pennington, Schoenholz & Ganguli 2017 study its spectrum).
 *
 * By the chain rule J = D^[L]·W^[L]·D^[L−1]·W^[L−1] ⋯ D^[1]·W^[1] for a dense network, with D^[l] = diag(g'(z^[l])).
 * Row i of J is the gradient of ŷ_i with respect to x, which is exactly what one backward pass returns as dInput
 * when dOutput = e_i. So the engine runs one forward pass with n_L copies of x (one per column) and one backward
 * pass with dOutput = I (n_L × n_L): column i of dInput is row i of J. Exact, not a finite difference.
 *
 * For the lecture's network (W^[l] = k·I, g(z) = z) every D^[l] = I and J = k^L·I.
 */

import { GradscopeArgumentError } from './errors.js';
import { identity, isMatrix, roundInPlace, zeros, type Matrix } from './matrix.js';
import { backward, expectNetwork, forward, type Network } from './network.js';

/**
 * ∂ŷ/∂x at the point x (an n_0 × 1 column), computed exactly by backpropagation in eval mode (batch norm then
 * uses its running statistics, so each example is a function of itself alone). The result is an n_L × n_0
 * float64 matrix. It runs on the network's own buffers, so the network's last trace is the Jacobian's pass
 * afterwards; the parameters' gradients are restored to what they were.
 *
 * @example
 * ```ts
 * inputOutputJacobian(linearNetwork(20, 1.5), column([1, 1])); // 1.5^20·I = [[3325.256730079651, 0], [0, 3325.256730079651]]
 * ```
 */
export function inputOutputJacobian(net: Network, x: Matrix): Matrix {
  expectNetwork('net', net, 'inputOutputJacobian');
  if (!isMatrix(x) || x.rows !== net.inputSize || x.cols !== 1) {
    throw new GradscopeArgumentError(
      'x',
      x,
      `a ${net.inputSize}×1 matrix: one example, as a column of the network's ${net.inputSize} input features`,
      'inputOutputJacobian',
    );
  }
  const n0 = net.inputSize;
  const nL = net.outputSize;
  const X = zeros(n0, nL, net.dtype);
  for (let k = 0; k < n0; k++) X.data.fill(x.data[k], k * nL, (k + 1) * nL);
  roundInPlace(X);

  const savedGrads = net.params.map((p) => p.grad.data.slice());
  try {
    forward(net, X, { mode: 'eval' });
    const { dInput } = backward(net, identity(nL, 1, net.dtype));
    const J = zeros(nL, n0);
    for (let i = 0; i < nL; i++) {
      for (let k = 0; k < n0; k++) J.data[i * n0 + k] = dInput.data[k * nL + i];
    }
    return J;
  } finally {
    net.params.forEach((p, i) => p.grad.data.set(savedGrads[i]));
  }
}
