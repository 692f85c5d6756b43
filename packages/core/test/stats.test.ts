import { describe, expect, it } from 'vitest';
import { dense } from '../src/dense.js';
import { GradscopeArgumentError } from '../src/errors.js';
import { constantInit, scaledIdentityInit } from '../src/initializers.js';
import { column, fromData, matrix, zeros, type Matrix } from '../src/matrix.js';
import { backward, forward, linearNetwork, lossAndGradients, mlp, network } from '../src/network.js';
import { createRandom } from '../src/random.js';
import { firstNonFinite, layerGradNorms, layerStats, valueSummary } from '../src/stats.js';
import { randomMatrix } from './support/matrices.js';

function frobenius(m: Matrix): number {
  let sum = 0;
  for (const v of m.data) sum += v * v;
  return Math.sqrt(sum);
}

describe('valueSummary', () => {
  it('gives mean, population std, min and max over the finite entries, and counts the others', () => {
    expect(valueSummary(matrix([[1, 3, Infinity, NaN, -Infinity]]))).toEqual({
      mean: 2,
      std: 1,
      min: 1,
      max: 3,
      nonFinite: 3,
      count: 5,
    });
  });

  it('reports NaN statistics, without throwing, when nothing is finite', () => {
    const s = valueSummary([NaN, Infinity]);
    expect([s.mean, s.std, s.min, s.max].every(Number.isNaN)).toBe(true);
    expect(s.nonFinite).toBe(2);
  });

  it('keeps mean and std finite for entries near the float64 limit', () => {
    const s = valueSummary([1e308, 1.5e308]);
    expect(s.mean).toBeCloseTo(1.25e308, -295);
    expect(s.std / 0.25e308).toBeCloseTo(1, 12);
  });
});

describe('layerStats', () => {
  it('counts dead ReLUs (z ≤ 0): half of z = (−1, 2, −3, 4) is dead', () => {
    const layer = dense({
      inputSize: 4,
      outputSize: 4,
      activation: 'relu',
      init: scaledIdentityInit(1),
      bias: false,
    });
    const net = network([layer]);
    const [row] = layerStats(forward(net, column([-1, 2, -3, 4])), net);
    expect(row.fractionInactive).toBe(0.5);
    expect(row.inactiveKind).toBe('dead');
    expect(row.a).toMatchObject({ min: 0, max: 4, mean: 1.5 });
    expect(row.z).toMatchObject({ min: -3, max: 4, mean: 0.5 });
  });

  it('counts saturated tanh units (1 − a² < 0.01, i.e. |z| > 2.99): z = 5 and −4 are, z = 1 and −0.5 are not', () => {
    const layer = dense({
      inputSize: 4,
      outputSize: 4,
      activation: 'tanh',
      init: scaledIdentityInit(1),
      bias: false,
    });
    const net = network([layer]);
    const [row] = layerStats(forward(net, column([5, 1, -4, -0.5])), net);
    expect(row.fractionInactive).toBe(0.5);
    expect(row.inactiveKind).toBe('saturated');
  });

  it('reads the activation from the trace when no network is given', () => {
    const net = mlp({ sizes: [3, 4, 2], activation: 'relu', seed: 3 });
    const trace = forward(net, randomMatrix(3, 5, createRandom(3)));
    expect(layerStats(trace)).toEqual(layerStats(trace, net));
  });

  it("lists a residual block's inner layers, numbered inside the block, before the block's own row", () => {
    const net = mlp({ sizes: [2, 3, 3, 1], residual: true, norm: 'layer', seed: 1 });
    const rows = layerStats(forward(net, randomMatrix(2, 4, createRandom(1))), net);
    expect(rows.map((r) => [r.layer, r.inner ?? null, r.kind])).toEqual([
      [1, null, 'dense'],
      [2, null, 'layerNorm'],
      [3, 1, 'dense'],
      [3, 2, 'layerNorm'],
      [3, null, 'residual'],
      [4, null, 'dense'],
    ]);
    expect(rows[3].inactiveKind).toBe('saturated'); // the tanh lives in the layer norm
  });

  it('rejects a network that did not produce the trace', () => {
    const trace = forward(mlp({ sizes: [2, 2, 1] }), zeros(2, 1));
    expect(() => layerStats(trace, mlp({ sizes: [2, 1] }))).toThrow(GradscopeArgumentError);
    expect(() => layerStats({} as never)).toThrow(GradscopeArgumentError);
  });
});

describe('layerGradNorms', () => {
  it('gives ‖dW^[l]‖ = k^(2L−1)·‖x‖² and ‖delta^[l]‖ = k^(2L−l)·‖x‖ for the lecture network and ½‖ŷ‖²', () => {
    // delta^[l] = (k·I)^(L−l)·ŷ = k^(2L−l)·x, and dW^[l] = delta^[l]·(k^(l−1)·x)ᵀ has Frobenius norm k^(2L−1)·‖x‖².
    const L = 10;
    const k = 1.5;
    const net = linearNetwork(L, k);
    const x = [0.6, 0.8]; // ‖x‖ = 1
    const trace = forward(net, column(x));
    backward(net, column(Array.from(trace.output.data)));
    for (const row of layerGradNorms(net)) {
      expect(row.dW / k ** (2 * L - 1)).toBeCloseTo(1, 13);
      expect(row.delta / k ** (2 * L - row.layer)).toBeCloseTo(1, 13);
      expect(row.params).toBe(row.dW); // no bias: the weight is the only parameter
    }
  });

  it('agrees between the network and the backward result, and equals Frobenius norms of the gradients', () => {
    const random = createRandom(4);
    const net = mlp({ sizes: [3, 4, 4, 2], residual: true, random });
    const { gradients } = lossAndGradients(
      net,
      randomMatrix(3, 5, random),
      randomMatrix(2, 5, random),
      'mse',
    );
    const fromNet = layerGradNorms(net);
    expect(layerGradNorms(gradients)).toEqual(fromNet);
    const dense1 = fromNet[0];
    expect(dense1.dW).toBeCloseTo(frobenius(net.params[0].grad), 14);
    expect(dense1.params).toBeCloseTo(
      Math.hypot(frobenius(net.params[0].grad), frobenius(net.params[1].grad)),
      14,
    );
    expect(dense1.delta).toBeCloseTo(frobenius(gradients.layers[0].delta), 14);
    const block = fromNet.find((r) => r.kind === 'residual');
    expect(block?.dW).toBeNaN();
  });

  it('does not overflow the sum of squares: entries of 1e200 give a norm of 1e200·√n', () => {
    const layer = dense({ inputSize: 2, outputSize: 2, init: constantInit(1), bias: false });
    const net = network([layer]);
    forward(net, column([1e100, 1e100]));
    backward(net, column([1e100, 1e100]));
    expect(layerGradNorms(net)[0].dW / (1e200 * 2)).toBeCloseTo(1, 14);
  });

  it('gives NaN for delta before any backward pass instead of throwing', () => {
    const [row] = layerGradNorms(mlp({ sizes: [2, 1] }));
    expect(row.delta).toBeNaN();
    expect(row.dW).toBe(0);
  });
});

describe('firstNonFinite', () => {
  it('returns null when every value of the trace is finite', () => {
    const net = mlp({ sizes: [2, 3, 1], seed: 1 });
    expect(firstNonFinite(forward(net, column([1, 2])))).toBeNull();
  });

  it('finds the first NaN in forward order, z before a, with its unit and example', () => {
    const net = linearNetwork(3, 1, 2);
    const X = fromData(2, 3, new Float64Array([1, 2, 3, 4, NaN, 6]));
    // W = I still multiplies the NaN by 0 for unit 0, and 0·NaN = NaN: it reaches both units of example 1.
    expect(firstNonFinite(forward(net, X))).toEqual({ layer: 1, what: 'z', value: NaN, row: 0, column: 1 });
  });

  it('finds, in backward order, where the gradient first became non-finite', () => {
    const net = linearNetwork(4, 1, 2);
    forward(net, column([1, 1]));
    const gradients = backward(net, column([Infinity, 0]));
    expect(firstNonFinite(gradients)).toMatchObject({ layer: 4, what: 'delta', value: Infinity, row: 0 });
  });

  it('looks inside residual blocks, numbering the inner layer', () => {
    const net = mlp({ sizes: [2, 2, 2, 1], residual: true, seed: 2 });
    const trace = forward(net, column([1, 1]));
    (trace.layers[1].inner?.[0].a as Matrix).data[1] = -Infinity;
    expect(firstNonFinite(trace)).toMatchObject({ layer: 2, inner: 1, what: 'a', value: -Infinity, row: 1 });
  });

  it('rejects something that is neither a trace nor gradients', () => {
    expect(() => firstNonFinite(null as never)).toThrow(GradscopeArgumentError);
  });
});
