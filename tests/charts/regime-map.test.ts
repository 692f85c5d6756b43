import { describe, expect, test } from 'vitest';

import { REGIME_STYLES, colorFor, regimeMapChart } from '@gradscope/charts';
import { pointsOf } from '../support/claims.ts';
import { render, snapshotMarkup } from './render-for-test.ts';

// A made-up 3 × 3 grid: learning rates across (log), scales up, and a limit that falls as the scale grows.
const rates = [1e-3, 1e-2, 1e-1];
const scales = [0.5, 1, 1.5];
const regimeAt = (i: number, j: number) =>
  i + j >= 3 ? 'diverges' : i === 2 ? 'freezes' : j === 1 && i === 1 ? 'trains' : 'crawls';
const cells = scales.flatMap((y, j) => rates.map((x, i) => ({ x, y, regime: regimeAt(i, j) })));
const limit = scales.map((y) => ({ x: 0.05 / y ** 4, y }));

describe('regimeMapChart', () => {
  test('draws a cell and a glyph per run, and the theory over them (snapshot)', async () => {
    const figure = render(
      regimeMapChart({
        title: 'Regime map',
        xLabel: 'learning rate η',
        yLabel: 'k',
        cells,
        curves: [{ label: '2/λmax', points: limit }],
      }),
    );
    expect(figure.querySelectorAll('g[data-mark="rect"] rect')).toHaveLength(9);
    expect(figure.querySelectorAll('g[data-mark="text"] text').length).toBeGreaterThanOrEqual(9);
    await expect(snapshotMarkup(figure)).toMatchFileSnapshot('./__snapshots__/regime-map.html.snap');
  });

  test('colours regimes by the book’s meanings: frozen like k = 0.5, diverging like k = 1.5', () => {
    const chart = regimeMapChart({ xLabel: 'η', yLabel: 'k', cells });
    const { domain, range } = chart.color as { domain: string[]; range: string[] };
    expect(domain).toEqual(['▲ diverges', '■ trains', '– crawls', '● freezes']);
    expect(range[domain.indexOf('● freezes')]).toBe(colorFor({ k: 0.5 }));
    expect(range[domain.indexOf('▲ diverges')]).toBe(colorFor({ k: 1.5 }));
    expect(range[domain.indexOf('■ trains')]).toBe(colorFor(REGIME_STYLES.trains.meaning!));
    expect(chart.ariaDescription).toContain('9 runs: 3 diverges, 1 trains, 4 crawls, 1 freezes.');
  });

  test('gives each cell half the (log) distance to its neighbours, and cuts curves at the frame', () => {
    const chart = regimeMapChart({
      xLabel: 'η',
      yLabel: 'k',
      cells,
      curves: [{ label: 'limit', points: limit }],
    });
    const rects = (
      chart.marks as { data?: { x: number; y: number; x1: number; x2: number; y1: number; y2: number }[] }[]
    )[0].data!;
    const middle = rects.find((r) => r.x === 1e-2)!;
    expect(middle.x1).toBeCloseTo(10 ** -2.5, 12);
    expect(middle.x2).toBeCloseTo(10 ** -1.5, 12);
    const first = rects.find((r) => r.x === 1e-3 && r.y === 0.5)!;
    expect(first.x1).toBeCloseTo(10 ** -3.5, 12);
    expect([first.y1, first.y2]).toEqual([0.25, 0.75]);
    // The limit at k = 0.5 is 0.8, beyond the frame's right edge (10^−0.5): the curve enters through that edge.
    const drawn = pointsOf(chart).filter((p) => p.series === 'limit');
    const placed = drawn.filter((p) => Number.isFinite(p.x));
    expect(Math.max(...placed.map((p) => p.x))).toBeCloseTo(10 ** -0.5, 9);
    expect(drawn.some((p) => Number.isNaN(p.x))).toBe(true);
  });

  test('rejects what it cannot draw, naming itself and the field', () => {
    expect(() => regimeMapChart({ xLabel: 'η', yLabel: 'k', cells: [] })).toThrow(
      /^regimeMapChart: cells must be/,
    );
    expect(() =>
      regimeMapChart({ xLabel: 'η', yLabel: 'k', cells: [{ x: 0, y: 1, regime: 'trains' }] }),
    ).toThrow(/cells\[0\]\.x must be a finite number > 0/);
    expect(() => regimeMapChart({ xLabel: 'η', yLabel: 'k', cells: [{ x: 1, y: 1, regime: '' }] })).toThrow(
      /cells\[0\]\.regime/,
    );
    expect(() => regimeMapChart({ xLabel: 'η', yLabel: 'k', cells, xScale: 'ln' as never })).toThrow(
      /xScale must be one of/,
    );
  });
});
