import { describe, expect, it } from 'vitest';

import { lessonSchema } from '../../src/lib/lesson-schema.ts';

const valid = {
  title: 'The lecture: a deep linear network',
  summary: 'Each layer multiplies by $k$, so the output scales like $k^L$.',
  part: 1,
  order: 1,
};

/** The first problem Zod reports, as Astro shows it: the field's path and the message. */
function firstIssue(data: unknown): { path: string; message: string } {
  const result = lessonSchema.safeParse(data);
  if (result.success) throw new Error('expected the frontmatter to be rejected');
  const [issue] = result.error.issues;
  return { path: issue.path.join('.'), message: issue.message };
}

describe('lesson frontmatter schema', () => {
  it('accepts a minimal lesson and fills draft with its default', () => {
    const data = lessonSchema.parse(valid);
    expect(data.draft).toBe(false);
    expect(data.question).toBeUndefined();
    expect(data.references).toBeUndefined();
  });

  it("refuses frontmatter references, pointing to the book's references file and <Cite>", () => {
    const issue = firstIssue({ ...valid, references: [{ title: 'Understanding the difficulty…' }] });
    expect(issue.path).toBe('references');
    expect(issue.message).toContain('content/references.yaml');
    expect(issue.message).toContain('<Cite key="glorot2010" />');
  });

  it('names the title field when the title is missing', () => {
    const { title: _title, ...withoutTitle } = valid;
    expect(firstIssue(withoutTitle)).toEqual({
      path: 'title',
      message: 'title is required: the lesson title as text',
    });
  });

  it('lists the five parts when part is out of range', () => {
    const issue = firstIssue({ ...valid, part: 7 });
    expect(issue.path).toBe('part');
    expect(issue.message).toContain('1 "The phenomenon"');
    expect(issue.message).toContain('5 "Reference"');
  });

  it('rejects a part given as text, naming the field', () => {
    expect(firstIssue({ ...valid, part: '1' }).path).toBe('part');
  });

  it('rejects a fractional order', () => {
    expect(firstIssue({ ...valid, order: 1.5 }).path).toBe('order');
  });

  it('rejects a summary of two paragraphs', () => {
    expect(firstIssue({ ...valid, summary: 'One.\n\nTwo.' })).toEqual({
      path: 'summary',
      message: 'summary must be a single paragraph (no blank line)',
    });
  });

  it('rejects a misspelt key instead of silently ignoring it', () => {
    const issue = firstIssue({ ...valid, questoin: 'Why?' });
    expect(issue.message).toContain('questoin');
  });

  it('rejects an empty question rather than showing an empty short-answer box', () => {
    expect(firstIssue({ ...valid, question: '  ' }).path).toBe('question');
  });
});
