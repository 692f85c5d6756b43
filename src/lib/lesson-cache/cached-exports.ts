/**
 * A lesson module's exports, from the build cache when its key was seen before: the page-build side of the lesson
 * cache (the Vite plugin, `vite-plugin.ts`, computes the key while bundling and has each page call this).
 *
 * A miss evaluates the real module, stores its exports, and hands the page the stored form, so a page is the same
 * byte for byte whether its lesson's numbers came from the cache or were just computed. A module whose exports
 * cannot be stored is handed over as it is, every time.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { writeAtomically } from '../atomic-write.ts';
import { buildCacheFolder, cacheKey } from '../build-cache.ts';
import { UnstorableValue } from './exact-json.ts';
import { restoreExports, storeExports, type StoredExports } from './stored-exports.ts';

interface Entry {
  readonly key: string;
  readonly exports: StoredExports;
}

/** How many versions of each lesson module stay cached: switching between a few branches stays cheap. */
export const KEPT_VERSIONS = 3;

/**
 * The file of a cache entry: one JSON file per key, in a folder per module (`lessons/<hash of its path>/`), so
 * that a module's old versions can be found and removed; an entry can weigh megabytes (a network's weights).
 */
export function lessonCacheFile(key: string, module: string, folder = buildCacheFolder()): string {
  return join(folder, 'lessons', cacheKey(module).slice(0, 16), `${key}.json`);
}

/** Removes all but the `KEPT_VERSIONS` most recently written entries of one module. */
function pruneOldVersions(moduleFolder: string): void {
  try {
    const entries = readdirSync(moduleFolder)
      .filter((name) => name.endsWith('.json'))
      .map((name) => ({
        path: join(moduleFolder, name),
        mtimeMs: statSync(join(moduleFolder, name)).mtimeMs,
      }))
      .sort((a, b) => b.mtimeMs - a.mtimeMs);
    for (const entry of entries.slice(KEPT_VERSIONS)) rmSync(entry.path, { force: true });
  } catch {
    // Another build pruned at the same time, or the disk refused: pruning can wait for the next miss.
  }
}

function readEntry(file: string, key: string): StoredExports | undefined {
  try {
    const entry = JSON.parse(readFileSync(file, 'utf8')) as Entry;
    return entry.key === key && typeof entry.exports === 'object' ? entry.exports : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The exports of the module `module` (a path, for messages), read from the cache entry `key`, or computed (by
 * `computeElsewhere` when given and able, else by `load()`) and then stored under `key`.
 *
 * @example
 * const n = await cachedLessonExports(key, 'content/2-derivations/signal-propagation/numbers.ts', () =>
 *   import('/…/content/2-derivations/signal-propagation/numbers.ts'),
 * );
 */
export async function cachedLessonExports(
  key: string,
  module: string,
  load: () => Promise<Readonly<Record<string, unknown>>>,
  folder = buildCacheFolder(),
  computeElsewhere?: () => Promise<StoredExports | undefined>,
): Promise<Readonly<Record<string, unknown>>> {
  const file = lessonCacheFile(key, module, folder);
  const hit = readEntry(file, key);
  if (hit) return restoreExports(hit, module);
  // Computed in a worker thread when one is offered (compute-in-worker.ts); anything it could not do is done here,
  // where a lesson's error is reported as it always was.
  let stored = await computeElsewhere?.().catch(() => undefined);
  if (stored === undefined) {
    const namespace = await load();
    try {
      stored = storeExports(namespace);
    } catch (error) {
      if (!(error instanceof UnstorableValue)) throw error;
      console.warn(`[gradscope:lesson-cache] ${module} is computed at every build: ${error.message}`);
      return namespace;
    }
  }
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeAtomically(file, JSON.stringify({ key, exports: stored } satisfies Entry));
    pruneOldVersions(dirname(file));
  } catch {
    // A read-only or full disk: the next build computes the module again.
  }
  return restoreExports(stored, module);
}
