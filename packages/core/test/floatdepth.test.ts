// How deep the lecture's network (W = k·I, x = (1, 1)) goes in each number format before its activations
// overflow or vanish, and before its loss ½‖ŷ‖² overflows: each number a lesson states is checked against the
// engine's own network run in that format, and the closed forms against exact integer arithmetic (BigInt).
import { describe, expect, it } from 'vitest';
import { DTYPES, floatFormat, roundTo, type DTypeName } from '../src/dtype.js';
import { depthLimitTable, lossOverflowDepth, scaledIdentityDepth } from '../src/floatdepth.js';
import { roundToBfloat16 } from '../src/floatformat.js';
import { meanSquaredError } from '../src/losses.js';
import { column, zeros } from '../src/matrix.js';
import { forward, linearNetwork } from '../src/network.js';
import { firstNonFinite } from '../src/stats.js';
import { overflowDepth, scaledIdentityActivations, underflowDepth } from '../src/theory.js';
import { thrown } from './support/errors.js';

/** The first layer whose activations are non-finite, and the first whose activations are all exactly 0. */
function networkRun(k: number, depth: number, dtype: DTypeName) {
  const trace = forward(linearNetwork(depth, k, 2, dtype), column([1, 1], dtype));
  const nonFinite = firstNonFinite(trace);
  const zero = trace.layers.findIndex((layer) => layer.a.data.every((v) => v === 0));
  return { trace, overflow: nonFinite?.layer ?? Infinity, zero: zero === -1 ? Infinity : zero + 1 };
}

/**
 * The exact closed-form overflow depth for k = a/b > 1 and x0 = 1: the first L with a^L > max·b^L, where
 * max = (2^p − 1)·2^(emax − p + 1) is an integer for every format here.
 */
function exactOverflowDepth(a: bigint, b: bigint, dtype: DTypeName): number {
  const { precision: p, maxExponent: emax } = floatFormat(dtype);
  const max = ((1n << BigInt(p)) - 1n) << BigInt(emax - p + 1);
  let [num, den] = [a, b];
  for (let L = 1; ; L++, num *= a, den *= b) if (num > max * den) return L;
}

/** The exact closed-form depth at which (a/b)^L ≤ 2^(q−1) (half the smallest subnormal 2^q), for a < b. */
function exactUnderflowDepth(a: bigint, b: bigint, dtype: DTypeName): number {
  const q = Math.log2(floatFormat(dtype).minSubnormal);
  let [num, den] = [a, b];
  // num/den ≤ 2^(q−1) ⟺ num·2^(1−q) ≤ den
  for (let L = 1; ; L++, num *= a, den *= b) if (num << BigInt(1 - q) <= den) return L;
}

describe('overflow and underflow depths of the lecture network', () => {
  it('float16 overflows at layer 28 for k = 1.5 and reaches exactly 0 at layer 25 for k = 0.5, as the network run shows', () => {
    expect(networkRun(1.5, 40, 'float16').overflow).toBe(28);
    expect(networkRun(0.5, 40, 'float16').zero).toBe(25);
    for (const method of ['simulation', 'closedForm'] as const) {
      expect(overflowDepth(1.5, { dtype: 'float16', method })).toBe(28);
      expect(underflowDepth(0.5, { dtype: 'float16', method })).toBe(25);
    }
    // 1.5^27 ≈ 56815 still fits under 65504; 1.5^28 ≈ 85223 does not. 0.5^25 = 2^−25 is half of 2^−24: a tie, to 0.
    const { trace } = networkRun(1.5, 30, 'float16');
    expect(trace.layers[26].a.data[0]).toBeLessThanOrEqual(65504);
    const vanishing = networkRun(0.5, 30, 'float16').trace;
    expect(Array.from(vanishing.layers[23].a.data)).toEqual([2 ** -24, 2 ** -24]);
  });

  it('float32 flushing subnormals reaches 0 at layer 127 for k = 0.5, against 150 with them; it overflows at 219 for 1.5', () => {
    expect(networkRun(0.5, 200, 'float32-ftz').zero).toBe(127);
    expect(networkRun(0.5, 200, { format: 'float32', flushSubnormals: true } as never).zero).toBe(127);
    expect(networkRun(0.5, 200, 'float32').zero).toBe(150);
    expect(networkRun(1.5, 250, 'float32').overflow).toBe(219);
    expect(networkRun(1.5, 250, 'float32-ftz').overflow).toBe(219);
    for (const method of ['simulation', 'closedForm'] as const) {
      expect(underflowDepth(0.5, { dtype: 'float32-ftz', method })).toBe(127);
      expect(underflowDepth(0.5, { dtype: 'float32', method })).toBe(150);
      expect(overflowDepth(1.5, { dtype: 'float32', method })).toBe(219);
    }
  });

  it('bfloat16 overflows at layer 220, one after the closed form says: its 8-bit rounding drifts 21% below 1.5^L', () => {
    expect(networkRun(1.5, 250, 'bfloat16').overflow).toBe(220);
    expect(overflowDepth(1.5, { dtype: 'bfloat16' })).toBe(220);
    expect(overflowDepth(1.5, { dtype: 'bfloat16', method: 'closedForm' })).toBe(219);
    // The same drift from the classic bit trick (1.5·v is exact in float32 for an 8-bit v; then keep the top
    // 16 bits, rounding to nearest even), independent of the engine's rounding.
    const f = new Float32Array(1);
    const u = new Uint32Array(f.buffer);
    let v = 1;
    let layer = 0;
    while (v !== Infinity) {
      f[0] = v * 1.5;
      u[0] = ((u[0] + 0x7fff + ((u[0] >>> 16) & 1)) & 0xffff0000) >>> 0;
      v = f[0];
      layer++;
      if (layer === 219) expect(v / 1.5 ** 219).toBeCloseTo(0.7944, 4);
    }
    expect(layer).toBe(220);
    expect(roundToBfloat16(1.5 ** 219)).toBe(Infinity); // exactly rounded, 1.5^219 would not fit
  });

  it('bfloat16 reaches 0 at layer 134 for k = 0.5 (2^−133 is its smallest subnormal), 127 when flushing', () => {
    expect(networkRun(0.5, 200, 'bfloat16').zero).toBe(134);
    expect(networkRun(0.5, 200, 'bfloat16-ftz').zero).toBe(127);
    expect(underflowDepth(0.5, { dtype: 'bfloat16', method: 'closedForm' })).toBe(134);
    expect(underflowDepth(0.5, { dtype: 'bfloat16-ftz', method: 'closedForm' })).toBe(127);
  });

  it("scaledIdentityActivations in a dtype is the network's own activation at every layer", () => {
    for (const dtype of ['float16', 'bfloat16', 'float32-ftz'] as const) {
      const { trace } = networkRun(1.1, 60, dtype);
      const curve = scaledIdentityActivations(1.1, 60, 1, { dtype });
      trace.layers.forEach((layer, l) =>
        expect(layer.a.data[0], `${dtype} layer ${l + 1}`).toBe(curve[l + 1]),
      );
    }
  });

  it('the simulation gives the layer the network run shows, in every dtype', () => {
    for (const dtype of DTYPES) {
      const deep = dtype === 'float64' ? 1800 : 260;
      expect(overflowDepth(1.5, { dtype }), dtype).toBe(networkRun(1.5, deep, dtype).overflow);
      expect(underflowDepth(0.5, { dtype }), dtype).toBe(
        networkRun(0.5, dtype === 'float64' ? 1100 : 200, dtype).zero,
      );
    }
  });

  it('the closed form is the exact first layer past the threshold, computed with integers', () => {
    const ks = [
      [3n, 2n],
      [5n, 4n],
      [9n, 8n],
    ] as const;
    for (const dtype of ['float32', 'float16', 'bfloat16'] as const) {
      for (const [a, b] of ks) {
        expect(
          overflowDepth(Number(a) / Number(b), { dtype, method: 'closedForm' }),
          `${a}/${b} ${dtype}`,
        ).toBe(exactOverflowDepth(a, b, dtype));
        expect(underflowDepth(Number(b) / Number(a) / 2, { dtype, method: 'closedForm' })).toBe(
          exactUnderflowDepth(b, 2n * a, dtype),
        );
      }
    }
  });

  it('for k between 0.5 and 1 the closed form predicts an underflow the network never reaches: it sticks at 4 spacings', () => {
    expect(underflowDepth(0.9, { dtype: 'float16', method: 'closedForm' })).toBe(165);
    expect(underflowDepth(0.9, { dtype: 'float16' })).toBe(Infinity);
    const { trace, zero } = networkRun(0.9, 400, 'float16');
    expect(zero).toBe(Infinity);
    expect(trace.output.data[0]).toBe(4 * 2 ** -24);
  });

  it('lists both methods for every dtype in one table', () => {
    const table = depthLimitTable();
    expect(table.map((row) => row.dtype)).toEqual(DTYPES);
    expect(table.find((row) => row.dtype === 'float16')).toEqual({
      dtype: 'float16',
      overflow: { simulation: 28, closedForm: 28 },
      underflow: { simulation: 25, closedForm: 25 },
    });
    expect(table.find((row) => row.dtype === 'float64')?.underflow).toEqual({
      simulation: 1075,
      closedForm: 1075,
    });
    expect(
      depthLimitTable({ grow: 2, shrink: 0.25, dtypes: [{ format: 'float16', flushSubnormals: true }] }),
    ).toEqual([
      {
        dtype: 'float16-ftz',
        overflow: { simulation: 16, closedForm: 16 },
        underflow: { simulation: 8, closedForm: 8 },
      },
    ]);
  });

  it('names the option that is wrong', () => {
    expect(thrown(() => overflowDepth(1.5, { method: 'closed' as never })).message).toMatch(
      /overflowDepth: options\.method must be one of "simulation", "closedForm"/,
    );
    expect(thrown(() => underflowDepth(0.5, { dtyp: 'float16' } as never)).message).toContain(
      'did you mean "dtype"',
    );
    expect(thrown(() => depthLimitTable({ dtypes: ['half'] as never })).message).toMatch(
      /depthLimitTable: options\.dtypes\[0\] must be .*did you mean "float16"/,
    );
    expect(thrown(() => scaledIdentityDepth('explode' as never, 2)).argument).toBe('event');
  });
});

describe('the depth at which the loss ½‖ŷ‖² overflows', () => {
  /** ½‖ŷ‖² from the engine's float32 ŷ at every layer, summed in float32 or in float64, stored as a float32. */
  function firstInfiniteLoss(dtype: DTypeName, accumulate: 'float32' | 'float64', depth: number): number {
    const round = accumulate === 'float32' ? Math.fround : (x: number) => x;
    const { trace } = networkRun(1.5, depth, dtype);
    for (let l = 1; l <= depth; l++) {
      const y = trace.layers[l - 1].a.data; // the output of the depth-l network
      let sum = 0;
      for (const v of y) sum = round(sum + round(v * v));
      if (Math.fround(round(0.5 * sum)) === Infinity) return l;
    }
    return Infinity;
  }

  it('in float32 it overflows at L = 110 when the squares are summed in float64, at 109 when summed in float32', () => {
    expect(firstInfiniteLoss('float32', 'float64', 130)).toBe(110);
    expect(firstInfiniteLoss('float32', 'float32', 130)).toBe(109);
    for (const method of ['simulation', 'closedForm'] as const) {
      expect(lossOverflowDepth(1.5, { dtype: 'float32', accumulate: 'float64', method })).toBe(110);
      expect(lossOverflowDepth(1.5, { dtype: 'float32', accumulate: 'float32', method })).toBe(109);
    }
    // 110 is the first L with 1.5^(2L) above the largest float32; 109 the first with 2·1.5^(2L) above it.
    expect(1.5 ** 218 < floatFormat('float32').max && 1.5 ** 220 > floatFormat('float32').max).toBe(true);
    expect(2 * 1.5 ** 216 < floatFormat('float32').max && 2 * 1.5 ** 218 > floatFormat('float32').max).toBe(
      true,
    );
  });

  it("the engine's own loss value, a float64 sum, stays finite until ŷ itself overflows at 219", () => {
    const { trace } = networkRun(1.5, 220, 'float32');
    const loss = (l: number) => meanSquaredError.value(trace.layers[l - 1].a, zeros(2, 1));
    expect(loss(110) / 1.5 ** 220).toBeCloseTo(1, 5); // ½·2·ŷ₁², far above float32's largest value
    expect(Number.isFinite(loss(218))).toBe(true);
    expect(loss(219)).toBe(Infinity);
  });

  it('in float16 it overflows at 14 (squares summed in float32 or float64) or 13 (summed in float16); bfloat16 like float32', () => {
    for (const method of ['simulation', 'closedForm'] as const) {
      expect(lossOverflowDepth(1.5, { dtype: 'float16', accumulate: 'float32', method })).toBe(14);
      expect(lossOverflowDepth(1.5, { dtype: 'float16', accumulate: 'float64', method })).toBe(14);
      expect(lossOverflowDepth(1.5, { dtype: 'float16', method })).toBe(13);
      expect(lossOverflowDepth(1.5, { dtype: 'bfloat16', accumulate: 'float64', method })).toBe(110);
      expect(lossOverflowDepth(1.5, { dtype: 'bfloat16', accumulate: 'float32', method })).toBe(109);
    }
    // A loss kept in float32 (mixed precision) outlasts the float16 activations: it overflows with ŷ, at 28.
    expect(lossOverflowDepth(1.5, { dtype: 'float16', accumulate: 'float32', lossDType: 'float32' })).toBe(
      28,
    );
    // By hand on the engine's float16 run: at 13 layers ŷ₁ ≈ 194.6 and ŷ₁² ≈ 37870 fits under 65504, but the
    // float16 sum of the two squares does not; summed wider, the loss ½·(2ŷ₁²) = ŷ₁² still fits.
    const { trace } = networkRun(1.5, 20, 'float16');
    const y = trace.layers[12].a.data[0];
    const square = roundTo('float16', y * y);
    expect(square).toBeLessThan(65504);
    expect(roundTo('float16', square + square)).toBe(Infinity);
    const y14 = trace.layers[13].a.data[0];
    expect(roundTo('float16', y14 * y14)).toBe(Infinity);
  });

  it('is Infinity for |k| ≤ 1 and 0 when the input alone overflows the loss; names bad options', () => {
    expect(lossOverflowDepth(0.9, { dtype: 'float16' })).toBe(Infinity);
    expect(lossOverflowDepth(1, { dtype: 'float16', method: 'closedForm' })).toBe(Infinity);
    expect(lossOverflowDepth(1.5, { dtype: 'float16', input: [300, 300] })).toBe(0);
    expect(thrown(() => lossOverflowDepth(1.5, { accumulate: 'double' as never })).message).toContain(
      'did you mean "float64"',
    );
    expect(thrown(() => lossOverflowDepth(1.5, { input: [] })).argument).toBe('options.input');
    expect(thrown(() => lossOverflowDepth(1.5, { input: [1, NaN] })).argument).toBe('options.input[1]');
  });
});
