// axe-core on a playground in its live states, which the site's page-by-page audit does not reach: the editor
// open, a run's output (table, figure, error), a shared link's note; in both themes. No serious or critical
// violation inside the playground.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import { openPage } from '../support/browser.ts';
import { useBrowserAndSite } from '../support/fixtures.ts';
import { openEditor, playground, playgroundLesson, replaceCode, run } from '../playground/browser-helpers.ts';

const env = useBrowserAndSite();
const lesson = playgroundLesson();
const id = lesson.ids[0];
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** Serious and critical violations inside the playground, one line each. */
async function violationsIn(page: Page, selector: string): Promise<string[]> {
  // Evaluated through the DevTools protocol: a <script> tag would be refused by the site's Content-Security-Policy.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async (context) => {
    const axe = (
      window as unknown as {
        axe: { run(context: string, options: object): Promise<{ violations: Violation[] }> };
      }
    ).axe;
    const results = await axe.run(context, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      },
      resultTypes: ['violations'],
    });
    return results.violations;
  }, selector);
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) =>
      violation.nodes.map((node) => `${violation.id} (${violation.help}) at ${JSON.stringify(node.target)}`),
    );
}

const code = [
  "import * as Plot from '@observablehq/plot';",
  "console.log('a line');",
  "console.warn('a warning');",
  'display([{ layer: 1, norm: 1.5 }, { layer: 2, norm: 2.25 }]);',
  "display(Plot.plot({ ariaLabel: 'norms', marks: [Plot.lineY([1, 1.5, 2.25])] }));",
  "throw new RangeError('the end');",
].join('\n');

describe('playground accessibility', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no serious violation with the editor open and a run's output shown (${colorScheme})`, async () => {
      const watched = await openPage(env.browser, { colorScheme });
      const { page } = watched;
      await page.goto(env.site.url(lesson.path));
      const pg = playground(page, id);
      expect(await violationsIn(page, `gs-playground[data-id="${id}"]`)).toEqual([]);
      await openEditor(pg);
      await replaceCode(page, pg, code);
      await run(pg);
      expect(await pg.locator('.gs-out-error').count()).toBe(1);
      expect(await violationsIn(page, `gs-playground[data-id="${id}"] .gs-output`)).toEqual([]);
      expect(await violationsIn(page, `gs-playground[data-id="${id}"] .gs-pg-bar`)).toEqual([]);
      expect(await violationsIn(page, `gs-playground[data-id="${id}"] .gs-pg-status`)).toEqual([]);
      await watched.close();
    });
  }
});
