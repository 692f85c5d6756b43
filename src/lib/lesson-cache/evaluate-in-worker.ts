/**
 * A lesson's `numbers.ts` and `figures.ts` computed in a worker thread, for a build that finds them missing from
 * the cache. Computed on the build's main thread, the lessons' training runs take turns with everything else (a
 * first build spent most of a minute there on one core); in workers, as many lessons compute at once as the
 * machine has cores, and the main thread goes on rendering pages.
 *
 * A worker evaluates both modules of a lesson folder, as one bundle (esbuild; libraries stay in node_modules,
 * imported by their file URL), so `figures.ts` uses the very `numbers.ts` it imports instead of computing it
 * again; the workers stay for the next lesson, with the libraries they imported. The worker answers each module's exports as `storeExports` writes them; anything else (a module that
 * throws, a worker that cannot start) answers `undefined`, and the caller computes the module itself.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

import { build, type Plugin } from 'esbuild';

import { storedExportsEntry } from './module-key.ts';
import type { StoredExports } from './stored-exports.ts';

/** What the worker answers for one module: its stored exports as JSON, or why there are none. */
type Answer = { readonly json: string } | { readonly unstorable: string } | { readonly failed: string };

const LESSON_MODULES = ['numbers.ts', 'figures.ts'] as const;

/** Imports libraries from where they are installed, whatever folder the bundle is written to. */
const librariesByUrl: Plugin = {
  name: 'gradscope-libraries-by-url',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === 'inner' || args.path.startsWith('node:')) return undefined;
      const resolved = await builder.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: 'inner',
      });
      if (resolved.errors.length > 0 || !/[\\/]node_modules[\\/]/.test(resolved.path)) return undefined;
      return { path: pathToFileURL(resolved.path).href, external: true };
    });
  },
};

/** The bundle a worker imports: both modules of the folder, and `answers()`, their exports as stored. */
function entrySource(folder: string): string {
  const modules = LESSON_MODULES.filter((name) => existsSync(join(folder, name))).map((name, index) => ({
    name,
    variable: `module${index}`,
  }));
  return [
    ...modules.map(
      ({ name, variable }) => `import * as ${variable} from ${JSON.stringify(join(folder, name))};`,
    ),
    `import { storeExports } from ${JSON.stringify(storedExportsEntry)};`,
    `const modules = { ${modules.map(({ name, variable }) => `${JSON.stringify(name)}: ${variable}`).join(', ')} };`,
    'export function answers() {',
    '  return Object.fromEntries(Object.entries(modules).map(([name, namespace]) => {',
    '    try { return [name, { json: JSON.stringify(storeExports(namespace)) }]; }',
    "    catch (error) { return [name, error?.name === 'UnstorableValue' ? { unstorable: error.message } : { failed: String(error) }]; }",
    '  }));',
    '}',
  ].join('\n');
}

// CommonJS, as \`eval\` workers are: imports each bundle it is sent and posts the answers. Libraries are imported
// once per worker, however many lessons it computes.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (url) =>
  import(url).then(
    (bundle) => parentPort.postMessage(bundle.answers()),
    (error) => parentPort.postMessage({ failed: String((error && error.stack) || error) }),
  ),
);`;

/** Workers waiting for a lesson: at most one per core, kept between lessons. */
const idle: Worker[] = [];
const waiting: (() => void)[] = [];
let busy = 0;

/** Computes the bundle at `url` in a free worker (waiting for one, or starting one, as needed). */
async function inWorker(url: string): Promise<Record<string, Answer>> {
  if (busy >= availableParallelism()) await new Promise<void>((resolve) => waiting.push(resolve));
  busy += 1;
  const worker = idle.pop() ?? new Worker(WORKER_SOURCE, { eval: true });
  // Referenced while it works, so the build waits for it; an idle worker does not keep the build running.
  worker.ref();
  try {
    const answers = await new Promise<Record<string, Answer> | undefined>((resolve) => {
      const onMessage = (message: Record<string, Answer> & { failed?: string }) =>
        settle(typeof message.failed === 'string' ? {} : message);
      const onEnd = () => settle(undefined);
      // Only this job's own listeners come off: the worker keeps Node's.
      const settle = (answers: Record<string, Answer> | undefined) => {
        worker.off('message', onMessage).off('error', onEnd).off('exit', onEnd);
        resolve(answers);
      };
      worker.on('message', onMessage).on('error', onEnd).on('exit', onEnd);
      worker.postMessage(url);
    });
    if (answers) {
      worker.unref();
      idle.push(worker);
    } else void worker.terminate();
    return answers ?? {};
  } finally {
    busy -= 1;
    waiting.shift()?.();
  }
}

async function evaluateFolder(folder: string): Promise<Record<string, Answer>> {
  const bundled = await build({
    stdin: { contents: entrySource(folder), resolveDir: folder, loader: 'js', sourcefile: 'lesson-entry.js' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    logLevel: 'silent',
    plugins: [librariesByUrl],
  });
  const file = join(tmpdir(), `gradscope-lesson-${process.pid}-${basename(folder)}-${Date.now()}.mjs`);
  writeFileSync(file, bundled.outputFiles[0].text);
  try {
    return await inWorker(pathToFileURL(file).href);
  } finally {
    rmSync(file, { force: true });
  }
}

const folders = new Map<string, Promise<Record<string, Answer>>>();

/**
 * The exports of the lesson module `file` (its `numbers.ts` or `figures.ts`) as `storeExports` writes them,
 * computed in a worker thread; `undefined` when the worker could not give them (the caller then evaluates the
 * module itself, and reports what went wrong as it would have).
 *
 * @example
 * const stored = await storedInWorker('/repo/content/2-derivations/signal-propagation/numbers.ts');
 */
export async function storedInWorker(file: string): Promise<StoredExports | undefined> {
  const folder = dirname(file);
  let answers = folders.get(folder);
  if (!answers) {
    answers = evaluateFolder(folder).catch(() => ({}));
    folders.set(folder, answers);
  }
  const answer = (await answers)[basename(file)];
  return answer && 'json' in answer ? (JSON.parse(answer.json) as StoredExports) : undefined;
}
