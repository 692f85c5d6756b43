/**
 * Regions that scroll sideways (a long display equation on a phone, a wide chart or table) say so: while content
 * is hidden past an edge, `data-overflow` names the side(s) hiding it, `right`, `left` or `both`, and the CSS
 * fades those edges. When everything fits, the attribute is absent and nothing is drawn.
 *
 * Recomputed when the region changes size (rotation, window resizing), when it is scrolled, and when web fonts
 * finish loading (KaTeX's fonts change a formula's width). Nothing here forces a layout: sizes are read in the
 * observers' callbacks, after the browser has laid the page out anyway.
 */

/** Watched regions still in the page (regions that left it are dropped at the next call). */
const watched = new Set<Element>();
let resizes: ResizeObserver | undefined;

function update(element: Element): void {
  const hidden = element.scrollWidth - element.clientWidth;
  if (hidden <= 0) {
    element.removeAttribute('data-overflow');
    return;
  }
  const left = element.scrollLeft > 0;
  // Scroll positions can be fractional: within a pixel of the end counts as the end.
  const right = element.scrollLeft < hidden - 1;
  element.setAttribute('data-overflow', left && right ? 'both' : left ? 'left' : 'right');
}

function start(): ResizeObserver {
  // Fonts that finish loading change widths without resizing the region itself.
  document.fonts?.addEventListener('loadingdone', () => watched.forEach(update));
  return new ResizeObserver((entries) => {
    for (const entry of entries) update(entry.target);
  });
}

/**
 * Keeps `data-overflow` current on each element (each is watched once, however often it is passed).
 *
 * @example
 * watchSidewaysScroll(document.querySelectorAll('.katex-display'));
 */
export function watchSidewaysScroll(elements: Iterable<Element>): void {
  resizes ??= start();
  for (const element of watched) {
    if (element.isConnected) continue;
    watched.delete(element);
    resizes.unobserve(element);
  }
  for (const element of elements) {
    if (watched.has(element)) continue;
    watched.add(element);
    // Observing reports the element's size once, after the next layout: that is its first update.
    resizes.observe(element);
    element.addEventListener('scroll', () => update(element), { passive: true });
  }
}
