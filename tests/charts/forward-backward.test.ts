import { GradscopeArgumentError } from '@gradscope/core';
import { describe, expect, test } from 'vitest';

import { colorOfK, forwardBackwardChart, type ForwardBackwardNetwork } from '@gradscope/charts';
import { render, snapshotMarkup } from './render-for-test.ts';

// Two networks of four layers, written out: a bounded forward pass, a gradient ratio growing by 1.5 or shrinking by
// 0.5 per layer going back (its closed form k^(L−l) as the theory, the measurement 1% off at layer 2).
const layers = [1, 2, 3, 4];
const network = (label: string, k: number): ForwardBackwardNetwork => ({
  label,
  meaning: { k },
  forward: { largest: [0.99, 0.995, 0.999, 0.9999], rms: [0.7, 0.72, 0.73, 0.73] },
  backward: {
    theory: layers.map((l) => k ** (4 - l)),
    measured: layers.map((l) => k ** (4 - l) * (l === 2 ? 1.01 : 1)),
  },
});
const networks = [network('σ_w² = 4 (chaotic)', 1.5), network('σ_w² = 1 (ordered)', 0.5)];

describe('forwardBackwardChart', () => {
  test('draws the forward pass under its bound beside the backward pass (snapshot)', async () => {
    const figure = render(forwardBackwardChart({ bound: 1, boundLabel: '|tanh| < 1', networks }));
    // Two panels, titled by the facet axis.
    const titles = Array.from(figure.querySelectorAll('g[data-mark="fx-axis tick label"] text')).map(
      (t) => t.textContent,
    );
    expect(titles).toEqual(['forward: |a[l]|', 'backward: ‖δ[l]‖ / ‖δ[L]‖']);
    // Forward: solid and dashed lines for two networks; backward: one theory line each and four dots each.
    expect(figure.querySelectorAll('g[data-mark="line"] path')).toHaveLength(6);
    expect(figure.querySelectorAll('g[data-mark="dot"] circle')).toHaveLength(8);
    // The bound is drawn once, in the forward panel.
    expect(figure.querySelectorAll('g[data-mark="rule"] line')).toHaveLength(1);
    await expect(snapshotMarkup(figure)).toMatchFileSnapshot('./__snapshots__/forward-backward.html.snap');
  });

  test('colours each network by its meaning, the same in both panels', () => {
    const chart = forwardBackwardChart({ bound: 1, networks });
    const color = chart.color as { domain: string[]; range: string[] };
    expect(color.domain).toEqual(networks.map((n) => n.label));
    expect(color.range).toEqual([colorOfK(1.5), colorOfK(0.5)]);
  });

  test('describes how close the largest activation comes to the bound as a gap, not a rounded 1', () => {
    const chart = forwardBackwardChart({
      bound: 1,
      networks: [{ ...networks[0], forward: { largest: [0.9999999, 0.99] } }],
    });
    expect(chart.ariaDescription).toContain('at most 1 − 10⁻⁷');
    expect(chart.caption).toContain('Both share one logarithmic axis.');
  });

  test('marks a gradient that overflowed on the edge of its panel and names it in the caption', () => {
    const chart = forwardBackwardChart({
      networks: [{ ...networks[0], backward: { measured: [Infinity, 2.25, 1.5, 1] } }],
    });
    const figure = render(chart);
    expect(figure.querySelectorAll('g[data-description="▲ overflowed to ∞"] path')).toHaveLength(1);
    expect(chart.caption).toContain(
      'σ_w² = 4 (chaotic) (backward: ‖δ[l]‖ / ‖δ[L]‖, measured) overflowed to ∞ at layer 1',
    );
  });

  test('rejects bad input with an error naming the chart and the argument', () => {
    const attempt = (options: unknown) => () =>
      forwardBackwardChart(options as Parameters<typeof forwardBackwardChart>[0]);
    expect(attempt({ networks: [] })).toThrow(GradscopeArgumentError);
    expect(attempt({ networks: [] })).toThrow(/forwardBackwardChart: networks/);
    expect(attempt({ networks, bound: -1 })).toThrow(/bound must be a positive finite number/);
    expect(attempt({ networks: [{ label: 'x', backward: { measured: [1] } }] })).toThrow(
      /networks\[0\]\.forward/,
    );
    expect(attempt({ networks, forwardTitle: 'same', backwardTitle: 'same' })).toThrow(/backwardTitle/);
    expect(attempt({ networks: [{ ...networks[0], meaning: { k: 'big' } }] })).toThrow(/meaning/);
  });
});
