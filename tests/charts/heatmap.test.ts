import * as Plot from '@observablehq/plot';
import { GradscopeArgumentError, identity } from '@gradscope/core';
import { describe, expect, test } from 'vitest';

import { heatmapChart } from '@gradscope/charts';
import { buildDocument, drawnCells, fillAt, render, snapshotMarkup } from './render-for-test.ts';

/** The scales Plot builds for a chart: where a matrix entry's cell is and which colour its value takes. */
function scalesOf(chart: Plot.PlotOptions) {
  const plot = Plot.plot({ ...chart, document: buildDocument() });
  const [x, y, color] = (['x', 'y', 'color'] as const).map((name) => plot.scale(name)!);
  const centre = (scale: typeof x, value: number) => scale.apply(value) + scale.bandwidth! / 2;
  return { x, y, color, centre };
}

describe('heatmapChart', () => {
  test('draws a signed matrix with a diverging scheme and a swatch legend (snapshot)', async () => {
    const matrix = [
      [1.5, -0.5, 0],
      [0.25, 1.5, -1],
      [0, 0.75, 1.5],
    ];
    const chart = heatmapChart({ title: 'W[1]', matrix, valueLabel: 'W[i][j]' });
    const figure = render(chart);
    // Every entry is drawn once, in its value's colour: the cells as Plot would draw them one by one.
    const boxes = drawnCells(figure);
    const { x, y, color, centre } = scalesOf(chart);
    matrix.forEach((row, i) =>
      row.forEach((value, j) => expect(fillAt(boxes, centre(x, j), centre(y, i))).toBe(color.apply(value))),
    );
    // One path per colour: the three 1.5s on the diagonal share one.
    const fills = [...figure.querySelectorAll('g[data-mark="cell"] path')].map((p) => p.getAttribute('fill'));
    expect(fills).toEqual([...new Set(fills)]);
    expect(fills).toHaveLength(new Set(matrix.flat().map((v) => color.apply(v))).size);
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
    const boxes = drawnCells(render(chart));
    const { x, y, color, centre } = scalesOf(chart);
    expect(x.domain).toHaveLength(50);
    // A block on the diagonal averages two ones and two zeros; every other block is 0.
    for (const i of [0, 10, 98]) {
      expect(fillAt(boxes, centre(x, i), centre(y, i))).toBe(color.apply(0.5));
      expect(fillAt(boxes, centre(x, i), centre(y, (i + 20) % 100))).toBe(color.apply(0));
    }
    // 2,500 cells of two values: the zeros merge into a few rectangles around the diagonal.
    expect(boxes.length).toBeLessThan(200);
    const area = boxes.reduce((sum, b) => sum + b.width * b.height, 0);
    expect(area).toBe(2500 * x.bandwidth! * y.bandwidth!);
  });

  test('labels a run of non-finite neighbours once, and gives every row a tooltip that summarises it', () => {
    const chart = heatmapChart({
      matrix: [
        [Infinity, Infinity, Infinity, 2],
        [1, 2, 3, NaN],
      ],
    });
    const figure = render(chart);
    const texts = [...figure.querySelectorAll('g[data-mark="text"] text')].map((t) => t.textContent);
    expect(texts).toEqual(['∞', 'NaN']);
    const titles = [...figure.querySelectorAll('title')].map((t) => t.textContent);
    expect(titles).toEqual([
      'row 0: ∞ at column 0 … 2 at column 3',
      'row 1: 1 at column 0 … NaN at column 3 (from 1 to 3)',
    ]);
    expect(chart.caption).toBe('4 entries are ∞ or NaN, each marked in its cell.');
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
