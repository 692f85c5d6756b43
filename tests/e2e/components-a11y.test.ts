// axe on the lesson components in the states a reader puts them in (the a11y suite sees each page as it loads):
// a revealed prediction, a refused number, a failed and a passed exercise check, in both themes and at phone
// width.
import { describe, expect, it } from 'vitest';

import { playground, replaceCode, run } from '../playground/browser-helpers.ts';
import { seriousViolations } from '../support/axe.ts';
import { openPage } from '../support/browser.ts';
import { useBrowserAndSite } from '../support/fixtures.ts';

const env = useBrowserAndSite();
const LESSON = 'lessons/sample-deep-linear/';

describe.each([
  ['light', 1280],
  ['dark', 390],
] as const)('lesson components after use, %s theme at %i px', (colorScheme, width) => {
  it('a revealed prediction, a refused number and a checked exercise have no serious or critical axe violation', async () => {
    const watched = await openPage(env.browser, { colorScheme, viewport: { width, height: 844 } });
    const { page } = watched;
    await page.goto(env.site.url(LESSON), { waitUntil: 'networkidle' });

    const range = page.locator('gs-predict[data-id="down-range"]');
    await range.getByLabel('From').fill('ten');
    await range.getByRole('button', { name: 'Lock in my prediction' }).click();
    const number = page.locator('gs-predict[data-id="output-at-20"]');
    await number.getByLabel('Your prediction', { exact: true }).fill('5000');
    await number.getByRole('button', { name: 'Show the answer' }).click();
    await run(playground(page, 'exercise-he-std'));
    expect(await seriousViolations(page)).toEqual([]);

    await replaceCode(
      page,
      playground(page, 'exercise-he-std'),
      'export const heNormalStd = (n: number) => Math.sqrt(2 / n);',
    );
    await run(playground(page, 'exercise-he-std'));
    expect(await seriousViolations(page)).toEqual([]);
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });
});
