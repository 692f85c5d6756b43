import { describe, expect, it } from 'vitest';
import {
  GradscopeArgumentError,
  dynamicLossScale,
  fromData,
  meanSquaredError,
  roundTo,
  scaledLoss,
  zeros,
} from '../src/index.js';

describe('scaledLoss', () => {
  const prediction = fromData(1, 4, Float64Array.from([0.5, -0.25, 3, 1e-3]), 'float16');
  const target = fromData(1, 4, Float64Array.from([0, 0, 0, 0]), 'float16');

  it('multiplies the value by S: 8 · Σ(ŷ − y)²/(2m), written out', () => {
    const exact = fromData(1, 4, Float64Array.from([0.5, -0.25, 3, 2 ** -10]), 'float16');
    // (0.25 + 0.0625 + 9 + 2^−20) / (2·4), times 8: every term a power-of-two multiple, so the sum is exact.
    expect(scaledLoss('mse', 8).value(exact, target)).toBe(0.25 + 0.0625 + 9 + 2 ** -20);
  });

  it('multiplies a float16 gradient by a power of two exactly, while nothing leaves the range', () => {
    const g = meanSquaredError.gradient(prediction, target);
    const s = scaledLoss('mse', 2 ** 10).gradient(prediction, target);
    for (let i = 0; i < 4; i++) expect(s.data[i]).toBe(2 ** 10 * g.data[i]);
  });

  it('rounds S·g once into the prediction dtype: below float16’s floor it is 0, scaled above it is exact', () => {
    const tiny = fromData(1, 1, Float64Array.from([roundTo('float16', 2 ** -20)]), 'float16');
    const zero = fromData(1, 1, Float64Array.from([0]), 'float16');
    // (ŷ − y)/m = 2^−20 with m = 1: times 2^−10 it is 2^−30, below half of 2^−24, so 0; times 2^6 it is 2^−14.
    const below = scaledLoss('mse', 2 ** -10).gradient(tiny, zero);
    expect(below.data[0]).toBe(0);
    const lifted = scaledLoss('mse', 2 ** 6).gradient(tiny, zero);
    expect(lifted.data[0]).toBe(2 ** -14);
  });

  it('overflows to Infinity past float16’s largest value', () => {
    const big = fromData(1, 1, Float64Array.from([1024]), 'float16');
    const out = zeros(1, 1, 'float16');
    scaledLoss('mse', 2 ** 6).gradient(big, fromData(1, 1, Float64Array.from([0]), 'float16'), out);
    expect(out.data[0]).toBe(Infinity);
  });

  it('rejects a scale that is not a positive number, naming the function and the argument', () => {
    expect(() => scaledLoss('mse', 0)).toThrow(GradscopeArgumentError);
    expect(() => scaledLoss('mse', 0)).toThrow(/scaledLoss.*scale/s);
  });
});

describe('dynamicLossScale', () => {
  it('skips and halves on an overflow, doubles after growthInterval finite steps, as a closed-form sequence', () => {
    const scaler = dynamicLossScale({ initialScale: 2 ** 16, growthInterval: 3 });
    const finite = [false, false, true, true, true, true, false, true, true, true];
    const applied = finite.map((f) => scaler.update(f));
    expect(applied).toEqual(finite);
    // 2^16 → 2^15 → 2^14, three finite steps → 2^15, one finite, an overflow → 2^14, three finite → 2^15.
    expect(scaler.scale).toBe(2 ** 15);
    expect(scaler.cleanSteps).toBe(0);
  });

  it('keeps S a power of two under the default factors', () => {
    const scaler = dynamicLossScale({ growthInterval: 1 });
    for (const f of [true, false, false, true, false, true, true]) scaler.update(f);
    expect(Number.isInteger(Math.log2(scaler.scale))).toBe(true);
    // Four doublings and three halvings from 2^16.
    expect(scaler.scale).toBe(2 ** 17);
  });

  it('rejects bad options with a clear error', () => {
    expect(() => dynamicLossScale({ growthInterval: 0 })).toThrow(/dynamicLossScale.*growthInterval/s);
    expect(() => dynamicLossScale({ backoffFactor: 2 })).toThrow(/backoffFactor/);
    expect(() => dynamicLossScale({ growthFactor: 1 })).toThrow(/growthFactor/);
    expect(() => dynamicLossScale({ initalScale: 2 } as never)).toThrow(/initialScale/);
    expect(() => dynamicLossScale().update('yes' as never)).toThrow(/update.*finite/s);
  });
});
