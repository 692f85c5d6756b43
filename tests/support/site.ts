/**
 * The built site as the browser tests see it: where it is on disk (env GRADSCOPE_DIST, default `dist`), which
 * base path it was built for (env BASE_PATH, as in astro.config.mjs), and its HTML pages.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

const repositoryRoot = resolve(import.meta.dirname, '..', '..');

/** Absolute path of the built site. */
export function distDir(): string {
  return resolve(repositoryRoot, process.env.GRADSCOPE_DIST ?? 'dist');
}

/** The base path the site was built with: `/` or `/sub/`. */
export function basePath(): string {
  const trimmed = (process.env.BASE_PATH ?? '').trim().replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '/' : `/${trimmed}/`;
}

/** Throws a readable error when the site has not been built. */
export function assertBuilt(dir = distDir()): void {
  if (!existsSync(join(dir, 'index.html'))) {
    throw new Error(
      `No built site in ${dir}. Run \`npm run build\` (or set GRADSCOPE_DIST to the folder of a build) first.`,
    );
  }
  if (!existsSync(join(dir, 'pagefind', 'pagefind.js'))) {
    throw new Error(`${dir} has no Pagefind index (pagefind/pagefind.js): build with \`npm run build\`.`);
  }
}

/** A built HTML page: its file and the URL path it is served at (with the base path). */
export interface BuiltPage {
  readonly file: string;
  readonly path: string;
}

/**
 * Every HTML page of the build, except Pagefind's own files.
 *
 * @example
 * builtPages().map((page) => page.path); // ['/', '/404.html', '/answers/', '/lessons/…/']
 */
export function builtPages(dir = distDir()): BuiltPage[] {
  const pages: BuiltPage[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const full = join(folder, name);
      if (statSync(full).isDirectory()) {
        if (name !== 'pagefind' && name !== '_astro') walk(full);
      } else if (name.endsWith('.html')) {
        const rel = relative(dir, full).split(sep).join('/');
        const path =
          rel === 'index.html' ? '' : rel.endsWith('/index.html') ? rel.slice(0, -'index.html'.length) : rel;
        pages.push({ file: full, path: basePath() + path });
      }
    }
  };
  walk(dir);
  return pages.sort((a, b) => a.path.localeCompare(b.path));
}

/** The lesson pages of the build, in the order of their paths. */
export function lessonPages(dir = distDir()): BuiltPage[] {
  return builtPages(dir).filter((page) => page.path.startsWith(`${basePath()}lessons/`));
}
