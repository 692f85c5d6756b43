/**
 * Number formats. Float64 is the default: it is what a learner checks against a closed form. Float32 exists so a
 * network overflows to Infinity (or underflows to 0) at the same layer it would in a float32 framework: every value
 * the engine *stores* in float32 mode goes through a Float32Array, so it is rounded to the nearest float32 on every
 * write, and a value above 3.4028235e38 becomes Infinity exactly as on float32 hardware.
 *
 * Accumulations inside one kernel (a dot product) run in float64 and are rounded once when stored, as fused or
 * pairwise float32 kernels on real hardware nearly do; the layer at which a k·I network overflows is the same.
 */

import { expectOneOf } from './errors.js';

/** The two number formats the engine computes in. */
export type DType = 'float64' | 'float32';

/** The storage behind a matrix: one typed array per dtype. */
export type FloatArray = Float64Array | Float32Array;

/** Every dtype, for validation and for tests that loop over both. */
export const DTYPES: readonly DType[] = ['float64', 'float32'];

/** The largest finite float32, 2^128 · (1 − 2^−24). */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** The smallest positive subnormal float32, 2^−149. */
export const FLOAT32_MIN_SUBNORMAL = 1.401298464324817e-45;

/**
 * Allocates a zero-filled array of `length` numbers of `dtype`.
 *
 * @internal
 * @example
 * ```ts
 * allocate('float32', 3); // Float32Array [0, 0, 0]
 * ```
 */
export function allocate(dtype: DType, length: number): FloatArray {
  return dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
}

/**
 * Validates a dtype argument (default `'float64'`).
 *
 * @internal
 * @example
 * ```ts
 * expectDType('dtype', undefined, 'zeros'); // 'float64'
 * ```
 */
export function expectDType(argument: string, value: unknown, context: string): DType {
  if (value === undefined) return 'float64';
  return expectOneOf(argument, value, DTYPES, context);
}

/**
 * Rounds `x` as storing it in `dtype` would: unchanged in float64, `Math.fround` in float32.
 *
 * @example
 * ```ts
 * roundTo('float32', 0.1); // 0.10000000149011612
 * roundTo('float32', 1e39); // Infinity
 * ```
 */
export function roundTo(dtype: DType, x: number): number {
  return dtype === 'float32' ? Math.fround(x) : x;
}
