// The `playground` test project: the runtime that runs reader code (in Node, as the build does), the build-time
// runner and its error messages, the output renderer, saved edits, share links, and <Playground> rendered with
// Astro's container API (hence Astro's Vite config, as in tests/site).
import { fileURLToPath } from 'node:url';

import { getViteConfig } from 'astro/config';

const root = fileURLToPath(new URL('../..', import.meta.url));

export default getViteConfig(
  {
    root,
    test: {
      name: 'playground',
      root,
      include: ['tests/playground/**/*.test.ts'],
      environment: 'node',
      // Build-time runs start worker threads (about a second each on a busy machine).
      testTimeout: 30_000,
    },
  },
  { root, devToolbar: { enabled: false }, logLevel: 'warn' },
);
