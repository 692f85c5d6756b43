import { describe, expect, it } from 'vitest';

import { lessonSchema } from '../../src/lib/lesson-schema.ts';
import { groupByPart, neighbours, readingOrder } from '../../src/lib/reading-order.ts';

function source(id: string, part: number, order: number, title = id) {
  return { id, data: lessonSchema.parse({ title, summary: 'S.', part, order }) };
}

describe('reading order', () => {
  const lessons = readingOrder([
    source('3-forum-questions/why-relu', 3, 1),
    source('1-phenomenon/second', 1, 2),
    source('1-phenomenon/deep-linear-network', 1, 1),
    source('2-derivations/backprop', 2, 1),
  ]);

  it('sorts by part, then order, and takes the slug from the file name', () => {
    expect(lessons.map((lesson) => lesson.slug)).toEqual([
      'deep-linear-network',
      'second',
      'backprop',
      'why-relu',
    ]);
  });

  it('crosses parts when going to the next and previous lesson', () => {
    expect(neighbours(lessons, 'second').next?.slug).toBe('backprop');
    expect(neighbours(lessons, 'backprop').previous?.slug).toBe('second');
  });

  it('has no previous lesson at the start and no next lesson at the end', () => {
    expect(neighbours(lessons, 'deep-linear-network').previous).toBeUndefined();
    expect(neighbours(lessons, 'why-relu').next).toBeUndefined();
  });

  it('groups lessons into all five parts, empty parts included', () => {
    const groups = groupByPart(lessons);
    expect(groups.map((group) => group.lessons.length)).toEqual([2, 1, 1, 0, 0]);
    expect(groups[3].part.title).toBe('Remedies and recurrent networks');
  });

  it('breaks ties in order by title, so the order never depends on the file system', () => {
    const tied = readingOrder([
      source('1-phenomenon/b', 1, 1, 'Beta'),
      source('1-phenomenon/a', 1, 1, 'Alpha'),
    ]);
    expect(tied.map((lesson) => lesson.data.title)).toEqual(['Alpha', 'Beta']);
  });

  it('names the file when its folder and its part disagree', () => {
    expect(() => readingOrder([source('2-derivations/x', 1, 1)])).toThrow(
      'content/2-derivations/x: frontmatter says part 1 but the file is in folder "2-derivations" (part 2).',
    );
  });

  it('refuses two lessons with the same file name, which would share a URL', () => {
    expect(() =>
      readingOrder([source('1-phenomenon/intro', 1, 1), source('2-derivations/intro', 2, 1)]),
    ).toThrow(/both would be \/lessons\/intro\//);
  });

  it('refuses a lesson outside a part folder', () => {
    expect(() => readingOrder([source('loose', 1, 1)])).toThrow(/must sit directly in a part folder/);
  });
});
