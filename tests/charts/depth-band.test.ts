import { GradscopeArgumentError } from '@gradscope/core';
import { describe, expect, test } from 'vitest';

import { colorOfActivation, depthBandChart } from '@gradscope/charts';
import { render, snapshotMarkup } from './render-for-test.ts';

// A band that widens like e^(±0.1·l) around 1 and one that stays within ±1 % of 1, written out in closed form.
const depths = [1, 2, 4, 8, 16, 32];
const widening = {
  label: 'relu',
  x: depths,
  lower: depths.map((l) => Math.exp(-0.1 * l)),
  middle: depths.map(() => 1),
  upper: depths.map((l) => Math.exp(0.1 * l)),
};
const steady = {
  label: 'tanh',
  x: depths,
  lower: depths.map(() => 0.99),
  middle: depths.map(() => 1),
  upper: depths.map(() => 1.01),
};

describe('depthBandChart', () => {
  test('draws a shaded band and a middle line per series (snapshot)', async () => {
    const chart = depthBandChart({
      title: 'Singular values against depth',
      quantity: 'singular value σ',
      bandLabel: 'the middle 80 % of the singular values',
      middleLabel: 'the median',
      reference: 1,
      series: [widening, steady],
    });
    const figure = render(chart);
    expect(figure.querySelectorAll('g[data-mark="area"] path')).toHaveLength(2);
    expect(figure.querySelectorAll('circle')).toHaveLength(12);
    await expect(snapshotMarkup(figure)).toMatchFileSnapshot('./__snapshots__/depth-band.html.snap');
  });

  test('colours a band by the meaning its label names, and says what band and line hold', () => {
    const chart = depthBandChart({
      quantity: 'σ',
      bandLabel: 'the band B',
      middleLabel: 'the line M',
      series: [steady],
    });
    expect((chart.color as { range: string[] }).range).toEqual([colorOfActivation('tanh')]);
    expect(chart.caption).toBe('Shaded: the band B. Line: the line M.');
    expect(chart.ariaDescription).toContain(
      'tanh: from 0.99 to 1.01 at depth 1, from 0.99 to 1.01 at depth 32.',
    );
  });

  test('leaves out a band edge a log axis cannot place, and says so, instead of drawing a wrong band', () => {
    const chart = depthBandChart({
      quantity: 'σ',
      series: [{ label: 'relu', lower: [0.5, 0], middle: [1, 1], upper: [2, 2] }],
    });
    const figure = render(chart);
    expect(figure.querySelectorAll('g[data-mark="area"] path')).toHaveLength(1);
    expect(chart.caption).toContain('relu, lower edge underflowed to 0 at depth 2');
  });

  test('marks a middle value that overflowed on the top edge', () => {
    const chart = depthBandChart({
      quantity: 'σ',
      series: [{ label: 'relu', lower: [1, 1], middle: [2, Infinity], upper: [3, Infinity] }],
    });
    expect(render(chart).querySelectorAll('g[data-description="▲ overflowed to ∞"] path')).toHaveLength(1);
    expect(chart.caption).toContain('relu overflowed to ∞ at depth 2');
  });

  test('dashes a theory over the bands, names it apart from the measurement, and draws long series without dots (snapshot)', async () => {
    // Three "seeds" of a quantity that halves per layer, ±10 % around 0.5^l, and the closed form 0.5^l, 60 layers.
    const typical = Array.from({ length: 60 }, (_, i) => 0.5 ** (i + 1));
    const chart = depthBandChart({
      title: 'Gradient norm',
      quantity: '‖δ[l]‖',
      xLabel: 'layer l',
      unit: 'layer',
      series: [
        {
          label: 'ReLU, 3 seeds',
          lower: typical.map((v) => 0.9 * v),
          middle: typical,
          upper: typical.map((v) => 1.1 * v),
        },
      ],
      theory: [{ label: 'mean field', values: typical }],
    });
    const figure = render(chart);
    const theory = figure.querySelector('g[data-description="theory"]');
    expect(theory?.getAttribute('stroke-dasharray')).toBe('6 4');
    expect(theory?.querySelectorAll('path')).toHaveLength(1);
    expect(figure.querySelectorAll('circle')).toHaveLength(0);
    // The two names end at the same point; they are drawn a line apart.
    const names = [...figure.querySelectorAll('g[data-mark="text"] text')].filter((t) =>
      ['ReLU, 3 seeds', 'mean field'].includes(t.textContent ?? ''),
    );
    expect(names.map((t) => t.parentElement?.getAttribute('transform'))).toEqual([
      'translate(6,-7)',
      'translate(6,8)',
    ]);
    expect(chart.caption).toBe('Shaded: the band. Line: the middle value. Dashed: mean field.');
    expect(chart.ariaDescription).toContain('Dashed: mean field: 0.5 at layer 1');
    await expect(snapshotMarkup(figure)).toMatchFileSnapshot('./__snapshots__/depth-band-theory.html.snap');
  });

  test('names the series and the edge whose length does not match', () => {
    expect(() =>
      depthBandChart({ quantity: 'σ', series: [{ label: 'a', lower: [1], middle: [1, 2], upper: [1, 2] }] }),
    ).toThrow(
      new GradscopeArgumentError(
        'series[0].lower',
        [1],
        'an array of 2 numbers, one per value of middle',
        'depthBandChart',
      ),
    );
  });
});
