// Display math on a phone (375 px wide): an equation's number never sits on the equation, and a formula wider than
// the screen shows that it scrolls sideways, exactly when it does.
import { describe, expect, it } from 'vitest';

import { openPage } from '../support/browser.ts';
import { parsedPages, useBrowserAndSite } from '../support/fixtures.ts';

const env = useBrowserAndSite();
const PHONE = { width: 375, height: 812 };

/** A lesson page with numbered display equations. */
function pageWithNumberedEquations(): string {
  const found = parsedPages().find(
    (page) => page.path.includes('/lessons/') && page.document.querySelector('.equation-number'),
  );
  if (!found)
    throw new Error('No lesson in the build has a numbered equation (\\label{…}); this test needs one.');
  return found.path;
}

describe('display math on a phone', () => {
  it('draws every equation number beside its equation, never over it, even while the equation scrolls', async () => {
    const watched = await openPage(env.browser, { viewport: PHONE });
    const { page } = watched;
    await page.goto(env.site.url(pageWithNumberedEquations()), { waitUntil: 'networkidle' });
    await page.evaluate(() => document.fonts.ready);
    const rows = await page.evaluate(() =>
      [...document.querySelectorAll('.math-display-numbered')].map((row) => {
        const display = row.querySelector('.katex-display') as HTMLElement;
        const number = row.querySelector('.equation-number') as HTMLElement;
        const box = (element: Element) => {
          const { left, right, top, bottom } = element.getBoundingClientRect();
          return { left, right, top, bottom };
        };
        const atStart = { display: box(display), number: box(number) };
        display.scrollLeft = display.scrollWidth;
        const atEnd = { display: box(display), number: box(number) };
        display.scrollLeft = 0;
        return { text: number.textContent, atStart, atEnd };
      }),
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const { text, atStart, atEnd } of rows) {
      const { display, number } = atStart;
      // The formula is drawn inside its own box (it scrolls, so it is clipped there), which ends before the number.
      expect(display.right, `equation ${text}`).toBeLessThanOrEqual(number.left);
      expect(number.right, `equation ${text}`).toBeLessThanOrEqual(PHONE.width);
      expect(number.top).toBeLessThan(display.bottom);
      expect(number.bottom).toBeGreaterThan(display.top);
      // Scrolling the formula leaves the number where it is.
      expect(atEnd.number).toEqual(number);
    }
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('fades the edge of a formula that hides more of itself, and only then', async () => {
    const watched = await openPage(env.browser, { viewport: PHONE });
    const { page } = watched;
    await page.goto(env.site.url(pageWithNumberedEquations()), { waitUntil: 'networkidle' });
    await page.evaluate(() => document.fonts.ready);
    // Lesson blocks are laid out only near the viewport (content-visibility: auto): a formula far away has no
    // current size (Chromium answers from a stale layout), and its cue is set when a reader scrolls to it. So visit
    // each one as a reader would, and compare its cue with its size once it is laid out.
    const displays = page.locator('.katex-display');
    const count = await displays.count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) {
      const display = displays.nth(i);
      await display.scrollIntoViewIfNeeded();
      const state = () =>
        display.evaluate((element) => {
          const content = element.firstElementChild ?? element;
          if (!content.checkVisibility({ contentVisibilityAuto: true })) return 'not laid out yet';
          const overflows = element.scrollWidth > element.clientWidth;
          const cue = element.getAttribute('data-overflow');
          const mask = getComputedStyle(element).maskImage;
          const right = overflows
            ? cue === 'right' && mask.includes('gradient')
            : cue === null && mask === 'none';
          return right ? 'matches' : `overflows: ${overflows}, cue: ${cue}, mask: ${mask}`;
        });
      await expect.poll(state, { message: `formula ${i + 1} of ${count}` }).toBe('matches');
    }

    // Whatever the content: squeeze one formula until it overflows, scroll it, then let it fit again.
    const display = page.locator('.katex-display').first();
    await display.scrollIntoViewIfNeeded();
    await display.evaluate((element) => (element.style.maxWidth = '4rem'));
    await expect.poll(() => display.getAttribute('data-overflow')).toBe('right');
    await display.evaluate((element) => (element.scrollLeft = 8));
    await expect.poll(() => display.getAttribute('data-overflow')).toBe('both');
    await display.evaluate((element) => (element.scrollLeft = element.scrollWidth));
    await expect.poll(() => display.getAttribute('data-overflow')).toBe('left');
    await display.evaluate((element) => {
      element.scrollLeft = 0;
      element.style.maxWidth = '';
      element.style.width = '100000px';
    });
    await expect.poll(() => display.getAttribute('data-overflow')).toBeNull();
    expect(await display.evaluate((element) => getComputedStyle(element).maskImage)).toBe('none');
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });
});
