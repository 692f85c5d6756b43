/**
 * The lecture's deep linear network (lecture-notes-deep-linear-network): g(z) = z, b = 0, W^[l] = k·I, so
 * ŷ = W^[L]⋯W^[1]·x = k^L·x. Every claim below is a closed form, checked against the engine.
 */
import { describe, expect, it } from 'vitest';
import { FLOAT32_MAX, FLOAT32_MIN_SUBNORMAL } from '../src/dtype.js';
import { column, toArray } from '../src/matrix.js';
import { backward, copyTrace, forward, linearNetwork } from '../src/network.js';
import { firstNonFinite, layerStats } from '../src/stats.js';

/** ½‖ŷ‖² has gradient ŷ with respect to ŷ: backpropagate ŷ itself. */
function gradientOfHalfSquaredNorm(k: number, L: number, x: number[]) {
  const net = linearNetwork(L, k);
  const trace = forward(net, column(x));
  const { dInput } = backward(net, copyTrace(trace).output);
  return { net, dInput };
}

function expectRelativelyClose(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

describe('the deep linear network W^[l] = k·I', () => {
  it('outputs exactly 1.5^20·x after 20 layers (3325.256730079651·x)', () => {
    const x = [1, -0.5]; // few mantissa bits: every product 1.5^l·x is exact in float64 for l ≤ 20
    const trace = forward(linearNetwork(20, 1.5), column(x));
    expect(1.5 ** 20).toBe(3325.256730079651);
    expect(Array.from(trace.output.data)).toEqual([1.5 ** 20 * x[0], 1.5 ** 20 * x[1]]);
  });

  it('has activations a^[l] = k^l·x at every layer, for k = 1.5 and for k = 0.5', () => {
    for (const k of [1.5, 0.5]) {
      const trace = forward(linearNetwork(20, k), column([1, -0.5]));
      trace.layers.forEach((t, index) => {
        const l = index + 1;
        expect(Array.from(t.a.data)).toEqual([k ** l, -0.5 * k ** l]);
      });
    }
  });

  it('outputs exactly 0.5^L·x: activations halve with every layer', () => {
    const trace = forward(linearNetwork(100, 0.5), column([3, 1]));
    expect(Array.from(trace.output.data)).toEqual([3 * 2 ** -100, 2 ** -100]);
  });

  it('has ∂(½‖ŷ‖²)/∂x = k^(2L)·x', () => {
    // ŷ = k^L·x and ∂ŷ/∂x = k^L·I, so the gradient is k^L·ŷ = k^(2L)·x. For k = 0.5 every step is exact;
    // for k = 1.5 each of the 2L multiplications by 1.5 rounds once (3^40 > 2^53): 2L·2^−53 ≈ 4.4e−15 at most.
    const x = [0.75, -2];
    const exploding = gradientOfHalfSquaredNorm(1.5, 20, x).dInput;
    x.forEach((xi, i) => expectRelativelyClose(exploding.data[i], 1.5 ** 40 * xi, 1e-14));
    const vanishing = gradientOfHalfSquaredNorm(0.5, 20, x).dInput;
    expect(Array.from(vanishing.data)).toEqual(x.map((xi) => 0.5 ** 40 * xi));
  });

  it('has ∂(½‖ŷ‖²)/∂W^[l] = k^(2L−1)·x·xᵀ for every layer l, W^[1] included', () => {
    // ŷ = k^(L−l)·W^[l]·k^(l−1)·x, so ∂/∂W^[l] = k^(L−l)·ŷ·(k^(l−1)·x)ᵀ = k^(2L−1)·x·xᵀ whatever l is.
    const x = [0.75, -2];
    const outer = (c: number) => [
      [c * x[0] * x[0], c * x[0] * x[1]],
      [c * x[1] * x[0], c * x[1] * x[1]],
    ];
    for (const k of [1.5, 0.5]) {
      const L = 20;
      const { net } = gradientOfHalfSquaredNorm(k, L, x);
      const expected = outer(k ** (2 * L - 1));
      for (const layer of net.layers) {
        const dW = toArray(layer.params[0].grad);
        for (let i = 0; i < 2; i++)
          for (let j = 0; j < 2; j++) expectRelativelyClose(dW[i][j], expected[i][j], 1e-14);
      }
    }
  });

  it('grows its activations exponentially in depth: the mean of a^[l] is 1.5^l for x = (1, 1)', () => {
    const net = linearNetwork(30, 1.5);
    layerStats(forward(net, column([1, 1])), net).forEach((row) => {
      expect(row.a.mean).toBe(1.5 ** row.layer);
      expect(row.a.std).toBe(0);
      expect(row.fractionInactive).toBe(0);
      expect(row.inactiveKind).toBeNull();
    });
  });
});

describe('the deep linear network in float32', () => {
  // Computed here, not trusted: the first L with 1.5^L above the largest float32.
  let overflowLayer = 1;
  while (1.5 ** overflowLayer <= FLOAT32_MAX) overflowLayer++;
  // Computed here: the first L with 0.5^L below half the smallest float32 subnormal 2^−149 (rounds to 0).
  let underflowLayer = 1;
  while (0.5 ** underflowLayer >= FLOAT32_MIN_SUBNORMAL) underflowLayer++;

  function float32Trace(k: number, depth: number, dtype: 'float32' | 'float64' = 'float32') {
    const net = linearNetwork(depth, k, 2, dtype);
    return { net, trace: forward(net, column([1, 1], dtype)) };
  }

  it('overflows to Infinity first at the smallest L with 1.5^L > FLOAT32_MAX (L = 219), as firstNonFinite reports', () => {
    expect(overflowLayer).toBe(219);
    // The same layer by simulating float32 rounding step by step (each store rounds 1.5·a to float32).
    let a = 1;
    let simulated = 0;
    while (Number.isFinite(a)) {
      a = Math.fround(1.5 * a);
      simulated++;
    }
    expect(simulated).toBe(overflowLayer);

    const { trace } = float32Trace(1.5, 230);
    expect(firstNonFinite(trace)).toEqual({
      layer: overflowLayer,
      what: 'z',
      value: Infinity,
      row: 0,
      column: 0,
    });
    expect(Number.isFinite(trace.layers[overflowLayer - 2].a.data[0])).toBe(true);
    expect(trace.layers[overflowLayer - 2].a.data[0]).toBeGreaterThan(2e38);
    expect(Array.from(trace.layers[overflowLayer - 1].a.data)).toEqual([Infinity, Infinity]);
  });

  it('counts the overflowed entries as non-finite in the layer statistics from that layer on', () => {
    const { net, trace } = float32Trace(1.5, 225);
    const stats = layerStats(trace, net);
    expect(stats[overflowLayer - 2].nonFinite).toBe(0);
    // z and a of both units, from the overflow on (Infinity, then 1.5·Infinity + 0·Infinity = NaN).
    for (const row of stats.slice(overflowLayer - 1)) expect(row.nonFinite).toBe(4);
  });

  it('underflows to exactly 0 first at the smallest L with 0.5^L below 2^−149 (L = 150)', () => {
    expect(underflowLayer).toBe(150);
    const { net, trace } = float32Trace(0.5, 160);
    expect(Array.from(trace.layers[underflowLayer - 2].a.data)).toEqual([2 ** -149, 2 ** -149]);
    expect(Array.from(trace.layers[underflowLayer - 1].a.data)).toEqual([0, 0]);
    // Zero is finite: the statistics show the layer where the signal vanished by its max, and nothing is NaN.
    const stats = layerStats(trace, net);
    const firstZero = stats.find((row) => row.a.max === 0 && row.a.min === 0);
    expect(firstZero?.layer).toBe(underflowLayer);
    expect(firstNonFinite(trace)).toBeNull();
  });

  it('stays finite and non-zero in float64 at the same depths', () => {
    const exploding = float32Trace(1.5, 230, 'float64').trace;
    expect(firstNonFinite(exploding)).toBeNull();
    expect(exploding.output.data[0]).toBe(1.5 ** 230);
    const vanishing = float32Trace(0.5, 160, 'float64').trace;
    expect(vanishing.layers[underflowLayer - 1].a.data[0]).toBe(2 ** -underflowLayer);
  });

  it('reports the exploding backward pass too: dW^[L] overflows first although ŷ is finite', () => {
    // L = 120 in float32: ŷ = 1.5^120·x ≈ 1.3e21 is finite, but dW^[l] = delta^[l]·a^[l−1]ᵀ = 1.5^(2L−1)·x·xᵀ
    // = 1.5^239 overflows at every layer, the top one (computed first) included; delta^[l] = 1.5^(2L−l)·x
    // overflows only where 2L − l ≥ 219, i.e. for l ≤ 21.
    const L = 120;
    const net = linearNetwork(L, 1.5, 2, 'float32');
    const trace = forward(net, column([1, 1], 'float32'));
    expect(firstNonFinite(trace)).toBeNull();
    const gradients = backward(net, copyTrace(trace).output);
    expect(firstNonFinite(gradients)).toEqual({
      layer: L,
      what: 'dW',
      param: `W[${L}]`,
      value: Infinity,
      row: 0,
      column: 0,
    });
    expect(Number.isFinite(gradients.layers[2 * L - overflowLayer].delta.data[0])).toBe(true);
    expect(gradients.layers[2 * L - overflowLayer - 1].delta.data[0]).toBe(Infinity);
  });
});
