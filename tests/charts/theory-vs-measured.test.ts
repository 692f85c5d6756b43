import { describe, expect, test } from 'vitest';

import { largestRelativeGap, seriesPoints, theoryVsMeasuredChart } from '@gradscope/charts';
import { render, snapshotMarkup } from './render-for-test.ts';

const depths = [1, 2, 3, 4, 5, 6];
// ‖dW^[l]‖ = |k|^(2L−1)·‖x‖² for the lecture's network with x = (1, 1); "measured" perturbed by a known amount.
const series = [1.5, 0.5].map((k) => ({
  label: `k = ${k}`,
  theoryX: depths,
  theory: depths.map((L) => 2 * k ** (2 * L - 1)),
  measured: depths.map((L) => 2 * k ** (2 * L - 1) * (L === 3 ? 1.01 : 1)),
}));

describe('theoryVsMeasuredChart', () => {
  test('draws the closed form as lines and the measurements as dots (snapshot)', async () => {
    const figure = render(
      theoryVsMeasuredChart({
        title: 'Gradient norm',
        xLabel: 'depth L',
        yLabel: '‖dW[1]‖',
        unit: 'depth',
        series,
      }),
    );
    expect(figure.querySelectorAll('g[data-mark="line"] path')).toHaveLength(2);
    expect(figure.querySelectorAll('circle')).toHaveLength(12);
    await expect(snapshotMarkup(figure)).toMatchFileSnapshot('./__snapshots__/theory-vs-measured.html.snap');
  });

  test('states the largest relative gap between dots and lines in its description', () => {
    const chart = theoryVsMeasuredChart({ xLabel: 'depth L', yLabel: 'norm', series });
    expect(chart.ariaDescription).toContain('Largest relative difference between a dot and the line: 0.01.');
  });

  test('largestRelativeGap compares only points at the same x and series', () => {
    const theory = seriesPoints([{ label: 'a', values: [1, 2, 4] }], 'log', 1);
    const measured = seriesPoints([{ label: 'a', values: [1, 2.2], x: [1, 2] }], 'log', 1);
    expect(largestRelativeGap(theory, measured)).toBeCloseTo(0.1, 12);
    expect(largestRelativeGap(theory, seriesPoints([{ label: 'b', values: [5] }], 'log', 1))).toBeNull();
  });

  test('marks a measurement that overflowed while the closed form is finite', () => {
    const chart = theoryVsMeasuredChart({
      xLabel: 'depth L',
      yLabel: 'norm',
      unit: 'depth',
      series: [{ label: 'float32', theory: [1e37, 1e38, 1e39], measured: [1e37, 1e38, Infinity] }],
    });
    const figure = render(chart);
    expect(figure.querySelectorAll('g[data-description="▲ overflowed to ∞"] path')).toHaveLength(1);
    expect(chart.caption).toContain('float32 overflowed to ∞ at depth 3');
  });
});
