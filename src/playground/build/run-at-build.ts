/**
 * Runs a lesson example at build time, in a `worker_threads` worker with the playground's runtime, and ends it
 * when it exceeds its time limit. `Playground.astro` writes the result into the page and fails the build when
 * the example throws or times out.
 *
 * Workers start in about 200 ms (they load Plot, linkedom and the engine), so one spare is kept booted: the next
 * example starts on a warm worker while the spare for the one after boots alongside. Each worker runs one example
 * and is then terminated, so no example can leave state behind for the next.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';

import type { RunResult } from '../runtime/protocol.js';

/** How a build-time run ended. */
export type BuildRunOutcome =
  | { readonly status: 'finished'; readonly result: RunResult }
  | { readonly status: 'timeout'; readonly timeLimitMs: number }
  | { readonly status: 'crashed'; readonly message: string };

/** The default time limit of an example, in milliseconds (also the live playground's). */
export const DEFAULT_TIME_LIMIT_MS = 10_000;

const WORKER_FILE = join('src', 'playground', 'build', 'node-worker.mjs');

/** Finds the worker script from the working directory (the repository root in `astro build` and Vitest). */
function workerPath(): string {
  let directory = process.cwd();
  for (;;) {
    const candidate = join(directory, WORKER_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(directory);
    if (parent === directory) {
      throw new Error(
        `Playground: cannot find ${WORKER_FILE} above ${process.cwd()}; run the build from the repository.`,
      );
    }
    directory = parent;
  }
}

interface BootedWorker {
  readonly worker: Worker;
  /** Resolves when the worker has loaded its modules; rejects if it dies first. */
  readonly ready: Promise<void>;
}

function boot(): BootedWorker {
  // A runaway example must not take the build's memory with it.
  const worker = new Worker(workerPath(), { resourceLimits: { maxOldGenerationSizeMb: 2048 } });
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
  return { worker, ready };
}

let spare: BootedWorker | undefined;
const queue: (() => void)[] = [];
let running = 0;
const concurrency = Math.max(1, Math.min(4, availableParallelism() - 1));

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

function takeWorker(): BootedWorker {
  const taken = spare ?? boot();
  spare = boot();
  return taken;
}

/**
 * Runs `code` in a fresh worker and resolves with how it ended; never rejects for a problem in the code.
 * The time limit counts from when the code starts, not from the worker's start-up. With `check`, an exercise's
 * check runs after the code, in the same run (see runtime/exercise.ts).
 *
 * @example
 * const outcome = await runAtBuild("console.log('hi')", { timeLimitMs: 10_000 });
 * if (outcome.status === 'finished') outcome.result.items; // [{ kind: 'log', text: 'hi', … }]
 */
export function runAtBuild(
  code: string,
  options: { timeLimitMs?: number; check?: string } = {},
): Promise<BuildRunOutcome> {
  const timeLimitMs = options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
  return slot(async () => {
    const { worker, ready } = takeWorker();
    try {
      await ready;
    } catch (error) {
      void worker.terminate();
      return {
        status: 'crashed',
        // The engine is imported from its build: `npm run build` makes it first, a bare `astro build` may not.
        message: `the build's playground worker failed to start: ${messageOf(error)}${/core[\\/]dist/.test(messageOf(error)) ? ' (build the engine first: npm run build:core)' : ''}`,
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
        worker.on('exit', (code) =>
          settle({
            status: 'crashed',
            message: `the example's worker exited (code ${code}) before finishing`,
          }),
        );
        worker.postMessage({ type: 'run', code, check: options.check });
      });
    } finally {
      await worker.terminate();
    }
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
