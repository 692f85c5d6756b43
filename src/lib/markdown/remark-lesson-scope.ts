/**
 * A lesson is its text: its MDX needs no import lines. For `content/<part>/<slug>.mdx` this plugin puts in scope
 * what every lesson uses, taken from the folder beside it:
 *
 * - `<Playground example="output-growth" />` shows `./<slug>/output-growth.ts`: the plugin imports the file with
 *   `?raw` (so Vite watches it and the dev server reloads on an edit) and passes it as `code`. A missing file
 *   fails the build naming the lesson, its line, the file looked for and the lesson's examples.
 * - `<Exercise name="he-std" />` gets its three files, `./<slug>/he-std.exercise.ts` (the starter),
 *   `he-std.solution.ts` and `he-std.check.ts`, the same way, as `starter`, `solution` and `check`. A missing one
 *   fails the build naming the lesson, its line and the file.
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

/** The three files of an exercise `<name>`: `<name>.exercise.ts`, `.solution.ts`, `.check.ts`, by prop. */
const EXERCISE_FILES = { starter: 'exercise', solution: 'solution', check: 'check' } as const;
const EXERCISE_FILE = /\.(exercise|solution|check)\.ts$/;

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
 * The examples of a lesson: the `.ts` files in its folder other than `numbers.ts`, `figures.ts` and exercises'
 * files, by name.
 *
 * @example
 * lessonExamples('content/1-phenomenon/deep-linear-network'); // ['activation-norms', 'float32-overflow', …]
 */
export function lessonExamples(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter(
      (file) =>
        file.endsWith('.ts') &&
        !file.endsWith('.d.ts') &&
        !NOT_EXAMPLES.has(file) &&
        !EXERCISE_FILE.test(file),
    )
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

    const importRaw = (variable: string, path: string) => {
      if (imported.has(variable)) return;
      imported.add(variable);
      imports.push(esmImport(variable, path, { kind: 'default' }));
    };

    visit(tree, (node) => {
      if (!isJsxElement(node) || node.name !== 'Exercise') return;
      const name = attribute(node, 'name')?.value;
      // Outside a lesson's folder an exercise passes its code itself; the component validates the name.
      if (typeof name !== 'string' || !EXAMPLE_NAME.test(name)) return;
      if (Object.keys(EXERCISE_FILES).some((prop) => attribute(node, prop))) return;
      const where = `${shown(file.path!)}:${node.position?.start.line ?? '?'}`;
      for (const [prop, suffix] of Object.entries(EXERCISE_FILES)) {
        const path = join(folder, `${name}.${suffix}.ts`);
        if (!existsSync(path)) {
          throw errorAt(
            node,
            `${where}: <Exercise name="${name}"> needs the file ${shown(path)} (its ${prop}), which does not exist. An exercise has three files beside the lesson: ${name}.exercise.ts (the starter), ${name}.solution.ts and ${name}.check.ts.`,
          );
        }
        const variable = `__exercise_${name.replace(/-/g, '_')}_${prop}`;
        importRaw(variable, `./${slug}/${name}.${suffix}.ts?raw`);
        node.attributes.push(expressionAttribute(prop, { identifier: variable }));
      }
    });

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
      importRaw(variable, `./${slug}/${example}.ts?raw`);
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
