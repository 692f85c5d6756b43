/**
 * Names the lesson file, the line of its `<Playground>` and the example's own file for a build error, so an
 * author reads `content/1-phenomenon/deep-linear-network/output-growth.ts:7:3` instead of a page URL.
 *
 * A component only knows its props and the page URL, so this reads the lessons: the page's slug names the
 * `.mdx` file, the `id` prop (or the `example` it defaults to) finds the tag, and the tag's `example="name"`
 * names the file `./<slug>/<name>.ts` (or its `code={name}` finds a `?raw` import).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';

/** Where a playground is declared. Paths are relative to the repository root. */
export interface PlaygroundLocation {
  readonly lessonFile: string;
  /** 1-based line of the `<Playground` tag in the lesson. */
  readonly lessonLine: number;
  /** The example's `.ts` file, when the code comes from an import. */
  readonly exampleFile?: string;
}

/**
 * Finds the lesson and line declaring playground `id` on the page at `pathname`, or `undefined`. Lessons are
 * read from `content/` (or GRADSCOPE_CONTENT_DIR, as the content collection does).
 *
 * @example
 * locatePlayground('/lessons/deep-linear-network/', 'output-growth');
 * // { lessonFile: 'content/1-phenomenon/deep-linear-network.mdx', lessonLine: 42,
 * //   exampleFile: 'content/1-phenomenon/deep-linear-network/output-growth.ts' }
 */
export function locatePlayground(
  pathname: string,
  id: string,
  root: string = process.cwd(),
): PlaygroundLocation | undefined {
  const slug = pathname.split('/').filter(Boolean).at(-1);
  // As src/content.config.ts: GRADSCOPE_CONTENT_DIR points the build at another folder of lessons.
  const contentDir = resolve(root, process.env.GRADSCOPE_CONTENT_DIR || 'content');
  const shown = (file: string) => (relative(root, file).startsWith('..') ? file : relative(root, file));
  let files: string[];
  try {
    files = readdirSync(contentDir, { recursive: true, encoding: 'utf8' });
  } catch {
    return undefined;
  }
  const candidates = files.filter((file) => /\.mdx?$/.test(file));
  // The page's lesson first; then any lesson (a playground on a page whose URL is not a lesson slug).
  const ordered = [
    ...candidates.filter(
      (file) =>
        file
          .replace(/\\/g, '/')
          .split('/')
          .at(-1)
          ?.replace(/\.mdx?$/, '') === slug,
    ),
    ...candidates,
  ];
  const idPattern = new RegExp(
    `<Playground\\b[^>]*?\\bid=(?:"|'|\\{\\s*["'\`])${escapeRegExp(id)}["'\`]`,
    's',
  );
  // Without an id, a playground's id is its example's name.
  const examplePattern = new RegExp(`<Playground\\b[^>]*?\\bexample=["']${escapeRegExp(id)}["']`, 'gs');
  for (const file of ordered) {
    const text = readFileSync(join(contentDir, file), 'utf8');
    const match =
      idPattern.exec(text) ??
      [...text.matchAll(examplePattern)].find((candidate) => !/\sid=/.test(tagText(candidate, text)));
    if (!match) continue;
    const lessonLine = text.slice(0, match.index ?? 0).split('\n').length;
    const lessonFile = shown(join(contentDir, file));
    const tag = tagText(match, text);
    const example = /\bexample=["']([a-z][a-z0-9-]*)["']/.exec(tag)?.[1];
    const codeName = /\bcode=\{\s*([A-Za-z_$][\w$]*)\s*\}/.exec(tag)?.[1];
    let exampleFile: string | undefined;
    if (example) {
      const lessonPath = join(contentDir, file);
      exampleFile = shown(
        join(dirname(lessonPath), basename(lessonPath).replace(/\.mdx?$/, ''), `${example}.ts`),
      );
    } else if (codeName) {
      const importMatch = new RegExp(
        `import\\s+${escapeRegExp(codeName)}\\s+from\\s+['"]([^'"?]+)(?:\\?raw)?['"]`,
      ).exec(text);
      if (importMatch) {
        exampleFile = shown(resolve(dirname(join(contentDir, file)), importMatch[1]));
      }
    }
    return { lessonFile, lessonLine, exampleFile };
  }
  return undefined;
}

/** The whole opening tag from a match of its start. */
function tagText(match: RegExpExecArray | RegExpMatchArray, text: string): string {
  const start = match.index ?? 0;
  return match[0] + text.slice(start + match[0].length).split('>')[0];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
