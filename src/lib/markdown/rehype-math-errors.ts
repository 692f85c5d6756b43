/**
 * rehype-katex reports a formula it cannot parse as a warning and renders red `.katex-error` text in its place;
 * a reader would see TeX source mid-sentence. This plugin, placed right after rehype-katex, turns those warnings
 * into a build failure that names the file, the line and KaTeX's own message.
 */
import type { Root } from 'hast';
import type { VFile } from 'vfile';

/** Rehype plugin; see the module comment. */
export function rehypeMathErrors() {
  return (_tree: Root, file: VFile): void => {
    const problems = file.messages.filter((message) => message.source === 'rehype-katex');
    if (problems.length === 0) return;
    const lines = problems.map((message) => {
      const where = message.line
        ? `line ${message.line}${message.column ? `:${message.column}` : ''}`
        : 'unknown line';
      return `  ${where}: ${message.cause instanceof Error ? message.cause.message : message.reason}`;
    });
    throw new Error(
      `KaTeX could not render ${problems.length} formula(s) in ${file.path ?? 'a Markdown file'}:\n${lines.join('\n')}`,
    );
  };
}
