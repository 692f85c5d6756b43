import { describe, expect, it } from 'vitest';
import { GradscopeArgumentError } from '../src/errors.js';
import {
  INITIALIZER_NAMES,
  constantInit,
  heNormal,
  heUniform,
  lecunNormal,
  lecunUniform,
  normalInit,
  orthogonalInit,
  resolveInitializer,
  scaledIdentityInit,
  uniformInit,
  xavierNormal,
  xavierUniform,
  zeroInit,
  type Initializer,
} from '../src/initializers.js';
import { toArray, type Matrix } from '../src/matrix.js';
import { createRandom } from '../src/random.js';

function moments(W: Matrix): { mean: number; variance: number; maxAbs: number } {
  const n = W.data.length;
  let mean = 0;
  for (const v of W.data) mean += v;
  mean /= n;
  let variance = 0;
  let maxAbs = 0;
  for (const v of W.data) {
    variance += (v - mean) ** 2;
    maxAbs = Math.max(maxAbs, Math.abs(v));
  }
  return { mean, variance: variance / (n - 1), maxAbs };
}

/** WᵀW when W is tall or square, WWᵀ when it is wide: the Gram matrix of its orthonormal side. */
function gram(W: Matrix): number[][] {
  const tall = W.rows >= W.cols;
  const k = tall ? W.cols : W.rows;
  const len = tall ? W.rows : W.cols;
  const at = (vector: number, index: number) =>
    tall ? W.data[index * W.cols + vector] : W.data[vector * W.cols + index];
  const G: number[][] = [];
  for (let p = 0; p < k; p++) {
    G.push([]);
    for (let q = 0; q < k; q++) {
      let s = 0;
      for (let i = 0; i < len; i++) s += at(p, i) * at(q, i);
      G[p].push(s);
    }
  }
  return G;
}

// Monte Carlo tolerances, for n = rows·cols independent draws of variance σ²:
// - the sample mean has standard error σ/√n;
// - the sample variance has standard error σ²·√((κ − 1)/n), with kurtosis κ = 3 (normal) or 9/5 (uniform).
// We allow 5 standard errors: a false failure has probability below 1e-6 per check, and the draws are seeded
// anyway, so a pass is reproducible. A wrong formula (say 1/fan_in for 2/fan_in) is off by far more.
const cases: { init: Initializer; rows: number; cols: number; variance: number; kurtosis: number }[] = [
  { init: lecunNormal(), rows: 400, cols: 400, variance: 1 / 400, kurtosis: 3 },
  { init: lecunUniform(), rows: 300, cols: 500, variance: 1 / 500, kurtosis: 9 / 5 },
  { init: xavierNormal(), rows: 300, cols: 500, variance: 2 / 800, kurtosis: 3 },
  { init: xavierUniform(), rows: 400, cols: 400, variance: 2 / 800, kurtosis: 9 / 5 },
  { init: heNormal(), rows: 400, cols: 400, variance: 2 / 400, kurtosis: 3 },
  { init: heUniform(), rows: 500, cols: 300, variance: 2 / 300, kurtosis: 9 / 5 },
  { init: normalInit({ std: 0.3 }), rows: 400, cols: 400, variance: 0.09, kurtosis: 3 },
  { init: normalInit({ variance: 0.09 }), rows: 300, cols: 500, variance: 0.09, kurtosis: 3 },
  { init: uniformInit({ limit: 0.5 }), rows: 400, cols: 400, variance: 0.25 / 3, kurtosis: 9 / 5 },
  { init: uniformInit({ variance: 0.04 }), rows: 300, cols: 500, variance: 0.04, kurtosis: 9 / 5 },
];

describe('initializers', () => {
  for (const { init, rows, cols, variance, kurtosis } of cases) {
    it(`${init.label} draws ${rows}×${cols} entries with mean 0 and variance ${variance.toPrecision(3)}`, () => {
      const W = init.create(rows, cols, createRandom(`${init.name}-${rows}`));
      const n = rows * cols;
      const sample = moments(W);
      expect(Math.abs(sample.mean)).toBeLessThan(5 * Math.sqrt(variance / n));
      expect(Math.abs(sample.variance - variance)).toBeLessThan(5 * variance * Math.sqrt((kurtosis - 1) / n));
      expect(init.std!({ fanIn: cols, fanOut: rows })).toBeCloseTo(Math.sqrt(variance), 15);
    });
  }

  it('keeps uniform draws within their limits √(6/(fan_in+fan_out)) and √(6/fan_in), and uses most of them', () => {
    const xavier = moments(xavierUniform().create(300, 500, createRandom(1)));
    const xavierLimit = Math.sqrt(6 / 800);
    expect(xavier.maxAbs).toBeLessThanOrEqual(xavierLimit);
    expect(xavier.maxAbs).toBeGreaterThan(0.999 * xavierLimit);
    const he = moments(heUniform().create(200, 50, createRandom(2)));
    const heLimit = Math.sqrt(6 / 50);
    expect(he.maxAbs).toBeLessThanOrEqual(heLimit);
    expect(he.maxAbs).toBeGreaterThan(0.99 * heLimit);
    const lecun = moments(lecunUniform().create(100, 30, createRandom(3)));
    expect(lecun.maxAbs).toBeLessThanOrEqual(Math.sqrt(3 / 30));
  });

  it('states the closed-form standard deviations', () => {
    expect(lecunNormal().std!({ fanIn: 100, fanOut: 7 })).toBe(0.1);
    expect(xavierNormal().std!({ fanIn: 60, fanOut: 40 })).toBeCloseTo(Math.sqrt(2 / 100), 16);
    expect(heNormal().std!({ fanIn: 200, fanOut: 3 })).toBe(0.1);
    expect(uniformInit({ limit: Math.sqrt(3) }).std!({ fanIn: 4, fanOut: 4 })).toBeCloseTo(1, 15);
    expect(zeroInit().std!({ fanIn: 4, fanOut: 4 })).toBe(0);
    expect(orthogonalInit(2).std!({ fanIn: 25, fanOut: 100 })).toBe(0.2);
    expect(scaledIdentityInit(1.5).std).toBeUndefined();
  });

  it('takes a fixed scale only by name, so a standard deviation is never read as a variance', () => {
    expect(() => normalInit(0.01 as never)).toThrow(
      /^normalInit: scale must be an object \{ std \} or \{ variance \}/,
    );
    expect(() => uniformInit(0.05 as never)).toThrow(/^uniformInit: scale must be an object \{ limit \}/);
    expect(() => normalInit({ std: 0.1, variance: 0.01 } as never)).toThrow(/exactly one of/);
    expect(() => normalInit({ sdt: 0.1 } as never)).toThrow(/did you mean "std"/);
    // The same scale by either name draws the same matrix.
    const byStd = normalInit({ std: 0.25 }).create(3, 4, createRandom(2));
    const byVariance = normalInit({ variance: 0.0625 }).create(3, 4, createRandom(2));
    expect(Array.from(byVariance.data)).toEqual(Array.from(byStd.data));
  });

  it('makes the lecture’s 1.5·I exactly, also when rectangular', () => {
    expect(toArray(scaledIdentityInit(1.5).create(2, 2, createRandom(1)))).toEqual([
      [1.5, 0],
      [0, 1.5],
    ]);
    expect(toArray(scaledIdentityInit(-2).create(2, 3, createRandom(1)))).toEqual([
      [-2, 0, 0],
      [0, -2, 0],
    ]);
    expect(toArray(scaledIdentityInit(0.5).create(3, 2, createRandom(1), 'float32'))).toEqual([
      [0.5, 0],
      [0, 0.5],
      [0, 0],
    ]);
  });

  it('fills constants and zeros exactly', () => {
    expect(Array.from(constantInit(0.25).create(2, 2, createRandom(1)).data)).toEqual([
      0.25, 0.25, 0.25, 0.25,
    ]);
    expect(Array.from(zeroInit().create(1, 3, createRandom(1)).data)).toEqual([0, 0, 0]);
  });

  for (const [rows, cols] of [
    [6, 6],
    [9, 4],
    [4, 9],
  ]) {
    it(`orthogonal ${rows}×${cols} with gain 1.5 has Gram matrix 1.5²·I of its orthonormal side`, () => {
      const W = orthogonalInit(1.5).create(rows, cols, createRandom(rows * 10 + cols));
      expect(W.rows).toBe(rows);
      expect(W.cols).toBe(cols);
      const G = gram(W);
      let worst = 0;
      for (let p = 0; p < G.length; p++) {
        for (let q = 0; q < G.length; q++) worst = Math.max(worst, Math.abs(G[p][q] - (p === q ? 2.25 : 0)));
      }
      expect(worst).toBeLessThan(1e-12);
    });
  }

  it('draws orthogonal matrices without sign bias: each diagonal entry averages 0 (Haar)', () => {
    // A raw Householder QR returns R₁₁ = −sign(G₁₁)·‖g₁‖, so without a sign fix from diag(R) Q₁₁ would
    // always be negative (other routines have other fixed conventions). For a Haar matrix E[W_ii] = 0 and
    // Var(W_ii) = 1/n;
    // with n = 4 and 2000 draws the mean has standard error √(1/(4·2000)) ≈ 0.011, and we allow 5 of them.
    const random = createRandom('haar');
    const n = 4;
    const draws = 2000;
    const sums = new Float64Array(n);
    for (let t = 0; t < draws; t++) {
      const W = orthogonalInit().create(n, n, random);
      for (let i = 0; i < n; i++) sums[i] += W.data[i * n + i];
    }
    for (let i = 0; i < n; i++)
      expect(Math.abs(sums[i] / draws)).toBeLessThan(5 * Math.sqrt(1 / (n * draws)));
  });

  it('replays the same matrix from the same seed, and float32 holds the rounded float64 draws', () => {
    for (const name of INITIALIZER_NAMES) {
      const init = resolveInitializer(name, 'init', 'dense');
      const a = init.create(5, 3, createRandom(9));
      const b = init.create(5, 3, createRandom(9));
      expect(Array.from(a.data)).toEqual(Array.from(b.data));
      const a32 = init.create(5, 3, createRandom(9), 'float32');
      expect(a32.dtype).toBe('float32');
      expect(Array.from(a32.data)).toEqual(Array.from(a.data, Math.fround));
    }
    const c = heNormal().create(5, 3, createRandom(10));
    expect(Array.from(c.data)).not.toEqual(Array.from(heNormal().create(5, 3, createRandom(9)).data));
  });

  it('resolves every name and passes Initializer objects through', () => {
    for (const name of INITIALIZER_NAMES) expect(resolveInitializer(name, 'init', 'dense').name).toBe(name);
    const custom = scaledIdentityInit(1.5);
    expect(resolveInitializer(custom, 'init', 'dense')).toBe(custom);
  });

  it('rejects an unknown name with a message listing every valid name, and suggests the nearest to a typo', () => {
    let message = '';
    try {
      resolveInitializer('kaiming', 'spec.init', 'mlp');
    } catch (e) {
      expect(e).toBeInstanceOf(GradscopeArgumentError);
      message = (e as Error).message;
    }
    expect(message).toMatch(/^mlp: spec\.init must be one of/);
    expect(message).toContain('"kaiming"');
    expect(message).not.toContain('did you mean'); // not a typo of any name
    for (const name of INITIALIZER_NAMES) expect(message).toContain(`"${name}"`);
    expect(() => resolveInitializer(undefined, 'init', 'dense')).toThrow(/^dense: init must be/);
    expect(() => resolveInitializer('xavir', 'init', 'dense')).toThrow(/did you mean "xavierNormal"/);
    expect(() => resolveInitializer('heNormla', 'init', 'dense')).toThrow(/did you mean "heNormal"/);
  });

  it('rejects bad numbers, shapes, random sources and dtypes, naming the argument', () => {
    expect(() => normalInit({ std: -1 })).toThrow(/^normalInit: scale\.std must be/);
    expect(() => uniformInit({ limit: NaN })).toThrow(/^uniformInit: scale\.limit must be/);
    expect(() => constantInit(Infinity)).toThrow(/value/);
    expect(() => scaledIdentityInit(NaN)).toThrow(/k must be/);
    expect(() => orthogonalInit(-1)).toThrow(/gain/);
    expect(() => heNormal().create(0, 3, createRandom(1))).toThrow(/rows/);
    expect(() => heNormal().create(3, 2.5, createRandom(1))).toThrow(/cols/);
    expect(() => heNormal().create(3, 3, undefined as never)).toThrow(/random/);
    expect(() => heNormal().create(3, 3, createRandom(1), 'float8' as never)).toThrow(/dtype/);
    expect(() => heNormal().std!({ fanIn: 0, fanOut: 3 })).toThrow(/^heNormal\(\)\.std: fans\.fanIn must be/);
    expect(() => heNormal().std!({ fanIn: 3, fanOout: 3 } as never)).toThrow(/did you mean "fanOut"/);
  });
});
