// A `worker_threads` worker that runs one lesson example at build time with the playground's runtime.
//
// It is plain JavaScript because Node starts it directly, outside Vite. The runtime and the charts are
// TypeScript sources: the hooks below compile them with Sucrase as Node loads them (the compiler the runtime
// uses for the reader's code); the engine is its build, packages/core/dist, as in the browser's bundle. Both
// `@gradscope/core` and `@gradscope/charts` are workspace packages, so Node finds them as Vite does. So the
// page's pre-rendered output comes from the code the page ships.
//
// Protocol with the parent (run-at-build.ts): the worker posts { type: 'ready' } once everything is loaded,
// receives { type: 'run', code, check? }, posts { type: 'result', result } and is then terminated.
import { existsSync, readFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';
import { parentPort } from 'node:worker_threads';

import { transform } from 'sucrase';

registerHooks({
  resolve(specifier, context, nextResolve) {
    const parent = context.parentURL;
    if (parent?.endsWith('.ts') && (specifier.startsWith('./') || specifier.startsWith('../'))) {
      // TypeScript sources import './x.js' (the engine) or './x' (Vite style); both mean './x.ts' here.
      const base = new URL(specifier, parent);
      const stem = base.href.replace(/\.js$/, '');
      for (const candidate of [base.href, `${stem}.ts`, `${stem}/index.ts`]) {
        if (existsSync(fileURLToPath(candidate)) && !candidate.endsWith('/')) {
          return { url: candidate, shortCircuit: true };
        }
      }
    }
    return nextResolve(specifier, context);
  },
  load(url, context, nextLoad) {
    if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
    const source = readFileSync(fileURLToPath(url), 'utf8');
    const { code } = transform(source, {
      transforms: ['typescript'],
      disableESTransforms: true,
      filePath: fileURLToPath(url),
    });
    return { format: 'module', source: code, shortCircuit: true };
  },
});

const [{ parseHTML }, Plot, core, charts, { createEnvironment }, { runReaderCode }] = await Promise.all([
  import('linkedom'),
  import('@observablehq/plot'),
  import('@gradscope/core'),
  import('@gradscope/charts'),
  import(new URL('../runtime/environment.ts', import.meta.url).href),
  import(new URL('../runtime/run.ts', import.meta.url).href),
]);

// Errors thrown by timers the example started are reported by the run that is active.
const uncaughtListeners = new Set();
const onUncaught = (listener) => {
  uncaughtListeners.add(listener);
  return () => uncaughtListeners.delete(listener);
};
for (const event of ['uncaughtException', 'unhandledRejection']) {
  process.on(event, (error) => {
    for (const listener of uncaughtListeners) listener(error);
  });
}

parentPort.on('message', async (message) => {
  if (message?.type !== 'run') return;
  const environment = createEnvironment(parseHTML, { core, plot: Plot, charts }, onUncaught);
  const result = await runReaderCode(message.code, environment, undefined, { check: message.check });
  parentPort.postMessage({ type: 'result', result });
});
parentPort.postMessage({ type: 'ready' });
