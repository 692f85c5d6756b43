/**
 * Turns a chart's Plot options into an element, with any `document`: the browser's, a Web Worker's fake one,
 * or linkedom's at build time.
 *
 * Plot would put the title in an `<h2>` and the subtitle in an `<h3>`; inside a lesson those would break the
 * page's heading outline (and its table of contents), so the title and subtitle become paragraphs and the
 * caption a `<figcaption>` of one `<figure class="gs-chart">`. The chart's `<svg>` gets `role="img"`, its
 * accessible name (`aria-label`) and description (`aria-description`, and a `<desc>` for readers that only know
 * SVG's own), so a screen reader announces one image with a sentence about the data instead of every tick.
 * Plot's per-mark `aria-label`s ("line", "dot") become `data-mark` (and `aria-description` `data-description`):
 * inside an image they are not allowed, and tests and inspectors still find the marks by them.
 */
import * as Plot from '@observablehq/plot';

const TITLE_STYLE = 'margin: 0 0 0.25rem; font-weight: 600; font-size: 1rem; line-height: 1.4;';
const SUBTITLE_STYLE = 'margin: 0 0 0.5rem; font-size: 0.875rem; line-height: 1.4; opacity: 0.85;';
const CAPTION_STYLE = 'margin-top: 0.5rem; font-size: 0.875rem; line-height: 1.5;';

/**
 * Renders Plot options (as returned by this library's chart functions, or any Plot options) into a
 * `<figure class="gs-chart">` holding the title, the legends, the SVG and the caption.
 *
 * @example
 * ```ts
 * import { parseHTML } from 'linkedom';
 * const { document } = parseHTML('<!doctype html><html><body></body></html>');
 * const figure = renderChart(depthProfileChart({ quantity: '‖a‖', series }), document);
 * figure.outerHTML; // '<figure class="gs-chart">…<svg role="img" aria-label="…">…</svg>…</figure>'
 * ```
 */
export function renderChart(options: Plot.PlotOptions, document: Document): HTMLElement {
  const { title, subtitle, caption, ...rest } = options;
  const plotted = Plot.plot({ ...rest, document });
  const figure = document.createElement('figure');
  figure.setAttribute('class', 'gs-chart');

  if (title != null) figure.append(textElement(document, 'p', 'gs-chart-title', title, TITLE_STYLE));
  if (subtitle != null)
    figure.append(textElement(document, 'p', 'gs-chart-subtitle', subtitle, SUBTITLE_STYLE));

  // Without legends Plot returns the bare <svg>; with them, a <figure> of legends followed by the chart's <svg>.
  const parts: Element[] =
    plotted.tagName.toLowerCase() === 'figure' ? Array.from(plotted.children) : [plotted as Element];
  const svg = parts[parts.length - 1];
  svg.setAttribute('role', 'img');
  // Inside role="img" every element is presentational, and axe reports an aria-label on a plain <g> as a
  // prohibited attribute. Plot labels its mark groups ("line", "dot", "x-axis tick"); keep that as data.
  for (const element of Array.from(svg.querySelectorAll('[aria-label], [aria-description]'))) {
    for (const [aria, data] of [
      ['aria-label', 'data-mark'],
      ['aria-description', 'data-description'],
    ] as const) {
      const value = element.getAttribute(aria);
      if (value === null) continue;
      element.removeAttribute(aria);
      element.setAttribute(data, value);
    }
  }
  const description = svg.getAttribute('aria-description');
  if (description) {
    const desc = document.createElementNS('http://www.w3.org/2000/svg', 'desc');
    desc.textContent = description;
    svg.insertBefore(desc, svg.firstChild);
  }
  for (const legend of parts.slice(0, -1)) hideLegendSwatches(legend);
  for (const part of parts) uniqueIds(part);
  figure.append(...parts);

  if (caption != null)
    figure.append(textElement(document, 'figcaption', 'gs-chart-caption', caption, CAPTION_STYLE));
  return figure;
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

/** Attributes that point at an element by id: `url(#id)` in paint and clipping, `#id` in links. */
const ID_REFERENCES = [
  'clip-path',
  'mask',
  'filter',
  'fill',
  'stroke',
  'marker-start',
  'marker-mid',
  'marker-end',
];

/**
 * Gives the ids inside a rendered chart (Plot's clip paths, `plot-clip-1`, numbered per document) a suffix taken
 * from the chart's own markup, and rewrites the references to them. Charts rendered in separate documents at build
 * time (the examples' worker threads each start Plot's counter afresh) would otherwise share ids on one page, and
 * each would clip by the other's path. The suffix is a hash of the chart's markup with its ids set aside, so the
 * same chart always gets the same ids, whatever was rendered before it (pages stay byte-identical between builds).
 *
 * @example
 * ```ts
 * uniqueIds(svg); // <clipPath id="plot-clip-1-5f3a9c"> … clip-path="url(#plot-clip-1-5f3a9c)", whatever Plot's counter said
 * ```
 */
export function uniqueIds(root: Element): void {
  const withIds = Array.from(root.querySelectorAll('[id]'));
  if (withIds.length === 0) return;
  const ids = withIds.map((element) => element.getAttribute('id')!);
  // Plot's counter runs on across charts (and restarts in every worker), so hash the markup with each id replaced
  // by its position in this chart: the suffix then depends on what the chart draws, not on what was drawn before.
  let markup = root.outerHTML;
  for (const [index, id] of [...ids.entries()].sort((a, b) => b[1].length - a[1].length)) {
    markup = markup.split(id).join(`\u0000${index}`);
  }
  const suffix = fnv1a(markup);
  const renamed = new Map<string, string>();
  withIds.forEach((element, index) => {
    const fresh = `${ids[index].replace(/-?\d+$/, '')}-${index + 1}-${suffix}`;
    renamed.set(ids[index], fresh);
    element.setAttribute('id', fresh);
  });
  const rename = (_: string, id: string) => `url(#${renamed.get(id) ?? id})`;
  for (const element of Array.from(root.querySelectorAll('*'))) {
    for (const name of ID_REFERENCES) {
      const value = element.getAttribute(name);
      if (value?.includes('url(#')) element.setAttribute(name, value.replace(/url\(#([^)]+)\)/g, rename));
    }
    for (const name of ['href', 'xlink:href']) {
      const value = element.getAttribute(name);
      if (value?.startsWith('#') && renamed.has(value.slice(1))) {
        element.setAttribute(name, `#${renamed.get(value.slice(1))}`);
      }
    }
  }
}

/** A short, stable hash of a string (FNV-1a, 32 bits, base 36). */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

/**
 * `renderChart(options, document).outerHTML`: the markup to write into a page at build time.
 *
 * @example
 * ```ts
 * const html = renderChartHtml(heatmapChart({ matrix: [[1, 0], [0, 1]] }), document);
 * ```
 */
export function renderChartHtml(options: Plot.PlotOptions, document: Document): string {
  return renderChart(options, document).outerHTML;
}

function textElement(
  document: Document,
  tag: 'p' | 'figcaption',
  className: string,
  content: string | Node,
  style: string,
): HTMLElement {
  const element = document.createElement(tag);
  element.setAttribute('class', className);
  element.setAttribute('style', style);
  element.append(content);
  return element;
}
