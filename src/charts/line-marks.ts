/**
 * Marks the line charts share: a line's points with its gaps kept, each series' name at the end of its line, and
 * a dashed horizontal reference line.
 */
import * as Plot from '@observablehq/plot';
import type { ChartPoint } from './off-scale.js';

/**
 * Every point for a line, those the axis cannot place (0, ∞, NaN on a log scale) as NaN, so the line breaks at a
 * gap instead of bridging it (the off-scale marks show what is there).
 *
 * @example
 * ```ts
 * gapped([{ series: 'a', x: 1, y: 2, status: 'finite' }, { series: 'a', x: 2, y: Infinity, status: 'overflow' }]);
 * // [{ …, y: 2 }, { …, x: 2, y: NaN, status: 'overflow' }]
 * ```
 */
export function gapped<P extends ChartPoint>(points: readonly P[]): P[] {
  return points.map((p) => (p.status === 'finite' ? p : { ...p, y: NaN }));
}

/**
 * Each series' name just right of the last of its `points`, in the text colour: direct labels instead of a
 * legend. `dy` moves the names down (positive) or up, so two sets of names that end together do not overprint.
 *
 * @example
 * ```ts
 * endLabels(points.filter((p) => p.status === 'finite'));
 * ```
 */
export function endLabels(points: readonly ChartPoint[], dy = 0): Plot.Markish {
  return Plot.text(
    points,
    Plot.selectLast({
      x: 'x',
      y: 'y',
      z: 'series',
      text: 'series',
      dx: 6,
      dy,
      textAnchor: 'start',
      fill: 'currentColor',
    }),
  );
}

/**
 * A dashed horizontal line across the plot at `y` (e.g. at 1 for "unchanged"); nothing when `y` is undefined.
 *
 * @example
 * ```ts
 * referenceLine(options.reference); // Plot.ruleY([1], { stroke: 'currentColor', … }) or null
 * ```
 */
export function referenceLine(y: number | undefined): Plot.Markish {
  return y !== undefined
    ? Plot.ruleY([y], {
        stroke: 'currentColor',
        strokeOpacity: 0.5,
        strokeDasharray: '4 3',
      })
    : null;
}

/**
 * Measurements as dots, filled lightly in their series' colour and ringed in it, so a line under a dot still shows:
 * the dots of a chart that sets measurements against a closed form.
 *
 * @example
 * ```ts
 * measuredDots(finiteMeasured, (p) => `${p.series}: ${formatNumber(p.y)}`);
 * ```
 */
export function measuredDots<P extends ChartPoint>(
  points: readonly P[],
  title: (p: P) => string,
): Plot.Markish {
  return Plot.dot(points, {
    x: 'x',
    y: 'y',
    stroke: 'series',
    fill: 'series',
    fillOpacity: 0.25,
    r: 3.5,
    strokeWidth: 1.5,
    title,
  });
}
