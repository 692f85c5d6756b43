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
 *
 * The modules the cache lacks start computing in the lesson workers when the build starts (`buildStart`), in the
 * book's reading order, so the seconds of training runs overlap Astro's bundling instead of following it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';

import { buildCacheFolder } from '../build-cache.ts';
import { workerBundle } from '../../playground/build/worker-bundle.ts';
import { lessonCacheFile } from './cached-exports.ts';
import { startLessonComputations } from './compute-in-worker.ts';
import { lessonModuleKey, type LessonModule } from './module-key.ts';

const PREFIX = '\0gradscope-lesson-cache:';
const LESSON_MODULE = /^\.\/[^/\\]+\/(numbers|figures)\.ts$/;
const REPOSITORY = resolve(import.meta.dirname, '..', '..', '..');
const CACHED_EXPORTS = join(import.meta.dirname, 'cached-exports.ts');
const IN_WORKER = join(import.meta.dirname, 'compute-in-worker.ts');
const LESSON_WORKER = join(import.meta.dirname, 'lesson-worker.mjs');
const BOOK_KEYS_WORKER = join(import.meta.dirname, 'book-keys-worker.mjs');

/** Vite's plugin shape, the few fields used here. */
interface Plugin {
  name: string;
  enforce?: 'pre' | 'post';
  apply?: 'build' | 'serve';
  buildStart(): void;
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
 * Every lesson's `numbers.ts` and `figures.ts` under `contentDir` (`<part>/<slug>/`), in reading order: by part,
 * then by the `order` in the lesson's frontmatter; then the site's own modules.
 *
 * @example
 * lessonModules('/repo/content'); // ['/repo/content/1-phenomenon/deep-linear-network/numbers.ts', …]
 */
export function lessonModules(contentDir: string): string[] {
  const folders = (dir: string) =>
    readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(dir, entry.name));
  const orderOf = (lesson: string) => {
    try {
      return Number(/^order:\s*(\d+)\s*$/m.exec(readFileSync(`${lesson}.mdx`, 'utf8'))?.[1] ?? Infinity);
    } catch {
      return Infinity;
    }
  };
  const lessons = existsSync(contentDir)
    ? folders(contentDir)
        .sort()
        .flatMap((part) => folders(part).sort((a, b) => orderOf(a) - orderOf(b) || a.localeCompare(b)))
    : [];
  return [
    ...lessons.flatMap((lesson) =>
      ['numbers.ts', 'figures.ts'].map((name) => join(lesson, name)).filter((file) => existsSync(file)),
    ),
    ...SITE_MODULES,
  ];
}

/**
 * Serves lessons' `numbers.ts` and `figures.ts` to their pages from the build cache (`astro build` only).
 *
 * @example
 * // astro.config.mjs
 * export default defineConfig({ vite: { plugins: [lessonCachePlugin()] } });
 */
export function lessonCachePlugin(): Plugin {
  const workerEntry = join(REPOSITORY, 'src', 'playground', 'build', 'node-worker.mjs');
  const contentDir = () => resolve(REPOSITORY, process.env.GRADSCOPE_CONTENT_DIR || 'content');
  // The examples' worker fingerprint (the engine build and the libraries) and the keys of every lesson module,
  // worked out together once per build in a worker thread (book-keys-worker.mjs); a module outside the content
  // folder (a test's) gets its own key. Anything the worker could not do (a lesson that does not compile fails
  // the walk of all) is done again here, module by module, and the broken one reports its own error.
  let book: Promise<{ files: string[]; engine?: string; keys: Map<string, LessonModule> }> | undefined;
  const bookKeys = () =>
    (book ??= new Promise((answer) => {
      const files = lessonModules(contentDir());
      const worker = new Worker(BOOK_KEYS_WORKER, {
        workerData: { workerEntry, cacheFolder: buildCacheFolder(), files, root: REPOSITORY },
      });
      const settle = (engine?: string, keys: [string, LessonModule][] = []) => {
        void worker.terminate();
        answer({ files, engine, keys: new Map(keys) });
      };
      worker.once('message', (message: { engine?: string; keys?: [string, LessonModule][] }) =>
        settle(message.engine, message.keys),
      );
      worker.once('error', () => settle());
    }));
  let engine: Promise<string> | undefined;
  const engineFingerprint = () =>
    (engine ??= bookKeys().then(
      async (book) => book.engine ?? (await workerBundle(workerEntry, buildCacheFolder())).fingerprint,
    ));
  const moduleKey = async (file: string) =>
    (await bookKeys()).keys.get(file) ?? lessonModuleKey(file, await engineFingerprint(), REPOSITORY);
  let started = false;
  const startMissing = async () => {
    const { files, keys } = await bookKeys();
    const missing = files.filter((file) => {
      const module = keys.get(file);
      return module !== undefined && !existsSync(lessonCacheFile(module.key, relative(REPOSITORY, file)));
    });
    startLessonComputations(missing, LESSON_WORKER);
  };
  return {
    name: 'gradscope-lesson-cache',
    enforce: 'pre',
    apply: 'build',
    buildStart() {
      // Once per build (Astro runs this plugin in its server and its client build); not awaited: Astro bundles
      // meanwhile. A module that fails here is computed, and its error reported, when its page asks for it.
      if (started) return;
      started = true;
      startMissing().catch(() => {});
    },
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
      const { key, exportNames } = await moduleKey(file);
      return cachedModuleSource(file, key, exportNames);
    },
  };
}
