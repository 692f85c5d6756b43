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

/** A rectangle of a compactly drawn grid (cell-grid.ts): one `M x,y h w v h h -w z` of a colour's path. */
export interface DrawnBox {
  readonly fill: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The rectangles the coloured cells of a grid chart are drawn with, read back from their paths. */
export function drawnCells(figure: Element): DrawnBox[] {
  const boxes: DrawnBox[] = [];
  for (const path of Array.from(figure.querySelectorAll('g[data-mark="cell"] path'))) {
    const fill = path.getAttribute('fill')!;
    const d = path.getAttribute('d')!;
    const pattern = /M([-\d.]+),([-\d.]+)h([-\d.]+)v([-\d.]+)h([-\d.]+)z/g;
    let consumed = 0;
    for (const match of d.matchAll(pattern)) {
      const [x, y, width, height, back] = match.slice(1).map(Number);
      if (back !== -width) throw new Error(`not a rectangle: ${match[0]}`);
      boxes.push({ fill, x, y, width, height });
      consumed += match[0].length;
    }
    if (consumed !== d.length) throw new Error(`a cell path holds more than rectangles: ${d.slice(0, 80)}`);
  }
  return boxes;
}

/** The fill of the drawn rectangle holding the point (x, y); throws unless exactly one holds it. */
export function fillAt(boxes: readonly DrawnBox[], x: number, y: number): string {
  const holding = boxes.filter((b) => x > b.x && x < b.x + b.width && y > b.y && y < b.y + b.height);
  if (holding.length !== 1) throw new Error(`${holding.length} drawn cells hold (${x}, ${y})`);
  return holding[0].fill;
}
