/**
 * What compiling reader code produces, without the compiler: the JavaScript, its source map, and the way back from
 * a position in the JavaScript to the reader's line and column. The browser's worker imports this and not Sucrase
 * (transpile.ts): the page compiles the code and sends the result, so no worker boot parses and warms a compiler.
 */

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

/** Per generated line: pairs [generatedColumn, originalLine, originalColumn], all 0-based. */
type Mappings = number[][][];

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUE = new Map([...BASE64].map((char, index) => [char, index]));

/** Decodes the `mappings` field of a source map (version 3: base-64 VLQ, relative fields). */
function decodeMappings(mappings: string): Mappings {
  const lines: Mappings = [];
  let sourceLine = 0;
  let sourceColumn = 0;
  for (const lineText of mappings.split(';')) {
    const segments: number[][] = [];
    let generatedColumn = 0;
    for (const segmentText of lineText.split(',')) {
      if (segmentText === '') continue;
      const fields = decodeVlq(segmentText);
      generatedColumn += fields[0];
      if (fields.length >= 4) {
        sourceLine += fields[2];
        sourceColumn += fields[3];
        segments.push([generatedColumn, sourceLine, sourceColumn]);
      }
    }
    lines.push(segments);
  }
  return lines;
}

function decodeVlq(text: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = BASE64_VALUE.get(char) ?? 0;
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
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
