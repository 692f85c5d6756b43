// A reader finds their way: from the landing page into the first lesson, through every lesson with Next and
// back with Previous, across parts via the sidebar, and through the drawer at phone width. The suite reads
// the reading order from the built site, so it holds for whatever lessons exist.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import { openPage } from '../support/browser.ts';
import { useBrowserAndSite } from '../support/fixtures.ts';

const env = useBrowserAndSite();

/** Clicks a link and waits until the page it points to has loaded. */
async function follow(page: Page, link: Locator): Promise<void> {
  const target = new URL((await link.getAttribute('href'))!, page.url()).href;
  await Promise.all([page.waitForURL(target, { waitUntil: 'domcontentloaded' }), link.click()]);
}

describe('navigation', () => {
  it('goes from the landing page to the first lesson and marks it in the sidebar', async () => {
    const watched = await openPage(env.browser);
    const { page } = watched;
    await page.goto(env.site.url());
    const firstInOrder = page.locator('.reading-order-lessons a').first();
    const title = (await firstInOrder.textContent())!.trim();
    await page.getByRole('link', { name: /^Start reading/ }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe(title);
    const current = page.locator('#sidebar a[aria-current="page"]');
    expect(await current.count()).toBe(1);
    expect((await current.textContent())!.trim()).toBe(title);
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('walks the whole reading order with Next, then back with Previous', async () => {
    const watched = await openPage(env.browser);
    const { page } = watched;
    await page.goto(env.site.url());
    const order = (await page.locator('.reading-order-lessons a').allTextContents()).map((text) =>
      text.trim(),
    );
    expect(order.length).toBeGreaterThan(0);

    await follow(page, page.locator('.reading-order-lessons a').first());
    const forward: string[] = [];
    for (;;) {
      forward.push((await page.locator('h1').textContent())!.trim());
      const next = page.locator('a[rel="next"]');
      if ((await next.count()) === 0) break;
      expect(forward.length).toBeLessThan(order.length);
      await follow(page, next);
    }
    expect(forward).toEqual(order);

    const backward: string[] = [forward.at(-1)!];
    while ((await page.locator('a[rel="prev"]').count()) > 0) {
      await follow(page, page.locator('a[rel="prev"]'));
      backward.push((await page.locator('h1').textContent())!.trim());
    }
    expect(backward).toEqual([...order].reverse());
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('lists the same lessons in the sidebar as on the landing page, and each sidebar link opens its lesson', async () => {
    const watched = await openPage(env.browser);
    const { page } = watched;
    await page.goto(env.site.url());
    const order = (await page.locator('.reading-order-lessons a').allTextContents()).map((text) =>
      text.trim(),
    );
    await page.locator('.reading-order-lessons a').last().click();
    const sidebar = page.locator('#sidebar .sidebar-part a');
    expect((await sidebar.allTextContents()).map((text) => text.trim())).toEqual(order);
    for (const title of order) {
      await page.locator('#sidebar').getByRole('link', { name: title, exact: true }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe(title);
      expect(await page.locator('#sidebar a[aria-current="page"]').textContent()).toBe(title);
    }
    await page.locator('#sidebar').getByRole('link', { name: 'Home' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Why gradients vanish and explode');
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('at phone width hides the sidebar behind a menu button that opens and closes it', async () => {
    const watched = await openPage(env.browser, {
      viewport: { width: 390, height: 844 },
      hasTouch: true,
      isMobile: true,
    });
    const { page } = watched;
    await page.goto(env.site.url());
    await page.locator('.reading-order-lessons a').first().click();
    const sidebar = page.locator('#sidebar');
    const menu = page.getByRole('button', { name: 'Lessons menu' });
    await expect.poll(() => sidebar.isVisible()).toBe(false);
    await menu.click();
    await expect.poll(() => sidebar.isVisible()).toBe(true);
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Escape');
    await expect.poll(() => sidebar.isVisible()).toBe(false);
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    // The page never scrolls sideways at phone width.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('serves the 404 page, with a way home, for an unknown address', async () => {
    const watched = await openPage(env.browser, { allowConsole: [/Failed to load resource.*404/] });
    const { page } = watched;
    const response = await page.goto(env.site.url('lessons/no-such-lesson/'));
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('This page does not exist');
    await page.locator('main').getByRole('link', { name: 'home page' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Why gradients vanish and explode');
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });
});
