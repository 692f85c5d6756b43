// The singular values of the input–output Jacobian and of the Jacobians of the first l layers, against
// Jacobians whose spectra are known in closed form (k·I layers, orthogonal layers) and against centred finite
// differences of the forward pass, which share no code with either way the engine forms J.
import { describe, expect, it } from 'vitest';
import { dense } from '../src/dense.js';
import { jacobianSingularValues, jacobianSpectrumByDepth } from '../src/jacobian-spectrum.js';
import { orthogonalInit } from '../src/initializers.js';
import { layerNorm } from '../src/layernorm.js';
import { column, fromData, type Matrix } from '../src/matrix.js';
import { forward, linearNetwork, mlp, network, type Network } from '../src/network.js';
import { createRandom } from '../src/random.js';
import { residual } from '../src/residual.js';
import { singularValues } from '../src/svd.js';
import { thrown } from './support/errors.js';
import { randomMatrix } from './support/matrices.js';

/** ∂a^[l]/∂x by centred differences of the forward pass (step 1e-6), as an n_l × n_0 matrix. */
function finiteDifferenceJacobian(net: Network, x: Matrix, depth: number): Matrix {
  const n0 = x.rows;
  const out = (v: Float64Array) =>
    Array.from(forward(net, column(Array.from(v)), { mode: 'eval' }).layers[depth - 1].a.data);
  const rows = net.layers[depth - 1].outputSize;
  const J = new Float64Array(rows * n0);
  const h = 1e-6;
  for (let k = 0; k < n0; k++) {
    const plus = Float64Array.from(x.data);
    const minus = Float64Array.from(x.data);
    plus[k] += h;
    minus[k] -= h;
    const [fp, fm] = [out(plus), out(minus)];
    for (let i = 0; i < rows; i++) J[i * n0 + k] = (fp[i] - fm[i]) / (2 * h);
  }
  return fromData(rows, n0, J);
}

function expectSpectraClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number) {
  expect(actual.length).toBe(expected.length);
  const scale = Math.max(...Array.from(expected, Math.abs));
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i] - expected[i]) / scale).toBeLessThanOrEqual(tolerance);
  }
}

describe('Jacobian spectra', () => {
  it('of the lecture network are k^l at every depth l, with exact logarithms even where k^l leaves float64', () => {
    const up = jacobianSpectrumByDepth(linearNetwork(2000, 1.5), column([1, 1]), { depths: [1, 100, 2000] });
    expect(Array.from(up[0].singularValues)).toEqual([1.5, 1.5]);
    expect(up[1].singularValues[0] / 1.5 ** 100).toBeCloseTo(1, 12);
    expect(up[2].singularValues[0]).toBe(Infinity); // 1.5^2000 ≈ 10^352
    for (const s of up)
      for (const l of s.logSingularValues) expect(l / (s.depth * Math.log(1.5))).toBeCloseTo(1, 12);
    const down = jacobianSpectrumByDepth(linearNetwork(1100, 0.5), column([1, 1]), { depths: [1100] })[0];
    expect(Array.from(down.singularValues)).toEqual([0, 0]); // 2^−1100 is below float64's smallest subnormal
    expect(down.logSingularValues[0]).toBeCloseTo(-1100 * Math.LN2, 9);
    expect(Array.from(jacobianSingularValues(linearNetwork(20, 1.5), column([1, 1])))).toEqual([
      1.5 ** 20,
      1.5 ** 20,
    ]);
  });

  it('of a linear network with orthogonal weights of gain g are all exactly g^l: dynamical isometry at g = 1', () => {
    for (const gain of [1, 1.1]) {
      const net = mlp({
        sizes: Array(31).fill(16),
        activation: 'identity',
        init: orthogonalInit(gain),
        bias: false,
        seed: 3,
      });
      const x = randomMatrix(16, 1, createRandom(4));
      for (const s of jacobianSpectrumByDepth(net, x)) {
        for (const sigma of s.singularValues) expect(sigma / gain ** s.depth).toBeCloseTo(1, 10);
        expect(s.meanSquare / gain ** (2 * s.depth)).toBeCloseTo(1, 10);
      }
    }
  });

  it('of a tanh network match the singular values of finite-difference Jacobians at every depth', () => {
    const random = createRandom(5);
    const net = mlp({ sizes: [5, 8, 6, 7, 4], activation: 'tanh', init: 'xavierNormal', random });
    const x = randomMatrix(5, 1, random);
    const spectra = jacobianSpectrumByDepth(net, x);
    expect(spectra.map((s) => s.depth)).toEqual([1, 2, 3, 4]);
    for (const s of spectra) {
      expectSpectraClose(s.singularValues, singularValues(finiteDifferenceJacobian(net, x, s.depth)), 1e-7);
      expect(s.meanSquare).toBeCloseTo(
        Array.from(s.singularValues).reduce((sum, v) => sum + v * v, 0) / s.singularValues.length,
        12,
      );
    }
    expectSpectraClose(jacobianSingularValues(net, x), spectra[3].singularValues, 1e-12);
  });

  it('of a network with layer norm and residual blocks (taken by backpropagation) match finite differences', () => {
    const random = createRandom(6);
    const net = network([
      dense({ inputSize: 3, outputSize: 5, activation: 'relu', random }),
      layerNorm({ size: 5, activation: 'tanh' }),
      residual({ inner: [dense({ inputSize: 5, outputSize: 5, activation: 'tanh', random })] }),
      dense({ inputSize: 5, outputSize: 2, random }),
    ]);
    const x = column([0.4, -1.2, 0.9]);
    for (const s of jacobianSpectrumByDepth(net, x, { depths: [4, 2, 3] })) {
      expectSpectraClose(s.singularValues, singularValues(finiteDifferenceJacobian(net, x, s.depth)), 1e-7);
    }
  });

  it('of Gaussian linear layers spread with depth while orthogonal ones stay at 1', () => {
    const n = 32;
    const x = randomMatrix(n, 1, createRandom(7));
    const spec = { sizes: Array(41).fill(n), activation: 'identity', bias: false, seed: 8 } as const;
    const spread = (s: { logSingularValues: Float64Array }) =>
      s.logSingularValues[0] - s.logSingularValues[n - 1];
    const gaussian = jacobianSpectrumByDepth(mlp({ ...spec, init: 'lecunNormal' }), x, {
      depths: [1, 10, 40],
    });
    const orthogonal = jacobianSpectrumByDepth(mlp({ ...spec, init: 'orthogonal' }), x, { depths: [40] });
    expect(spread(gaussian[0])).toBeLessThan(spread(gaussian[1]));
    expect(spread(gaussian[1])).toBeLessThan(spread(gaussian[2]));
    expect(spread(orthogonal[0])).toBeLessThan(1e-9);
  });

  it('of a float32 network that overflowed: NaN from its own Jacobian, the true logarithms from the float64 product', () => {
    const net = linearNetwork(300, 1.5, 2, 'float32');
    const x = column([1, 1], 'float32');
    expect(Array.from(jacobianSingularValues(net, x))).toEqual([NaN, NaN]);
    const [deepest] = jacobianSpectrumByDepth(net, x, { depths: [300] });
    expect(deepest.logSingularValues[0] / (300 * Math.log(1.5))).toBeCloseTo(1, 12);
  });

  it('names the argument that is wrong', () => {
    const net = linearNetwork(3, 1.5);
    expect(thrown(() => jacobianSpectrumByDepth(net, column([1, 1, 1]))).argument).toBe('x');
    expect(thrown(() => jacobianSingularValues(net, column([1, 1, 1]))).message).toMatch(
      /^jacobianSingularValues: x must be a 2×1 matrix/,
    );
    expect(thrown(() => jacobianSpectrumByDepth(net, column([1, 1]), { depths: [0] })).argument).toBe(
      'options.depths[0]',
    );
    expect(thrown(() => jacobianSpectrumByDepth(net, column([1, 1]), { depths: [2, 4] })).message).toMatch(
      /jacobianSpectrumByDepth: options\.depths\[1\] must be a depth from 1 to 3/,
    );
    expect(thrown(() => jacobianSpectrumByDepth(net, column([1, 1]), { depths: [] })).argument).toBe(
      'options.depths',
    );
  });
});
