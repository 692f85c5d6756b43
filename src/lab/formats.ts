/**
 * The same network and batch in every number format the engine has: where each one's forward pass first holds ∞
 * or NaN, where its z^[l] first rounds to exactly 0, and the same for the gradient δ^[l] going back from the
 * output. The engine rounds every stored value to the format (nearest, ties to even; ±∞ past the largest; 0 below
 * half the smallest subnormal, or below the smallest normal number when subnormals are flushed), so these are the
 * layers where a framework computing in that format would lose the signal.
 */
import { floatFormat, type DTypeName } from '@gradscope/core';

import { scanSeed, type Limits } from './scan.ts';
import type { LabState } from './state.ts';

/** Every format, widest first, each with and without subnormals (float64 keeps them). */
export const FORMAT_ORDER: readonly DTypeName[] = [
  'float64',
  'float32',
  'float32-ftz',
  'bfloat16',
  'bfloat16-ftz',
  'float16',
  'float16-ftz',
];

/** One format's row. */
export interface FormatRow extends Limits {
  readonly dtype: DTypeName;
  /** The largest finite number of the format. */
  readonly max: number;
  /** The smallest positive number it stores (the smallest subnormal, or the smallest normal when flushed). */
  readonly smallest: number;
}

/**
 * The limits of one format for this state's first seed.
 *
 * @example
 * formatRow({ ...DEFAULT_STATE, activation: 'identity', init: 'identity', weightVariance: 2.25 }, 'float16');
 * // { dtype: 'float16', forwardNonFinite: 28, … }
 */
export function formatRow(state: LabState, dtype: DTypeName): FormatRow {
  const scan = scanSeed({ ...state, dtype }, state.seed);
  const format = floatFormat(dtype);
  return {
    dtype,
    max: format.max,
    smallest: format.smallestPositive,
    forwardNonFinite: scan.forwardNonFinite,
    forwardZero: scan.forwardZero,
    backwardNonFinite: scan.backwardNonFinite,
    backwardZero: scan.backwardZero,
  };
}
