/**
 * The Vite plugin that serves a lesson's `numbers.ts` and `figures.ts` to its page from the build cache: the
 * training runs and Monte Carlo estimates behind a lesson's numbers take seconds each, and an unchanged lesson
 * need not compute them again.
 *
 * When a lesson's MDX imports `./<slug>/numbers.ts` or `./<slug>/figures.ts` (as `remark-lesson-scope.ts` makes
 * it), the page gets a small module instead that exports the same names, read from the cache entry named by the
 * module's key (`module-key.ts`); on a miss that module imports the real one and stores its exports
 * (`cached-exports.ts`). Other importers (a lesson's `figures.ts` importing its `numbers.ts`, tests) get the real
 * module. The same holds for the few modules of the site's own pages listed in `SITE_MODULES` (the Lab's default
 * figures), when a page imports them. Only `astro build` uses the cache: under `npm run dev` every edit shows at
 * once, uncached.
 */
import { dirname, join, relative, resolve } from 'node:path';

import { buildCacheFolder } from '../build-cache.ts';
import { workerBundle } from '../../playground/build/worker-bundle.ts';
import { lessonModuleKey } from './module-key.ts';

const PREFIX = '\0gradscope-lesson-cache:';
const LESSON_MODULE = /^\.\/[^/\\]+\/(numbers|figures)\.ts$/;
const REPOSITORY = resolve(import.meta.dirname, '..', '..', '..');
const CACHED_EXPORTS = join(import.meta.dirname, 'cached-exports.ts');
const IN_WORKER = join(import.meta.dirname, 'compute-in-worker.ts');
const LESSON_WORKER = join(import.meta.dirname, 'lesson-worker.mjs');

/** Vite's plugin shape, the few fields used here. */
interface Plugin {
  name: string;
  enforce?: 'pre' | 'post';
  apply?: 'build' | 'serve';
  resolveId(source: string, importer: string | undefined): string | null;
  load(id: string): Promise<string | null>;
}

/**
 * Modules of the site's own pages whose exports are computed at build time like a lesson's, served from the cache
 * when an `.astro` page imports them: the Lab's default figures (seconds of scans, a spectrum and a phase diagram).
 */
export const SITE_MODULES: ReadonlySet<string> = new Set([
  join(REPOSITORY, 'src', 'lab', 'default-figures.ts'),
]);

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * The module a page imports in place of the lesson module `file`: the same export names, their values from the
 * cache entry `key`.
 *
 * @example
 * cachedModuleSource('/repo/content/1-x/slug/numbers.ts', '5b0e…', ['depth']);
 * // 'import { cachedLessonExports } from "…"; const values = await …; export const depth = values["depth"];'
 */
export function cachedModuleSource(file: string, key: string, exportNames: readonly string[]): string {
  const lines = [
    `import { cachedLessonExports } from ${JSON.stringify(CACHED_EXPORTS)};`,
    `import { storedExportsInWorker } from ${JSON.stringify(IN_WORKER)};`,
    `const values = await cachedLessonExports(${JSON.stringify(key)}, ${JSON.stringify(relative(REPOSITORY, file))}, () => import(${JSON.stringify(file)}), undefined, () => storedExportsInWorker(${JSON.stringify(file)}, ${JSON.stringify(LESSON_WORKER)}));`,
  ];
  exportNames.forEach((name, index) => {
    if (name === 'default') lines.push(`export default values.default;`);
    else if (IDENTIFIER.test(name)) lines.push(`export const ${name} = values[${JSON.stringify(name)}];`);
    else
      lines.push(
        `const value${index} = values[${JSON.stringify(name)}];`,
        `export { value${index} as ${JSON.stringify(name)} };`,
      );
  });
  return `${lines.join('\n')}\n`;
}

/**
 * Serves lessons' `numbers.ts` and `figures.ts` to their pages from the build cache (`astro build` only).
 *
 * @example
 * // astro.config.mjs
 * export default defineConfig({ vite: { plugins: [lessonCachePlugin()] } });
 */
export function lessonCachePlugin(): Plugin {
  // The examples' worker fingerprint: the engine build and the libraries, hashed once per build.
  let engine: Promise<string> | undefined;
  const engineFingerprint = () =>
    (engine ??= workerBundle(
      join(REPOSITORY, 'src', 'playground', 'build', 'node-worker.mjs'),
      buildCacheFolder(),
    ).then((bundle) => bundle.fingerprint));
  return {
    name: 'gradscope-lesson-cache',
    enforce: 'pre',
    apply: 'build',
    resolveId(source, importer) {
      const page = importer?.split('?')[0];
      if (page?.endsWith('.mdx') && LESSON_MODULE.test(source))
        return PREFIX + resolve(dirname(page), source);
      if (page?.endsWith('.astro') && source.startsWith('.')) {
        const file = resolve(dirname(page), source);
        if (SITE_MODULES.has(file)) return PREFIX + file;
      }
      return null;
    },
    async load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const file = id.slice(PREFIX.length);
      const { key, exportNames } = await lessonModuleKey(file, await engineFingerprint(), REPOSITORY);
      return cachedModuleSource(file, key, exportNames);
    },
  };
}
