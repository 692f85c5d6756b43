/**
 * Compiles MDX with the processor the site configures (astro.config.mjs: `unified(markdownPipeline(base))`), the
 * way Astro compiles a lesson, and returns the JavaScript module as text.
 */
import { unified } from '@astrojs/markdown-remark';

import { markdownPipeline } from '../../src/lib/markdown/pipeline.ts';

/**
 * The compiled module of `mdx`, as if it were the file at `path`.
 *
 * @example
 * const code = await compileMdx('<Figure id="a" chart={c} />', '/repo/content/1-x/lesson.mdx');
 */
export async function compileMdx(mdx: string, path: string): Promise<string> {
  const renderer = await unified(markdownPipeline('/')).createMdxRenderer!(
    { syntaxHighlight: false },
    { optimize: false, srcDir: new URL('file:///'), sourcemap: false },
  );
  return (await renderer.process(mdx, path, {})).code;
}
