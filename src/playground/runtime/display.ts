/**
 * What `display(value)` does with each kind of value: a Plot options object, a Plot mark or a rendered Plot
 * element becomes a figure (SVG or HTML markup), an array of plain objects a table, anything else a printed line.
 *
 * Figures are rendered where the code runs (accessor functions cannot cross `postMessage`) into the document the
 * environment provides: linkedom in Node and in the Web Worker.
 */
import type * as PlotModule from '@observablehq/plot';

import { formatNumber, inspect } from './format.js';
import { hideLegendSwatches } from '../../charts/legend.js';
import type { TableCell } from './protocol.js';

/** The parts of Observable Plot the runtime calls. */
export type Plot = typeof PlotModule;

/** A rendered element, from linkedom or a real DOM. */
interface ElementLike {
  readonly outerHTML: string;
  readonly nodeType: number;
  querySelectorAll(selector: string): ArrayLike<ElementLike>;
  remove(): void;
  replaceWith(node: unknown): void;
  readonly ownerDocument: { createElement(tag: string): ElementLike & { className: string } } | null;
  readonly childNodes: ArrayLike<unknown>;
  append(...nodes: unknown[]): void;
}

/** How the runtime treats a displayed value. */
export type DisplayKind = 'figure' | 'table' | 'text';

/** Rows of a table beyond this are counted, not shown. */
export const TABLE_MAX_ROWS = 200;

/**
 * The `@observablehq/plot` module as reader code sees it: the real one, except that `plot`, `legend` and
 * `mark.plot()` render into the environment's document, so `Plot.plot({...})` works in Node and in a worker.
 *
 * @example
 * const Plot = readerPlotModule(RealPlot, parseHTML('<html></html>').document);
 * Plot.lineY([1, 2, 4]).plot().outerHTML; // '<svg …>'
 */
export function readerPlotModule(plot: Plot, document: Document): Plot {
  const render = (options: PlotModule.PlotOptions = {}) => plot.plot({ document, ...options });
  const legend = (options: PlotModule.LegendScales = {}) =>
    plot.legend({ document, ...options } as PlotModule.LegendScales);
  // `mark.plot()` calls Plot's internal `plot`, which looks for `window.document`; there is no window here.
  plot.Mark.prototype.plot = function (this: PlotModule.Mark, { marks = [], ...options } = {}) {
    return render({ ...options, marks: [marks, this as PlotModule.RenderableMark] });
  } as typeof plot.Mark.prototype.plot;
  return Object.freeze({ ...plot, plot: render, legend }) as Plot;
}

/**
 * Decides how `display` shows a value.
 *
 * @example
 * displayKind({ marks: [] }, Plot); // 'figure'
 * displayKind([{ layer: 1, norm: 0.5 }], Plot); // 'table'
 * displayKind(42, Plot); // 'text'
 */
export function displayKind(value: unknown, plot: Plot): DisplayKind {
  if (isElementLike(value) || value instanceof plot.Mark) return 'figure';
  if (isPlainObject(value) && Array.isArray(value.marks)) return 'figure';
  if (Array.isArray(value) && value.length > 0) {
    if (value.every((item) => item instanceof plot.Mark)) return 'figure';
    if (value.every(isPlainObject)) return 'table';
  }
  return 'text';
}

/** Renders Plot options into an element; `@gradscope/charts`' `renderChart` has this shape. */
export type OptionsRenderer = (options: PlotModule.PlotOptions, document: Document) => unknown;

/**
 * Renders a figure value (options, mark, array of marks or rendered element) to markup.
 *
 * Options go through `renderOptions` when given (the charts' `renderChart`, so a figure drawn in a playground
 * has the same markup and accessible name as the lesson's own figures), else through `Plot.plot`. Plot's
 * `<style>` element is dropped (the playground's stylesheet carries the same rules, and untrusted output may
 * not bring styles into the page), and `<h2>`/`<h3>` titles become `<div>`s so that an example's chart never
 * adds headings to the lesson's outline.
 */
export function renderFigure(
  value: unknown,
  plot: Plot,
  document: Document,
  renderOptions: OptionsRenderer = (options, doc) => plot.plot({ ...options, document: doc }),
): string {
  let element: unknown;
  if (isElementLike(value)) element = value;
  else if (value instanceof plot.Mark)
    element = renderOptions({ marks: [value as PlotModule.RenderableMark] }, document);
  else if (Array.isArray(value)) element = renderOptions({ marks: value as PlotModule.Markish[] }, document);
  else element = renderOptions(value as PlotModule.PlotOptions, document);
  if (!isElementLike(element)) throw new TypeError('display: Plot did not return an element to show.');
  return cleanFigure(element);
}

function cleanFigure(element: ElementLike): string {
  for (const style of Array.from(element.querySelectorAll('style'))) style.remove();
  // One image with one name for assistive technology, as the charts' renderChart makes it.
  const root = element as unknown as Element;
  if (root.tagName?.toLowerCase() !== 'svg') hideLegendSwatches(root);
  const svgs = root.tagName?.toLowerCase() === 'svg' ? [root] : Array.from(root.querySelectorAll('svg'));
  const title = root.querySelector?.('h2, .gs-chart-title')?.textContent?.trim();
  for (const svg of svgs) {
    // As the charts' renderChart does: inside role="img" a label on a plain <g> is invalid ARIA.
    for (const inner of Array.from(svg.querySelectorAll('[aria-label], [aria-description]'))) {
      inner.removeAttribute('aria-label');
      inner.removeAttribute('aria-description');
    }
    if (svg.getAttribute('role') || svg.getAttribute('aria-hidden') === 'true') continue;
    svg.setAttribute('role', 'img');
    if (!svg.getAttribute('aria-label'))
      svg.setAttribute('aria-label', title || 'Chart drawn by the example');
  }
  const doc = element.ownerDocument;
  if (doc) {
    for (const [tag, className] of [
      ['h2', 'plot-title'],
      ['h3', 'plot-subtitle'],
    ] as const) {
      for (const heading of Array.from(element.querySelectorAll(tag))) {
        const replacement = doc.createElement('div');
        replacement.className = className;
        replacement.append(...Array.from(heading.childNodes));
        heading.replaceWith(replacement);
      }
    }
  }
  return element.outerHTML;
}

/**
 * An array of plain objects as a table: the union of their keys as columns (in order of first appearance),
 * numbers formatted to six significant digits.
 *
 * @example
 * tableFrom([{ layer: 1, norm: 1.5 }, { layer: 2, norm: 2.25 }]).columns; // ['layer', 'norm']
 */
export function tableFrom(rows: readonly Record<string, unknown>[]): {
  columns: string[];
  rows: TableCell[][];
  omittedRows: number;
} {
  const shown = rows.slice(0, TABLE_MAX_ROWS);
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of shown) {
    for (const key of Object.keys(row)) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  }
  const cells = shown.map((row) => columns.map((column) => cell(row[column])));
  return { columns, rows: cells, omittedRows: rows.length - shown.length };
}

function cell(value: unknown): TableCell {
  if (typeof value === 'number') return { text: formatNumber(value), numeric: true };
  if (value === undefined) return { text: '', numeric: false };
  return { text: typeof value === 'string' ? value : inspect(value), numeric: false };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function isElementLike(value: unknown): value is ElementLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { nodeType?: unknown }).nodeType === 1 &&
    typeof (value as { outerHTML?: unknown }).outerHTML === 'string'
  );
}
