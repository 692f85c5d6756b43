import { GradscopeArgumentError, identity } from '@gradscope/core';
import { describe, expect, test } from 'vitest';

import { heatmapChart } from '@gradscope/charts';
import { render, snapshotMarkup } from './render-for-test.ts';

describe('heatmapChart', () => {
  test('draws a signed matrix with a diverging scheme and a swatch legend (snapshot)', async () => {
    const matrix = [
      [1.5, -0.5, 0],
      [0.25, 1.5, -1],
      [0, 0.75, 1.5],
    ];
    const figure = render(heatmapChart({ title: 'W[1]', matrix, valueLabel: 'W[i][j]' }));
    expect(figure.querySelectorAll('g[data-mark="cell"] rect').length).toBeGreaterThanOrEqual(9);
    await expect(snapshotMarkup(figure)).toMatchFileSnapshot('./__snapshots__/heatmap.html.snap');
  });

  test('accepts an engine Matrix and picks a sequential scheme when no entry is negative', () => {
    const chart = heatmapChart({ matrix: identity(4, 1.5) });
    expect(chart.ariaDescription).toContain('4 × 4 matrix of value, sequential colours');
  });

  test('marks non-finite entries in their cell', () => {
    const chart = heatmapChart({
      matrix: [
        [1, Infinity],
        [NaN, -Infinity],
      ],
    });
    const figure = render(chart);
    const texts = Array.from(figure.querySelectorAll('g[data-mark="text"] text')).map((t) => t.textContent);
    expect(texts.sort()).toEqual(['NaN', '∞', '−∞'].sort());
    expect(chart.caption).toBe('3 entries are ∞ or NaN, each marked in its cell.');
  });

  test('shows a large matrix as block averages and says so', () => {
    const chart = heatmapChart({ matrix: identity(100, 1), maxCells: 50 });
    expect(chart.caption).toBe('The 100 × 100 matrix is shown as averages of 2 × 2 blocks.');
    expect(render(chart).querySelectorAll('g[data-mark="cell"] rect')).toHaveLength(2500);
  });

  test('rejects a ragged matrix, naming the row', () => {
    expect(() => heatmapChart({ matrix: [[1, 2], [3]] })).toThrow(GradscopeArgumentError);
    expect(() => heatmapChart({ matrix: [[1, 2], [3]] })).toThrow(
      /matrix\[1\] must be an array of 2 numbers/,
    );
  });
});

describe('heatmapChart with a given colour domain', () => {
  test('spans the given range, so two heatmaps compare colour for colour, and counts the cells outside it', () => {
    const small = heatmapChart({ matrix: [[-6, -5.5]], scheme: 'sequential', domain: [-5, 1] });
    const large = heatmapChart({ matrix: [[-1, 0.5]], scheme: 'sequential', domain: [-5, 1] });
    const domainOf = (chart: ReturnType<typeof heatmapChart>) => (chart.color as { domain: number[] }).domain;
    expect(domainOf(small)).toEqual([-5, 1]);
    expect(domainOf(large)).toEqual(domainOf(small));
    expect(small.caption).toBe("2 cells lie outside the colour scale's range and take its end colour.");
    expect(large.caption).toBeUndefined();
    expect(small.ariaDescription).toContain('Colours span −5 to 1.');
  });

  test('rejects a domain that is not an increasing pair of finite numbers', () => {
    expect(() => heatmapChart({ matrix: [[1]], domain: [1, 1] })).toThrow(
      /heatmapChart: domain must be a pair/,
    );
    expect(() => heatmapChart({ matrix: [[1]], domain: [0, Infinity] })).toThrow(GradscopeArgumentError);
  });
});
