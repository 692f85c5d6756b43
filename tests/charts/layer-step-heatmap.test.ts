import { fromData } from '@gradscope/core';
import { describe, expect, test } from 'vitest';

import { layerStepHeatmapChart } from '@gradscope/charts';
import { render, snapshotMarkup, translation } from './render-for-test.ts';

// Three layers over four steps: the gradient shrinks tenfold per layer towards the input (layer 1) and layer 1 is
// 0 at the last step.
const grid = [
  [1e-3, 1e-3, 1e-3, 0],
  [1e-2, 1e-2, 1e-2, 1e-2],
  [1e-1, 1e-1, 1e-1, 1e-1],
];

describe('layerStepHeatmapChart', () => {
  test('draws one cell per layer and step, coloured by order of magnitude (snapshot)', async () => {
    const chart = layerStepHeatmapChart({ title: 'Gradient norms', values: grid, steps: [1, 2, 3, 4] });
    const figure = render(chart);
    expect(figure.querySelectorAll('g[data-mark="cell"]')[0].querySelectorAll('rect')).toHaveLength(11);
    await expect(snapshotMarkup(figure)).toMatchFileSnapshot('./__snapshots__/layer-step-heatmap.html.snap');
  });

  test('puts layer 1 on top and the first step on the left', () => {
    const figure = render(layerStepHeatmapChart({ values: grid }));
    const ys = [...figure.querySelectorAll('g[data-mark="y-axis tick label"] text')].map((t) => [
      t.textContent,
      translation(t)[1],
    ]);
    expect(ys.map(([label]) => label)).toEqual(['1', '2', '3']);
    expect((ys[0][1] as number) < (ys[2][1] as number)).toBe(true);
  });

  test('leaves a cell of exactly 0 blank, says so, and describes the span in orders of magnitude', () => {
    const chart = layerStepHeatmapChart({ values: fromData(3, 4, Float64Array.from(grid.flat())) });
    expect(chart.caption).toBe('1 cell is blank: exactly 0, or not finite, with no order of magnitude.');
    expect(chart.ariaDescription).toContain('Values range over 2 orders of magnitude, from 10⁻³ to 10⁻¹.');
    expect(chart.ariaDescription).toContain('Smallest at layer 1, step 1: ‖dW[l]‖ ≈ 0.001.');
  });

  test('averages the logarithms over blocks when the run is long, and says so', () => {
    const long = [Array.from({ length: 250 }, (_, j) => 10 ** (j % 2 === 0 ? -2 : -4))];
    const chart = layerStepHeatmapChart({ values: long, maxColumns: 100 });
    const figure = render(chart);
    expect(figure.querySelectorAll('g[data-mark="cell"] rect')).toHaveLength(84);
    expect(chart.caption).toContain('shown as averages (of the logarithms) over blocks of 1 × 3');
    // The first block holds steps 1–3: 10⁻², 10⁻⁴, 10⁻², whose logarithms average to −8/3 (10^(−8/3) = 0.00215).
    expect(figure.querySelector('g[data-mark="cell"] title')?.textContent).toBe(
      'layer 1, steps 1–3: ‖dW[l]‖ ≈ 0.00215',
    );
  });

  test('names itself and the argument on bad input', () => {
    expect(() => layerStepHeatmapChart({ values: [] })).toThrow(/^layerStepHeatmapChart: values/);
    expect(() => layerStepHeatmapChart({ values: grid, steps: [1, 2] })).toThrow(
      /^layerStepHeatmapChart: steps must be 4 finite step numbers/,
    );
  });
});
