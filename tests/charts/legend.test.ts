import { describe, expect, test } from 'vitest';

import { depthProfileChart, heatmapChart, trainingCurveChart } from '@gradscope/charts';
import { render } from './render-for-test.ts';

/** ‖dW‖ and ‖δ‖ of one network: one meaning, so one colour; the second is dashed. */
const twoQuantities = trainingCurveChart({
  labels: 'legend',
  series: [
    { label: '‖dW‖', values: [1, 0.5, 0.25], meaning: { k: 1.5 } },
    { label: '‖δ‖', values: [2, 1, 0.5], meaning: { k: 1.5 }, dashed: true },
  ],
});

describe('legends', () => {
  test('draw a dashed series with its dash pattern, and a solid one solid, in its colour', () => {
    const figure = render(twoQuantities);
    const entries = [...figure.querySelectorAll('[class$="-swatch"]')].map((swatch) => {
      const line = swatch.querySelector('svg > line');
      return {
        label: swatch.textContent,
        stroke: line?.getAttribute('stroke'),
        dash: line?.getAttribute('stroke-dasharray') ?? null,
      };
    });
    const color = 'var(--gs-chart-vermillion, #d55e00)';
    expect(entries).toEqual([
      { label: '‖dW‖', stroke: color, dash: null },
      { label: '‖δ‖', stroke: color, dash: '7 4' },
    ]);
    // The same pattern as the line on the chart.
    const dashedLine = figure.querySelector('svg[role="img"] [data-mark="line"][stroke-dasharray]');
    expect(dashedLine?.getAttribute('stroke-dasharray')).toBe('7 4');
  });

  test('keep square swatches when no series is dashed', () => {
    const chart = depthProfileChart({
      quantity: '‖a‖',
      labels: 'legend',
      series: [
        { label: 'k = 1.5', values: [1.5, 2.25] },
        { label: 'k = 0.5', values: [0.5, 0.25] },
      ],
    });
    const swatches = [...render(chart).querySelectorAll('[class*="-swatch"] > svg')];
    expect(swatches).toHaveLength(2);
    for (const swatch of swatches) expect(swatch.querySelector('rect')).not.toBeNull();
  });

  test('are set in the charts’ 13 px type, swatches and colour ramps alike (Plot’s own is 10 px)', () => {
    const swatches = render(twoQuantities).querySelector('[class*="-swatches"]');
    expect(swatches?.getAttribute('style')).toContain('font-size:13px');
    const ramp = render(heatmapChart({ matrix: [[1, -1]] })).querySelector('svg[class*="-ramp"]');
    expect(ramp?.getAttribute('style')).toContain('font-size:13px');
  });
});
