/**
 * The JavaScript a built page loads before any interaction: inline scripts, `<script src>`,
 * `<link rel="modulepreload">`, and every module those import statically (followed recursively). Dynamic
 * `import()`s (Pagefind, the playground's editor) are loaded on use and are not eager.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { init, parse } from 'es-module-lexer';
import { parseHTML } from 'linkedom';

const ORIGIN = 'https://site.invalid';

/**
 * Eager scripts of the page at URL path `path` (with the base path), read from `dist`: script name → source.
 *
 * @example
 * const scripts = await eagerScripts('dist', '/', '/lessons/deep-linear-network/');
 */
export async function eagerScripts(dist: string, base: string, path: string): Promise<Map<string, string>> {
  await init;
  const pageFile = join(dist, path.slice(base.length), path.endsWith('/') ? 'index.html' : '');
  const { document } = parseHTML(readFileSync(pageFile, 'utf8'));
  const scripts = new Map<string, string>();
  const pending: string[] = []; // URL paths of modules still to read
  const fileOf = (urlPath: string) => join(dist, urlPath.slice(base.length));
  const staticImports = (source: string, from: string) =>
    parse(source)[0]
      .filter((entry) => entry.type === 'static' || entry.type === 'reexport-star')
      .map((entry) => new URL(entry.specifier as string, new URL(from, ORIGIN)).pathname);

  document.querySelectorAll('script:not([src])').forEach((script, index) => {
    if (script.getAttribute('type') === 'application/ld+json') return;
    const source = script.textContent ?? '';
    scripts.set(`${path} inline script #${index + 1}`, source);
    if (script.getAttribute('type') === 'module') pending.push(...staticImports(source, path));
  });
  for (const element of document.querySelectorAll('script[src], link[rel="modulepreload"][href]')) {
    const url = element.getAttribute('src') ?? element.getAttribute('href')!;
    pending.push(new URL(url, new URL(path, ORIGIN)).pathname);
  }
  while (pending.length > 0) {
    const urlPath = pending.pop()!;
    if (scripts.has(urlPath)) continue;
    const source = readFileSync(fileOf(urlPath), 'utf8');
    scripts.set(urlPath, source);
    pending.push(...staticImports(source, urlPath));
  }
  return scripts;
}

/**
 * Sum of the gzipped sizes (level 9) of some scripts, in bytes.
 *
 * @example
 * gzippedSize((await eagerScripts('dist', '/', '/')).values());
 */
export function gzippedSize(sources: Iterable<string>): number {
  let total = 0;
  for (const source of sources) total += gzipSync(source, { level: 9 }).length;
  return total;
}
