// The Answers page's list: a lesson's own question and its further answers, each linked where it is answered.
import { describe, expect, it } from 'vitest';

import { answerEntries, type AnsweringLesson } from '../../src/lib/answers.ts';

const lecture: AnsweringLesson = {
  slug: 'lecture',
  data: {
    title: 'The lecture',
    question: 'How do the gradients explode?',
    summary: 'Short answer.',
    answers: [
      { question: 'Why the identity?', answer: 'Its powers are one number.', section: 'why-identity' },
    ],
  },
};
const plain: AnsweringLesson = {
  slug: 'plain',
  data: { title: 'Plain', summary: 'A summary, not an answer.', answers: [] },
};
const headings = async (lesson: AnsweringLesson) =>
  lesson.slug === 'lecture' ? ['intro', 'why-identity'] : [];

describe('the answers of the book', () => {
  it('lists a lesson’s own question at its short answer, then each further one at its section', async () => {
    const entries = await answerEntries([lecture, plain], headings);
    expect(entries.map(({ id, question, section }) => ({ id, question, section }))).toEqual([
      { id: 'lecture', question: 'How do the gradients explode?', section: 'short-answer' },
      { id: 'lecture-why-identity', question: 'Why the identity?', section: 'why-identity' },
    ]);
    expect(entries[1]).toMatchObject({ answer: 'Its powers are one number.', lessonSlug: 'lecture' });
  });

  it('fails the build when a further answer names a section the lesson does not have', async () => {
    const moved = { ...lecture, file: 'content/1-phenomenon/lecture.mdx' };
    await expect(answerEntries([moved], async () => ['intro'])).rejects.toThrow(
      'content/1-phenomenon/lecture.mdx: answers: section "why-identity" is not a heading id of the lesson; its headings are intro',
    );
  });

  it('asks for headings only of lessons with further answers', async () => {
    const asked: string[] = [];
    await answerEntries([lecture, plain], async (lesson) => {
      asked.push(lesson.slug);
      return headings(lesson);
    });
    expect(asked).toEqual(['lecture']);
  });
});
