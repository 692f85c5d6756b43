/**
 * Rounding into a binary floating-point format written the slow, obvious way: read the double's bits as an
 * integer significand M and exponent E (x = M·2^E exactly), shift M to the target's spacing with BigInt, and
 * round the dropped bits by hand (more than half: up; exactly half: to the even neighbour). It shares nothing
 * with the engine's method (adding and subtracting a large constant), so agreement checks both.
 */

export interface ReferenceFormat {
  precision: number;
  minExponent: number;
  maxExponent: number;
  flushSubnormals?: boolean;
}

const view = new DataView(new ArrayBuffer(8));

/** x = sign·M·2^E with M a non-negative integer below 2^53: the exact value of a finite double. */
function decompose(x: number): { negative: boolean; M: bigint; E: number } {
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  if (biased === 0) return { negative, M: fraction, E: -1074 };
  return { negative, M: fraction | (1n << 52n), E: biased - 1075 };
}

/** x rounded to the nearest number of `format`, ties to even, overflowing to ±Infinity. */
export function referenceRound(x: number, format: ReferenceFormat): number {
  if (Number.isNaN(x) || x === 0 || !Number.isFinite(x)) return x;
  const { precision: p, minExponent: emin, maxExponent: emax } = format;
  const { negative, M, E } = decompose(x);
  const e = E + M.toString(2).length - 1; // ⌊log₂|x|⌋
  const q = Math.max(e, emin) - p + 1; // the target's spacing is 2^q
  let N: bigint;
  if (E >= q) {
    N = M << BigInt(E - q);
  } else {
    const shift = BigInt(q - E);
    N = M >> shift;
    const dropped = M & ((1n << shift) - 1n);
    const half = 1n << (shift - 1n);
    if (dropped > half || (dropped === half && (N & 1n) === 1n)) N += 1n;
  }
  const magnitude = Number(N) * 2 ** q;
  const max = (2 - 2 ** (1 - p)) * 2 ** emax;
  let result = magnitude > max ? Infinity : magnitude;
  if (format.flushSubnormals && result < 2 ** emin) result = 0;
  return negative ? -result : result;
}

/** The double whose IEEE 754 bits are `high`·2^32 + `low`. */
export function doubleFromBits(high: number, low: number): number {
  view.setUint32(0, high >>> 0);
  view.setUint32(4, low >>> 0);
  return view.getFloat64(0);
}

/** The value of the float16 with the given 16 bits, decoded from its fields (sign, 5-bit exponent, 10-bit fraction). */
export function float16FromBits(bits: number): number {
  const sign = bits >> 15 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  return sign * (1024 + fraction) * 2 ** (exponent - 25);
}

/** The value of the bfloat16 with the given 16 bits: the float32 whose top 16 bits they are. */
export function bfloat16FromBits(bits: number): number {
  const f32 = new Float32Array(1);
  new Uint32Array(f32.buffer)[0] = bits << 16;
  return f32[0];
}
