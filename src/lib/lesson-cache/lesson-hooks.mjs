// Module resolution for the lesson worker (lesson-worker.mjs), as Vite resolves for the build: the site's
// TypeScript imports its siblings by their output name (`./render.js` for `render.ts`), which plain Node cannot
// find. Node strips the types itself; this only maps a missing `.js` to the `.ts` beside it.
import { existsSync } from 'node:fs';
import { fileURLToPath, URL } from 'node:url';

export async function resolve(specifier, context, nextResolve) {
  if (specifier.endsWith('.js') && specifier.startsWith('.') && context.parentURL?.startsWith('file:')) {
    const url = new URL(specifier, context.parentURL);
    const typescript = new URL(url.href.replace(/\.js$/, '.ts'));
    if (!existsSync(fileURLToPath(url)) && existsSync(fileURLToPath(typescript)))
      return nextResolve(typescript.href, context);
  }
  return nextResolve(specifier, context);
}
