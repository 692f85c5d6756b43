/**
 * Renders chart options the way the build does (linkedom, no browser) and prepares markup for snapshots the way
 * Observable Plot's own tests do: numbers rounded to two decimals, so a last-digit change in floating point or
 * in a text-measuring heuristic does not fail a snapshot, and one tag per line, so a diff reads well.
 */
import type * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

import { renderChart } from '@gradscope/charts';

/** A fresh build-time document. */
export function buildDocument(): Document {
  return parseHTML('<!doctype html><html><head></head><body></body></html>').document as unknown as Document;
}

/** Renders options into a fresh document and returns the `<figure class="gs-chart">`. */
export function render(options: Plot.PlotOptions): HTMLElement {
  const document = buildDocument();
  const figure = renderChart(options, document);
  document.body.append(figure);
  return figure;
}

/** Markup with every decimal number rounded to 2 places and one tag per line. */
export function snapshotMarkup(element: Element): string {
  return `${element.outerHTML
    .replace(/\d+\.\d+/g, (number) => {
      const rounded = Number(Number(number).toFixed(2));
      return String(rounded);
    })
    .replace(/></g, '>\n<')}\n`;
}

/** The [x, y] of an SVG element's `translate(x,y)` transform. */
export function translation(element: Element): [number, number] {
  const match = /translate\(([-\d.e]+)[ ,]+([-\d.e]+)\)/.exec(element.getAttribute('transform') ?? '');
  if (!match) throw new Error(`no translate() in ${element.outerHTML.slice(0, 120)}`);
  return [Number(match[1]), Number(match[2])];
}
