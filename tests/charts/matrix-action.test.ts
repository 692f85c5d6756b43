import { GradscopeArgumentError, matrix, singularValues } from '@gradscope/core';
import { describe, expect, test } from 'vitest';

import { colorOfK, matrixActionChart } from '@gradscope/charts';
import { render, snapshotMarkup } from './render-for-test.ts';

// A general matrix: real, distinct eigenvalues 0.8 ± √0.23 and singular values that differ from them.
const W = [
  [1.1, 0.7],
  [0.2, 0.5],
];

/** The rows a mark of the chart plots, by the `series` they belong to. */
function rowsOf(chart: ReturnType<typeof matrixActionChart>, series: string) {
  return (chart.marks as { data?: unknown }[])
    .flatMap((mark) =>
      Array.isArray(mark?.data) ? (mark.data as { series?: string; x: number; y: number }[]) : [],
    )
    .filter((row) => row.series === series);
}

describe('matrixActionChart', () => {
  test('draws the unit circle, its image, the singular directions and the eigenvectors (snapshot)', async () => {
    const figure = render(matrixActionChart({ title: 'A general matrix', matrix: W }));
    expect(figure.querySelector('svg')?.getAttribute('aria-description')).toContain('σ₁ = 1.379');
    await expect(snapshotMarkup(figure)).toMatchFileSnapshot('./__snapshots__/matrix-action.html.snap');
  });

  test('the image of the circle is W applied to it, and the farthest point of it is σ₁ away', () => {
    const chart = matrixActionChart({ matrix: W });
    const circle = rowsOf(chart, 'unit circle');
    const image = rowsOf(chart, 'image W·v');
    expect(image).toHaveLength(circle.length);
    image.forEach((p, i) => {
      expect(p.x).toBeCloseTo(W[0][0] * circle[i].x + W[0][1] * circle[i].y, 12);
      expect(p.y).toBeCloseTo(W[1][0] * circle[i].x + W[1][1] * circle[i].y, 12);
    });
    const [s1] = singularValues(matrix(W));
    const farthest = Math.max(...image.map((p) => Math.hypot(p.x, p.y)));
    expect(farthest).toBeLessThanOrEqual(s1 * (1 + 1e-12));
    expect(farthest).toBeGreaterThan(s1 * 0.999);
    const tip = rowsOf(chart, 'σ₁u₁')[0];
    expect(Math.hypot(tip.x, tip.y)).toBeCloseTo(s1, 12);
  });

  test('colours each singular direction by its stretch on the book’s k scale', () => {
    const chart = matrixActionChart({
      matrix: [
        [0.5, 0],
        [0, 1.5],
      ],
    });
    const { domain, range } = chart.color as { domain: string[]; range: string[] };
    expect(range[domain.indexOf('σ₁u₁')]).toBe(colorOfK(1.5));
    expect(range[domain.indexOf('σ₂u₂')]).toBe(colorOfK(0.5));
  });

  test('a rotation has no real eigenvector, and says so', () => {
    const chart = matrixActionChart({
      matrix: [
        [0, -1],
        [1, 0],
      ],
    });
    expect(rowsOf(chart, 'eigenvector 1: λ = 1')).toHaveLength(0);
    expect(chart.ariaDescription).toContain('No real eigenvector');
    expect(chart.ariaDescription).toContain('complex pair 0 ± 1i');
  });

  test('rejects what is not a 2×2 matrix of finite numbers, naming the argument', () => {
    expect(() => matrixActionChart({ matrix: [[1, 2, 3]] as never })).toThrow(GradscopeArgumentError);
    expect(() =>
      matrixActionChart({
        matrix: [
          [1, NaN],
          [0, 1],
        ],
      }),
    ).toThrow(/matrixActionChart: matrix must be/);
    expect(() => matrixActionChart({ matrix: W, eigen: 'yes' as never })).toThrow(
      /eigen must be true or false/,
    );
  });
});
