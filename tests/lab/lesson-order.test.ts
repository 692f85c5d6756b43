// The Lab links the lesson nearest in reading order when the one a diagnosis prefers is not built
// (src/lab/lessons.ts), so its list must be the book's reading order and must know every lesson of the book.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { LESSON_ORDER } from '../../src/lab/lessons.ts';

/** The book's lessons in reading order, from their files: by part folder, then the frontmatter's `order`. */
function bookOrder(): string[] {
  const content = join(process.cwd(), 'content');
  const parts = readdirSync(content, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return parts.flatMap((part) =>
    readdirSync(join(content, part))
      .filter((name) => name.endsWith('.mdx'))
      .map((name) => {
        const text = readFileSync(join(content, part, name), 'utf8');
        return { slug: name.replace(/\.mdx$/, ''), order: Number(/^order:\s*(\d+)\s*$/m.exec(text)?.[1]) };
      })
      .sort((a, b) => a.order - b.order)
      .map((lesson) => lesson.slug),
  );
}

describe('the Lab’s list of lessons', () => {
  const book = bookOrder();

  it('names every lesson of the book', () => {
    expect(book.length).toBeGreaterThan(0);
    expect(book.filter((slug) => !(LESSON_ORDER as readonly string[]).includes(slug))).toEqual([]);
  });

  it('lists them in the book’s reading order', () => {
    expect(LESSON_ORDER.filter((slug) => book.includes(slug))).toEqual(book);
  });
});
