import { GradscopeArgumentError } from '@gradscope/core';
import { describe, expect, test } from 'vitest';

import { colorOfActivation, curveChart, type Series } from '@gradscope/charts';
import { render, snapshotMarkup } from './render-for-test.ts';

// The sigmoid's slope σ'(z) = 1/(4·cosh²(z/2)) and the layer gain |w·σ'(w·a)|, written out in closed form here.
const slope = (z: number) => 1 / (4 * Math.cosh(z / 2) ** 2);
const a = Array.from({ length: 61 }, (_, i) => -1.5 + i / 20);
const gains: Series[] = [1, 4, 8].map((w) => ({
  label: `w = ${w}`,
  x: a,
  values: a.map((t) => w * slope(w * t)),
}));

describe('curveChart', () => {
  test('draws curves with a labelled point, reference lines and a shaded interval (snapshot)', async () => {
    const chart = curveChart({
      title: 'Layer gain',
      xLabel: 'input a',
      yLabel: '|w·σ′(w·a)|',
      series: gains,
      referenceY: [{ value: 1, label: 'gain 1' }],
      referenceX: [{ value: 0 }],
      highlights: [{ x: 0, y: 2, label: 'peak w/4 = 2', series: 'w = 8' }],
      bands: [{ from: -0.1, to: 0.1, label: 'gain above 1', series: 'w = 8' }],
    });
    const figure = render(chart);
    expect(figure.querySelectorAll('g[data-mark="line"] path')).toHaveLength(3);
    expect(figure.querySelectorAll('g[data-mark="rect"] rect')).toHaveLength(1);
    expect(chart.ariaDescription).toContain('Marked: peak w/4 = 2 (0, 2).');
    expect(chart.ariaDescription).toContain('Shaded: gain above 1, input a from −0.1 to 0.1.');
    expect(chart.ariaDescription).toContain('Dashed lines at |w·σ′(w·a)| = 1, input a = 0.');
    await expect(snapshotMarkup(figure)).toMatchFileSnapshot('./__snapshots__/curve.html.snap');
  });

  test('colours a series by its meaning and a highlight by its series', () => {
    const z = [-2, -1, 0, 1, 2];
    const chart = curveChart({
      xLabel: 'z',
      yLabel: 'slope',
      yScale: 'log',
      series: [{ label: 'sigmoid', x: z, values: z.map(slope) }],
      highlights: [{ x: 0, y: 0.25, label: 'σ′(0) = 1/4', series: 'sigmoid' }],
    });
    const figure = render(chart);
    const dot = figure.querySelector('g[data-mark="dot"] circle');
    expect(dot?.getAttribute('fill')).toBe(colorOfActivation('sigmoid'));
  });

  test('marks a value a log axis cannot place instead of dropping it', () => {
    const chart = curveChart({
      xLabel: 'z',
      yLabel: 'slope',
      yScale: 'log',
      series: [{ label: 'ReLU', x: [-1, 1], values: [0, 1] }],
    });
    expect(chart.caption).toContain('ReLU underflowed to 0 at z = −1');
  });

  test('rejects a series without x, an unknown highlight series and a reversed band, naming the option', () => {
    const call = (extra: object) => () =>
      curveChart({ xLabel: 'x', yLabel: 'y', series: [{ label: 'a', x: [0, 1], values: [0, 1] }], ...extra });
    expect(() => curveChart({ xLabel: 'x', yLabel: 'y', series: [{ label: 'a', values: [1] }] })).toThrow(
      /^curveChart: series\[0\]\.x must be/,
    );
    expect(call({ highlights: [{ x: 0, y: 0, label: 'p', series: 'b' }] })).toThrow(GradscopeArgumentError);
    expect(call({ bands: [{ from: 1, to: 0 }] })).toThrow(/bands\[0\]\.to must be at least from/);
    expect(call({ yDomain: [1, 0] })).toThrow(/^curveChart: yDomain must be two finite numbers/);
  });

  test('takes a y extent that leaves room above a labelled maximum', () => {
    const chart = curveChart({
      xLabel: 'x',
      yLabel: 'y',
      series: [{ label: 'a', x: [0, 1, 2], values: [0, 1, 0] }],
      yDomain: [0, 1.25],
    });
    expect((chart.y as { domain: number[] }).domain).toEqual([0, 1.25]);
  });
});
