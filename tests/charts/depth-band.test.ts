import { describe, expect, test } from 'vitest';

import { colorOfActivation, depthBandChart } from '@gradscope/charts';
import { pointsOf } from '../support/claims.ts';
import { render, snapshotMarkup, translation } from './render-for-test.ts';

// Three "seeds" of a quantity that halves per layer, spread ±10% around 0.5^l, and the closed form 0.5^l.
const layers = Array.from({ length: 12 }, (_, i) => i + 1);
const typical = layers.map((l) => 0.5 ** l);
const band = {
  label: 'ReLU, 3 seeds',
  low: typical.map((v) => 0.9 * v),
  high: typical.map((v) => 1.1 * v),
  mid: typical,
};

describe('depthBandChart', () => {
  test('draws a band per quantity, the typical line through it and the theory dashed over it (snapshot)', async () => {
    const chart = depthBandChart({
      title: 'Gradient norm',
      quantity: '‖δ[l]‖',
      bands: [band],
      theory: [{ label: 'mean field', values: typical }],
    });
    const figure = render(chart);
    expect(figure.querySelectorAll('g[data-mark="area"] path')).toHaveLength(1);
    expect(figure.querySelector('g[data-description="theory"]')?.getAttribute('stroke-dasharray')).toBe(
      '6 4',
    );
    expect(figure.querySelectorAll('g[data-description="theory"] path')).toHaveLength(1);
    await expect(snapshotMarkup(figure)).toMatchFileSnapshot('./__snapshots__/depth-band.html.snap');
  });

  test('colours a band by the meaning its label names, and its line the same', () => {
    const chart = depthBandChart({ quantity: '‖a[l]‖', bands: [band] });
    const markup = render(chart).outerHTML;
    const relu = /#[0-9a-f]{6}/i.exec(colorOfActivation('relu'))![0];
    expect(markup).toContain(`fill="var(--gs-chart-vermillion, ${relu})"`);
    expect(markup).toContain(`stroke="var(--gs-chart-vermillion, ${relu})"`);
  });

  test('keeps the line’s data, and says how wide the band gets', () => {
    const widening = {
      label: 'tanh',
      low: [1, 0.8, 0.5],
      high: [1, 1.2, 2],
      mid: [1, 1, 1],
    };
    const chart = depthBandChart({ quantity: 'σ', bands: [widening], unit: 'depth', xLabel: 'depth l' });
    const line = pointsOf(chart).filter((p) => p.series === 'tanh' && 'y' in p);
    expect(line.slice(0, 3).map((p) => p.y)).toEqual([1, 1, 1]);
    expect(chart.ariaDescription).toContain(
      'tanh: the band is widest at depth 3, where the largest measurement is 4 times the smallest.',
    );
  });

  test('marks a typical value that overflowed on the top edge, and stops the band there', () => {
    const chart = depthBandChart({
      quantity: '‖a[l]‖',
      bands: [{ label: 'k = 2', low: [2, 4, Infinity], high: [2, 4, Infinity], mid: [2, 4, Infinity] }],
    });
    const figure = render(chart);
    const overflow = figure.querySelectorAll('g[data-description="▲ overflowed to ∞"] path');
    expect(overflow).toHaveLength(1);
    expect(translation(overflow[0])[1]).toBe(chart.marginTop);
    expect(chart.caption).toContain('k = 2 overflowed to ∞ at layer 3');
  });

  test('names itself and the argument on bad input', () => {
    expect(() => depthBandChart({ quantity: 'q', bands: [] })).toThrow(/^depthBandChart: bands/);
    expect(() =>
      depthBandChart({ quantity: 'q', bands: [{ label: 'a', low: [1], high: [1, 2], mid: [1, 2] }] }),
    ).toThrow(/^depthBandChart: bands\[0\]\.low must be an array of 2 numbers/);
    expect(() => depthBandChart({ quantity: '', bands: [band] })).toThrow(/^depthBandChart: quantity/);
  });
});
