// Every internal link, resource and #anchor in the built HTML (and every url() in the built CSS) resolves to a
// file of the build and, for anchors, to an element with that id. Pages are read from disk: no browser needed.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { type ParsedPage, parsedPages } from '../support/fixtures.ts';
import { basePath, distDir } from '../support/site.ts';

const SITE_URL = (process.env.SITE_URL ?? 'https://gradscope.example').replace(/\/+$/, '');
const dist = distDir();
const base = basePath();
const pages = parsedPages();

/** The file a site path is served from, or undefined if there is none (static-host rules). */
function fileFor(pathname: string): string | undefined {
  if (!pathname.startsWith(base)) return undefined;
  const relative = decodeURIComponent(pathname.slice(base.length));
  const candidates =
    relative === '' || relative.endsWith('/')
      ? [join(relative, 'index.html')]
      : [relative, `${relative}.html`, join(relative, 'index.html')];
  return candidates
    .map((candidate) => join(dist, candidate))
    .find((file) => existsSync(file) && statSync(file).isFile());
}

const idsByFile = new Map<string, Set<string>>();
function idsOf(file: string): Set<string> {
  let ids = idsByFile.get(file);
  if (!ids) {
    const page = pages.find((candidate) => candidate.file === file);
    ids = new Set(page ? [...page.document.querySelectorAll('[id]')].map((element) => element.id) : []);
    idsByFile.set(file, ids);
  }
  return ids;
}

interface Reference {
  readonly element: string;
  readonly url: string;
}

function referencesOf(page: ParsedPage): Reference[] {
  const references: Reference[] = [];
  const attributes: [string, string][] = [
    ['a[href]', 'href'],
    ['link[href]', 'href'],
    ['script[src]', 'src'],
    ['img[src]', 'src'],
    ['source[src]', 'src'],
    ['use[href]', 'href'],
  ];
  for (const [selector, attribute] of attributes) {
    for (const element of page.document.querySelectorAll(selector)) {
      references.push({ element: element.tagName.toLowerCase(), url: element.getAttribute(attribute)! });
    }
  }
  for (const element of page.document.querySelectorAll(
    'meta[property="og:image"], meta[name="twitter:image"], meta[property="og:url"]',
  )) {
    references.push({ element: 'meta', url: element.getAttribute('content')! });
  }
  return references;
}

/** The site path of a page (without the base's origin), for resolving relative links. */
function pageUrl(page: ParsedPage): URL {
  return new URL(page.path, `${SITE_URL}/`);
}

describe('links in the built site', () => {
  it('builds at least the landing page, the answers page, the 404 page and one lesson', () => {
    const paths = pages.map((page) => page.path);
    expect(paths).toEqual(expect.arrayContaining([base, `${base}answers/`, `${base}404.html`]));
    expect(paths.some((path) => path.startsWith(`${base}lessons/`))).toBe(true);
  });

  it.each(pages.map((page) => [page.path, page] as const))(
    'every internal link and anchor on %s resolves',
    (_path, page) => {
      const broken: string[] = [];
      for (const { element, url } of referencesOf(page)) {
        if (/^(mailto|tel|data|blob):/.test(url)) continue;
        const target = new URL(url, pageUrl(page));
        const internal = target.origin === new URL(SITE_URL).origin;
        if (!internal) {
          // Only reader-facing hyperlinks may leave the site; the page itself loads nothing from elsewhere.
          if (element !== 'a') broken.push(`<${element}> loads from another host: ${url}`);
          continue;
        }
        const file = fileFor(target.pathname);
        if (!file) {
          broken.push(`<${element}> ${url}: no file for ${target.pathname}`);
          continue;
        }
        const fragment = decodeURIComponent(target.hash.slice(1));
        if (fragment && file.endsWith('.html') && !idsOf(file).has(fragment)) {
          broken.push(`<${element}> ${url}: no element with id "${fragment}" in ${target.pathname}`);
        }
      }
      expect(broken).toEqual([]);
    },
  );

  it.each(pages.map((page) => [page.path, page] as const))('ids on %s are unique', (_path, page) => {
    const seen = new Map<string, number>();
    for (const element of page.document.querySelectorAll('[id]'))
      seen.set(element.id, (seen.get(element.id) ?? 0) + 1);
    expect([...seen].filter(([, count]) => count > 1).map(([id]) => id)).toEqual([]);
  });

  it('every url() in the built CSS (KaTeX fonts included) points to a file of the build', () => {
    const assets = join(dist, '_astro');
    const broken: string[] = [];
    let checked = 0;
    for (const name of readdirSync(assets).filter((file) => file.endsWith('.css'))) {
      const css = readFileSync(join(assets, name), 'utf8');
      for (const [, raw] of css.matchAll(/url\(\s*['"]?([^'")]+)['"]?\s*\)/g)) {
        if (raw.startsWith('data:') || raw.startsWith('#')) continue;
        checked += 1;
        const target = new URL(raw, `${SITE_URL}${base}_astro/${name}`);
        if (target.origin !== new URL(SITE_URL).origin)
          broken.push(`${name}: loads from another host: ${raw}`);
        else if (!fileFor(target.pathname)) broken.push(`${name}: ${raw}`);
      }
    }
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(0);
  });
});
