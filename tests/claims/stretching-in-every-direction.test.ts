/**
 * Every number in the lesson "Beyond k·I: stretching in every direction"
 * (content/2-derivations/stretching-in-every-direction.mdx), checked against a closed form or an independent
 * computation: 2×2 singular values and eigenvalues from their formulas, powers of diagonal and triangular matrices
 * written out, the Lyapunov exponent against its closed form within the Monte Carlo's own standard error, and the
 * lesson's examples run as the playground runs them.
 *
 * Tolerances: float64 computations of the same quantity by different routes (an SVD by Jacobi rotations against a
 * quadratic formula, a matrix power against a closed form) agree to a few units in the last place; 1e-12 leaves a
 * wide margin. Monte Carlo estimates are compared with the closed form within four standard errors (a false alarm
 * about once in 16 000 comparisons), and they are seeded, so they cannot drift between runs.
 */
import { digamma, gaussianLyapunovExponent, matrix, singularValues, trigamma } from '@gradscope/core';
import type { PlotOptions } from '@observablehq/plot';
import { describe, expect, test } from 'vitest';

import * as figures from '../../content/2-derivations/stretching-in-every-direction/figures.ts';
import * as n from '../../content/2-derivations/stretching-in-every-direction/numbers.ts';
import { colorsOf, pointsOf, relative, runExample } from '../support/claims.ts';

const RELATIVE = 1e-12;

/** The lesson's example `name`.ts, run with stand-ins for the playground's display and console. */
const run = (name: string) =>
  runExample(
    new URL(`../../content/2-derivations/stretching-in-every-direction/${name}.ts`, import.meta.url),
  );

/** The singular values of [[a, b], [c, d]] from the eigenvalues of WᵀW, in closed form. */
function singularPair([[a, b], [c, d]]: readonly (readonly number[])[]): [number, number] {
  const p = a * a + c * c;
  const q = a * b + c * d;
  const r = b * b + d * d;
  const radius = Math.hypot((p - r) / 2, q);
  return [Math.sqrt((p + r) / 2 + radius), Math.sqrt(Math.max(0, (p + r) / 2 - radius))];
}

/** The real eigenvalues of [[a, b], [c, d]] from its characteristic polynomial, larger first. */
function eigenPair([[a, b], [c, d]]: readonly (readonly number[])[]): [number, number] {
  const mean = (a + d) / 2;
  const root = Math.sqrt(mean * mean - (a * d - b * c));
  return [mean + root, mean - root];
}

describe('why a scaled identity', () => {
  test('(1.5·I)^20 is 1.5^20 on the diagonal and 0 off it, about 3,325', () => {
    expect(n.lectureDepth).toBe(20); // the TeX writes (1.5 I)^{20} and 1.5^{20} I
    expect(relative(n.powerDiagonal, 1.5 ** 20)).toBeLessThan(RELATIVE);
    expect(n.powerOffDiagonal).toBe(0);
    expect(Math.round(n.powerDiagonal)).toBe(3325);
  });

  test('1.5·I has singular values and eigenvalues all equal to 1.5', () => {
    expect(n.scaledIdentitySingularValues).toEqual([1.5, 1.5]);
    expect(n.scaledIdentityEigenvalues).toEqual([1.5, 1.5]);
  });
});

describe('a general 2×2 matrix', () => {
  test('its singular values are the square roots of the eigenvalues of WᵀW', () => {
    const [s1, s2] = singularPair(n.general);
    expect(relative(n.sigmaMax, s1)).toBeLessThan(RELATIVE);
    expect(relative(n.sigmaMin, s2)).toBeLessThan(RELATIVE);
  });

  test('its eigenvalues are the roots of λ² − (trace)λ + det, and ρ is the larger', () => {
    const [l1, l2] = eigenPair(n.general);
    expect(relative(n.lambdaMax, l1)).toBeLessThan(RELATIVE);
    expect(relative(n.lambdaMin, l2)).toBeLessThan(RELATIVE);
    expect(relative(n.generalSpectralRadius, l1)).toBeLessThan(RELATIVE);
  });

  test('ρ(W) < σ₁, and σ₂ ≤ |λ| ≤ σ₁ for both eigenvalues', () => {
    expect(n.generalSpectralRadius).toBeLessThan(n.sigmaMax);
    for (const lambda of [n.lambdaMax, n.lambdaMin]) {
      expect(Math.abs(lambda)).toBeLessThanOrEqual(n.sigmaMax);
      expect(Math.abs(lambda)).toBeGreaterThanOrEqual(n.sigmaMin);
    }
  });

  test('σ₁σ₂ = |λ₁λ₂| = |det W|', () => {
    const [[a, b], [c, d]] = n.general;
    expect(relative(n.generalDeterminant, Math.abs(a * d - b * c))).toBeLessThan(RELATIVE);
    expect(relative(n.sigmaMax * n.sigmaMin, n.generalDeterminant)).toBeLessThan(1e-12);
    expect(relative(Math.abs(n.lambdaMax * n.lambdaMin), n.generalDeterminant)).toBeLessThan(1e-12);
  });

  test('every ‖Wv‖ for a unit v lies between σ₂ and σ₁ (checked on 3,600 directions)', () => {
    const [[a, b], [c, d]] = n.general;
    for (let i = 0; i < 3600; i++) {
      const angle = (2 * Math.PI * i) / 3600;
      const length = Math.hypot(
        a * Math.cos(angle) + b * Math.sin(angle),
        c * Math.cos(angle) + d * Math.sin(angle),
      );
      expect(length).toBeLessThanOrEqual(n.sigmaMax * (1 + 1e-12));
      expect(length).toBeGreaterThanOrEqual(n.sigmaMin * (1 - 1e-12));
    }
  });

  test('its eigenvectors, (λ − d, c) up to scale, meet at the stated angle, not at 90°', () => {
    const [, [c, d]] = n.general;
    const [l1, l2] = eigenPair(n.general);
    const u = [l1 - d, c];
    const v = [l2 - d, c];
    const cosine = Math.abs(u[0] * v[0] + u[1] * v[1]) / Math.hypot(...u) / Math.hypot(...v);
    expect(n.generalEigenvectorAngle).toBeCloseTo((Math.acos(cosine) * 180) / Math.PI, 9);
    expect(n.generalEigenvectorAngle).toBeLessThan(89);
  });

  test('‖W^50‖^(1/50) has come down from σ₁ to within 1% of ρ(W)', () => {
    expect(n.longRunPower).toBe(50);
    // W = S·diag(λ₁, λ₂)·S⁻¹ gives W^t in closed form: its largest singular value, by the 2×2 formula.
    const [[a, b], [c, d]] = n.general;
    const [l1, l2] = eigenPair(n.general);
    const t = n.longRunPower;
    // Cayley–Hamilton for 2×2: W^t = α·W + β·I with α = (λ₁^t − λ₂^t)/(λ₁ − λ₂), β = λ₁λ₂(λ₂^(t−1) − λ₁^(t−1))/(λ₁ − λ₂).
    const alpha = (l1 ** t - l2 ** t) / (l1 - l2);
    const beta = (l1 * l2 * (l2 ** (t - 1) - l1 ** (t - 1))) / (l1 - l2);
    const [s1] = singularPair([
      [alpha * a + beta, alpha * b],
      [alpha * c, alpha * d + beta],
    ]);
    expect(relative(n.longRunFactor, s1 ** (1 / t))).toBeLessThan(1e-10);
    expect(n.longRunFactor).toBeLessThan(n.sigmaMax);
    expect(relative(n.longRunFactor, n.generalSpectralRadius)).toBeLessThan(0.01);
  });
});

describe('diag(0.5, 1.5)', () => {
  test('after 20 layers the coordinates are 0.5^20 and 1.5^20, a ratio of 3^20', () => {
    expect(n.diagonalDepth).toBe(20); // the TeX writes 3^{20}
    expect(n.diagonalShrunk).toBe(0.5 ** 20);
    expect(relative(n.diagonalGrown, 1.5 ** 20)).toBeLessThan(RELATIVE);
    expect(relative(n.diagonalRatio, 3 ** 20)).toBeLessThan(RELATIVE);
  });

  test('the angle to e₂ is atan(3^−l): about 0.24° at layer 5, 1.6·10⁻⁸ degrees at layer 20', () => {
    const degrees = (l: number) => (Math.atan(3 ** -l) * 180) / Math.PI;
    expect(relative(n.angleAtLayer, degrees(n.angleLayer))).toBeLessThan(1e-12);
    expect(relative(n.angleAtDepth, degrees(n.diagonalDepth))).toBeLessThan(1e-12);
  });

  test('from δ^[L] = (1, 1), δ^[1] = (0.5^19, 1.5^19): its norm grows by 1.5^19/√2·√(1 + 3^−38), its first entry vanishes', () => {
    const L = n.diagonalDepth;
    expect(n.deltaShrunk).toBe(0.5 ** (L - 1));
    expect(relative(n.deltaGrown, 1.5 ** (L - 1))).toBeLessThan(RELATIVE);
    expect(relative(n.deltaNormRatio, Math.hypot(0.5 ** (L - 1), 1.5 ** (L - 1)) / Math.SQRT2)).toBeLessThan(
      RELATIVE,
    );
    expect(n.deltaNormRatio).toBeGreaterThan(1);
    expect(n.deltaShrunk).toBeLessThan(1e-5);
  });

  test('diag(0.5, 1.5), as the prose and the TeX write it, is the matrix every layer gets', () => {
    expect(Array.from(n.diagonalInit.create(2, 2, undefined as never).data)).toEqual([0.5, 0, 0, 1.5]);
    expect(
      Array.from(
        singularValues(
          matrix([
            [0.5, 0],
            [0, 1.5],
          ]),
        ),
      ),
    ).toEqual([1.5, 0.5]);
  });
});

describe('random products: the Lyapunov exponent', () => {
  test('the closed form ½[ψ(n/2) − ln(n/2)] at width 2 is −γ/2, and −1/(2n) − 1/(6n²) + O(n⁻⁴) at width 64', () => {
    expect(n.narrowWidth).toBe(2);
    expect(n.wideWidth).toBe(64);
    const eulerGamma = 0.5772156649015329;
    expect(relative(n.lambdaWidth2, -eulerGamma / 2)).toBeLessThan(1e-12);
    const wide = n.wideWidth;
    expect(relative(n.lambdaWidth64, -1 / (2 * wide) - 1 / (6 * wide ** 2))).toBeLessThan(1e-5);
    expect(n.asymptoteWidth64).toBe(-1 / 128);
    expect(relative(n.lambdaWidth64, n.asymptoteWidth64)).toBeLessThan(0.01);
  });

  test('every Monte Carlo estimate lies within four standard errors of the closed form', () => {
    expect(n.lyapunovEstimates).toHaveLength(n.monteCarloWidths.length);
    n.lyapunovEstimates.forEach((e, i) => {
      const width = n.monteCarloWidths[i];
      const closedForm = 0.5 * (digamma(width / 2) - Math.log(width / 2));
      expect(relative(e.closedForm, closedForm)).toBeLessThan(RELATIVE);
      expect(Math.abs(e.estimate - closedForm)).toBeLessThan(4 * e.standardError);
      // The standard error is what the closed-form spread of one layer's log-stretch, ¼ψ′(n/2), predicts for
      // depth × runs layers, within the noise of estimating a standard deviation from 20 runs.
      const predicted = Math.sqrt(trigamma(width / 2) / 4 / (n.monteCarloDepth(width) * n.monteCarloRuns));
      expect(e.standardError / predicted).toBeGreaterThan(0.5);
      expect(e.standardError / predicted).toBeLessThan(1.6);
    });
    expect(n.estimateWidth2).toBe(n.lyapunovEstimates[1].estimate);
    expect(n.standardErrorWidth2).toBe(n.lyapunovEstimates[1].standardError);
    expect(n.estimateWidth64).toBe(n.lyapunovEstimates[6].estimate);
    expect(n.standardErrorWidth64).toBe(n.lyapunovEstimates[6].standardError);
  });

  test('the count of estimates within two standard errors is what the estimates give', () => {
    const count = n.lyapunovEstimates.filter(
      (e, i) => Math.abs(e.estimate - gaussianLyapunovExponent(n.monteCarloWidths[i])) <= 2 * e.standardError,
    ).length;
    expect(n.estimatesWithinTwoErrors).toBe(count);
    expect(n.monteCarloWidths.length).toBe(7);
    expect(n.monteCarloRuns).toBe(20);
    expect(n.monteCarloSeed).toBe(1);
    expect([n.monteCarloDepth(16), n.monteCarloDepth(32)]).toEqual([
      n.monteCarloLongDepth,
      n.monteCarloShortDepth,
    ]);
  });

  test('100 layers of width 2 keep the mean square at 1 but the typical stretch is e^(100·λ₁) ≈ 2.9·10⁻¹³', () => {
    expect(n.stretchDepth).toBe(100); // the TeX writes W_{100} and e^{100 λ₁}
    expect(n.meanSquareStretch).toBe(1);
    expect(relative(n.typicalStretch2, Math.exp(100 * (-0.5772156649015329 / 2)))).toBeLessThan(1e-12);
    expect(n.stretchWideWidth).toBe(256);
    const wide = 0.5 * (digamma(128) - Math.log(128));
    expect(relative(n.typicalStretch256, Math.exp(100 * wide))).toBeLessThan(1e-12);
    expect(n.typicalStretch256).toBeGreaterThan(0.8);
  });

  test('the backward pass of LeCun-normal linear networks of width 2 shrinks at the rate λ₁, within four standard errors', () => {
    expect(n.gradientWidth).toBe(2);
    expect(n.gradientNetworks).toBe(200);
    expect(Math.abs(n.gradientRate - n.lambdaWidth2)).toBeLessThan(4 * n.gradientRateStandardError);
    // The spread of one network's rate is √(¼ψ′(1)/(L − 1)) = √(π²/24/29) in closed form; its standard error over
    // 200 networks should be close to that divided by √200.
    const predicted = Math.sqrt(Math.PI ** 2 / 24 / (n.gradientDepth - 1) / n.gradientNetworks);
    expect(n.gradientRateStandardError / predicted).toBeGreaterThan(0.8);
    expect(n.gradientRateStandardError / predicted).toBeLessThan(1.25);
    expect(relative(n.gradientTypicalRatio, Math.exp((n.gradientDepth - 1) * n.lambdaWidth2))).toBeLessThan(
      1e-12,
    );
  });
});

describe('transient growth of [[0.9, 5], [0, 0.9]]', () => {
  /** ‖A^t‖₂ in closed form: A^t = [[p, q], [0, p]] with p = 0.9^t, q = 5t·0.9^(t−1). */
  const closedNorm = (t: number) => {
    const p = 0.9 ** t;
    const q = 5 * t * 0.9 ** (t - 1);
    return (Math.abs(q) + Math.sqrt(q * q + 4 * p * p)) / 2;
  };

  test('A, as the TeX writes it, has ρ(A) = 0.9 and ‖A‖ = (5 + √(25 + 4·0.81))/2', () => {
    expect(n.transient).toEqual([
      [0.9, 5],
      [0, 0.9],
    ]);
    expect(n.transientRadius).toBeCloseTo(0.9, 14);
    expect(relative(n.transientNorm, closedNorm(1))).toBeLessThan(1e-12);
  });

  test('every ‖A^t‖ the engine finds agrees with the closed form, for t = 1 … 100', () => {
    expect(n.transientNorms).toHaveLength(n.transientSteps);
    n.transientNorms.forEach((value, i) => expect(relative(value, closedNorm(i + 1))).toBeLessThan(1e-10));
  });

  test('the peak is at t = 9, where the eigenvalues predict 0.9^9; from t = 55 on every power shrinks', () => {
    const closed = Array.from({ length: n.transientSteps }, (_, i) => closedNorm(i + 1));
    const peak = Math.max(...closed);
    expect(n.transientPeakStep).toBe(closed.indexOf(peak) + 1);
    expect(relative(n.transientPeak, peak)).toBeLessThan(1e-10);
    expect(relative(n.transientEigenPrediction, 0.9 ** n.transientPeakStep)).toBeLessThan(1e-12);
    expect(n.transientPeak / n.transientEigenPrediction).toBeGreaterThan(10);
    expect(relative(n.transientGap, peak / 0.9 ** n.transientPeakStep)).toBeLessThan(1e-10);
    const t = n.transientBackBelowOne;
    expect(closed[t - 2]).toBeGreaterThanOrEqual(1);
    for (let s = t; s <= n.transientSteps; s++) expect(closed[s - 1]).toBeLessThan(1);
  });

  test('ten layers of A can stretch by ‖A^10‖ while ρ(A)^10 predicts shrinking', () => {
    expect(n.transientExampleDepth).toBe(10);
    expect(relative(n.transientAtExampleDepth, closedNorm(10))).toBeLessThan(1e-10);
    expect(relative(n.transientEigenAtExampleDepth, 0.9 ** 10)).toBeLessThan(1e-12);
    expect(n.transientEigenAtExampleDepth).toBeLessThan(1);
    expect(n.transientAtExampleDepth).toBeGreaterThan(10);
  });
});

describe("the lesson's figure and examples show the lesson's numbers", () => {
  test('the Lyapunov figure draws the closed form at every width and the estimates with their bars', () => {
    const points = pointsOf(figures.lyapunovChart as PlotOptions);
    const line = points.filter((p) => !('standardError' in p));
    for (const p of line) expect(relative(p.y, gaussianLyapunovExponent(p.x))).toBeLessThan(RELATIVE);
    expect(Math.min(...line.map((p) => p.x))).toBe(1);
    expect(Math.max(...line.map((p) => p.x))).toBe(1024);
    // The bars and the dots plot the same estimate rows: one per width.
    const dots = [...new Set(points.filter((p) => 'standardError' in p))];
    expect(dots.map((p) => p.x)).toEqual([...n.monteCarloWidths]);
    dots.forEach((p, i) => expect(p.y).toBe(n.lyapunovEstimates[i].estimate));
  });

  test('circle-to-ellipse prints the prose’s σ₁, σ₂, λ₁, λ₂, ρ and the per-step factor at t = 50', async () => {
    const { shown } = await run('circle-to-ellipse');
    const table = shown[1] as { quantity: string; value: number }[];
    const value = (prefix: string) => table.find((row) => row.quantity.startsWith(prefix))!.value;
    expect(value('σ₁')).toBe(n.sigmaMax);
    expect(value('σ₂')).toBe(n.sigmaMin);
    expect(value('λ₁')).toBe(n.lambdaMax);
    expect(value('λ₂')).toBe(n.lambdaMin);
    expect(value('ρ(W)')).toBe(n.generalSpectralRadius);
    const powers = shown[2] as Record<string, number>[];
    expect(powers.find((row) => row.t === n.longRunPower)!['per step, ‖W^t‖^(1/t)']).toBe(n.longRunFactor);
    expect(powers[0]['per step, ‖W^t‖^(1/t)']).toBeCloseTo(n.sigmaMax, 12);
  });

  test('one-direction-dies draws the coordinates in the colours of k = 0.5 and k = 1.5 and prints 3^20', async () => {
    const { shown, logged } = await run('one-direction-dies');
    expect(logged[0][3]).toBe(n.diagonalRatio);
    const points = pointsOf(shown[0] as PlotOptions).filter((p) => p.x === n.diagonalDepth);
    expect(points.find((p) => p.series.startsWith('k = 0.5'))!.y).toBe(n.diagonalShrunk);
    expect(points.find((p) => p.series.startsWith('k = 1.5'))!.y).toBe(n.diagonalGrown);
    const colors = colorsOf(shown[0] as PlotOptions);
    expect(colors['k = 0.5: |a₁[l]|']).toBe('var(--gs-chart-blue, #2f7ed8)');
    expect(colors['k = 1.5: |a₂[l]|']).toBe('var(--gs-chart-vermillion, #d55e00)');
    // The random input turns towards e₂: its angle shrinks at every layer the table shows.
    const angles = (shown[1] as Record<string, number>[]).map((row) => row['angle to e₂ (degrees)']);
    for (let i = 1; i < angles.length; i++) expect(angles[i]).toBeLessThan(angles[i - 1]);
  });

  test('random-products measures λ₁ within four standard errors of the closed form at every width', async () => {
    const { shown } = await run('random-products');
    const rows = shown[1] as Record<string, number>[];
    for (const row of rows) {
      expect(row['λ₁ closed form']).toBe(gaussianLyapunovExponent(row.width));
      expect(Math.abs(row['λ₁ measured'] - row['λ₁ closed form'])).toBeLessThan(4 * row['standard error']);
    }
    expect(rows.find((row) => row.width === n.narrowWidth)!['λ₁ closed form']).toBe(n.lambdaWidth2);
  });

  test('transient-growth finds the prose’s peak and the power from which ‖A^t‖ stays below 1', async () => {
    const { logged } = await run('transient-growth');
    const line = (prefix: string) => logged.find((args) => String(args[0]).startsWith(prefix))!;
    expect(line('largest')[1]).toBe(n.transientPeak);
    expect(line('largest')[3]).toBe(n.transientPeakStep);
    expect(line('‖A^t‖ < 1')[1]).toBe(n.transientBackBelowOne);
    expect(line('eigenvalues:')[3]).toBe(n.transientRadius);
  });
});
