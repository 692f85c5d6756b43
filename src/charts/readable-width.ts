/**
 * How far a chart may shrink to fit a narrow screen: an SVG drawn narrower than its own width scales its text
 * down with it, and text below 11 px is hard to read. The page lets each SVG of a chart (the plot, a colour ramp)
 * shrink to this width and scrolls the chart sideways beyond (Figure.astro, the playground's output). Not part of
 * `@gradscope/charts`' API (index.ts).
 */

/** The smallest size chart text may be drawn at, in CSS pixels. */
export const MIN_TEXT_PX = 11;

/** Observable Plot's default font size, when a chart sets none. */
const PLOT_FONT_PX = 10;

/** The font sizes an element sets itself, in pixels: its `font-size` attribute and its inline style's. */
function ownFontSizes(element: Element): number[] {
  const sizes: number[] = [];
  const styled = /font-size:\s*([\d.]+)px/.exec(element.getAttribute('style') ?? '')?.[1];
  if (styled !== undefined) sizes.push(Number(styled));
  else if (element.hasAttribute('font-size')) sizes.push(Number(element.getAttribute('font-size')));
  return sizes.filter((size) => size > 0);
}

/**
 * The narrowest width, in CSS pixels, at which the SVG's smallest text is still drawn at {@link MIN_TEXT_PX} or
 * more; never more than the SVG's own width (a chart is not enlarged). Undefined when the SVG has no width.
 *
 * @example
 * readableWidth(svg); // 542 for a 640-pixel chart whose smallest text is 13 pixels (640 × 11 / 13)
 */
export function readableWidth(svg: Element): number | undefined {
  const width = Number(svg.getAttribute('width'));
  if (!(width > 0)) return undefined;
  const rootSize = ownFontSizes(svg)[0] ?? PLOT_FONT_PX;
  // A mark may set a smaller size on its group or on a text (Plot writes `font-size` attributes).
  const inner = Array.from(svg.querySelectorAll('[font-size], [style*="font-size"]')).flatMap(ownFontSizes);
  const fontPx = Math.min(rootSize, ...inner);
  return Math.ceil(Math.min(width, (width * MIN_TEXT_PX) / fontPx));
}

/**
 * Gives every scalable SVG of a rendered chart (those with a `viewBox`: the plot and any colour ramp; a legend
 * swatch keeps its size) its readable width as `--gs-readable-width`, which the page's CSS uses as its
 * `min-width`. Each SVG gets its own: a 400-pixel ramp and a 640-pixel plot stop shrinking at different widths.
 *
 * @example
 * markReadableWidths(wrapper); // <svg style="…; --gs-readable-width: 542px">
 */
export function markReadableWidths(root: Element): void {
  // Filtered by hand: linkedom (the build's document) does not match `[viewBox]` selectors on SVG elements.
  const svgs = root.tagName.toLowerCase() === 'svg' ? [root] : Array.from(root.querySelectorAll('svg'));
  for (const svg of svgs.filter((element) => element.hasAttribute('viewBox'))) {
    const width = readableWidth(svg);
    if (width === undefined) continue;
    const style = (svg.getAttribute('style') ?? '').replace(/;?\s*--gs-readable-width:[^;]*/, '').trim();
    const joined = style === '' ? '' : style.endsWith(';') ? `${style} ` : `${style}; `;
    svg.setAttribute('style', `${joined}--gs-readable-width: ${width}px`);
  }
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
