// Dark mode: the page follows the system's colour scheme, the toggle overrides it and is remembered, choosing
// the system's own theme forgets the override, and the theme is set before the first paint.
import { describe, expect, it } from 'vitest';

import { openPage } from '../support/browser.ts';
import { useBrowserAndSite } from '../support/fixtures.ts';
import { lessonPages } from '../support/site.ts';

const env = useBrowserAndSite();
const lessonPath = lessonPages()[0].path;

/** Relative luminance of a CSS rgb() colour, 0 (black) to 1 (white). */
function luminance(rgb: string): number {
  const [r, g, b] = rgb
    .match(/\d+(\.\d+)?/g)!
    .slice(0, 3)
    .map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

const background = () => getComputedStyle(document.body).backgroundColor;

describe('theme', () => {
  it('follows prefers-color-scheme when the reader has not chosen', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const watched = await openPage(env.browser, { colorScheme });
      const { page } = watched;
      await page.goto(env.site.url(lessonPath));
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(colorScheme);
      const light = luminance(await page.evaluate(background)) > 0.5;
      expect(light).toBe(colorScheme === 'light');
      expect(await page.getByRole('button', { name: 'Dark theme' }).getAttribute('aria-pressed')).toBe(
        String(colorScheme === 'dark'),
      );
      expect(watched.problems()).toEqual([]);
      await watched.close();
    }
  });

  it('switches with the toggle, announces the change, and remembers it across pages and reloads', async () => {
    const watched = await openPage(env.browser, { colorScheme: 'light' });
    const { page } = watched;
    await page.goto(env.site.url(lessonPath));
    await page.evaluate(() => {
      document.addEventListener('gradscope:theme', (event) => {
        (window as unknown as { seen: string }).seen = (event as CustomEvent<{ theme: string }>).detail.theme;
      });
    });
    const toggle = page.getByRole('button', { name: 'Dark theme' });
    await toggle.click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    expect(await page.evaluate(() => (window as unknown as { seen: string }).seen)).toBe('dark');
    expect(luminance(await page.evaluate(background))).toBeLessThan(0.5);
    expect(await page.evaluate(() => localStorage.getItem('gradscope-theme'))).toBe('dark');

    await page.goto(env.site.url());
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.reload();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');

    // Back to the system's theme: the stored override is forgotten, so the page follows the system again.
    await page.getByRole('button', { name: 'Dark theme' }).click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    expect(await page.evaluate(() => localStorage.getItem('gradscope-theme'))).toBeNull();
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('is on <html> before the first paint, so a remembered dark theme never flashes light', async () => {
    const watched = await openPage(env.browser, { colorScheme: 'light' });
    const { page } = watched;
    await page.addInitScript(() => {
      localStorage.setItem('gradscope-theme', 'dark');
      // Runs before the page's own scripts: record the theme at the first moment the body exists.
      new MutationObserver((_records, observer) => {
        if (document.body) {
          (window as unknown as { themeAtBody: string | undefined }).themeAtBody =
            document.documentElement.dataset.theme;
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(env.site.url(lessonPath));
    expect(await page.evaluate(() => (window as unknown as { themeAtBody?: string }).themeAtBody)).toBe(
      'dark',
    );
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('without JavaScript still follows the system, and hides the controls that need JavaScript', async () => {
    const watched = await openPage(env.browser, { colorScheme: 'dark', javaScriptEnabled: false });
    const { page } = watched;
    await page.goto(env.site.url(lessonPath));
    expect(luminance(await page.evaluate(background))).toBeLessThan(0.5);
    expect(await page.locator('.theme-toggle').isVisible()).toBe(false);
    expect(await page.locator('.search').isVisible()).toBe(false);
    // The lesson list is still reachable: the sidebar stays in the page.
    expect(await page.locator('#sidebar').isVisible()).toBe(true);
    await watched.close();
  });
});
