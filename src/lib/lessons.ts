/**
 * The lessons of the built site, read from the `lessons` content collection. Drafts appear in `astro dev` only.
 */
import { type CollectionEntry, getCollection } from 'astro:content';

import { type Lesson, readingOrder } from './reading-order.ts';

/** A lesson whose `source` is its content entry, ready for `render(lesson.source)`. */
export type SiteLesson = Lesson<CollectionEntry<'lessons'>>;

let cached: Promise<SiteLesson[]> | undefined;

/**
 * All published lessons in reading order. Memoised in a build, where every page asks; never in dev, where
 * lessons change under the server.
 *
 * @example
 * const lessons = await getLessons();
 */
export function getLessons(): Promise<SiteLesson[]> {
  const load = () =>
    getCollection('lessons').then((entries) =>
      readingOrder(entries.filter((entry) => import.meta.env.DEV || !entry.data.draft)),
    );
  if (import.meta.env.DEV) return load();
  cached ??= load();
  return cached;
}
