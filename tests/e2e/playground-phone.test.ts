// Charts on a phone (375 px wide): a chart is never scaled down so far that its text drops below 11 px, whether
// the build drew it (a lesson's figure, an example's pre-rendered output) or a reader's run did; a chart that
// would have to shrink more scrolls sideways instead, and says so. Every lesson of the build is checked, every
// piece of text of every chart: tick and axis labels, legends (swatches and colour ramps), labels in the plot.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import { openPage } from '../support/browser.ts';
import { useBrowserAndSite } from '../support/fixtures.ts';
import { lessonPages } from '../support/site.ts';
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

/** A chart's smallest piece of text as drawn on the page. */
interface ChartText {
  /** Which chart: `figure #id` or `output of playground "id"`, and its accessible name. */
  readonly chart: string;
  readonly text: string;
  /** Its drawn size in CSS pixels: the font size times the scale its SVG is drawn at. */
  readonly px: number;
}

/**
 * The smallest text of every chart on the page (lesson figures and example output), each chart scrolled into view
 * first, as a reader would (lesson blocks are laid out only near the viewport: content-visibility: auto).
 */
function chartTexts(page: Page): Promise<ChartText[]> {
  return page.evaluate(async () => {
    const found: { chart: string; text: string; px: number }[] = [];
    for (const box of document.querySelectorAll('.gs-figure-chart, .gs-out-figure')) {
      box.scrollIntoView({ block: 'center', behavior: 'instant' });
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      const figure = box.closest('figure.gs-figure');
      const playground = box.closest('gs-playground');
      const where = figure
        ? `figure #${figure.id}`
        : `output of playground "${playground?.getAttribute('data-id') ?? '?'}"`;
      let smallest: { text: string; px: number } | undefined;
      const consider = (text: string, px: number) => {
        if (text.trim() !== '' && (!smallest || px < smallest.px)) smallest = { text: text.trim(), px };
      };
      for (const text of box.querySelectorAll('svg text')) {
        const matrix = (text as SVGGraphicsElement).getScreenCTM();
        if (!matrix || text.getClientRects().length === 0) continue;
        consider(
          text.textContent ?? '',
          Math.hypot(matrix.a, matrix.b) * parseFloat(getComputedStyle(text).fontSize),
        );
      }
      // HTML text around the plot: titles, swatch legends.
      const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement!;
        if (parent.closest('svg') || parent.getClientRects().length === 0) continue;
        consider(node.textContent ?? '', parseFloat(getComputedStyle(parent).fontSize));
      }
      if (smallest) found.push({ chart: `${where} (${box.getAttribute('aria-label')})`, ...smallest });
    }
    return found;
  });
}

describe('charts on a phone', () => {
  // One test per lesson of the build, so a failure names the page; the message names the chart and its text.
  it.each(lessonPages().map((page) => [page.path] as const))(
    'keep their text at 11 px or more on %s, in its figures and in pre-rendered example output',
    async (path) => {
      const watched = await openPage(env.browser, { viewport: PHONE });
      const { page } = watched;
      await page.goto(env.site.url(path), { waitUntil: 'networkidle' });
      await page.evaluate(() => document.fonts.ready);
      const texts = await chartTexts(page);
      const tooSmall = texts
        .filter(({ px }) => px < MIN_TEXT_PX)
        .map(({ chart, text, px }) => `${chart}: "${text}" at ${px.toFixed(1)} px`);
      expect(tooSmall, `charts on ${path} with text below ${MIN_TEXT_PX} px`).toEqual([]);
      expect(watched.problems()).toEqual([]);
      await watched.close();
    },
  );

  it('scroll sideways where they would have to shrink more, and say so, in a figure and in example output', async () => {
    const watched = await openPage(env.browser, { viewport: PHONE });
    const { page } = watched;
    await page.goto(env.site.url(lesson.path), { waitUntil: 'networkidle' });
    const figures = await chartTexts(page);
    expect(figures.some(({ chart }) => chart.startsWith('figure'))).toBe(true);
    expect(figures.some(({ chart }) => chart.startsWith('output'))).toBe(true);
    for (const selector of ['.gs-figure-chart', '.gs-out-figure']) {
      // A 640-pixel chart with 13-pixel text fits in 542 pixels at the least, more than a phone has.
      const box = page.locator(`${selector}:has(svg[width="640"])`).first();
      // Laid out only near the viewport (content-visibility: auto): the cue appears when a reader scrolls to it.
      await box.scrollIntoViewIfNeeded();
      expect(await box.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
      await expect.poll(() => box.getAttribute('data-overflow')).toBe('right');
    }
    // A lesson figure also says it in words, under the chart.
    const hint = page.locator('.gs-figure-chart[data-overflow] + .gs-figure-scroll-hint').first();
    expect(await hint.isVisible()).toBe(true);
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
