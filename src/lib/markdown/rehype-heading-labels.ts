/**
 * Astro's own list of a lesson's headings (`render(entry).headings`) takes every text node of a heading, so a
 * heading with math reads "Why k⋅Ik \cdot Ik⋅I?" (MathML text, TeX source and HTML text one after the other).
 * This plugin, placed after rehype-katex, records what a reader hears instead ("Why k⋅I?") under
 * `remarkPluginFrontmatter.headingLabels[id]`; the lesson layout's table of contents uses it.
 */
import type { Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

import { headingText } from './heading-anchors.ts';

const HEADING = /^h[1-6]$/;

/** Clean heading texts by id, as stored in the rendered entry's frontmatter. */
export type HeadingLabels = Record<string, string>;

interface AstroData {
  astro?: { frontmatter?: Record<string, unknown> };
}

/** Rehype plugin; see the module comment. */
export function rehypeHeadingLabels() {
  return (tree: Root, file: VFile): void => {
    const labels: HeadingLabels = {};
    visit(tree, 'element', (node) => {
      const id = node.properties?.id;
      if (!HEADING.test(node.tagName) || typeof id !== 'string') return;
      labels[id] = headingText(node).replace(/\s+/g, ' ').trim();
    });
    const data = file.data as AstroData;
    data.astro ??= {};
    data.astro.frontmatter ??= {};
    data.astro.frontmatter.headingLabels = labels;
  };
}
