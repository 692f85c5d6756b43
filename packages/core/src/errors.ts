/**
 * Errors for bad input. Every check names the argument, the value it received and what was expected, so a
 * learner who mistypes `acitvation: 'tahn'` reads what to fix instead of chasing a NaN ten layers later.
 *
 * Non-finite numbers produced by a genuinely exploding network are *not* errors: they are data, reported by
 * the statistics (see `stats.ts`). These helpers are for arguments only.
 */

/**
 * Thrown for an argument that is not what a function expects.
 *
 * @example
 * ```ts
 * try { heNormal().create(0, 3, createRandom(1)); }
 * catch (e) { if (e instanceof GradscopeArgumentError) console.log(e.argument, e.expected); }
 * ```
 */
export class GradscopeArgumentError extends Error {
  /** The name of the argument, as the caller wrote it (`'learningRate'`, `'spec.sizes[2]'`). */
  readonly argument: string;
  /** The value received. */
  readonly received: unknown;
  /** What was expected, in words (`'a positive integer'`). */
  readonly expected: string;

  constructor(argument: string, received: unknown, expected: string, context?: string) {
    const where = context ? `${context}: ` : '';
    super(`${where}${argument} must be ${expected}; received ${describeValue(received)}`);
    this.name = 'GradscopeArgumentError';
    this.argument = argument;
    this.received = received;
    this.expected = expected;
  }
}

/**
 * A short, readable rendering of any value for an error message.
 *
 * @example
 * ```ts
 * describeValue(NaN); // 'NaN'
 * describeValue('tahn'); // '"tahn"'
 * ```
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return `a function${value.name ? ` (${value.name})` : ''}`;
  if (ArrayBuffer.isView(value)) {
    return `a ${value.constructor.name} of length ${(value as unknown as ArrayLike<number>).length}`;
  }
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (isMatrixLike(value)) return `a ${value.rows}×${value.cols} matrix`;
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function isMatrixLike(value: unknown): value is { rows: number; cols: number } {
  return typeof value === 'object' && value !== null && 'rows' in value && 'cols' in value && 'data' in value;
}

/**
 * Throws unless `value` is an integer ≥ 1.
 *
 * @example
 * ```ts
 * expectPositiveInteger('depth', 50); // 50
 * expectPositiveInteger('depth', 0); // throws: depth must be a positive integer; received 0
 * ```
 */
export function expectPositiveInteger(argument: string, value: unknown, context?: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new GradscopeArgumentError(argument, value, 'a positive integer', context);
  }
  return value;
}

/**
 * Throws unless `value` is an integer ≥ 0.
 *
 * @example
 * ```ts
 * expectNonNegativeInteger('step', 0); // 0
 * ```
 */
export function expectNonNegativeInteger(argument: string, value: unknown, context?: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new GradscopeArgumentError(argument, value, 'a non-negative integer', context);
  }
  return value;
}

/**
 * Throws unless `value` is a finite number (not NaN, not ±Infinity).
 *
 * @example
 * ```ts
 * expectFiniteNumber('learningRate', 0.1); // 0.1
 * expectFiniteNumber('learningRate', NaN); // throws: learningRate must be a finite number; received NaN
 * ```
 */
export function expectFiniteNumber(argument: string, value: unknown, context?: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new GradscopeArgumentError(argument, value, 'a finite number', context);
  }
  return value;
}

/**
 * Throws unless `value` is a finite number > 0.
 *
 * @example
 * ```ts
 * expectPositiveNumber('std', 0.02); // 0.02
 * ```
 */
export function expectPositiveNumber(argument: string, value: unknown, context?: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new GradscopeArgumentError(argument, value, 'a finite number greater than 0', context);
  }
  return value;
}

/**
 * Throws unless `value` is a finite number ≥ 0.
 *
 * @example
 * ```ts
 * expectNonNegativeNumber('momentum', 0.9); // 0.9
 * ```
 */
export function expectNonNegativeNumber(argument: string, value: unknown, context?: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new GradscopeArgumentError(argument, value, 'a finite number ≥ 0', context);
  }
  return value;
}

/**
 * Throws unless `value` is a finite number in the closed interval [min, max].
 *
 * @example
 * ```ts
 * expectNumberInRange('beta1', 0.9, 0, 1); // 0.9
 * ```
 */
export function expectNumberInRange(
  argument: string,
  value: unknown,
  min: number,
  max: number,
  context?: string,
): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new GradscopeArgumentError(argument, value, `a number between ${min} and ${max}`, context);
  }
  return value;
}

/**
 * Throws unless `value` is one of `options`; the message lists them all.
 *
 * @example
 * ```ts
 * expectOneOf('dtype', 'float32', ['float64', 'float32']); // 'float32'
 * ```
 */
export function expectOneOf<T extends string>(
  argument: string,
  value: unknown,
  options: readonly T[],
  context?: string,
): T {
  if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) {
    throw new GradscopeArgumentError(argument, value, `one of ${quotedNames(options)}`, context);
  }
  return value as T;
}

/**
 * The names, each in double quotes, separated by commas: how error messages list the valid choices.
 *
 * @example
 * ```ts
 * quotedNames(['mse', 'bce']); // '"mse", "bce"'
 * ```
 */
export function quotedNames(names: readonly string[]): string {
  return names.map((name) => `"${name}"`).join(', ');
}

/**
 * Throws unless `value` is `true` or `false`.
 *
 * @example
 * ```ts
 * expectBoolean('options.bias', false); // false
 * expectBoolean('options.bias', 1); // throws: options.bias must be true or false; received 1
 * ```
 */
export function expectBoolean(argument: string, value: unknown, context?: string): boolean {
  if (typeof value !== 'boolean') throw new GradscopeArgumentError(argument, value, 'true or false', context);
  return value;
}

/**
 * Throws unless `value` is an object (an options bag, a spec); the message shows how a correct one looks.
 *
 * @param example how a correct object looks, for the message (`'{ size, activation }'`).
 * @example
 * ```ts
 * expectObject('options', null, '{ size }', 'batchNorm'); // throws: batchNorm: options must be an object like { size }; received null
 * ```
 */
export function expectObject(
  argument: string,
  value: unknown,
  example: string,
  context?: string,
): asserts value is object {
  if (typeof value !== 'object' || value === null) {
    throw new GradscopeArgumentError(argument, value, `an object like ${example}`, context);
  }
}

/**
 * Throws unless `value` is a plain object whose keys are all in `known`, so a misspelt option (`lr`, `activaton`)
 * is reported instead of silently ignored. The message suggests the nearest known key.
 *
 * @param example how a correct object looks, for the message (`'{ learningRate: 0.1 }'`).
 * @example
 * ```ts
 * expectKnownKeys('options', { lr: 0.1 }, ['learningRate'], '{ learningRate: 0.1 }', 'sgd');
 * // throws: sgd: options.lr must be left out: it is not an option (did you mean "learningRate"?) ...
 * ```
 */
export function expectKnownKeys<T>(
  argument: string,
  value: T,
  known: readonly string[],
  example: string,
  context?: string,
): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new GradscopeArgumentError(argument, value, `an object like ${example}`, context);
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (known.includes(key)) continue;
    const near = nearestName(key, known);
    const hint = near === undefined ? '' : ` (did you mean "${near}"?)`;
    throw new GradscopeArgumentError(
      `${argument}.${key}`,
      record[key],
      `left out: it is not an option${hint}; the options are ${known.join(', ')}`,
      context,
    );
  }
  return value;
}

/**
 * The name in `names` closest to `typo` by edit distance, if within 2 edits (a typo, not another word).
 *
 * @example
 * ```ts
 * nearestName('tahn', ['relu', 'tanh']); // 'tanh'
 * ```
 */
export function nearestName(typo: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const name of names) {
    const distance = editDistance(typo.toLowerCase(), name.toLowerCase());
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return best;
}

// Levenshtein distance with one rolling row.
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}
