/**
 * Plot's legends as the book shows them: in the chart's own type (Plot draws them in 10 px system-ui, below the
 * 11 px a phone needs), with swatches hidden from screen readers, and, for line charts with dashed series, a
 * sample of each line (its colour and dash) instead of a square, so a dashed series is recognisable in the legend.
 */
import type * as Plot from '@observablehq/plot';
import { CHART_DEFAULTS } from './theme.js';

/** The scales Plot may draw a legend for. */
const LEGEND_SCALES = ['color', 'opacity', 'symbol'] as const;

/**
 * Extra options of a colour scale that `renderChart` reads (Plot ignores them): the dash pattern of each domain
 * entry's line, `''` for a solid one. With it, the swatches are drawn as line samples.
 */
export interface LineSwatches {
  readonly lineSwatches?: readonly string[];
}

/** Width of a line sample in a legend: long enough to show a dash and a gap twice. */
export const LINE_SWATCH_WIDTH = 24;

/**
 * Plot options whose legends are set in the chart's type: the page's font at the charts' size, unless the scale's
 * own `style` says otherwise.
 *
 * @example
 * ```ts
 * Plot.plot(withLegendType(options)); // color: { legend: true, style: { fontFamily: 'inherit', fontSize: '13px' } }
 * ```
 */
export function withLegendType(options: Plot.PlotOptions): Plot.PlotOptions {
  const out: Record<string, unknown> = { ...options };
  for (const key of LEGEND_SCALES) {
    const scale = out[key] as (Plot.ScaleOptions & { style?: unknown }) | undefined;
    if (typeof scale !== 'object' || scale === null || !scale.legend) continue;
    const given = typeof scale.style === 'object' && scale.style !== null ? scale.style : {};
    out[key] = {
      ...scale,
      style: { fontFamily: 'inherit', fontSize: `${CHART_DEFAULTS.fontSize}px`, ...given },
    };
  }
  return out as Plot.PlotOptions;
}

/**
 * Marks the coloured squares of Plot's swatch legends as decorative: each legend entry's text already names its
 * series, and Plot gives every square the chart's own `aria-label`, which a screen reader would read once per
 * series.
 *
 * @example
 * ```ts
 * hideLegendSwatches(figure); // <svg aria-hidden="true"> inside every swatch
 * ```
 */
export function hideLegendSwatches(root: Element): void {
  for (const svg of Array.from(root.querySelectorAll('[class*="-swatch"] > svg'))) {
    svg.removeAttribute('role');
    svg.removeAttribute('aria-label');
    svg.setAttribute('aria-hidden', 'true');
  }
}

/**
 * Redraws the swatches of a legend whose entries are `domain` as line samples: each square becomes a line of its
 * colour with the entry's dash pattern. Entries are matched by their text, so other legends are left alone.
 *
 * @example
 * ```ts
 * drawLineSwatches(legend, ['‖dW‖', '‖δ‖'], ['', '7 4']); // the second entry's sample is dashed
 * ```
 */
export function drawLineSwatches(
  legend: Element,
  domain: readonly unknown[],
  dashes: readonly string[],
): void {
  const dashOf = new Map(domain.map((entry, i) => [String(entry), dashes[i] ?? '']));
  for (const swatch of Array.from(legend.querySelectorAll('[class$="-swatch"]'))) {
    const svg = swatch.querySelector(':scope > svg');
    const label = swatch.textContent?.trim() ?? '';
    if (!svg || !dashOf.has(label)) continue;
    const color = svg.getAttribute('fill');
    const height = Number(svg.getAttribute('height')) || 15;
    const width = Number(svg.getAttribute('width')) || LINE_SWATCH_WIDTH;
    const line = svg.ownerDocument.createElementNS('http://www.w3.org/2000/svg', 'line');
    for (const [name, value] of [
      ['x1', '0'],
      ['x2', String(width)],
      ['y1', String(height / 2)],
      ['y2', String(height / 2)],
      ['stroke', color ?? 'currentColor'],
      ['stroke-width', '2'],
    ]) {
      line.setAttribute(name, value);
    }
    const dash = dashOf.get(label)!;
    if (dash !== '') line.setAttribute('stroke-dasharray', dash);
    svg.removeAttribute('fill');
    svg.replaceChildren(line);
  }
}
