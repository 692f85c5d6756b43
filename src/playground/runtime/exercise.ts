/**
 * Exercise checks: after the reader's code has run, the check (`<slug>/<name>.check.ts`, the lesson author's
 * code) says which exported function to test and on which cases; this module calls the function on each case and
 * compares what it returns with what the check expects (values the engine computed), entry by entry. It reports a
 * table of the cases, then either a line saying they all pass or a `CheckFailure` naming the first failing case:
 * its input, the expected and received values, the relative error and the tolerance.
 *
 * A check file:
 *
 * ```ts
 * import { heNormal } from '@gradscope/core';
 *
 * // ExerciseCheck and ExerciseCase are global types (src/playground/types/reader-globals.d.ts): no import.
 * export default {
 *   function: 'heNormalStd',
 *   cases: [1, 2, 100, 512].map((fanIn) => ({ args: [fanIn], expected: heNormal().std!({ fanIn, fanOut: fanIn }) })),
 *   tolerance: 1e-12,
 * } satisfies ExerciseCheck;
 * ```
 *
 * Values compared: numbers (relative error; absolute when the expected value is 0; ∞ and NaN must match exactly),
 * arrays and typed arrays, the engine's matrices (shape first, then every entry), plain objects of those (every
 * key), strings and booleans (equal or not).
 */
import { formatNumber, inspect } from './format.js';
import type { Compile } from './compiled.js';

// ExerciseCase and ExerciseCheck, the shape of a check file's default export, are global types declared with the
// playground's globals (src/playground/types/reader-globals.d.ts), so lesson authors' check files name them
// without an import into src/.

/** The default tolerance: float64 arithmetic done in another order agrees far better than this. */
export const DEFAULT_TOLERANCE = 1e-9;

/** A case failed: the message names it and says by how much. */
export class CheckFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckFailure';
  }
}

/** The check itself is broken (the author's error, not the reader's). */
export class CheckError extends Error {
  constructor(message: string) {
    super(`The exercise's check is broken: ${message}`);
    this.name = 'CheckError';
  }
}

/** Runs compiled code with extra modules by import name and returns its exports (run.ts provides it). */
export type ModuleRunner = (
  code: string,
  modules: Record<string, unknown>,
) => Promise<Record<string, unknown>>;

/** A mismatch at one place in the returned value. */
interface Mismatch {
  /** Where in the value: '' for the value itself, `dW[1, 0]`, `.loss`, `[3]`. */
  readonly path: string;
  readonly expected: unknown;
  readonly received: unknown;
  /** The relative (or, against 0, absolute) error of a numeric entry. */
  readonly error?: number;
  readonly absolute?: boolean;
  /** Why the values cannot be compared entry by entry (wrong type, wrong shape). */
  readonly problem?: string;
}

/** The largest numeric error found, and the worst mismatch (a problem, or the entry with the largest error). */
interface Comparison {
  readonly error: number;
  readonly worst?: Mismatch;
}

/**
 * Runs `checkSource` against the reader's exports and tests every case.
 *
 * @throws CheckFailure when a case fails; CheckError when the check itself is broken; whatever the reader's
 * function throws, unchanged (so the playground can mark the line).
 * @example
 * await runCheck(checkSource, readerExports, execute, (rows) => output.display(rows), (text) => output.log('log', text), compileReaderCode);
 */
export async function runCheck(
  checkSource: string,
  readerExports: Record<string, unknown>,
  execute: ModuleRunner,
  showTable: (rows: Record<string, unknown>[]) => void,
  log: (text: string) => void,
  compile: Compile,
): Promise<void> {
  let compiled: string;
  try {
    compiled = compile(checkSource).code;
  } catch (error) {
    throw new CheckError(`it does not compile: ${messageOf(error)}`);
  }
  // The check may import the reader's code as './<name>.exercise' (with or without an extension).
  const modules: Record<string, unknown> = {};
  for (const [, name] of compiled.matchAll(/require\(\s*['"]([^'"]*\.exercise(?:\.[jt]s)?)['"]\s*\)/g)) {
    modules[name] = readerExports;
  }
  let exported: Record<string, unknown>;
  try {
    exported = await execute(compiled, modules);
  } catch (error) {
    throw new CheckError(`it threw while loading: ${messageOf(error)}`);
  }
  const check = validateCheck(exported.default);
  const tolerance = check.tolerance ?? DEFAULT_TOLERANCE;

  const fn = readerExports[check.function];
  if (typeof fn !== 'function') {
    const names = Object.keys(readerExports);
    throw new CheckFailure(
      `Your code must export a function named ${check.function}: write \`export function ${check.function}(…) { … }\`. ${names.length ? `It exports ${names.join(', ')}.` : 'It exports nothing.'}`,
    );
  }

  const varyingTolerance = check.cases.some(
    (testCase) => testCase.tolerance !== undefined && testCase.tolerance !== tolerance,
  );
  const rows: Record<string, unknown>[] = [];
  let firstFailure: string | undefined;
  let largest = 0;
  for (const [index, testCase] of check.cases.entries()) {
    const caseTolerance = testCase.tolerance ?? tolerance;
    const call = `${check.function}(${testCase.args.map(shortValue).join(', ')})`;
    let received: unknown;
    try {
      // Each call gets its own copy of the arguments: a function that writes into them cannot change later cases.
      received = await (fn as (...args: unknown[]) => unknown)(...structuredClone(testCase.args));
    } catch (error) {
      showTable(rows);
      log(`Case ${index + 1} of ${check.cases.length}, ${call}, threw this error:`);
      throw error;
    }
    const comparison = compare(testCase.expected, received, '');
    const passes =
      comparison.worst === undefined ||
      (comparison.worst.problem === undefined && comparison.error <= caseTolerance);
    largest = Math.max(largest, comparison.error);
    rows.push({
      case: index + 1,
      input: testCase.label ?? call,
      expected: shortValue(testCase.expected),
      received: shortValue(received),
      'relative error': comparison.worst?.problem ? '—' : errorText(comparison.error),
      // A column of one repeated tolerance would only widen the table: the message below it states it.
      ...(varyingTolerance ? { tolerance: errorText(caseTolerance) } : {}),
      result: passes ? '✓ passes' : '✗ fails',
    });
    if (!passes && firstFailure === undefined) {
      firstFailure = failureMessage(index, check.cases.length, call, comparison.worst!, caseTolerance);
    }
  }
  showTable(rows);
  if (firstFailure !== undefined) throw new CheckFailure(firstFailure);
  log(
    `All ${check.cases.length} ${check.cases.length === 1 ? 'case passes' : 'cases pass'}: the largest relative error is ${errorText(largest)} (tolerance ${errorText(tolerance)}).`,
  );
}

function validateCheck(value: unknown): ExerciseCheck {
  const check = value as Partial<ExerciseCheck> | undefined;
  if (typeof check !== 'object' || check === null) {
    throw new CheckError('it must `export default { function, cases, tolerance }`');
  }
  if (typeof check.function !== 'string' || check.function === '') {
    throw new CheckError('its `function` must be the name of the function to test, as text');
  }
  if (!Array.isArray(check.cases) || check.cases.length === 0) {
    throw new CheckError('its `cases` must be a non-empty list of { args, expected }');
  }
  for (const [index, testCase] of check.cases.entries()) {
    if (!Array.isArray(testCase?.args) || !('expected' in testCase)) {
      throw new CheckError(`case ${index + 1} must be { args: [...], expected: … }`);
    }
  }
  if (check.tolerance !== undefined && !(check.tolerance >= 0)) {
    throw new CheckError('its `tolerance` must be a number ≥ 0');
  }
  return check as ExerciseCheck;
}

interface MatrixLike {
  readonly rows: number;
  readonly cols: number;
  readonly data: ArrayLike<number>;
}

function isMatrixLike(value: unknown): value is MatrixLike {
  const m = value as Partial<MatrixLike> | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    typeof m.rows === 'number' &&
    typeof m.cols === 'number' &&
    ArrayBuffer.isView(m.data) &&
    (m.data as ArrayLike<number>).length === m.rows * m.cols
  );
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

/** The error of one number against the expected one: relative, absolute against 0, exact for ∞ and NaN. */
function numberError(expected: number, received: number): { error: number; absolute: boolean } {
  if (
    Number.isNaN(expected) ||
    Number.isNaN(received) ||
    !Number.isFinite(expected) ||
    !Number.isFinite(received)
  ) {
    return { error: Object.is(expected, received) || expected === received ? 0 : Infinity, absolute: false };
  }
  if (expected === 0) return { error: Math.abs(received), absolute: true };
  return { error: Math.abs(received - expected) / Math.abs(expected), absolute: false };
}

function worse(a: Comparison, b: Comparison): Comparison {
  if (a.worst?.problem) return a;
  if (b.worst?.problem) return b;
  return b.error > a.error ? b : a;
}

/** Compares a returned value with the expected one, recursively. */
function compare(expected: unknown, received: unknown, path: string): Comparison {
  const problem = (text: string): Comparison => ({
    error: Infinity,
    worst: { path, expected, received, problem: text },
  });
  if (typeof expected === 'number') {
    if (typeof received !== 'number') {
      return problem(
        `expected a number, received ${describeType(received)}${received === undefined ? ' (does the function return its result?)' : ''}`,
      );
    }
    const { error, absolute } = numberError(expected, received);
    return { error, worst: error > 0 ? { path, expected, received, error, absolute } : undefined };
  }
  if (isMatrixLike(expected)) {
    const shape = `${expected.rows}×${expected.cols}`;
    if (!isMatrixLike(received))
      return problem(`expected a ${shape} matrix, received ${describeType(received)}`);
    if (received.rows !== expected.rows || received.cols !== expected.cols) {
      const transposed = received.rows === expected.cols && received.cols === expected.rows;
      return problem(
        `expected a ${shape} matrix, received a ${received.rows}×${received.cols} one${transposed ? ' (transposed?)' : ''}`,
      );
    }
    let result: Comparison = { error: 0 };
    for (let i = 0; i < expected.rows; i++) {
      for (let j = 0; j < expected.cols; j++) {
        const k = i * expected.cols + j;
        result = worse(result, compare(expected.data[k], received.data[k], `${path}[${i}, ${j}]`));
      }
    }
    return result;
  }
  if (isArrayLike(expected)) {
    if (!isArrayLike(received))
      return problem(`expected a list of ${expected.length}, received ${describeType(received)}`);
    if (received.length !== expected.length) {
      return problem(`expected a list of ${expected.length}, received a list of ${received.length}`);
    }
    let result: Comparison = { error: 0 };
    for (let i = 0; i < expected.length; i++)
      result = worse(result, compare(expected[i], received[i], `${path}[${i}]`));
    return result;
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof received !== 'object' || received === null) {
      return problem(
        `expected an object with ${Object.keys(expected).join(', ')}, received ${describeType(received)}`,
      );
    }
    let result: Comparison = { error: 0 };
    for (const key of Object.keys(expected)) {
      const at = path ? `${path}.${key}` : key;
      if (!(key in received))
        return {
          error: Infinity,
          worst: {
            path: at,
            expected: (expected as Record<string, unknown>)[key],
            received: undefined,
            problem: `the result has no ${key}`,
          },
        };
      result = worse(
        result,
        compare((expected as Record<string, unknown>)[key], (received as Record<string, unknown>)[key], at),
      );
    }
    return result;
  }
  return Object.is(expected, received)
    ? { error: 0 }
    : problem(`expected ${inspect(expected)}, received ${inspect(received)}`);
}

function failureMessage(
  index: number,
  count: number,
  call: string,
  worst: Mismatch,
  tolerance: number,
): string {
  const head = `Case ${index + 1} of ${count} fails: ${call}`;
  if (worst.problem) {
    return `${head}${worst.path ? `, at ${worst.path}` : ''}: ${worst.problem}.`;
  }
  const what = worst.path ? `${worst.path} = ${shortValue(worst.received)}` : shortValue(worst.received);
  const kind = worst.absolute ? 'absolute error (the expected value is 0)' : 'relative error';
  const size = worst.error === Infinity ? 'the values differ' : `${kind} ${errorText(worst.error!)}`;
  return `${head} returned ${what}, but the engine gives ${shortValue(worst.expected)}: ${size}, above the tolerance ${errorText(tolerance)}.`;
}

const SHORT = { maxItems: 6, maxMatrixSize: 4, maxDepth: 2, maxLength: 80 };

/** A value in a table cell or a message: a number to six digits, a matrix by its shape. */
function shortValue(value: unknown): string {
  if (typeof value === 'number') return formatNumber(value);
  if (isMatrixLike(value)) return `${value.rows}×${value.cols} matrix`;
  if (typeof value === 'object' && value !== null && !isArrayLike(value)) {
    const entries = Object.entries(value).map(([key, entry]) => `${key}: ${shortValue(entry)}`);
    return `{ ${entries.join(', ')} }`;
  }
  return inspect(value, SHORT).replace(/\s*\n\s*/g, ' ');
}

function describeType(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (isMatrixLike(value)) return `a ${value.rows}×${value.cols} matrix`;
  if (isArrayLike(value)) return `a list of ${value.length}`;
  return `${typeof value === 'object' ? 'an object' : `the ${typeof value}`} ${shortValue(value)}`;
}

/** An error or a tolerance as code writes it: `0.29`, `2.2e-16`, `1e-9`. */
function errorText(error: number): string {
  if (error === 0) return '0';
  if (!Number.isFinite(error)) return '∞';
  if (error >= 1e-3 && error < 1e4) return String(Number(error.toPrecision(2)));
  return error.toExponential(1).replace('.0e', 'e').replace('e+', 'e');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
