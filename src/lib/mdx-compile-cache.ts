/**
 * Keeps what `@astrojs/mdx` compiled each lesson to, in the build cache, so a rebuild after editing one lesson's
 * prose compiles that lesson alone: the Markdown pipeline (remark, KaTeX, Shiki, the lesson's own plugins) takes
 * about half a second a lesson, most of the server bundle's time in a book of twenty.
 *
 * The MDX plugin's transform is wrapped, not replaced: on a miss it compiles as always and its result (code, source
 * map, Astro's metadata) is stored; a compile that fails is never stored, so its error shows on every build. An
 * entry is named by everything the compile reads: the file's text and path, the names of the files in its lesson
 * folder (`remark-lesson-scope.ts` looks for examples, exercises, `numbers.ts`), the site's base path and URL, the
 * sources of `src/lib` (every plugin of the pipeline and what they import), `astro.config.mjs` and
 * `package-lock.json` (the version of every library in the pipeline). Only `astro build` uses it.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { isDeepStrictEqual } from 'node:util';

import { buildCacheFolder, cacheKey } from './build-cache.ts';
import { writeAtomically } from './atomic-write.ts';

/** The name `@astrojs/mdx` gives its compiling plugin. */
export const MDX_PLUGIN_NAME = '@mdx-js/rolldown';

const REPOSITORY = join(import.meta.dirname, '..', '..');

/** What the MDX plugin's transform returns (and what an entry stores). */
interface CompiledMdx {
  readonly code: string;
  readonly map: string | null;
  readonly meta?: unknown;
}

type TransformHandler = (this: unknown, code: string, id: string, ...rest: unknown[]) => Promise<unknown>;

/** Vite's plugin shape, the few fields used here. */
interface VitePlugin {
  name: string;
  apply?: 'build' | 'serve';
  transform?: TransformHandler | { filter?: unknown; handler: TransformHandler };
  configResolved?: (config: {
    plugins: readonly VitePlugin[];
    logger?: { warn(message: string): void };
  }) => void;
}

/** Every file under `folder`, recursively, as `path:text` lines in a fixed order. */
function folderSources(folder: string): string {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.(ts|mjs|js|json|yaml)$/.test(name))
    .sort()
    .map((name) => `${name}:${readFileSync(join(folder, name), 'utf8')}`)
    .join('\n');
}

/**
 * The part of every entry's key that is the same for all lessons: the pipeline's sources, the config, the
 * libraries' versions and where the site is deployed.
 *
 * @example
 * pipelineFingerprint({ BASE_PATH: '/gradscope/' }); // '3f1a…' (64 hex digits)
 */
export function pipelineFingerprint(env: Record<string, string | undefined>, root = REPOSITORY): string {
  const read = (file: string) => (existsSync(join(root, file)) ? readFileSync(join(root, file), 'utf8') : '');
  return cacheKey(
    folderSources(join(root, 'src', 'lib')),
    read('astro.config.mjs'),
    read('package-lock.json'),
    env.BASE_PATH ?? '',
    env.SITE_URL ?? '',
  );
}

/** The names (and kinds) of what is in the lesson folder beside `mdxFile`: the lesson-scope plugin reads them. */
function lessonFolderListing(mdxFile: string): string {
  const folder = join(dirname(mdxFile), basename(mdxFile, '.mdx'));
  if (!existsSync(folder)) return '';
  return readdirSync(folder)
    .sort()
    .map((name) => `${name}${statSync(join(folder, name)).isDirectory() ? '/' : ''}`)
    .join('\n');
}

/**
 * The result as JSON, if a JSON round trip keeps it exactly (so what a hit returns is what the compile returned):
 * the code and map are strings, and the small metadata object is compared after the round trip.
 */
function storable(result: unknown): string | undefined {
  const { code, map, meta } = (result ?? {}) as Partial<CompiledMdx>;
  if (typeof code !== 'string' || (map !== null && typeof map !== 'string')) return undefined;
  const keys = Object.keys(result as object);
  if (keys.some((key) => !['code', 'map', 'meta'].includes(key))) return undefined;
  if (meta !== undefined && !isDeepStrictEqual(JSON.parse(JSON.stringify(meta) ?? 'null'), meta))
    return undefined;
  return JSON.stringify(result);
}

/**
 * Wraps `handler` (the MDX plugin's transform) with the cache in `folder`, entries keyed under `fingerprint`.
 *
 * @example
 * const cachedHandler = cachedMdxTransform(handler, join(buildCacheFolder(), 'mdx'), pipelineFingerprint(process.env));
 */
export function cachedMdxTransform(
  handler: TransformHandler,
  folder: string,
  fingerprint: string,
): TransformHandler {
  return async function (this: unknown, code: string, id: string, ...rest: unknown[]) {
    const file = id.split('?')[0];
    const key = cacheKey(fingerprint, relative(REPOSITORY, file), code, lessonFolderListing(file));
    const entry = join(folder, `${key}.json`);
    try {
      return JSON.parse(readFileSync(entry, 'utf8')) as CompiledMdx;
    } catch {
      // Not compiled yet under these inputs (or unreadable): compile.
    }
    const result = await handler.call(this, code, id, ...rest);
    const text = storable(result);
    if (text !== undefined) {
      try {
        mkdirSync(folder, { recursive: true });
        writeAtomically(entry, text);
      } catch {
        // A read-only or full disk: go on without the cache.
      }
    }
    return result;
  };
}

/**
 * Serves `@astrojs/mdx`'s compiles from the build cache (`astro build` only). Without the MDX plugin (a config
 * without the integration) it does nothing.
 *
 * @example
 * // astro.config.mjs
 * export default defineConfig({ vite: { plugins: [mdxCompileCachePlugin()] } });
 */
export function mdxCompileCachePlugin(): VitePlugin {
  return {
    name: 'gradscope-mdx-compile-cache',
    apply: 'build',
    configResolved(config) {
      const mdx = config.plugins.find((plugin) => plugin.name === MDX_PLUGIN_NAME);
      const transform = mdx?.transform;
      if (!mdx || !transform) return;
      const folder = join(buildCacheFolder(), 'mdx');
      const fingerprint = pipelineFingerprint(process.env);
      if (typeof transform === 'function') mdx.transform = cachedMdxTransform(transform, folder, fingerprint);
      else
        mdx.transform = { ...transform, handler: cachedMdxTransform(transform.handler, folder, fingerprint) };
    },
  };
}
