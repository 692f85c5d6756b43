/**
 * Numbered, linkable equations for KaTeX, which has no `\label`/`\eqref` of its own (KaTeX issue #2003).
 *
 * In a lesson:
 *
 *     $$
 *     \hat y = W^{[L]} \cdots W^{[1]} x \label{eq:product}
 *     $$
 *
 *     By $\eqref{eq:product}$, the output grows like $1.5^L$.
 *
 * Display equations carrying `\label{name}` are numbered 1, 2, … in page order, get `\tag{n}` and are wrapped in
 * `<div class="equation" id="eq-name">`, so `#eq-name` links to them. An inline formula that is exactly
 * `\eqref{name}` (or `\ref{name}`) becomes a link reading "(n)" (or "n"); inside a larger formula it becomes plain
 * `\text{(n)}`. An unknown or repeated label fails the build, naming the file and line.
 *
 * Runs before rehype-katex, on the `<code class="math-display">` / `math-inline` elements produced by remark-math.
 */
import type { Element, ElementContent, Root, Text } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

const LABEL = /\\label\{([^{}]+)\}/g;
const REFERENCE = /\\(eq)?ref\{([^{}]+)\}/g;
const WHOLE_REFERENCE = /^\s*\\(eq)?ref\{([^{}]+)\}\s*$/;
const TAG = /\\tag\*?\{([^{}]*)\}/;

interface Equation {
  readonly number: string;
  readonly id: string;
}

/**
 * The id of a labelled equation's wrapper: `eq:product` → `eq-product`.
 *
 * @example
 * equationId('eq:product'); // 'eq-product'
 */
export function equationId(label: string): string {
  const cleaned = label
    .trim()
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return cleaned.startsWith('eq-') ? cleaned : `eq-${cleaned}`;
}

function classes(node: Element): readonly unknown[] {
  const value = node.properties?.className;
  return Array.isArray(value) ? value : [];
}

function mathText(node: Element): string {
  return node.children.map((child) => (child.type === 'text' ? child.value : '')).join('');
}

function setMathText(node: Element, value: string): void {
  node.children = [{ type: 'text', value } satisfies Text];
}

/** Rehype plugin; see the module comment. */
export function rehypeEquationLabels() {
  return (tree: Root, file: VFile): void => {
    const equations = new Map<string, Equation>();
    let counter = 0;

    // Pass 1: number labelled display equations, so that references may come before their equation.
    visit(tree, 'element', (node, index, parent) => {
      if (node.tagName !== 'pre' || !parent || index === undefined) return;
      const code = node.children.find((child): child is Element => child.type === 'element');
      if (!code || !classes(code).some((c) => c === 'math-display' || c === 'language-math')) return;
      const source = mathText(code);
      const labels = [...source.matchAll(LABEL)].map((match) => match[1].trim());
      if (labels.length === 0) return;
      if (labels.length > 1) {
        file.fail(`An equation has ${labels.length} \\label{…}s (${labels.join(', ')}); give it one.`, {
          place: node.position,
          source: 'rehype-equation-labels',
        });
      }
      const label = labels[0];
      if (equations.has(label)) {
        file.fail(`The equation label \\label{${label}} is used twice on this page.`, {
          place: node.position,
          source: 'rehype-equation-labels',
        });
      }
      const ownTag = TAG.exec(source);
      const number = ownTag ? ownTag[1] : String(++counter);
      const equation: Equation = { number, id: equationId(label) };
      equations.set(label, equation);
      const withoutLabel = source.replace(LABEL, '');
      setMathText(code, ownTag ? withoutLabel : `${withoutLabel} \\tag{${number}}`);
      const wrapper: Element = {
        type: 'element',
        tagName: 'div',
        properties: { className: ['equation'], id: equation.id },
        children: [node],
      };
      parent.children[index] = wrapper;
    });

    const lookUp = (label: string, node: Element): Equation => {
      const equation = equations.get(label.trim());
      if (!equation) {
        const known = [...equations.keys()];
        file.fail(
          `No equation on this page has \\label{${label}}` +
            (known.length ? ` (labels here: ${known.join(', ')}).` : ' (this page labels no equation).'),
          { place: node.position, source: 'rehype-equation-labels' },
        );
      }
      return equation;
    };

    // Pass 2: references.
    visit(tree, 'element', (node, index, parent) => {
      const isMath = classes(node).some((c) => c === 'math-inline' || c === 'math-display');
      if (node.tagName !== 'code' || !isMath) return;
      const source = mathText(node);
      const whole = WHOLE_REFERENCE.exec(source);
      if (whole && classes(node).includes('math-inline') && parent && index !== undefined) {
        const equation = lookUp(whole[2], node);
        const link: ElementContent = {
          type: 'element',
          tagName: 'a',
          properties: { href: `#${equation.id}`, className: ['equation-reference'] },
          children: [{ type: 'text', value: whole[1] ? `(${equation.number})` : equation.number }],
        };
        parent.children[index] = link;
        return;
      }
      if (!source.includes('ref{')) return;
      setMathText(
        node,
        source.replace(REFERENCE, (_match, eq: string | undefined, label: string) => {
          const { number } = lookUp(label, node);
          return eq ? `\\text{(${number})}` : `\\text{${number}}`;
        }),
      );
    });
  };
}
