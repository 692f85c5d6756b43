// @ts-check
// The site: static Astro, lessons in MDX under ./content, math rendered at build time by KaTeX.
import { unified } from '@astrojs/markdown-remark';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { defineConfig } from 'astro/config';
import process from 'node:process';

import { CODE_THEMES } from './src/lib/code-themes.ts';
import { contentSecurityPolicy } from './src/lib/content-security-policy.ts';
import { siteEnvironment } from './src/lib/environment.ts';
import { lessonCachePlugin } from './src/lib/lesson-cache/vite-plugin.ts';
import { markdownPipeline } from './src/lib/markdown/pipeline.ts';
import { mdxCompileCachePlugin } from './src/lib/mdx-compile-cache.ts';
import { pagefindIntegration } from './src/lib/pagefind-integration.ts';
import { engineReloadPlugin } from './src/playground/build/engine-reload.ts';
import { playgroundVitePlugin } from './src/playground/build/vite-plugin.ts';

// The build talks to no host: Astro's anonymous usage telemetry stays off unless someone turns it on explicitly.
process.env.ASTRO_TELEMETRY_DISABLED ??= '1';

// Builds run several at once on one machine (and in CI), so everything that depends on where the site is
// deployed or written comes from the environment: SITE_URL, BASE_PATH, GRADSCOPE_OUT_DIR.
const { site, base, outDir } = siteEnvironment(process.env);

export default defineConfig({
  site,
  base,
  outDir,
  // Astro's own cache (the content store): a benchmark's cold build points it at an empty folder.
  ...(process.env.GRADSCOPE_ASTRO_CACHE_DIR ? { cacheDir: process.env.GRADSCOPE_ASTRO_CACHE_DIR } : {}),
  output: 'static',
  trailingSlash: 'ignore',
  // Pages render a few at a time: a lesson spends most of its time waiting for its examples' worker threads,
  // and another page can render meanwhile.
  build: { format: 'directory', concurrency: 4 },
  // A <meta> Content-Security-Policy on every page: reader code in a playground reaches no other host.
  security: { csp: contentSecurityPolicy },
  // The toolbar's script and source attributes would leak into pages and tests.
  devToolbar: { enabled: false },
  markdown: {
    // Code blocks carry both palettes; prose.css switches to the dark one in dark mode.
    shikiConfig: { themes: { ...CODE_THEMES } },
    // remark/rehype plugins run only through this processor in Astro 7; MDX inherits it.
    processor: unified(markdownPipeline(base)),
  },
  // Monaco's own CSS imports would be linked on every lesson page; the editor loads its stylesheet when it opens.
  // Under `npm run dev`, an engine rebuilt by `tsc -w` reloads the page (the examples' worker is outside Vite).
  // `astro build` reads each lesson's numbers.ts and figures.ts, and what its MDX compiled to, from the build cache
  // when they have not changed.
  // Workers are ES modules: every worker starts as a module worker that imports its bundle (client/site-worker.ts).
  vite: {
    plugins: [playgroundVitePlugin(), engineReloadPlugin(), lessonCachePlugin(), mdxCompileCachePlugin()],
    worker: { format: 'es' },
  },
  integrations: [
    mdx(),
    sitemap({ filter: (page) => !/\/404\/?$/.test(page) }),
    // Last: indexes whatever folder was just built (dist, --outDir or GRADSCOPE_OUT_DIR).
    pagefindIntegration(),
  ],
});
