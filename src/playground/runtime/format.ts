/**
 * Turns any value a reader logs into readable text, the way a browser console would, but bounded: a
 * 10⁶-element array or a self-referencing object prints a few lines, not a frozen tab.
 *
 * Matrices from `@gradscope/core` print as aligned rows, because "is this 1.5ᴸ?" is answered by looking at
 * them.
 */

/** Bounds on how much of a value is printed. */
export interface FormatLimits {
  /** Elements of an array, typed array, Map or Set shown before "… N more". */
  readonly maxItems: number;
  /** Rows and columns of a matrix shown. */
  readonly maxMatrixSize: number;
  /** Nesting depth shown before `[Object]`. */
  readonly maxDepth: number;
  /** Characters of one formatted message. */
  readonly maxLength: number;
}

/** The bounds used for console output. */
export const FORMAT_DEFAULTS: FormatLimits = {
  maxItems: 100,
  maxMatrixSize: 12,
  maxDepth: 3,
  maxLength: 10_000,
};

/**
 * Formats console arguments like `console.log` does: strings as they are, everything else inspected,
 * separated by spaces.
 *
 * @example
 * formatArguments(['loss', 0.25, [1, 2]]); // 'loss 0.25 [1, 2]'
 */
export function formatArguments(values: readonly unknown[], limits: FormatLimits = FORMAT_DEFAULTS): string {
  const text = values.map((value) => (typeof value === 'string' ? value : inspect(value, limits))).join(' ');
  return text.length > limits.maxLength
    ? `${text.slice(0, limits.maxLength)}… (${text.length - limits.maxLength} more characters)`
    : text;
}

/**
 * A readable, bounded rendering of any value.
 *
 * @example
 * inspect({ a: 1, b: 'x' }); // "{ a: 1, b: 'x' }"
 */
export function inspect(value: unknown, limits: FormatLimits = FORMAT_DEFAULTS): string {
  return inspectAt(value, limits, 0, new Set());
}

/**
 * Formats a number for a table cell or a matrix entry: integers as they are, others to six significant digits.
 *
 * @example
 * formatNumber(1 / 3); // '0.333333'
 * formatNumber(1.5 ** 50); // '6.37622e+8'
 */
export function formatNumber(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  if (!Number.isFinite(x)) return String(x);
  const magnitude = Math.abs(x);
  if (magnitude !== 0 && (magnitude >= 1e6 || magnitude < 1e-4)) return x.toExponential(5);
  return String(Number(x.toPrecision(6)));
}

interface MatrixLike {
  rows: number;
  cols: number;
  dtype?: string;
  data: ArrayLike<number>;
}

function isMatrixLike(value: object): value is MatrixLike {
  const m = value as Partial<MatrixLike>;
  return (
    typeof m.rows === 'number' &&
    typeof m.cols === 'number' &&
    ArrayBuffer.isView(m.data) &&
    (m.data as unknown as ArrayLike<number>).length === m.rows * m.cols
  );
}

function inspectAt(value: unknown, limits: FormatLimits, depth: number, seen: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return depth === 0 ? value : quote(value);
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'boolean':
    case 'undefined':
      return String(value);
    case 'symbol':
      return value.toString();
    case 'function':
      return `[Function${value.name ? `: ${value.name}` : ' (anonymous)'}]`;
  }
  if (value === null) return 'null';
  const object = value as object;
  if (seen.has(object)) return '[Circular]';
  if (object instanceof Error) return `${object.name}: ${object.message}`;
  if (object instanceof Date) return Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString();
  if (object instanceof RegExp) return String(object);
  if (isMatrixLike(object)) return formatMatrix(object, limits);
  if (ArrayBuffer.isView(object) && !(object instanceof DataView)) {
    const array = object as unknown as ArrayLike<number>;
    return `${object.constructor.name}(${array.length}) ${list(Array.from(sliceOf(array, limits.maxItems)), array.length, limits, depth, seen)}`;
  }
  if (isNodeLike(object)) return `<${object.nodeName.toLowerCase()}>`;
  if (depth >= limits.maxDepth) return Array.isArray(object) ? '[Array]' : '[Object]';
  seen.add(object);
  try {
    if (Array.isArray(object))
      return list(object.slice(0, limits.maxItems), object.length, limits, depth, seen);
    if (object instanceof Map) {
      const entries = [...object.entries()].slice(0, limits.maxItems);
      const inner = entries.map(
        ([k, v]) => `${inspectAt(k, limits, depth + 1, seen)} => ${inspectAt(v, limits, depth + 1, seen)}`,
      );
      return `Map(${object.size}) {${wrap(inner, object.size - entries.length)}}`;
    }
    if (object instanceof Set) {
      const entries = [...object].slice(0, limits.maxItems);
      const inner = entries.map((v) => inspectAt(v, limits, depth + 1, seen));
      return `Set(${object.size}) {${wrap(inner, object.size - entries.length)}}`;
    }
    const keys = Object.keys(object);
    const shown = keys.slice(0, limits.maxItems);
    const inner = shown.map(
      (key) =>
        `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : quote(key)}: ${inspectAt((object as Record<string, unknown>)[key], limits, depth + 1, seen)}`,
    );
    const prototype = Object.getPrototypeOf(object);
    const name =
      prototype && prototype !== Object.prototype && typeof prototype.constructor === 'function'
        ? `${prototype.constructor.name} `
        : '';
    return `${name}{${wrap(inner, keys.length - shown.length)}}`;
  } finally {
    seen.delete(object);
  }
}

function list(
  items: readonly unknown[],
  total: number,
  limits: FormatLimits,
  depth: number,
  seen: Set<object>,
) {
  const inner = items.map((item) => inspectAt(item, limits, depth + 1, seen));
  return `[${wrap(inner, total - items.length, true)}]`;
}

function wrap(parts: readonly string[], omitted: number, bare = false): string {
  const all = omitted > 0 ? [...parts, `… ${omitted} more`] : parts;
  if (all.length === 0) return '';
  const joined = all.join(', ');
  return bare ? joined : ` ${joined} `;
}

function sliceOf(array: ArrayLike<number>, n: number): ArrayLike<number> {
  const typed = array as unknown as { subarray?: (a: number, b: number) => ArrayLike<number> };
  return typed.subarray ? typed.subarray(0, n) : Array.prototype.slice.call(array, 0, n);
}

function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

function isNodeLike(value: object): value is { nodeName: string } {
  const node = value as { nodeName?: unknown; nodeType?: unknown };
  return typeof node.nodeName === 'string' && typeof node.nodeType === 'number';
}

/** `Matrix 2×3 float64` and aligned rows, eliding the middle of large matrices. */
function formatMatrix(m: MatrixLike, limits: FormatLimits): string {
  const rowIndices = elide(m.rows, limits.maxMatrixSize);
  const colIndices = elide(m.cols, limits.maxMatrixSize);
  const cells = rowIndices.map((i) =>
    colIndices.map((j) => (i < 0 || j < 0 ? '…' : formatNumber(m.data[i * m.cols + j]))),
  );
  const widths = colIndices.map((_, c) => Math.max(...cells.map((row) => row[c].length)));
  const lines = cells.map((row, r) => {
    const body = row.map((cell, c) => cell.padStart(widths[c])).join('  ');
    const open = r === 0 ? '[[' : ' [';
    const close = r === cells.length - 1 ? ']]' : ']';
    return `${open}${body}${close}`;
  });
  return `Matrix ${m.rows}×${m.cols}${m.dtype ? ` ${m.dtype}` : ''}\n${lines.join('\n')}`;
}

/** Indices 0…n−1, or the first and last few with −1 standing for the elided middle. */
function elide(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const head = Math.ceil((max - 1) / 2);
  const tail = max - 1 - head;
  return [
    ...Array.from({ length: head }, (_, i) => i),
    -1,
    ...Array.from({ length: tail }, (_, i) => n - tail + i),
  ];
}
