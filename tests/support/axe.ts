/**
 * axe-core in a page under test: the serious and critical violations of the page as it is now, one readable
 * line each. Shared by the accessibility suite (every built page) and the component suites (interactive states).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * Serious and critical violations (WCAG 2.2 A and AA, and best practices) on the page as it is now.
 *
 * @example
 * expect(await seriousViolations(page)).toEqual([]);
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  // axe compares the boxes of elements to find what lies behind a text. Under `content-visibility: auto`
  // (prose.css) a block that was never on screen counts as its placeholder height while axe lays out the inside
  // of the one it measures, so a tall playground's chart can seem to overlap the button after it, which no reader
  // ever sees. Lay every block out for real first: colours do not depend on it.
  await page.addStyleTag({ content: '.prose > * { content-visibility: visible !important; }' });
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
