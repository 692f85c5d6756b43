/**
 * The frontmatter of a lesson (`content/<n>-<part>/<slug>.mdx`). Astro validates every lesson against it while
 * building and stops with the file and the field named when one does not match, so a typo cannot silently drop,
 * say, the short-answer box. Unknown keys are rejected for the same reason.
 */
import { z } from 'astro/zod';

import { PARTS } from './parts.ts';

const partList = PARTS.map((part) => `${part.number} "${part.title}"`).join(', ');

/** A work cited by a lesson, listed under "References". */
export const referenceSchema = z.strictObject({
  title: z
    .string({ error: 'a reference needs a title (text)' })
    .trim()
    .min(1, 'a reference title cannot be empty'),
  /** `'Glorot, X. and Bengio, Y.'` or `['Xavier Glorot', 'Yoshua Bengio']`. */
  authors: z.union([z.string().trim().min(1), z.array(z.string().trim().min(1)).min(1)]).optional(),
  year: z.number().int().min(1600).max(2100).optional(),
  /** Only http(s): a reference link must never run script. */
  url: z.url({ protocol: /^https?$/, error: 'a reference url must be an http(s) address' }).optional(),
  note: z.string().trim().min(1).optional(),
});

/** The frontmatter of one lesson. */
export const lessonSchema = z.strictObject({
  title: z
    .string({ error: 'title is required: the lesson title as text' })
    .trim()
    .min(1, 'title cannot be empty'),
  /** One paragraph: the short answer when the lesson has a `question`, else a summary. Also the page description. */
  summary: z
    .string({ error: 'summary is required: one paragraph (the short answer, or a summary)' })
    .trim()
    .min(1, 'summary cannot be empty')
    .refine((text) => !/\n\s*\n/.test(text), 'summary must be a single paragraph (no blank line)'),
  part: z
    .number({ error: `part must be a number, one of ${partList}` })
    .int()
    .refine((n) => PARTS.some((part) => part.number === n), `part must be one of ${partList}`),
  order: z.number({ error: 'order must be a whole number (the position within the part)' }).int().min(0),
  /** The forum question the lesson answers, as a learner asks it (paraphrased). */
  question: z.string().trim().min(1, 'question cannot be empty; leave it out instead').optional(),
  references: z.array(referenceSchema).default([]),
  draft: z.boolean().default(false),
});

/** A lesson's validated frontmatter. */
export type LessonData = z.infer<typeof lessonSchema>;
/** One validated reference. */
export type Reference = z.infer<typeof referenceSchema>;
