// `@gradscope/charts` is one name for one module: the workspace package src/charts. Lessons, their examples,
// components, the workers and the tests all import it under that name, and every tool finds the same file.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import ts from 'typescript';
import { expect, test } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const sourceIndex = fileURLToPath(new URL('../../src/charts/index.ts', import.meta.url));

test('in Vitest, @gradscope/charts is the very module src/charts/index.ts, without any mock', async () => {
  const byName = await import('@gradscope/charts');
  const bySource = await import('../../src/charts/index.ts');
  expect(byName).toBe(bySource);
});

test('a lesson’s own files import @gradscope/charts as its examples do, and run', async () => {
  const figures = await import('../../content/1-phenomenon/deep-linear-network/figures.ts');
  expect(Array.isArray(figures.activationNormsChart.marks)).toBe(true);
});

test('TypeScript resolves @gradscope/charts from a lesson to the same source file', () => {
  const configFile = ts.readConfigFile(`${root}/tsconfig.json`, ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(configFile.config, ts.sys, root);
  const { resolvedModule } = ts.resolveModuleName(
    '@gradscope/charts',
    `${root}/content/1-phenomenon/deep-linear-network/figures.ts`,
    options,
    ts.sys,
  );
  expect(resolvedModule && realpathSync(resolvedModule.resolvedFileName)).toBe(realpathSync(sourceIndex));
});
