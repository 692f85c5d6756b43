import { describe, expect, it } from 'vitest';
import { createRandom, fillNormal, fillUniform } from '../src/random.js';
import { thrown } from './support/errors.js';

describe('createRandom', () => {
  it('replays the same stream for the same seed, and a different one for another seed', () => {
    const a = createRandom(7);
    const b = createRandom(7);
    const c = createRandom(8);
    const drawsA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(drawsA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(drawsA);
  });

  it('pins its stream, so every reader and every machine sees the same figures', () => {
    // Golden values: if the generator changes, every lesson's numbers change; this test says so loudly.
    const r = createRandom(42);
    const first = [r.next(), r.next(), r.next()].map((x) => Math.round(x * 4294967296));
    expect(first).toMatchInlineSnapshot(`
      [
        1028872839,
        2516511472,
        400437680,
      ]
    `);
  });

  it('hashes string seeds to a stable number', () => {
    expect(createRandom('lecture').seed).toBe(createRandom('lecture').seed);
    expect(createRandom('lecture').seed).not.toBe(createRandom('lecturf').seed);
  });

  it('draws uniforms in [low, high) with mean (low+high)/2 and variance (high-low)^2/12', () => {
    const x = fillUniform(new Float64Array(200_000), createRandom(1), -1, 3);
    let mean = 0;
    for (const v of x) mean += v / x.length;
    let variance = 0;
    for (const v of x) variance += (v - mean) ** 2 / x.length;
    expect(x.reduce((m, v) => Math.min(m, v), Infinity)).toBeGreaterThanOrEqual(-1);
    expect(x.reduce((m, v) => Math.max(m, v), -Infinity)).toBeLessThan(3);
    // Standard error of the mean is sqrt(16/12/n) ≈ 0.0026; 5 standard errors.
    expect(Math.abs(mean - 1)).toBeLessThan(0.013);
    expect(Math.abs(variance - 16 / 12)).toBeLessThan(0.02);
  });

  it('draws normals with the requested mean, std and a kurtosis of 3', () => {
    const x = fillNormal(new Float64Array(200_000), createRandom(2), 0.5, 2);
    let mean = 0;
    for (const v of x) mean += v / x.length;
    let m2 = 0;
    let m4 = 0;
    for (const v of x) {
      m2 += (v - mean) ** 2 / x.length;
      m4 += (v - mean) ** 4 / x.length;
    }
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * (2 / Math.sqrt(x.length)));
    expect(Math.abs(Math.sqrt(m2) - 2)).toBeLessThan(0.02);
    expect(Math.abs(m4 / (m2 * m2) - 3)).toBeLessThan(0.05);
  });

  it('gives forks their own streams', () => {
    const r = createRandom(3);
    const f1 = r.fork();
    const f2 = r.fork();
    expect(f1.next()).not.toBe(f2.next());
  });

  it('rejects a seed that is not a finite number or a string, naming it', () => {
    expect(() => createRandom(NaN)).toThrow(/seed must be a finite number or a string; received NaN/);
  });

  it('rejects int(n) for n that is not a positive integer', () => {
    expect(() => createRandom(1).int(0)).toThrow(/n must be an integer between 1 and 2\^32; received 0/);
  });

  it('replays every draw after setState(getState()), including the pending second normal of a polar pair', () => {
    const r = createRandom(9);
    r.normal(); // the polar method made two normals; the second is pending
    const saved = r.getState();
    expect(saved.spareNormal).not.toBeNull();
    const draws = () => [r.normal(), r.normal(), r.next(), r.int(1000), r.uniform(-1, 1), r.normal()];
    const first = draws();
    r.setState(saved);
    expect(draws()).toEqual(first);
  });

  it('moves a state into another source, through JSON, which then draws what the first would have', () => {
    const r = createRandom('original');
    for (let i = 0; i < 5; i++) r.next();
    const copy = createRandom('elsewhere');
    copy.setState(JSON.parse(JSON.stringify(r.getState())));
    const ahead = Array.from({ length: 8 }, () => r.normal());
    expect(Array.from({ length: 8 }, () => copy.normal())).toEqual(ahead);
  });

  it('rejects a malformed state, naming random.setState and the state', () => {
    const r = createRandom(1);
    const bad = [
      null,
      { words: [1, 2, 3], spareNormal: null },
      { words: [1, 2, 3, -4], spareNormal: null },
      { words: [1, 2, 3, 2 ** 32], spareNormal: null },
      { words: [1, 2, 3, 4], spareNormal: NaN },
    ];
    for (const state of bad) {
      const error = thrown(() => r.setState(state as never));
      expect(error.argument).toBe('state');
      expect(error.message).toMatch(/^random\.setState: state must be a RandomState/);
    }
  });
});

describe('fillNormal', () => {
  // fillNormal draws with the generator's state in local variables (random.ts); a lesson's figures must not
  // change by a bit because of that, so it is compared with the reference it must equal: normal(), called once
  // per element, on a twin source.
  it('fills exactly what normal(mean, std) drawn element by element gives, and leaves the same state', () => {
    for (const seed of [1, 7, 'lesson']) {
      const fast = createRandom(seed);
      const slow = createRandom(seed);
      // Odd and even lengths, with and without a pending second normal of a polar pair, float64 and float32.
      for (const [length, mean, std, Target] of [
        [0, 0, 1, Float64Array],
        [1, 0, 1, Float64Array],
        [2, 0.5, 3, Float64Array],
        [7, -1, 0.1, Float32Array],
        [10, 0, 1, Float64Array],
        [33, 2, 1e-3, Float32Array],
        // Enough draws with std ≠ 1 that a value rounded in another order would show.
        [1001, 0.5, 3.7, Float64Array],
      ] as const) {
        const filled = fillNormal(new Target(length), fast, mean, std);
        const reference = new Target(length);
        for (let i = 0; i < length; i++) reference[i] = slow.normal(mean, std);
        expect(Array.from(filled)).toEqual(Array.from(reference));
        expect(fast.getState()).toEqual(slow.getState());
        // A single draw between fills leaves a spare for the next fill to start with (or uses one).
        expect(fast.normal()).toBe(slow.normal());
      }
    }
  });

  it('draws through any Random, not only one from createRandom', () => {
    const inner = createRandom(3);
    const wrapped = { ...inner, normal: (mean = 0, std = 1) => inner.normal(mean, std) };
    const twin = createRandom(3);
    const filled = fillNormal(new Float64Array(5), wrapped, 1, 2);
    expect(Array.from(filled)).toEqual(Array.from({ length: 5 }, () => twin.normal(1, 2)));
  });
});
