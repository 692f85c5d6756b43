// Fails a browser project at once, with the fix, when there is no build to test. The project's own env
// (e2e-fixtures sets GRADSCOPE_DIST) is not yet in process.env here, so it is read from the project.
import { resolve } from 'node:path';

import type { TestProject } from 'vitest/node';

import { assertBuilt, distDir } from './site.ts';

export default function setup(project: TestProject): void {
  const configured = project.config.env?.GRADSCOPE_DIST;
  assertBuilt(typeof configured === 'string' ? resolve(project.config.root, configured) : distDir());
}
