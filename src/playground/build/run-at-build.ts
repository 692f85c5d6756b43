/**
 * Runs a lesson example at build time, in a `worker_threads` worker with the playground's runtime, and ends it
 * when it exceeds its time limit. `Playground.astro` writes the result into the page and fails the build when
 * the example throws or times out.
 *
 * A clean run is cached on disk (`run-cache.ts`), keyed by the example's code and the fingerprint of everything
 * the worker is made of (`worker-bundle.ts`): an unchanged example under an unchanged engine is not run again, and
 * a build whose examples are all cached starts no worker at all. The cache lives in
 * the build's cache folder (`src/lib/build-cache.ts`); deleting it only costs time.
 *
 * Each worker runs one example and is then terminated, so no example can leave state behind for the next. A worker
 * starts in well under 100 ms (one prebuilt file, compiled code cached by V8: `worker-loader.mjs`); while one runs,
 * the spare for the next example boots alongside.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';

import { buildCacheFolder } from '../../lib/build-cache.ts';
import type { RunResult } from '../runtime/protocol.js';
import { openRunCache, runCacheKey, type RunCache } from './run-cache.ts';
import { workerBundle } from './worker-bundle.ts';

/** How a build-time run ended. */
export type BuildRunOutcome =
  | { readonly status: 'finished'; readonly result: RunResult }
  | { readonly status: 'timeout'; readonly timeLimitMs: number }
  | { readonly status: 'crashed'; readonly message: string };

/** The default time limit of an example, in milliseconds (also the live playground's). */
export const DEFAULT_TIME_LIMIT_MS = 10_000;

const WORKER_FILE = join('src', 'playground', 'build', 'node-worker.mjs');
const LOADER_FILE = join('src', 'playground', 'build', 'worker-loader.mjs');

/** The repository root, found from the working directory (the root in `astro build`, `astro dev` and Vitest). */
function workerRoot(): string {
  let directory = process.cwd();
  for (;;) {
    if (existsSync(join(directory, WORKER_FILE))) return directory;
    const parent = dirname(directory);
    if (parent === directory) {
      throw new Error(
        `Playground: cannot find ${WORKER_FILE} above ${process.cwd()}; run the build from the repository.`,
      );
    }
    directory = parent;
  }
}

/** What the runner did in this process, for tests and benchmarks. */
export interface BuildRunStats {
  /** Workers started (a booted spare counts when it starts). */
  workersStarted: number;
  /** Runs answered from the cache. */
  cacheHits: number;
  /** Runs that had to execute. */
  cacheMisses: number;
}

const stats: BuildRunStats = { workersStarted: 0, cacheHits: 0, cacheMisses: 0 };

/**
 * A copy of this process's counters.
 *
 * @example
 * const before = buildRunStats().workersStarted;
 */
export function buildRunStats(): BuildRunStats {
  return { ...stats };
}

interface BootedWorker {
  readonly worker: Worker;
  /** The bundle's fingerprint: a spare booted from an older engine is not used. */
  readonly fingerprint: string;
  /** Resolves when the worker has loaded its modules; rejects if it dies first. */
  readonly ready: Promise<void>;
}

function boot(file: string, fingerprint: string): BootedWorker {
  stats.workersStarted += 1;
  // A runaway example must not take the build's memory with it.
  const worker = new Worker(join(workerRoot(), LOADER_FILE), {
    workerData: { bundle: file, compileCache: join(dirname(file), 'compile-cache') },
    resourceLimits: { maxOldGenerationSizeMb: 2048 },
  });
  // An idle spare must not keep the build process alive.
  worker.unref();
  const ready = new Promise<void>((resolve, reject) => {
    const onMessage = (message: { type?: string }) => {
      if (message?.type !== 'ready') return;
      stop();
      resolve();
    };
    const onError = (error: unknown) => {
      stop();
      reject(error);
    };
    const onExit = (code: number) => onError(new Error(`the worker exited with code ${code} while loading`));
    // Only our own listeners come off: Node's Worker keeps internal ones that keep its port running.
    const stop = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
  ready.catch(() => {}); // observed by whoever takes the worker
  return { worker, fingerprint, ready };
}

let spare: BootedWorker | undefined;
const queue: (() => void)[] = [];
let running = 0;
// Examples are the bulk of a cold build's work and run off the main thread, which mostly waits for them (it renders
// other pages meanwhile, `build.concurrency`): two at a time even on two cores, more where there are more.
const concurrency = Math.min(4, Math.max(2, availableParallelism() - 1));

async function slot<T>(task: () => Promise<T>): Promise<T> {
  if (running >= concurrency) await new Promise<void>((resolve) => queue.push(resolve));
  running += 1;
  try {
    return await task();
  } finally {
    running -= 1;
    queue.shift()?.();
  }
}

function takeWorker(file: string, fingerprint: string): BootedWorker {
  let taken = spare;
  if (taken && taken.fingerprint !== fingerprint) {
    void taken.worker.terminate();
    taken = undefined;
  }
  spare = boot(file, fingerprint);
  return taken ?? boot(file, fingerprint);
}

/** Options of `runAtBuild`. */
export interface RunAtBuildOptions {
  /** Longest the example may run, from when its code starts. Default `DEFAULT_TIME_LIMIT_MS`. */
  readonly timeLimitMs?: number;
  /** Cache folder; default `buildCacheFolder()` (`src/lib/build-cache.ts`). */
  readonly cacheFolder?: string;
  /** The worker's source; default `src/playground/build/node-worker.mjs`. Tests pass a wrapper of it. */
  readonly workerEntry?: string;
  /** An exercise's check, run after the code in the same run (see runtime/exercise.ts). */
  readonly check?: string;
}

/**
 * Runs `code` in a fresh worker, or answers from the cache when this code ran cleanly before under the same
 * engine, and resolves with how it ended; never rejects for a problem in the code. The time limit counts from
 * when the code starts, not from the worker's start-up. With `check`, an exercise's check runs after the code, in
 * the same run, and is part of the cache key.
 *
 * @example
 * const outcome = await runAtBuild("console.log('hi')", { timeLimitMs: 10_000 });
 * if (outcome.status === 'finished') outcome.result.items; // [{ kind: 'log', text: 'hi', … }]
 */
export async function runAtBuild(code: string, options: RunAtBuildOptions = {}): Promise<BuildRunOutcome> {
  const timeLimitMs = options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
  const folder = options.cacheFolder ?? buildCacheFolder();
  let bundle;
  try {
    bundle = await workerBundle(options.workerEntry ?? join(workerRoot(), WORKER_FILE), folder);
  } catch (error) {
    const message = messageOf(error);
    return {
      status: 'crashed',
      // The engine is imported from its build: `npm run build` makes it first, a bare `astro build` may not.
      message: `the build's playground worker could not be built: ${message}${/@gradscope\/core|core[\\/]dist/.test(message) ? ' (build the engine first: npm run build:core)' : ''}`,
    };
  }
  const cache: RunCache = openRunCache(folder, bundle.fingerprint);
  const key = runCacheKey(bundle.fingerprint, code, timeLimitMs, options.check);
  const cached = cache.get(key);
  if (cached) {
    stats.cacheHits += 1;
    return { status: 'finished', result: cached };
  }
  stats.cacheMisses += 1;
  const outcome = await slot(() =>
    runInWorker(bundle.file, bundle.fingerprint, code, timeLimitMs, options.check),
  );
  if (outcome.status === 'finished') cache.set(key, outcome.result);
  return outcome;
}

async function runInWorker(
  file: string,
  fingerprint: string,
  code: string,
  timeLimitMs: number,
  check: string | undefined,
): Promise<BuildRunOutcome> {
  const { worker, ready } = takeWorker(file, fingerprint);
  try {
    await ready;
  } catch (error) {
    void worker.terminate();
    return {
      status: 'crashed',
      message: `the build's playground worker failed to start: ${messageOf(error)}`,
    };
  }
  worker.ref();
  try {
    return await new Promise<BuildRunOutcome>((resolve) => {
      const timer = setTimeout(() => resolve({ status: 'timeout', timeLimitMs }), timeLimitMs);
      const settle = (outcome: BuildRunOutcome) => {
        clearTimeout(timer);
        resolve(outcome);
      };
      worker.on('message', (message: { type?: string; result?: RunResult }) => {
        if (message?.type === 'result' && message.result)
          settle({ status: 'finished', result: message.result });
      });
      worker.on('error', (error) => settle({ status: 'crashed', message: messageOf(error) }));
      worker.on('exit', (exitCode) =>
        settle({
          status: 'crashed',
          message: `the example's worker exited (code ${exitCode}) before finishing`,
        }),
      );
      worker.postMessage({ type: 'run', code, check });
    });
  } finally {
    await worker.terminate();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
