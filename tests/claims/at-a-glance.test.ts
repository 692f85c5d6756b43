/**
 * Every number in the lesson "The book at a glance: formulas and numbers", checked against a computation written
 * here, independently of the engine: float formats from their bit layouts and a rounding function of this file,
 * overflow depths by exact integer arithmetic and by simulation with that rounding, variances from their formulas,
 * mean-field values by Simpson's rule over a Gaussian, and the typical sizes from the digamma function at integers
 * and half-integers. A site test fails when the prose states an n.<name> that this file does not check.
 *
 * The lesson: content/5-reference/at-a-glance.mdx
 */
import type { PlotOptions } from '@observablehq/plot';
import { describe, expect, test } from 'vitest';

import * as n from '../../content/5-reference/at-a-glance/numbers.ts';
import * as figures from '../../content/5-reference/at-a-glance/figures.ts';
import { pointsOf, relative, runExample } from '../support/claims.ts';

const folder = '../../content/5-reference/at-a-glance/';
// Products of a few dozen float64 factors, against the same product computed here in another order.
const RELATIVE = 1e-12;
// Simpson's rule on a fine grid and fixed-point iteration: far below the digits the page shows.
const INTEGRAL = 1e-7;

// ------------------------------------------------------------------------------------ formats, from their bits

/** precision p (significand bits, with the hidden one), smallest and largest exponent. */
const BITS = {
  float16: { p: 11, emin: -14, emax: 15 },
  bfloat16: { p: 8, emin: -126, emax: 127 },
  float32: { p: 24, emin: -126, emax: 127 },
  float64: { p: 53, emin: -1022, emax: 1023 },
} as const;
type Format = keyof typeof BITS;

/** The largest finite number as an exact integer, (2^p − 1)·2^(emax − p + 1). */
const maxBig = (f: Format) => (2n ** BigInt(BITS[f].p) - 1n) * 2n ** BigInt(BITS[f].emax - BITS[f].p + 1);
const maxOf = (f: Format) => Number(maxBig(f));
const minSubnormalOf = (f: Format) => 2 ** (BITS[f].emin - BITS[f].p + 1);

/** Round a positive float64 x to the format: nearest, ties to even, Infinity above the largest finite value. */
function roundTo(f: Format, x: number): number {
  if (f === 'float64' || x === 0) return x;
  const { p, emin } = BITS[f];
  let e = Math.floor(Math.log2(x));
  while (2 ** e > x) e--;
  while (2 ** (e + 1) <= x) e++;
  const spacing = 2 ** (Math.max(e, emin) - p + 1);
  const m = x / spacing; // exact: a division by a power of two well inside float64's range
  const floor = Math.floor(m);
  const rounded = m - floor > 0.5 || (m - floor === 0.5 && floor % 2 === 1) ? floor + 1 : floor;
  const r = rounded * spacing;
  return r > maxOf(f) ? Infinity : r;
}

/** The first layer at which v ← round(v·k) from v = 1 is `done`; Infinity once v stops changing. */
function simulate(f: Format, k: number, done: (v: number) => boolean): number {
  const kf = roundTo(f, k);
  let v = 1;
  for (let L = 1; L < 1e6; L++) {
    const next = roundTo(f, v * kf);
    if (done(next)) return L;
    if (next === v) return Infinity;
    v = next;
  }
  return Infinity;
}

describe('the lecture network: k^L, k^(L−1), and the depths at which each format gives out', () => {
  test('the lecture settings are 1.5 and 0.5 over 20 layers', () => {
    expect([n.kUp, n.kDown, n.lectureDepth]).toEqual([1.5, 0.5, 20]);
  });

  test('ŷ/x = 1.5^20 and ‖δ^[1]‖/‖δ^[L]‖ = 1.5^19 and 0.5^19', () => {
    expect(relative(n.lectureOutputUp, 3 ** 20 / 2 ** 20)).toBeLessThan(RELATIVE);
    expect(relative(n.lectureDeltaRatioUp, 3 ** 19 / 2 ** 19)).toBeLessThan(RELATIVE);
    expect(n.lectureDeltaRatioDown).toBe(2 ** -19);
  });

  test('each format’s largest number is (2 − 2^(1−p))·2^emax', () => {
    expect(n.formats).toEqual(['float16', 'bfloat16', 'float32', 'float64']);
    for (const row of n.depthRows) expect(row.max).toBe(maxOf(row.format as Format));
    expect(n.depthRows[0].max).toBe(65504);
    expect(n.float16Max).toBe(65504);
  });

  test('the closed-form overflow layer is the first L with 1.5^L > max, in exact integers (3^L > max·2^L)', () => {
    for (const row of n.depthRows) {
      const max = maxBig(row.format as Format);
      let L = 1;
      while (3n ** BigInt(L) <= max * 2n ** BigInt(L)) L++;
      expect(row.overflowClosedForm).toBe(L);
    }
    expect(n.bfloat16OverflowClosedForm).toBe(n.depthRows[1].overflowClosedForm);
  });

  test('the simulated overflow layer repeats v ← round(1.5·v), rounded here', () => {
    for (const row of n.depthRows) {
      expect(row.overflow).toBe(simulate(row.format as Format, 1.5, (v) => v === Infinity));
    }
    expect(n.float16Overflow).toBe(n.depthRows[0].overflow);
    expect(n.bfloat16Overflow).toBe(n.depthRows[1].overflow);
    // The page says the closed form and the simulation agree in every row but bfloat16's, where rounding delays it.
    for (const row of n.depthRows)
      if (row.format !== 'bfloat16') expect(row.overflow).toBe(row.overflowClosedForm);
    expect(n.bfloat16Overflow).toBeGreaterThan(n.bfloat16OverflowClosedForm);
  });

  test('0.5^L is 0 at the first L with 2^−L ≤ half the smallest subnormal: 1 − log₂(minSubnormal)', () => {
    for (const row of n.depthRows) {
      const f = row.format as Format;
      expect(row.underflow).toBe(1 - Math.log2(minSubnormalOf(f)));
      expect(row.underflow).toBe(simulate(f, 0.5, (v) => v === 0));
    }
  });

  test('the figure draws the simulated overflow layer of the stored k in each format', () => {
    const points = pointsOf(figures.overflowChart as PlotOptions);
    for (const f of n.formats) {
      const series = points.filter((p) => p.series === f);
      // The line and its hover marks share the points: count the distinct k.
      expect(new Set(series.map((p) => p.x)).size).toBe(figures.figureFactors.length);
      for (const p of series) expect(p.y).toBe(simulate(f as Format, p.x, (v) => v === Infinity));
    }
  });
});

// ------------------------------------------------------------------------------------------- initialization

/** E[f(z)] for z ~ N(0, q), by composite Simpson's rule on [−12√q, 12√q]. */
function gaussian(f: (z: number) => number, q: number, panels = 2000): number {
  if (q === 0) return f(0);
  const s = Math.sqrt(q);
  const a = -12 * s;
  const h = (24 * s) / panels;
  let sum = 0;
  for (let i = 0; i <= panels; i++) {
    const z = a + i * h;
    const w = i === 0 || i === panels ? 1 : i % 2 === 1 ? 4 : 2;
    sum += w * f(z) * Math.exp((-z * z) / (2 * q));
  }
  return (sum * h) / 3 / Math.sqrt(2 * Math.PI * q);
}
const tanh2 = (z: number) => Math.tanh(z) ** 2;
const sech4 = (z: number) => (1 - Math.tanh(z) ** 2) ** 2;
/** The variance map iterated to its fixed point q*. */
function qStar(w: number, b: number): number {
  let q = 1;
  for (let i = 0; i < 5000; i++) {
    const next = w * gaussian(tanh2, q) + b;
    if (Math.abs(next - q) <= 1e-13 * next) return next;
    q = next;
  }
  return q;
}
const chiTanh = (w: number, b: number) => w * gaussian(sech4, qStar(w, b));

describe('initialization: variances, standard deviations and per-layer factors at width 256', () => {
  const N = 256;

  test('Var(W) is 1/n (LeCun), 2/(n + n) (Xavier), 2/n (He); σ is its square root; σ_w² = n·Var(W)', () => {
    expect([n.width, n.depth]).toEqual([N, 30]);
    expect(n.schemes.map((s) => s.scheme)).toEqual(['lecun', 'xavier', 'he']);
    const variances = [1 / N, 2 / (N + N), 2 / N];
    n.schemes.forEach((s, i) => {
      expect(s.variance).toBe(variances[i]);
      expect(relative(s.std, Math.sqrt(variances[i]))).toBeLessThan(RELATIVE);
      expect(s.gain).toBe(N * variances[i]);
    });
  });

  test('ReLU keeps half: χ₁ = σ_w²/2 is 1/2 for LeCun and Xavier and 1 for He; 30 layers of 1/2 give 2^−30', () => {
    n.schemes.forEach((s) => expect(s.reluFactor).toBeCloseTo(s.gain / 2, 14));
    expect(n.reluLecunOverDepth).toBe(2 ** -30);
  });

  test('tanh at σ_w² = 1 without bias is critical: q* = 0 (E[tanh(z)²] < q) and χ₁ = tanh′(0)² = 1', () => {
    for (const q of [1e-3, 0.1, 1, 4]) expect(gaussian(tanh2, q)).toBeLessThan(q);
    expect(n.schemes[0].tanhFactor).toBe(1);
    expect(n.schemes[1].tanhFactor).toBe(1);
  });

  test('tanh with He’s σ_w² = 2: χ₁ = 2·E[sech⁴ z] at q*, and its 30th power', () => {
    const chiHe = chiTanh(2, 0);
    expect(relative(n.schemes[2].tanhFactor, chiHe)).toBeLessThan(INTEGRAL);
    expect(relative(n.tanhHeOverDepth, chiHe ** 30)).toBeLessThan(30 * INTEGRAL);
    expect(n.schemes[2].tanhFactor).toBeGreaterThan(1);
  });
});

// ----------------------------------------------------------------------------------------- typical sizes

const EULER_GAMMA = 0.5772156649015329;
/** ψ(x) for x a positive multiple of 1/2, from ψ(1) = −γ, ψ(1/2) = −γ − 2 ln 2 and ψ(x + 1) = ψ(x) + 1/x. */
function digammaHalf(x: number): number {
  let base = Number.isInteger(x) ? 1 : 0.5;
  let value = base === 1 ? -EULER_GAMMA : -EULER_GAMMA - 2 * Math.LN2;
  while (base < x) {
    value += 1 / base;
    base += 1;
  }
  return value;
}

describe('mean square is not typical: the per-layer drift at width 256', () => {
  test('Gaussian linear layers (σ_w² = 1): e^{½[ψ(n/2) − ln(n/2)]}, close to e^{−1/(2n)}', () => {
    const exact = Math.exp(0.5 * (digammaHalf(128) - Math.log(128)));
    expect(relative(n.typicalLinearPerLayer, exact)).toBeLessThan(1e-12);
    expect(relative(n.typicalLinearPerLayer, Math.exp(-1 / 512))).toBeLessThan(1e-5);
    expect(relative(n.typicalLinearOverDepth, exact ** 30)).toBeLessThan(1e-11);
  });

  test('ReLU layers with He’s σ_w² = 2: ½E[ln((2/n)·χ²_K) | K ≥ 1], K ~ Binomial(n, ½), close to e^{−5/(4n)}', () => {
    const N = 256;
    let logC = 0; // ln C(n, K)
    let mean = 0;
    for (let K = 1; K <= N; K++) {
      logC += Math.log((N - K + 1) / K);
      const probability = Math.exp(logC - N * Math.LN2) / (1 - 2 ** -N);
      mean += probability * 0.5 * (Math.log(2 / N) + digammaHalf(K / 2) + Math.LN2);
    }
    expect(relative(n.typicalReluPerLayer, Math.exp(mean))).toBeLessThan(1e-12);
    expect(relative(n.typicalReluPerLayer, Math.exp(-5 / (4 * N)))).toBeLessThan(1e-4);
    expect(relative(n.typicalReluOverDepth, Math.exp(30 * mean))).toBeLessThan(1e-11);
  });
});

// --------------------------------------------------------------------------------------------- mean field

/** C(c): the next layer's correlation of two inputs at correlation c, at q*, by Simpson's rule in two dimensions. */
function correlationMap(w: number, b: number, c: number, q: number, panels = 240): number {
  const h = 16 / panels;
  const weight = (i: number) => (i === 0 || i === panels ? 1 : i % 2 === 1 ? 4 : 2);
  const s = Math.sqrt(q);
  const r = Math.sqrt(Math.max(0, 1 - c * c));
  let sum = 0;
  for (let i = 0; i <= panels; i++) {
    const z1 = -8 + i * h;
    const u1 = Math.tanh(s * z1);
    const wi = weight(i) * Math.exp((-z1 * z1) / 2);
    for (let j = 0; j <= panels; j++) {
      const z2 = -8 + j * h;
      sum += wi * weight(j) * Math.exp((-z2 * z2) / 2) * u1 * Math.tanh(s * (c * z1 + r * z2));
    }
  }
  const expectation = (sum * h * h) / 9 / (2 * Math.PI);
  return (w * expectation + b) / q;
}

describe('mean field for tanh at σ_b² = 0.05', () => {
  const b = 0.05;

  test('the settings are the signal-propagation lesson’s', () => {
    expect([n.biasVariance, n.orderedWeightVariance, n.chaoticWeightVariance]).toEqual([0.05, 1.5, 2.5]);
  });

  test('χ₁ = σ_w²·E[sech⁴ z] at q*, on each side of one', () => {
    expect(relative(n.chiOrdered, chiTanh(1.5, b))).toBeLessThan(INTEGRAL);
    expect(relative(n.chiChaotic, chiTanh(2.5, b))).toBeLessThan(INTEGRAL);
    expect(n.chiOrdered).toBeLessThan(1);
    expect(n.chiChaotic).toBeGreaterThan(1);
  });

  test('the edge of chaos: χ₁ = 1 at the critical σ_w²; exactly 1 without bias; 2 for ReLU', () => {
    expect(Math.abs(chiTanh(n.criticalTanh, b) - 1)).toBeLessThan(1e-6);
    expect(chiTanh(n.criticalTanh - 0.01, b)).toBeLessThan(1);
    expect(chiTanh(n.criticalTanh + 0.01, b)).toBeGreaterThan(1);
    expect(n.criticalTanhNoBias).toBe(1);
    expect(n.criticalRelu).toBe(2); // σ_w²·½ = 1
  });

  test('ξ_c = −1/ln χ₁ in the ordered phase, where the correlations’ fixed point is c* = 1', () => {
    expect(relative(n.xiOrdered, -1 / Math.log(chiTanh(1.5, b)))).toBeLessThan(1e-6);
  });

  test('ξ_c = −1/ln C′(c*) in the chaotic phase, with c* < 1 the stable fixed point of the correlation map', () => {
    const q = qStar(2.5, b);
    let c = 0.5;
    for (let i = 0; i < 200; i++) {
      const next = correlationMap(2.5, b, c, q);
      if (Math.abs(next - c) < 1e-12) break;
      c = next;
    }
    expect(c).toBeLessThan(1);
    const step = 1e-4;
    const slope = (correlationMap(2.5, b, c + step, q) - correlationMap(2.5, b, c - step, q)) / (2 * step);
    expect(relative(n.xiChaotic, -1 / Math.log(slope))).toBeLessThan(1e-4);
  }, 20_000);

  test('the trainable depth is Schoenholz et al.’s empirical 6·ξ_c', () => {
    expect(n.trainableFactor).toBe(6);
    expect(relative(n.trainableOrdered, 6 * n.xiOrdered)).toBeLessThan(RELATIVE);
    expect(relative(n.trainableChaotic, 6 * n.xiChaotic)).toBeLessThan(RELATIVE);
  });
});

// ------------------------------------------------------------------------------------ slopes and remedies

describe('slopes', () => {
  test('sigmoid [0, 1/4] (σ′(0) = σ(0)(1 − σ(0))), tanh [0, 1], ReLU [0, 1]', () => {
    expect(n.slopes.map((s) => s.activation)).toEqual(['sigmoid', 'tanh', 'relu']);
    expect(n.slopes.map((s) => [s.min, s.max])).toEqual([
      [0, 0.5 * (1 - 0.5)],
      [0, 1],
      [0, 1],
    ]);
  });

  test('ten sigmoid layers at their steepest keep 4^−10', () => {
    expect(n.sigmoidLayers).toBe(10);
    expect(n.sigmoidBound).toBe(4 ** -10);
  });
});

describe('remedies', () => {
  test('the residual branch scale 1/√B at the residual lesson’s B = 25 blocks: 1/5', () => {
    expect(n.residualBlocks).toBe(25);
    expect(relative(n.residualScale, 1 / 5)).toBeLessThan(RELATIVE);
  });

  test('a GRU carry path over 50 steps keeps Π u_t: 0.99^50 and 2^−50', () => {
    expect([n.gateSteps, n.gateOpen, n.gateHalf]).toEqual([50, 0.99, 0.5]);
    let open = 1;
    for (let t = 0; t < 50; t++) open *= 0.99;
    expect(relative(n.gateOpenOverSteps, open)).toBeLessThan(RELATIVE);
    expect(n.gateHalfOverSteps).toBe(2 ** -50);
  });

  test('float16: largest 65504 = (2 − 2^−10)·2^15, smallest normal 2^−14, smallest subnormal 2^−24', () => {
    expect(n.float16Max).toBe((2 - 2 ** -10) * 2 ** 15);
    expect(n.float16MinNormal).toBe(2 ** -14);
    expect(n.float16MinSubnormal).toBe(2 ** -24);
    expect(n.float16MinSubnormal).toBe(minSubnormalOf('float16'));
    expect([n.float16MinNormalLog2, n.float16MinSubnormalLog2]).toEqual([BITS.float16.emin, -24]);
  });

  test('the dynamic loss scale starts at a power of two, 2^16 (PyTorch GradScaler’s init_scale)', () => {
    expect(n.lossScaleStart).toBe(2 ** 16);
    expect(n.lossScaleStartLog2).toBe(16);
    // The page says this start lies above float16's largest number: a scaled gradient of 1 overflows.
    expect(roundTo('float16', 1 * n.lossScaleStart)).toBe(Infinity);
  });
});

// ------------------------------------------------------------------------------- the example and exercise

describe('the example', () => {
  test('its tables repeat the page’s numbers at the page’s settings', async () => {
    const { shown } = await runExample(new URL(`${folder}glance-table.ts`, import.meta.url));
    const [formats, inits] = shown as Record<string, unknown>[][];
    expect(formats.map((row) => row.format)).toEqual(n.formats);
    formats.forEach((row, i) => {
      expect(row['largest number']).toBe(n.depthRows[i].max);
      expect(row['overflow layer of 1.5·I']).toBe(n.depthRows[i].overflow);
      expect(row['zero layer of 0.5·I']).toBe(n.depthRows[i].underflow);
    });
    expect(formats[0]['overflow layer of 1.5·I']).toBe(n.float16Overflow);
    inits.forEach((row, i) => {
      expect(row['Var(W)']).toBe(n.schemes[i].variance);
      expect(row['ReLU: χ₁']).toBe(n.schemes[i].reluFactor);
      expect(row['tanh: χ₁']).toBe(n.schemes[i].tanhFactor);
    });
  });
});

describe('the exercise', () => {
  test('the closed form can disagree with the network: 0.75^L in float16', () => {
    expect(n.stuckK).toBe(0.75);
    expect(n.stuckClosedForm).toBe(Math.ceil((-24 - 1) / Math.log2(0.75)));
    expect(n.stuckSimulated).toBe(simulate('float16', 0.75, (v) => v === 0));
    expect(n.stuckSimulated).toBe(Infinity);
  });

  test('the simulation stalls at 2 spacings of 2^−24: 0.75·2 = 1.5 is a tie, and ties round to the even 2', () => {
    const spacing = minSubnormalOf('float16');
    let v = 1;
    let L = 0;
    for (;;) {
      const next = roundTo('float16', v * 0.75);
      L++;
      if (next === v) break;
      v = next;
    }
    // v has stood still since the layer before: that layer produced it, and the page names it.
    expect(n.stuckLayer).toBe(L - 1);
    expect(n.stuckSpacings).toBe(v / spacing);
    expect(n.stuckSpacings).toBe(2);
    expect(n.stuckProductSpacings).toBe(1.5);
    // The tie itself: 1.5 spacings lies halfway between 1 and 2, and goes to the even neighbour, 2.
    expect(roundTo('float16', 1.5 * spacing)).toBe(2 * spacing);
  });

  test('the solution passes every case of the check and the starter fails one', async () => {
    const check = (await import(`${folder}underflow-layer.check.ts`)).default;
    const { underflowLayer: solution } = await import(`${folder}underflow-layer.solution.ts`);
    const { underflowLayer: starter } = await import(`${folder}underflow-layer.exercise.ts`);
    const passes = (f: (k: number, m: number) => number) =>
      check.cases.every(
        ({ args, expected }: { args: [number, number]; expected: number }) => f(...args) === expected,
      );
    expect(passes(solution)).toBe(true);
    expect(passes(starter)).toBe(false);
    // Against this file's own count, where the format stores k exactly: 0.5 and 0.25 in every format.
    for (const f of n.formats)
      for (const k of [0.5, 0.25])
        expect(solution(k, minSubnormalOf(f as Format))).toBe(simulate(f as Format, k, (v) => v === 0));
  });
});
