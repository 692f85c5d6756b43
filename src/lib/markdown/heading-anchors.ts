/**
 * Copy-link anchors beside every heading of a lesson, in the shape recommended by accessibility research on
 * heading anchors (and used by Starlight): the link sits AFTER the heading, not inside it, so a screen reader
 * announces the heading's own text, and the link has a name of its own ("Copy link to section: …").
 *
 * The same markup is produced for headings written in Astro components by `src/components/Heading.astro`, so one
 * stylesheet (`src/styles/prose.css`) and one script (`src/components/CopyLinks.astro`) serve both.
 */
import type { Element, ElementContent, Properties } from 'hast';
import type { Options } from 'rehype-autolink-headings';

/** A 24×24 chain-link icon (two rounded links), stroked so it inherits the text colour. */
export const LINK_ICON_PATHS = [
  'M10 13a5 5 0 0 0 7.54.54l3-3a5 5 0 0 0-7.07-7.07l-1.72 1.71',
  'M14 11a5 5 0 0 0-7.54-.54l-3 3a5 5 0 0 0 7.07 7.07l1.71-1.71',
] as const;

/** The accessible name of a heading's anchor. */
export function anchorLabel(headingText: string): string {
  return `Copy link to section: ${headingText}`;
}

/**
 * The visible text of a heading as a reader hears it: KaTeX's HTML half is `aria-hidden` and its TeX source sits in
 * `<annotation>`, so both are skipped and only the MathML text remains (`1.5L` rather than `1.5L1.5^L1.5L`).
 *
 * @example
 * headingText(h('h2', 'Why ', h('em', 'k'), '·I')); // 'Why k·I'
 */
export function headingText(node: Element | ElementContent): string {
  if (node.type === 'text') return node.value;
  if (node.type !== 'element') return '';
  if (String(node.properties?.ariaHidden) === 'true' || node.tagName === 'annotation') return '';
  return node.children.map(headingText).join('');
}

function icon(): Element {
  return {
    type: 'element',
    tagName: 'svg',
    properties: {
      ariaHidden: 'true',
      focusable: 'false',
      viewBox: '0 0 24 24',
      width: '16',
      height: '16',
      fill: 'none',
      stroke: 'currentColor',
      strokeWidth: '2',
      strokeLinecap: 'round',
      strokeLinejoin: 'round',
      className: ['heading-anchor-icon'],
    },
    children: LINK_ICON_PATHS.map((d): Element => ({
      type: 'element',
      tagName: 'path',
      properties: { d },
      children: [],
    })),
  };
}

function label(heading: Readonly<Element>): Element {
  const text = headingText(heading as Element)
    .replace(/\s+/g, ' ')
    .trim();
  return {
    type: 'element',
    tagName: 'span',
    properties: { className: ['sr-only'] },
    children: [{ type: 'text', value: anchorLabel(text) }],
  };
}

/** Options for `rehype-autolink-headings`: every h2–h6 with an id gets a wrapper and a copy-link anchor. */
export const headingAnchorOptions: Options = {
  behavior: 'after',
  test: ['h2', 'h3', 'h4', 'h5', 'h6'],
  group: (heading): Element => ({
    type: 'element',
    tagName: 'div',
    properties: { className: ['heading-wrapper', `level-${heading.tagName}`] } satisfies Properties,
    children: [],
  }),
  // Search indexes the heading, not its "Copy link to section" label.
  properties: { className: ['heading-anchor'], dataCopyLink: '', dataPagefindIgnore: '' },
  content: (heading) => [icon(), label(heading)],
};
