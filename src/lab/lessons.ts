/**
 * The book's lessons the Lab links to, in reading order, and how it picks one that exists: a diagnosis names the
 * lessons that explain it, best first; the page links the first of them the built site has, else the existing
 * lesson nearest to the best one in reading order (the book is written in order, so a later lesson's neighbours
 * are usually its prerequisites), else none. The list of built lessons comes from the site at build time, so a
 * link never points to a lesson that is not there.
 */

/** The book's lessons, in reading order (lesson n is entry n − 1). */
export const LESSON_ORDER = [
  'deep-linear-network',
  'from-activations-to-gradients',
  'stretching-in-every-direction',
  'jacobian-products',
  'variance-propagation',
  'signal-propagation',
  'training-cannot-repair-a-bad-start',
  'step-size-is-not-gradient-size',
  'sigmoid-slope',
  'relu-paths',
  'bounded-activations-unbounded-gradients',
  'products-not-counts',
  'initialization',
  'normalization',
  'residual-connections',
  'gradient-clipping',
  'gating',
  'mixed-precision',
  'diagnosing-gradients',
  'at-a-glance',
] as const;

/** A lesson's slug. */
export type LessonSlug = (typeof LESSON_ORDER)[number];

/** A lesson of the built site. */
export interface BuiltLesson {
  readonly slug: string;
  readonly title: string;
  readonly href: string;
}

/**
 * The lesson to link for a diagnosis that prefers `preferred` (best first), among the built `lessons`.
 *
 * @example
 * pickLesson(['relu-paths', 'variance-propagation'], built); // variance-propagation, while relu-paths is unwritten
 */
export function pickLesson(
  preferred: readonly LessonSlug[],
  lessons: readonly BuiltLesson[],
): BuiltLesson | null {
  const bySlug = new Map(lessons.map((lesson) => [lesson.slug, lesson]));
  for (const slug of preferred) {
    const found = bySlug.get(slug);
    if (found) return found;
  }
  if (preferred.length === 0) return null;
  const target = LESSON_ORDER.indexOf(preferred[0]);
  let best: BuiltLesson | null = null;
  let bestDistance = Infinity;
  LESSON_ORDER.forEach((slug, i) => {
    const lesson = bySlug.get(slug);
    // Strictly nearer wins, so of two at the same distance the earlier (a prerequisite) is kept.
    if (lesson && Math.abs(i - target) < bestDistance) {
      best = lesson;
      bestDistance = Math.abs(i - target);
    }
  });
  return best;
}

/** "lesson 6" for a slug of the book, else undefined. */
export function lessonNumber(slug: string): number | undefined {
  const i = (LESSON_ORDER as readonly string[]).indexOf(slug);
  return i < 0 ? undefined : i + 1;
}
