// The phase diagram the reader trains: a sweep trains cells in the background on several workers and colours
// them as they arrive, Stop ends it, a click trains one cell, and the map travels in a link.
import { describe, expect, it } from 'vitest';

import { openPage } from '../support/browser.ts';
import { useBrowserAndSite } from '../support/fixtures.ts';
import { openLab, setControl, waitFor } from '../support/lab.ts';

const env = useBrowserAndSite();

// Tiny networks, so a cell trains in milliseconds; and ones that take a few tenths of a second each, so that a sweep
// of 100 is still running when the test stops it.
const TINY = '?depth=4&width=8&steps=5&batch=8';
const SLOWER = '?depth=20&width=64&steps=50&batch=32';

/** How many cells the phase diagram's description says are trained. */
async function trainedCells(page: import('playwright-core').Page): Promise<number> {
  const text = (await page.locator('[data-role="sweep-status"]').textContent()) ?? '';
  return Number(/(\d+) of \d+ cells trained/.exec(text)?.[1] ?? NaN);
}

describe('the phase diagram you train', () => {
  it('sweeps in the background, stops, and shares the map as a link that shows it again', async () => {
    const watched = await openLab(env, SLOWER, { permissions: ['clipboard-read', 'clipboard-write'] });
    const { page } = watched;
    await page.getByLabel('Grid').selectOption('10');
    await page.getByRole('button', { name: 'Train the whole grid' }).click();
    await expect.poll(() => trainedCells(page), { timeout: 60_000 }).toBeGreaterThan(3);
    await page.locator('[data-action="stop-sweep"]').click();
    await expect
      .poll(() => page.locator('[data-role="sweep-status"]').textContent())
      .toMatch(/^Stopped: \d+ of 100 cells trained\.$/);
    const stopped = await trainedCells(page);
    expect(stopped).toBeLessThan(100);
    await page.waitForTimeout(1500);
    expect(await trainedCells(page)).toBe(stopped);
    // The chart shows the trained cells coloured, the others as outlines.
    await expect
      .poll(() => page.locator('[data-slot="phase"] svg[role="img"]').getAttribute('aria-description'))
      .toContain(`${100 - stopped} not measured yet`);

    await page.getByRole('button', { name: 'Copy a link to this map' }).click();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(new URL(link).searchParams.get('map')).toMatch(/^[\w+-]+$/);
    const receiver = await openPage(env.browser);
    await receiver.page.goto(link, { waitUntil: 'domcontentloaded' });
    await waitFor(receiver.page, 'rendered');
    await expect.poll(() => trainedCells(receiver.page)).toBe(stopped);
    expect(await receiver.page.getByLabel('Grid').inputValue()).toBe('10');
    // The cell picker lists the received grid's σ_w², not the page's default grid of 20.
    const picker = receiver.page.getByRole('group', { name: 'Train one cell' });
    expect(await picker.getByLabel('σ_w²').locator('option').count()).toBe(10);
    expect([...watched.problems(), ...receiver.problems()]).toEqual([]);
    await watched.close();
    await receiver.close();
  });

  it('computes theory’s curves for the phase diagram once the reader comes near it', async () => {
    const watched = await openLab(env);
    const { page } = watched;
    const phase = page.locator('[data-slot="phase"]');
    // A new depth needs new curves; far down the page, they wait (they cost seconds of a core).
    await setControl(page, 'depth', '40');
    await page.waitForTimeout(500);
    expect(await phase.textContent()).not.toContain('6ξc = 40');
    await phase.scrollIntoViewIfNeeded();
    await expect.poll(() => phase.textContent(), { timeout: 30_000 }).toContain('6ξc = 40, ordered side');
    await expect.poll(() => phase.textContent(), { timeout: 60_000 }).toContain('6ξc = 40, chaotic side');
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('trains the cell a reader clicks, or picks with the keyboard', async () => {
    const watched = await openLab(env, TINY);
    const { page } = watched;
    // The chart is redrawn when theory's curves arrive: click where it is, not on the element found a moment ago.
    await page.locator('[data-slot="phase"]').scrollIntoViewIfNeeded();
    const box = (await page.locator('[data-slot="phase"] svg[role="img"]').boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await expect.poll(() => trainedCells(page), { timeout: 60_000 }).toBe(1);
    const cells = page.getByRole('group', { name: 'Train one cell' });
    await cells.getByLabel('σ_w²').selectOption({ index: 2 });
    await cells.getByLabel('σ_b²').selectOption({ index: 3 });
    await cells.getByRole('button', { name: 'Train this cell' }).click();
    await expect.poll(() => trainedCells(page), { timeout: 60_000 }).toBe(2);
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });
});
