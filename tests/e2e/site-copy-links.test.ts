// Linkable answers: every heading's anchor copies the absolute URL of its section, shows "Copied", and puts
// the fragment in the address bar; a link to #short-answer lands on the short answer; every figure is numbered,
// and its "Figure n" label links to it.
import { describe, expect, it } from 'vitest';

import { openPage } from '../support/browser.ts';
import { parsePage, useBrowserAndSite } from '../support/fixtures.ts';
import { lessonPages } from '../support/site.ts';

const env = useBrowserAndSite();
const lessons = lessonPages().map(parsePage);
const answering = lessons.find((lesson) => lesson.document.querySelector('#short-answer'));

describe('copy-link anchors', () => {
  it('every heading in a lesson has an id and a visible anchor with an accessible name', async () => {
    const watched = await openPage(env.browser);
    const { page } = watched;
    for (const lesson of lessons) {
      await page.goto(env.site.url(lesson.path));
      const report = await page.evaluate(() =>
        [...document.querySelectorAll('main :is(h2, h3, h4, h5, h6)')].map((heading) => {
          const anchor = heading.parentElement?.querySelector(':scope > a.heading-anchor');
          const box = anchor?.getBoundingClientRect();
          return {
            id: heading.id,
            href: anchor?.getAttribute('href'),
            visible: Boolean(
              box && box.width > 0 && box.height > 0 && getComputedStyle(anchor!).visibility === 'visible',
            ),
            name: anchor?.textContent?.trim(),
          };
        }),
      );
      expect(report.length).toBeGreaterThan(0);
      for (const heading of report) {
        expect(heading.id).toMatch(/^[\w-]+$/);
        expect(heading).toMatchObject({ href: `#${heading.id}`, visible: true });
        expect(heading.name).toMatch(/^Copy link to section: ./);
      }
    }
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('clicking an anchor copies the absolute URL with the hash and says "Copied"', async () => {
    const watched = await openPage(env.browser, { permissions: ['clipboard-read', 'clipboard-write'] });
    const { page } = watched;
    const lesson = lessons[0];
    await page.goto(env.site.url(lesson.path));
    const wrapper = page.locator('.prose .heading-wrapper').first();
    const id = await wrapper.locator('h2, h3').first().getAttribute('id');
    const anchor = wrapper.locator('a.heading-anchor');
    // The click scrolls the anchor into view first when it is below the fold; what must not move is the page after.
    await anchor.scrollIntoViewIfNeeded();
    const scrollBefore = await page.evaluate(() => window.scrollY);
    await anchor.click();
    await expect
      .poll(() => page.evaluate(() => navigator.clipboard.readText()))
      .toBe(`${env.site.origin}${lesson.path}#${id}`);
    expect(await anchor.getAttribute('data-copied')).toBe('Copied');
    await expect.poll(() => page.locator('[data-copy-status]').textContent()).toBe('Copied');
    expect(await page.evaluate(() => window.location.hash)).toBe(`#${id}`);
    // Copying does not jump the page.
    expect(Math.abs((await page.evaluate(() => window.scrollY)) - scrollBefore)).toBeLessThan(2);
    // The feedback goes away again.
    await expect.poll(() => anchor.getAttribute('data-copied'), { timeout: 5000 }).toBeNull();
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('the short answer has its own anchor, and /lessons/<slug>/#short-answer lands on it', async () => {
    // Every build of the site has at least one lesson that answers a forum question.
    expect(answering).toBeDefined();
    const watched = await openPage(env.browser, { permissions: ['clipboard-read', 'clipboard-write'] });
    const { page } = watched;
    await page.goto(env.site.url(`${answering!.path}#short-answer`));
    const box = page.locator('section.short-answer');
    await expect.poll(() => box.evaluate((element) => element.getBoundingClientRect().top)).toBeLessThan(200);
    expect(await page.locator('#short-answer').textContent()).toBe('Short answer');
    await box.locator('a.heading-anchor').click();
    await expect
      .poll(() => page.evaluate(() => navigator.clipboard.readText()))
      .toBe(`${env.site.origin}${answering!.path}#short-answer`);
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('every figure in a lesson is numbered in reading order, its caption opening with "Figure n." linked to it', async () => {
    for (const lesson of lessons) {
      const figures = [...lesson.document.querySelectorAll('main figure.gs-figure')];
      figures.forEach((figure, i) => {
        const caption = figure.querySelector(':scope > figcaption')!;
        expect(caption.textContent!.trim()).toMatch(new RegExp(`^Figure ${i + 1}\\. \\S`));
        expect(caption.querySelector('a')!.getAttribute('href')).toBe(`#${figure.id}`);
      });
    }
    const withFigure = lessons.find((lesson) => lesson.document.querySelector('main figure.gs-figure'));
    if (!withFigure) return; // the fixture site has no figures
    const watched = await openPage(env.browser);
    const { page } = watched;
    await page.goto(env.site.url(withFigure.path));
    const label = page.locator('main figure.gs-figure figcaption a').last();
    const id = await page.locator('main figure.gs-figure').last().getAttribute('id');
    await label.click();
    expect(await page.evaluate(() => window.location.hash)).toBe(`#${id}`);
    await expect
      .poll(() => page.locator(`#${id}`).evaluate((element) => element.getBoundingClientRect().top))
      .toBeLessThan(200);
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('the answers page links every forum question to the short answer of its lesson, or to the section answering it', async () => {
    const watched = await openPage(env.browser);
    const { page } = watched;
    await page.goto(env.site.url('answers/'));
    const links = page.locator('.answer-lesson a');
    const hrefs = await links.evaluateAll((anchors) =>
      anchors.map((anchor) => {
        const url = new URL((anchor as HTMLAnchorElement).href);
        return url.pathname + url.hash;
      }),
    );
    // Every lesson that answers a question is linked at its short answer...
    const expected = lessons
      .filter((lesson) => lesson.document.querySelector('#short-answer'))
      .map((lesson) => `${lesson.path}#short-answer`);
    expect(hrefs.filter((href) => href.endsWith('#short-answer')).sort()).toEqual(expected.sort());
    // ...and a further question at the section of a lesson that answers it: a heading the lesson really has.
    for (const href of hrefs.filter((candidate) => !candidate.endsWith('#short-answer'))) {
      const [path, id] = href.split('#');
      const lesson = lessons.find((candidate) => candidate.path === path);
      expect(lesson, href).toBeDefined();
      expect(lesson!.document.querySelector(`h2[id="${id}"], h3[id="${id}"]`), href).not.toBeNull();
    }
    if (expected.length > 0) {
      await Promise.all([page.waitForURL((url) => url.hash === '#short-answer'), links.first().click()]);
      expect(await page.locator('#short-answer').isVisible()).toBe(true);
    }
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });
});
