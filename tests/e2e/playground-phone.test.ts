// Charts on a phone (375 px wide): a chart is never scaled down so far that its text drops below 11 px, whether
// the build drew it (a lesson's figure, an example's pre-rendered output) or a reader's run did; a chart that
// would have to shrink more scrolls sideways instead.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import { openPage } from '../support/browser.ts';
import { useBrowserAndSite } from '../support/fixtures.ts';
import { openShared, playgroundLesson, run, shareUrl } from '../playground/browser-helpers.ts';

const env = useBrowserAndSite();
const lesson = playgroundLesson();
const PHONE = { width: 375, height: 812 };
const MIN_TEXT_PX = 11;

/** The drawn size of every chart's smallest text, in CSS pixels, by where the chart is. */
function smallestChartText(page: Page, selector: string): Promise<number[]> {
  return page.evaluate(
    (chartSelector) =>
      [...document.querySelectorAll(chartSelector)].map((svg) =>
        Math.min(
          ...[...svg.querySelectorAll('text')].map((text) => {
            const matrix = (text as SVGGraphicsElement).getScreenCTM()!;
            return Math.hypot(matrix.a, matrix.b) * parseFloat(getComputedStyle(text).fontSize);
          }),
        ),
      ),
    selector,
  );
}

describe('charts on a phone', () => {
  it('keep their text at 11 px or more, in the lesson and in pre-rendered example output', async () => {
    const watched = await openPage(env.browser, { viewport: PHONE });
    const { page } = watched;
    await page.goto(env.site.url(lesson.path), { waitUntil: 'networkidle' });
    const lessonFigures = await smallestChartText(page, '.gs-figure-chart svg[viewBox]');
    const exampleOutput = await smallestChartText(page, '.gs-out-figure svg[viewBox]');
    expect(lessonFigures.length).toBeGreaterThan(0);
    expect(exampleOutput.length).toBeGreaterThan(0);
    for (const size of [...lessonFigures, ...exampleOutput]) expect(size).toBeGreaterThanOrEqual(MIN_TEXT_PX);
    // So they scroll, and say so.
    const output = page.locator('.gs-out-figure').first();
    // Laid out only near the viewport (content-visibility: auto): the cue appears when a reader scrolls to it.
    await output.scrollIntoViewIfNeeded();
    expect(await output.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
    await expect.poll(() => output.getAttribute('data-overflow')).toBe('right');
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('show that an example’s code scrolls sideways where its lines are wider than the screen', async () => {
    const watched = await openPage(env.browser, { viewport: PHONE });
    const { page } = watched;
    await page.goto(env.site.url(lesson.path), { waitUntil: 'networkidle' });
    const code = page.locator('.gs-pg-code pre').first();
    await code.scrollIntoViewIfNeeded();
    expect(await code.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
    await expect.poll(() => code.getAttribute('data-overflow')).toBe('right');
    await code.evaluate((element) => (element.scrollLeft = element.scrollWidth));
    await expect.poll(() => code.getAttribute('data-overflow')).toBe('left');
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('keep their text at 11 px or more when a reader’s run draws them, and fit unscaled ones as they are', async () => {
    const watched = await openPage(env.browser, { viewport: PHONE });
    const { page } = watched;
    const id = lesson.ids[0];
    const code = [
      "import * as Plot from '@observablehq/plot';",
      "import { depthProfileChart } from '@gradscope/charts';",
      "display(depthProfileChart({ quantity: 'norm', series: [{ label: 'k = 2', values: [1, 2, 4, 8] }] }));",
      // A small chart fits the phone as it is: nothing to scroll.
      'display(Plot.plot({ width: 200, height: 100, marks: [Plot.lineY([1, 3, 2])] }));',
    ].join('\n');
    const pg = await openShared(page, shareUrl(env.site.origin, lesson.path, id, code, lesson.engine), id);
    await run(pg);
    const [wide, small] = await smallestChartText(
      page,
      `gs-playground[data-id="${id}"] .gs-out-figure svg[viewBox]`,
    );
    expect(wide).toBeGreaterThanOrEqual(MIN_TEXT_PX);
    // Plot's own 10 px text, drawn at its own size (a chart is never enlarged).
    expect(small).toBeCloseTo(10, 5);
    const figures = pg.locator('.gs-out-figure');
    await expect.poll(() => figures.nth(0).getAttribute('data-overflow')).toBe('right');
    expect(await figures.nth(1).evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(false);
    expect(await figures.nth(1).getAttribute('data-overflow')).toBeNull();
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });
});
