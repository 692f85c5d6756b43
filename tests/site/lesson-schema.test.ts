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
  it('accepts a minimal lesson and fills references and draft with their defaults', () => {
    const data = lessonSchema.parse(valid);
    expect(data.references).toEqual([]);
    expect(data.draft).toBe(false);
    expect(data.question).toBeUndefined();
  });

  it('accepts a full reference with authors as a string or a list', () => {
    const data = lessonSchema.parse({
      ...valid,
      question: 'Why does my output explode?',
      references: [
        {
          title: 'Understanding the difficulty…',
          authors: 'Glorot, X. and Bengio, Y.',
          year: 2010,
          url: 'https://proceedings.mlr.press/v9/glorot10a.html',
        },
        {
          title: 'On the difficulty of training RNNs',
          authors: ['Pascanu', 'Mikolov', 'Bengio'],
          note: 'Gradient clipping.',
        },
      ],
    });
    expect(data.references).toHaveLength(2);
    expect(data.references[1].authors).toEqual(['Pascanu', 'Mikolov', 'Bengio']);
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

  it('rejects a reference link that is not http(s), naming the reference', () => {
    const issue = firstIssue({ ...valid, references: [{ title: 'x', url: 'javascript:alert(1)' }] });
    expect(issue).toEqual({
      path: 'references.0.url',
      message: 'a reference url must be an http(s) address',
    });
  });

  it('rejects an empty question rather than showing an empty short-answer box', () => {
    expect(firstIssue({ ...valid, question: '  ' }).path).toBe('question');
  });
});
