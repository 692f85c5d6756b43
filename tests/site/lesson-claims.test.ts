// Every number a lesson states is checked: each `n.<name>` in a lesson's MDX appears in the code of its claims
// test, tests/claims/<slug>.test.ts. The checker is tried on the real lessons and on a fixture that misses some.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, describe, expect, it } from 'vitest';

import { claimsCoverage, identifiersIn, numbersUsedBy } from '../support/claims-coverage.ts';
import { runExample } from '../support/claims.ts';

const repository = fileURLToPath(new URL('../..', import.meta.url));

describe('claims coverage', () => {
  it('finds no lesson of the book whose stated numbers lack a claims test', () => {
    expect(
      claimsCoverage({
        contentDir: join(repository, 'content'),
        claimsDir: join(repository, 'tests', 'claims'),
        root: repository,
      }),
    ).toEqual([]);
  });

  const root = mkdtempSync(join(tmpdir(), 'gs-claims-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write(
    'content/1-phenomenon/growth.mdx',
    [
      '---',
      "title: 'Growth n.notThis'",
      '---',
      'With {n.depth} layers the output is {fmt(n.output, 3)} and {n.ratio.toFixed(2)}.',
      '',
      '```ts',
      'console.log(n.shownCode);',
      '```',
    ].join('\n'),
  );
  write('content/1-phenomenon/growth/numbers.ts', 'export const depth = 20, output = 1, ratio = 1;\n');
  write(
    'tests/claims/growth.test.ts',
    "expect(n.depth).toBe(20);\n// n.output is checked somewhere else\nexpect('n.ratio').toBeTruthy();\n",
  );
  write('content/1-phenomenon/untested.mdx', '---\ntitle: x\n---\nNo numbers in the text.\n');
  write('content/1-phenomenon/untested/numbers.ts', 'export const depth = 20;\n');
  write('content/3-forum-questions/plain.md', '---\ntitle: x\n---\nNo numbers, no folder.\n');

  it('fails a lesson whose claims test misses a number, or that has numbers and no claims test', () => {
    expect(
      claimsCoverage({ contentDir: join(root, 'content'), claimsDir: join(root, 'tests', 'claims'), root }),
    ).toEqual([
      `${join('tests', 'claims', 'growth.test.ts')} does not check n.output, n.ratio, which ${join('content', '1-phenomenon', 'growth.mdx')} states.`,
      `${join('content', '1-phenomenon', 'untested.mdx')} has a numbers.ts but has no claims test: add ${join('tests', 'claims', 'untested.test.ts')}.`,
    ]);
  });

  it('reads n.<name> from the prose, not from the frontmatter or code blocks, and names from code only', () => {
    expect(numbersUsedBy('---\ntitle: n.a\n---\n{n.b} {fmt(n.c)} {an.d} {x.n.e}\n```\nn.f\n```\n')).toEqual([
      'b',
      'c',
    ]);
    expect([...identifiersIn("n.a; /* n.b */ 'n.c'; f(n['d'])")]).toEqual(['n', 'a', 'f']);
  });
});

describe('runExample', () => {
  const root = mkdtempSync(join(tmpdir(), 'gs-example-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const file = join(root, 'example.ts');
  writeFileSync(
    file,
    "const view = display([{ a: 1 }]);\nview.update('again');\nprogress(1, 2);\nconsole.log('x', 2);\n",
  );

  it('runs an example afresh each time, collecting what it displays and logs, and restores the globals', async () => {
    for (let i = 0; i < 2; i++) {
      const { shown, logged } = await runExample(file);
      expect(shown).toEqual([[{ a: 1 }], 'again']);
      expect(logged).toEqual([['x', 2]]);
    }
    expect('display' in globalThis).toBe(false);
  });
});
