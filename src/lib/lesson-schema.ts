/**
 * The frontmatter of a lesson (`content/<n>-<part>/<slug>.mdx`). Astro validates every lesson against it while
 * building and stops with the file and the field named when one does not match, so a typo cannot silently drop,
 * say, the short-answer box. Unknown keys are rejected for the same reason.
 */
import { z } from 'astro/zod';

import { PARTS } from './parts.ts';

const partList = PARTS.map((part) => `${part.number} "${part.title}"`).join(', ');

/**
 * A further question the lesson answers besides its own (`question`): asked in the same forum threads, answered by
 * one section of the lesson. The Answers page lists it with its short answer and links to the section.
 */
export const extraAnswerSchema = z.strictObject({
  /** The question, as a learner asks it (paraphrased, no forum user named). */
  question: z
    .string({ error: 'an answer needs its question (text)' })
    .trim()
    .min(1, 'question cannot be empty'),
  /** Two to four sentences that stand alone (inline Markdown and math; no computed numbers: say them in the lesson). */
  answer: z
    .string({ error: 'an answer needs its short answer (text)' })
    .trim()
    .min(1, 'answer cannot be empty')
    .refine((text) => !/\n\s*\n/.test(text), 'answer must be a single paragraph (no blank line)'),
  /** The id of the heading of the section that answers it (`why-a-scaled-identity`); checked when the site builds. */
  section: z
    .string({ error: 'an answer needs the id of the section that answers it' })
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'section must be a heading id: lowercase letters, digits and hyphens'),
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
  /** Further questions from the same threads that a section of this lesson answers (listed on the Answers page). */
  answers: z.array(extraAnswerSchema).default([]),
  /** Gone: works live in content/references.yaml and are cited in the text; the message says so. */
  references: z
    .never({
      error:
        'references moved to content/references.yaml (one file for the whole book): cite a work in the text with <Cite key="glorot2010" />, and the References section lists what the lesson cites',
    })
    .optional(),
  draft: z.boolean().default(false),
});

/** A lesson's validated frontmatter. */
export type LessonData = z.infer<typeof lessonSchema>;

/** One further answer of a lesson. */
export type ExtraAnswer = z.infer<typeof extraAnswerSchema>;
