import { describe, expect, it } from 'vitest';
import { clipGradNorm, clipGradValue, globalGradNorm } from '../src/clipping.js';
import { GradscopeArgumentError } from '../src/errors.js';
import type { Param } from '../src/layer.js';
import { fromData } from '../src/matrix.js';

function param(name: string, grad: number[], dtype: 'float64' | 'float32' = 'float64'): Param {
  const make = (v: number[]) =>
    fromData(1, v.length, dtype === 'float32' ? new Float32Array(v) : new Float64Array(v));
  return { name, value: make(grad.map(() => 0)), grad: make(grad) };
}

const grads = (params: Param[]): number[] => params.flatMap((p) => Array.from(p.grad.data));

describe('globalGradNorm', () => {
  it('is the length of all gradients as one vector', () => {
    expect(globalGradNorm([param('W', [3, 0]), param('b', [4])])).toBe(5);
    expect(globalGradNorm([param('W', [1, 2, 2]), param('b', [-4])])).toBe(5);
  });

  it('stays accurate where squaring overflows or underflows in float64', () => {
    // Naively, (1e200)² = Infinity and (1e-200)² = 0.
    expect(globalGradNorm([param('W', [3e200, 4e200])]) / 5e200).toBeCloseTo(1, 14);
    expect(globalGradNorm([param('W', [3e-200]), param('b', [-4e-200])]) / 5e-200).toBeCloseTo(1, 14);
  });

  it('is Infinity with an infinite entry and NaN with a NaN entry', () => {
    expect(globalGradNorm([param('W', [1, Infinity])])).toBe(Infinity);
    expect(globalGradNorm([param('W', [1, -Infinity, NaN])])).toBeNaN();
  });
});

describe('clipGradNorm', () => {
  it('rescales to a global norm of exactly maxNorm, keeping the direction', () => {
    const params = [param('W', [3, -6, 2]), param('b', [0.5, 12])];
    const before = grads(params);
    const norm = Math.sqrt(before.reduce((s, g) => s + g * g, 0));
    const result = clipGradNorm(params, 2);
    expect(result.clipped).toBe(true);
    expect(result.normBefore).toBeCloseTo(norm, 13);
    expect(result.normAfter).toBeCloseTo(2, 14);
    expect(globalGradNorm(params)).toBeCloseTo(2, 14);
    // Same direction: every entry scaled by the same positive factor maxNorm / ‖g‖.
    grads(params).forEach((g, i) => expect(g).toBeCloseTo((before[i] * 2) / norm, 14));
  });

  it('rescales float32 gradients to maxNorm up to float32 rounding', () => {
    const params = [param('W', [300, -400], 'float32')];
    clipGradNorm(params, 1);
    expect(globalGradNorm(params)).toBeCloseTo(1, 6);
    expect(grads(params)).toEqual([Math.fround(0.6), Math.fround(-0.8)]);
  });

  it('changes nothing at or below the threshold', () => {
    const params = [param('W', [3]), param('b', [4])];
    expect(clipGradNorm(params, 5)).toEqual({ normBefore: 5, normAfter: 5, clipped: false });
    expect(clipGradNorm(params, 50)).toEqual({ normBefore: 5, normAfter: 5, clipped: false });
    expect(grads(params)).toEqual([3, 4]);
  });

  it('reports a non-finite norm and leaves the gradients untouched', () => {
    const infinite = [param('W', [1, Infinity]), param('b', [2])];
    expect(clipGradNorm(infinite, 1)).toEqual({ normBefore: Infinity, normAfter: Infinity, clipped: false });
    expect(grads(infinite)).toEqual([1, Infinity, 2]);
    const nan = [param('W', [NaN, 5])];
    const result = clipGradNorm(nan, 1);
    expect(result.normBefore).toBeNaN();
    expect(result.clipped).toBe(false);
    expect(grads(nan)[1]).toBe(5);
  });

  it('rejects a maxNorm that is not a positive finite number, naming it', () => {
    for (const maxNorm of [0, -1, NaN, Infinity]) {
      expect(() => clipGradNorm([param('W', [1])], maxNorm)).toThrow(GradscopeArgumentError);
      expect(() => clipGradNorm([param('W', [1])], maxNorm)).toThrow(/maxNorm must be/);
    }
    expect(() => clipGradNorm([{ name: 'W' } as never], 1)).toThrow(/params\[0\] must be/);
  });
});

describe('clipGradValue', () => {
  it('clips each entry to [−limit, limit] and counts the clipped entries', () => {
    const params = [param('W', [0.5, -3, 7, -0.25]), param('b', [2, -2.5])];
    expect(clipGradValue(params, 2)).toEqual({ clippedCount: 3, count: 6 });
    expect(grads(params)).toEqual([0.5, -2, 2, -0.25, 2, -2]);
  });

  it('changes nothing when every entry is within the limit', () => {
    const params = [param('W', [0.5, -1])];
    expect(clipGradValue(params, 1)).toEqual({ clippedCount: 0, count: 2 });
    expect(grads(params)).toEqual([0.5, -1]);
  });

  it('clips infinite entries to the bound and keeps NaN visible', () => {
    const params = [param('W', [Infinity, -Infinity, NaN])];
    expect(clipGradValue(params, 3)).toEqual({ clippedCount: 2, count: 3 });
    const [a, b, c] = grads(params);
    expect([a, b]).toEqual([3, -3]);
    expect(c).toBeNaN();
  });

  it('rejects a limit that is not a positive finite number, naming it', () => {
    expect(() => clipGradValue([param('W', [1])], 0)).toThrow(/limit must be a finite number greater than 0/);
  });
});
