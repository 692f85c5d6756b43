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
import { pointsOf, relative, runExample } from '../support/claims.ts';

const QUADRATURE = 1e-7;
const SLOPE = 1e-5;

const run = (name: string) =>
  runExample(new URL(`../../content/2-derivations/signal-propagation/${name}.ts`, import.meta.url));

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
    const { logged } = await run('trainable-band');
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
