/**
 * Reads the lesson components of an MDX lesson while it compiles, where the whole lesson is visible at once (a
 * component only sees its own props, and Astro may render components out of order):
 *
 * - `<Cite key="…">`: numbers the works in order of first citation and tells each `<Cite>` its number (`index`)
 *   and which citation of that work it is (`occurrence`), so the References section can link back to each one.
 *   The keys, in that order and with their counts, go to `remarkPluginFrontmatter.citations`.
 * - `<Definition term="…">`: records the term, its anchor and its text (as HTML, math typeset) under
 *   `remarkPluginFrontmatter.definitions`, for the glossary page.
 * - `for="…"` on `<Predict>` and `<TryThis>`: must name a `<Playground>` of the same lesson, else the build stops
 *   here, with the lesson's file and line and the nearest id.
 *
 * It runs after rehype-katex (definitions carry typeset math). A lesson that is not MDX has none of these tags.
 */
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

import { nearestName } from '@gradscope/core';

import { definitionId, type RecordedDefinition } from '../glossary.ts';

/** What the plugin records in the rendered entry's `remarkPluginFrontmatter`. */
export interface LessonComponentIndex {
  /** Cited works in order of first citation (a work's number is its index + 1), with how often each is cited. */
  readonly citations: readonly CitedKey[];
  readonly definitions: readonly RecordedDefinition[];
}

/** A work a lesson cites, and how many times. */
export interface CitedKey {
  readonly key: string;
  readonly count: number;
}

interface JsxAttribute {
  type: 'mdxJsxAttribute' | 'mdxJsxExpressionAttribute';
  name?: string;
  value?: string | null | { type: string; value: string };
}

/** An MDX JSX element in the hast tree (`mdast-util-mdx-jsx`'s `MdxJsxFlowElementHast` / `…TextElementHast`). */
interface JsxElement {
  type: 'mdxJsxFlowElement' | 'mdxJsxTextElement';
  name: string | null;
  attributes: JsxAttribute[];
  children: (ElementContent | JsxElement | { type: string })[];
  position?: RootContent['position'];
}

interface AstroData {
  astro?: { frontmatter?: Record<string, unknown> };
}

/** Props this plugin gives `<Cite>`; an author who writes them would be overwritten silently, so it is refused. */
const CITE_INJECTED = ['index', 'occurrence'];
/** Components whose `for` names a playground of the lesson. */
const POINTS_AT_PLAYGROUND = new Set(['Predict', 'TryThis']);

function isJsx(node: { type: string }): node is JsxElement {
  return node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement';
}

/** A literal string attribute; `undefined` when absent; `null` when written as an `{expression}`. */
function literal(node: JsxElement, name: string): string | null | undefined {
  const attribute = node.attributes.find((a) => a.type === 'mdxJsxAttribute' && a.name === name);
  if (!attribute) return undefined;
  return typeof attribute.value === 'string' ? attribute.value : null;
}

/** Rehype plugin; see the module comment. */
export function rehypeLessonComponents() {
  return (tree: Root, file: VFile): void => {
    const citations: string[] = [];
    const occurrences = new Map<string, number>();
    const definitions: RecordedDefinition[] = [];
    const playgroundIds = new Set<string>();
    const pointers: { node: JsxElement; target: string }[] = [];

    visit(tree, (visited) => {
      const node = visited as unknown as { type: string };
      if (!isJsx(node)) return;
      switch (node.name) {
        case 'Cite': {
          const key = literal(node, 'key');
          if (typeof key !== 'string' || key.trim() === '') {
            file.fail(
              `<Cite>: key must be written as a plain string, like <Cite key="glorot2010" />, so the References can be numbered when the lesson builds; received ${key === null ? 'an {expression}' : 'no key'}`,
              node,
            );
          }
          for (const name of CITE_INJECTED) {
            if (literal(node, name) !== undefined)
              file.fail(`<Cite key="${key}">: ${name} is set by the lesson pipeline; leave it out`, node);
          }
          if (!citations.includes(key)) citations.push(key);
          const occurrence = (occurrences.get(key) ?? 0) + 1;
          occurrences.set(key, occurrence);
          node.attributes.push(
            { type: 'mdxJsxAttribute', name: 'index', value: String(citations.indexOf(key) + 1) },
            { type: 'mdxJsxAttribute', name: 'occurrence', value: String(occurrence) },
          );
          return;
        }
        case 'Definition': {
          const term = literal(node, 'term');
          if (typeof term !== 'string' || term.trim() === '') {
            file.fail(
              `<Definition>: term must be written as a plain string, like <Definition term="vanishing gradient">, so the glossary can list it; received ${term === null ? 'an {expression}' : 'no term'}`,
              node,
            );
          }
          const id = definitionId(term);
          const clash = definitions.find((definition) => definition.id === id);
          if (clash) {
            file.fail(
              `<Definition term="${term}">: this lesson already defines "${clash.term}" (anchor #${id}); define a term once per lesson`,
              node,
            );
          }
          definitions.push({ term: term.trim(), id, html: glossaryHtml(node, term, file) });
          return;
        }
        case 'Playground': {
          // `id`, or (once playgrounds are found by name) `example`, which then serves as the id.
          const id = literal(node, 'id') ?? literal(node, 'example');
          if (typeof id === 'string') playgroundIds.add(id);
          return;
        }
        default: {
          if (!node.name || !POINTS_AT_PLAYGROUND.has(node.name)) return;
          const target = literal(node, 'for');
          if (typeof target === 'string') pointers.push({ node, target });
        }
      }
    });

    for (const { node, target } of pointers) {
      if (playgroundIds.has(target)) continue;
      const near = nearestName(target, [...playgroundIds]);
      const known =
        playgroundIds.size > 0 ? `; its playgrounds are ${[...playgroundIds].join(', ')}` : '; it has none';
      file.fail(
        `<${node.name} for="${target}">: no <Playground id="${target}"> in this lesson${near ? ` (did you mean "${near}"?)` : ''}${known}`,
        node as unknown as RootContent,
      );
    }

    const data = file.data as AstroData;
    data.astro ??= {};
    data.astro.frontmatter ??= {};
    const index: LessonComponentIndex = {
      citations: citations.map((key) => ({ key, count: occurrences.get(key) ?? 0 })),
      definitions,
    };
    Object.assign(data.astro.frontmatter, index);
  };
}

/**
 * A definition's children as HTML for the glossary. Citations become placeholders the glossary fills in; any
 * other component or `{expression}` is refused, because its value exists only when the lesson renders.
 */
function glossaryHtml(node: JsxElement, term: string, file: VFile): string {
  const convert = (child: JsxElement['children'][number]): ElementContent[] => {
    if (isJsx(child)) {
      if (child.name === 'Cite') {
        const at = literal(child, 'at');
        const placeholder: Element = {
          type: 'element',
          tagName: 'span',
          properties: {
            dataCite: literal(child, 'key') ?? '',
            ...(typeof at === 'string' ? { dataAt: at } : {}),
          },
          children: [],
        };
        return [placeholder];
      }
      file.fail(
        `<Definition term="${term}">: the glossary copies a definition's text when the lesson builds, so it can hold text, Markdown, math and <Cite>, but not <${child.name ?? 'Fragment'}>`,
        child,
      );
    }
    if (child.type === 'mdxTextExpression' || child.type === 'mdxFlowExpression') {
      // A string literal is text (Prettier writes `{' '}` to keep a space before a tag at the start of a line).
      const text = /^\s*(['"])([^'"\\]*)\1\s*$/.exec((child as { value?: string }).value ?? '');
      if (text) return [{ type: 'text', value: text[2] }];
      file.fail(
        `<Definition term="${term}">: the glossary copies a definition's text when the lesson builds, so it cannot hold an {expression}; write the words or the number in the text`,
        child as RootContent,
      );
    }
    if (child.type === 'element') {
      const element = child as Element;
      return [{ ...element, children: element.children.flatMap(convert) }];
    }
    return [child as ElementContent];
  };
  const root: Root = { type: 'root', children: node.children.flatMap(convert) };
  return toHtml(root).trim();
}
