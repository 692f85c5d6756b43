/**
 * Seeded test data: matrices and sequences of independent normal draws, filled in row-major order, so a test's
 * numbers depend only on its seed.
 */
import type { DType } from '../../src/dtype.js';
import { roundInPlace, zeros, type Matrix } from '../../src/matrix.js';
import { fillNormal, type Random } from '../../src/random.js';

/** The distribution and number format of `randomMatrix`'s entries. */
export interface RandomMatrixOptions {
  /** Mean of every entry (default 0). */
  readonly mean?: number;
  /** Standard deviation of every entry (default 1). */
  readonly std?: number;
  /** Number format (default `'float64'`; other formats hold the float64 draws, rounded). */
  readonly dtype?: DType;
}

/** A rows × cols matrix of independent N(mean, std²) draws from `random` (default N(0, 1), float64). */
export function randomMatrix(
  rows: number,
  cols: number,
  random: Random,
  { mean = 0, std = 1, dtype = 'float64' }: RandomMatrixOptions = {},
): Matrix {
  const M = zeros(rows, cols, dtype);
  fillNormal(M.data, random, mean, std);
  return roundInPlace(M);
}

/** `steps` matrices of rows × cols (one input per time step), each drawn as `randomMatrix` draws. */
export function randomSequence(
  steps: number,
  rows: number,
  cols: number,
  random: Random,
  options: RandomMatrixOptions = {},
): Matrix[] {
  return Array.from({ length: steps }, () => randomMatrix(rows, cols, random, options));
}
