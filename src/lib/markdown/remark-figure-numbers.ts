/**
 * Numbers a lesson's figures in the order they appear: the first `<Figure>` gets `number={1}`, the next
 * `number={2}`, and `Figure.astro` opens its caption with "Figure 1." (a link to the figure). Numbering here, at
 * compile time, keeps the numbers in reading order however the components render, also inside other components.
 *
 * A lesson does not number its figures itself; a `number` it writes fails the build, naming the line.
 */
import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

import { attribute, errorAt, expressionAttribute, isJsxElement } from './mdx-nodes.ts';

/** Remark plugin; see the module comment. */
export function remarkFigureNumbers() {
  return (tree: Root, file: VFile): void => {
    let count = 0;
    visit(tree, (node) => {
      if (!isJsxElement(node) || node.name !== 'Figure') return;
      if (attribute(node, 'number')) {
        throw errorAt(
          node,
          `${file.path ?? 'A lesson'}:${node.position?.start.line ?? '?'}: <Figure> is numbered by its place in the lesson; remove number=….`,
        );
      }
      count += 1;
      node.attributes.push(expressionAttribute('number', { number: count }));
    });
  };
}
