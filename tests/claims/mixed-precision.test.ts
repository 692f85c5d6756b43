/**
 * Every number in the lesson "Loss scaling: lifting gradients above float16's floor", checked against a closed
 * form or an independent computation, and against what the lesson's examples show. A site test fails when the
 * prose states an n.<name> that this file does not check.
 *
 * The independent computation: float16 and bfloat16 rounding written here from the formats' definitions (round to
 * nearest, ties to even, gradual underflow, overflow to Infinity), float32 by Math.fround, and the lesson's sigmoid
 * network written with plain arrays (forward, backward, loss scaling, master weights and the update), started from
 * the weights the engine drew. It shares no code with roundTo, floatFormat, lossAndGradients, sgd, scaledLoss, dynamicLossScale or numbers.ts's
 * loop.
 *
 * The lesson: content/4-remedies/mixed-precision.mdx
 */
import { describe, expect, test } from 'vitest';

import * as n from '../../content/4-remedies/mixed-precision/numbers.ts';
import { relative, runEditedExample, runExample } from '../support/claims.ts';

const folder = new URL('../../content/4-remedies/mixed-precision/', import.meta.url);

// ------------------------------------------------------------------ rounding, written from the definitions

/** Rounds x to a binary format of `precision` significant bits and exponents down to minExponent (normal). */
function roundBinary(x: number, precision: number, minExponent: number, maxExponent: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const sign = Math.sign(x);
  const a = Math.abs(x);
  // The exponent of a's binade, clamped at the smallest normal one: below it the spacing stays 2^(minExp − p + 1).
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e -= 1;
  if (2 ** (e + 1) <= a) e += 1;
  const quantum = 2 ** (Math.max(e, minExponent) - precision + 1);
  const q = a / quantum;
  let r = Math.floor(q);
  const rest = q - r;
  if (rest > 0.5 || (rest === 0.5 && r % 2 === 1)) r += 1;
  const rounded = r * quantum;
  const max = (2 - 2 ** (1 - precision)) * 2 ** maxExponent;
  return sign * (rounded > max ? Infinity : rounded);
}
const round16 = (x: number) => roundBinary(x, 11, -14, 15);
const roundBf16 = (x: number) => roundBinary(x, 8, -126, 127);

describe('rounding written here agrees with Math.fround where both apply', () => {
  test('a float32 rounding by the same recipe matches Math.fround on awkward values', () => {
    for (const x of [0.1, 1 / 3, 1e-40, 3e38, 1 + 2 ** -24, 1 + 3 * 2 ** -24]) {
      expect(roundBinary(x, 24, -126, 127)).toBe(Math.fround(x));
    }
  });
});

// ------------------------------------------------------------------------------------ the formats

describe("float16's and bfloat16's range, from their bit layouts", () => {
  test('float16: largest (2 − 2^−10)·2^15 = 65504, smallest normal 2^−14, smallest subnormal 2^−24', () => {
    expect(n.float16Max).toBe((2 - 2 ** -10) * 2 ** 15);
    expect(n.float16Max).toBe(65504);
    expect(n.float16MinNormal).toBe(2 ** -14);
    expect(n.float16MinSubnormal).toBe(2 ** -24);
    expect(n.float16MinNormalLog2).toBe(-14);
    expect(n.float16MinSubnormalLog2).toBe(-24);
    expect(n.float16MaxLog2).toBe(Math.log2(65504));
  });

  test('storing past the limits: 65504 stays, 65520 and above overflow, 2^−25 and below round to 0', () => {
    expect(round16(n.float16Max)).toBe(n.float16Max);
    // 2^−25 is a tie between 0 and 2^−24; it goes to the even neighbour, 0.
    expect(round16(2 ** -25 * (1 + 2 ** -20))).toBe(2 ** -24);
    expect(round16(65520)).toBe(Infinity);
    expect(round16(2 ** -25)).toBe(0);
    expect(round16(1.5 * 2 ** -25)).toBe(2 ** -24);
  });

  test('significant bits: float16 11, bfloat16 8, float32 24; epsilons 2^−10 and 2^−7', () => {
    expect(n.float16Precision).toBe(11);
    expect(n.bfloat16Precision).toBe(8);
    expect(n.float32Precision).toBe(24);
    expect(n.float16Epsilon).toBe(2 ** -10);
    expect(n.bfloat16Epsilon).toBe(2 ** -7);
    expect(n.float16HalfUlpAtOne).toBe(2 ** -11);
    expect(n.bfloat16HalfUlpAtOne).toBe(2 ** -8);
    expect(n.epsilonRatio).toBe(2 ** -10 / 2 ** -23);
  });

  test("bfloat16 has float32's range: smallest normal 2^−126, largest (2 − 2^−7)·2^127", () => {
    expect(n.bfloat16MinNormal).toBe(2 ** -126);
    expect(n.float32MinNormal).toBe(2 ** -126);
    expect(n.bfloat16Max).toBe((2 - 2 ** -7) * 2 ** 127);
  });

  test('half an ulp at 1 is a tie that rounds back to 1; just below 1 the gap is half as large', () => {
    expect(round16(1 + 2 ** -11)).toBe(1);
    expect(round16(1 + 2 ** -11 + 2 ** -20)).toBe(1 + 2 ** -10);
    expect(round16(1 - 2 ** -12)).toBe(1);
    expect(round16(1 - 2 ** -11)).toBe(1 - 2 ** -11);
    expect(roundBf16(1 + 2 ** -8)).toBe(1);
    expect(roundBf16(1 + 2 ** -8 + 2 ** -20)).toBe(1 + 2 ** -7);
  });

  test('a squared error overflows float16 once |ŷ − y| exceeds √65504 ≈ 255.94', () => {
    expect(n.float16SquareOverflowsAbove).toBeCloseTo(255.9375, 3);
    expect(round16(255.9 ** 2)).toBeLessThan(Infinity);
    // The smallest float16 above √65504 is 256, and 256² = 65536 overflows.
    expect(round16(round16(n.float16SquareOverflowsAbove * (1 + 2 ** -11)) ** 2)).toBe(Infinity);
  });

  test('the default growth interval is PyTorch GradScaler’s, 2000', () => {
    expect(n.defaultGrowthInterval).toBe(2000);
    expect(n.defaultInitialScaleLog2).toBe(16);
  });

  test('w + Δ with w = 1, Δ = 10^−4: lost in float16 and bfloat16, kept in float32', () => {
    expect(n.updateWeight).toBe(1);
    expect(n.updateSize).toBe(1e-4);
    expect(n.sumFloat16).toBe(round16(1 + 1e-4));
    expect(n.sumFloat16).toBe(1);
    expect(n.sumBfloat16).toBe(roundBf16(1 + 1e-4));
    expect(n.sumBfloat16).toBe(1);
    expect(n.sumFloat32).toBe(Math.fround(1 + 1e-4));
    expect(n.sumFloat32).toBeGreaterThan(1);
  });
});

// ----------------------------------------------------------------- the network, written with plain arrays

const L = n.depth;
const sizes = [n.width, ...new Array<number>(L - 1).fill(n.width), 1];
const m = n.data.x.cols;
const X = Array.from(n.data.x.data); // n_0 × m, row-major
const Y = Array.from(n.data.y.data);
const start = n.network('float32').params.map((p) => Array.from(p.value.data));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

type Round = (x: number) => number;

/** Forward and backward: every stored value rounded by `round`; the output gradient is S·(ŷ − y)/m. */
function gradients(params: number[][], round: Round, S = 1) {
  const a: number[][] = [X.map(round)];
  for (let l = 0; l < L; l++) {
    const W = params[2 * l];
    const b = params[2 * l + 1];
    const [nIn, nOut] = [sizes[l], sizes[l + 1]];
    const z = new Array<number>(nOut * m);
    for (let i = 0; i < nOut; i++)
      for (let j = 0; j < m; j++) {
        let sum = 0;
        for (let k = 0; k < nIn; k++) sum += W[i * nIn + k] * a[l][k * m + j];
        z[i * m + j] = round(sum + b[i]);
      }
    a.push(l === L - 1 ? z : z.map((v) => round(sigmoid(v))));
  }
  let loss = 0;
  for (let j = 0; j < m; j++) loss += (a[L][j] - Y[j]) ** 2;
  loss /= 2 * m;
  const grads: number[][] = new Array(2 * L);
  const deltas: number[][] = new Array(L);
  let delta = a[L].map((p, j) => round((S * (p - Y[j])) / m));
  for (let l = L - 1; l >= 0; l--) {
    const [nIn, nOut] = [sizes[l], sizes[l + 1]];
    deltas[l] = delta;
    const dW = new Array<number>(nOut * nIn);
    for (let i = 0; i < nOut; i++)
      for (let k = 0; k < nIn; k++) {
        let sum = 0;
        for (let j = 0; j < m; j++) sum += delta[i * m + j] * a[l][k * m + j];
        dW[i * nIn + k] = round(sum);
      }
    const db = Array.from({ length: nOut }, (_, i) => {
      let sum = 0;
      for (let j = 0; j < m; j++) sum += delta[i * m + j];
      return round(sum);
    });
    grads[2 * l] = dW;
    grads[2 * l + 1] = db;
    if (l === 0) break;
    const W = params[2 * l];
    const next = new Array<number>(nIn * m);
    for (let k = 0; k < nIn; k++)
      for (let j = 0; j < m; j++) {
        let sum = 0;
        for (let i = 0; i < nOut; i++) sum += W[i * nIn + k] * delta[i * m + j];
        const back = round(sum);
        const s = a[l][k * m + j];
        next[k * m + j] = round(round(s * (1 - s)) * back);
      }
    delta = next;
  }
  return { loss, grads, deltas };
}

const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
const exact = (x: number) => x;
const firstExact = gradients(start, exact);

describe('where the first step’s gradients sit (float64 here, float32 in the engine)', () => {
  // float32 against float64 sums: relative differences of about 1e−6, grown a little through ten layers.
  const CLOSE = 1e-3;

  test('the gradient ratio ‖delta[1]‖/‖delta[L]‖ and ‖dW[l]‖', () => {
    const last = norm(firstExact.deltas[L - 1]);
    n.deltaRatio.forEach((r, l) =>
      expect(relative(r, norm(firstExact.deltas[l]) / last)).toBeLessThan(CLOSE),
    );
    n.firstGradNorms32.forEach((g, l) =>
      expect(relative(g, norm(firstExact.grads[2 * l]))).toBeLessThan(CLOSE),
    );
    // Vanishing: the ratio shrinks layer by layer from the last to the first.
    for (let l = 1; l < L; l++) expect(n.deltaRatio[l - 1]).toBeLessThan(n.deltaRatio[l]);
  });

  const entries = firstExact.deltas.flatMap((d, l) => [...firstExact.grads[2 * l], ...d]);
  const fate = (S: number) => {
    const stored = entries.map((g) => Math.abs(round16(g * S)));
    return {
      zero: stored.filter((g) => g === 0).length / entries.length,
      subnormal: stored.filter((g) => g > 0 && g < 2 ** -14).length / entries.length,
    };
  };

  test('the shares float16 stores as 0 or as subnormals, unscaled and scaled by 2^16', () => {
    expect(n.histogramScaleLog2).toBe(16);
    for (const [measured, S] of [
      [n.unscaledFate, 1],
      [n.scaledFate, 2 ** n.histogramScaleLog2],
    ] as const) {
      const mine = fate(S);
      expect(Math.abs(measured.zero - mine.zero)).toBeLessThan(0.005);
      expect(Math.abs(measured.subnormal - mine.subnormal)).toBeLessThan(0.005);
    }
    expect(n.scaledFate.zero).toBeLessThan(n.unscaledFate.zero / 100);
  });

  test('the range of |g|, and the largest scaled entry stays below float16’s largest', () => {
    const abs = entries.map(Math.abs).filter((g) => g > 0);
    expect(Math.abs(n.smallestGradientLog2 - Math.log2(Math.min(...abs)))).toBeLessThan(0.01);
    expect(Math.abs(n.largestGradientLog2 - Math.log2(Math.max(...abs)))).toBeLessThan(0.01);
    expect(relative(n.largestScaledGradient, Math.max(...abs) * 2 ** 16)).toBeLessThan(CLOSE);
    expect(n.largestScaledGradient).toBeLessThan(65504);
  });

  test('the shares of the first nonzero updates η·dW lost when added to w, per format', () => {
    const lost = (round: Round) => {
      let count = 0;
      let gone = 0;
      for (let l = 0; l < L; l++) {
        firstExact.grads[2 * l].forEach((g, j) => {
          const update = Math.fround(n.learningRate * g);
          if (update === 0) return;
          count++;
          const w = round(start[2 * l][j]);
          if (round(w - update) === w) gone++;
        });
      }
      return gone / count;
    };
    expect(Math.abs(n.lostShareFloat16 - lost(round16))).toBeLessThan(0.01);
    expect(Math.abs(n.lostShareBfloat16 - lost(roundBf16))).toBeLessThan(0.01);
    expect(Math.abs(n.lostShareFloat32 - lost(Math.fround))).toBeLessThan(0.01);
    expect(n.lostShareBfloat16).toBeGreaterThan(n.lostShareFloat16);
    // "most of the network's updates" in float16; "more than in float16" for bfloat16.
    expect(n.lostShareFloat16).toBeGreaterThan(0.5);
  });

  test("bfloat16: none of the first step's gradients comes near its floor", () => {
    const abs = entries.map(Math.abs).filter((g) => g > 0);
    expect(Math.log2(Math.min(...abs))).toBeGreaterThan(-126 + 60);
    expect(n.smallestGradientLog2).toBeGreaterThan(Math.log2(n.bfloat16MinNormal) + 60);
    expect(entries.every((g) => g === 0 || roundBf16(g) !== 0)).toBe(true);
  });
});

describe('which layers float16 zeroes: the first, where the gradient ratio is smallest', () => {
  const first16 = gradients(
    start.map((w) => w.map(round16)),
    round16,
  );
  const zeroShare = first16.grads
    .filter((_, i) => i % 2 === 0)
    .map((g) => g.filter((x) => x === 0).length / g.length);

  test('layer 1 entirely, layers 2 and 3 partly, the rest not at all', () => {
    expect(n.zeroedLayers).toEqual(zeroShare.flatMap((s, l) => (s === 1 ? [l + 1] : [])));
    expect(n.zeroedLayers).toEqual([1]);
    expect(n.partlyZeroedLayers).toEqual(zeroShare.flatMap((s, l) => (s > 0 && s < 1 ? [l + 1] : [])));
    // The engine and this file round the sigmoid's slope and the sums at slightly different points, so a few
    // entries near the floor land on different sides of it: shares agree to within a few per cent.
    n.firstZeroShare16.forEach((s, l) => expect(Math.abs(s - zeroShare[l])).toBeLessThan(0.05));
    expect(n.underflowAnswer).toBe('the first layers');
    expect(n.underflowOptions).toContain(n.underflowAnswer);
  });

  test('the zeroed layers are the ones with the smallest gradient ratio', () => {
    const order = [...n.deltaRatio.keys()]
      .sort((p, q) => n.deltaRatio[p] - n.deltaRatio[q])
      .map((l) => l + 1);
    const affected = [...n.zeroedLayers, ...n.partlyZeroedLayers];
    expect(order.slice(0, affected.length).sort()).toEqual(affected.sort());
  });
});

// ------------------------------------------------------------------------------------ training

interface PlainRun {
  loss: number[];
  moved: number[];
  skipped: number[];
  finalScaleLog2: number;
}

/** Gradient descent on the whole data set, written here: plain, or mixed (loss scaling and float32 masters). */
function plainTrain(
  round: Round,
  mixed: boolean,
  steps = n.steps,
  interval = n.growthInterval,
  scaling = mixed,
  layer1Norms: number[] = [],
): PlainRun {
  let master = start.map((w) => w.map(Math.fround));
  let weights = master.map((w) => w.map(round));
  const initial = (mixed ? master : weights).map((w) => [...w]);
  let S = scaling ? 2 ** 16 : 1;
  let clean = 0;
  const run: PlainRun = { loss: [], moved: [], skipped: [], finalScaleLog2: 0 };
  for (let step = 1; step <= steps; step++) {
    const { loss, grads } = gradients(weights, round, S);
    run.loss.push(loss);
    layer1Norms.push(norm(grads[0]));
    if (!grads.every((g) => g.every(Number.isFinite))) {
      run.skipped.push(step);
      S /= 2;
      clean = 0;
      continue;
    }
    if (mixed) {
      master = master.map((w, i) =>
        w.map((x, j) => Math.fround(x - n.learningRate * Math.fround(grads[i][j] / S))),
      );
      weights = master.map((w) => w.map(round));
    } else weights = weights.map((w, i) => w.map((x, j) => round(x - n.learningRate * grads[i][j])));
    if (scaling && ++clean === interval) {
      S *= 2;
      clean = 0;
    }
  }
  run.finalScaleLog2 = Math.log2(S);
  const now = mixed ? master : weights;
  for (let l = 0; l < L; l++) run.moved.push(norm(now[2 * l].map((x, j) => x - initial[2 * l][j])));
  return run;
}

/** ‖dW^[1]‖ at each step of the plain float16 run. */
function plainTrainGrad1(round: Round): number[] {
  const norms: number[] = [];
  plainTrain(round, false, n.steps, n.growthInterval, false, norms);
  return norms;
}

describe('training: the loss, and what the first layer does', () => {
  const run32 = plainTrain(Math.fround, false);
  const run16 = plainTrain(round16, false);
  const runMixed = plainTrain(round16, true);
  const runBf16 = plainTrain(roundBf16, false);

  test('the three losses start and end where the lesson says, and agree with each other', () => {
    expect(n.steps).toBe(60);
    expect(relative(n.lossStart, run32.loss[0])).toBeLessThan(1e-4);
    expect(relative(n.lossEnd32, run32.loss[n.steps - 1])).toBeLessThan(1e-3);
    expect(relative(n.lossEnd16, run16.loss[n.steps - 1])).toBeLessThan(1e-3);
    expect(relative(n.lossEndMixed, runMixed.loss[n.steps - 1])).toBeLessThan(1e-3);
    // "the three loss curves lie on top of each other"
    for (const end of [n.lossEnd16, n.lossEndMixed]) expect(relative(end, n.lossEnd32)).toBeLessThan(1e-3);
    expect(n.lossEnd32).toBeLessThan(n.lossStart);
  });

  test('η = 0.5 overshoots first in float32 too: the loss peaks, then settles', () => {
    const peak = Math.max(...run32.loss);
    expect(relative(n.peakLoss32, peak)).toBeLessThan(1e-3);
    expect(n.peakStep32).toBe(run32.loss.indexOf(peak) + 1);
    expect(n.peakLoss32).toBeGreaterThan(10 * n.lossStart);
  });

  test('mixed precision runs through the same rise later, delayed by its skipped steps', () => {
    const lag = runMixed.loss.map((x, i) => x - run32.loss[i]);
    const step = lag.indexOf(Math.max(...lag)) + 1;
    expect(n.mixedLagStep).toBe(step);
    expect(relative(n.mixedLossAtLag, runMixed.loss[step - 1])).toBeLessThan(1e-3);
    expect(relative(n.loss32AtLag, run32.loss[step - 1])).toBeLessThan(1e-3);
    // The lagging loss is the float32 run's own peak, reached as many steps later as the mixed run skipped.
    expect(relative(n.mixedLossAtLag, n.peakLoss32)).toBeLessThan(1e-2);
    expect(n.mixedLagStep).toBeGreaterThan(n.peakStep32);
  });

  test('float16 without scaling: layer 1 never moves; mixed precision moves it as float32 does', () => {
    // "Entirely 0 at the first step; at later steps some entries come back": in the engine's run and in this
    // file's (which rounds at slightly different points, so the number of such steps differs).
    const norms = plainTrainGrad1(round16);
    expect(norms[0]).toBe(0);
    expect(norms.slice(1).some((g) => g > 0)).toBe(true);
    expect(n.run16Layer1ZeroAtFirst).toBe(true);
    expect(n.run16Layer1SomeLaterNonzero).toBe(true);
    // Master weights alone: layer 1 moves, less than with the loss scale as well.
    const masterOnly = plainTrain(round16, true, n.steps, n.growthInterval, false);
    expect(relative(n.movedMasterOnly, masterOnly.moved[0])).toBeLessThan(0.1);
    expect(n.movedMasterOnly).toBeGreaterThan(0);
    expect(n.movedMasterOnly).toBeLessThan(n.movedMixed);
    expect(run16.moved[0]).toBe(0);
    expect(n.moved16).toBe(0);
    expect(n.frozenLayers16).toEqual(run16.moved.flatMap((x, l) => (x === 0 ? [l + 1] : [])));
    expect(n.frozenLayers16).toEqual([1]);
    expect(relative(n.moved32, run32.moved[0])).toBeLessThan(0.05);
    expect(relative(n.movedMixed, runMixed.moved[0])).toBeLessThan(0.05);
    expect(relative(n.movedMixed, n.moved32)).toBeLessThan(0.1);
    // "Even in float32, layer 1 barely learns": it moves by less than 10^−4 of its own size.
    expect(relative(n.layer1StartNorm, norm(start[0]))).toBeLessThan(1e-6);
    expect(n.moved32 / n.layer1StartNorm).toBeLessThan(1e-4);
  });

  test('the dynamic scale: start 2^16, N = 20, the skipped steps and the final scale', () => {
    expect(n.initialScaleLog2).toBe(16);
    expect(n.growthInterval).toBe(20);
    expect(n.skippedSteps).toEqual(runMixed.skipped);
    expect(n.finalScaleLog2).toBe(runMixed.finalScaleLog2);
  });

  test('bfloat16 with its weights stored in bfloat16: layer 1 never moves, although no gradient is 0', () => {
    expect(runBf16.moved[0]).toBe(0);
    expect(n.movedBf16).toBe(0);
    expect(n.frozenLayersBf16).toEqual([1]);
    const { grads } = gradients(
      start.map((w) => w.map(roundBf16)),
      roundBf16,
    );
    expect(grads[0].every((g) => g !== 0)).toBe(true);
  });

  test('the learning rate, sizes and the network of the prose', () => {
    expect(n.learningRate).toBe(0.5);
    expect([n.depth, n.width, n.samples]).toEqual([10, 16, 64]);
  });
});

// ------------------------------------------------------------------------------------ the examples

const example = (name: string) => runExample(new URL(`${name}.ts`, folder));

describe('the examples show what the prose says', () => {
  test('float16-range shows 65504, 2^−14 and 2^−24', async () => {
    const { shown } = await example('float16-range');
    const rows = shown[0] as Record<string, number>[];
    const f16 = rows.find((r) => r.format === ('float16' as unknown))!;
    expect(f16['largest finite']).toBe(n.float16Max);
    expect(f16['smallest normal']).toBe(n.float16MinNormal);
    expect(f16['smallest subnormal']).toBe(n.float16MinSubnormal);
  });

  test('lost-update shows Δ = 10^−4 lost in float16 and bfloat16, kept in float32', async () => {
    const { shown } = await example('lost-update');
    const row = (shown[0] as Record<string, unknown>[]).find((r) => r['Δ'] === n.updateSize)!;
    expect(row).toMatchObject({ float16: 'lost', bfloat16: 'lost', float32: n.sumFloat32 });
  });

  test('which-layers-underflow: layer 1 all zero in float16; with flush to zero, layers 2 and 3 lose more', async () => {
    const zeros = (rows: Record<string, string>[]) =>
      rows.map((r) => parseFloat(r['dW[l] entries = 0 in float16']));
    const plain = zeros((await example('which-layers-underflow')).shown[0] as Record<string, string>[]);
    expect(plain[0]).toBe(100);
    plain.forEach((share, l) => expect(Math.abs(share / 100 - n.firstZeroShare16[l])).toBeLessThan(0.001));
    const ftz = zeros(
      (
        await runEditedExample(folder, 'which-layers-underflow', [
          ["const net16 = network('float16');", "const net16 = network('float16-ftz');"],
        ])
      ).shown[0] as Record<string, string>[],
    );
    for (const layer of n.partlyZeroedLayers) expect(ftz[layer - 1]).toBeGreaterThan(plain[layer - 1]);
    const bf16 = zeros(
      (
        await runEditedExample(folder, 'which-layers-underflow', [
          ["const net16 = network('float16');", "const net16 = network('bfloat16');"],
          ["roundTo('float16', source[j])", "roundTo('bfloat16', source[j])"],
        ])
      ).shown[0] as Record<string, string>[],
    );
    expect(bf16.every((share) => share === 0)).toBe(true);
  });

  test('mixed-training: its table and its log agree with numbers.ts', async () => {
    const { shown, logged } = await example('mixed-training');
    const rows = shown[1] as Record<string, number>[];
    expect(rows[0]['‖ΔW[l]‖ float16']).toBe(0);
    expect(relative(rows[0]['‖ΔW[l]‖ float16, mixed'], n.movedMixed)).toBeLessThan(1e-9);
    expect(relative(rows[0]['‖ΔW[l]‖ float32'], n.moved32)).toBeLessThan(1e-9);
    const line = logged.map((args) => String(args[0])).find((s) => s.startsWith('mixed run'))!;
    expect(line).toBe(
      `mixed run: skipped steps ${n.skippedSteps.join(', ')}; S at the end 2^${n.finalScaleLog2}`,
    );
  });

  test('TryThis: master weights without loss scaling move layer 1, less than with the scale', async () => {
    const { shown } = await runEditedExample(folder, 'mixed-training', [
      ["'float16, mixed': train('float16', true, true)", "'float16, mixed': train('float16', true, false)"],
    ]);
    const moved = (shown[1] as Record<string, number>[])[0]['‖ΔW[l]‖ float16, mixed'];
    expect(relative(moved, n.movedMasterOnly)).toBeLessThan(1e-9);
    expect(moved).toBeGreaterThan(0);
    expect(moved).toBeLessThan(n.movedMixed);
  });

  test('TryThis: growthInterval = 1 skips more steps', async () => {
    const { logged } = await runEditedExample(folder, 'mixed-training', [
      ['const growthInterval = 20;', 'const growthInterval = 1;'],
    ]);
    const line = logged.map((args) => String(args[0])).find((s) => s.startsWith('mixed run'))!;
    const skipped = line.split('skipped steps ')[1].split(';')[0].split(', ');
    expect(skipped.length).toBeGreaterThan(n.skippedSteps.length);
  });
});

describe('the exercise', () => {
  test('the solution passes every case of the check, the starter fails one, and the check matches the engine', async () => {
    const { default: check } =
      await import('../../content/4-remedies/mixed-precision/loss-scale-rule.check.ts');
    const { nextLossScale: solution } =
      await import('../../content/4-remedies/mixed-precision/loss-scale-rule.solution.ts');
    const { nextLossScale: starter } =
      await import('../../content/4-remedies/mixed-precision/loss-scale-rule.exercise.ts');
    const { dynamicLossScale } = await import('@gradscope/core');
    const passes = (f: typeof solution) =>
      check.cases.every(({ args, expected }) => {
        const [scale, clean, finite, interval] = args as [number, number, boolean, number];
        return JSON.stringify(f(scale, clean, finite, interval)) === JSON.stringify(expected);
      });
    expect(passes(solution)).toBe(true);
    expect(passes(starter)).toBe(false);
    // Each expected value is what the engine's dynamicLossScale does from the same state.
    for (const { args, expected } of check.cases) {
      const [scale, clean, finite, interval] = args as [number, number, boolean, number];
      const scaler = dynamicLossScale({ initialScale: scale, growthInterval: interval });
      for (let i = 0; i < clean; i++) scaler.update(true);
      // `clean` finite steps may have grown S already only when clean ≥ interval, which no case uses.
      expect(scaler.scale).toBe(scale);
      scaler.update(finite);
      expect([scaler.scale, scaler.cleanSteps]).toEqual(expected);
    }
  });
});
