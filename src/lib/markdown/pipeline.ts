/**
 * The lessons' Markdown pipeline, in one place so that astro.config.mjs and the tests run the same plugins in the
 * same order:
 *
 * remark-math → the lesson's scope (its examples, numbers, figures and `fmt`, without import lines) → figure
 * numbers → (remark-rehype) → rehype-slug (ids from the TeX source, before KaTeX) → equation labels → rehype-katex
 * (HTML + MathML) → fail on KaTeX errors → display math focusable (it may scroll) → clean heading labels → lesson
 * components (citations numbered, definitions recorded, `for` checked) → copy-link anchors → base path on
 * root-relative links.
 */
import type { RehypePlugins, RemarkPlugins, RemarkRehype } from '@astrojs/markdown-remark';
import rehypeAutolinkHeadings from 'rehype-autolink-headings';
import rehypeKatex from 'rehype-katex';
import rehypeSlug from 'rehype-slug';
import remarkMath from 'remark-math';

import { headingAnchorOptions } from './heading-anchors.ts';
import { rehypeBaseLinks } from './rehype-base-links.ts';
import { rehypeEquationLabels } from './rehype-equation-labels.ts';
import { rehypeHeadingLabels } from './rehype-heading-labels.ts';
import { rehypeLessonComponents } from './rehype-lesson-components.ts';
import { rehypeMathErrors } from './rehype-math-errors.ts';
import { rehypeScrollableMath } from './rehype-scrollable-math.ts';
import { remarkFigureNumbers } from './remark-figure-numbers.ts';
import { remarkLessonScope } from './remark-lesson-scope.ts';

/** Plugins and options for `unified()` from `@astrojs/markdown-remark`. */
export interface MarkdownPipeline {
  readonly remarkPlugins: RemarkPlugins;
  readonly rehypePlugins: RehypePlugins;
  readonly remarkRehype: RemarkRehype;
}

/**
 * The pipeline for a site deployed under `base` (`/` or `/gradscope/`).
 *
 * @example
 * markdown: { processor: unified(markdownPipeline('/')) }
 */
export function markdownPipeline(base: string): MarkdownPipeline {
  return {
    remarkPlugins: [remarkMath, remarkLessonScope, remarkFigureNumbers],
    rehypePlugins: [
      rehypeSlug,
      rehypeEquationLabels,
      // KaTeX's HTML half is aria-hidden; the MathML half is what screen readers read.
      [rehypeKatex, { output: 'htmlAndMathml' }],
      rehypeMathErrors,
      rehypeScrollableMath,
      rehypeHeadingLabels,
      rehypeLessonComponents,
      [rehypeAutolinkHeadings, headingAnchorOptions],
      [rehypeBaseLinks, { base }],
    ],
    remarkRehype: {
      // GFM footnotes get a visible "Notes" heading (the default one is visually hidden).
      footnoteLabel: 'Notes',
      footnoteLabelTagName: 'h2',
      footnoteLabelProperties: { className: ['footnotes-title'] },
      footnoteBackLabel: (referenceIndex: number, rereferenceIndex: number) =>
        `Back to reference ${referenceIndex + 1}${rereferenceIndex > 1 ? `-${rereferenceIndex}` : ''}`,
    },
  };
}
