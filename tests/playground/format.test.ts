import { describe, expect, it } from 'vitest';

import { formatArguments, formatNumber, inspect } from '../../src/playground/runtime/format.ts';
import { zeros } from '../../packages/core/src/index.ts';

describe('formatting logged values', () => {
  it('prints nested values like a console, quoting strings inside structures', () => {
    expect(inspect({ a: [1, 'two', { three: 3 }], 'b-c': null, d: undefined })).toBe(
      "{ a: [1, 'two', { three: 3 }], 'b-c': null, d: undefined }",
    );
    expect(inspect(new Map([['k', 1]]))).toBe("Map(1) { 'k' => 1 }");
    expect(inspect(new Set([1, 2]))).toBe('Set(2) { 1, 2 }');
    expect(inspect(-0)).toBe('-0');
    expect(inspect(10n)).toBe('10n');
    expect(inspect(function named() {})).toBe('[Function: named]');
  });

  it('bounds large and self-referencing values', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    expect(inspect(cyclic)).toBe("{ name: 'loop', self: [Circular] }");
    expect(inspect(Array.from({ length: 150 }, (_, i) => i))).toMatch(/, 99, … 50 more\]$/);
    expect(inspect({ a: { b: { c: { d: 1 } } } })).toBe('{ a: { b: { c: [Object] } } }');
    expect(inspect(new Float64Array(3))).toBe('Float64Array(3) [0, 0, 0]');
    const long = formatArguments(['x'.repeat(20_000)]);
    expect(long.length).toBeLessThan(10_100);
    expect(long).toMatch(/… \(10000 more characters\)$/);
  });

  it('elides the middle of a large matrix', () => {
    const text = inspect(zeros(30, 30));
    const lines = text.split('\n');
    expect(lines[0]).toBe('Matrix 30×30 float64');
    expect(lines).toHaveLength(1 + 12);
    expect(lines[7]).toContain('…');
  });

  it('formats table numbers to six significant digits, switching to exponents far from 1', () => {
    expect(formatNumber(1 / 3)).toBe('0.333333');
    expect(formatNumber(42)).toBe('42');
    expect(formatNumber(1.5 ** 50)).toBe('6.37622e+8');
    expect(formatNumber(1e-7)).toBe('1.00000e-7');
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('Infinity');
    expect(formatNumber(Number.NaN)).toBe('NaN');
  });
});
