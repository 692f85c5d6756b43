/**
 * What compiling reader code produces, without the compiler: the JavaScript, its source map, and the way back from
 * a position in the JavaScript to the reader's line and column. The browser's worker imports this and not Sucrase
 * (transpile.ts): the page compiles the code and sends the result, so no worker boot parses and warms a compiler.
 */
import { decode } from '@jridgewell/sourcemap-codec';

/** The reader's code compiled to a CommonJS function body. */
export interface CompiledCode {
  /** JavaScript using `require`, `exports` and `module`; same line numbers as the source. */
  readonly code: string;
  /** The `mappings` field of its source map. */
  readonly mappings: string;
  /** Maps a 1-based line and column of `code` to the reader's source (columns move; lines do not). */
  readonly originalPosition: (line: number, column: number) => { line: number; column: number };
}

/** Compiles reader TypeScript, or throws a {@link ReaderSyntaxError}. */
export type Compile = (source: string) => CompiledCode;

/** A syntax error, located in the reader's code (1-based line and column). */
export class ReaderSyntaxError extends SyntaxError {
  readonly line: number;
  readonly column: number;
  constructor(message: string, line: number, column: number) {
    super(message);
    this.name = 'SyntaxError';
    this.line = line;
    this.column = column;
  }
}

/**
 * Compiled code from its JavaScript and source-map mappings (as they cross `postMessage`).
 *
 * @example
 * const compiled = compiledCode(result.code, result.sourceMap.mappings);
 * compiled.originalPosition(2, 14); // { line: 2, column: 9 }
 */
export function compiledCode(code: string, mappings: string): CompiledCode {
  const decoded = decodeMappings(mappings);
  return { code, mappings, originalPosition: (line, column) => lookup(decoded, line, column) };
}

/** Per generated line: [generatedColumn, originalLine, originalColumn] of each mapped token, all 0-based. */
type Mappings = [number, number, number][][];

/** The `mappings` field of a source map (version 3), decoded; segments that map to no source are left out. */
function decodeMappings(mappings: string): Mappings {
  return decode(mappings).map((segments) =>
    segments.flatMap((segment): [number, number, number][] =>
      segment.length >= 4 ? [[segment[0], segment[2]!, segment[3]!]] : [],
    ),
  );
}

/** Maps a 1-based generated position back through the nearest mapped token at or before it. */
function lookup(mappings: Mappings, line: number, column: number): { line: number; column: number } {
  const segments = mappings[line - 1];
  if (!segments || segments.length === 0) return { line, column };
  let index = 0;
  while (index + 1 < segments.length && segments[index + 1][0] <= column - 1) index += 1;
  const best = segments[index];
  const next = segments[index + 1];
  let offset = Math.max(0, column - 1 - best[0]);
  // Text copied verbatim keeps its length up to the next mapped token, so the offset carries over; text
  // Sucrase rewrote (`zeros(` → `_core.zeros.call(void 0, `) does not, and the token's start is the best answer.
  if (next && next[1] === best[1] && next[0] - best[0] !== next[2] - best[2]) offset = 0;
  return { line: best[1] + 1, column: best[2] + offset + 1 };
}
