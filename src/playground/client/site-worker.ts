/**
 * Starts a worker that runs one of the site's own scripts under the page's Content-Security-Policy.
 *
 * The policy is a `<meta>` tag (a static host sends no headers), and a worker takes its policy from where it
 * was started: a worker started from a same-origin URL takes it from that script's response headers (none on a
 * static host: code in it could reach any host), while a worker started from a `blob:` URL inherits the page's.
 * So every worker on the site starts from a tiny `blob:` script that loads the real one (allowed: the policy's
 * `script-src 'self'`), and the policy's `worker-src blob:` refuses any other kind.
 *
 * The starter is a module worker that loads the script with a dynamic `import()`, not a classic one with
 * `importScripts`: Chromium keeps V8's compiled code of a module between loads (a playground worker boots in
 * ~60 ms instead of ~155 once its bundle was loaded twice; a fresh worker boots for every run), and caches nothing
 * for `importScripts`. The import is dynamic because a module worker's static imports are fetched as workers
 * (`worker-src`, which allows only `blob:`), a dynamic one as a script. So the bundles Vite builds for workers
 * are ES modules (`worker.format` in astro.config.mjs).
 */

const starters = new Map<string, string>();

/**
 * The starter's code. A module worker takes messages as soon as its starter has begun, while the import is still
 * loading (a classic worker's `importScripts` held them until the script had run): the starter holds those and
 * hands them on, in order, once the script's own listeners are in place.
 */
function starterSource(scriptUrl: string): string {
  return [
    'const early = [];',
    'const hold = (event) => { early.push(event); event.stopImmediatePropagation(); };',
    "self.addEventListener('message', hold);",
    `await import(${JSON.stringify(scriptUrl)});`,
    "self.removeEventListener('message', hold);",
    "for (const { data, ports } of early) self.dispatchEvent(new MessageEvent('message', { data, ports: [...ports] }));",
  ].join('\n');
}

/**
 * A new worker running the script at `scriptUrl` (a URL of the site, e.g. from a `?worker&url` import).
 *
 * @example
 * import workerUrl from '../runtime/worker.ts?worker&url';
 * const worker = startSiteWorker(workerUrl, 'gradscope-playground');
 */
export function startSiteWorker(scriptUrl: string, name: string): Worker {
  const absolute = new URL(scriptUrl, document.baseURI).href;
  let starter = starters.get(absolute);
  if (!starter) {
    // One blob per script, kept for the page's life (a few bytes): a worker may still be loading from it.
    starter = URL.createObjectURL(new Blob([starterSource(absolute)], { type: 'text/javascript' }));
    starters.set(absolute, starter);
  }
  return new Worker(starter, { name, type: 'module' });
}
