// Module resolution for the lesson worker (lesson-worker.mjs), as Vite resolves for the build: the site's
// TypeScript imports its siblings by their output name (`./render.js` for `render.ts`), which plain Node cannot
// find. Node strips the types itself; this maps a missing `.js` to the `.ts` beside it, and puts in the base path
// where a module reads Vite's `import.meta.env.BASE_URL`.
import { existsSync } from 'node:fs';
import process from 'node:process';
import { TextDecoder } from 'node:util';
import { fileURLToPath, URL } from 'node:url';

import { siteEnvironment } from '../environment.ts';

export async function resolve(specifier, context, nextResolve) {
  if (specifier.endsWith('.js') && specifier.startsWith('.') && context.parentURL?.startsWith('file:')) {
    const url = new URL(specifier, context.parentURL);
    const typescript = new URL(url.href.replace(/\.js$/, '.ts'));
    if (!existsSync(fileURLToPath(url)) && existsSync(fileURLToPath(typescript)))
      return nextResolve(typescript.href, context);
  }
  return nextResolve(specifier, context);
}

// The one value of Vite's `import.meta.env` that modules computed here read (`src/lib/urls.ts`, through the Lab's
// share links): the base path, as Vite defines it for the build, from the same environment variable.
const BASE_URL = siteEnvironment(process.env).base;

export async function load(url, context, nextLoad) {
  const loaded = await nextLoad(url, context);
  if (!url.startsWith('file:') || url.includes('/node_modules/') || loaded.source == null) return loaded;
  const source = typeof loaded.source === 'string' ? loaded.source : new TextDecoder().decode(loaded.source);
  if (!source.includes('import.meta.env.BASE_URL')) return loaded;
  return { ...loaded, source: source.replaceAll('import.meta.env.BASE_URL', JSON.stringify(BASE_URL)) };
}
