/**
 * Regions that scroll sideways (a long display equation on a phone, a wide chart or table) say so: while content
 * is hidden past an edge, `data-overflow` names the side(s) hiding it, `right`, `left` or `both`, and the CSS
 * fades those edges. When everything fits, the attribute is absent and nothing is drawn.
 *
 * Recomputed when the region changes size (rotation, window resizing), when it is scrolled, and once the web
 * fonts have loaded (KaTeX's fonts change a formula's width).
 */

const watched = new WeakSet<Element>();
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

/**
 * Keeps `data-overflow` current on each element (each is watched once, however often it is passed).
 *
 * @example
 * watchSidewaysScroll(document.querySelectorAll('.katex-display'));
 */
export function watchSidewaysScroll(elements: Iterable<Element>): void {
  resizes ??= new ResizeObserver((entries) => {
    for (const entry of entries) update(entry.target);
  });
  const added: Element[] = [];
  for (const element of elements) {
    if (watched.has(element)) continue;
    watched.add(element);
    added.push(element);
    resizes.observe(element);
    element.addEventListener('scroll', () => update(element), { passive: true });
  }
  if (added.length > 0) void document.fonts?.ready.then(() => added.forEach(update));
}
