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
 * A worker that ran an example cleanly runs the next one too: starting a worker (Node's own start-up, the two-megabyte
 * bundle, compiling Sucrase and Plot afresh) cost more CPU than most examples do, and a warm worker runs the engine's
 * kernels already optimized. Clean means the example left the global object, the built-ins and the timers as it
 * found them (`global-state.mjs`); any other worker is terminated, and a worker retires after `RUNS_PER_WORKER`
 * examples. An example that times out or crashes in a used worker is run again in a fresh one before it counts as
 * failing, so a failure is never blamed on an earlier example. While the first examples run, a spare boots alongside.
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
  /** Examples this worker has run. */
  runs: number;
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
  return { worker, fingerprint, ready, runs: 0 };
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

/** Examples one worker runs at most before it is replaced: a bound on what a long build's worker accumulates. */
export const RUNS_PER_WORKER = 25;

/** Workers that ran an example cleanly and wait for the next. */
const idle: BootedWorker[] = [];

function takeWorker(file: string, fingerprint: string, fresh: boolean): BootedWorker {
  if (!fresh) {
    while (idle.length > 0) {
      const used = idle.pop()!;
      if (used.fingerprint === fingerprint) return used;
      void used.worker.terminate(); // booted from an older engine
    }
  }
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
 * Runs `code` in a worker, or answers from the cache when this code ran cleanly before under the same
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
  const outcome = await slot(async () => {
    const first = await runInWorker(bundle.file, bundle.fingerprint, code, timeLimitMs, options.check, false);
    return first.status !== 'finished' && first.reused
      ? await runInWorker(bundle.file, bundle.fingerprint, code, timeLimitMs, options.check, true)
      : first;
  });
  const { reused: _, ...ended } = outcome;
  if (ended.status === 'finished') cache.set(key, ended.result);
  return ended;
}

/** A run's outcome, and whether the worker had run an example before this one. */
type WorkerOutcome = BuildRunOutcome & { readonly reused: boolean };

async function runInWorker(
  file: string,
  fingerprint: string,
  code: string,
  timeLimitMs: number,
  check: string | undefined,
  fresh: boolean,
): Promise<WorkerOutcome> {
  const booted = takeWorker(file, fingerprint, fresh);
  const { worker, ready } = booted;
  const reused = booted.runs > 0;
  try {
    await ready;
  } catch (error) {
    void worker.terminate();
    return {
      status: 'crashed',
      message: `the build's playground worker failed to start: ${messageOf(error)}`,
      reused,
    };
  }
  worker.ref();
  booted.runs += 1;
  let clean = false;
  let detach = () => {};
  try {
    const outcome = await new Promise<BuildRunOutcome>((resolve) => {
      const timer = setTimeout(() => resolve({ status: 'timeout', timeLimitMs }), timeLimitMs);
      const settle = (outcome: BuildRunOutcome) => {
        clearTimeout(timer);
        resolve(outcome);
      };
      const onMessage = (message: { type?: string; result?: RunResult; reusable?: boolean }) => {
        if (message?.type !== 'result' || !message.result) return;
        clean = message.reusable === true;
        settle({ status: 'finished', result: message.result });
      };
      const onError = (error: Error) => settle({ status: 'crashed', message: messageOf(error) });
      const onExit = (exitCode: number) =>
        settle({
          status: 'crashed',
          message: `the example's worker exited (code ${exitCode}) before finishing`,
        });
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      detach = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      worker.postMessage({ type: 'run', code, check });
    });
    return { ...outcome, reused };
  } finally {
    detach();
    if (clean && booted.runs < RUNS_PER_WORKER) {
      worker.unref(); // an idle worker must not keep the build process alive
      idle.push(booted);
    } else {
      await worker.terminate();
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
