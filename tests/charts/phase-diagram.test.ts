import { describe, expect, test } from 'vitest';

import { colorFor, phaseDiagramChart } from '@gradscope/charts';
import { pointsOf } from '../support/claims.ts';
import { render, snapshotMarkup } from './render-for-test.ts';

// A made-up edge and four measured points on either side of it.
const edge = [
  { x: 1, y: 0 },
  { x: 1.5, y: 0.02 },
  { x: 2, y: 0.1 },
  { x: 2.5, y: 0.3 },
];
const points = [
  { x: 0.5, y: 0.1, phase: 'ordered' },
  { x: 1.5, y: 0.2, phase: 'ordered' },
  { x: 3, y: 0.1, phase: 'chaotic' },
  { x: 3.5, y: 0.3, phase: 'chaotic' },
];

describe('phaseDiagramChart', () => {
  test('draws the theory as a line and the measured points by phase (snapshot)', async () => {
    const figure = render(
      phaseDiagramChart({
        title: 'Phase diagram',
        xLabel: 'σ_w²',
        yLabel: 'σ_b²',
        curves: [{ label: 'χ₁ = 1', points: edge }],
        points,
        annotations: [{ text: 'chaotic', x: 3.2, y: 0.02 }],
      }),
    );
    expect(figure.querySelectorAll('g[data-mark="line"] path')).toHaveLength(2); // the line and its halo
    expect(figure.querySelectorAll('g[data-mark="dot"] path')).toHaveLength(4);
    await expect(snapshotMarkup(figure)).toMatchFileSnapshot('./__snapshots__/phase-diagram.html.snap');
  });

  test('colours ordered, critical and chaotic as per-layer factors below, at and above one', () => {
    const chart = phaseDiagramChart({
      xLabel: 'σ_w²',
      yLabel: 'σ_b²',
      points: [...points, { x: 2, y: 0.1, phase: 'critical' }],
    });
    expect([...new Set(pointsOf(chart).map((p) => p.series))]).toEqual(['ordered', 'chaotic', 'critical']);
    const markup = render(chart).outerHTML;
    for (const k of [0.5, 1, 1.5]) expect(markup).toContain(/#[0-9a-f]{6}/i.exec(colorFor({ k }))![0]);
    expect(chart.ariaDescription).toContain('5 measured points: 2 ordered, 2 chaotic, 1 critical.');
  });

  test('keeps the curves’ and points’ data readable, and breaks a curve at an infinite value', () => {
    const chart = phaseDiagramChart({
      xLabel: 'σ_w²',
      yLabel: 'depth',
      yScale: 'log',
      curves: [
        {
          label: 'ξc',
          points: [
            { x: 1, y: 4 },
            { x: 1.76, y: Infinity },
            { x: 2.5, y: 12 },
          ],
        },
      ],
      yDomain: [1, 100],
    });
    const curve = pointsOf(chart).filter((p) => p.series === 'ξc');
    // The halo's three points, the line's, then its label at the last finite one.
    expect(curve.map((p) => p.y)).toEqual([4, NaN, 12, 4, NaN, 12, 12]);
  });

  test('draws cells of a measured value with a legend', () => {
    const chart = phaseDiagramChart({
      xLabel: 'σ_w²',
      yLabel: 'depth',
      cells: [
        { x: 1, y: 6, value: 0.01 },
        { x: 2, y: 6, value: 0.02 },
        { x: 1, y: 12, value: 0.4 },
        { x: 2, y: 12, value: 0.03 },
      ],
      valueLabel: 'final loss',
    });
    const figure = render(chart);
    expect(figure.querySelectorAll('g[data-mark="rect"] rect')).toHaveLength(4);
    expect(chart.ariaDescription).toContain('Cells: final loss on a grid of 4, from 0.01 to 0.4.');
  });

  test('keeps the grid of a sweep that is still running: unmeasured cells are empty outlines, overflowed ones say ∞', () => {
    const cells = [1, 2, 3].flatMap((x) =>
      [0, 0.1].map((y) => ({ x, y, value: x === 3 ? NaN : x === 2 && y === 0 ? Infinity : x + y })),
    );
    const chart = phaseDiagramChart({ xLabel: 'σ_w²', yLabel: 'σ_b²', cells, valueLabel: 'final loss' });
    const figure = render(chart);
    const rects = figure.querySelectorAll('g[data-mark="rect"]');
    expect(rects).toHaveLength(2); // the coloured cells, then the outlines
    expect(rects[0].querySelectorAll('rect')).toHaveLength(3);
    expect(rects[1].querySelectorAll('rect')).toHaveLength(3);
    // Every cell is one grid step wide, the unmeasured column included (outlines are inset 1 px, fills 0.5 px).
    const widths = [...figure.querySelectorAll('g[data-mark="rect"] rect')].map((r) =>
      Number(r.getAttribute('width')),
    );
    expect(Math.max(...widths) - Math.min(...widths)).toBeCloseTo(1, 6);
    expect(Math.min(...widths)).toBeGreaterThan(100);
    expect(figure.querySelector('g[data-mark="text"] text')?.firstChild?.textContent).toBe('∞');
    expect(chart.ariaDescription).toContain(
      'Cells: final loss on a grid of 6, from 1 to 2.1. 1 overflowed to ∞, marked in their cells. 2 not measured yet.',
    );
  });

  test('moves a curve label that would overprint another a line lower, and leaves apart ones where they are', () => {
    // Two curves ending at the top edge 0.1 apart on an axis 4 wide (about 14 px): their labels would overlap.
    const rising = (x0: number) => [0, 0.5, 1].map((t) => ({ x: x0 + t * 0.1, y: t }));
    const chart = phaseDiagramChart({
      xLabel: 'σ_w²',
      yLabel: 'σ_b²',
      curves: [
        { label: 'χ₁ = 1', points: rising(2) },
        { label: '6ξc = 50, ordered side', points: rising(1.9) },
        {
          label: 'far away',
          points: [
            { x: 0.5, y: 0 },
            { x: 0.5, y: 0.2 },
          ],
        },
      ],
      xDomain: [0.5, 4.5],
      yDomain: [0, 1],
    });
    const shifts = Object.fromEntries(
      [...render(chart).querySelectorAll('g[data-mark="text"]')].map((g) => [
        g.textContent,
        g.getAttribute('transform'),
      ]),
    );
    expect(shifts['6ξc = 50, ordered side']).toBe('translate(6,-8)');
    expect(shifts['χ₁ = 1']).toBe('translate(6,6)');
    expect(shifts['far away']).toBe('translate(6,-8)');
  });

  test('takes a fixed colour domain and per-cell tooltips', () => {
    const chart = phaseDiagramChart({
      xLabel: 'σ_w²',
      yLabel: 'σ_b²',
      cells: [
        { x: 1, y: 0, value: 0.2, title: 'loss 0.2 after 200 steps' },
        { x: 2, y: 0, value: 5 },
      ],
      valueDomain: [0, 1.5],
    });
    expect((chart.color as { domain: number[] }).domain).toEqual([0, 1.5]);
    const titles = [...render(chart).querySelectorAll('g[data-mark="rect"] title')].map((t) => t.textContent);
    expect(titles[0]).toBe('loss 0.2 after 200 steps');
    expect(() =>
      phaseDiagramChart({ xLabel: 'x', yLabel: 'y', cells: [{ x: 1, y: 1, value: 1 }], valueDomain: [1, 0] }),
    ).toThrow(/^phaseDiagramChart: valueDomain/);
  });

  test('names itself and the argument on bad input', () => {
    expect(() => phaseDiagramChart({ xLabel: '', yLabel: 'y', points })).toThrow(
      /^phaseDiagramChart: xLabel/,
    );
    expect(() => phaseDiagramChart({ xLabel: 'x', yLabel: 'y' })).toThrow(
      /at least one curve, point or cell/,
    );
    expect(() =>
      phaseDiagramChart({ xLabel: 'x', yLabel: 'y', points: [{ x: 1, y: NaN, phase: 'ordered' }] }),
    ).toThrow(/points\[0\]\.y/);
    expect(() => phaseDiagramChart({ xLabel: 'x', yLabel: 'y', points, yScale: 'lgo' as never })).toThrow(
      /did you mean "log"/,
    );
  });
});
