// Search: the header's box finds a lesson by a word that appears only in that lesson's body, loads Pagefind
// only once the reader uses the box, and does not index the page chrome.
import { describe, expect, it } from 'vitest';

import { openPage } from '../support/browser.ts';
import { parsePage, parsedPages, useBrowserAndSite } from '../support/fixtures.ts';
import { lessonPages } from '../support/site.ts';

const env = useBrowserAndSite();

const words = (text: string) => new Set(text.toLowerCase().match(/\b[a-z]{6,}\b/g) ?? []);

/** Text of an element with a space between elements (built HTML has none, and `textContent` would glue words). */
const textOf = (element: Element) =>
  element.innerHTML.replace(/<[^>]*>/g, ' ').replace(/&[a-z#0-9]+;/gi, ' ');

/** Indexed text of every page that has an indexed region. */
const indexed = parsedPages()
  .map((page) => ({
    page,
    text: [...page.document.querySelectorAll('[data-pagefind-body]')].map(textOf).join(' '),
  }))
  .filter((entry) => entry.text.trim() !== '');

/** A word of the first lesson's body that no other indexed page and not its own title contains. */
function distinctiveWord(): { word: string; path: string } {
  const lesson = parsePage(lessonPages()[0]);
  const title = words(lesson.document.querySelector('h1')!.textContent ?? '');
  const body = [...lesson.document.querySelectorAll('[data-pagefind-body] .prose p')].map((p) => {
    const clone = p.cloneNode(true) as Element;
    clone.querySelectorAll('.katex').forEach((math) => math.remove());
    return textOf(clone);
  });
  const others = indexed.filter((entry) => entry.page.path !== lesson.path).map((entry) => words(entry.text));
  // Pagefind matches by stem ("standardized" finds "standard"), so a word's stem must be its lesson's alone too:
  // no other page has a word that starts as it does, all but its last four letters.
  const stemOf = (word: string) => word.slice(0, Math.max(5, word.length - 4));
  const sharesStem = (word: string, list: Set<string>) =>
    [...list].some((other) => other.startsWith(stemOf(word)));
  const candidates = [...words(body.join(' '))]
    .filter((word) => !sharesStem(word, title) && others.every((other) => !sharesStem(word, other)))
    .sort((a, b) => b.length - a.length || a.localeCompare(b));
  if (candidates.length === 0) throw new Error(`${lesson.path} has no word of its own to search for`);
  return { word: candidates[0], path: lesson.path };
}

describe('search', () => {
  it('finds a lesson by a word that appears only in its body', async () => {
    const { word, path } = distinctiveWord();
    const watched = await openPage(env.browser);
    const { page } = watched;
    const pagefindRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/pagefind/')) pagefindRequests.push(request.url());
    });
    await page.goto(env.site.url('answers/'), { waitUntil: 'networkidle' });
    expect(pagefindRequests).toEqual([]);

    const box = page.getByRole('searchbox', { name: 'Search the lessons' });
    await box.fill(word);
    const result = page.locator('.search-results a').first();
    await result.waitFor();
    expect(pagefindRequests.some((url) => url.endsWith('/pagefind/pagefind.js'))).toBe(true);
    expect(
      new URL((await result.getAttribute('href'))!, page.url()).pathname,
      `first result for "${word}"`,
    ).toBe(path);
    // Pagefind matches by stem, so the excerpt may highlight another inflection of the word
    // ("initialisation" for "initialisations"): the two agree but for their endings.
    const highlighted = (await page.locator('.search-results mark').first().textContent())!
      .toLowerCase()
      .replace(/[^a-z]/g, '');
    const stem = word.slice(0, -2).toLowerCase();
    expect(highlighted.startsWith(stem)).toBe(true);
    await expect.poll(() => page.locator('.search-status').textContent()).toMatch(/results? for/);
    // Only the text a reader reads is indexed: not the anchors' "Copy link to section" labels, not the contents list.
    expect(await page.locator('.search-results').textContent()).not.toMatch(
      /Copy link to section|On this page/,
    );

    await Promise.all([page.waitForURL((url) => url.pathname === path), result.click()]);
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('is reached with "/" and driven with the keyboard', async () => {
    const { word, path } = distinctiveWord();
    const watched = await openPage(env.browser);
    const { page } = watched;
    await page.goto(env.site.url());
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('site-search');
    await page.keyboard.type(word);
    await page.locator('.search-results a').first().waitFor();
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.closest('.search-result') !== null)).toBe(true);
    await Promise.all([page.waitForURL((url) => url.pathname === path), page.keyboard.press('Enter')]);
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('indexes the lessons and the answers page, and none of the page chrome', async () => {
    const watched = await openPage(env.browser);
    const { page } = watched;
    await page.goto(env.site.url());
    // Pagefind's own API: a search for `null` returns every indexed page, with the text it indexed.
    // (A string, so that Vite does not rewrite the browser's `import()` in this test file.)
    const base = JSON.stringify(new URL(env.site.url()).pathname);
    const indexedPages: { url: string; content: string }[] = await page.evaluate(`(async () => {
      const pagefind = await import(${base} + 'pagefind/pagefind.js');
      await pagefind.options({ baseUrl: ${base}, noWorker: true }); // as the site calls it (no worker under its CSP)
      const all = await pagefind.search(null);
      return Promise.all(all.results.map(async (result) => {
        const data = await result.data();
        return { url: new URL(data.url, location.href).pathname, content: data.content };
      }));
    })()`);
    const expected = [
      ...lessonPages().map((lesson) => lesson.path),
      new URL(env.site.url('answers/')).pathname,
    ];
    expect(indexedPages.map((indexedPage) => indexedPage.url).sort()).toEqual(expected.sort());
    for (const { url, content } of indexedPages) {
      const chrome = content.match(
        /Skip to content|Sitemap|Copy link to section|On this page|Search the lessons/g,
      );
      expect(chrome, `chrome text indexed on ${url}`).toBeNull();
    }
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });
});
