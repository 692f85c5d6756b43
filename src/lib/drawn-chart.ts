/**
 * A lesson's chart as `<Figure>` writes it into the page, and the same chart drawn ahead of time.
 *
 * A chart in a lesson's `figures.ts` is Observable Plot options, whose marks are class instances holding functions:
 * the build cache (`src/lib/lesson-cache/`) cannot store them. What `<Figure>` takes from a chart is only its SVG
 * markup and a few strings, so the cache stores a chart drawn ahead: the markup `<Figure>` would have drawn, with
 * the accessible name and description it was drawn with. Both paths go through {@link chartMarkup}, so a page is
 * the same byte for byte whichever one the chart took.
 */
import type { PlotOptions } from '@observablehq/plot';
import { parseHTML } from 'linkedom';

import { markReadableWidths } from '../charts/readable-width.ts';
import { renderChart } from '../charts/render.ts';

/** A chart already drawn: what `<Figure>` needs of it, with no Plot marks left. */
export interface DrawnChart {
  /** The chart's markup, drawn with this accessible name and description. */
  readonly drawn: { readonly html: string; readonly ariaLabel: string; readonly ariaDescription: string };
  readonly ariaLabel?: string;
  readonly ariaDescription?: string;
  readonly title?: string;
  /** The chart's own note, shown after the figure's caption. */
  readonly caption?: string;
}

/**
 * The markup `<Figure>` puts on the page for a chart: the chart (its own caption set aside, `<Figure>` shows it as
 * a note) drawn with the given accessible name and description, each SVG marked with the width it may shrink to.
 *
 * @example
 * chartMarkup(depthProfileChart({ quantity: '‖a‖', series }), 'Activation norms', 'One line per k.');
 * // '<svg role="img" aria-label="Activation norms" …>…</svg>'
 */
export function chartMarkup(chart: PlotOptions, ariaLabel: string, ariaDescription: string): string {
  const { caption: _note, ...options } = chart;
  const { document } = parseHTML('<!doctype html><html><head></head><body></body></html>');
  const rendered = renderChart({ ...options, ariaLabel, ariaDescription }, document);
  markReadableWidths(rendered);
  return rendered.innerHTML;
}

const isString = (value: unknown): value is string => typeof value === 'string';

/**
 * Whether `value` is a chart drawn ahead by {@link drawChartAhead}.
 *
 * @example
 * isDrawnChart(drawChartAhead(chart)); // true
 * isDrawnChart(chart); // false: Plot options, still to draw
 */
export function isDrawnChart(value: unknown): value is DrawnChart {
  const drawn = (value as DrawnChart | null)?.drawn;
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof drawn === 'object' &&
    drawn !== null &&
    isString(drawn.html) &&
    isString(drawn.ariaLabel) &&
    isString(drawn.ariaDescription)
  );
}

/**
 * Draws a chart the way `<Figure chart={…}>` with no `label` or `description` would, and keeps only what
 * `<Figure>` reads. Anything other than plain Plot options with their own accessible name and description is
 * left alone (`undefined`): `<Figure>` draws it, or reports what it lacks, when the page builds.
 *
 * @example
 * const drawn = drawChartAhead(figures.lossChart); // { drawn: { html: '<svg …', ariaLabel, ariaDescription }, … }
 */
export function drawChartAhead(value: unknown): DrawnChart | undefined {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype)
    return undefined;
  const chart = value as PlotOptions;
  if (!Array.isArray(chart.marks)) return undefined;
  const ariaLabel = chart.ariaLabel ?? (isString(chart.title) ? chart.title : undefined);
  const { ariaDescription } = chart;
  if (!isString(ariaLabel) || !isString(ariaDescription)) return undefined;
  // Only strings are kept: they are all `<Figure>` reads, and Plot also accepts elements there.
  const kept = Object.fromEntries(
    (['ariaLabel', 'ariaDescription', 'title', 'caption'] as const)
      .filter((field) => isString(chart[field]))
      .map((field) => [field, chart[field]]),
  );
  return {
    drawn: { html: chartMarkup(chart, ariaLabel, ariaDescription), ariaLabel, ariaDescription },
    ...kept,
  };
}
