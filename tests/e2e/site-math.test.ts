// Math on every built page: KaTeX rendered it at build time (no error nodes), each formula carries MathML for
// screen readers, and KaTeX's fonts come from the site itself.
import { describe, expect, it } from 'vitest';

import { openPage } from '../support/browser.ts';
import { parsedPages, useBrowserAndSite } from '../support/fixtures.ts';
import { lessonPages } from '../support/site.ts';

const env = useBrowserAndSite();

describe('math', () => {
  it.each(parsedPages().map((page) => [page.path, page] as const))(
    '%s has no KaTeX error and MathML for every formula',
    (_path, { document }) => {
      expect(document.querySelectorAll('.katex-error').length).toBe(0);
      const formulas = [...document.querySelectorAll('.katex')];
      for (const formula of formulas) {
        expect(formula.querySelector('.katex-mathml math')).not.toBeNull();
        expect(formula.querySelector('.katex-html')?.getAttribute('aria-hidden')).toBe('true');
      }
    },
  );

  it('at least one lesson has math, and its KaTeX fonts load from the site', async () => {
    const withMath = lessonPages().find((page) =>
      parsedPages()
        .find((parsed) => parsed.path === page.path)!
        .document.querySelector('.katex'),
    );
    expect(withMath).toBeDefined();
    const watched = await openPage(env.browser);
    const { page } = watched;
    const fonts: string[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() === 'font')
        fonts.push(`${response.status()} ${new URL(response.url()).pathname}`);
    });
    await page.goto(env.site.url(withMath!.path), { waitUntil: 'networkidle' });
    await page.evaluate(() => document.fonts.ready);
    expect(fonts.some((font) => /^200 .*\/_astro\/KaTeX_.*\.woff2$/.test(font))).toBe(true);
    expect(
      await page
        .locator('.katex')
        .first()
        .evaluate((element) => getComputedStyle(element).fontFamily),
    ).toMatch(/KaTeX_Main/);
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });
});
