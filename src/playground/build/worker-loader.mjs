// What each build-time worker starts with: it turns on Node's compile cache, then loads the bundled worker
// (worker-bundle.ts). V8 then reuses the bundle's compiled code, checked against the file's contents, instead of
// compiling two megabytes again for every example: a third less of each worker's start-up.
//
// workerData: { bundle: absolute path of the bundle, compileCache: folder for V8's cache }
import module from 'node:module';
import { pathToFileURL } from 'node:url';
import { workerData } from 'node:worker_threads';

module.enableCompileCache(workerData.compileCache);
await import(pathToFileURL(workerData.bundle).href);
