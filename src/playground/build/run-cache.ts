/**
 * Results of build-time example runs, kept on disk between builds: one JSON file per run, named by a hash of the
 * worker's fingerprint (engine build, runtime, charts, libraries, Node; see `worker-bundle.ts`), the time limit
 * and the example's code. An unchanged example under an unchanged engine is not run again; any change to either
 * gives a new key, so a stale result is never found.
 *
 * Only clean runs are kept: an example that threw or timed out fails the build, and must run again next time. Runs
 * are grouped by engine build, and only the last few engine builds' runs are kept (`KEPT_ENGINE_BUILDS`).
 * Files are written to a temporary name and renamed, so concurrent builds sharing the folder never read half a
 * file; a file that does not parse, or whose recorded key differs from its name's, is ignored and rerun.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

import type { RunResult } from '../runtime/protocol.js';
import { writeAtomically } from '../../lib/atomic-write.ts';

interface Entry {
  readonly version: 1;
  readonly key: string;
  readonly result: RunResult;
}

const ENTRY_VERSION = 1;

/**
 * The cache key of a run.
 *
 * @example
 * runCacheKey(fingerprint, "console.log('hi')", 10_000); // 'f3a1…' (64 hex digits)
 */
export function runCacheKey(fingerprint: string, code: string, timeLimitMs: number, check = ''): string {
  // An exercise's starter and solution run with its check: the same code under another check is another run.
  return createHash('sha256')
    .update(`${ENTRY_VERSION}\0${fingerprint}\0${timeLimitMs}\0${code}\0${check}`)
    .digest('hex');
}

/** A folder of cached run results. */
export interface RunCache {
  /** The cached result of a clean run, or `undefined` (missing, unreadable, or not for this key). */
  get(key: string): RunResult | undefined;
  /** Records a clean run (a run with an error is not recorded). Never throws: an unwritable cache is only slower. */
  set(key: string, result: RunResult): void;
}

/** How many engine builds keep their runs: switching between a few branches stays cheap. */
export const KEPT_ENGINE_BUILDS = 4;

const pruned = new Set<string>();

/**
 * Removes the runs of all but the `KEPT_ENGINE_BUILDS` most recently written engine builds: under `npm run dev`
 * every engine edit starts a new set, and the old ones can never be hit again unless that code comes back.
 */
function pruneOldEngineBuilds(allRuns: string): void {
  if (pruned.has(allRuns)) return;
  pruned.add(allRuns);
  try {
    const builds = readdirSync(allRuns)
      .map((name) => ({ path: join(allRuns, name), mtimeMs: statSync(join(allRuns, name)).mtimeMs }))
      .sort((a, b) => b.mtimeMs - a.mtimeMs);
    for (const build of builds.slice(KEPT_ENGINE_BUILDS))
      rmSync(build.path, { recursive: true, force: true });
  } catch {
    // Another build pruned at the same time, or the disk refused: pruning can wait for the next build.
  }
}

/**
 * Opens (lazily creates) the cache of runs under the engine build `fingerprint` in `folder`: one subfolder per
 * engine build, of which the most recent few are kept.
 *
 * @example
 * const cache = openRunCache('node_modules/.cache/gradscope', fingerprint);
 * cache.get(runCacheKey(fingerprint, code, 10_000));
 */
export function openRunCache(folder: string, fingerprint: string): RunCache {
  const allRuns = join(folder, 'runs');
  const runs = join(allRuns, fingerprint.slice(0, 24));
  const fileOf = (key: string) => join(runs, `${key}.json`);
  return {
    get(key) {
      try {
        const entry = JSON.parse(readFileSync(fileOf(key), 'utf8')) as Entry;
        if (entry?.version !== ENTRY_VERSION || entry.key !== key) return undefined;
        if (!Array.isArray(entry.result?.items) || entry.result.error) return undefined;
        return entry.result;
      } catch {
        return undefined;
      }
    },
    set(key, result) {
      if (result.error) return;
      try {
        mkdirSync(runs, { recursive: true });
        writeAtomically(fileOf(key), JSON.stringify({ version: ENTRY_VERSION, key, result } satisfies Entry));
        pruneOldEngineBuilds(allRuns);
      } catch {
        // A read-only or full disk: the build goes on without the cache.
      }
    },
  };
}
