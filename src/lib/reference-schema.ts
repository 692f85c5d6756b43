/**
 * One work in the book's bibliography, `content/references.yaml` (the `references` content collection, keyed by
 * the work's citation key). Astro checks every entry against this schema while building and stops naming the key
 * and the field when one does not match; unknown fields are rejected, so a typo (`auhtors`) cannot silently drop
 * the authors from every References section.
 */
import { z } from 'astro/zod';

/** A citation key: lowercase letters, digits and hyphens, starting with a letter (`glorot2010`, `ieee754`). */
export const CITATION_KEY = /^[a-z][a-z0-9-]*$/;

/** A work cited by the book. */
export const workSchema = z.strictObject({
  title: z.string({ error: 'a work needs a title (text)' }).trim().min(1, 'a work title cannot be empty'),
  /** As the work prints them, one name per entry: `['Xavier Glorot', 'Yoshua Bengio']`. */
  authors: z
    .array(z.string().trim().min(1, 'an author cannot be empty'), {
      error: "authors must be a list of names, like ['Xavier Glorot', 'Yoshua Bengio']",
    })
    .min(1, 'leave authors out rather than giving an empty list')
    .optional(),
  year: z.number({ error: 'year must be a number' }).int().min(1600).max(2100).optional(),
  /** Where it appeared: `'ICLR 2015'`, `'Neural Computation 9(8):1735–1780'`. */
  venue: z.string().trim().min(1).optional(),
  /** Only http(s): a reference link must never run script. */
  url: z.url({ protocol: /^https?$/, error: 'a work url must be an http(s) address' }).optional(),
  /** One sentence: what the book takes from the work. */
  note: z.string().trim().min(1).optional(),
});

/** One validated work. */
export type Work = z.infer<typeof workSchema>;
