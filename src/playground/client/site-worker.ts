/**
 * Starts a worker that runs one of the site's own scripts under the page's Content-Security-Policy.
 *
 * The policy is a `<meta>` tag (a static host sends no headers), and a worker takes its policy from where it
 * was started: a worker started from a same-origin URL takes it from that script's response headers (none on a
 * static host: code in it could reach any host), while a worker started from a `blob:` URL inherits the page's.
 * So every worker on the site starts from a tiny `blob:` script that loads the real one with `importScripts`
 * (allowed: the policy's `script-src 'self'`), and the policy's `worker-src blob:` refuses any other kind.
 *
 * The bundles Vite builds for workers are classic scripts (an IIFE), which is what `importScripts` loads.
 */

const starters = new Map<string, string>();

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
    const source = `importScripts(${JSON.stringify(absolute)});`;
    starter = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    starters.set(absolute, starter);
  }
  return new Worker(starter, { name });
}
