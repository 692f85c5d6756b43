/**
 * Binary floating-point formats and rounding into them. A format with p significand bits (counting the
 * implicit leading 1) and exponents emin … emax holds the numbers m·2^(e−p+1) with |m| < 2^p an integer and
 * emin ≤ e ≤ emax; below 2^emin (the smallest normal) the spacing stays 2^(emin−p+1): the subnormals.
 *
 *   format     p    emin    emax   largest finite           smallest normal   smallest subnormal
 *   float64   53   −1022    1023   1.7976931348623157e308   2^−1022           2^−1074
 *   float32   24    −126     127   3.4028234663852886e38    2^−126            2^−149
 *   float16   11     −14      15   65504                    2^−14             2^−24
 *   bfloat16   8    −126     127   3.3895313892515355e38    2^−126            2^−133
 *
 * IEEE 754-2019, §3.3 and §4.3.3: rounding goes to the nearest representable number, ties to the one with an
 * even last significand bit; a result at or beyond max + ½·2^(emax−p+1) (halfway to the next power of two)
 * becomes ±Infinity; NaN stays NaN; a negative number that rounds to zero gives −0. bfloat16 (Google Brain's
 * "brain float", Kalamkar et al. 2019, "A Study of BFLOAT16 for Deep Learning Training") is float32 with the
 * significand cut to 8 bits: same range, far coarser steps.
 *
 * Flush to zero (FTZ): GPUs and CPUs can run with subnormal results replaced by zero (CUDA's `-ftz=true`,
 * x86's FTZ/DAZ flags), trading the gradual underflow of subnormals for speed. Here a flushing format first
 * rounds as usual, then replaces a nonzero result below the smallest normal by a zero of the same sign
 * (tininess detected after rounding). Stored values are then never subnormal, so inputs need no separate
 * "denormals are zero" treatment.
 *
 * Rounding a double straight into the target format matters: going through float32 first (Math.fround, then
 * to 16 bits) rounds twice, and a value just above a 16-bit halfway point can land exactly on it after the
 * first rounding and then go the wrong way on the second.
 */

import { GradscopeArgumentError, expectObject, expectPositiveInteger } from './errors.js';

/** What a binary floating-point format holds (see `floatFormat` for the engine's formats). */
export interface BinaryFormat {
  /** Significand bits, counting the implicit leading 1: 53, 24, 11, 8 for float64, float32, float16, bfloat16. */
  readonly precision: number;
  /** The exponent of the smallest normal number, 2^minExponent. */
  readonly minExponent: number;
  /** The exponent of the largest binade: the largest finite number is (2 − 2^(1−precision))·2^maxExponent. */
  readonly maxExponent: number;
  /** True when subnormal results are replaced by a zero of the same sign (flush to zero). Default false. */
  readonly flushSubnormals?: boolean;
}

/** 2^n for every integer n from −1074 to 1023, built by exact doubling and halving. */
const POWERS_OF_TWO = (() => {
  const table = new Float64Array(2098);
  table[1074] = 1;
  for (let n = 1; n <= 1023; n++) table[1074 + n] = table[1073 + n] * 2;
  for (let n = -1; n >= -1074; n--) table[1074 + n] = table[1075 + n] / 2;
  return table;
})();

function twoTo(n: number): number {
  return POWERS_OF_TWO[1074 + n];
}

/** ⌊log₂ a⌋ for a finite a > 0, exactly: Math.log2 can be off by one next to a power of two. */
function binade(a: number): number {
  let e = Math.floor(Math.log2(a));
  if (e > 1023) e = 1023;
  if (e < -1074) e = -1074;
  if (twoTo(e) > a) e--;
  else if (e < 1023 && twoTo(e + 1) <= a) e++;
  return e;
}

/**
 * A function that rounds a number to the nearest value of the given binary format, ties to even, with
 * subnormals (or flush to zero), overflow to ±Infinity, NaN kept and −0 for negatives that round to zero.
 * Precision 2 … 51 and exponents within float64's range.
 *
 * How: for |x| in the binade [2^e, 2^(e+1)) the spacing of the format is u = 2^(max(e, emin)−p+1). Adding
 * s = 1.5·2^52·u puts |x| + s in a binade of float64 whose spacing is exactly u, so the hardware's own
 * round-to-nearest-even rounds |x| to a multiple of u in one step (s/u is even, so "even" means the same for
 * both); subtracting s again is exact.
 *
 * @example
 * ```ts
 * const toFloat16 = binaryRounder({ precision: 11, minExponent: -14, maxExponent: 15 });
 * toFloat16(0.1); // 0.0999755859375
 * toFloat16(65520); // Infinity: halfway between 65504 and 2^16 rounds to even, which is past the largest
 * toFloat16(2 ** -25); // 0: halfway between 0 and the smallest subnormal 2^−24
 * ```
 */
export function binaryRounder(format: BinaryFormat): (x: number) => number {
  expectObject('format', format, '{ precision: 11, minExponent: -14, maxExponent: 15 }', 'binaryRounder');
  const p = expectPositiveInteger('format.precision', format.precision, 'binaryRounder');
  const { minExponent: emin, maxExponent: emax } = format;
  if (p < 2 || p > 51) {
    throw new GradscopeArgumentError('format.precision', p, 'an integer from 2 to 51', 'binaryRounder');
  }
  if (!Number.isInteger(emin) || emin - p + 1 < -1074 || emin > 0) {
    throw new GradscopeArgumentError(
      'format.minExponent',
      emin,
      `an integer ≤ 0 with minExponent − precision + 1 ≥ −1074 (the smallest float64 spacing)`,
      'binaryRounder',
    );
  }
  if (!Number.isInteger(emax) || emax < 1 || emax - p + 53 > 1023) {
    throw new GradscopeArgumentError(
      'format.maxExponent',
      emax,
      'an integer ≥ 1 with maxExponent − precision + 53 ≤ 1023 (the rounding constant must be a float64)',
      'binaryRounder',
    );
  }
  const flush = format.flushSubnormals ?? false;
  if (typeof flush !== 'boolean') {
    throw new GradscopeArgumentError('format.flushSubnormals', flush, 'true or false', 'binaryRounder');
  }
  const max = (2 - twoTo(1 - p)) * twoTo(emax);
  const minNormal = twoTo(emin);
  return (x: number): number => {
    if (x !== x || x === 0 || x === Infinity || x === -Infinity) return x;
    const a = x < 0 ? -x : x;
    let e = binade(a);
    if (e > emax) return x < 0 ? -Infinity : Infinity;
    if (e < emin) e = emin;
    const s = 1.5 * twoTo(e - p + 53);
    const r = a + s - s;
    if (r > max) return x < 0 ? -Infinity : Infinity;
    if (flush && r < minNormal) return x < 0 ? -0 : 0;
    return x < 0 ? -r : r;
  };
}

/**
 * float16 (IEEE binary16): 11 significand bits, exponents −14 … 15.
 *
 * @internal
 */
export const FLOAT16_FORMAT: BinaryFormat = { precision: 11, minExponent: -14, maxExponent: 15 };

/**
 * bfloat16: float32's exponent range with 8 significand bits.
 *
 * @internal
 */
export const BFLOAT16_FORMAT: BinaryFormat = { precision: 8, minExponent: -126, maxExponent: 127 };

/**
 * float32 (IEEE binary32): 24 significand bits, exponents −126 … 127.
 *
 * @internal
 */
export const FLOAT32_FORMAT: BinaryFormat = { precision: 24, minExponent: -126, maxExponent: 127 };

/**
 * float64 (IEEE binary64, JavaScript's number): 53 significand bits, exponents −1022 … 1023.
 *
 * @internal
 */
export const FLOAT64_FORMAT: BinaryFormat = { precision: 53, minExponent: -1022, maxExponent: 1023 };

/**
 * The rounding into float16 written out in JavaScript: what `roundToFloat16` uses without Math.f16round.
 *
 * @internal
 */
export const roundToFloat16Portable: (x: number) => number = binaryRounder(FLOAT16_FORMAT);

const nativeF16Round = (Math as { f16round?: (x: number) => number }).f16round;

/**
 * x rounded to the nearest float16 (ties to even; beyond 65519.99… it is ±Infinity). Uses the built-in
 * Math.f16round where the JavaScript engine has it (Node 24, Chromium 135 and later), else the portable
 * `roundToFloat16Portable`, which gives the same number for every input. Lessons use `roundTo('float16', x)`.
 *
 * @internal
 * @example
 * ```ts
 * roundToFloat16(1 / 3); // 0.333251953125
 * roundToFloat16(1e5); // Infinity
 * ```
 */
export const roundToFloat16: (x: number) => number =
  typeof nativeF16Round === 'function' ? nativeF16Round : roundToFloat16Portable;

/**
 * x rounded to the nearest bfloat16 (ties to even; beyond 3.3961e38, halfway past the largest, it is ±Infinity).
 * Lessons use `roundTo('bfloat16', x)`.
 *
 * @internal
 * @example
 * ```ts
 * roundToBfloat16(1 / 3); // 0.333984375
 * roundToBfloat16(1.00390625); // 1: halfway between 1 and 1 + 2^−7, ties to the even significand
 * ```
 */
export const roundToBfloat16: (x: number) => number = binaryRounder(BFLOAT16_FORMAT);

/** The largest finite float16, 65504 = (2 − 2^−10)·2^15. */
export const FLOAT16_MAX = 65504;

/** The smallest positive subnormal float16, 2^−24. */
export const FLOAT16_MIN_SUBNORMAL = 2 ** -24;

/** The largest finite bfloat16, (2 − 2^−7)·2^127 ≈ 3.3895e38. */
export const BFLOAT16_MAX = 3.3895313892515355e38;

/** The smallest positive subnormal bfloat16, 2^−133. */
export const BFLOAT16_MIN_SUBNORMAL = 2 ** -133;
