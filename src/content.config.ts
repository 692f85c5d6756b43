// Lessons live outside src/ in ./content, one folder per part: content/<n>-<part>/<slug>.mdx, and the works the
// book cites in one file beside them, content/references.yaml.
// GRADSCOPE_CONTENT_DIR points the build at another folder, e.g. the site's test fixtures.
import { defineCollection } from 'astro:content';
import { file, glob } from 'astro/loaders';

import { lessonSchema } from './lib/lesson-schema.ts';
import { workSchema } from './lib/reference-schema.ts';

const contentDir = process.env.GRADSCOPE_CONTENT_DIR || './content';

const lessons = defineCollection({
  // Examples (`<slug>/*.ts`) sit beside their lesson; only Markdown and MDX files are lessons.
  loader: glob({ pattern: '**/*.{md,mdx}', base: contentDir }),
  schema: lessonSchema,
});

// One entry per work, keyed by its citation key (`glorot2010: { title: …, authors: […] }`).
const references = defineCollection({
  loader: file(`${contentDir.replace(/\/+$/, '')}/references.yaml`),
  schema: workSchema,
});

export const collections = { lessons, references };
