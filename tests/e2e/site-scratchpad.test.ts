// The scratchpad: a playground outside any lesson, reached from every page's header, whose starter experiment runs
// live and whose figure's legend reads as one row of swatches (Plot's own legend stylesheet does not survive
// sanitising; the site's restores it).
import { describe, expect, it } from 'vitest';

import { openPage } from '../support/browser.ts';
import { useBrowserAndSite } from '../support/fixtures.ts';

const env = useBrowserAndSite();

describe('the playground page', () => {
  it('is linked from the header (and the footer), and its starter experiment draws a figure with a legend in one row', async () => {
    const watched = await openPage(env.browser);
    const { page } = watched;
    await page.goto(env.site.url('answers/'));
    await Promise.all([
      page.waitForURL((url) => url.pathname.endsWith('/playground/')),
      page.getByRole('banner').getByRole('link', { name: 'Playground', exact: true }).click(),
    ]);
    expect(await page.locator('h1').textContent()).toBe('Playground');
    expect(await page.getByRole('contentinfo').getByRole('link', { name: 'Playground' }).count()).toBe(1);
    const swatches = page.locator('gs-playground .gs-output [class*="-swatch"]:not([class*="-swatches"])');
    expect(await swatches.count()).toBe(3);
    const tops = await swatches.evaluateAll((spans) => spans.map((span) => span.getBoundingClientRect().top));
    expect(new Set(tops.map(Math.round)).size).toBe(1);
    // The squares are decorative: the chart is one image, each series is named by its legend text.
    expect(await swatches.locator('svg[aria-hidden="true"]').count()).toBe(3);
    expect(await page.locator('gs-playground .gs-output svg[role="img"]').count()).toBe(1);
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('runs its starter experiment live and redraws the figure', async () => {
    const watched = await openPage(env.browser);
    const { page } = watched;
    await page.goto(env.site.url('playground/'));
    const pg = page.locator('gs-playground[data-id="scratchpad"]');
    const description = () => pg.locator('.gs-output svg[role="img"] desc').first().textContent();
    const before = await description();
    await pg
      .locator('.gs-output svg[role="img"]')
      .first()
      .evaluate((svg) => svg.setAttribute('data-stale', ''));
    await pg.locator('[data-action="run"]').click();
    await expect
      .poll(() => pg.locator('[role="status"]').first().textContent(), { timeout: 20_000 })
      .toMatch(/^Ran in/);
    expect(await pg.locator('.gs-output svg[role="img"]').count()).toBeGreaterThan(0);
    // The same seeded code draws the same figure live as at build time: the same values to the four significant
    // digits the chart's description gives (Node's and Chromium's Math.tanh may differ in the last bit).
    expect(await pg.locator('.gs-output svg[data-stale]').count()).toBe(0); // drawn anew
    expect(before).toMatch(/at layer 1/);
    expect(await description()).toBe(before);
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });
});
