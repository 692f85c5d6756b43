import { describe, expect, it } from 'vitest';
import { GradscopeArgumentError } from '../src/errors.js';
import { gradientCheck } from '../src/gradcheck.js';
import { inputOutputJacobian } from '../src/jacobian.js';
import { column, get, toArray, zeros, type Matrix } from '../src/matrix.js';
import { forward, linearNetwork, lossAndGradients, mlp, predict, type Network } from '../src/network.js';
import { createRandom } from '../src/random.js';
import { randomMatrix } from './support/matrices.js';

/** Row i of J against centred finite differences of ŷ_i(x), for every i; returns the worst relative error. */
function worstFiniteDifferenceError(net: Network, x: Matrix): number {
  const J = inputOutputJacobian(net, x);
  let worst = 0;
  for (let i = 0; i < net.outputSize; i++) {
    const point = Float64Array.from(x.data);
    const f = (v: Float64Array) => predict(net, column(Array.from(v))).data[i];
    const row = Array.from({ length: net.inputSize }, (_, k) => get(J, i, k));
    worst = Math.max(worst, gradientCheck(f, point, row).maxRelativeError);
  }
  return worst;
}

describe('inputOutputJacobian', () => {
  it('of a tanh mlp matches centred finite differences', () => {
    const random = createRandom('jacobian tanh');
    const net = mlp({ sizes: [3, 6, 5, 4], random });
    expect(worstFiniteDifferenceError(net, randomMatrix(3, 1, random))).toBeLessThanOrEqual(1e-6);
  });

  it('of a residual mlp with batch norm (eval mode) matches centred finite differences', () => {
    const random = createRandom('jacobian batch norm');
    const net = mlp({ sizes: [4, 4, 4, 2], norm: 'batch', residual: true, activation: 'sigmoid', random });
    forward(net, randomMatrix(4, 16, random)); // give the running statistics something to hold
    expect(worstFiniteDifferenceError(net, randomMatrix(4, 1, random))).toBeLessThanOrEqual(1e-6);
  });

  it('of the lecture network W^[l] = k·I is exactly k^L·I', () => {
    for (const k of [1.5, 0.5]) {
      const J = inputOutputJacobian(linearNetwork(20, k), column([0.3, -7]));
      expect(toArray(J)).toEqual([
        [k ** 20, 0],
        [0, k ** 20],
      ]);
    }
  });

  it('has shape n_L × n_0 for a rectangular network', () => {
    const J = inputOutputJacobian(mlp({ sizes: [5, 3, 2] }), zeros(5, 1));
    expect([J.rows, J.cols]).toEqual([2, 5]);
  });

  it("leaves the parameters' gradients as they were", () => {
    const random = createRandom(1);
    const net = mlp({ sizes: [2, 3, 1], random });
    lossAndGradients(net, randomMatrix(2, 4, random), randomMatrix(1, 4, random), 'mse');
    const before = net.params.map((p) => Array.from(p.grad.data));
    inputOutputJacobian(net, column([0.5, -0.5]));
    expect(net.params.map((p) => Array.from(p.grad.data))).toEqual(before);
  });

  it('rejects an x that is not one column of n_0 features', () => {
    const net = mlp({ sizes: [3, 2] });
    for (const bad of [zeros(3, 2), zeros(2, 1), [1, 2, 3]]) {
      let error: unknown;
      try {
        inputOutputJacobian(net, bad as Matrix);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(GradscopeArgumentError);
      expect((error as GradscopeArgumentError).argument).toBe('x');
    }
  });
});
