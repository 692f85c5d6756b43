// Rounding into float32, float16 and bfloat16: every representable value survives, every other number goes to
// its nearest neighbour with ties to even, and the edges (subnormals, overflow, NaN, −0, flush to zero) behave as
// IEEE 754 and GPU flush-to-zero modes say. Checked exhaustively over the 16-bit formats and against an
// independent BigInt implementation (test/support/float-reference.ts) for random doubles.
import { describe, expect, it } from 'vitest';
import {
  BFLOAT16_MAX,
  FLOAT16_FORMAT,
  FLOAT16_MAX,
  FLOAT16_MIN_SUBNORMAL,
  BFLOAT16_MIN_SUBNORMAL,
  FLOAT32_FORMAT,
  binaryRounder,
  roundToBfloat16,
  roundToFloat16,
  roundToFloat16Portable,
} from '../src/floatformat.js';
import {
  DTYPES,
  FLOAT32_MAX,
  FLOAT32_MIN_SUBNORMAL,
  allocate,
  dtypeParts,
  expectDType,
  floatFormat,
  roundArray,
  roundTo,
  rounderFor,
  storageRounds,
} from '../src/dtype.js';
import { roundInPlace } from '../src/matrix.js';
import { createRandom } from '../src/random.js';
import {
  bfloat16FromBits,
  doubleFromBits,
  float16FromBits,
  referenceRound,
  type ReferenceFormat,
} from './support/float-reference.js';
import { thrown } from './support/errors.js';

const FLOAT16: ReferenceFormat = { precision: 11, minExponent: -14, maxExponent: 15 };
const BFLOAT16: ReferenceFormat = { precision: 8, minExponent: -126, maxExponent: 127 };
const FLOAT32: ReferenceFormat = { precision: 24, minExponent: -126, maxExponent: 127 };

/** Random doubles with exponents spread over [minExponent, maxExponent] and random 52-bit fractions, both signs. */
function randomDoubles(seed: number, count: number, minExponent: number, maxExponent: number): number[] {
  const random = createRandom(seed);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const biased = 1023 + minExponent + random.int(maxExponent - minExponent + 1);
    const sign = random.int(2);
    const high = (sign << 31) | (biased << 20) | random.int(1 << 20);
    out.push(doubleFromBits(high, random.int(2 ** 32)));
  }
  return out;
}

/** The positive finite values of a 16-bit format in increasing order, from its bit patterns 0x0000 … 0x7bff/0x7f7f. */
function positiveValues(decode: (bits: number) => number): number[] {
  const values: number[] = [];
  for (let bits = 0; bits < 0x8000; bits++) {
    const v = decode(bits);
    if (Number.isFinite(v)) values.push(v);
  }
  return values;
}

describe('float16 rounding', () => {
  const roundings = { 'Math.f16round or its fallback': roundToFloat16, portable: roundToFloat16Portable };

  for (const [name, round] of Object.entries(roundings)) {
    it(`keeps each of the 65536 float16 bit patterns' value (NaN stays NaN, −0 stays −0): ${name}`, () => {
      let nans = 0;
      for (let bits = 0; bits < 0x10000; bits++) {
        const v = float16FromBits(bits);
        if (Number.isNaN(v)) {
          expect(round(v)).toBeNaN();
          nans++;
        } else if (!Object.is(round(v), v)) {
          throw new Error(`bits 0x${bits.toString(16)}: ${v} became ${round(v)}`);
        }
      }
      expect(nans).toBe(2 * 1023); // exponent 31 with a nonzero fraction, both signs
    });

    it(`sends every halfway point between neighbouring float16s to the even one, and a hair off it to the nearer: ${name}`, () => {
      const values = positiveValues(float16FromBits);
      // The neighbour above the largest finite value is 2^16, which rounds to Infinity.
      values.push(2 ** 16);
      for (let i = 0; i + 1 < values.length; i++) {
        const [a, b] = [values[i], values[i + 1]];
        const mid = (a + b) / 2; // exact in float64
        const evenIsA = i % 2 === 0; // consecutive patterns alternate the last fraction bit, from 0x0000 even
        const above = b === 2 ** 16 ? Infinity : b;
        const tie = round(mid);
        const want = evenIsA ? a : above;
        if (!Object.is(tie, want)) throw new Error(`midpoint of ${a} and ${b}: ${tie}, want ${want}`);
        expect(round(mid * (1 - 2 ** -52))).toBe(a);
        expect(round(mid * (1 + 2 ** -52))).toBe(above);
        expect(round(-mid)).toBe(-want);
      }
    });

    it(`rounds random doubles to the same float16 as an independent bit-level rounding: ${name}`, () => {
      for (const x of randomDoubles(16, 100_000, -30, 20)) {
        const want = referenceRound(x, FLOAT16);
        if (!Object.is(round(x), want)) throw new Error(`${x}: ${round(x)}, want ${want}`);
      }
    });
  }

  it('overflows past 65504 exactly where IEEE 754 says: at and above 65520, halfway to 2^16', () => {
    expect(FLOAT16_MAX).toBe(float16FromBits(0x7bff));
    expect(roundToFloat16(65519.99)).toBe(65504);
    expect(roundToFloat16(65520)).toBe(Infinity);
    expect(roundToFloat16Portable(65520)).toBe(Infinity);
    expect(roundToFloat16Portable(-1e300)).toBe(-Infinity);
    expect(roundToFloat16Portable(Number.MAX_VALUE)).toBe(Infinity);
  });

  it('keeps subnormals down to 2^−24 and sends half of it to 0 (ties to even), keeping the sign', () => {
    expect(FLOAT16_MIN_SUBNORMAL).toBe(float16FromBits(1));
    expect(roundToFloat16Portable(2 ** -24)).toBe(2 ** -24);
    expect(roundToFloat16Portable(3 * 2 ** -26)).toBe(2 ** -24);
    expect(roundToFloat16Portable(2 ** -25)).toBe(0);
    expect(Object.is(roundToFloat16Portable(-(2 ** -25)), -0)).toBe(true);
    expect(roundToFloat16Portable(Number.MIN_VALUE)).toBe(0);
  });

  it('agrees with Float16Array storage where the JavaScript engine has it', () => {
    const F16 = (globalThis as { Float16Array?: new (n: number) => { [i: number]: number } }).Float16Array;
    if (F16 === undefined) return; // Node 24 has it; an older engine is covered by the portable tests above
    const array = new F16(1);
    for (const x of randomDoubles(17, 20_000, -30, 20)) {
      array[0] = x;
      expect(roundToFloat16Portable(x)).toBe(array[0]);
    }
  });
});

describe('bfloat16 rounding', () => {
  it("keeps each of the 65536 bfloat16 bit patterns' value (NaN stays NaN)", () => {
    let nans = 0;
    for (let bits = 0; bits < 0x10000; bits++) {
      const v = bfloat16FromBits(bits);
      if (Number.isNaN(v)) {
        expect(roundToBfloat16(v)).toBeNaN();
        nans++;
      } else if (!Object.is(roundToBfloat16(v), v)) {
        throw new Error(`bits 0x${bits.toString(16)}: ${v} became ${roundToBfloat16(v)}`);
      }
    }
    expect(nans).toBe(2 * 127);
  });

  it('sends every halfway point between neighbouring bfloat16s to the even one, and a hair off it to the nearer', () => {
    const values = positiveValues(bfloat16FromBits);
    values.push(2 ** 128);
    for (let i = 0; i + 1 < values.length; i++) {
      const [a, b] = [values[i], values[i + 1]];
      const mid = (a + b) / 2;
      const above = b === 2 ** 128 ? Infinity : b;
      const want = i % 2 === 0 ? a : above;
      if (!Object.is(roundToBfloat16(mid), want)) throw new Error(`midpoint of ${a} and ${b}`);
      expect(roundToBfloat16(mid * (1 - 2 ** -52))).toBe(a);
      expect(roundToBfloat16(mid * (1 + 2 ** -52))).toBe(above);
    }
  });

  it('is float32 with the low 16 bits rounded off (to nearest, ties to even) for every float32 input tried', () => {
    // The classic bit trick, independent of the engine's method: add 0x7fff plus the lowest kept bit, truncate.
    const f32 = new Float32Array(1);
    const u32 = new Uint32Array(f32.buffer);
    const random = createRandom(32);
    for (let i = 0; i < 100_000; i++) {
      u32[0] = random.int(2 ** 32);
      const x = f32[0];
      if (Number.isNaN(x)) continue;
      const bits = u32[0];
      u32[0] = ((bits + 0x7fff + ((bits >>> 16) & 1)) & 0xffff0000) >>> 0;
      const want = f32[0]; // the trick carries into the exponent, so the largest values become Infinity too
      expect(Object.is(roundToBfloat16(x), want)).toBe(true);
    }
  });

  it('rounds random doubles to the same bfloat16 as an independent bit-level rounding', () => {
    for (const x of randomDoubles(18, 100_000, -140, 130)) {
      const want = referenceRound(x, BFLOAT16);
      if (!Object.is(roundToBfloat16(x), want)) throw new Error(`${x}: ${roundToBfloat16(x)}, want ${want}`);
    }
  });

  it('overflows past its largest value (2 − 2^−7)·2^127 ≈ 3.3895e38, below float32 max, at the halfway point', () => {
    expect(BFLOAT16_MAX).toBe(bfloat16FromBits(0x7f7f));
    expect(BFLOAT16_MAX).toBe((2 - 2 ** -7) * 2 ** 127);
    const halfway = BFLOAT16_MAX + 2 ** 119; // half the spacing 2^120
    expect(roundToBfloat16(halfway * (1 - 2 ** -52))).toBe(BFLOAT16_MAX);
    expect(roundToBfloat16(halfway)).toBe(Infinity);
    expect(roundToBfloat16(FLOAT32_MAX)).toBe(Infinity); // a finite float32 that bfloat16 cannot hold
    expect(roundToBfloat16(-1e39)).toBe(-Infinity);
  });

  it('keeps subnormals down to 2^−133', () => {
    expect(BFLOAT16_MIN_SUBNORMAL).toBe(bfloat16FromBits(1));
    expect(roundToBfloat16(2 ** -133)).toBe(2 ** -133);
    expect(roundToBfloat16(2 ** -134)).toBe(0);
    expect(roundToBfloat16(1.5 * 2 ** -134)).toBe(2 ** -133);
  });
});

describe('binaryRounder', () => {
  it('reproduces Math.fround for float32 on random doubles, subnormals and overflow included', () => {
    const round = binaryRounder(FLOAT32_FORMAT);
    for (const x of randomDoubles(19, 100_000, -155, 130)) {
      if (!Object.is(round(x), Math.fround(x))) throw new Error(`${x}: ${round(x)} vs ${Math.fround(x)}`);
    }
    // Halfway between the largest float32 and 2^128 (half its spacing 2^104) goes to Infinity; just below, not.
    const halfway = FLOAT32_MAX + 2 ** 103;
    for (const f of [round, Math.fround, (x: number) => referenceRound(x, FLOAT32)]) {
      expect(f(halfway)).toBe(Infinity);
      expect(f(halfway * (1 - 2 ** -52))).toBe(FLOAT32_MAX);
    }
  });

  it('flushes subnormal results to a zero of the same sign when asked, after rounding', () => {
    const ftz = binaryRounder({ ...FLOAT16_FORMAT, flushSubnormals: true });
    expect(ftz(2 ** -14)).toBe(2 ** -14);
    expect(ftz(2 ** -15)).toBe(0);
    expect(Object.is(ftz(-(2 ** -20)), -0)).toBe(true);
    // Just below the smallest normal, but rounding to it: tininess is judged after rounding, so it stays.
    expect(ftz(2 ** -14 * (1 - 2 ** -13))).toBe(2 ** -14);
    for (const x of randomDoubles(20, 20_000, -30, 16)) {
      expect(Object.is(ftz(x), referenceRound(x, { ...FLOAT16, flushSubnormals: true }))).toBe(true);
    }
  });

  it('names the field that is wrong', () => {
    expect(thrown(() => binaryRounder({ precision: 60, minExponent: -14, maxExponent: 15 })).argument).toBe(
      'format.precision',
    );
    expect(thrown(() => binaryRounder({ precision: 11, minExponent: -1070, maxExponent: 15 })).argument).toBe(
      'format.minExponent',
    );
    expect(
      thrown(() => binaryRounder({ precision: 11, minExponent: -14, maxExponent: 1000 })).message,
    ).toMatch(/binaryRounder: format\.maxExponent/);
    expect(thrown(() => binaryRounder(null as never)).argument).toBe('format');
  });
});

describe('dtypes', () => {
  it('describe each format with the numbers IEEE 754 and the bfloat16 definition give', () => {
    expect(floatFormat('float64')).toMatchObject({ max: Number.MAX_VALUE, minSubnormal: Number.MIN_VALUE });
    expect(floatFormat('float32')).toMatchObject({
      precision: 24,
      max: FLOAT32_MAX,
      minNormal: 2 ** -126,
      minSubnormal: FLOAT32_MIN_SUBNORMAL,
      epsilon: Math.fround(1 + 2 ** -23) - 1,
    });
    expect(floatFormat('float16')).toMatchObject({ max: 65504, minNormal: float16FromBits(0x400) });
    expect(floatFormat('float16').minSubnormal).toBe(FLOAT16_MIN_SUBNORMAL);
    expect(floatFormat('bfloat16')).toMatchObject({
      max: BFLOAT16_MAX,
      minSubnormal: BFLOAT16_MIN_SUBNORMAL,
    });
    expect(floatFormat('float32-ftz').smallestPositive).toBe(2 ** -126);
    expect(floatFormat({ format: 'bfloat16', flushSubnormals: true }).name).toBe('bfloat16-ftz');
    for (const name of DTYPES) {
      const f = floatFormat(name);
      // The largest finite value and the smallest positive one survive rounding; one spacing past max does not.
      expect(roundTo(name, f.max)).toBe(f.max);
      expect(roundTo(name, f.smallestPositive)).toBe(f.smallestPositive);
      expect(roundTo(name, f.max + f.max * f.epsilon)).toBe(Infinity);
      expect(roundTo(name, f.smallestPositive / 4)).toBe(0);
    }
  });

  it('round with flush to zero only in the -ftz dtypes', () => {
    expect(roundTo('float32', 1e-40)).toBe(Math.fround(1e-40));
    expect(roundTo('float32-ftz', 1e-40)).toBe(0);
    expect(Object.is(roundTo({ format: 'float32', flushSubnormals: true }, -1e-40), -0)).toBe(true);
    expect(roundTo('float16-ftz', 2 ** -15)).toBe(0);
    expect(roundTo('float16', 2 ** -15)).toBe(2 ** -15);
    expect(roundTo('bfloat16-ftz', 2 ** -127)).toBe(0);
    expect(roundTo('bfloat16', 2 ** -127)).toBe(2 ** -127);
  });

  it('roundArray rounds like roundTo, element by element, in every dtype (float32 through its storage)', () => {
    const xs = randomDoubles(21, 5_000, -150, 130);
    for (const name of DTYPES) {
      const data = allocate(name, xs.length);
      data.set(xs);
      roundArray(name, data);
      const round = rounderFor(name);
      xs.forEach((x, i) => {
        if (!Object.is(data[i], round(x))) throw new Error(`${name}: ${x} stored as ${data[i]}`);
      });
    }
  });

  it('accept a name or a spec object and name the part that is wrong, suggesting the name meant', () => {
    expect(expectDType('dtype', { format: 'float16', flushSubnormals: true }, 'zeros')).toBe('float16-ftz');
    expect(expectDType('dtype', { format: 'float32', flushSubnormals: false }, 'zeros')).toBe('float32');
    expect(dtypeParts('bfloat16-ftz')).toEqual({ format: 'bfloat16', flushSubnormals: true });
    expect(thrown(() => expectDType('dtype', 'fp16', 'zeros')).message).toContain('did you mean "float16"?');
    expect(thrown(() => expectDType('dtype', { format: 'bf16' }, 'zeros')).message).toMatch(
      /dtype\.format must be .*did you mean "bfloat16"/,
    );
    expect(
      thrown(() => expectDType('dtype', { format: 'float64', flushSubnormals: true }, 'zeros')).argument,
    ).toBe('dtype.flushSubnormals');
    expect(
      thrown(() => expectDType('dtype', { format: 'float32', flushSubnormal: true }, 'zeros')).message,
    ).toContain('did you mean "flushSubnormals"?');
    expect(thrown(() => expectDType('options.dtype', 16, 'mlp')).message).toMatch(
      /^mlp: options\.dtype must be/,
    );
    expect(thrown(() => storageRounds('float8' as never)).message).toMatch(
      /^storageRounds: dtype must be one of/,
    );
    expect(thrown(() => roundArray('half' as never, new Float64Array(1))).argument).toBe('dtype');
    expect(thrown(() => roundInPlace([1, 2] as never)).message).toMatch(/^roundInPlace: m must be a Matrix/);
  });
});
