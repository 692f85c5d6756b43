import { describe, expect, test } from 'vitest';

import { trainingCurveChart, withRegions } from '@gradscope/charts';
import { render, snapshotMarkup } from './render-for-test.ts';

const chart = trainingCurveChart({
  caption: 'Loss per step.',
  yScale: 'log',
  series: [{ label: 'learning rate 0.1', values: [1, 0.5, 0.3, 0.2, 0.15, 0.1] }],
});
const regions = [
  { from: 0, to: 2, label: 'fast' },
  { from: 2, to: 5, label: 'slow' },
];

describe('withRegions', () => {
  test('shades each region behind the lines, labels it, and rules its boundaries (snapshot)', async () => {
    const shaded = withRegions(chart, { regions, unit: 'step' });
    const figure = render(shaded);
    const rects = figure.querySelectorAll('g[data-mark="rect"] rect');
    expect(rects).toHaveLength(2);
    const labels = Array.from(figure.querySelectorAll('g[data-mark="text"] text')).map((t) => t.textContent);
    expect(labels).toEqual(expect.arrayContaining(['fast', 'slow']));
    // Three distinct boundaries: 0, 2 and 5.
    expect(figure.querySelectorAll('g[data-mark="rule"] line').length).toBeGreaterThanOrEqual(3);
    // The bands are drawn first, so the data sit on top of them.
    const marks = Array.from(figure.querySelectorAll('svg > g[data-mark]')).map((g) =>
      g.getAttribute('data-mark'),
    );
    expect(marks.indexOf('rect')).toBeLessThan(marks.indexOf('line'));
    await expect(snapshotMarkup(figure)).toMatchFileSnapshot('./__snapshots__/regions.html.snap');
  });

  test('says in the caption and the description what the shading says', () => {
    const shaded = withRegions(chart, { regions, unit: 'step' });
    const note = 'Shaded regions, left to right: fast (step from 0 to 2); slow (step from 2 to 5).';
    expect(shaded.caption).toContain(note);
    expect(shaded.ariaDescription).toContain(note);
    // The chart's own caption is kept, in front.
    expect(String(shaded.caption).startsWith('Loss per step. ')).toBe(true);
  });

  test('rejects overlapping, empty or backwards regions, naming the region', () => {
    expect(() => withRegions(chart, { regions: [] })).toThrow(/withRegions: options\.regions must be/);
    expect(() => withRegions(chart, { regions: [{ from: 3, to: 1, label: 'x' }] })).toThrow(
      /options\.regions\[0\]\.to must be a finite number greater than from \(3\)/,
    );
    expect(() =>
      withRegions(chart, {
        regions: [
          { from: 0, to: 3, label: 'a' },
          { from: 2, to: 4, label: 'b' },
        ],
      }),
    ).toThrow(/options\.regions\[1\]\.from must be at least the previous region's end \(3\)/);
    expect(() => withRegions(chart, { regions: [{ from: 0, to: 1, label: ' ' }] })).toThrow(
      /options\.regions\[0\]\.label/,
    );
  });
});
