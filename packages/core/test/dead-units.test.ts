// Dead units: a unit with slope 0 for every example of the batch passes no gradient and gets none; one example
// that turns it on keeps it alive; activations whose slope is never 0 have none; and the count is not layerStats'
// share of inactive entries.
import { describe, expect, it } from 'vitest';
import { deadUnits } from '../src/dead-units.js';
import { fixedInit } from '../src/fixed-init.js';
import { matrix, zeros } from '../src/matrix.js';
import { backward, forward, mlp } from '../src/network.js';
import { createRandom, fillNormal } from '../src/random.js';
import { layerStats } from '../src/stats.js';
import type { DenseLayer } from '../src/dense.js';
import { thrown } from './support/errors.js';

// Unit 1 of layer 1 reads x₁ − x₂; unit 2 reads −x₁ − x₂, which is ≤ 0 for every input below (all positive).
const W1 = [
  [1, -1],
  [-1, -1],
];
const net = () =>
  mlp({
    sizes: [2, 2, 1],
    activation: 'relu',
    bias: false,
    layers: { 1: { init: fixedInit(W1) }, 2: { init: fixedInit([[1, 1]]) } },
  });

describe('deadUnits', () => {
  it('counts a unit dead when its slope is 0 for every example, and alive when one example turns it on', () => {
    const X = matrix([
      [1, 2, 0.5],
      [2, 1, 1],
    ]); // x₁ − x₂ = −1, 1, −0.5: unit 1 is on for the second example only
    const [first] = deadUnits(forward(net(), X));
    expect(first).toMatchObject({ layer: 1, units: 2, dead: 1, fraction: 0.5, indices: [1] });
    const onlyOff = matrix([
      [1, 0.5],
      [2, 1],
    ]);
    expect(deadUnits(forward(net(), onlyOff))[0].indices).toEqual([0, 1]);
  });

  it('matches the gradient: a dead unit’s incoming weights get exactly 0, and it sends nothing back', () => {
    const network = net();
    const X = matrix([
      [1, 2, 0.5],
      [2, 1, 1],
    ]);
    forward(network, X);
    const { layers } = backward(network, matrix([[1, -2, 0.5]]));
    const W = (network.layers[0] as DenseLayer).W;
    expect(Array.from(W.grad.data.subarray(2, 4)).every((v) => v === 0)).toBe(true); // row of the dead unit 2
    expect(Array.from(W.grad.data.subarray(0, 2)).some((v) => v !== 0)).toBe(true);
    expect(Array.from(layers[0].delta.data.subarray(3, 6)).every((v) => v === 0)).toBe(true);
  });

  it('finds none in tanh or leaky ReLU layers, whose slope is never 0', () => {
    for (const activation of ['tanh', 'leakyRelu'] as const) {
      const n = mlp({ sizes: [2, 2, 1], activation, bias: false, layers: { 1: { init: fixedInit(W1) } } });
      const rows = deadUnits(forward(n, matrix([[1], [2]])), n);
      expect(rows.map((r) => r.dead)).toEqual([0, 0]);
    }
  });

  it('is not layerStats’ share of inactive entries: at He initialization about half the entries are off, few units', () => {
    const n = mlp({ sizes: [16, 64, 64, 64, 1], activation: 'relu', init: 'heNormal', seed: 4 });
    const X = zeros(16, 32);
    fillNormal(X.data, createRandom(5));
    const trace = forward(n, X);
    const stats = layerStats(trace, n);
    const dead = deadUnits(trace, n);
    for (let l = 0; l < 3; l++) {
      expect(stats[l].fractionInactive).toBeGreaterThan(0.35);
      expect(stats[l].fractionInactive).toBeLessThan(0.65);
      expect(dead[l].fraction).toBeLessThan(stats[l].fractionInactive / 2);
    }
  });

  it('names the argument that is wrong', () => {
    expect(thrown(() => deadUnits({} as never)).argument).toBe('trace');
    const trace = forward(net(), matrix([[1], [2]]));
    expect(thrown(() => deadUnits(trace, mlp({ sizes: [2, 2, 2, 1], seed: 1 }))).argument).toBe('net');
  });
});
