/**
 * `npm run new:lesson`: makes a new lesson that builds and passes its own test as is, then says what to do next.
 *
 *     npm run new:lesson                                  # asks for the part, the slug and the title
 *     npm run new:lesson -- --part 2 --slug variance-propagation --title "Variance, layer by layer"
 *
 * `--content-dir` and `--claims-dir` put the files elsewhere (the scaffolder's own test uses them).
 */
import { resolve } from 'node:path';
import process from 'node:process';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';

import { PARTS } from '../src/lib/parts.ts';
import {
  FIRST_EXAMPLE,
  ScaffoldError,
  scaffoldLesson,
  validateLesson,
  type NewLesson,
} from './scaffold-lesson.ts';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    part: { type: 'string' },
    slug: { type: 'string' },
    title: { type: 'string' },
    'content-dir': { type: 'string' },
    'claims-dir': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  console.log('Usage: npm run new:lesson -- --part <1-5> --slug <words-with-hyphens> --title "<Title>"');
  console.log(`Parts: ${PARTS.map((part) => `${part.number} ${part.title}`).join('; ')}.`);
  process.exit(0);
}

const places = {
  root,
  contentDir: values['content-dir'] ? resolve(values['content-dir']) : undefined,
  claimsDir: values['claims-dir'] ? resolve(values['claims-dir']) : undefined,
};

try {
  const lesson = await ask({ part: values.part, slug: values.slug, title: values.title });
  const made = scaffoldLesson(lesson, places);
  const width = Math.max(...made.map((file) => shown(file.path).length));
  console.log(`Made the lesson "${lesson.title.trim()}" (part ${lesson.part}, a draft):`);
  for (const file of made) console.log(`  ${shown(file.path).padEnd(width)}  ${file.role}`);
  console.log(`
Next:
  npm run dev                    then open http://localhost:4321/lessons/${lesson.slug}/ (drafts show in dev only)
  npx vitest run ${shown(made[3].path)}
  Write the lesson: CONTRIBUTING.md, "Adding a lesson". Replace ${FIRST_EXAMPLE}.ts with your first example, state
  your numbers in numbers.ts and check each one in the claims test; remove \`draft: true\` to publish.`);
} catch (error) {
  if (!(error instanceof ScaffoldError)) throw error;
  console.error(`new:lesson: ${error.message}`);
  process.exitCode = 1;
}

/** The flags given, and a prompt for each one missing when someone is at the keyboard. */
async function ask(given: { part?: string; slug?: string; title?: string }): Promise<NewLesson> {
  const missing = (['part', 'slug', 'title'] as const).filter((key) => given[key] === undefined);
  if (missing.length > 0 && !process.stdin.isTTY) {
    throw new ScaffoldError(
      `give ${missing.map((key) => `--${key}`).join(', ')} (no terminal to ask on). Example: npm run new:lesson -- --part 2 --slug variance-propagation --title "Variance, layer by layer"`,
    );
  }
  const answers = { ...given };
  if (missing.length > 0) {
    const prompt = createInterface({ input: process.stdin, output: process.stdout });
    try {
      if (answers.part === undefined) {
        console.log(PARTS.map((part) => `  ${part.number}  ${part.title}`).join('\n'));
        answers.part = (await prompt.question('Part (1-5): ')).trim();
      }
      answers.slug ??= (await prompt.question('Slug, the URL name (like variance-propagation): ')).trim();
      answers.title ??= (await prompt.question('Title: ')).trim();
    } finally {
      prompt.close();
    }
  }
  const lesson = { part: Number(answers.part), slug: answers.slug!, title: answers.title! };
  validateLesson(lesson, places);
  return lesson;
}

function shown(path: string): string {
  const relativePath = path.startsWith(root) ? path.slice(root.length + 1) : path;
  return relativePath.split('\\').join('/');
}
