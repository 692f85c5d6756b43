// A `worker_threads` worker that runs one lesson example at build time with the playground's runtime.
//
// Node never loads this file as it is: `worker-bundle.ts` bundles it with esbuild, with everything it imports
// (the runtime and the charts from their TypeScript sources, the engine's build packages/core/dist as in the
// browser's bundle, Plot, linkedom, Sucrase), into one file under the build cache. One file starts in a fraction
// of the time that resolving and compiling a few hundred modules takes, and every example starts a fresh worker.
// The page's pre-rendered output still comes from the code the page ships.
//
// Protocol with the parent (run-at-build.ts): the worker posts { type: 'ready' } once everything is loaded,
// receives { type: 'run', code, check? } and posts { type: 'result', result, reusable }. `reusable` says the
// example left nothing behind that the next one could see (global-state.mjs); only then may the parent send this
// worker another example, else it terminates it. Starting a worker costs more CPU than most examples do.
import process from 'node:process';
import { parentPort } from 'node:worker_threads';

import * as core from '@gradscope/core';
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

import * as charts from '@gradscope/charts';
import { createEnvironment } from '../runtime/environment.ts';
import { globalState, sameGlobalState } from './global-state.mjs';
import { runReaderCode } from '../runtime/run.ts';
import { compileReaderCode } from '../runtime/transpile.ts';

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
  const environment = createEnvironment(
    parseHTML,
    { core, plot: Plot, charts },
    compileReaderCode,
    onUncaught,
  );
  const result = await runReaderCode(message.code, environment, undefined, { check: message.check });
  parentPort.postMessage({ type: 'result', result, reusable: sameGlobalState(before, globalState()) });
});
// Taken once everything is loaded, so what loading set up is the baseline every example is compared with.
const before = globalState();
parentPort.postMessage({ type: 'ready' });
