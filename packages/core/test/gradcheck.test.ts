import { describe, expect, it } from 'vitest';
import { GradscopeArgumentError } from '../src/errors.js';
import { gradientCheck, numericGradient } from '../src/gradcheck.js';
import { createRandom } from '../src/random.js';

function randomVector(n: number, seed: number): Float64Array {
  const random = createRandom(seed);
  return Float64Array.from({ length: n }, () => random.normal());
}

const sumOfSin = (x: Float64Array) => x.reduce((s, v) => s + Math.sin(v), 0);

/** f(x) = ½ xᵀAx for a symmetric A, whose gradient is Ax. */
function quadraticForm(n: number, seed: number) {
  const random = createRandom(seed);
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) A[i * n + j] = A[j * n + i] = random.normal();
  }
  const f = (x: Float64Array) => {
    let s = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s += x[i] * A[i * n + j] * x[j];
    return s / 2;
  };
  const gradient = (x: Float64Array) =>
    Float64Array.from({ length: n }, (_, i) => {
      let s = 0;
      for (let j = 0; j < n; j++) s += A[i * n + j] * x[j];
      return s;
    });
  return { f, gradient };
}

describe('gradient checking', () => {
  it('passes for the sum of sines, whose gradient is the cosines', () => {
    const x = randomVector(20, 1);
    const result = gradientCheck(sumOfSin, x, Array.from(x, Math.cos));
    expect(result.passed).toBe(true);
    expect(result.maxRelativeError).toBeLessThan(1e-8);
    expect(result.numeric.length).toBe(20);
  });

  it('passes for a quadratic form ½xᵀAx, whose gradient is Ax', () => {
    const { f, gradient } = quadraticForm(8, 2);
    const x = randomVector(8, 3);
    expect(gradientCheck(f, x, gradient(x)).passed).toBe(true);
  });

  it('fails, and points at the entry, when the analytic gradient is wrong', () => {
    const { f, gradient } = quadraticForm(8, 2);
    const x = randomVector(8, 3);
    const wrong = gradient(x);
    wrong[5] *= 1.001; // a 0.1% error is 5e-4 relative, far above the 1e-6 tolerance
    const result = gradientCheck(f, x, wrong);
    expect(result.passed).toBe(false);
    expect(result.worstIndex).toBe(5);
    expect(result.maxRelativeError).toBeCloseTo(0.001 / 2.001, 6);
    // A sign error, the classic backprop bug, gives relative error 1.
    expect(
      gradientCheck(
        sumOfSin,
        x,
        Array.from(x, (v) => -Math.cos(v)),
      ).maxRelativeError,
    ).toBeCloseTo(1, 8);
  });

  it('fails on a NaN in the analytic gradient', () => {
    const x = randomVector(4, 4);
    const analytic = Array.from(x, Math.cos);
    analytic[2] = NaN;
    const result = gradientCheck(sumOfSin, x, analytic);
    expect(result.passed).toBe(false);
    expect(result.maxRelativeError).toBeNaN();
    expect(result.worstIndex).toBe(2);
  });

  it('treats two exact zeros as agreement thanks to the floor', () => {
    const x = new Float64Array([1, 2, 3]);
    const result = gradientCheck((v) => v[0] * v[0], x, [2, 0, 0]);
    expect(result.passed).toBe(true);
    expect(result.numeric[1]).toBe(0);
  });

  it('restores x exactly after the check, even when f throws', () => {
    const x = randomVector(10, 5);
    const before = Array.from(x);
    gradientCheck(sumOfSin, x, Array.from(x, Math.cos));
    expect(Array.from(x)).toEqual(before);
    let calls = 0;
    const throwing = () => {
      if (++calls === 3) throw new Error('boom');
      return 0;
    };
    expect(() => numericGradient(throwing, x)).toThrow('boom');
    expect(Array.from(x)).toEqual(before);
  });

  it('computes centred differences with error O(ε²)', () => {
    // f = x³ at x = 1: the centred difference is 3 + ε² exactly, so ε = 1e-3 shows the ε² term.
    const g = numericGradient((v) => v[0] ** 3, new Float64Array([1]), 1e-3);
    expect(g[0]).toBeCloseTo(3 + 1e-6, 9);
  });

  it('rejects a gradient of the wrong length, naming analytic', () => {
    const x = randomVector(3, 6);
    expect(() => gradientCheck(sumOfSin, x, [1, 2])).toThrow(GradscopeArgumentError);
    expect(() => gradientCheck(sumOfSin, x, [1, 2])).toThrow(/analytic must be an array of 3 numbers/);
  });

  it('rejects bad x, f, epsilon and tolerance', () => {
    expect(() => numericGradient(sumOfSin, [1, 2] as never)).toThrow(/x must be/);
    expect(() => numericGradient(sumOfSin, new Float64Array(0))).toThrow(/x must be/);
    expect(() => numericGradient(42 as never, new Float64Array(1))).toThrow(/f must be/);
    expect(() => numericGradient(sumOfSin, new Float64Array(1), 0)).toThrow(/epsilon/);
    expect(() => gradientCheck(sumOfSin, new Float64Array(1), [1], { tolerance: -1 })).toThrow(/tolerance/);
  });
});
