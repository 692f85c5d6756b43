/**
 * The book as it will be when finished, for `npm run bench:site`: a content folder of 21 lessons with 100 examples
 * made from the lessons that exist today. Lesson N is a copy of real lesson N mod (number of lessons): the same
 * prose, math, figures (its `figures.ts` and `numbers.ts` run again, as a new lesson's would) and examples; each
 * copy's examples start with a comment naming the copy, so every example is new code to the build's cache, and
 * extra playgrounds reuse the lesson's own examples until the book has 100. Pages, figures and examples therefore
 * weigh and cost what real ones do, and keep doing so as the real lessons and the engine's API change.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';

import { PARTS } from '../src/lib/parts.ts';

/** What was generated. */
export interface BenchContent {
  readonly lessons: number;
  readonly examples: number;
}

interface Template {
  readonly file: string;
  readonly folder: string | undefined;
  readonly slug: string;
}

function lessonTemplates(contentDir: string): Template[] {
  const files = readdirSync(contentDir, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.mdx?$/.test(name))
    .sort();
  return files.map((name) => {
    const file = join(contentDir, name);
    const folder = file.replace(/\.mdx?$/, '');
    const hasFolder = (() => {
      try {
        return statSync(folder).isDirectory();
      } catch {
        return false;
      }
    })();
    return { file, folder: hasFolder ? folder : undefined, slug: basename(folder) };
  });
}

/** Rewrites relative imports that leave the lesson (components, charts) to point there from the copy's place. */
function rewriteImports(text: string, from: string, to: string, lessonRoot: string): string {
  return text.replace(
    /(from\s+|import\s+)(['"])(\.\.?\/[^'"?]+)((?:\?[^'"]*)?)\2/g,
    (match, keyword, quote, spec, query) => {
      const target = resolve(dirname(from), spec);
      if (target.startsWith(lessonRoot + sep)) return match; // inside the lesson's own folder: copied alongside
      let moved = relative(dirname(to), target).split(sep).join('/');
      if (!moved.startsWith('.')) moved = `./${moved}`;
      return `${keyword}${quote}${moved}${query}${quote}`;
    },
  );
}

/** The part a copy goes in: the copies spread over the book's parts in order. */
function partOf(copy: number, total: number) {
  return PARTS[Math.floor(((copy - 1) * PARTS.length) / total)];
}

/** Frontmatter values made unique to the copy: title, part and order. */
function rewriteFrontmatter(text: string, copy: number, total: number): string {
  const part = partOf(copy, total).number;
  return text
    .replace(
      /^title:\s*(['"]?)(.*?)\1\s*$/m,
      (_m, _q, title: string) => `title: '${title.replace(/'/g, "''")} (copy ${copy})'`,
    )
    .replace(/^part:\s*\d+\s*$/m, `part: ${part}`)
    .replace(/^order:\s*\d+\s*$/m, `order: ${copy}`);
}

/**
 * Writes the fixture, made from `<root>/content`, into `target`: an empty folder inside the repository, so that
 * the lessons' imports (the engine, the site's components) resolve as they do from `content/`.
 *
 * @example
 * generateBenchContent(repositoryRoot, 'test-results/bench-site-x/content', { lessons: 21, examples: 100 });
 */
export function generateBenchContent(
  root: string,
  target: string,
  { lessons, examples }: { lessons: number; examples: number },
): BenchContent {
  const contentDir = join(root, 'content');
  const templates = lessonTemplates(resolve(contentDir));
  if (templates.length === 0) throw new Error(`bench: no lessons in ${contentDir} to copy`);
  const parts: { copy: number; template: Template; slug: string; examples: string[] }[] = [];
  for (let copy = 1; copy <= lessons; copy += 1) {
    const template = templates[(copy - 1) % templates.length];
    const slug = `${template.slug}-copy-${copy}`;
    const exampleFiles = template.folder
      ? readdirSync(template.folder).filter((name) => {
          if (!name.endsWith('.ts')) return false;
          // An example is a .ts file the lesson shows in a <Playground> (figures.ts and numbers.ts are not): by
          // name (`example="output-growth"`) or through a `?raw` import.
          const stem = name.replace(/\.ts$/, '');
          const lesson = readFileSync(template.file, 'utf8');
          return (
            new RegExp(`\\bexample=["']${stem}["']`).test(lesson) ||
            new RegExp(`import\\s+\\w+\\s+from\\s+['"]\\./${template.slug}/${stem}\\.ts\\?raw['"]`).test(
              lesson,
            )
          );
        })
      : [];
    parts.push({ copy, template, slug, examples: exampleFiles });
  }
  // Extra playgrounds, one per lesson in turn, until the book has `examples` of them.
  let count = parts.reduce((sum, part) => sum + part.examples.length, 0);
  const extras = new Map<number, string[]>();
  for (let round = 0; count < examples && round < 100; round += 1) {
    for (const part of parts) {
      if (count >= examples) break;
      if (part.examples.length === 0) continue;
      const list = extras.get(part.copy) ?? [];
      list.push(part.examples[(round + part.copy) % part.examples.length]);
      extras.set(part.copy, list);
      count += 1;
    }
  }

  for (const { copy, template, slug, examples: exampleFiles } of parts) {
    const part = partOf(copy, lessons);
    const partFolder = join(target, `${part.number}-${part.slug}`);
    mkdirSync(partFolder, { recursive: true });
    const lessonFile = join(partFolder, `${slug}${template.file.endsWith('.mdx') ? '.mdx' : '.md'}`);
    const lessonFolder = join(partFolder, slug);
    let text = readFileSync(template.file, 'utf8');
    if (template.folder) {
      cpSync(template.folder, lessonFolder, { recursive: true });
      // Code beside the lesson (figures, numbers) may import the site's charts by relative path.
      for (const name of readdirSync(lessonFolder, { recursive: true, encoding: 'utf8' })) {
        if (!name.endsWith('.ts')) continue;
        const copied = join(lessonFolder, name);
        let source = rewriteImports(
          readFileSync(copied, 'utf8'),
          join(template.folder, name),
          copied,
          template.folder,
        );
        if (exampleFiles.includes(name))
          source = `// Bench copy ${copy} of ${template.slug}/${name}\n${source}`;
        writeFileSync(copied, source);
      }
    }
    text = rewriteImports(text, template.file, lessonFile, template.folder ?? template.file);
    if (template.folder) text = text.split(`./${template.slug}/`).join(`./${slug}/`);
    text = rewriteFrontmatter(text, copy, lessons);
    const added = extras.get(copy) ?? [];
    if (added.length > 0) {
      // As the lesson names its examples: by file name, or through imports (then Playground needs one too).
      const byName = /<Playground\b[^>]*\bexample=/.test(text);
      const imports: string[] = [];
      const tags: string[] = [];
      added.forEach((name, index) => {
        const variant = `extra-${index + 1}-${name}`;
        const source = readFileSync(join(lessonFolder, name), 'utf8');
        writeFileSync(join(lessonFolder, variant), `// Extra playground ${index + 1}\n${source}`);
        const title = `Another look: ${name.replace(/\.ts$/, '')}`;
        if (byName) {
          tags.push(
            `<Playground example="${variant.replace(/\.ts$/, '')}" id="bench-extra-${index + 1}" title="${title}" />`,
          );
        } else {
          imports.push(`import benchExtra${index + 1} from './${slug}/${variant}?raw';`);
          tags.push(
            `<Playground code={benchExtra${index + 1}} id="bench-extra-${index + 1}" title="${title}" />`,
          );
        }
      });
      // The extra playgrounds close the lesson in their own section; imports go right after the frontmatter.
      text = `${text.trimEnd()}\n\n## More examples\n\n${tags.join('\n\n')}\n`;
      if (imports.length > 0) {
        text = text.replace(/^(---\n[\s\S]*?\n---\n)/, `$1\n${imports.join('\n')}\n`);
        if (!/import\s+Playground\s+from/.test(text)) {
          const component = relative(partFolder, join(root, 'src', 'components', 'Playground.astro'));
          text = text.replace(
            /^(---\n[\s\S]*?\n---\n)/,
            `$1import Playground from '${component.split(sep).join('/')}';\n`,
          );
        }
      }
    }
    writeFileSync(lessonFile, text);
  }
  // The lessons cite by key from the book's one references file, which the build reads beside them.
  cpSync(join(contentDir, 'references.yaml'), join(target, 'references.yaml'));
  return { lessons: parts.length, examples: count };
}
