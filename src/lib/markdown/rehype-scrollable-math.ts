/**
 * Display equations scroll sideways on narrow screens (prose.css) rather than widen the page. A region that
 * scrolls must be reachable from the keyboard, or a keyboard reader cannot see the end of a long formula
 * (WCAG 2.1.1; axe's `scrollable-region-focusable`), so every display equation is a tab stop.
 *
 * Runs after rehype-katex, on its `<span class="katex-display">` wrappers.
 */
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

/** Rehype plugin; see the module comment. */
export function rehypeScrollableMath() {
  return (tree: Root): void => {
    visit(tree, 'element', (node: Element) => {
      const className = node.properties?.className;
      if (Array.isArray(className) && className.includes('katex-display')) {
        node.properties.tabIndex = 0;
      }
    });
  };
}
