/**
 * Figure markup from the worker is untrusted (a shared link can carry any code), so it goes through DOMPurify
 * before it touches the page, with rules for what a figure needs and nothing more:
 * - no script, event handlers, `<style>`, `<foreignObject>`, forms, frames, or `data-*` attributes (the
 *   playground's own controls are found by data attributes);
 * - every `id` is prefixed per figure, and `url(#…)`/`href="#…"` references follow, so a figure's ids cannot
 *   collide with the page's (a `#short-answer` anchor or a script's `getElementById` stays the page's);
 * - no URL that would fetch anything: images only as `data:` URIs, links only as http(s) in a new tab, no
 *   `url(…)` to another resource in a style attribute.
 * The output panel's CSS (`contain: layout paint`) keeps whatever remains, such as `position: fixed`, inside the
 * panel.
 */
import createDOMPurify, { type Config } from 'dompurify';

const purifier = createDOMPurify(window);
let idPrefix = '';

const URL_REFERENCE = /url\(\s*(['"]?)#/g;

purifier.addHook('uponSanitizeAttribute', (node, data) => {
  const name = data.attrName;
  const value = data.attrValue;
  if (name === 'id') {
    data.attrValue = `${idPrefix}${value}`;
    return;
  }
  if (name === 'href' || name === 'xlink:href') {
    if (value.startsWith('#')) data.attrValue = `#${idPrefix}${value.slice(1)}`;
    else if (!(node.nodeName.toLowerCase() === 'a' && /^https?:\/\//i.test(value))) data.keepAttr = false;
    return;
  }
  if (name === 'src' || name === 'srcset' || name === 'poster' || name === 'background') {
    if (!/^data:image\/(png|jpeg|gif|webp);/i.test(value)) data.keepAttr = false;
    return;
  }
  if (/url\(/i.test(value)) {
    // Only references to this figure's own gradients, clip paths and markers.
    if (/url\(\s*['"]?(?!#)/i.test(value)) data.keepAttr = false;
    else data.attrValue = value.replace(URL_REFERENCE, (_, quote: string) => `url(${quote}#${idPrefix}`);
  }
});

purifier.addHook('afterSanitizeAttributes', (node) => {
  if (node.nodeName.toLowerCase() === 'a' && node.hasAttribute('href')) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer nofollow');
  }
});

const CONFIG: Config = {
  USE_PROFILES: { html: true, svg: true, svgFilters: true },
  FORBID_TAGS: [
    'style',
    'foreignObject',
    'form',
    'input',
    'button',
    'textarea',
    'select',
    'iframe',
    'object',
    'embed',
    'link',
    'meta',
    'base',
    'dialog',
  ],
  ALLOW_DATA_ATTR: false,
};

let figureCount = 0;

/**
 * Sanitised nodes for a figure's markup, with ids unique to this call.
 *
 * @example
 * panel.append(sanitizeFigure('<svg onload="alert(1)"><circle r="2"/></svg>')); // the circle, without onload
 */
export function sanitizeFigure(html: string): DocumentFragment {
  figureCount += 1;
  idPrefix = `gs-fig${figureCount}-`;
  try {
    return purifier.sanitize(html, { ...CONFIG, RETURN_DOM_FRAGMENT: true });
  } finally {
    idPrefix = '';
  }
}

// The first sanitisation compiles DOMPurify's code paths; do it now, while the reader's code is still running.
sanitizeFigure('<svg viewBox="0 0 1 1"><g><path d="M0 0L1 1"></path><text>warm</text></g></svg>');
figureCount = 0;
