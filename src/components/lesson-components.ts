/**
 * The components every lesson can use without importing them: `src/pages/lessons/[slug].astro` renders a lesson
 * as `<Content components={lessonComponents} />`, so an MDX lesson reads like the chapter it is. One line a
 * component; each documents its props in its own header comment (and CONTRIBUTING.md, "Lesson components").
 */
import Aside from './Aside.astro';
import Cite from './Cite.astro';
import Definition from './Definition.astro';
import Exercise from './Exercise.astro';
import Figure from './Figure.astro';
import NetworkDiagram from './NetworkDiagram.astro';
import Playground from './Playground.astro';
import Predict from './Predict.astro';
import TryThis from './TryThis.astro';

export const lessonComponents = {
  Aside,
  Cite,
  Definition,
  Exercise,
  Figure,
  NetworkDiagram,
  Playground,
  Predict,
  TryThis,
};
