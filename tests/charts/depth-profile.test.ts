import { GradscopeArgumentError } from '@gradscope/core';
import { describe, expect, test } from 'vitest';

import { depthProfileChart, type Series } from '@gradscope/charts';
import { render, snapshotMarkup, translation } from './render-for-test.ts';

// The lecture's network: ‖a^[l]‖ = k^l·‖x‖ with x = (1, 1), written out in closed form (no engine needed here).
const lecture: Series[] = [1.5, 1, 0.5].map((k) => ({
  label: `k = ${k}`,
  values: Array.from({ length: 20 }, (_, i) => k ** (i + 1) * Math.SQRT2),
}));

/** x positions of the integer ticks of the x axis, by value. */
function xTicks(figure: HTMLElement): Map<number, number> {
  const labels = Array.from(figure.querySelectorAll('g[data-mark="x-axis tick label"] text'));
  return new Map(labels.map((t) => [Number(t.textContent), translation(t)[0]]));
}

function markers(figure: HTMLElement, meaning: string): Element[] {
  const group = figure.querySelector(`g[data-description="${meaning}"]`);
  return group ? Array.from(group.querySelectorAll('path')) : [];
}

/** The y axis's tick labels as a reader sees them, top to bottom (empty labels included). */
function yLabels(figure: HTMLElement): string[] {
  return Array.from(figure.querySelectorAll('g[data-mark="y-axis tick label"] text')).map(
    (t) => t.textContent ?? '',
  );
}

describe('depthProfileChart', () => {
  test('labels a log axis that spans less than a decade with no 1, 2 or 5 in it (0.6 to 0.95)', () => {
    // The Lab's forward chart at σ_w² = 2.5: RMS values between 0.6 and 1 drew tick marks with no numbers.
    const values = Array.from({ length: 20 }, (_, i) => 0.6 + (0.35 * i) / 19);
    const labels = yLabels(
      render(depthProfileChart({ quantity: 'RMS of a[l]', series: [{ label: 'net', values }] })),
    );
    const shown = labels.filter((label) => label !== '');
    expect(shown.length).toBeGreaterThanOrEqual(3);
    expect(shown.map(Number).every((v) => v >= 0.6 - 1e-9 && v <= 0.95 + 1e-9)).toBe(true);
  });

  test('keeps labelling a short log axis at 1, 2 and 5 times powers of ten when it has two of them', () => {
    const values = Array.from({ length: 20 }, (_, i) => 0.15 + (0.5 * i) / 19); // 0.15 … 0.65: 0.2 and 0.5
    const shown = yLabels(
      render(depthProfileChart({ quantity: 'x', series: [{ label: 'net', values }] })),
    ).filter((label) => label !== '');
    expect(shown).toEqual(expect.arrayContaining(['0.2', '0.5']));
  });

  test('draws the lecture network as one line per k (snapshot)', async () => {
    const figure = render(
      depthProfileChart({ title: 'Activation norm', quantity: '‖a[l]‖', series: lecture }),
    );
    await expect(snapshotMarkup(figure)).toMatchFileSnapshot('./__snapshots__/depth-profile.html.snap');
  });

  test('marks a layer that overflowed to Infinity on the top edge instead of dropping it', () => {
    const chart = depthProfileChart({
      quantity: '‖a[l]‖',
      series: [{ label: 'k = 2', values: [2, 4, Infinity] }],
    });
    const figure = render(chart);
    const overflow = markers(figure, '▲ overflowed to ∞');
    expect(overflow).toHaveLength(1);
    const [, y] = translation(overflow[0]);
    expect(y).toBe(chart.marginTop); // the top edge of the frame
    expect(chart.caption).toContain('k = 2 overflowed to ∞ at layer 3');
    expect(chart.ariaDescription).toContain('overflowed to ∞ at layer 3');
  });

  test('marks a run of layers that underflowed to 0 on the bottom edge: a ▼ where it starts, a bar to its end', () => {
    const chart = depthProfileChart({
      quantity: '‖a[l]‖',
      series: [{ label: 'k = 0.5', values: [0.5, 0.25, 0, 0] }],
    });
    const figure = render(chart);
    const ticks = xTicks(figure);
    const underflow = markers(figure, '▼ underflowed to 0');
    expect(underflow).toHaveLength(1);
    const [x, y] = translation(underflow[0]);
    expect(x).toBe(ticks.get(3));
    expect(y).toBe((chart.height as number) - (chart.marginBottom as number));
    const bar = figure.querySelector('g[data-description="▼ underflowed to 0 (continued)"] rect')!;
    expect(Number(bar.getAttribute('x'))).toBeCloseTo(ticks.get(3)!, 6);
    expect(Number(bar.getAttribute('x')) + Number(bar.getAttribute('width'))).toBeCloseTo(ticks.get(4)!, 6);
    expect(chart.caption).toContain('k = 0.5 underflowed to 0 from layer 3 to 4');
  });

  test('gives ∞ and NaN their own lanes, so "∞ at one layer, NaN after it" reads as two marks', () => {
    const values = [1.5, 2.25, Infinity, NaN, NaN, NaN];
    const chart = depthProfileChart({ quantity: '‖a[l]‖', series: [{ label: 'float32', values }] });
    const figure = render(chart);
    const ticks = xTicks(figure);
    expect(figure.querySelectorAll('circle')).toHaveLength(2); // the finite layers 1 and 2
    const [overflow] = markers(figure, '▲ overflowed to ∞');
    const [nan] = markers(figure, '× became NaN (not a number)');
    expect(translation(overflow)[0]).toBe(ticks.get(3));
    expect(translation(nan)[0]).toBe(ticks.get(4));
    // The NaN lane sits 12 pixels inside the top edge, below the ∞ lane.
    const nanGroup = figure.querySelector('g[data-description="× became NaN (not a number)"]')!;
    expect(translation(nanGroup)).toEqual([0, 12]);
    const bar = figure.querySelector('g[data-description="× became NaN (not a number) (continued)"] rect')!;
    expect(Number(bar.getAttribute('x')) + Number(bar.getAttribute('width'))).toBeCloseTo(ticks.get(6)!, 6);
    expect(chart.caption).toBe(
      '▲ float32 overflowed to ∞ at layer 3. × float32 became NaN (not a number) from layer 4 to 6. ' +
        '(Marked on the edge of the plot: the axis has no place for it.)',
    );
  });

  test('on a linear axis 0 is an ordinary point but Infinity is still marked', () => {
    const chart = depthProfileChart({
      quantity: 'value',
      yScale: 'linear',
      series: [{ label: 's', values: [0, 1, Infinity] }],
    });
    const figure = render(chart);
    expect(markers(figure, '▼ underflowed to 0')).toHaveLength(0);
    expect(markers(figure, '▲ overflowed to ∞')).toHaveLength(1);
    expect(figure.querySelectorAll('circle')).toHaveLength(2);
  });

  test('breaks the line at an unplaceable layer instead of bridging the gap', () => {
    const figure = render(
      depthProfileChart({ quantity: 'v', series: [{ label: 's', values: [1, 2, NaN, 8, 16] }] }),
    );
    const path = figure.querySelector('g[data-mark="line"] path');
    expect(path?.getAttribute('d')?.match(/M/g)).toHaveLength(2);
  });

  test('always sets an accessible name and a description that states the data', () => {
    const chart = depthProfileChart({ quantity: '‖a[l]‖', series: lecture });
    expect(chart.ariaLabel).toBe('‖a[l]‖ per layer');
    expect(chart.ariaDescription).toContain('k = 1.5: 2.121 at layer 1, rising to 4,703 at layer 20.');
    expect(chart.ariaDescription).toContain('k = 0.5');
  });

  test('rejects bad input with an error naming the argument', () => {
    const bad = (options: unknown) => () => depthProfileChart(options as never);
    expect(bad({ quantity: 'q', series: [] })).toThrow(GradscopeArgumentError);
    expect(bad({ quantity: 'q', series: [] })).toThrow(/series must be a non-empty array/);
    expect(
      bad({
        quantity: 'q',
        series: [
          { label: 'a', values: [1] },
          { label: 'a', values: [2] },
        ],
      }),
    ).toThrow(/series\[1\]\.label must be a unique label/);
    expect(bad({ quantity: 'q', series: [{ label: 'a', values: ['1'] }] })).toThrow(/series\[0\]\.values/);
    expect(bad({ quantity: 'q', yScale: 'loog', series: lecture })).toThrow(
      /yScale must be one of "log", "linear"/,
    );
    expect(bad({ series: lecture })).toThrow(/quantity must be a non-empty string/);
  });
});
