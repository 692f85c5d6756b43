/**
 * Indexes the built site with Pagefind's Node API as the last step of `astro build`, so the search bundle always
 * lands in the folder that was just built (`dist`, `--outDir`, or `GRADSCOPE_OUT_DIR`) and no separate command can
 * be forgotten. Only regions marked `data-pagefind-body` are indexed: lesson bodies and the Answers page.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { AstroIntegration } from 'astro';
import * as pagefind from 'pagefind';

/**
 * An Astro integration that writes `<outDir>/pagefind/` after the build.
 *
 * @example
 * defineConfig({ integrations: [pagefindIntegration()] });
 */
export function pagefindIntegration(): AstroIntegration {
  return {
    name: 'gradscope:pagefind',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const site = fileURLToPath(dir);
        const { index, errors } = await pagefind.createIndex({
          forceLanguage: 'en',
          // A formula is indexed once, as its MathML text: not again as KaTeX's visual HTML or its TeX source.
          excludeSelectors: ['.katex-html', '.katex-mathml annotation'],
        });
        try {
          if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
          const added = await index.addDirectory({ path: site });
          if (added.errors.length > 0) throw new Error(`Pagefind: ${added.errors.join('; ')}`);
          if (added.page_count === 0) throw new Error(`Pagefind found no page to index in ${site}.`);
          const written = await index.writeFiles({ outputPath: join(site, 'pagefind') });
          if (written.errors.length > 0) throw new Error(`Pagefind: ${written.errors.join('; ')}`);
          logger.info(`Indexed ${added.page_count} pages for search into ${join(site, 'pagefind')}`);
        } finally {
          await pagefind.close();
        }
      },
    },
  };
}
