import { GradscopeArgumentError } from '@gradscope/core';
import { describe, expect, test } from 'vitest';

import { colorOfK, colorOfMix, depthPanelsChart } from '@gradscope/charts';
import { render, snapshotMarkup } from './render-for-test.ts';

// Half the layers at 0.5 and half at 1.5, in two orders, over 6 layers: both end at 0.75³.
const layers = [0, 1, 2, 3, 4, 5, 6];
const lowFirst = layers.map((l) => (l <= 3 ? 0.5 ** l : 0.5 ** 3 * 1.5 ** (l - 3)));
const alternating = layers.map((l) => 0.75 ** Math.floor(l / 2) * 0.5 ** (l % 2));
const geometric = layers.map((l) => Math.sqrt(0.75) ** l);
const mix = '50% at 1.5, 50% at 0.5';
const mean = 'geometric mean √0.75 per layer';
const half = [
  { k: 1.5, share: 0.5 },
  { k: 0.5, share: 0.5 },
];

describe('depthPanelsChart', () => {
  test('draws one panel per case on shared axes, with titles, lines, a dashed closed form and a reference (snapshot)', async () => {
    const chart = depthPanelsChart({
      quantity: '‖a[l]‖ / ‖x‖',
      firstLayer: 0,
      reference: 1,
      key: 'Solid: the network. Dashed: the geometric mean.',
      panels: [
        {
          title: '0.5·I first',
          lines: [
            { label: mix, values: lowFirst },
            { label: mean, values: geometric, meaning: { mix: half }, dashed: true },
          ],
        },
        {
          title: 'alternating',
          lines: [
            { label: mix, values: alternating },
            { label: mean, values: geometric, meaning: { mix: half }, dashed: true },
          ],
        },
      ],
    });
    const figure = render(chart);
    const text = figure.textContent ?? '';
    expect(text).toContain('0.5·I first');
    expect(text).toContain('alternating');
    expect(chart.caption).toBe('Solid: the network. Dashed: the geometric mean.');
    expect(chart.ariaDescription).toContain('Panel 2, alternating.');
    expect(
      figure.querySelectorAll('path[stroke-dasharray="6 4"], g[stroke-dasharray="6 4"]').length,
    ).toBeGreaterThan(0);
    await expect(snapshotMarkup(figure)).toMatchFileSnapshot('./__snapshots__/depth-panels.html.snap');
  });

  test('colours lines, paths and bands by meaning, one colour scale for every panel', () => {
    const chart = depthPanelsChart({
      quantity: 'q',
      panels: [
        {
          title: 'a',
          paths: {
            label: 'random networks',
            values: [
              [1, 2],
              [1, 0.5],
            ],
            meaning: { mix: half },
          },
          band: { label: 'closed form ± 2 sd', lower: [0.5, 0.25], upper: [2, 4], meaning: { mix: half } },
          lines: [{ label: 'k = 1.5', values: [1.5, 2.25] }],
        },
        { title: 'b', lines: [{ label: 'k = 1.5', values: [1.5, 2.25] }] },
      ],
    });
    const { domain, range } = chart.color as { domain: string[]; range: string[] };
    expect(domain).toEqual(['k = 1.5', 'random networks', 'closed form ± 2 sd']);
    expect(range).toEqual([colorOfK(1.5), colorOfMix(half), colorOfMix(half)]);
    expect(chart.ariaDescription).toContain('random networks: 2 thin lines, ending between 0.5 and 2.');
    const figure = render(chart);
    expect(
      figure.querySelectorAll('g[aria-label="area"] path, g[data-mark="area"] path').length,
    ).toBeGreaterThan(0);
  });

  test('marks a value the log axis cannot place on the panel edge and names it in the caption', () => {
    const chart = depthPanelsChart({
      quantity: 'q',
      panels: [{ title: 'overflowing', lines: [{ label: 'k = 1.5', values: [1.5, Infinity] }] }],
    });
    expect(chart.caption).toContain('overflowing: k = 1.5 overflowed to ∞ at layer 2');
    const figure = render(chart);
    const group = figure.querySelector('g[data-description="▲ overflowed to ∞"]');
    expect(group?.querySelectorAll('path')).toHaveLength(1);
  });

  test('bad input is an error naming the argument', () => {
    const call = (options: unknown) => () => depthPanelsChart(options as never);
    expect(call({ quantity: 'q', panels: [] })).toThrow(GradscopeArgumentError);
    expect(call({ quantity: 'q', panels: [{ title: '', lines: [{ label: 'a', values: [1] }] }] })).toThrow(
      /panels\[0\]\.title/,
    );
    expect(call({ quantity: 'q', panels: [{ title: 't' }] })).toThrow(/panels\[0\] must be at least one of/);
    expect(
      call({ quantity: 'q', panels: [{ title: 't', band: { label: 'b', lower: [1, 2], upper: [3] } }] }),
    ).toThrow(/panels\[0\]\.band/);
    expect(
      call({ quantity: 'q', columns: 0, panels: [{ title: 't', lines: [{ label: 'a', values: [1] }] }] }),
    ).toThrow(/columns/);
  });
});
