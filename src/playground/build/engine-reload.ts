/**
 * Under `npm run dev`, reloads the browser when the engine's build changes (`tsc -w` rewrites packages/core/dist
 * when an engine source is saved; see scripts/dev.ts). Vite already reruns the figures and numbers of a page that
 * imports the engine, but a page whose only use of it is its examples imports nothing from it: the examples run in
 * a worker outside Vite's module graph (`run-at-build.ts`, which notices the new engine by itself). So the page is
 * reloaded, once tsc has finished writing, and renders with the new engine.
 */
import { resolve, sep } from 'node:path';

/** The part of Vite's dev server this plugin uses. */
interface DevServer {
  readonly config: { readonly root: string };
  readonly watcher: {
    add(path: string): unknown;
    on(event: 'all', listener: (event: string, file: string) => void): unknown;
  };
  readonly ws: { send(payload: { type: 'full-reload'; path: string }): void };
}

/** Vite's plugin shape, the fields used here. */
interface Plugin {
  name: string;
  apply: 'serve';
  configureServer(server: DevServer): void;
}

/** How long tsc may pause between the files of one rebuild. */
const SETTLE_MS = 300;

/**
 * A Vite plugin that reloads pages when `packages/core/dist` changes.
 *
 * @example
 * // astro.config.mjs
 * export default defineConfig({ vite: { plugins: [engineReloadPlugin()] } });
 */
export function engineReloadPlugin(): Plugin {
  return {
    name: 'gradscope-engine-reload',
    apply: 'serve',
    configureServer(server) {
      const engineBuild = resolve(server.config.root, 'packages', 'core', 'dist');
      server.watcher.add(engineBuild);
      let timer: ReturnType<typeof setTimeout> | undefined;
      server.watcher.on('all', (_event, file) => {
        if (!resolve(file).startsWith(engineBuild + sep)) return;
        clearTimeout(timer);
        timer = setTimeout(() => server.ws.send({ type: 'full-reload', path: '*' }), SETTLE_MS);
      });
    },
  };
}
