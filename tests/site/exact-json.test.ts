// The build cache stores a lesson's computed numbers as JSON: what comes back must be the same value, bit for bit.
import { describe, expect, it } from 'vitest';

import { fromExactJson, toExactJson, UnstorableValue } from '../../src/lib/lesson-cache/exact-json.ts';
import { expectExactlyEqual } from './exactly-equal.ts';

const roundTrip = (value: unknown) => fromExactJson(JSON.parse(JSON.stringify(toExactJson(value))));

describe('toExactJson and fromExactJson', () => {
  it('bring back every number exactly, where plain JSON loses -0, NaN and the infinities', () => {
    const numbers = [0, -0, NaN, Infinity, -Infinity, 1e-320, Number.MAX_VALUE, 0.1 + 0.2, -1.5];
    expect(JSON.parse(JSON.stringify(numbers))).not.toEqual(numbers);
    expectExactlyEqual(roundTrip(numbers), numbers);
  });

  it('bring back undefined, strings, booleans, null, bigints, nested arrays and plain objects', () => {
    const value = {
      missing: undefined,
      text: 'k = 1.5 (He × 1.5)',
      flags: [true, false, null],
      big: 12345678901234567890n,
      nested: {
        rows: [
          [1, 2],
          [3, -0],
        ],
        empty: {},
        list: [],
      },
      ['__proto__']: 'an own key',
    };
    const back = roundTrip(value) as typeof value;
    expectExactlyEqual(back, value);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect('missing' in back).toBe(true);
  });

  it('bring back typed arrays with their element type and every bit of their values', () => {
    const values = {
      f64: new Float64Array([-0, NaN, Infinity, 1 / 3]),
      f32: new Float32Array([0.1, -0, 3.4e38]),
      i32: new Int32Array([-1, 2 ** 31 - 1]),
      u8: new Uint8Array([0, 255]),
      big: new BigInt64Array([-(2n ** 63n)]),
      // A view into part of a larger buffer: only its own elements come back.
      view: new Float64Array([1, 2, 3, 4]).subarray(1, 3),
    };
    const back = roundTrip(values) as typeof values;
    expectExactlyEqual(back, values);
    expect(back.f64).toBeInstanceOf(Float64Array);
    expect(Object.is(back.f64[0], -0)).toBe(true);
    expect(Array.from(back.view)).toEqual([2, 3]);
  });

  it('bring back Maps, Sets and Dates', () => {
    const value = {
      byDepth: new Map<number | string, unknown>([
        [10, [1, 2]],
        ['deep', { x: NaN }],
      ]),
      seeds: new Set([1, -0, 'seven']),
      when: new Date(Date.UTC(2026, 0, 2)),
    };
    const back = roundTrip(value) as typeof value;
    expectExactlyEqual(back, value);
    expect(back.byDepth).toBeInstanceOf(Map);
    expect(back.seeds).toBeInstanceOf(Set);
  });

  it('keep shared values shared and cycles cyclic, frozen objects frozen, null prototypes null', () => {
    const shared = { losses: new Float64Array([3, 2, 1]) };
    const cyclic: { self?: unknown; label: string } = { label: 'loop' };
    cyclic.self = cyclic;
    const value = {
      a: shared,
      b: shared,
      sameArray: [shared.losses, shared.losses],
      cyclic,
      frozen: Object.freeze({ k: 1.5 }),
      bare: Object.assign(Object.create(null) as object, { k: 2 }),
    };
    const back = roundTrip(value) as typeof value;
    expect(back.a).toBe(back.b);
    expect(back.sameArray[0]).toBe(back.sameArray[1]);
    expect(back.sameArray[0]).toBe(back.a.losses);
    expect(back.cyclic.self).toBe(back.cyclic);
    expect(Object.isFrozen(back.frozen)).toBe(true);
    expect(Object.isFrozen(back.a)).toBe(false);
    expect(Object.getPrototypeOf(back.bare)).toBeNull();
    expect(back.frozen.k).toBe(1.5);
  });

  it('refuse what they cannot bring back, naming where it is', () => {
    class Run {
      loss = 1;
    }
    expect(() => toExactJson({ run: { best: new Run() } })).toThrow(UnstorableValue);
    expect(() => toExactJson({ run: { best: new Run() } })).toThrow('run.best is an instance of Run');
    expect(() => toExactJson({ step: () => 1 })).toThrow('step is a function');
    expect(() => toExactJson({ tag: Symbol('s') })).toThrow(UnstorableValue);
    // eslint-disable-next-line no-sparse-arrays
    expect(() => toExactJson([1, , 3])).toThrow('[1] is a hole in an array');
    const withGetter = {
      get trace() {
        return 1;
      },
    };
    expect(() => toExactJson(withGetter)).toThrow('trace is a getter');
  });

  it('with stand-ins, keep the place of each function and getter, and the caller decides what is there', () => {
    const layer = {
      width: 2,
      activation: { name: 'relu', apply: (x: number) => Math.max(0, x) },
      get lastTrace() {
        return null;
      },
    };
    const json = JSON.parse(JSON.stringify(toExactJson({ layer }, { functions: 'stand-ins' })));
    const standIns: string[] = [];
    const back = fromExactJson(json, (path) => {
      standIns.push(path);
      return () => `stand-in for ${path}`;
    }) as { layer: { width: number; activation: { name: string; apply: () => string }; lastTrace: unknown } };
    expect(back.layer.width).toBe(2);
    expect(back.layer.activation.name).toBe('relu');
    expect(back.layer.activation.apply()).toBe('stand-in for layer.activation.apply');
    expect(back.layer.lastTrace).toBe('stand-in for layer.lastTrace');
    expect(standIns.sort()).toEqual(['layer.activation.apply', 'layer.lastTrace']);
  });
});
