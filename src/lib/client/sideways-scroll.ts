/**
 * Regions that scroll sideways (a long display equation on a phone, a wide chart or table) say so: while content
 * is hidden past an edge, `data-overflow` names the side(s) hiding it, `right`, `left` or `both`, and the CSS
 * fades those edges. When everything fits, the attribute is absent and nothing is drawn.
 *
 * Recomputed when the region changes size (rotation, window resizing), when it is scrolled, when web fonts
 * finish loading (KaTeX's fonts change a formula's width), and when it comes into view. That last one
 * matters because lesson blocks far from the viewport are skipped (`content-visibility: auto`): Chromium answers
 * `scrollWidth` there from a stale layout (a formula measured before its fonts, 479 pixels in a 343-pixel box), and
 * when the block comes back its box keeps its size, so no resize would correct the cue. A skipped region is
 * therefore measured only once it is laid out. Nothing here forces a layout: sizes are read in the observers'
 * callbacks, after the browser has laid the page out anyway (or, for a region waiting for its block, in the frame
 * that lays the block out).
 */

/** Watched regions still in the page (regions that left it are dropped at the next call). */
const watched = new Set<Element>();
let resizes: ResizeObserver | undefined;
let arrivals: IntersectionObserver | undefined;
/** Watched regions in the viewport now, as `arrivals` last reported. */
const inView = new Set<Element>();

/**
 * True while the region's content is skipped (it lies in, or is itself, a `content-visibility: auto` block far from
 * the viewport, or one that has just come into view and is not laid out yet): its sizes are stale then. Asked of
 * the region's first child, since a block that skips its content is itself still "visible".
 */
function skipped(element: Element): boolean {
  const content = element.firstElementChild ?? element;
  return content.checkVisibility?.({ contentVisibilityAuto: true }) === false;
}

/** Frames a skipped region is waited for before the next arrival in view measures it instead. */
const FRAMES_TO_WAIT = 10;

function update(element: Element, frames = FRAMES_TO_WAIT): void {
  if (skipped(element)) {
    // A region in view is laid out within a frame or two; one far away is measured when it arrives (`arrivals`).
    if (inView.has(element) && frames > 0) requestAnimationFrame(() => update(element, frames - 1));
    return;
  }
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
  document.fonts?.addEventListener('loadingdone', () => watched.forEach((element) => update(element)));
  // Laid out again as it comes into view, a region may hide a different width than when it was skipped.
  arrivals = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) {
        inView.delete(entry.target);
        continue;
      }
      inView.add(entry.target);
      update(entry.target);
    }
  });
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
    inView.delete(element);
    resizes.unobserve(element);
    arrivals?.unobserve(element);
  }
  for (const element of elements) {
    if (watched.has(element)) continue;
    watched.add(element);
    // Observing reports the element's size once, after the next layout: that is its first update.
    resizes.observe(element);
    arrivals?.observe(element);
    element.addEventListener('scroll', () => update(element), { passive: true });
  }
}
