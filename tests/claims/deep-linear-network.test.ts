/**
 * Every number in the lesson "The lecture: a deep linear network" (content/1-phenomenon/deep-linear-network.mdx),
 * checked three ways: against its closed form, against what the prose says about it ("less than a millionth",
 * "the backward pass gets there first"), and against the output of the lesson's own examples, run here with
 * stand-ins for the playground's `display` and `console.log`.
 *
 * Tolerances: the engine and the closed forms compute the same products in float64, in a different order at
 * most, so they agree to a few units in the last place; 1e-12 leaves a margin of about 10⁴ ulps.
 */
import { FLOAT32_MAX, lectureGradientScale, scaledIdentityOutput } from '@gradscope/core';
import type { PlotOptions } from '@observablehq/plot';
import { describe, expect, test } from 'vitest';

import * as figures from '../../content/1-phenomenon/deep-linear-network/figures.ts';
import * as n from '../../content/1-phenomenon/deep-linear-network/numbers.ts';
import { colorsOf, pointsOf, relative, runExample } from '../support/claims.ts';

const RELATIVE = 1e-12;

/** The lesson's example `name`.ts, run with stand-ins for the playground's display and console. */
const run = (name: string) =>
  runExample(new URL(`../../content/1-phenomenon/deep-linear-network/${name}.ts`, import.meta.url));

describe('the output is k^L·x', () => {
  test('20 layers of 1.5·I multiply the input by 1.5^20, exactly as the engine computes it', () => {
    expect(n.outputUp).toBe(1.5 ** 20); // 3^20 < 2^53: every product on the way is exact
    expect(n.outputUp).toBe(scaledIdentityOutput(1.5, n.lectureDepth, 1));
  });

  test('20 layers of 0.5·I give 0.5^20, less than a millionth', () => {
    expect(n.outputDown).toBe(0.5 ** 20);
    expect(n.outputDown).toBeLessThan(1e-6);
  });

  test('the table agrees with k^L at every depth, as the prose states', () => {
    for (const { L, up, down } of n.outputTable) {
      expect(relative(up, 1.5 ** L)).toBeLessThanOrEqual(n.outputMaxRelativeDifference);
      expect(relative(down, 0.5 ** L)).toBeLessThanOrEqual(n.outputMaxRelativeDifference);
    }
    expect(n.outputMaxRelativeDifference).toBeLessThan(RELATIVE);
  });

  test('the exponent the math writes, (1.5·I)^20, is the depth the numbers use', () => {
    // The MDX writes $(1.5\,I)^{20}$ and $1.5^{20}\,I$ in TeX, which cannot interpolate a value.
    expect(n.lectureDepth).toBe(20);
  });

  test('(1.5·I)^20 as a matrix power is 1.5^20 on the diagonal and 0 off it', () => {
    expect(relative(n.powerDiagonal, 1.5 ** 20)).toBeLessThan(RELATIVE);
    expect(n.powerOffDiagonal).toBe(0);
  });
});

describe('a little bigger than one is enough', () => {
  test('about 24 layers of 1.1·I multiply the signal by ten', () => {
    const below = Math.floor(n.layersPerDecadeUp);
    expect(n.lectureOutput(1.1, below)).toBeLessThan(10);
    expect(n.lectureOutput(1.1, below + 1)).toBeGreaterThan(10);
  });

  test('152 layers of 1.1·I and 0.9·I give 1.1^152 and 0.9^152', () => {
    expect(relative(n.slightlyUp, 1.1 ** n.resnetDepth)).toBeLessThan(RELATIVE);
    expect(relative(n.slightlyDown, 0.9 ** n.resnetDepth)).toBeLessThan(RELATIVE);
    expect(n.slightlyUp).toBeGreaterThan(1e6);
    expect(n.slightlyDown).toBeLessThan(1e-6);
  });
});

describe('the gradients scale like k^(2L−1)', () => {
  test('every layer’s ‖dW‖ is |k|^(2L−1)·‖x‖² for the ½‖ŷ‖² loss', () => {
    for (const k of [1.5, 0.5]) {
      const L = n.gradientDepth;
      const closedForm = Math.abs(k) ** (2 * L - 1) * n.inputSquaredNorm;
      const { dW } = n.measuredGradients(k, L);
      for (const value of dW) expect(relative(value, closedForm)).toBeLessThan(RELATIVE);
    }
    expect(relative(n.gradientUp, 1.5 ** 39 * 2)).toBeLessThan(RELATIVE);
    expect(relative(n.gradientDown, 0.5 ** 39 * 2)).toBeLessThan(RELATIVE);
  });

  test('the theory module’s factors give the same norms: k^(L−1)·‖delta^[L]‖·‖x‖', () => {
    const L = n.gradientDepth;
    const { output, weightGradient } = lectureGradientScale(1.5, L);
    // delta^[L] = ŷ = k^L·x, so ‖dW^[l]‖ = k^(L−1)·k^L·‖x‖·‖x‖.
    expect(relative(n.gradientUp, weightGradient[0] * output * n.inputSquaredNorm)).toBeLessThan(RELATIVE);
  });

  test('the gradient figure’s largest gap is a rounding error, as its caption says', () => {
    expect(n.gradientMaxRelativeDifference).toBeLessThan(RELATIVE);
  });

  test('one step of learning rate 0.01 moves weights of 1.5 by far more than their size, and 0.5 by nothing', () => {
    expect(n.learningRate).toBe(0.01);
    expect(relative(n.stepUp, 0.01 * 1.5 ** 39 * 2)).toBeLessThan(RELATIVE);
    expect(relative(n.stepDown, 0.01 * 0.5 ** 39 * 2)).toBeLessThan(RELATIVE);
    expect(n.stepUp / 1.5).toBeGreaterThan(1e4);
    expect(n.stepDown / 0.5).toBeLessThan(1e-12);
  });
});

describe('float32', () => {
  test('the largest float32 is 3.4·10^38', () => {
    expect(n.float32Max).toBe(FLOAT32_MAX);
    expect(Math.fround(n.float32Max)).toBe(n.float32Max);
    expect(Math.fround(n.float32Max * (1 + 2 ** -23))).toBe(Infinity);
  });

  test('k = 1.5 overflows at the layer where 1.5^l first exceeds it, and turns to NaN one layer later', () => {
    const l = n.overflowLayer32;
    expect(l).toBe(n.overflowLayer32Theory);
    expect(1.5 ** l).toBeGreaterThan(FLOAT32_MAX);
    expect(1.5 ** (l - 1)).toBeLessThan(FLOAT32_MAX);
    expect(n.nanLayer32).toBe(l + 1);
  });

  test('the smallest normal float32 is 2^−126: it keeps all 24 bits of precision, half of it does not', () => {
    const x = n.float32MinNormal;
    expect(x).toBe(2 ** -126);
    expect(Math.fround(x * (1 + 2 ** -23))).toBe(x * (1 + 2 ** -23));
    expect(Math.fround((x / 2) * (1 + 2 ** -23))).not.toBe((x / 2) * (1 + 2 ** -23));
  });

  test('k = 0.5 stays normal down to 2^−126 and rounds to exactly 0 at the layer the closed form names', () => {
    expect(n.lastNormalLayer32).toBe(126);
    expect(n.underflowLayer32).toBe(n.underflowLayer32Theory);
    expect(Math.fround(2 ** -(n.underflowLayer32 - 1))).toBeGreaterThan(0);
    expect(Math.fround(2 ** -n.underflowLayer32)).toBe(0);
    expect(n.lastNormalLayer32).toBeLessThan(n.underflowLayer32);
  });

  test('the backward pass overflows at about half the depth, while the forward pass is still finite', () => {
    const L = n.gradientOverflowDepth32;
    expect(L).toBe(n.gradientOverflowDepth32Theory);
    expect(n.measuredGradients(1.5, L - 1, 'float32').nonFinite).toBeNull();
    expect(n.measuredGradients(1.5, L, 'float32').nonFinite).not.toBeNull();
    expect(Number.isFinite(n.lectureOutput(1.5, L, 'float32'))).toBe(true);
    expect(2 * L - 1).toBeGreaterThanOrEqual(n.overflowLayer32);
    expect(2 * (L - 1) - 1).toBeLessThan(n.overflowLayer32);
  });

  test('float64 overflows and underflows at the layers its limits imply', () => {
    expect(1.5 ** n.overflowLayer64).toBe(Infinity);
    expect(Number.isFinite(1.5 ** (n.overflowLayer64 - 1))).toBe(true);
    expect(2 ** -n.underflowLayer64).toBe(0);
    expect(2 ** -(n.underflowLayer64 - 1)).toBeGreaterThan(0);
    expect(n.overflowLayer64).toBeGreaterThan(n.overflowLayer32);
  });
});

describe('the product of the scales, not any one weight', () => {
  test('50 layers of 0.5·I then 50 of 1.5·I multiply by 0.75^50, like 100 layers of √0.75·I', () => {
    expect(relative(n.mixedProduct, 0.75 ** n.mixedLayers)).toBeLessThan(RELATIVE);
    expect(relative(n.mixedOutput, n.mixedProduct)).toBeLessThan(RELATIVE);
    expect(relative(n.mixedEffectiveScale, Math.sqrt(0.75))).toBeLessThan(RELATIVE);
    expect(n.mixedEffectiveScale).toBeLessThan(1);
  });
});

describe("the lesson's examples print the lesson's numbers", () => {
  test('output-growth tries the prose’s depths and shows the same ŷ₁, exactly when the prose says so', async () => {
    const { shown } = await run('output-growth');
    const rows = shown[0] as Record<string, number>[];
    expect([...new Set(rows.map((row) => row.L))]).toEqual([...n.tableDepths]);
    for (const row of rows)
      expect(row['relative difference']).toBeLessThanOrEqual(n.outputMaxRelativeDifference);
    const at20 = (k: number) => rows.find((row) => row.k === k && row.L === n.lectureDepth)!;
    expect(at20(1.5)['ŷ₁ (engine)']).toBe(n.outputUp);
    expect(at20(0.5)['ŷ₁ (engine)']).toBe(n.outputDown);
    for (const row of rows) expect(row['relative difference']).toBeLessThan(RELATIVE);
  });

  test('activation-norms prints the layers per factor of ten and draws √2·1.1^152 at its last layer', async () => {
    const { shown, logged } = await run('activation-norms');
    expect(logged[0][1]).toBe(n.layersPerDecadeUp);
    const last = pointsOf(shown[0] as PlotOptions).filter(
      (p) => p.series === 'k = 1.1' && p.x === n.resnetDepth,
    );
    expect(last.length).toBeGreaterThan(0);
    for (const p of last) expect(relative(p.y, n.slightlyUp * n.inputNorm)).toBeLessThan(RELATIVE);
  });

  test('activation-norms draws each k in the colour the figure above it gives that k', async () => {
    const { shown } = await run('activation-norms');
    const example = colorsOf(shown[0] as PlotOptions);
    const figure = colorsOf(figures.activationNormsChart);
    expect(Object.keys(example)).toEqual(['k = 0.9', 'k = 1', 'k = 1.1']);
    for (const label of Object.keys(example)) expect(example[label]).toBe(figure[label]);
  });

  test('gradient-norms measures the prose’s ‖dW‖ at depth 20, on its closed-form line', async () => {
    const { shown } = await run('gradient-norms');
    const at20 = pointsOf(shown[0] as PlotOptions).filter((p) => p.x === n.gradientDepth);
    for (const [label, expected] of [
      ['k = 1.5', n.gradientUp],
      ['k = 0.5', n.gradientDown],
    ] as const) {
      const points = at20.filter((p) => p.series === label);
      expect(points.length).toBeGreaterThanOrEqual(2); // the line's point and the dot
      for (const p of points) expect(relative(p.y, expected)).toBeLessThan(RELATIVE);
    }
  });

  test('float32-overflow finds the same overflow and underflow layers as the prose', async () => {
    const { logged } = await run('float32-overflow');
    const line = (prefix: string) => logged.find((args) => String(args[0]).startsWith(prefix))!;
    expect((line('k = 1.5, first non-finite')[1] as { layer: number }).layer).toBe(n.overflowLayer32);
    expect(logged.filter((args) => args[0] === '  closed form:').map((args) => args[1])).toEqual([
      n.overflowLayer32Theory,
      n.underflowLayer32Theory,
    ]);
    expect(Array.from(line('  layer after it')[1] as Float32Array).every(Number.isNaN)).toBe(true);
    expect(line('k = 0.5, first layer')[1]).toBe(n.underflowLayer32);
    const float64 = line('float64:');
    expect([float64[1], float64[3]]).toEqual([n.overflowLayer64, n.underflowLayer64]);
  });
});
