/**
 * A lesson is its text: its MDX needs no import lines. For `content/<part>/<slug>.mdx` this plugin puts in scope
 * what every lesson uses, taken from the folder beside it:
 *
 * - `<Playground example="output-growth" />` shows `./<slug>/output-growth.ts`: the plugin imports the file with
 *   `?raw` (so Vite watches it and the dev server reloads on an edit) and passes it as `code`. A missing file
 *   fails the build naming the lesson, its line, the file looked for and the lesson's examples.
 * - `n` is `./<slug>/numbers.ts` and `figures` is `./<slug>/figures.ts`, when those files exist.
 * - `fmt(value, digits = 4)` formats a number for prose, the way the charts' axes do (`formatNumber` from
 *   `@gradscope/charts`): `3,325`, `1.9 × 10³⁸`, `∞`.
 *
 * The components themselves (`Playground`, `Figure`, …) come from `<Content components={lessonComponents} />`
 * (src/components/lesson-components.ts). A name the lesson declares itself (an `import` or `export` of its own)
 * is left alone. Plain Markdown (`.md`) has no imports or components and is not touched.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';

import { nearestName } from '@gradscope/core';
import type { Root } from 'mdast';
import type { MdxjsEsm } from 'mdast-util-mdx';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

import {
  attribute,
  declaredNames,
  errorAt,
  esmImport,
  expressionAttribute,
  isJsxElement,
  prependEsm,
  type MdxJsxElement,
} from './mdx-nodes.ts';

/** Example names are ids too (they key saved edits and share links): lowercase letters, digits and hyphens. */
const EXAMPLE_NAME = /^[a-z][a-z0-9-]*$/;

/** Files of a lesson's folder that are not examples. */
const NOT_EXAMPLES = new Set(['numbers.ts', 'figures.ts']);

/** The names a lesson can use without importing them. */
export const LESSON_SCOPE = {
  numbers: 'n',
  figures: 'figures',
  format: 'fmt',
} as const;

/** The variable that holds an example's code: `output-growth` → `__example_output_growth`. */
export function exampleVariable(example: string): string {
  return `__example_${example.replace(/-/g, '_')}`;
}

/**
 * The examples of a lesson: the `.ts` files in its folder other than `numbers.ts` and `figures.ts`, by name.
 *
 * @example
 * lessonExamples('content/1-phenomenon/deep-linear-network'); // ['activation-norms', 'float32-overflow', …]
 */
export function lessonExamples(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && !NOT_EXAMPLES.has(file))
    .map((file) => file.slice(0, -'.ts'.length))
    .sort();
}

/** Options of `remarkLessonScope`. */
export interface LessonScopeOptions {
  /** Paths in error messages are relative to this folder (default: the working directory). */
  readonly root?: string;
}

/** Remark plugin; see the module comment. */
export function remarkLessonScope(options: LessonScopeOptions = {}) {
  return (tree: Root, file: VFile): void => {
    if (!file.path?.endsWith('.mdx')) return;
    const root = options.root ?? process.cwd();
    // Paths inside the repository are shown from its root, like `content/1-phenomenon/x.mdx`; others in full.
    const shown = (path: string) => (relative(root, path).startsWith('..') ? path : relative(root, path));
    const slug = basename(file.path, '.mdx');
    const folder = join(dirname(file.path), slug);
    const declared = declaredNames(tree);
    const imports: MdxjsEsm[] = [];
    const imported = new Set<string>();

    visit(tree, (node) => {
      if (!isJsxElement(node) || node.name !== 'Playground') return;
      const example = exampleName(node, file, shown);
      if (example === undefined) return;
      const exampleFile = join(folder, `${example}.ts`);
      if (!existsSync(exampleFile)) {
        const known = lessonExamples(folder);
        const near = nearestName(example, known);
        const where = `${shown(file.path!)}:${node.position?.start.line ?? '?'}`;
        const hint = near ? ` Did you mean example="${near}"?` : '';
        const list = known.length
          ? ` The examples of this lesson are: ${known.join(', ')}.`
          : ` The lesson has no examples yet: put them in ${shown(folder)}/.`;
        throw errorAt(
          node,
          `${where}: <Playground example="${example}"> needs the file ${shown(exampleFile)}, which does not exist.${hint}${list}`,
        );
      }
      const variable = exampleVariable(example);
      if (!imported.has(variable)) {
        imported.add(variable);
        imports.push(esmImport(variable, `./${slug}/${example}.ts?raw`, { kind: 'default' }));
      }
      node.attributes.push(expressionAttribute('code', { identifier: variable }));
    });

    const inScope = (name: string) => !declared.has(name);
    if (existsSync(join(folder, 'numbers.ts')) && inScope(LESSON_SCOPE.numbers)) {
      imports.push(esmImport(LESSON_SCOPE.numbers, `./${slug}/numbers.ts`, { kind: 'namespace' }));
    }
    if (existsSync(join(folder, 'figures.ts')) && inScope(LESSON_SCOPE.figures)) {
      imports.push(esmImport(LESSON_SCOPE.figures, `./${slug}/figures.ts`, { kind: 'namespace' }));
    }
    if (inScope(LESSON_SCOPE.format)) {
      imports.push(
        esmImport(LESSON_SCOPE.format, '@gradscope/charts', { kind: 'named', imported: 'formatNumber' }),
      );
    }
    prependEsm(tree, imports);
  };
}

/**
 * The `example` of a `<Playground>`, validated; `undefined` when the tag passes `code` itself (outside the
 * lesson's folder, or code built in the MDX).
 */
function exampleName(node: MdxJsxElement, file: VFile, shown: (path: string) => string): string | undefined {
  const example = attribute(node, 'example');
  const where = `${shown(file.path!)}:${node.position?.start.line ?? '?'}`;
  if (!example) {
    if (!attribute(node, 'code')) {
      throw errorAt(
        node,
        `${where}: <Playground> needs example="<name>", the name of a .ts file in ${shown(join(dirname(file.path!), basename(file.path!, '.mdx')))}/.`,
      );
    }
    return undefined;
  }
  if (attribute(node, 'code')) {
    throw errorAt(node, `${where}: <Playground> takes example="…" or code={…}, not both.`);
  }
  if (typeof example.value !== 'string' || !EXAMPLE_NAME.test(example.value)) {
    const received =
      typeof example.value === 'string' ? `"${example.value}"` : `{${example.value?.value ?? ''}}`;
    throw errorAt(
      node,
      `${where}: <Playground example=…> must be the example's file name without .ts, in quotes: lowercase letters, digits and hyphens (like example="output-growth"); received ${received}.`,
    );
  }
  return example.value;
}
