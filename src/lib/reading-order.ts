/**
 * The reading order of the book, as plain data: lessons sorted by part, then `order`, then title, grouped into
 * parts, with previous/next neighbours. Kept free of `astro:content` so it can be tested with made-up lessons.
 */
import type { LessonData } from './lesson-schema.ts';
import { PARTS, type Part, partByNumber } from './parts.ts';

/** A lesson as the layouts see it; `source` is the content entry it came from (for `render()`). */
export interface Lesson<S extends LessonSource = LessonSource> {
  /** Content-collection id: `<n>-<part>/<slug>`. */
  readonly id: string;
  /** The file name without extension; the page is `/lessons/<slug>/`. */
  readonly slug: string;
  readonly part: Part;
  readonly data: LessonData;
  readonly source: S;
}

/** The minimum the reading order needs from a content entry. */
export interface LessonSource {
  readonly id: string;
  readonly data: LessonData;
  /** Path of the source file, for error messages. */
  readonly filePath?: string;
}

const FOLDER = /^(\d+)-[a-z0-9-]+$/;

/**
 * Validates where lessons sit (one folder per part, the folder's number equal to `part`, file names unique across
 * parts since they become URLs) and sorts them into reading order. Errors name the file.
 *
 * @example
 * readingOrder([{ id: '1-phenomenon/deep-linear-network', data }]).map((lesson) => lesson.slug);
 */
export function readingOrder<S extends LessonSource>(sources: readonly S[]): Lesson<S>[] {
  const bySlug = new Map<string, S>();
  const lessons = sources.map((source): Lesson<S> => {
    const where = source.filePath ?? `content/${source.id}`;
    const segments = source.id.split('/');
    if (segments.length !== 2) {
      throw new Error(
        `${where}: a lesson must sit directly in a part folder, as content/<n>-<part>/<slug>.mdx (id "${source.id}").`,
      );
    }
    const [folder, slug] = segments;
    const folderMatch = FOLDER.exec(folder);
    if (!folderMatch) {
      throw new Error(`${where}: the folder "${folder}" must be named <n>-<part>, e.g. 1-phenomenon.`);
    }
    if (Number(folderMatch[1]) !== source.data.part) {
      throw new Error(
        `${where}: frontmatter says part ${source.data.part} but the file is in folder "${folder}" (part ${folderMatch[1]}).`,
      );
    }
    const clash = bySlug.get(slug);
    if (clash) {
      throw new Error(
        `${where}: another lesson (${clash.filePath ?? clash.id}) has the file name "${slug}"; both would be /lessons/${slug}/.`,
      );
    }
    bySlug.set(slug, source);
    return { id: source.id, slug, part: partByNumber(source.data.part), data: source.data, source };
  });
  return lessons.sort(
    (a, b) =>
      a.part.number - b.part.number ||
      a.data.order - b.data.order ||
      a.data.title.localeCompare(b.data.title, 'en'),
  );
}

/** One part and its lessons, in reading order. */
export interface PartGroup {
  readonly part: Part;
  readonly lessons: readonly Lesson[];
}

/**
 * Every part of the book with its lessons (possibly none), in reading order.
 *
 * @example
 * groupByPart(lessons).filter((group) => group.lessons.length > 0);
 */
export function groupByPart(lessons: readonly Lesson[]): PartGroup[] {
  return PARTS.map((part) => ({
    part,
    lessons: lessons.filter((lesson) => lesson.part.number === part.number),
  }));
}

/** The lessons before and after one lesson in the reading order (across parts). */
export interface Neighbours {
  readonly previous?: Lesson;
  readonly next?: Lesson;
}

/**
 * Previous and next lessons of `slug` in the reading order.
 *
 * @example
 * neighbours(lessons, 'deep-linear-network').next?.slug;
 */
export function neighbours(lessons: readonly Lesson[], slug: string): Neighbours {
  const index = lessons.findIndex((lesson) => lesson.slug === slug);
  if (index < 0) throw new Error(`No lesson has the slug "${slug}".`);
  return { previous: lessons[index - 1], next: lessons[index + 1] };
}
