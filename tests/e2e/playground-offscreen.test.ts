// How the browser renders a long lesson: only what is near the screen is laid out (content-visibility in
// prose.css), and the rest as the reader scrolls to it, while all of it stays in the page for screen readers and
// find-in-page. A playground far down the page shows it. (The site fixtures have no playground: their lessons are
// too short to need it.)
import { describe, expect, it } from 'vitest';

import { openPage } from '../support/browser.ts';
import { parsePage, useBrowserAndSite } from '../support/fixtures.ts';
import { lessonPages } from '../support/site.ts';

const env = useBrowserAndSite();

describe('rendering a long lesson', () => {
  it('lays out only what is near the screen, and lays out the rest as the reader scrolls to it', async () => {
    // The lesson with the most playgrounds: its last one is far below the first screen.
    const [lesson] = lessonPages()
      .map((page) => ({ page, count: parsePage(page).document.querySelectorAll('gs-playground').length }))
      .sort((a, b) => b.count - a.count);
    expect(lesson?.count).toBeGreaterThan(0);
    const watched = await openPage(env.browser, { viewport: { width: 412, height: 823 } });
    const { page } = watched;
    await page.goto(env.site.url(lesson.page.path));
    const last = page.locator('.prose > gs-playground').last();
    const code = last.locator('[data-role="code"] pre');
    const skipped = () =>
      code.evaluate((element) => !element.checkVisibility({ contentVisibilityAuto: true }));
    // Its contents are skipped (content-visibility: auto) while it is far away, yet in the page: a screen reader
    // or find-in-page reaches its code and output.
    expect(await skipped()).toBe(true);
    expect(await code.evaluate((element) => element.checkVisibility())).toBe(true);
    expect(await last.locator('.gs-output').textContent()).not.toBe('');
    await last.evaluate((element) => element.scrollIntoView({ behavior: 'instant', block: 'center' }));
    await expect.poll(skipped).toBe(false);
    // Laid out at its real size: the code and the output take room, not the placeholder height.
    const box = await last.boundingBox();
    const codeBox = await code.boundingBox();
    expect(box && codeBox && codeBox.height > 0 && box.height > codeBox.height).toBe(true);
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });
});
