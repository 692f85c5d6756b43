/**
 * The one data structure of the engine: a dense, row-major matrix of numbers in one format (its dtype: float64,
 * float32, float16 or bfloat16, optionally flushing subnormals to zero; see dtype.ts).
 *
 * Layout convention, shared by every layer and lesson (it is the lecture's notation):
 * - a weight matrix W^[l] has shape (n_l × n_{l−1}): row i holds the weights into unit i;
 * - a batch of m examples is a matrix of shape (features × m): **one example per column**, so Z = W·A + b.
 *
 * A Matrix is a plain object (no class, no methods), so it crosses `postMessage` to and from a Web Worker intact.
 */

import { allocate, expectDType, roundArray, type DType, type DTypeName, type FloatArray } from './dtype.js';
import { GradscopeArgumentError, expectPositiveInteger } from './errors.js';

/** A dense row-major matrix. Element (i, j) is `data[i * cols + j]`. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  /** The number format every element is rounded to when stored. */
  readonly dtype: DTypeName;
  readonly data: FloatArray;
}

/**
 * Rounds every element of `m` to its dtype, in place, and returns `m`: how a kernel that wrote float64 results
 * into a float16 or bfloat16 matrix (or one that flushes subnormals) makes every stored number one of the
 * format's. Free for float64 and float32, whose storage rounds as it is written.
 *
 * @internal
 * @example
 * ```ts
 * const h = zeros(1, 2, 'float16');
 * h.data[0] = 0.1; // a raw write, as inside a kernel
 * roundInPlace(h).data[0]; // 0.0999755859375
 * ```
 */
export function roundInPlace(m: Matrix): Matrix {
  if (!isMatrix(m))
    throw new GradscopeArgumentError('m', m, 'a Matrix (see matrix(), zeros())', 'roundInPlace');
  roundArray(m.dtype, m.data);
  return m;
}

/**
 * A zero matrix of the given shape.
 *
 * @example
 * ```ts
 * const Z = zeros(2, 3); // 2×3, float64
 * const Z32 = zeros(2, 3, 'float32');
 * const Zftz = zeros(2, 3, { format: 'float32', flushSubnormals: true }); // dtype 'float32-ftz'
 * ```
 */
export function zeros(rows: number, cols: number, dtype: DType = 'float64'): Matrix {
  expectPositiveInteger('rows', rows, 'zeros');
  expectPositiveInteger('cols', cols, 'zeros');
  const checked = expectDType('dtype', dtype, 'zeros');
  return { rows, cols, dtype: checked, data: allocate(checked, rows * cols) };
}

/**
 * A matrix filled with one value.
 *
 * @example
 * ```ts
 * full(2, 2, 1.5); // [[1.5, 1.5], [1.5, 1.5]]
 * ```
 */
export function full(rows: number, cols: number, value: number, dtype: DType = 'float64'): Matrix {
  expectNumber('value', value, 'full');
  const m = zeros(rows, cols, dtype);
  m.data.fill(value);
  return roundInPlace(m);
}

/**
 * The n×n identity, optionally scaled: `identity(2, 1.5)` is the lecture's 1.5·I.
 *
 * @example
 * ```ts
 * identity(2, 1.5); // [[1.5, 0], [0, 1.5]]
 * ```
 */
export function identity(n: number, scale = 1, dtype: DType = 'float64'): Matrix {
  expectPositiveInteger('n', n, 'identity');
  expectNumber('scale', scale, 'identity');
  const m = zeros(n, n, dtype);
  for (let i = 0; i < n; i++) m.data[i * n + i] = scale;
  return roundInPlace(m);
}

/**
 * A matrix from nested arrays, one inner array per row.
 *
 * @example
 * ```ts
 * const W = matrix([[1.5, 0], [0, 1.5]]);
 * const x = matrix([[1], [1]]); // a column: one example with two features
 * ```
 */
export function matrix(rows: readonly (readonly number[])[], dtype: DType = 'float64'): Matrix {
  if (!Array.isArray(rows) || rows.length === 0 || !Array.isArray(rows[0]) || rows[0].length === 0) {
    throw new GradscopeArgumentError('rows', rows, 'a non-empty array of non-empty number arrays', 'matrix');
  }
  const cols = rows[0].length;
  const m = zeros(rows.length, cols, dtype);
  rows.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== cols) {
      throw new GradscopeArgumentError(
        `rows[${i}]`,
        row,
        `an array of ${cols} numbers, like rows[0]`,
        'matrix',
      );
    }
    row.forEach((v, j) => {
      if (typeof v !== 'number') {
        throw new GradscopeArgumentError(`rows[${i}][${j}]`, v, 'a number', 'matrix');
      }
      m.data[i * cols + j] = v;
    });
  });
  return roundInPlace(m);
}

/**
 * A matrix that takes ownership of an existing typed array (no copy). The dtype defaults to the array's own
 * (float32 for a Float32Array, float64 for a Float64Array); a float16 or bfloat16 matrix takes a Float64Array,
 * a flushing float32 one a Float32Array. The data is rounded to the dtype in place.
 *
 * @example
 * ```ts
 * fromData(2, 2, new Float64Array([1, 2, 3, 4])); // [[1, 2], [3, 4]]
 * fromData(1, 1, new Float64Array([0.1]), 'float16').data[0]; // 0.0999755859375
 * ```
 */
export function fromData(rows: number, cols: number, data: FloatArray, dtype?: DType): Matrix {
  const context = 'fromData';
  expectPositiveInteger('rows', rows, context);
  expectPositiveInteger('cols', cols, context);
  if (!(data instanceof Float64Array || data instanceof Float32Array)) {
    throw new GradscopeArgumentError('data', data, 'a Float64Array or Float32Array', context);
  }
  if (data.length !== rows * cols) {
    throw new GradscopeArgumentError(
      'data',
      data,
      `a typed array of length rows·cols = ${rows * cols}`,
      context,
    );
  }
  const own = data instanceof Float32Array ? 'float32' : 'float64';
  const checked = dtype === undefined ? own : expectDType('dtype', dtype, 'fromData');
  if (allocate(checked, 0).constructor !== data.constructor) {
    throw new GradscopeArgumentError(
      'data',
      data,
      `a ${allocate(checked, 0).constructor.name}, the storage of a ${checked} matrix`,
      'fromData',
    );
  }
  return roundInPlace({ rows, cols, dtype: checked, data });
}

/**
 * A column vector (n×1) from numbers.
 *
 * @example
 * ```ts
 * column([1, 1]); // the lecture's x = (1, 1)ᵀ
 * ```
 */
export function column(values: readonly number[], dtype: DType = 'float64'): Matrix {
  if (!Array.isArray(values) || values.length === 0) {
    throw new GradscopeArgumentError('values', values, 'a non-empty array of numbers', 'column');
  }
  return matrix(
    values.map((v) => [v]),
    dtype,
  );
}

/**
 * Nested arrays from a matrix, one inner array per row (for printing, tables and tests).
 *
 * @example
 * ```ts
 * toArray(identity(2)); // [[1, 0], [0, 1]]
 * ```
 */
export function toArray(m: Matrix): number[][] {
  expectMatrix('m', m, 'toArray');
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

/**
 * Element (i, j).
 *
 * @example
 * ```ts
 * get(identity(2, 1.5), 0, 0); // 1.5
 * ```
 */
export function get(m: Matrix, i: number, j: number): number {
  expectEntry(m, i, j, 'get');
  return m.data[i * m.cols + j];
}

/**
 * Sets element (i, j) (rounded to the matrix's dtype).
 *
 * @example
 * ```ts
 * const W = zeros(2, 2); set(W, 0, 1, 3);
 * ```
 */
export function set(m: Matrix, i: number, j: number, value: number): void {
  expectEntry(m, i, j, 'set');
  expectNumber('value', value, 'set');
  const index = i * m.cols + j;
  m.data[index] = value;
  roundArray(m.dtype, m.data, index, index + 1);
}

/**
 * A deep copy, optionally converted to another dtype.
 *
 * @example
 * ```ts
 * const W32 = clone(W, 'float32');
 * const W16 = clone(W, 'bfloat16'); // every entry rounded to bfloat16
 * ```
 */
export function clone(m: Matrix, dtype?: DType): Matrix {
  expectMatrix('m', m, 'clone');
  const out = zeros(m.rows, m.cols, expectDType('dtype', dtype ?? m.dtype, 'clone'));
  out.data.set(m.data);
  return roundInPlace(out);
}

/**
 * Copies `source` into `target` (same shape); returns `target`. Used to reuse buffers across training steps.
 *
 * @example
 * ```ts
 * copyInto(zeros(2, 2), identity(2));
 * ```
 */
export function copyInto(target: Matrix, source: Matrix): Matrix {
  expectMatrix('target', target, 'copyInto');
  expectMatrix('source', source, 'copyInto');
  expectSameShape('source', source, target, 'copyInto');
  target.data.set(source.data);
  return roundInPlace(target);
}

/**
 * The shape as a string, `"3×4"`, for messages.
 *
 * @example
 * ```ts
 * shapeOf(zeros(3, 4)); // '3×4'
 * ```
 */
export function shapeOf(m: Matrix): string {
  expectMatrix('m', m, 'shapeOf');
  return `${m.rows}×${m.cols}`;
}

/**
 * True when `value` is a Matrix (a plain object with rows, cols, dtype and a matching typed array).
 *
 * @example
 * ```ts
 * isMatrix(identity(2)); // true
 * ```
 */
export function isMatrix(value: unknown): value is Matrix {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Partial<Matrix>;
  return (
    Number.isInteger(m.rows) &&
    Number.isInteger(m.cols) &&
    (m.data instanceof Float64Array || m.data instanceof Float32Array) &&
    m.data.length === (m.rows as number) * (m.cols as number)
  );
}

/**
 * Throws unless `value` is a Matrix; optionally checks its shape (`undefined` leaves a dimension free).
 *
 * @internal
 * @example
 * ```ts
 * expectMatrix('X', X, 'forward', 2); // X must have 2 rows (features), any number of columns (examples)
 * ```
 */
export function expectMatrix(
  argument: string,
  value: unknown,
  context: string,
  rows?: number,
  cols?: number,
): Matrix {
  if (!isMatrix(value)) {
    throw new GradscopeArgumentError(argument, value, 'a Matrix (see matrix(), zeros())', context);
  }
  if ((rows !== undefined && value.rows !== rows) || (cols !== undefined && value.cols !== cols)) {
    const want = `${rows ?? 'any'}×${cols ?? 'any'}`;
    throw new GradscopeArgumentError(argument, value, `a matrix of shape ${want}`, context);
  }
  return value;
}

/**
 * Throws unless `a` has the same shape as `b`, naming `argument` (the one a caller passed).
 *
 * @internal
 * @example
 * ```ts
 * expectSameShape('grad', dW, W, 'sgd.step');
 * ```
 */
export function expectSameShape(argument: string, a: Matrix, b: Matrix, context: string): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new GradscopeArgumentError(argument, a, `a matrix of shape ${shapeOf(b)}`, context);
  }
}

/** Throws unless `value` is a number (NaN and ±Infinity included: a matrix may hold them, as data). */
function expectNumber(argument: string, value: unknown, context: string): void {
  if (typeof value !== 'number') throw new GradscopeArgumentError(argument, value, 'a number', context);
}

/** Throws unless (i, j) is an entry of the matrix m. */
function expectEntry(m: Matrix, i: unknown, j: unknown, context: string): void {
  expectMatrix('m', m, context);
  if (!Number.isInteger(i) || (i as number) < 0 || (i as number) >= m.rows) {
    throw new GradscopeArgumentError('i', i, `a row index from 0 to ${m.rows - 1}`, context);
  }
  if (!Number.isInteger(j) || (j as number) < 0 || (j as number) >= m.cols) {
    throw new GradscopeArgumentError('j', j, `a column index from 0 to ${m.cols - 1}`, context);
  }
}

/**
 * True when two typed arrays view overlapping bytes of one buffer: why an operation refuses an `out` that would
 * be overwritten while it is still being read.
 *
 * @internal
 * @example
 * ```ts
 * const A = zeros(2, 2);
 * sharesStorage(A.data, A.data.subarray(2)); // true
 * sharesStorage(A.data, zeros(2, 2).data); // false
 * ```
 */
export function sharesStorage(x: FloatArray, y: FloatArray): boolean {
  if (x.buffer !== y.buffer) return false;
  return x.byteOffset < y.byteOffset + y.byteLength && y.byteOffset < x.byteOffset + x.byteLength;
}
