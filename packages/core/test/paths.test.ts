// The gradient of one weight as a sum over the paths from it to the output: the sum against the backward pass
// and against centred finite differences of the loss, the count of paths against the product of the widths, and
// the closed form of a network whose weights are all equal.
import { describe, expect, it } from 'vitest';
import { numericGradient } from '../src/gradcheck.js';
import { fixedInit } from '../src/fixed-init.js';
import { column, zeros } from '../src/matrix.js';
import { backward, forward, mlp, type Network } from '../src/network.js';
import { weightGradientPaths } from '../src/paths.js';
import { createRandom, fillNormal } from '../src/random.js';
import type { DenseLayer } from '../src/dense.js';
import { thrown } from './support/errors.js';

const dense = (net: Network, l: number) => net.layers[l - 1] as DenseLayer;

function randomColumn(rows: number, seed: number) {
  const m = zeros(rows, 1);
  fillNormal(m.data, createRandom(seed));
  return m;
}

describe('weightGradientPaths', () => {
  it('adds up, for every weight of every layer, to that entry of dW from a backward pass', () => {
    for (const activation of ['relu', 'tanh'] as const) {
      const net = mlp({ sizes: [3, 4, 3, 2], activation, init: 'heNormal', seed: 5 });
      // Biases too, so that z is not W·a alone.
      for (const layer of net.layers)
        fillNormal((layer as DenseLayer).b!.value.data, createRandom(6), 0, 0.3);
      const x = randomColumn(3, 7);
      const dOutput = randomColumn(2, 8);
      forward(net, x);
      backward(net, dOutput);
      for (let l = 1; l <= 3; l++) {
        const { W } = dense(net, l);
        const dW = Float64Array.from(W.grad.data);
        for (let row = 0; row < W.value.rows; row++) {
          for (let col = 0; col < W.value.cols; col++) {
            const { total } = weightGradientPaths(net, x, dOutput, { layer: l, row, col });
            expect(Math.abs(total - dW[row * W.value.cols + col])).toBeLessThanOrEqual(
              1e-12 * Math.max(1, Math.abs(dW[row * W.value.cols + col])),
            );
          }
        }
      }
    }
  });

  it('agrees with centred finite differences of the loss dOutput·ŷ in the weight', () => {
    const net = mlp({ sizes: [2, 3, 3, 1], activation: 'tanh', init: 'xavierNormal', seed: 11 });
    const x = column([0.7, -1.2]);
    const dOutput = column([1.5]);
    const W = dense(net, 1).W.value;
    const loss = (w: Float64Array) => {
      const saved = W.data[1];
      W.data[1] = w[0];
      const value = forward(net, x).output.data[0] * dOutput.data[0];
      W.data[1] = saved;
      return value;
    };
    const [numeric] = numericGradient(loss, Float64Array.of(W.data[1]));
    const { total } = weightGradientPaths(net, x, dOutput, { layer: 1, row: 0, col: 1 });
    expect(Math.abs(total - numeric) / Math.abs(numeric)).toBeLessThan(1e-6);
  });

  it('lists as many paths as the product of the widths above the layer, and closes those through an inactive unit', () => {
    const net = mlp({ sizes: [2, 3, 4, 5, 1], activation: 'relu', init: 'heNormal', seed: 3 });
    const x = column([1, -0.5]);
    const result = weightGradientPaths(net, x, column([1]), { layer: 1, row: 2, col: 0 });
    expect(result.count).toBe(4 * 5 * 1);
    expect(result.paths).toHaveLength(result.count);
    const trace = forward(net, x);
    for (const path of result.paths) {
      const on = path.units.every((u, k) => trace.layers[k].z.data[u] > 0);
      expect(path.slopes.every((s) => s === 1)).toBe(on);
      if (!on) expect(path.product === 0).toBe(true); // 0 or −0
    }
    expect(result.open).toBe(result.paths.filter((p) => p.product !== 0).length);
    expect(result.paths.map((p) => p.units.join())).toEqual(
      [...new Set(result.paths.map((p) => p.units.join()))], // every path once
    );
  });

  it('gives x_j·n^(L−2)·w^(L−1) for a ReLU network whose weights all equal w, on a positive input', () => {
    const n = 3;
    const L = 5;
    const w = 0.5;
    const all = (rows: number, cols: number) =>
      Array.from({ length: rows }, () => new Array<number>(cols).fill(w));
    const sizes = [n, n, n, n, n, 1];
    const layers = Object.fromEntries(
      sizes.slice(1).map((rows, i) => [i + 1, { init: fixedInit(all(rows, sizes[i])) }]),
    );
    const net = mlp({ sizes, activation: 'relu', bias: false, layers });
    const x = column([0.2, 1, 3]);
    const { total, count, open, paths } = weightGradientPaths(net, x, column([1]), {
      layer: 1,
      row: 1,
      col: 2,
    });
    expect(count).toBe(n ** (L - 2));
    expect(open).toBe(count);
    for (const path of paths) expect(path.product).toBeCloseTo(3 * w ** (L - 1), 15);
    expect(total / (3 * n ** (L - 2) * w ** (L - 1))).toBeCloseTo(1, 13);
  });

  it('names the argument that is wrong', () => {
    const net = mlp({ sizes: [2, 2, 1], activation: 'relu', seed: 1 });
    const x = column([1, 2]);
    const d = column([1]);
    expect(
      thrown(() => weightGradientPaths(net, zeros(2, 3), d, { layer: 1, row: 0, col: 0 })).argument,
    ).toBe('x');
    expect(
      thrown(() => weightGradientPaths(net, x, column([1, 2]), { layer: 1, row: 0, col: 0 })).argument,
    ).toBe('dOutput');
    expect(thrown(() => weightGradientPaths(net, x, d, { layer: 3, row: 0, col: 0 })).argument).toBe(
      'weight.layer',
    );
    expect(thrown(() => weightGradientPaths(net, x, d, { layer: 1, row: 2, col: 0 })).argument).toBe(
      'weight.row',
    );
    expect(
      thrown(() => weightGradientPaths(net, x, d, { layer: 1, row: 0, col: 0 }, { maxPaths: 0 })).argument,
    ).toBe('options.maxPaths');
    const wide = mlp({ sizes: [2, 40, 40, 40, 1], activation: 'relu', seed: 1 });
    expect(
      thrown(() => weightGradientPaths(wide, x, d, { layer: 1, row: 0, col: 0 }, { maxPaths: 1000 })).message,
    ).toMatch(/1600 paths/);
    const normed = mlp({ sizes: [2, 2, 1], activation: 'relu', norm: 'layer', seed: 1 });
    expect(thrown(() => weightGradientPaths(normed, x, d, { layer: 1, row: 0, col: 0 })).argument).toBe(
      'net',
    );
  });
});
