/**
 * What each lesson cites and defines, as the lesson pipeline recorded it (`rehype-lesson-components`): the
 * glossary and the bibliography are built from every lesson's record.
 */
import { render } from 'astro:content';

import type { SiteLesson } from './lessons.ts';
import type { LessonComponentIndex } from './markdown/rehype-lesson-components.ts';

/**
 * The citations and definitions of one lesson.
 *
 * @example
 * const { citations, definitions } = await lessonIndex(lesson);
 */
export async function lessonIndex(lesson: SiteLesson): Promise<LessonComponentIndex> {
  const { remarkPluginFrontmatter } = await render(lesson.source);
  const recorded = remarkPluginFrontmatter as Partial<LessonComponentIndex>;
  return { citations: recorded.citations ?? [], definitions: recorded.definitions ?? [] };
}
