// A worker thread of the build that computes lessons' `numbers.ts` and `figures.ts` (compute-in-worker.ts) and
// answers with their exports as the cache stores them. Off Astro's rendering thread, a lesson's seconds of
// training runs no longer hold up the pages and example runs that thread is handing out meanwhile.
//
// Messages in: { id, file } (an absolute path); out: { id, stored } or { id, failure } (the build then computes
// the module in its own thread, where a lesson's error is reported as before). The worker keeps its modules
// between messages, so a lesson's figures.ts reuses the numbers.ts it imports.
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { parentPort } from 'node:worker_threads';

register('./lesson-hooks.mjs', import.meta.url);
const { storeExports } = await import('./stored-exports.ts');

parentPort.on('message', async ({ id, file }) => {
  try {
    const namespace = await import(pathToFileURL(file).href);
    parentPort.postMessage({ id, stored: storeExports(namespace) });
  } catch (error) {
    parentPort.postMessage({ id, failure: error instanceof Error ? error.message : String(error) });
  }
});
parentPort.postMessage({ ready: true });
