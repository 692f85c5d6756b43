/**
 * Highlighted TypeScript for the playgrounds' static code, cached on disk (`build-cache.ts`) by the code, the
 * themes and Shiki's version: a book of a hundred examples would otherwise spend seconds in Shiki's grammar on
 * every build. The markup is the one Astro's `<Code>` component writes (`pre.astro-code` with both themes), so the
 * site's code styles apply unchanged.
 */
import { createRequire } from 'node:module';

import { getSingletonHighlighter, type ShikiTransformer } from 'shiki';

import { cacheKey, cached } from './build-cache.ts';
import { CODE_THEMES } from './code-themes.ts';
// This file's own text is an input too: a change to the markup below makes every entry anew.
import thisSource from './highlight-code.ts?raw';

const shikiVersion = (createRequire(import.meta.url)('shiki/package.json') as { version: string }).version;

/** As Astro's `<Code>`: its class name, the language, and sideways scrolling for long lines. */
const astroCodeMarkup: ShikiTransformer = {
  pre(node) {
    node.properties.class = String(node.properties.class ?? '').replace(/shiki/g, 'astro-code');
    node.properties.dataLanguage = this.options.lang;
    node.properties.style = `${String(node.properties.style ?? '')}; overflow-x: auto;`;
  },
};

/**
 * The HTML of `code` highlighted as `lang` in the site's light and dark code themes.
 *
 * @example
 * const html = await highlightCode("const x: number = 1;"); // '<pre class="astro-code astro-code-themes …'
 */
export async function highlightCode(code: string, lang: 'ts' = 'ts'): Promise<string> {
  const key = cacheKey(code, lang, JSON.stringify(CODE_THEMES), shikiVersion, thisSource);
  const html = await cached('highlighted-code', key, '.html', async () => {
    const highlighter = await getSingletonHighlighter({ themes: Object.values(CODE_THEMES), langs: [lang] });
    return highlighter.codeToHtml(code.replace(/(?:\r\n|\r|\n)$/, ''), {
      lang,
      themes: CODE_THEMES,
      defaultColor: 'light',
      transformers: [astroCodeMarkup],
    });
  });
  return html.toString('utf8');
}
