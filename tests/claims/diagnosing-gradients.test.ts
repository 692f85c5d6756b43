/**
 * Every number in the lesson "Diagnosing a network: reading its gradients layer by layer", checked against an
 * independent computation, and against what the lesson's examples show. A site test fails when the prose states an
 * n.<name> that this file does not check.
 *
 * The independent computation is the forward and backward pass of tests/support/hand-backprop.ts (plain loops,
 * activations and slopes written out here), started from the weights the engine drew, with the verdict rule, the
 * norms, clipping and the gradient-descent update written here. It shares no code with layerGradNorms,
 * activationNorms, fit, clipGradNorm or the lesson's verdictOf.
 *
 * The lesson: content/5-reference/diagnosing-gradients.mdx
 */
import type { PlotOptions } from '@observablehq/plot';
import type { Network } from '@gradscope/core';
import { describe, expect, test } from 'vitest';

import * as figures from '../../content/5-reference/diagnosing-gradients/figures.ts';
import * as n from '../../content/5-reference/diagnosing-gradients/numbers.ts';
import { colorsOf, pointsOf, relative, runEditedExample, runExample } from '../support/claims.ts';
import { handBackprop, norm, type HandActivation } from '../support/hand-backprop.ts';

const folder = new URL('../../content/5-reference/diagnosing-gradients/', import.meta.url);
const example = (name: string) => runExample(new URL(`${name}.ts`, folder));
const logged = (lines: unknown[][], start: string) => {
  const line = lines.find((args) => String(args[0]).startsWith(start));
  expect(line, `a logged line starting "${start}"`).toBeDefined();
  return line!.map(String).join(' ');
};

// The same float64 sums in another order: a few units in the last place, amplified by the depth and, in training,
// by 150 steps of gradient descent.
const CLOSE = 1e-9;
const TRAINED = 1e-6;

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const HAND: Record<string, HandActivation> = {
  sigmoid: { f: sigmoid, slope: (z) => sigmoid(z) * (1 - sigmoid(z)) },
  relu: { f: (z) => (z > 0 ? z : 0), slope: (z) => (z > 0 ? 1 : 0) },
  identity: { f: (z) => z, slope: () => 1 },
};

/** The rule, written again: r = ‖delta^[1]‖ / ‖delta^[L]‖ against 10 and 1/10. */
function handVerdict(deltaNorms: number[]): string {
  const r = deltaNorms[0] / deltaNorms[deltaNorms.length - 1];
  if (Number.isNaN(r) || r > 10) return 'exploding';
  return r < 0.1 ? 'vanishing' : 'healthy';
}

function handDiagnosis(net: Network) {
  const pass = handBackprop(net, n.data.x, n.data.y, HAND);
  const delta = pass.deltas.map((d) => norm(d));
  const L = delta.length;
  return {
    pass,
    delta,
    ratio: delta[0] / delta[L - 1],
    // RMS of a^[L−1]: as[l] is a^[l], n_l × m entries.
    lastHiddenRms: Math.sqrt(pass.as[L - 1].reduce((s, v) => s + v * v, 0) / pass.as[L - 1].length),
  };
}

const hand = n.gallery.map((entry) => handDiagnosis(n.build(entry)));

describe('the gallery at initialization', () => {
  test('the threshold, the shape and the scale the prose states', () => {
    expect(n.threshold).toBe(10);
    expect([n.depth, n.width, n.samples, n.largeScale]).toEqual([20, 16, 32, 1.5]);
    expect(n.data.x.cols).toBe(n.samples);
    expect(n.build(n.gallery[0]).layers.length).toBe(n.depth);
  });

  test('‖delta^[1]‖ / ‖delta^[L]‖ of each network agrees with a hand-written backward pass', () => {
    hand.forEach((h, i) => expect(relative(n.firstRatios[i], h.ratio)).toBeLessThan(CLOSE));
  });

  test('the factor per layer is the geometric mean of the L − 1 factors, (‖delta^[1]‖ / ‖delta^[L]‖)^(1/(L−1))', () => {
    hand.forEach((h, i) => {
      const logs = h.delta.slice(0, -1).map((d, l) => Math.log(d / h.delta[l + 1]));
      const geometric = Math.exp(logs.reduce((s, v) => s + v, 0) / logs.length);
      expect(relative(n.perLayerFactors[i], geometric)).toBeLessThan(CLOSE);
    });
  });

  test('the verdicts: sigmoid vanishes, k = 1.5 explodes, He is healthy', () => {
    expect(hand.map((h) => handVerdict(h.delta))).toEqual(['vanishing', 'exploding', 'healthy']);
    expect(n.verdicts).toEqual(['vanishing', 'exploding', 'healthy']);
  });

  test('the exploding network’s factor per layer is near k; the sigmoid network’s below the slope bound 1/4', () => {
    expect(Math.abs(n.perLayerFactors[1] - n.largeScale)).toBeLessThan(0.1);
    expect(n.perLayerFactors[0]).toBeLessThan(n.sigmoidMaxSlope);
  });

  test('the sigmoid’s largest slope is σ′(0) = 1/4', () => {
    let largest = 0;
    for (let z = -10; z <= 10; z += 0.001) largest = Math.max(largest, HAND.sigmoid.slope(z));
    expect(HAND.sigmoid.slope(0)).toBe(0.25);
    expect(largest).toBeLessThanOrEqual(0.25);
    expect(n.sigmoidMaxSlope).toBe(0.25);
  });

  test('the RMS of the last hidden layer’s activations agrees with the hand-written forward pass', () => {
    hand.forEach((h, i) => expect(relative(n.lastHiddenRms[i], h.lastHiddenRms)).toBeLessThan(CLOSE));
  });

  test('nothing overflows and no layer is all zero at initialization', () => {
    for (const h of hand) for (const a of h.pass.as) expect(a.every(Number.isFinite)).toBe(true);
    for (const d of n.diagnoses) expect([d.firstNonFinite, d.firstAllZero]).toEqual([null, null]);
  });
});

// ----------------------------------------------------------------------------------------- training

/** Gradient descent written out: the hand pass, optional clipping by global norm, W ← W − η dW, b ← b − η db. */
function handTrain(net: Network, clip?: number) {
  const W = net.layers.map((layer) => layer.params[0].value);
  const b = net.layers.map((layer) => layer.params[1].value);
  const losses: number[] = [];
  let firstDW: number[] = [];
  for (let step = 1; step <= n.steps; step++) {
    const pass = handBackprop(net, n.data.x, n.data.y, HAND);
    const badLayer = pass.zs.findIndex((z) => !z.every(Number.isFinite));
    if (badLayer >= 0) return { losses, stoppedAt: step, stoppedLayer: badLayer + 1, firstDW };
    if (step === 1) firstDW = pass.dW.map((dw) => norm(dw));
    losses.push(pass.loss);
    let total = 0;
    for (const g of [...pass.dW, ...pass.db]) total += norm(g) ** 2;
    const factor = clip !== undefined && Math.sqrt(total) > clip ? clip / Math.sqrt(total) : 1;
    W.forEach((w, l) => w.data.forEach((v, i) => (w.data[i] = v - n.learningRate * factor * pass.dW[l][i])));
    b.forEach((bias, l) =>
      bias.data.forEach((v, i) => (bias.data[i] = v - n.learningRate * factor * pass.db[l][i])),
    );
  }
  return { losses, stoppedAt: null, stoppedLayer: null, firstDW, after: handDiagnosis(net) };
}

describe('training the gallery', () => {
  const [sigmoidEntry, largeEntry, heEntry] = n.gallery;

  test('the settings the prose states', () => {
    expect([n.learningRate, n.steps, n.clipNorm]).toEqual([0.01, 150, 1]);
  });

  test('clipped steps move the weights at most steps · η · c in all, a small share of their length', () => {
    // The closed form: n_in · n_out entries of standard deviation k·√(2/n_in) per layer, summed over the layers.
    const entries = n.build(largeEntry).layers.map((layer) => [layer.inputSize, layer.outputSize]);
    const expected = Math.sqrt(entries.reduce((s, [i, o]) => s + i * o * n.largeScale ** 2 * (2 / i), 0));
    expect(relative(n.largeWeightNorm, expected)).toBeLessThan(0.05);
    expect(n.steps * n.learningRate * n.clipNorm).toBeLessThan(n.largeWeightNorm / 10);
  });

  test('without a remedy, the k = 1.5 network stops: a pre-activation overflows at the step and layer stated', () => {
    const run = handTrain(n.build(largeEntry));
    expect(run.stoppedAt).toBe(n.explodingStopStep);
    expect(run.stoppedLayer).toBe(n.explodingStopLayer);
    expect(relative(n.explodingLossStart, run.losses[0])).toBeLessThan(CLOSE);
  });

  test('clipped at c = 1 it completes, but the diagnosis after training still reads exploding', () => {
    const run = handTrain(n.build(largeEntry), n.clipNorm);
    expect(run.stoppedAt).toBeNull();
    expect(relative(n.clippedLossEnd, run.losses[n.steps - 1])).toBeLessThan(TRAINED);
    expect(relative(n.clippedRatioEnd, run.after!.ratio)).toBeLessThan(TRAINED);
    const late = run.losses.slice(n.steps - n.lateSteps);
    expect(n.lateSteps).toBe(50);
    expect(relative(n.clippedLateMin, Math.min(...late))).toBeLessThan(TRAINED);
    expect(relative(n.clippedLateMax, Math.max(...late))).toBeLessThan(TRAINED);
    expect(handVerdict(run.after!.delta)).toBe('exploding');
    expect(n.clippedVerdictEnd).toBe('exploding');
    expect(n.clippedLossEnd).toBeGreaterThan(100 * n.heLossEnd);
  });

  test('re-initialized at He’s scale it trains, and stays healthy', () => {
    const run = handTrain(n.build(heEntry));
    expect(relative(n.heLossStart, run.losses[0])).toBeLessThan(CLOSE);
    expect(relative(n.heLossEnd, run.losses[n.steps - 1])).toBeLessThan(TRAINED);
    expect(relative(n.heRatioEnd, run.after!.ratio)).toBeLessThan(TRAINED);
    expect(handVerdict(run.after!.delta)).toBe('healthy');
  });

  test('the sigmoid network: the first layer’s weight gradient is a tiny share of the last’s, and stays vanishing', () => {
    const run = handTrain(n.build(sigmoidEntry));
    expect(relative(n.sigmoidWeightRatio, run.firstDW[0] / run.firstDW[n.depth - 1])).toBeLessThan(CLOSE);
    expect(relative(n.sigmoidLossStart, run.losses[0])).toBeLessThan(CLOSE);
    expect(relative(n.sigmoidLossEnd, run.losses[n.steps - 1])).toBeLessThan(TRAINED);
    expect(relative(n.sigmoidRatioEnd, run.after!.ratio)).toBeLessThan(TRAINED);
    expect(handVerdict(run.after!.delta)).toBe('vanishing');
    expect(n.sigmoidLossEnd).toBeGreaterThan(n.heLossEnd);
  });
});

// ----------------------------------------------------------------------------------------- examples

describe('the examples show the same', () => {
  test('gallery: the table’s ratios and verdicts, and the figure’s colours by meaning', async () => {
    const { shown } = await example('gallery');
    const rows = shown[0] as Record<string, unknown>[];
    rows.forEach((row, i) => {
      expect(relative(row['‖δ[1]‖ / ‖δ[L]‖'] as number, n.firstRatios[i])).toBeLessThan(1e-12);
      expect(row.verdict).toBe(n.verdicts[i]);
    });
    const chart = shown[1] as PlotOptions;
    const points = pointsOf(chart);
    n.firstRatios.forEach((r) =>
      expect(points.some((p) => p.x === 1 && relative(p.y, r) < 1e-12)).toBe(true),
    );
    expect(new Set(Object.values(colorsOf(chart))).size).toBe(3);
  });

  test('training: the stop, the clipped run and the He run as the prose states them', async () => {
    const { logged: lines } = await example('training');
    expect(logged(lines, 'k = 1.5:')).toContain(`stopped at step ${n.explodingStopStep}`);
    expect(logged(lines, 'k = 1.5:')).toContain(`layer ${n.explodingStopLayer}`);
    expect(logged(lines, 'k = 1.5, clipped at 1:')).toContain(`loss ${n.clippedLossEnd}`);
    expect(logged(lines, 'k = 1.5, clipped at 1:')).toContain(String(n.clippedRatioEnd));
    expect(logged(lines, 'k = 1:')).toContain(`loss ${n.heLossEnd}`);
    expect(logged(lines, 'k = 1:')).toContain(String(n.heRatioEnd));
  });
});

describe('the TryThis edits do what the prose says', () => {
  const verdictsAfter = async (edits: [string, string][]) => {
    const { shown } = await runEditedExample(folder, 'gallery', edits);
    return (shown[0] as Record<string, unknown>[]).map((row) => row.verdict);
  };

  test('k = 1.1: the ReLU network reads healthy by the rule, a ratio below 10 from a factor per layer above 1', async () => {
    const { shown } = await runEditedExample(folder, 'gallery', [['const k = 1.5;', 'const k = 1.1;']]);
    const row = (shown[0] as Record<string, number | string>[])[1];
    expect(row.verdict).toBe('healthy');
    expect(row['‖δ[1]‖ / ‖δ[L]‖']).toBeGreaterThan(1);
    expect(row['‖δ[1]‖ / ‖δ[L]‖']).toBeLessThan(n.threshold);
    expect(row['factor per layer']).toBeGreaterThan(1);
  });

  test('tanh in place of the sigmoid, with the same Xavier weights: the verdict turns healthy', async () => {
    expect(await verdictsAfter([["'sigmoid', xavierNormal()", "'tanh', xavierNormal()"]])).toEqual([
      'healthy',
      'exploding',
      'healthy',
    ]);
  });

  test('a learning rate ten times smaller: the unremedied run still stops at the same step, the clipped one still explodes', async () => {
    const { logged: lines } = await runEditedExample(folder, 'training', [
      ['learningRate = 0.01', 'learningRate = 0.001'],
    ]);
    expect(logged(lines, 'k = 1.5:')).toContain(`stopped at step ${n.explodingStopStep}`);
    const clipped = logged(lines, 'k = 1.5, clipped at 1:');
    const ratio = Number(clipped.split('after training: ')[1]);
    expect(ratio).toBeGreaterThan(n.threshold);
  });

  test('a looser cap, c = 10: the clipped run ends far lower, its ratio after training below the threshold', async () => {
    const { logged: lines } = await runEditedExample(folder, 'training', [
      ['train(1.5, 1)', 'train(1.5, 10)'],
    ]);
    const clipped = logged(lines, 'k = 1.5, clipped at 10:');
    const loss = Number(clipped.split('loss ')[1].split(' ')[0]);
    const ratio = Number(clipped.split('after training: ')[1]);
    expect(loss).toBeLessThan(n.clippedLossEnd / 100);
    expect(ratio).toBeLessThan(n.threshold);
    // Past its first steps this run is chaotic: the hand-written pass, summing in another order, ends at another
    // loss and ratio (0.2 and 0.15 where the engine's are 0.15 and 7.4 when this was written). The prose claims only
    // what both agree on: it completes, ends far lower, and its ratio is below the threshold.
    const loose = handTrain(n.build(n.gallery[1]), 10);
    expect(loose.stoppedAt).toBeNull();
    expect(loose.losses[n.steps - 1]).toBeLessThan(n.clippedLossEnd / 100);
    expect(handVerdict(loose.after!.delta)).toBe('healthy');
    expect(loose.after!.ratio).toBeLessThan(n.threshold);
  });
});

describe('the figures draw what the prose says', () => {
  test('the profile figure: each network’s ratio at layer 1, three colours by meaning, the reference at 1', () => {
    const points = pointsOf(figures.ratioChart);
    n.firstRatios.forEach((r) =>
      expect(points.some((p) => p.x === 1 && relative(p.y, r) < 1e-12)).toBe(true),
    );
    expect(new Set(Object.values(colorsOf(figures.ratioChart))).size).toBe(3);
    // The rule's thresholds drawn across, as the caption says.
    const ruled = (figures.ratioChart.marks as { data?: unknown }[])
      .flatMap((mark) => (Array.isArray(mark?.data) ? (mark.data as { y?: number; series?: string }[]) : []))
      .filter((p) => p.series === undefined && typeof p.y === 'number')
      .map((p) => p.y);
    expect(ruled).toEqual(expect.arrayContaining([10, 0.1]));
  });

  test('the loss figure: the clipped and the He runs, and the step the unremedied run stopped at', () => {
    const points = pointsOf(figures.lossChart);
    expect(points.some((p) => p.x === n.steps && relative(p.y, n.clippedLossEnd) < 1e-12)).toBe(true);
    expect(points.some((p) => p.x === n.steps && relative(p.y, n.heLossEnd) < 1e-12)).toBe(true);
    // The run without a remedy is not drawn: only the clipped and the He series.
    expect(new Set(points.map((p) => p.series)).size).toBe(2);
  });
});

describe('the exercise', () => {
  const run = async (file: string) => {
    const { diagnose } = (await import(`../../content/5-reference/diagnosing-gradients/${file}`)) as {
      diagnose: (deltaNorms: number[], threshold: number) => string;
    };
    const { default: check } =
      await import('../../content/5-reference/diagnosing-gradients/verdict.check.ts');
    return check.cases.map((c) => ({
      label: c.label,
      expected: c.expected,
      got: diagnose(...(c.args as [number[], number])),
    }));
  };

  test('the solution passes every case of the check', async () => {
    for (const row of await run('verdict.solution.ts')) expect(row.got, row.label).toBe(row.expected);
  });

  test('the starter fails at least one case', async () => {
    expect((await run('verdict.exercise.ts')).some((row) => row.got !== row.expected)).toBe(true);
  });

  test('the check’s cases hold every verdict, with the gallery’s verdicts on the gallery’s networks', async () => {
    const { default: check } =
      await import('../../content/5-reference/diagnosing-gradients/verdict.check.ts');
    expect(new Set(check.cases.map((c) => c.expected))).toEqual(
      new Set(['vanishing', 'exploding', 'healthy']),
    );
    expect(check.cases.slice(0, 3).map((c) => c.expected)).toEqual(n.verdicts);
    expect(check.cases.slice(0, 3).map((c) => handVerdict(c.args[0] as number[]))).toEqual(n.verdicts);
    // Every case at the lesson's threshold, hand-made ones included (NaN, 0/0, 0, ∞, both boundaries), by the rule
    // written again here.
    for (const c of check.cases.filter((c) => c.args[1] === n.threshold))
      expect(handVerdict(c.args[0] as number[]), c.label).toBe(c.expected);
  });
});
