/**
 * Every number in the lesson "Signal propagation at depth: order, chaos and the edge between"
 * (content/2-derivations/signal-propagation.mdx), checked against an independent computation: the length map,
 * χ₁ and the correlation map are recomputed here by Gauss–Hermite quadrature (one- and two-dimensional), where the
 * engine integrates on Gauss–Legendre panels; closed forms where they exist (ReLU, erf at σ_b² = 0); and the
 * lesson's examples are run and their printed numbers compared with the prose's.
 *
 * Tolerances: the two quadratures agree to about 1e−9 on these smooth integrands (1e−7 allowed); slopes taken by
 * centred differences of the recomputed maps carry errors near 1e−7 (1e−5 allowed); measurements of width-200
 * networks carry finite-width fluctuations of a few per cent (stated where used).
 */

import { gaussHermite, initVariance, meanSquaredActivation, meanSquaredSlope } from '@gradscope/core';
import type { PlotOptions } from '@observablehq/plot';
import { describe, expect, test } from 'vitest';

import * as figures from '../../content/2-derivations/signal-propagation/figures.ts';
import * as n from '../../content/2-derivations/signal-propagation/numbers.ts';
import { pointsOf, relative, runEditedExample, runExample } from '../support/claims.ts';

const QUADRATURE = 1e-7;
const SLOPE = 1e-5;

const run = (name: string) =>
  runExample(new URL(`../../content/2-derivations/signal-propagation/${name}.ts`, import.meta.url));

/**
 * The example `name`.ts with a TryThis edit made to its text (each `[from, to]` must occur), run as the page runs
 * it. The edited copy sits beside the original for the run, so its imports resolve the same way, and is removed.
 */
const runEdited = (name: string, edits: [from: string, to: string][]) =>
  runEditedExample(new URL('../../content/2-derivations/signal-propagation/', import.meta.url), name, edits);

/**
 * One series of a theory-against-measurement chart, layer by layer: its dots (measured) or its line and label
 * (theory), told apart by their marks, not by their order in the chart.
 */
function chartSeries(chart: PlotOptions, label: string, measured: boolean): Map<number, number> {
  const marks = (chart.marks as { ariaLabel?: string; data?: unknown }[]).filter(
    (mark) => Array.isArray(mark?.data) && (mark.ariaLabel === 'dot') === measured,
  );
  const points = marks.flatMap((mark) => mark.data as { series?: string; x: number; y: number }[]);
  return new Map(points.filter((p) => p.series?.startsWith(label)).map((p) => [p.x, p.y]));
}

/** The trainable-band example as the page runs it, run once for the tests that read it (it takes seconds). */
let trainableBand: ReturnType<typeof runExample> | undefined;
const runTrainableBand = () => (trainableBand ??= run('trainable-band'));

/** The final losses the trainable-band example logs, one row per depth, in the order of its σ_w². */
function bandLosses(logged: unknown[][]) {
  const rows = logged.map((args) => String(args[0]));
  return {
    weightVariances: /σ_w² = (.+)$/.exec(rows[0])![1].split(', ').map(Number),
    depths: rows.map((row) => Number(/^depth (\d+)/.exec(row)![1])),
    losses: rows.map((row) => /final loss ([^f]+) for/.exec(row)![1].split(', ').map(Number)),
  };
}

// ------------------------------------------------------------------ an independent mean field, by Gauss–Hermite

const { nodes, weights } = gaussHermite(160);
/** E[f(z)] for z ~ N(0, q): π^(−1/2)·Σ w_i f(√(2q)·x_i). */
const E = (f: (z: number) => number, q: number) =>
  nodes.reduce((sum, x, i) => sum + weights[i] * f(Math.sqrt(2 * q) * x), 0) / Math.sqrt(Math.PI);
const tanh2 = (z: number) => Math.tanh(z) ** 2;
const sech4 = (z: number) => (1 - Math.tanh(z) ** 2) ** 2;

/** The length map iterated to its fixed point. */
function qStar(w: number, b: number, f = tanh2): number {
  let q = 1;
  for (let i = 0; i < 100_000; i++) {
    const next = w * E(f, q) + b;
    if (Math.abs(next - q) <= 1e-14 * next) return next;
    q = next;
  }
  return q;
}
const chiOf = (w: number, b: number, slope2 = sech4, f = tanh2) => w * E(slope2, qStar(w, b, f));

const pair = gaussHermite(60);
/** C(c) at q* for φ: a two-dimensional Gauss–Hermite product rule over (z1, z2). */
function correlationMap(w: number, b: number, c: number, phi: (z: number) => number = Math.tanh, f = tanh2) {
  const q = qStar(w, b, f);
  let sum = 0;
  pair.nodes.forEach((x1, i) =>
    pair.nodes.forEach((x2, j) => {
      const z1 = Math.SQRT2 * x1;
      const z2 = Math.SQRT2 * x2;
      const u1 = Math.sqrt(q) * z1;
      const u2 = Math.sqrt(q) * (c * z1 + Math.sqrt(Math.max(0, 1 - c * c)) * z2);
      sum += pair.weights[i] * pair.weights[j] * phi(u1) * phi(u2);
    }),
  );
  return (w * (sum / Math.PI) + b) / q;
}
const slopeOfMap = (w: number, b: number, c: number) =>
  (correlationMap(w, b, c + 1e-5) - correlationMap(w, b, c - 1e-5)) / 2e-5;

// ---------------------------------------------------------------------------------------------------- tests

describe('the running example and the dials', () => {
  test('σ_w² and σ_b² are variances: σ_w² = 1 is LeCun’s fan-in scale and 2 is He’s, as the text says', () => {
    expect(initVariance('lecun', { fanIn: 100, fanOut: 100 }) * 100).toBeCloseTo(1, 12);
    expect(initVariance('he', { fanIn: 100, fanOut: 100 }) * 100).toBeCloseTo(2, 12);
  });

  test('the ordered example is ordered and the chaotic one chaotic (χ₁ below and above one)', () => {
    expect(relative(n.chiOrdered, chiOf(n.orderedWeightVariance, n.biasVariance))).toBeLessThan(QUADRATURE);
    expect(relative(n.chiChaotic, chiOf(n.chaoticWeightVariance, n.biasVariance))).toBeLessThan(QUADRATURE);
    expect(n.chiOrdered).toBeLessThan(1);
    expect(n.chiChaotic).toBeGreaterThan(1);
  });
});

describe('the length map', () => {
  test('ReLU’s map is (σ_w²/2)·q + σ_b², as the text derives: E[relu(u)²] = q/2 and E[relu′(u)²] = 1/2', () => {
    expect(meanSquaredActivation({ activation: 'relu', variance: 3 })).toBe(1.5);
    expect(meanSquaredSlope({ activation: 'relu', variance: 3 })).toBe(0.5);
  });

  test('q* is the fixed point of the length map, iterated independently', () => {
    expect(relative(n.qStarOrdered, qStar(n.orderedWeightVariance, n.biasVariance))).toBeLessThan(QUADRATURE);
    expect(relative(n.qStarChaotic, qStar(n.chaoticWeightVariance, n.biasVariance))).toBeLessThan(QUADRATURE);
  });

  test('from q¹ = 2, q^l stays within 1% of q* from the stated layer on, and not before', () => {
    const w = n.orderedWeightVariance;
    const q = [n.lengthStart];
    for (let l = 1; l < 40; l++) q.push(w * E(tanh2, q[l - 1]) + n.biasVariance);
    const close = q.map((v) => Math.abs(v / n.qStarOrdered - 1) < n.settlePercent / 100);
    expect(close[n.lengthSettledLayer - 1]).toBe(true);
    expect(close[n.lengthSettledLayer - 2]).toBe(false);
    expect(close.slice(n.lengthSettledLayer - 1).every(Boolean)).toBe(true);
  });

  test('χ_q is the slope of the length map at q* (centred difference), and ξ_q = −1/ln χ_q', () => {
    const q = n.qStarOrdered;
    const map = (p: number) => n.orderedWeightVariance * E(tanh2, p) + n.biasVariance;
    expect(relative(n.chiQOrdered, (map(q + 1e-5) - map(q - 1e-5)) / 2e-5)).toBeLessThan(SLOPE);
    expect(relative(n.xiQOrdered, -1 / Math.log(n.chiQOrdered))).toBeLessThan(1e-12);
  });

  test('the length-map example prints the same q* and measures q^l near the map', async () => {
    const { shown, logged } = await run('length-map');
    expect(logged.map((args) => String(args[0]))).toEqual([
      `σ_w² = ${n.orderedWeightVariance}: q* = ${n.qStarOrdered.toFixed(4)}`,
      `σ_w² = ${n.chaoticWeightVariance}: q* = ${n.qStarChaotic.toFixed(4)}`,
    ]);
    // Width 200: one layer's mean of z² over 200 units has a relative standard deviation near √(2/200) = 10%,
    // and the four inputs share the weights, so they average little of it away; 25% allowed (2.5 deviations).
    const points = pointsOf(shown[0] as PlotOptions);
    const theory = new Map(points.slice(0, 24).map((p) => [`${p.series} ${p.x}`, p.y]));
    for (const p of points.slice(24, 48))
      expect(relative(p.y, theory.get(`${p.series} ${p.x}`)!)).toBeLessThan(0.25);
  }, 60_000);
});

describe('the length map’s edits', () => {
  /** The theory's q^1 … q^L of the length-map chart for one σ_w². */
  const theoryOf = (chart: PlotOptions, label: string) => [...chartSeries(chart, label, false).values()];

  test('from q¹ = 0.1 (above σ_b², below both q*) q^l climbs to q* and is within 1% by layer 10', async () => {
    expect(0.1).toBeGreaterThan(n.biasVariance);
    const { shown } = await runEdited('length-map', [
      ['const firstVariance = 2;', 'const firstVariance = 0.1;'],
    ]);
    for (const w of [n.orderedWeightVariance, n.chaoticWeightVariance]) {
      const q = theoryOf(shown[0] as PlotOptions, `σ_w² = ${w}`);
      const target = qStar(w, n.biasVariance);
      expect(q).toHaveLength(n.lengthDepth);
      expect(q[0]).toBeCloseTo(0.1, 12);
      q.slice(1).forEach((v, l) => expect(v).toBeGreaterThan(q[l]));
      expect(Math.abs(q[9] / target - 1)).toBeLessThan(0.01);
    }
  });

  test('without bias and with σ_w² below one, q^l creeps towards 0: still above 0 at the last layer', async () => {
    const { shown } = await runEdited('length-map', [
      ['const biasVariance = 0.05;', 'const biasVariance = 0;'],
      ['[1.5, 2.5].map', '[0.8, 2.5].map'],
    ]);
    const q = theoryOf(shown[0] as PlotOptions, 'σ_w² = 0.8');
    expect(q).toHaveLength(n.lengthDepth);
    q.slice(1).forEach((v, l) => expect(v).toBeLessThan(q[l]));
    expect(q.at(-1)!).toBeGreaterThan(0);
    expect(q.at(-1)!).toBeLessThan(q[0] / 100);
  });
});

describe('the correlation map', () => {
  test('C(1) = 1, and its slope at c = 1 is χ₁ (independent two-dimensional quadrature)', () => {
    expect(correlationMap(n.chaoticWeightVariance, n.biasVariance, 1)).toBeCloseTo(1, 6); // 60² nodes: ~1e−8
    const slopeAtOne =
      (correlationMap(n.chaoticWeightVariance, n.biasVariance, 1) -
        correlationMap(n.chaoticWeightVariance, n.biasVariance, 1 - 1e-4)) /
      1e-4;
    expect(relative(slopeAtOne, n.chiChaotic)).toBeLessThan(1e-3); // one-sided difference: O(1e−4)
  });

  test('c* = 1 in the ordered example; in the chaotic one c* is a fixed point where the slope is below one', () => {
    expect(n.cStarOrdered).toBe(1);
    const w = n.chaoticWeightVariance;
    expect(Math.abs(correlationMap(w, n.biasVariance, n.cStarChaotic) - n.cStarChaotic)).toBeLessThan(1e-8);
    expect(
      relative(n.correlationSlopeAtStarChaotic, slopeOfMap(w, n.biasVariance, n.cStarChaotic)),
    ).toBeLessThan(SLOPE);
    expect(n.correlationSlopeAtStarChaotic).toBeLessThan(1);
  });

  test('the edge at σ_b² = 0.05 is where χ₁ = 1, and without bias it is exactly 1', () => {
    expect(Math.abs(chiOf(n.criticalWeightVarianceTanh, n.biasVariance) - 1)).toBeLessThan(1e-8);
    expect(n.criticalWeightVarianceTanhNoBias).toBe(1);
  });

  test('layer 30 of the chaotic pair and of the ordered pair: the map iterated independently', () => {
    const iterate = (w: number, rho: number) => {
      let c = (w * rho + n.biasVariance) / (w + n.biasVariance);
      // Layer by layer with that layer's q (from mean square 1): the map at q^l, not only at q*.
      let q = w + n.biasVariance;
      for (let l = 1; l < n.correlationDepth; l++) {
        const covariance = (() => {
          let sum = 0;
          pair.nodes.forEach((x1, i) =>
            pair.nodes.forEach((x2, j) => {
              const z1 = Math.SQRT2 * x1;
              const z2 = Math.SQRT2 * x2;
              const u1 = Math.sqrt(q) * z1;
              const u2 = Math.sqrt(q) * (c * z1 + Math.sqrt(Math.max(0, 1 - c * c)) * z2);
              sum += pair.weights[i] * pair.weights[j] * Math.tanh(u1) * Math.tanh(u2);
            }),
          );
          return w * (sum / Math.PI) + n.biasVariance;
        })();
        const next = w * E(tanh2, q) + n.biasVariance;
        c = covariance / next;
        q = next;
      }
      return c;
    };
    // The 60-node product rule errs by ~1e−6 per layer, which the chaotic map amplifies by up to χ₁ per layer.
    expect(
      Math.abs(n.chaoticCorrelationAtDepth - iterate(n.chaoticWeightVariance, n.inputCorrelation)),
    ).toBeLessThan(1e-3);
    expect(
      Math.abs(n.orderedCorrelationFromZero - iterate(n.orderedWeightVariance, n.orderedInputCorrelation)),
    ).toBeLessThan(1e-4);
    expect(n.orderedInputCorrelation).toBe(0);
  });

  test('the two-inputs example prints the theory’s layer-30 correlations and measures them closely', async () => {
    const { logged } = await run('two-inputs');
    const [chaotic, ordered] = logged.map((args) => String(args[0]));
    expect(chaotic).toContain(
      `layer ${n.correlationDepth}: theory ${n.chaoticCorrelationAtDepth.toFixed(3)}`,
    );
    expect(ordered).toContain(
      `layer ${n.correlationDepth}: theory ${n.orderedCorrelationFromZero.toFixed(3)}`,
    );
    // Width 200: deep in a chaotic network the correlation keeps fluctuations of several hundredths.
    const measured = (line: string) => Number(/measured (-?[\d.]+)/.exec(line)![1]);
    expect(Math.abs(measured(chaotic) - n.chaoticCorrelationAtDepth)).toBeLessThan(0.1);
    expect(Math.abs(measured(ordered) - n.orderedCorrelationFromZero)).toBeLessThan(0.05);
  }, 60_000);
});

describe('the two-inputs edits', () => {
  const chaoticPoints = (chart: PlotOptions, measured: boolean) => chartSeries(chart, 'σ_w² = 2.5', measured);
  const theoryAt30 = (logged: unknown[][]) => Number(/theory (-?[\d.]+)/.exec(String(logged[0][0]))![1]);

  test('from unrelated inputs the chaotic pair’s correlation rises towards the c* it fell to from 0.99', async () => {
    const { logged } = await runEdited('two-inputs', [['pair(2.5, 0.99)', 'pair(2.5, 0)']]);
    const first = n.firstCorrelationOf(n.chaoticWeightVariance, 0);
    const last = theoryAt30(logged);
    expect(first).toBeLessThan(last);
    expect(last).toBeLessThan(n.cStarChaotic);
    expect(n.cStarChaotic - last).toBeLessThan(0.05);
  }, 60_000);

  test('at width 20 the measured correlations stray further from the theory than at width 200', async () => {
    const gap = (chart: PlotOptions) => {
      const theory = chaoticPoints(chart, false);
      return Math.max(...[...chaoticPoints(chart, true)].map(([x, y]) => Math.abs(y - theory.get(x)!)));
    };
    const wide = gap((await run('two-inputs')).shown[0] as PlotOptions);
    const narrow = gap(
      (await runEdited('two-inputs', [['width: 200', 'width: 20']])).shown[0] as PlotOptions,
    );
    expect(narrow).toBeGreaterThan(2 * wide);
  }, 60_000);
});

describe('the gradient', () => {
  test('over 50 layers the squared ratio is χ₁^49 and the norm ratio its square root', () => {
    const L = n.gradientDepth;
    expect(
      relative(n.gradientRatioOrdered, chiOf(n.orderedWeightVariance, n.biasVariance) ** (L - 1)),
    ).toBeLessThan(1e-5);
    expect(
      relative(n.gradientRatioChaotic, chiOf(n.chaoticWeightVariance, n.biasVariance) ** (L - 1)),
    ).toBeLessThan(1e-5);
    expect(relative(n.gradientNormRatioOrdered ** 2, n.gradientRatioOrdered)).toBeLessThan(1e-12);
    expect(relative(n.gradientNormRatioChaotic ** 2, n.gradientRatioChaotic)).toBeLessThan(1e-12);
  });

  test('the gradient-growth example prints the same χ₁ for the three networks', async () => {
    const { logged } = await run('gradient-growth');
    const lines = logged.map((args) => String(args[0]));
    expect(lines[0]).toContain(`χ₁ = ${n.chiOrdered.toFixed(4)}`);
    expect(lines[1]).toContain('χ₁ = 1.0000');
    expect(lines[2]).toContain(`χ₁ = ${n.chiChaotic.toFixed(4)}`);
  }, 60_000);
});

describe('the phase diagram', () => {
  test('the grid, the networks and the layers measured are the ones the text names', () => {
    expect(n.phasePoints).toBe(n.measuredWeightVariances.length * n.measuredBiasVariances.length);
    expect(figures.phaseDiagram.ariaLabel).toContain(`${n.measuredWidth}-unit, ${n.measuredDepth}-layer`);
    expect(n.measuredFrom).toBeLessThan(n.measuredDepth);
    expect(n.measuredInputs).toBeGreaterThan(1);
  });

  test('the measured factors are within 8% of χ₁, which the independent quadrature gives', () => {
    let worst = 0;
    for (const p of n.phaseMeasurements) {
      const theory = chiOf(p.weightVariance, p.biasVariance);
      if (p.biasVariance > 0 || p.weightVariance !== 1) expect(relative(p.theory, theory)).toBeLessThan(1e-6);
      worst = Math.max(worst, Math.abs(p.measured / p.theory - 1));
    }
    expect(n.phaseLargestRelativeGap).toBe(worst);
    expect(n.phaseLargestRelativeGap).toBeLessThan(0.08);
  });

  test('every disagreement sits on the edge itself, and the figure marks each network by its measurement', () => {
    const disagree = n.phaseMeasurements.filter((p) => p.theory < 1 !== p.measured < 1);
    expect(n.phaseAgreements).toBe(n.phasePoints - disagree.length);
    for (const p of disagree) expect(Math.abs(p.theory - 1)).toBeLessThanOrEqual(n.phaseDisagreementMargin);
    expect(n.phaseDisagreementMargin).toBeLessThan(0.01);
    const marked = pointsOf(figures.phaseDiagram).filter(
      (p) => p.series === 'ordered' || p.series === 'chaotic',
    );
    expect(marked).toHaveLength(n.phasePoints);
    for (const m of n.phaseMeasurements) {
      const point = marked.find((p) => p.x === m.weightVariance && p.y === m.biasVariance)!;
      expect(point.series).toBe(m.measured < 1 ? 'ordered' : 'chaotic');
    }
  });

  test('the largest gap is the slow point σ_w² = 1 without bias, which the mean field at the layers’ own q^l explains', () => {
    const slow = n.phaseMeasurements.find((p) => p.weightVariance === 1 && p.biasVariance === 0)!;
    expect(n.slowPointWeightVariance).toBe(1);
    expect(n.slowPointMeasured).toBe(slow.measured);
    expect(Math.abs(slow.measured / slow.theory - 1)).toBe(n.phaseLargestRelativeGap);
    const others = n.phaseMeasurements
      .filter((p) => p !== slow)
      .map((p) => Math.abs(p.measured / p.theory - 1));
    expect(n.phaseOtherLargestRelativeGap).toBe(Math.max(...others));
    expect(n.phaseOtherLargestRelativeGap).toBeLessThan(n.phaseLargestRelativeGap);
    // "A few per cent, most of them falling short of χ₁."
    expect(n.phaseOtherLargestRelativeGap).toBeLessThan(0.05);
    const short = n.phaseMeasurements.filter((p) => p !== slow && p.measured < p.theory).length;
    expect(short).toBeGreaterThan((n.phasePoints - 1) / 2);
    // q* = 0 and χ₁ = 1 there, and that point is one of the disagreements.
    expect(qStar(1, 0)).toBeLessThan(1e-3);
    expect(slow.agrees).toBe(false);
    // The mean field layer by layer, by the test's own quadrature: q^1 = σ_w²·1, q^l = σ_w²·E[tanh²], and the
    // geometric mean of χ_l = σ_w²·E[sech⁴] over the layers measured.
    const q = [1];
    for (let l = 1; l < n.measuredDepth; l++) q.push(E(tanh2, q[l - 1]));
    let logSum = 0;
    for (let l = n.measuredFrom; l < n.measuredDepth; l++) logSum += Math.log(E(sech4, q[l - 1]));
    const meanField = Math.exp(logSum / (n.measuredDepth - n.measuredFrom));
    expect(relative(n.slowPointMeanField, meanField)).toBeLessThan(1e-6);
    expect(n.slowPointMeanField).toBeLessThan(1); // q^l > 0 still: slopes below one
    // With it, the measurement is as close as anywhere else on the grid.
    expect(Math.abs(n.slowPointMeasured / n.slowPointMeanField - 1)).toBeLessThan(
      n.phaseOtherLargestRelativeGap,
    );
  });

  test('the ordered and chaotic examples differ by less than a factor of two in σ_w², as the text says', () => {
    expect(n.chaoticWeightVariance / n.orderedWeightVariance).toBeLessThan(2);
  });

  test('one σ_w², two sides: chaotic without bias, ordered with σ_b² = 0.3', () => {
    expect(relative(n.dialChiNoBias, chiOf(n.dialWeightVariance, 0))).toBeLessThan(QUADRATURE);
    expect(relative(n.dialChiWithBias, chiOf(n.dialWeightVariance, n.dialBiasVariance))).toBeLessThan(
      QUADRATURE,
    );
    expect(n.dialChiNoBias).toBeGreaterThan(1);
    expect(n.dialChiWithBias).toBeLessThan(1);
  });
});

describe('depth scales', () => {
  test('ordered: ξ_c = −1/ln χ₁; chaotic: −1/ln of the slope at c*; near the edge it is much longer', () => {
    expect(
      relative(n.xiCOrdered, -1 / Math.log(chiOf(n.orderedWeightVariance, n.biasVariance))),
    ).toBeLessThan(1e-6);
    const slope = slopeOfMap(n.chaoticWeightVariance, n.biasVariance, n.cStarChaotic);
    expect(relative(n.xiCChaotic, -1 / Math.log(slope))).toBeLessThan(1e-3);
    expect(
      relative(n.xiCNearEdge, -1 / Math.log(chiOf(n.nearEdgeWeightVariance, n.biasVariance))),
    ).toBeLessThan(1e-5);
    expect(n.nearEdgeWeightVariance / n.criticalWeightVarianceTanh).toBeGreaterThan(0.95);
  });

  test('the trainable depth is six depth scales: the constant written in the summary as "six"', () => {
    expect(n.trainableFactor).toBe(6);
    expect(relative(n.trainableDepthOrdered, 6 * n.xiCOrdered)).toBeLessThan(1e-12);
    expect(relative(n.trainableDepthChaotic, 6 * n.xiCChaotic)).toBeLessThan(1e-12);
  });

  test('the depth-scale figure draws ξ_c and 6ξ_c where they fit, and ξ_c peaks at the edge', () => {
    const points = pointsOf(figures.depthScaleChart);
    figures.depthScaleWeightVariances.forEach((x, i) => {
      const xi = figures.depthScales[i];
      // Ordered side: ξ_c = −1/ln χ₁ by the independent quadrature (the chaotic side is checked at σ_w² = 2.5 above).
      if (x < n.criticalWeightVarianceTanh - 0.01)
        expect(relative(xi, -1 / Math.log(chiOf(x, n.biasVariance)))).toBeLessThan(1e-4);
      for (const [series, y] of [
        ['ξc', xi],
        [`${n.trainableFactor}ξc (trainable depth)`, n.trainableFactor * xi],
      ] as const) {
        if (y > 1000) continue; // above the frame: cut at its edge
        expect(points.some((p) => p.series === series && p.x === x && p.y === y)).toBe(true);
      }
    });
    const peak =
      figures.depthScaleWeightVariances[figures.depthScales.indexOf(Math.max(...figures.depthScales))];
    expect(Math.abs(peak - n.criticalWeightVarianceTanh)).toBeLessThan(0.02);
  });
});

describe('training inside and outside the band', () => {
  test('the edge-of-chaos network trains furthest; the ordered one starts with vanishing, the chaotic with exploding gradients', async () => {
    const { shown, logged } = await run('train-three');
    const finalLoss = logged.map((args) => Number(/→ ([\d.]+)/.exec(String(args[0]))![1]));
    const [ordered, edge, chaotic] = finalLoss;
    expect(edge).toBeLessThan(ordered);
    expect(edge).toBeLessThan(chaotic);
    // The heatmaps (log₁₀‖dW[l]‖): at step 1, layer 1 against the last hidden layer.
    const heatmaps = shown.slice(1) as PlotOptions[];
    const firstStep = (chart: PlotOptions) => {
      const cells = (chart.marks as { data?: { i: number; j: number; value: number }[] }[])[0].data!;
      const column = cells.filter((c) => c.j === 0).sort((a, b) => a.i - b.i);
      return column[0].value - column[column.length - 2].value; // orders of magnitude, layer 1 vs layer L − 1
    };
    expect(firstStep(heatmaps[0])).toBeLessThan(-1); // ordered: over ten times smaller
    expect(firstStep(heatmaps[2])).toBeGreaterThan(0.5); // chaotic: over three times larger
  }, 60_000);

  test('the grid: shallow networks train everywhere, the deepest nowhere, and in between only near the edge', async () => {
    const { logged } = await runTrainableBand();
    const rows = logged.map((args) => String(args[0]));
    const losses = rows.map((row) => /final loss ([^f]+) for/.exec(row)![1].split(', ').map(Number));
    const weightVariances = /σ_w² = (.+)$/.exec(rows[0])![1].split(', ').map(Number);
    expect(Math.max(...losses[0])).toBeLessThan(0.05); // the shallowest row
    expect(Math.min(...losses.at(-1)!)).toBeGreaterThan(0.25); // the deepest row
    const middle = losses.at(-2)!;
    const edge = weightVariances.findIndex((w) => Math.abs(w - n.criticalWeightVarianceTanh) < 0.01);
    expect(middle[edge]).toBeLessThan(0.05);
    weightVariances.forEach((w, i) => {
      if (w <= 1) expect(middle[i]).toBeGreaterThan(0.25); // far in the ordered phase: fails first
    });
  }, 60_000);
});

describe('the trainable band’s edits', () => {
  const depth24 = (logged: unknown[][]) => {
    const band = bandLosses(logged);
    const row = band.losses[band.depths.indexOf(24)];
    return (w: number) => row[band.weightVariances.findIndex((v) => Math.abs(v - w) < 0.01)];
  };
  const edge = () => n.criticalWeightVarianceTanh;

  test('with 1.25 and 3 added, the depth-24 row is lowest at the edge and higher at both ends', async () => {
    const { logged } = await runEdited('trainable-band', [
      [
        'const weightVariances = [0.5, 1, 1.5, edge, 2.5, 4];',
        'const weightVariances = [0.5, 1, 1.25, 1.5, edge, 2.5, 3, 4];',
      ],
    ]);
    const at = depth24(logged);
    const all = [0.5, 1, 1.25, 1.5, edge(), 2.5, 3, 4].map(at);
    expect(Math.min(...all)).toBe(at(edge()));
    for (const w of [1.25, 1.5]) expect(at(w)).toBeLessThan(at(0.5)); // nearer the edge, lower, on the left
    for (const w of [3, 4]) expect(at(w)).toBeGreaterThan(at(2.5)); // and on the right
    expect(at(1.25)).toBeLessThan(at(1.5)); // "not at every step"
  }, 120_000);

  test('with twice the steps, the depth-24 row’s chaotic side catches up and the far ordered side does not move', async () => {
    const before = depth24((await runTrainableBand()).logged);
    const after = depth24(
      (await runEdited('trainable-band', [['const steps = 150;', 'const steps = 300;']])).logged,
    );
    expect(after(4)).toBeLessThan(before(4) / 4);
    expect(after(4)).toBeLessThan(0.05);
    for (const w of [0.5, 1]) {
      expect(after(w)).toBeGreaterThan(0.25);
      expect(Math.abs(after(w) - before(w))).toBeLessThan(0.05);
    }
  }, 120_000);

  test('with plain SGD both far sides lose more at every depth, σ_w² = 0.5 already at depth 12', async () => {
    const adam = bandLosses((await runTrainableBand()).logged);
    const sgd = bandLosses(
      (
        await runEdited('trainable-band', [
          ['adam({ learningRate: 0.003 })', 'sgd({ learningRate: 0.02 })'],
          ['  adam,\n', '  adam,\n  sgd,\n'],
        ])
      ).logged,
    );
    for (const w of [0.5, 4]) {
      const i = adam.weightVariances.indexOf(w);
      adam.losses.forEach((row, d) => expect(sgd.losses[d][i]).toBeGreaterThan(row[i]));
    }
    const twelve = sgd.depths.indexOf(12);
    expect(sgd.losses[twelve][sgd.weightVariances.indexOf(0.5)]).toBeGreaterThan(0.25);
    expect(adam.losses[twelve][adam.weightVariances.indexOf(0.5)]).toBeLessThan(0.05);
  }, 120_000);
});

describe('ReLU and erf', () => {
  test('ReLU: χ₁ = σ_w²/2 at every q, so the edge is 2 at any bias; ordered below with ξ_c = −1/ln(σ_w²/2)', () => {
    expect(n.reluCritical).toBe(2);
    expect(n.reluChiAbove).toBe(n.reluChaoticWeightVariance / 2);
    expect(relative(n.reluXiCOrdered, -1 / Math.log(n.reluOrderedWeightVariance / 2))).toBeLessThan(1e-9);
  });

  test('ReLU above the edge: q* is infinite, the correlation map’s slope at 1 is 1 and c* = 1', () => {
    expect(n.reluQStarAbove).toBe(Infinity);
    // The normalised arc-cosine kernel k(c) = (√(1 − c²) + (π − arccos c)·c)/π has slope (π − arccos c)/π → 1.
    const k = (c: number) => (Math.sqrt(1 - c * c) + (Math.PI - Math.acos(c)) * c) / Math.PI;
    expect((k(1) - k(1 - 1e-8)) / 1e-8).toBeCloseTo(1, 3);
    expect(n.reluCorrelationSlopeAbove).toBeCloseTo(1, 10);
    expect(n.reluCStarAbove).toBe(1);
    // Without bias the map is k itself at every σ_w² (q cancels): from unrelated inputs 1 − c^l falls like a
    // power of l, not exponentially. Ten times the depth leaves about a hundredth of the gap (1/l²), not e^(−900/ξ).
    const gapAt = (depth: number) => {
      let c = 0;
      for (let l = 1; l < depth; l++) c = k(c);
      return 1 - c;
    };
    expect(gapAt(1000) / gapAt(100)).toBeGreaterThan(1e-3);
    expect(gapAt(1000) / gapAt(100)).toBeLessThan(0.1);
  });

  test('erf: the edge without bias is π/4 (erf′(0) = 2/√π); with bias χ₁ = 1 there; chaotic c* solves C(c) = c', () => {
    expect(relative(n.erfCriticalNoBias, Math.PI / 4)).toBeLessThan(1e-7); // the root-finder stops near 1e−8
    const erfSlope2 = (z: number) => (4 / Math.PI) * Math.exp(-2 * z * z);
    // E[erf(u)²] = (2/π)·arcsin(2q/(1 + 2q)) (Williams 1997): the length map in closed form.
    const erf2 = (q: number) => (2 / Math.PI) * Math.asin((2 * q) / (1 + 2 * q));
    const qAt = (w: number) => {
      let q = 1;
      for (let i = 0; i < 100_000; i++) q = w * erf2(q) + n.biasVariance;
      return q;
    };
    expect(Math.abs(n.erfCritical * E(erfSlope2, qAt(n.erfCritical)) - 1)).toBeLessThan(1e-6);
    const q = qAt(n.chaoticWeightVariance);
    const c = n.erfCStarChaotic;
    const mapped =
      (n.chaoticWeightVariance * (2 / Math.PI) * Math.asin((2 * q * c) / (1 + 2 * q)) + n.biasVariance) / q;
    expect(Math.abs(mapped - c)).toBeLessThan(1e-8);
    expect(c).toBeLessThan(1);
  });
});
