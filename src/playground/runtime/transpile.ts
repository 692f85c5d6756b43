/**
 * Reader TypeScript → a CommonJS function body, with a way back from a position in the output to the reader's
 * line and column.
 *
 * Sucrase (not `tsc`) because it is ~47 KB gzipped, takes a few milliseconds, and keeps every line where it was:
 * only columns move (type annotations vanish, `matrix(…)` becomes `_core.matrix.call(void 0, …)`), and its
 * token-level source map recovers those.
 */
import { transform } from 'sucrase';

import { compiledCode, ReaderSyntaxError, type CompiledCode } from './compiled.js';

export { ReaderSyntaxError, type CompiledCode } from './compiled.js';

/**
 * Compiles reader TypeScript (imports, types, `enum`, top-level `await`) to a CommonJS function body.
 *
 * @throws ReaderSyntaxError with the line and column when the code does not parse.
 * @example
 * const { code } = compileReaderCode("import { zeros } from '@gradscope/core';\nconst m: unknown = zeros(2, 2);");
 * // code calls require('@gradscope/core') on line 1 and keeps `const m = ...` on line 2
 */
export function compileReaderCode(source: string): CompiledCode {
  let result;
  try {
    result = transform(source, {
      transforms: ['typescript', 'imports'],
      filePath: 'playground.ts',
      sourceMapOptions: { compiledFilename: 'playground.js' },
      // The worker and Node 24 both run modern JavaScript: leave `??`, `?.` and class fields alone.
      disableESTransforms: true,
    });
  } catch (error) {
    throw toSyntaxError(source, error);
  }
  return compiledCode(result.code, result.sourceMap?.mappings ?? '');
}

function toSyntaxError(source: string, error: unknown): ReaderSyntaxError | unknown {
  if (!(error instanceof Error)) return error;
  const pos = (error as { pos?: unknown }).pos;
  // Sucrase appends "(line:column)" to the message; the offset is the reliable part.
  const message = error.message.replace(/\s*\(\d+:\d+\)\s*$/, '');
  if (typeof pos !== 'number') return new ReaderSyntaxError(message, 1, 1);
  const before = source.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - (before.lastIndexOf('\n') + 1) + 1;
  return new ReaderSyntaxError(message, line, column);
}
