/**
 * The book's components, available in every lesson without an import: `src/pages/lessons/[slug].astro` renders
 * a lesson with `<Content components={lessonComponents} />`. One component a line; add yours here.
 */
import Figure from './Figure.astro';
import Playground from './Playground.astro';

export const lessonComponents = {
  Figure,
  Playground,
};
