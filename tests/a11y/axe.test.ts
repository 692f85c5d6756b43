// axe-core on every built page, in the light and the dark theme: no serious or critical violation. Each visit
// also checks that the page logged no error and asked no other host for anything.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import { openPage } from '../support/browser.ts';
import { useBrowserAndSite } from '../support/fixtures.ts';
import { builtPages } from '../support/site.ts';

const env = useBrowserAndSite();
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** Serious and critical violations on the page as it is now, one readable line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: a <script> tag would be refused by the site's Content-Security-Policy.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(context: Document, options: object): Promise<{ violations: Violation[] }> };
      }
    ).axe;
    const results = await axe.run(document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      },
      resultTypes: ['violations'],
    });
    return results.violations;
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) =>
      violation.nodes.map(
        (node) =>
          `${violation.impact} ${violation.id} (${violation.help}) at ${JSON.stringify(node.target)}: ${node.failureSummary ?? ''}`,
      ),
    );
}

const pages = builtPages().map((page) => page.path);

describe.each(['light', 'dark'] as const)('accessibility in the %s theme', (colorScheme) => {
  it.each(pages)('%s has no serious or critical axe violation', async (path) => {
    const watched = await openPage(env.browser, {
      colorScheme,
      allowConsole: path.endsWith('404.html') ? [/Failed to load resource.*404/] : [],
    });
    const { page } = watched;
    await page.goto(env.site.url(path), { waitUntil: 'networkidle' });
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(colorScheme);
    expect(await seriousViolations(page)).toEqual([]);
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });
});

describe('accessibility of interactive states', () => {
  it('the open search results and the open phone menu have no serious or critical axe violation', async () => {
    const watched = await openPage(env.browser, { viewport: { width: 390, height: 844 } });
    const { page } = watched;
    const lesson = pages.find((path) => path.includes('/lessons/'))!;
    await page.goto(env.site.url(lesson), { waitUntil: 'networkidle' });
    await page.getByRole('button', { name: 'Lessons menu' }).click();
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByRole('searchbox', { name: 'Search the lessons' }).fill('gradient');
    await page.locator('.search-results a, .search-status:has-text("No lesson")').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });
});
