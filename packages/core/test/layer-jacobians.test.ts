// Each layer's Jacobian J^[l] = diag(g'(z^[l]))·W^[l] against centred finite differences of that layer alone, and
// their product against the engine's backpropagated input–output Jacobian, which forms J another way.
import { describe, expect, it } from 'vitest';
import { dense } from '../src/dense.js';
import { inputOutputJacobian } from '../src/jacobian.js';
import { layerJacobians } from '../src/layer-jacobians.js';
import { matmul } from '../src/matmul.js';
import { column, identity, toArray, type Matrix } from '../src/matrix.js';
import { forward, linearNetwork, mlp, network } from '../src/network.js';
import { createRandom } from '../src/random.js';
import { thrown } from './support/errors.js';
import { randomMatrix } from './support/matrices.js';

function maxAbsDifference(A: Matrix, B: Matrix): number {
  let worst = 0;
  for (let i = 0; i < A.data.length; i++) worst = Math.max(worst, Math.abs(A.data[i] - B.data[i]));
  return worst;
}

describe('layerJacobians', () => {
  it('gives each layer the Jacobian of its own map a^[l−1] ↦ a^[l], by centred differences', () => {
    const random = createRandom('layer jacobians');
    const net = mlp({ sizes: [3, 5, 4, 2], activation: 'tanh', outputActivation: 'sigmoid', random });
    const x = randomMatrix(3, 1, random);
    const trace = forward(net, x, { mode: 'eval' });
    const jacobians = layerJacobians(net, x);
    const h = 1e-6;
    jacobians.forEach(({ jacobian }, i) => {
      const layer = net.layers[i];
      const input = i === 0 ? x : trace.layers[i - 1].a;
      for (let j = 0; j < layer.inputSize; j++) {
        const plus = column(Array.from(input.data));
        const minus = column(Array.from(input.data));
        plus.data[j] += h;
        minus.data[j] -= h;
        const up = layer.forward(plus, 'eval').a.data.slice();
        const down = layer.forward(minus, 'eval').a.data.slice();
        for (let r = 0; r < layer.outputSize; r++) {
          const numeric = (up[r] - down[r]) / (2 * h);
          const analytic = jacobian.data[r * layer.inputSize + j];
          expect(Math.abs(numeric - analytic)).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(analytic)));
        }
      }
    });
  });

  it('multiply, top layer on the left, to the backpropagated input–output Jacobian', () => {
    const random = createRandom('jacobian product');
    const net = mlp({ sizes: [4, 6, 6, 6, 3], activation: 'relu', init: 'heNormal', random });
    const x = randomMatrix(4, 1, random);
    const product = layerJacobians(net, x)
      .map((j) => j.jacobian)
      .reduce((below, J) => matmul(J, below));
    expect(maxAbsDifference(product, inputOutputJacobian(net, x))).toBeLessThan(1e-12);
  });

  it('holds the slopes g′(z): 0 or 1 for ReLU, 1 − tanh²(z) for tanh', () => {
    const random = createRandom(3);
    const x = randomMatrix(3, 1, random);
    const relu = mlp({ sizes: [3, 8, 1], activation: 'relu', random });
    const z = forward(relu, x).layers[0].z.data;
    expect(Array.from(layerJacobians(relu, x)[0].slopes)).toEqual(Array.from(z, (v) => (v > 0 ? 1 : 0)));
    const tanh = mlp({ sizes: [3, 8, 1], activation: 'tanh', random });
    const zt = forward(tanh, x).layers[0].z.data;
    const slopes = layerJacobians(tanh, x)[0].slopes;
    zt.forEach((v, i) => expect(slopes[i]).toBeCloseTo(1 - Math.tanh(v) ** 2, 14));
  });

  it('of the lecture network are k·I at every layer', () => {
    for (const { jacobian } of layerJacobians(linearNetwork(4, 1.5), column([1, -2]))) {
      expect(toArray(jacobian)).toEqual(toArray(identity(2, 1.5)));
    }
  });

  it('refuses a network with a layer other than dense, pointing to inputOutputJacobian', () => {
    const net = mlp({ sizes: [2, 2, 1], norm: 'batch' });
    const error = thrown(() => layerJacobians(net, column([1, 1])));
    expect(error.argument).toBe('net');
    expect(error.expected).toContain('inputOutputJacobian');
    expect(
      thrown(() => layerJacobians(network([dense({ inputSize: 2, outputSize: 1 })]), column([1]))).argument,
    ).toBe('x');
  });
});
