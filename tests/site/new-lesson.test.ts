// `npm run new:lesson` makes a lesson that builds and passes its own test as is. The scaffold is made in a
// sandbox inside the repository (test-results/, ignored by git), where its imports resolve as in content/.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';

import { getContainerRenderer } from '@astrojs/mdx/container-renderer';
import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { loadRenderers } from 'astro:container';
import { afterAll, describe, expect, it } from 'vitest';

import { ScaffoldError, validateLesson } from '../../scripts/scaffold-lesson.ts';
import { lessonComponents } from '../../src/components/lesson-components.ts';
import { claimsCoverage } from '../support/claims-coverage.ts';

const repository = fileURLToPath(new URL('../..', import.meta.url));
mkdirSync(join(repository, 'test-results'), { recursive: true });
const sandbox = mkdtempSync(join(repository, 'test-results', 'new-lesson-'));
afterAll(() => rmSync(sandbox, { recursive: true, force: true }));
const contentDir = join(sandbox, 'content');
const claimsDir = join(sandbox, 'tests', 'claims');
const bin = (name: string) => join(repository, 'node_modules', '.bin', name);

/** Runs a command in the repository (or `cwd`) and returns its status and output. */
function run(command: string, args: string[], cwd = repository) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: result.status, output: stripVTControlCharacters(`${result.stdout}${result.stderr}`) };
}

describe('new:lesson checks what it is asked for', () => {
  const places = { root: repository };
  it.each([
    [
      { part: 9, slug: 'x', title: 'X' },
      /There is no part 9; the parts are 1 \(The phenomenon\), 2 \(Derivations\)/,
    ],
    [
      { part: 2, slug: 'Bad_Slug', title: 'X' },
      /The slug "Bad_Slug" cannot be a lesson's URL name: use lowercase words/,
    ],
    [
      { part: 2, slug: 'deep-linear-network', title: 'X' },
      /A lesson named "deep-linear-network" already exists: content\/1-phenomenon\/deep-linear-network\.mdx/,
    ],
    [{ part: 2, slug: 'fine', title: ' ' }, /The title must be one line of text/],
  ])('refuses %o, saying why', (lesson, message) => {
    expect(() => validateLesson(lesson, places)).toThrow(ScaffoldError);
    expect(() => validateLesson(lesson, places)).toThrow(message);
  });
});

describe('a lesson made by new:lesson', { timeout: 120_000 }, () => {
  const slug = 'sample-lesson';
  const lessonFile = join(contentDir, '2-derivations', `${slug}.mdx`);
  let made: { status: number | null; output: string };

  it('is four files, listed with what to do next', () => {
    made = run(process.execPath, [
      'scripts/new-lesson.ts',
      ...['--part', '2', '--slug', slug, '--title', "Variance: it's layer by layer"],
      ...['--content-dir', contentDir, '--claims-dir', claimsDir],
    ]);
    expect(made.status, made.output).toBe(0);
    const shown = (path: string) => relative(repository, path);
    for (const file of [
      lessonFile,
      join(contentDir, '2-derivations', slug, 'first-look.ts'),
      join(contentDir, '2-derivations', slug, 'numbers.ts'),
      join(claimsDir, `${slug}.test.ts`),
    ])
      expect(made.output).toContain(shown(file));
    expect(made.output).toContain(`http://localhost:4321/lessons/${slug}/`);
    expect(readFileSync(lessonFile, 'utf8')).toContain("title: 'Variance: it''s layer by layer'");
    // Asked again, it refuses: the lesson exists now.
    const again = run(process.execPath, [
      'scripts/new-lesson.ts',
      '--part',
      '2',
      '--slug',
      slug,
      '--title',
      'X',
      '--content-dir',
      contentDir,
      '--claims-dir',
      claimsDir,
    ]);
    expect(again.status).toBe(1);
    expect(again.output).toMatch(/A lesson named "sample-lesson" already exists/);
  });

  it('type-checks and is formatted, examples and claims test alike', () => {
    writeFileSync(
      join(sandbox, 'tsconfig.json'),
      JSON.stringify({
        extends: '../../tsconfig.json',
        include: ['content', 'tests', '../../src/playground/types/reader-globals.d.ts'],
      }),
    );
    const result = run(bin('tsc'), ['-p', join(sandbox, 'tsconfig.json'), '--noEmit']);
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
    // And is formatted as the repository's check (npm run format:check) wants it.
    const formatted = run(bin('prettier'), ['--check', join(sandbox, 'content'), join(sandbox, 'tests')]);
    expect(formatted.status, formatted.output).toBe(0);
  });

  it('passes its own claims test, and states no number that test does not check', () => {
    writeFileSync(
      join(sandbox, 'vitest.config.mjs'),
      "export default { test: { include: ['tests/claims/*.test.ts'] } };\n",
    );
    const result = run(bin('vitest'), ['run', '--config', 'vitest.config.mjs'], sandbox);
    expect(result.output).toMatch(/Tests\s+2 passed/);
    expect(result.status).toBe(0);
    expect(claimsCoverage({ contentDir, claimsDir, root: sandbox })).toEqual([]);
  });

  it('builds: the page renders its numbers, and its example runs', async () => {
    const { default: Content } = await import(/* @vite-ignore */ lessonFile);
    const container = await AstroContainer.create({
      renderers: await loadRenderers([getContainerRenderer()]),
    });
    const html = await container.renderToString(Content, { props: { components: lessonComponents } });
    expect(html).toContain('with 10 layers of');
    expect(html).toContain('the output is 57.67 times the input');
    expect(html).toMatch(/<gs-playground[^>]*data-id="first-look"/);
    expect(html).toMatch(/<div class="gs-output"[^>]*>.*<svg/s);
  });
});
