import { GradscopeArgumentError } from '@gradscope/core';
import { describe, expect, test } from 'vitest';

import { monteCarloChart } from '@gradscope/charts';
import { render, snapshotMarkup } from './render-for-test.ts';

// A closed form 1/x, and estimates with known errors: the third misses the line by three standard errors.
const xs = [1, 2, 4, 8];
const options = {
  xLabel: 'width n',
  yLabel: 'rate',
  xScale: 'log' as const,
  unit: 'width',
  reference: 0,
  theory: [{ label: 'rate', x: xs, values: xs.map((x) => 1 / x) }],
  estimates: [
    {
      label: 'rate',
      x: xs,
      estimate: [1.01, 0.49, 0.25 + 0.03, 0.125],
      standardError: [0.02, 0.02, 0.01, 0.01],
    },
  ],
};

describe('monteCarloChart', () => {
  test('draws the closed form as a line and each estimate as a dot with a ± 2 standard-error bar (snapshot)', async () => {
    const figure = render(monteCarloChart({ title: 'A rate against width', ...options }));
    expect(figure.querySelectorAll('g[data-mark="dot"] circle')).toHaveLength(4);
    expect(figure.querySelectorAll('g[data-mark="rule"] line')).toHaveLength(5); // four bars and the reference
    await expect(snapshotMarkup(figure)).toMatchFileSnapshot('./__snapshots__/monte-carlo.html.snap');
  });

  test('bars span the estimate ± interval standard errors', () => {
    const chart = monteCarloChart({ ...options, interval: 3 });
    const bars = (chart.marks as { data?: { low: number; high: number; y: number }[] }[]).find(
      (mark) => mark?.data?.[0] && 'low' in mark.data[0],
    )!.data!;
    expect(bars[0].low).toBeCloseTo(1.01 - 3 * 0.02, 12);
    expect(bars[0].high).toBeCloseTo(1.01 + 3 * 0.02, 12);
  });

  test('says in its description how many bars cover the line', () => {
    expect(monteCarloChart(options).ariaDescription).toContain(
      '3 of 4 bars (± 2 standard errors) cover the line.',
    );
    expect(monteCarloChart({ ...options, interval: 3.5 }).ariaDescription).toContain('4 of 4 bars');
  });

  test('labels a log axis of widths at every power of two', () => {
    const chart = monteCarloChart(options);
    expect((chart.x as { ticks: number[] }).ticks).toEqual([1, 2, 4, 8]);
    const labels = Array.from(render(chart).querySelectorAll('g[data-mark="x-axis tick label"] text')).map(
      (t) => t.textContent,
    );
    expect(labels).toEqual(['1', '2', '4', '8']);
  });

  test('rejects bad input with an error naming the argument', () => {
    expect(() => monteCarloChart({ ...options, theory: [] })).toThrow(GradscopeArgumentError);
    expect(() =>
      monteCarloChart({ ...options, estimates: [{ ...options.estimates[0], standardError: [0.1] }] }),
    ).toThrow(
      /monteCarloChart: estimates\[0\]\.standardError must be an array of numbers, one per estimate \(4\)/,
    );
    expect(() => monteCarloChart({ ...options, interval: 0 })).toThrow(/interval must be a positive number/);
    expect(() => monteCarloChart({ ...options, xScale: 'lg' as never })).toThrow(/did you mean "log"/);
    expect(() => monteCarloChart({ ...options, theory: [{ label: 'rate', values: [1] }] })).toThrow(
      /theory\[0\]\.x must be the x of every value/,
    );
  });
});

describe('monteCarloChart with values a log axis cannot place', () => {
  test('puts a non-positive or infinite estimate on the edge and names it in the caption', () => {
    const chart = monteCarloChart({
      ...options,
      yScale: 'log',
      estimates: [{ ...options.estimates[0], estimate: [1.01, 0, 0.25, Infinity] }],
    });
    expect(chart.caption).toContain('underflowed to 0 at width 2');
    expect(chart.caption).toContain('overflowed to ∞ at width 8');
    expect(render(chart).querySelectorAll('g[data-mark="dot"] circle')).toHaveLength(2);
  });
});
