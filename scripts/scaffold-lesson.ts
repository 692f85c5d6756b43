/**
 * The files of a new lesson, ready to build and to pass their own test: the MDX with its frontmatter, a first
 * example, the `numbers.ts` its prose states, and the claims test of those numbers (tests/claims/<slug>.test.ts).
 * `npm run new:lesson` (scripts/new-lesson.ts) asks for the part, the slug and the title and calls this.
 *
 * Plain TypeScript that Node runs as is (type annotations only), so the script needs no build step.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';

import { PARTS, type Part } from '../src/lib/parts.ts';

/** What a new lesson needs to be told. */
export interface NewLesson {
  /** The part's number, 1 to 5. */
  readonly part: number;
  /** The URL name: lowercase words joined by hyphens, `/lessons/<slug>/`. */
  readonly slug: string;
  /** The title, as the reader sees it. */
  readonly title: string;
}

/** Where the files go; all absolute paths. */
export interface ScaffoldPlaces {
  /** The repository (paths in messages are shown from here). */
  readonly root: string;
  /** The lessons (default `<root>/content`). */
  readonly contentDir?: string;
  /** The claims tests (default `<root>/tests/claims`). */
  readonly claimsDir?: string;
}

/** A file the scaffold made, and what it is for. */
export interface MadeFile {
  readonly path: string;
  readonly role: string;
}

/** A lesson that cannot be made as asked; the message says why and what would do. */
export class ScaffoldError extends Error {
  override readonly name = 'ScaffoldError';
}

/** Lowercase words of letters and digits joined by single hyphens, starting with a letter. */
export const SLUG_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** The name of the first example the scaffold writes. */
export const FIRST_EXAMPLE = 'first-look';

/**
 * Checks a new lesson against the book: the part exists, the slug has the right shape and no lesson or claims
 * test uses it yet, the title is one line. Returns the part; throws `ScaffoldError` otherwise.
 *
 * @example
 * validateLesson({ part: 2, slug: 'variance-propagation', title: 'Variance, layer by layer' }, places);
 */
export function validateLesson(lesson: NewLesson, places: ScaffoldPlaces): Part {
  const { contentDir, claimsDir } = resolvePlaces(places);
  const part = PARTS.find((candidate) => candidate.number === Number(lesson.part));
  if (!part) {
    const list = PARTS.map((p) => `${p.number} (${p.title})`).join(', ');
    throw new ScaffoldError(`There is no part ${JSON.stringify(lesson.part)}; the parts are ${list}.`);
  }
  if (typeof lesson.slug !== 'string' || !SLUG_PATTERN.test(lesson.slug)) {
    throw new ScaffoldError(
      `The slug ${JSON.stringify(lesson.slug)} cannot be a lesson's URL name: use lowercase words of letters and digits joined by hyphens, starting with a letter (like "variance-propagation").`,
    );
  }
  const taken = lessonFiles(contentDir).find((file) => basename(file).replace(/\.mdx?$/, '') === lesson.slug);
  if (taken) {
    throw new ScaffoldError(
      `A lesson named "${lesson.slug}" already exists: ${shown(places.root, taken)}. Choose another slug.`,
    );
  }
  const claims = join(claimsDir, `${lesson.slug}.test.ts`);
  if (existsSync(claims)) {
    throw new ScaffoldError(
      `${shown(places.root, claims)} already exists; a new lesson "${lesson.slug}" would take it over. Choose another slug.`,
    );
  }
  if (typeof lesson.title !== 'string' || lesson.title.trim() === '' || /[\r\n]/.test(lesson.title)) {
    throw new ScaffoldError('The title must be one line of text, like "Variance, layer by layer".');
  }
  return part;
}

/**
 * Writes the new lesson's four files and returns them; never overwrites a file.
 *
 * @example
 * scaffoldLesson({ part: 2, slug: 'variance-propagation', title: 'Variance, layer by layer' }, { root });
 * // [{ path: '<root>/content/2-derivations/variance-propagation.mdx', role: 'the lesson' }, …]
 */
export function scaffoldLesson(lesson: NewLesson, places: ScaffoldPlaces): MadeFile[] {
  const part = validateLesson(lesson, places);
  const { contentDir, claimsDir } = resolvePlaces(places);
  const partDir = join(contentDir, partFolder(contentDir, part));
  const order = nextOrder(partDir);
  const lessonFile = join(partDir, `${lesson.slug}.mdx`);
  const folder = join(partDir, lesson.slug);
  const example = join(folder, `${FIRST_EXAMPLE}.ts`);
  const numbers = join(folder, 'numbers.ts');
  const claims = join(claimsDir, `${lesson.slug}.test.ts`);
  const title = lesson.title.trim();
  const lessonPath = shown(places.root, lessonFile);
  const claimsPath = shown(places.root, claims);

  const files: [string, string, string][] = [
    [lessonFile, 'the lesson: its frontmatter and text', lessonMdx(title, part.number, order)],
    [example, `its first example, shown with <Playground example="${FIRST_EXAMPLE}" />`, exampleTs()],
    [numbers, 'the numbers its text states, as n.<name>', numbersTs(title, claimsPath)],
    [
      claims,
      'the test of those numbers',
      claimsTs(
        title,
        lessonPath,
        importPath(claims, numbers),
        importPath(claims, example),
        importPath(claims, join(places.root, 'tests', 'support', 'claims.ts')),
      ),
    ],
  ];
  for (const [path, , text] of files) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text, { flag: 'wx' });
  }
  return files.map(([path, role]) => ({ path, role }));
}

function resolvePlaces(places: ScaffoldPlaces): { contentDir: string; claimsDir: string } {
  return {
    contentDir: places.contentDir ?? join(places.root, 'content'),
    claimsDir: places.claimsDir ?? join(places.root, 'tests', 'claims'),
  };
}

/** A path as a reader of the repository writes it: from the root, with forward slashes. */
function shown(root: string, path: string): string {
  const rel = relative(root, path);
  return (rel.startsWith('..') ? path : rel).split(sep).join('/');
}

function lessonFiles(contentDir: string): string[] {
  if (!existsSync(contentDir)) return [];
  return readdirSync(contentDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.mdx?$/.test(file))
    .map((file) => join(contentDir, file));
}

/** The part's folder: the one already there (`1-phenomenon`), else `<number>-<slug>` from src/lib/parts.ts. */
function partFolder(contentDir: string, part: Part): string {
  const existing = existsSync(contentDir)
    ? readdirSync(contentDir).find((name) => name.startsWith(`${part.number}-`))
    : undefined;
  return existing ?? `${part.number}-${part.slug}`;
}

/** One more than the largest `order` in the part, so the new lesson comes last. */
function nextOrder(partDir: string): number {
  if (!existsSync(partDir)) return 1;
  const orders = readdirSync(partDir)
    .filter((name) => /\.mdx?$/.test(name))
    .map((name) => /^order:\s*(\d+)\s*$/m.exec(readFileSync(join(partDir, name), 'utf8'))?.[1])
    .filter((order): order is string => order !== undefined)
    .map(Number);
  return orders.length === 0 ? 1 : Math.max(...orders) + 1;
}

/** An import specifier from `from` to `to`: relative, forward slashes, starting with `.`. */
function importPath(from: string, to: string): string {
  const rel = relative(dirname(from), to).split(sep).join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

const yamlString = (text: string) => `'${text.replace(/'/g, "''")}'`;

function lessonMdx(title: string, part: number, order: number): string {
  return `---
title: ${yamlString(title)}
summary: 'One paragraph: what the reader will understand. For a lesson that answers a forum question, the short answer (add a question field).'
part: ${part}
order: ${order}
# A draft shows in \`npm run dev\` only. Remove this line when the lesson is ready to publish.
draft: true
---

Open with the question the reader brings, in their own words, and what this lesson answers.

Every number in the prose comes from \`numbers.ts\` beside this file, as \`n.<name>\`, and \`fmt\` formats it:
with {n.depth} layers of $k \\cdot I$ and $k =$ {n.scale}, the output is {fmt(n.output)} times the input.
Each one is checked by this lesson's claims test.

<Playground example="${FIRST_EXAMPLE}" title="Replace with what the example shows" />

Explain what the reader saw, then add the next idea.
`;
}

function exampleTs(): string {
  return `// A first look (replace it with the lesson's first example): the size of a^[l], layer by layer, in a
// network of L layers of k·I. An example is reader code: it imports from @gradscope/core and
// @gradscope/charts, shows results with display(…) and runs in well under a second.
import { column, forward, linearNetwork, vectorNorm } from '@gradscope/core';
import { depthProfileChart } from '@gradscope/charts';

const depth = 10;
const k = 1.5;
const x = column([1, 1]);

const trace = forward(linearNetwork(depth, k), x); // trace.layers[l - 1].a is a^[l]
display(
  depthProfileChart({
    quantity: '‖a[l]‖',
    series: [{ label: \`k = \${k}\`, values: trace.layers.map((layer) => vectorNorm(layer.a.data)) }],
  }),
);
`;
}

function numbersTs(title: string, claimsPath: string): string {
  return `/**
 * Every number the lesson ${JSON.stringify(title)} states, computed by @gradscope/core when the page builds. The
 * prose shows them as \`n.<name>\`, formatted with \`fmt\`; ${claimsPath} checks each one.
 */
import { column, forward, linearNetwork } from '@gradscope/core';

/** The depth L of the first example's network. */
export const depth = 10;
/** The factor k of every layer's weights, W = k·I. */
export const scale = 1.5;
/** ŷ₁ for x = (1, 1): the output as a multiple of the input, by the engine's forward pass. */
export const output = forward(linearNetwork(depth, scale), column([1, 1])).output.data[0];
`;
}

function claimsTs(
  title: string,
  lessonPath: string,
  numbers: string,
  example: string,
  support: string,
): string {
  return `/**
 * Every number in the lesson ${JSON.stringify(title)}, checked against a closed form and against what the
 * lesson's own example shows. A site test fails when the prose states an n.<name> that this file does not check.
 *
 * The lesson: ${lessonPath}
 */
import type { PlotOptions } from '@observablehq/plot';
import { describe, expect, test } from 'vitest';

import * as n from '${numbers}';
import { pointsOf, relative, runExample } from '${support}';

// The engine and k^L compute the same product in float64: a few units in the last place at most.
const RELATIVE = 1e-12;

describe('the output is k^L times the input', () => {
  test('L layers of k·I multiply the input by k^L', () => {
    expect(relative(n.output, n.scale ** n.depth)).toBeLessThan(RELATIVE);
  });

  test('the first example draws the same size at its last layer: ‖a^[L]‖ = k^L·‖x‖', async () => {
    const { shown } = await runExample(new URL('${example}', import.meta.url));
    const last = pointsOf(shown[0] as PlotOptions).filter((p) => p.x === n.depth);
    expect(last.length).toBeGreaterThan(0);
    for (const p of last) expect(relative(p.y, n.output * Math.SQRT2)).toBeLessThan(RELATIVE);
  });
});
`;
}
