/**
 * The Answers page's list: every question the book answers, in reading order. A lesson's own `question` links to
 * its short answer; each of its further `answers` links to the section that answers it, which must exist (a link
 * that leads nowhere fails the build instead).
 */
import type { LessonData } from './lesson-schema.ts';

/** One card of the Answers page, its text still Markdown. */
export interface AnswerEntry {
  /** The card's own anchor on the Answers page. */
  readonly id: string;
  readonly question: string;
  readonly answer: string;
  readonly lessonSlug: string;
  readonly lessonTitle: string;
  /** The anchor in the lesson: `short-answer`, or the id of the section that answers it. */
  readonly section: string;
}

/** What the list needs of a lesson. */
export interface AnsweringLesson {
  readonly slug: string;
  readonly data: Pick<LessonData, 'title' | 'question' | 'summary' | 'answers'>;
  /** Where the lesson lives, for error messages. */
  readonly file?: string;
}

/**
 * The Answers page's cards, in the lessons' order. `headingIds(lesson)` gives the ids of a lesson's headings; it
 * is asked only for lessons with further answers.
 *
 * @example
 * const cards = await answerEntries(lessons, async (lesson) => (await render(lesson.source)).headings.map((h) => h.slug));
 */
export async function answerEntries<L extends AnsweringLesson>(
  lessons: readonly L[],
  headingIds: (lesson: L) => Promise<readonly string[]>,
): Promise<AnswerEntry[]> {
  const entries: AnswerEntry[] = [];
  for (const lesson of lessons) {
    const { title, question, summary, answers } = lesson.data;
    const common = { lessonSlug: lesson.slug, lessonTitle: title };
    if (question) {
      entries.push({ id: lesson.slug, question, answer: summary, section: 'short-answer', ...common });
    }
    if (answers.length === 0) continue;
    const ids = await headingIds(lesson);
    for (const extra of answers) {
      if (!ids.includes(extra.section)) {
        throw new Error(
          `${lesson.file ?? lesson.slug}: answers: section "${extra.section}" is not a heading id of the lesson; its headings are ${ids.join(', ')}`,
        );
      }
      entries.push({
        id: `${lesson.slug}-${extra.section}`,
        question: extra.question,
        answer: extra.answer,
        section: extra.section,
        ...common,
      });
    }
  }
  return entries;
}
