/**
 * Builds the site from the test fixtures (tests/site/fixtures/content: three lessons in two parts, forum
 * questions, footnotes, labelled equations, references) into test-results/site-fixtures/dist, for the `e2e-fixtures`
 * test project. The real content may not (yet) exercise every feature of the layout, the fixtures always do.
 *
 *     node tests/support/build-fixture-site.ts
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const FIXTURE_CONTENT = 'tests/site/fixtures/content';
// Under a folder named dist, which git, ESLint and Prettier already ignore.
const FIXTURE_DIST = 'test-results/site-fixtures/dist';

const root = resolve(import.meta.dirname, '..', '..');
const result = spawnSync(
  process.execPath,
  [join(root, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build'],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, GRADSCOPE_CONTENT_DIR: FIXTURE_CONTENT, GRADSCOPE_OUT_DIR: FIXTURE_DIST },
  },
);
process.exitCode = result.status ?? 1;
