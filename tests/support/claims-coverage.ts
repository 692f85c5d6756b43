/**
 * Which numbers a lesson states without a test: every `n.<name>` in a lesson's MDX (its `numbers.ts`, see
 * src/lib/markdown/remark-lesson-scope.ts) must appear in the code of its claims test, tests/claims/<slug>.test.ts,
 * and a lesson with a numbers.ts must have one. "Appear in the code" means as an identifier: a name mentioned
 * only in a comment or a string is not checked by anything.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';

import ts from 'typescript';

/**
 * The names a lesson reads from `n`, in order of first use: `{fmt(n.outputUp, 7)}` → `outputUp`. The
 * frontmatter and fenced code blocks are skipped (code shown to the reader is not a stated number).
 *
 * @example
 * numbersUsedBy('---\ntitle: x\n---\nWith {n.depth} layers, {fmt(n.output)}.'); // ['depth', 'output']
 */
export function numbersUsedBy(mdx: string): string[] {
  const body = mdx.replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n/, '').replace(/^(```|~~~)[\s\S]*?^\1/gm, '');
  return [...new Set([...body.matchAll(/(?<![\w$.])n\.([A-Za-z_$][\w$]*)/g)].map((match) => match[1]))];
}

/**
 * Every identifier in a TypeScript source, property names included (`n.outputUp` gives `n` and `outputUp`);
 * comments and strings do not count.
 *
 * @example
 * identifiersIn('expect(n.depth).toBe(20); // n.output'); // Set { 'expect', 'n', 'depth', 'toBe' }
 */
export function identifiersIn(source: string): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) names.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile('claims.test.ts', source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS));
  return names;
}

/** Where to look: the lessons, their claims tests, and the folder paths are shown relative to. */
export interface ClaimsCoverageOptions {
  readonly contentDir: string;
  readonly claimsDir: string;
  readonly root: string;
}

/**
 * One sentence per lesson whose stated numbers are not all checked; empty when every one is.
 *
 * @example
 * claimsCoverage({ contentDir: 'content', claimsDir: 'tests/claims', root: '.' });
 * // ['tests/claims/x.test.ts does not check n.depth, which content/1-phenomenon/x.mdx states.']
 */
export function claimsCoverage({ contentDir, claimsDir, root }: ClaimsCoverageOptions): string[] {
  const shown = (path: string) => relative(root, path);
  const lessons = readdirSync(contentDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.mdx?$/.test(file))
    .sort();
  const problems: string[] = [];
  for (const file of lessons) {
    const lesson = join(contentDir, file);
    const slug = basename(file).replace(/\.mdx?$/, '');
    const used = numbersUsedBy(readFileSync(lesson, 'utf8'));
    const hasNumbersFile = existsSync(join(dirname(lesson), slug, 'numbers.ts'));
    if (used.length === 0 && !hasNumbersFile) continue;
    const claims = join(claimsDir, `${slug}.test.ts`);
    if (!existsSync(claims)) {
      const what =
        used.length > 0 ? `states ${used.map((name) => `n.${name}`).join(', ')}` : 'has a numbers.ts';
      problems.push(`${shown(lesson)} ${what} but has no claims test: add ${shown(claims)}.`);
      continue;
    }
    const checked = identifiersIn(readFileSync(claims, 'utf8'));
    const unchecked = used.filter((name) => !checked.has(name));
    if (unchecked.length > 0) {
      problems.push(
        `${shown(claims)} does not check ${unchecked.map((name) => `n.${name}`).join(', ')}, which ${shown(lesson)} states.`,
      );
    }
  }
  return problems;
}
