/**
 * Number formats. Float64 is the default: it is what a learner checks against a closed form. The others exist so
 * a network overflows to Infinity (or underflows to 0) at the same layer it would on hardware that computes in
 * them: every value the engine *stores* in a matrix of that dtype is rounded to the format on every write, and a
 * value beyond the largest finite one becomes Infinity.
 *
 * - `'float32'`: stored in a Float32Array, which rounds every write itself.
 * - `'float16'`, `'bfloat16'`: stored in a Float64Array that only ever holds values already rounded to the
 *   format; every kernel rounds what it writes (`roundInPlace` in matrix.ts). A Float32Array would round twice
 *   (first to float32, then to 16 bits), which is not always the nearest 16-bit number.
 * - Flush to zero, as GPUs run with FTZ: `'float32-ftz'`, `'float16-ftz'`, `'bfloat16-ftz'`, or the spec object
 *   `{ format: 'float32', flushSubnormals: true }` wherever a dtype is taken. Subnormal results become 0.
 *
 * Accumulations inside one kernel (a dot product) run in float64 and are rounded once when stored, as fused or
 * pairwise kernels on real hardware nearly do; the layer at which a k·I network overflows is the same.
 * See floatformat.ts for the formats themselves and how rounding into them works.
 */

import { GradscopeArgumentError, expectKnownKeys, nearestName, quotedNames } from './errors.js';
import {
  BFLOAT16_FORMAT,
  FLOAT16_FORMAT,
  roundToBfloat16,
  roundToFloat16,
  type BinaryFormat,
} from './floatformat.js';

/** The four number formats, without the flush-to-zero switch. */
export type FormatName = 'float64' | 'float32' | 'float16' | 'bfloat16';

/** A dtype as every matrix carries it: a format, with `-ftz` when subnormals are flushed to zero. */
export type DTypeName =
  'float64' | 'float32' | 'float16' | 'bfloat16' | 'float32-ftz' | 'float16-ftz' | 'bfloat16-ftz';

/**
 * A dtype spelt out: `{ format: 'float32', flushSubnormals: true }` is `'float32-ftz'`.
 *
 * @example
 * ```ts
 * const ftz: DTypeSpec = { format: 'float16', flushSubnormals: true };
 * linearNetwork(30, 0.5, 2, ftz).dtype; // 'float16-ftz'
 * ```
 */
export interface DTypeSpec {
  /** The number format. */
  readonly format: FormatName;
  /** Replace subnormal results by zero, as GPUs running with flush-to-zero do. Not for float64. Default false. */
  readonly flushSubnormals?: boolean;
}

/** What every `dtype` argument accepts: a name (`'float16'`, `'float32-ftz'`) or a spec object. */
export type DType = DTypeName | DTypeSpec;

/** The storage behind a matrix: Float32Array for float32, Float64Array for the others. */
export type FloatArray = Float64Array | Float32Array;

/** Every dtype name, for validation and for tests that loop over them. */
export const DTYPES: readonly DTypeName[] = [
  'float64',
  'float32',
  'float16',
  'bfloat16',
  'float32-ftz',
  'float16-ftz',
  'bfloat16-ftz',
];

/** The four formats. */
export const FORMATS: readonly FormatName[] = ['float64', 'float32', 'float16', 'bfloat16'];

/** The largest finite float32, 2^128 · (1 − 2^−24). */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** The smallest positive subnormal float32, 2^−149. */
export const FLOAT32_MIN_SUBNORMAL = 1.401298464324817e-45;

// What a learner might type for a format, and what the engine calls it.
const ALIASES: Record<string, DTypeName> = {
  double: 'float64',
  fp64: 'float64',
  f64: 'float64',
  single: 'float32',
  float: 'float32',
  fp32: 'float32',
  f32: 'float32',
  half: 'float16',
  fp16: 'float16',
  f16: 'float16',
  bf16: 'bfloat16',
  bfloat: 'bfloat16',
};

/**
 * Allocates a zero-filled array of `length` numbers of `dtype`: a Float32Array for float32 (with or without
 * flush to zero), a Float64Array for the others.
 *
 * @internal
 * @example
 * ```ts
 * allocate('float32', 3); // Float32Array [0, 0, 0]
 * allocate('float16', 3); // Float64Array [0, 0, 0], holding float16 values
 * ```
 */
export function allocate(dtype: DType, length: number): FloatArray {
  const name = expectDType('dtype', dtype, 'allocate');
  return name === 'float32' || name === 'float32-ftz' ? new Float32Array(length) : new Float64Array(length);
}

/**
 * Validates a dtype argument (default `'float64'`) and returns its name: a spec object
 * `{ format, flushSubnormals }` becomes `'float32-ftz'` and the like.
 *
 * @internal
 * @example
 * ```ts
 * expectDType('dtype', undefined, 'zeros'); // 'float64'
 * expectDType('dtype', { format: 'float32', flushSubnormals: true }, 'zeros'); // 'float32-ftz'
 * expectDType('dtype', 'fp16', 'zeros'); // throws: zeros: dtype must be one of "float64", … (did you mean "float16"?)
 * ```
 */
export function expectDType(argument: string, value: unknown, context: string): DTypeName {
  if (value === undefined) return 'float64';
  if (typeof value === 'string') {
    if ((DTYPES as readonly string[]).includes(value)) return value as DTypeName;
    throw new GradscopeArgumentError(
      argument,
      value,
      `one of ${quotedNames(DTYPES)}, or { format, flushSubnormals }`,
      context,
      nearestFormat(value, DTYPES),
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new GradscopeArgumentError(
      argument,
      value,
      `a dtype name (one of ${quotedNames(DTYPES)}) or { format: 'float32', flushSubnormals: true }`,
      context,
    );
  }
  const example = "{ format: 'float32', flushSubnormals: true }";
  const spec = expectKnownKeys(argument, value as DTypeSpec, ['format', 'flushSubnormals'], example, context);
  const format = spec.format;
  if (typeof format !== 'string' || !(FORMATS as readonly string[]).includes(format)) {
    throw new GradscopeArgumentError(
      `${argument}.format`,
      format,
      `one of ${quotedNames(FORMATS)}`,
      context,
      typeof format === 'string' ? nearestFormat(format, FORMATS) : undefined,
    );
  }
  const flush = spec.flushSubnormals ?? false;
  if (typeof flush !== 'boolean') {
    throw new GradscopeArgumentError(`${argument}.flushSubnormals`, flush, 'true or false', context);
  }
  if (!flush) return format;
  if (format === 'float64') {
    throw new GradscopeArgumentError(
      `${argument}.flushSubnormals`,
      flush,
      'false for float64 (the engine flushes float32, float16 and bfloat16, as GPUs do)',
      context,
    );
  }
  return `${format}-ftz`;
}

// The dtype a misspelt or colloquial name means: an alias ('fp16' → 'float16'), else the nearest name.
function nearestFormat(typo: string, names: readonly string[]): string | undefined {
  const alias = ALIASES[typo.trim().toLowerCase()];
  return alias !== undefined && names.includes(alias) ? alias : nearestName(typo, names);
}

/**
 * What a dtype is made of: its format and whether it flushes subnormals (see `floatFormat` for the numbers).
 *
 * @example
 * ```ts
 * dtypeParts('bfloat16-ftz'); // { format: 'bfloat16', flushSubnormals: true }
 * ```
 */
export function dtypeParts(dtype: DType): { readonly format: FormatName; readonly flushSubnormals: boolean } {
  const name = expectDType('dtype', dtype, 'dtypeParts');
  const flushSubnormals = name.endsWith('-ftz');
  return { format: (flushSubnormals ? name.slice(0, -4) : name) as FormatName, flushSubnormals };
}

/**
 * The numbers that describe a dtype: precision, exponent range, largest finite value, smallest normal and
 * subnormal, machine epsilon, and the smallest positive value a store can produce (the smallest normal when
 * subnormals are flushed).
 *
 * @example
 * ```ts
 * floatFormat('float16').max; // 65504
 * floatFormat('bfloat16').minSubnormal; // 2^−133 ≈ 9.18e-41
 * floatFormat('float32-ftz').smallestPositive; // 2^−126 ≈ 1.18e-38
 * ```
 */
export function floatFormat(dtype: DType): FloatFormat {
  const name = expectDType('dtype', dtype, 'floatFormat');
  return FLOAT_FORMATS[name];
}

/** The numbers that describe a dtype (see `floatFormat`). */
export interface FloatFormat extends BinaryFormat {
  /** The dtype's name. */
  readonly name: DTypeName;
  /** The format, without the flush-to-zero switch. */
  readonly format: FormatName;
  /** True when subnormal results become zero. */
  readonly flushSubnormals: boolean;
  /** The largest finite value, (2 − 2^(1−precision))·2^maxExponent. */
  readonly max: number;
  /** The smallest positive normal value, 2^minExponent. */
  readonly minNormal: number;
  /** The smallest positive subnormal value of the format, 2^(minExponent − precision + 1). */
  readonly minSubnormal: number;
  /** The smallest positive value a store can produce: minSubnormal, or minNormal when subnormals are flushed. */
  readonly smallestPositive: number;
  /** The gap between 1 and the next larger value, 2^(1 − precision). */
  readonly epsilon: number;
}

const FORMAT_BITS: Record<FormatName, BinaryFormat> = {
  float64: { precision: 53, minExponent: -1022, maxExponent: 1023 },
  float32: { precision: 24, minExponent: -126, maxExponent: 127 },
  float16: FLOAT16_FORMAT,
  bfloat16: BFLOAT16_FORMAT,
};

const FLOAT_FORMATS = Object.fromEntries(
  DTYPES.map((name) => {
    const flushSubnormals = name.endsWith('-ftz');
    const format = (flushSubnormals ? name.slice(0, -4) : name) as FormatName;
    const { precision, minExponent, maxExponent } = FORMAT_BITS[format];
    const epsilon = 2 ** (1 - precision);
    // (2 − ε)·2^maxExponent overflows for float64 when written that way; (1 − ε/2)·2^(maxExponent+1) does not.
    const max = (2 - epsilon) * 2 ** (maxExponent - 1) * 2;
    const minNormal = 2 ** minExponent;
    const minSubnormal = 2 ** (minExponent - precision + 1);
    const info: FloatFormat = {
      name,
      format,
      flushSubnormals,
      precision,
      minExponent,
      maxExponent,
      max,
      minNormal,
      minSubnormal,
      smallestPositive: flushSubnormals ? minNormal : minSubnormal,
      epsilon,
    };
    return [name, Object.freeze(info)];
  }),
) as Record<DTypeName, FloatFormat>;

function flushed(round: (x: number) => number, minNormal: number): (x: number) => number {
  return (x) => {
    const r = round(x);
    return r < minNormal && r > -minNormal && r !== 0 ? (r < 0 ? -0 : 0) : r;
  };
}

const identityRound = (x: number): number => x;

/** One rounding function per dtype name. */
const ROUNDERS: Record<DTypeName, (x: number) => number> = {
  float64: identityRound,
  float32: Math.fround,
  float16: roundToFloat16,
  bfloat16: roundToBfloat16,
  'float32-ftz': flushed(Math.fround, 2 ** -126),
  'float16-ftz': flushed(roundToFloat16, 2 ** -14),
  'bfloat16-ftz': flushed(roundToBfloat16, 2 ** -126),
};

/**
 * Rounds `x` as storing it in `dtype` would: unchanged in float64, to the nearest float32, float16 or bfloat16
 * (ties to even, ±Infinity beyond the largest finite value), then to zero if it is subnormal and the dtype
 * flushes.
 *
 * @example
 * ```ts
 * roundTo('float32', 0.1); // 0.10000000149011612
 * roundTo('float32', 1e39); // Infinity
 * roundTo('float16', 0.1); // 0.0999755859375
 * roundTo('float32-ftz', 1e-40); // 0: a float32 subnormal, flushed
 * ```
 */
export function roundTo(dtype: DType, x: number): number {
  const round = typeof dtype === 'string' ? ROUNDERS[dtype] : undefined;
  return (round ?? ROUNDERS[expectDType('dtype', dtype, 'roundTo')])(x);
}

/**
 * A function that rounds a number as storing it in `dtype` would (what `roundTo` does, with the dtype looked up
 * once): for loops over many numbers.
 *
 * @example
 * ```ts
 * const toHalf = rounderFor('float16');
 * [0.1, 70000].map(toHalf); // [0.0999755859375, Infinity]
 * ```
 */
export function rounderFor(dtype: DType): (x: number) => number {
  return ROUNDERS[expectDType('dtype', dtype, 'rounderFor')];
}

/**
 * True when an array allocated for `dtype` rounds on its own as it is written (float64, and float32 in its
 * Float32Array), so kernels need not round what they store; false for float16, bfloat16 and flush to zero.
 *
 * @internal
 * @example
 * ```ts
 * storageRounds('float32'); // true
 * storageRounds('float16'); // false: kernels round with roundArray
 * ```
 */
export function storageRounds(dtype: DTypeName): boolean {
  if (dtype === 'float64' || dtype === 'float32') return true;
  if (ROUNDERS[dtype] === undefined) {
    throw new GradscopeArgumentError('dtype', dtype, `one of ${quotedNames(DTYPES)}`, 'storageRounds');
  }
  return false;
}

/**
 * Rounds `data[start … end)` in place to `dtype` (see `roundTo`); a no-op where the storage rounds itself. How
 * every kernel makes sure each stored number is one of the format's.
 *
 * @internal
 * @example
 * ```ts
 * const data = new Float64Array([0.1, 1e5]);
 * roundArray('float16', data); // data is now [0.0999755859375, Infinity]
 * ```
 */
export function roundArray(dtype: DTypeName, data: FloatArray, start = 0, end = data.length): void {
  if (storageRounds(dtype)) return;
  if (dtype === 'float32-ftz') {
    // The Float32Array rounded already; only subnormals remain to flush.
    for (let i = start; i < end; i++) {
      const v = data[i];
      if (v !== 0 && v < 1.1754943508222875e-38 && v > -1.1754943508222875e-38) data[i] = v < 0 ? -0 : 0;
    }
    return;
  }
  const round = ROUNDERS[dtype];
  for (let i = start; i < end; i++) data[i] = round(data[i]);
}
