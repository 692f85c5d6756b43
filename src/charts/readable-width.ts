/**
 * How far a chart may shrink to fit a narrow screen: an SVG drawn narrower than its own width scales its text
 * down with it, and text below 11 px is hard to read. The page lets a chart shrink to this width and scrolls it
 * sideways beyond (Figure.astro, the playground's output). Not part of `@gradscope/charts`' API (index.ts).
 */

/** The smallest size chart text may be drawn at, in CSS pixels. */
export const MIN_TEXT_PX = 11;

/** Observable Plot's default font size, when a chart sets none. */
const PLOT_FONT_PX = 10;

/**
 * The narrowest width, in CSS pixels, at which the chart's text is still drawn at {@link MIN_TEXT_PX} or more;
 * never more than the chart's own width (a chart is not enlarged). Undefined when the SVG has no width.
 *
 * @example
 * readableWidth(svg); // 542 for a 640-pixel chart with 13-pixel text (640 × 11 / 13)
 */
export function readableWidth(svg: Element): number | undefined {
  const width = Number(svg.getAttribute('width'));
  if (!(width > 0)) return undefined;
  const styled = /font-size:\s*([\d.]+)px/.exec(svg.getAttribute('style') ?? '')?.[1];
  const fontPx = Number(styled ?? svg.getAttribute('font-size') ?? PLOT_FONT_PX) || PLOT_FONT_PX;
  return Math.ceil(Math.min(width, (width * MIN_TEXT_PX) / fontPx));
}

/**
 * The chart's own `<svg>` inside what `renderChart` (or a playground) produced: the last `<svg>` directly inside the
 * element or inside its `<figure>`. Plot puts legends first, and a legend is itself an `<svg>` (a colour ramp) or
 * holds one per swatch, so the first `<svg>` found is often a 15-pixel swatch, not the chart.
 *
 * @example
 * chartSvgOf(renderChart(options, document)); // the plot, after any legend
 */
export function chartSvgOf(element: Element): Element | undefined {
  const direct = (parent: Element) =>
    Array.from(parent.children).filter((e) => e.tagName.toLowerCase() === 'svg');
  const figure = Array.from(element.children).find((e) => e.tagName.toLowerCase() === 'figure');
  return [...direct(element), ...(figure ? direct(figure) : [])].at(-1);
}
