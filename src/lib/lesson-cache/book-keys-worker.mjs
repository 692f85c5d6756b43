// Works out the book's lesson-module keys (module-key.ts) and the examples' engine fingerprint (worker-bundle.ts)
// in a worker thread, for the Vite plugin's start of the build (vite-plugin.ts). On the build's own thread the
// same work took ten times as long: that thread is busy bundling the pages, and the keys decide which lessons can
// start computing while it does.
//
// workerData: { workerEntry, cacheFolder, files, root }; posts { engine, keys: [file, { key, exportNames }][] }
// or { failure }.
import { parentPort, workerData } from 'node:worker_threads';

const { workerBundle } = await import('../../playground/build/worker-bundle.ts');
const { lessonModuleKeys } = await import('./module-key.ts');

const { workerEntry, cacheFolder, files, root } = workerData;
try {
  const { fingerprint } = await workerBundle(workerEntry, cacheFolder);
  const keys = await lessonModuleKeys(files, fingerprint, root);
  parentPort.postMessage({ engine: fingerprint, keys: [...keys] });
} catch (error) {
  parentPort.postMessage({ failure: error instanceof Error ? error.message : String(error) });
}
