// Lessons live outside src/ in ./content, one folder per part: content/<n>-<part>/<slug>.mdx.
// GRADSCOPE_CONTENT_DIR points the build at another folder, e.g. the site's test fixtures.
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';

import { lessonSchema } from './lib/lesson-schema.ts';

const lessons = defineCollection({
  // Examples (`<slug>/*.ts`) sit beside their lesson; only Markdown and MDX files are lessons.
  loader: glob({ pattern: '**/*.{md,mdx}', base: process.env.GRADSCOPE_CONTENT_DIR || './content' }),
  schema: lessonSchema,
});

export const collections = { lessons };
