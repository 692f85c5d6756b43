import { GradscopeArgumentError, createRandom } from '@gradscope/core';
import { describe, expect, test } from 'vitest';

import { histogramChart } from '@gradscope/charts';
import { render, snapshotMarkup } from './render-for-test.ts';

// Seeded normal samples whose spread shrinks by 0.5 per panel, as activations of a vanishing network would.
function layers() {
  const random = createRandom(7);
  return [1, 2, 3].map((l) => ({
    label: `layer ${l}`,
    values: Array.from({ length: 500 }, () => random.normal(0, 0.5 ** (l - 1))),
  }));
}

describe('histogramChart', () => {
  test('draws one panel per layer on a shared axis (snapshot)', async () => {
    const figure = render(histogramChart({ title: 'z per layer', xLabel: 'z', layers: layers(), bins: 20 }));
    await expect(snapshotMarkup(figure)).toMatchFileSnapshot('./__snapshots__/histogram.html.snap');
  });

  test('counts values it cannot bin and says so instead of dropping them silently', () => {
    const chart = histogramChart({
      layers: [{ label: 'layer 9', values: [0.1, -0.2, Infinity, NaN, 0.3] }],
    });
    expect(chart.caption).toBe('layer 9: 2 of 5 values are ∞ or NaN and cannot be binned.');
    const figure = render(chart);
    expect(figure.textContent).toContain('2 non-finite not shown');
  });

  test('reports values outside an explicit domain', () => {
    const chart = histogramChart({
      domain: [-1, 1],
      layers: [{ label: 'layer 1', values: [0, 0.5, 3, -4] }],
    });
    expect(chart.caption).toBe('layer 1: 2 of 4 values lie outside the axis.');
  });

  test('rejects bad input with an error naming the argument', () => {
    expect(() => histogramChart({ layers: [] })).toThrow(GradscopeArgumentError);
    expect(() => histogramChart({ layers: layers(), bins: 0 })).toThrow(/bins must be a positive integer/);
    expect(() => histogramChart({ layers: layers(), domain: [1, -1] })).toThrow(/domain must be a pair/);
  });
});
