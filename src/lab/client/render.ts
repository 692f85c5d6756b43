/**
 * Drawing into the page's slots, at most once per frame per slot: results arrive from several workers at once,
 * and only the newest figure of each slot is worth drawing. Charts go through `renderChart` (src/charts), the
 * function that drew the page's figures at build time, so a figure looks the same before and after its first
 * update; markup (tables, sentences) is built by the Lab's own escaping functions.
 */
import { renderChart } from '@gradscope/charts';
import type { PlotOptions } from '@observablehq/plot';

import { readableWidth } from '../../charts/readable-width.ts';

type Content = { readonly chart: PlotOptions } | { readonly html: string };

const pending = new Map<HTMLElement, Content>();
/** Drawn in a frame in which nothing else is: figures that should not delay the ones a control change awaits. */
const later = new Map<HTMLElement, Content>();
let frame = 0;
const afterDraw: (() => void)[] = [];

/**
 * Draws `content` into `slot` in the next animation frame (replacing anything asked before for that slot), or,
 * with `'later'`, in the first frame that has nothing else to draw.
 *
 * @example
 * draw(slot, { chart: forwardChart(state, scans, theory) });
 */
export function draw(slot: HTMLElement, content: Content, when: 'now' | 'later' = 'now'): void {
  (when === 'now' ? pending : later).set(slot, content);
  if (when === 'now') later.delete(slot);
  if (frame === 0) frame = requestAnimationFrame(flush);
}

/** How long a slot may show an older state's figure before it is dimmed. */
const DIM_AFTER_MS = 300;
let dimTimer: number | undefined;

/**
 * Marks slots as showing an older state's figures until their new ones are drawn (`aria-busy` for screen readers
 * at once; dimmed only if the new figures are still missing after DIM_AFTER_MS). The dimming is an attribute set
 * by a timer, not a delayed CSS transition: starting a transition made the browser repaint the whole page in the
 * event's frame (≈ 30 ms of main-thread work, on the cores the workers need), even when it never fired.
 *
 * @example
 * markStale([forwardSlot, backwardSlot]);
 */
export function markStale(slots: readonly HTMLElement[]): void {
  for (const slot of slots) {
    // A drawing of the older state still waiting for its frame would be out of date too.
    pending.delete(slot);
    slot.setAttribute('data-stale', '');
    slot.setAttribute('aria-busy', 'true');
  }
  window.clearTimeout(dimTimer);
  dimTimer = window.setTimeout(() => {
    for (const late of document.querySelectorAll('[data-slot][data-stale=""]'))
      late.setAttribute('data-stale', 'late');
  }, DIM_AFTER_MS);
}

/** Runs `callback` after the next frame's drawing (or now, when nothing is waiting to be drawn). */
export function whenDrawn(callback: () => void): void {
  if (frame === 0) callback();
  else afterDraw.push(callback);
}

function flush(): void {
  frame = 0;
  const drawing = pending.size > 0 ? pending : later;
  for (const [slot, content] of drawing) {
    slot.removeAttribute('data-stale');
    slot.removeAttribute('aria-busy');
    if ('chart' in content) {
      const figure = renderChart(content.chart, document);
      const svg = figure.querySelector('svg');
      const width = svg ? readableWidth(svg) : undefined;
      slot.style.setProperty('--gs-readable-width', width ? `${width}px` : '0');
      slot.replaceChildren(figure);
    } else {
      slot.innerHTML = content.html;
    }
  }
  drawing.clear();
  if (later.size > 0) frame = requestAnimationFrame(flush);
  for (const callback of afterDraw.splice(0)) callback();
}
