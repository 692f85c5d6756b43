/**
 * Display equations scroll sideways on narrow screens (prose.css) rather than widen the page. A region that
 * scrolls must be reachable from the keyboard, or a keyboard reader cannot see the end of a long formula
 * (WCAG 2.1.1; axe's `scrollable-region-focusable`), so every display equation is a tab stop.
 *
 * A numbered equation keeps its number outside the part that scrolls. KaTeX draws `\tag` as an absolutely
 * positioned box at the right edge of the formula's full width, so a formula wider than the screen ran under its
 * own number. The number moves out, beside the formula:
 *
 *     <span class="math-display-numbered">
 *       <span class="katex-display" tabindex="0">…the formula…</span>
 *       <span class="equation-number" aria-hidden="true">(4)</span>
 *     </span>
 *
 * Screen readers still hear the number: KaTeX's MathML keeps it (the moved copy is KaTeX's visual HTML, hidden
 * from them like the rest of it).
 *
 * Runs after rehype-katex, on its `<span class="katex-display">` wrappers.
 */
import type { Element, ElementContent, Parents, Root } from 'hast';
import { visit } from 'unist-util-visit';

function hasClass(node: ElementContent, name: string): node is Element {
  if (node.type !== 'element') return false;
  const className = node.properties?.className;
  return Array.isArray(className) && className.includes(name);
}

function textOf(node: ElementContent): string {
  if (node.type === 'text') return node.value;
  return node.type === 'element' ? node.children.map(textOf).join('') : '';
}

/** Removes KaTeX's visual `\tag` box from a display and returns its text, "(4)"; undefined when it has none. */
function takeNumber(display: Element): string | undefined {
  const katex = display.children.find((child) => hasClass(child, 'katex'));
  const html = katex?.children.find((child) => hasClass(child, 'katex-html'));
  const tagIndex = html?.children.findIndex((child) => hasClass(child, 'tag')) ?? -1;
  if (!html || tagIndex < 0) return undefined;
  const [tag] = html.children.splice(tagIndex, 1);
  return textOf(tag).trim();
}

/** Rehype plugin; see the module comment. */
export function rehypeScrollableMath() {
  return (tree: Root): void => {
    const numbered: { display: Element; parent: Parents; number: string }[] = [];
    visit(tree, 'element', (node: Element, _index, parent) => {
      if (!hasClass(node, 'katex-display')) return;
      node.properties.tabIndex = 0;
      const number = parent ? takeNumber(node) : undefined;
      if (number !== undefined && parent) numbered.push({ display: node, parent, number });
    });
    for (const { display, parent, number } of numbered) {
      const row: Element = {
        type: 'element',
        tagName: 'span',
        properties: { className: ['math-display-numbered'] },
        children: [
          display,
          {
            type: 'element',
            tagName: 'span',
            properties: { className: ['equation-number'], ariaHidden: 'true' },
            children: [{ type: 'text', value: number }],
          },
        ],
      };
      parent.children.splice(parent.children.indexOf(display), 1, row);
    }
  };
}
