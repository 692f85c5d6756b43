// The `site` test project: the content schema, the reading order, the Markdown plugins, and Astro components
// rendered with the container API. Astro's own Vite config (virtual modules, .astro files) comes from
// getViteConfig; the dev toolbar is off, else rendered HTML would carry source-location attributes.
import { fileURLToPath } from 'node:url';

import { getViteConfig } from 'astro/config';

const root = fileURLToPath(new URL('../..', import.meta.url));

export default getViteConfig(
  {
    root,
    test: {
      name: 'site',
      root,
      include: ['tests/site/**/*.test.ts'],
      // The container API renders on the server side.
      environment: 'node',
    },
  },
  { root, devToolbar: { enabled: false }, logLevel: 'warn' },
);
