import { describe, expect, test } from 'vitest';

import { trainingCurveChart } from '@gradscope/charts';
import { render, snapshotMarkup } from './render-for-test.ts';

describe('trainingCurveChart', () => {
  test('shows a diverging run up to the step it overflowed, then marks it (snapshot)', async () => {
    const chart = trainingCurveChart({
      title: 'Loss',
      yScale: 'log',
      series: [
        { label: 'learning rate 0.1', values: [1, 0.5, 0.3, 0.2, 0.15, 0.1] },
        { label: 'learning rate 10', values: [1, 5, 80, 4000, Infinity, NaN] },
      ],
    });
    const figure = render(chart);
    expect(figure.querySelectorAll('g[data-description="▲ overflowed to ∞"] path')).toHaveLength(1);
    expect(figure.querySelectorAll('g[data-description="× became NaN (not a number)"] path')).toHaveLength(1);
    expect(chart.caption).toContain('learning rate 10 overflowed to ∞ at step 4');
    await expect(snapshotMarkup(figure)).toMatchFileSnapshot('./__snapshots__/training-curve.html.snap');
  });

  test('colours many ordered series on a ramp and labels only the first and the last', () => {
    const series = Array.from({ length: 10 }, (_, l) => ({
      label: `layer ${l + 1}`,
      values: [1, 0.5, 0.25].map((v) => v * 0.9 ** l),
    }));
    const chart = trainingCurveChart({ yLabel: '‖dW‖', yScale: 'log', series });
    const figure = render(chart);
    const labels = Array.from(figure.querySelectorAll('g[data-mark="text"] text')).map((t) => t.textContent);
    expect(labels).toEqual(['layer 1', 'layer 10']);
    const strokes = new Set(
      Array.from(figure.querySelectorAll('g[data-mark="line"] path')).map((p) => p.getAttribute('stroke')),
    );
    expect(strokes.size).toBe(10);
    expect(chart.caption).toContain('Colour runs from blue (layer 1) to vermillion (layer 10).');
  });

  test('labels lines that end close together in a legend instead of at their ends', () => {
    const series = [
      { label: 'seed 2', values: [0.25, 0.243, 0.2423] },
      { label: 'seed 4', values: [0.25, 0.24, 0.2355] },
      { label: 'seed 5', values: [0.25, 0.1, 0.07] },
    ];
    const direct = render(trainingCurveChart({ series }));
    expect(direct.querySelectorAll('g[data-mark="text"] text')).toHaveLength(3);
    const chart = trainingCurveChart({ series, labels: 'legend' });
    expect(render(chart).querySelectorAll('g[data-mark="text"] text')).toHaveLength(0);
    expect((chart.color as { legend?: boolean }).legend).toBe(true);
    expect((chart.color as { domain?: string[] }).domain).toEqual(['seed 2', 'seed 4', 'seed 5']);
    expect(() => trainingCurveChart({ series, labels: 'key' as 'legend' })).toThrow(/labels/);
  });
});
