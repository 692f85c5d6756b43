// The weight of a lesson page, measured deterministically from the built files (see tests/support/eager-scripts.ts
// for what counts as eager JavaScript). Load times and Lighthouse scores are timing: `npm run bench:lighthouse`.
import { gzipSync } from 'node:zlib';

import { describe, expect, it } from 'vitest';

import { eagerScripts, gzippedSize } from '../support/eager-scripts.ts';
import { parsePage } from '../support/fixtures.ts';
import { basePath, distDir, lessonPages } from '../support/site.ts';

/** 50 KB gzipped: the budget for eager JavaScript on a lesson page. */
const BUDGET_BYTES = 50 * 1024;
/** 120 KB of gzipped HTML: the lecture, a dense lesson (113 formulas, four examples, three charts), is about 50 KB. */
const HTML_BUDGET_BYTES = 120 * 1024;

describe('eager JavaScript on lesson pages', () => {
  it.each(lessonPages().map((page) => [page.path] as const))(
    '%s loads less than 50 KB gzipped before any interaction, and not Pagefind',
    async (path) => {
      const scripts = await eagerScripts(distDir(), basePath(), path);
      // The theme script at least: proves the measurement sees the page's scripts at all.
      expect(scripts.size).toBeGreaterThan(0);
      expect([...scripts.keys()].filter((name) => name.includes('pagefind'))).toEqual([]);
      expect(gzippedSize(scripts.values()), `eager scripts: ${[...scripts.keys()].join(', ')}`).toBeLessThan(
        BUDGET_BYTES,
      );
    },
  );
});

describe('lesson HTML', () => {
  it.each(lessonPages().map((page) => [page.path, page] as const))(
    '%s is less than 120 KB gzipped',
    (_path, page) => {
      const { html } = parsePage(page);
      expect(gzipSync(html).length).toBeLessThan(HTML_BUDGET_BYTES);
    },
  );
});
