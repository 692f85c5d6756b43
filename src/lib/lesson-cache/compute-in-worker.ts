/**
 * Lesson modules computed in worker threads during `astro build`, for the build cache (cached-exports.ts).
 *
 * Astro renders pages on one thread. A lesson's `numbers.ts` takes seconds of training runs and Monte Carlo
 * estimates; evaluated on that thread, it also stopped the thread from handing the examples of other pages to
 * their workers, which then sat idle. In a worker thread (lesson-worker.mjs) the module computes beside them.
 * Two workers at most; a lesson's modules always go to the same one, so its `figures.ts` finds the `numbers.ts`
 * it imports already evaluated there, as it would on the rendering thread.
 *
 * The computations need not wait for the pages: the Vite plugin starts those the cache lacks while Astro is still
 * bundling (`startLessonComputations`), on cores the bundler leaves idle, and a page then takes the one already under
 * way. The plugin runs with astro.config.mjs and the pages with their own bundled copy of this file, so the
 * workers and the computations under way are kept on the global object, one set per process.
 */
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';

import type { StoredExports } from './stored-exports.ts';

const POOL = Symbol.for('gradscope.lessonWorkers');

interface Answer {
  readonly id?: number;
  readonly stored?: StoredExports;
  readonly failure?: string;
}

interface LessonWorker {
  readonly worker: Worker;
  readonly waiting: Map<number, (answer: Answer) => void>;
  exited: boolean;
}

interface Pool {
  readonly workers: LessonWorker[];
  nextId: number;
  /** The computation of each module started in this process, by absolute path. */
  readonly started: Map<string, Promise<StoredExports | undefined>>;
}

const pool: Pool = ((globalThis as { [POOL]?: Pool })[POOL] ??= {
  workers: [],
  nextId: 1,
  started: new Map(),
});

function start(script: string): LessonWorker {
  const worker = new Worker(script);
  const waiting = new Map<number, (answer: Answer) => void>();
  const failAll = (failure: string) => {
    for (const answer of waiting.values()) answer({ failure });
    waiting.clear();
  };
  worker.on('message', (answer: Answer) => {
    if (answer.id === undefined) return;
    waiting.get(answer.id)?.({ ...answer });
    waiting.delete(answer.id);
    if (waiting.size === 0) worker.unref();
  });
  const started: LessonWorker = { worker, waiting, exited: false };
  worker.on('error', (error) => failAll(error.message));
  worker.on('exit', (code) => {
    started.exited = true; // the next module starts another
    failAll(`the lesson worker exited with code ${code}`);
  });
  worker.unref(); // an idle worker must not keep the build running
  return started;
}

/** The same small number for the same lesson folder. */
function workerIndex(file: string, count: number): number {
  let hash = 0;
  for (const char of dirname(file)) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return Math.abs(hash) % count;
}

/**
 * The exports of the lesson module `file` as the cache stores them, computed by `script` (lesson-worker.mjs) in
 * a worker thread; undefined when the worker could not (an error in the module, a value that cannot be stored, a
 * worker that failed): the caller then computes it on its own thread.
 *
 * @example
 * const stored = await storedExportsInWorker('/repo/content/1-x/slug/numbers.ts', '/repo/src/lib/lesson-cache/lesson-worker.mjs');
 */
export function storedExportsInWorker(file: string, script: string): Promise<StoredExports | undefined> {
  let computation = pool.started.get(file);
  if (!computation) {
    computation = compute(file, script);
    pool.started.set(file, computation);
  }
  return computation;
}

/**
 * Starts computing the lesson modules `files` in the lesson workers, in this order, without waiting for them: a
 * page that later asks for one (`storedExportsInWorker`) gets the computation already under way.
 *
 * @example
 * startLessonComputations(['/repo/content/1-x/slug/numbers.ts'], '/repo/src/lib/lesson-cache/lesson-worker.mjs');
 */
export function startLessonComputations(files: readonly string[], script: string): void {
  for (const file of files) void storedExportsInWorker(file, script);
}

/**
 * The lesson modules whose computation this process has started, in the order started (for tests).
 *
 * @example
 * lessonComputationsStarted(); // ['/repo/content/1-x/slug/numbers.ts', …]
 */
export function lessonComputationsStarted(): string[] {
  return [...pool.started.keys()];
}

async function compute(file: string, script: string): Promise<StoredExports | undefined> {
  const count = Math.min(2, availableParallelism());
  const index = workerIndex(file, count);
  const { workers } = pool;
  if (!workers[index] || workers[index].exited) workers[index] = start(script);
  const { worker, waiting } = workers[index];
  const id = pool.nextId++;
  const answer = await new Promise<Answer>((resolve) => {
    waiting.set(id, resolve);
    worker.ref();
    worker.postMessage({ id, file });
  });
  if (answer.failure !== undefined) {
    // Often the lesson's own error, which the build's thread reports again in full; else worth knowing why the
    // module was not computed beside the others (Node strips only erasable TypeScript: no enums, no parameter
    // properties).
    console.warn(`[gradscope:lesson-cache] ${file} is computed on the build's own thread: ${answer.failure}`);
  }
  return answer.stored;
}
