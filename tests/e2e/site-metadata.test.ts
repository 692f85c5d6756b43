// What search engines and link previews read, checked on every built page: language, title, description,
// canonical URL, Open Graph and Twitter card tags, the social card image itself, the sitemap and robots.txt.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { parsedPages } from '../support/fixtures.ts';
import { basePath, distDir } from '../support/site.ts';

const SITE_URL = (process.env.SITE_URL ?? 'https://gradscope.example').replace(/\/+$/, '');
const pages = parsedPages();
const base = basePath();
const meta = (document: Document, key: string) =>
  document.querySelector(`meta[property="${key}"], meta[name="${key}"]`)?.getAttribute('content') ??
  undefined;

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe.each(pages.map((page) => [page.path, page] as const))('%s', (path, { document }) => {
  const is404 = path.endsWith('404.html');

  it('declares its language, a title and a description', () => {
    expect(document.documentElement.getAttribute('lang')).toBe('en');
    expect(document.title).toMatch(/Gradscope/);
    expect(meta(document, 'description')?.length).toBeGreaterThan(40);
  });

  it('has a skip link to its main content', () => {
    const skip = document.querySelector('a.skip-link');
    expect(skip?.getAttribute('href')).toBe('#main');
    expect(document.querySelector('main#main')).not.toBeNull();
  });

  it('has a canonical URL on the configured site (the 404 page is noindex instead)', () => {
    const canonical = document.querySelector('link[rel="canonical"]')?.getAttribute('href');
    if (is404) {
      expect(canonical).toBeUndefined();
      expect(meta(document, 'robots')).toBe('noindex');
    } else {
      expect(canonical).toBe(`${SITE_URL}${path}`);
      expect(meta(document, 'og:url')).toBe(canonical);
    }
  });

  it('unfurls in forums: Open Graph and Twitter card with title, description and a 1200×630 PNG', () => {
    expect(meta(document, 'og:title')).toBeTruthy();
    expect(meta(document, 'og:description')).toBe(meta(document, 'description'));
    expect(meta(document, 'twitter:card')).toBe('summary_large_image');
    expect(meta(document, 'twitter:description')).toBe(meta(document, 'description'));
    const image = meta(document, 'og:image')!;
    expect(meta(document, 'twitter:image')).toBe(image);
    expect(image.startsWith(`${SITE_URL}${base}og/`)).toBe(true);
    const file = join(distDir(), new URL(image).pathname.slice(base.length));
    expect(pngSize(file)).toEqual({ width: 1200, height: 630 });
    expect(meta(document, 'og:image:alt')).toBeTruthy();
  });
});

const answerPages = pages.filter(({ document }) => document.querySelector('#short-answer') !== null);

describe.each(answerPages.map((page) => [page.path, page] as const))(
  '%s, a page with a short answer',
  (_, { document }) => {
    it('describes itself with its short answer', () => {
      const answer = document.querySelector('.short-answer-text')!.textContent!.replace(/\s+/g, ' ').trim();
      // The description is the plain-text short answer: the same opening words (formulas differ in notation).
      expect(meta(document, 'description')!.slice(0, 12)).toBe(answer.slice(0, 12));
    });
  },
);

describe('sitemap and robots.txt', () => {
  it('list every page except the 404 page, with absolute URLs', () => {
    const sitemap = readFileSync(join(distDir(), 'sitemap-0.xml'), 'utf8');
    const listed = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1]).sort();
    const expected = pages
      .filter((page) => !page.path.endsWith('404.html'))
      .map((page) => `${SITE_URL}${page.path}`)
      .sort();
    expect(listed).toEqual(expected);
  });

  it('robots.txt points to the sitemap index', () => {
    const robots = readFileSync(join(distDir(), 'robots.txt'), 'utf8');
    expect(robots).toContain(`Sitemap: ${SITE_URL}${base}sitemap-index.xml`);
  });
});
