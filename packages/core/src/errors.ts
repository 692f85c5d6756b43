/**
 * Errors for bad input. Every check names the argument, the value it received and what was expected, so a
 * learner who mistypes `acitvation: 'tahn'` reads what to fix instead of chasing a NaN ten layers later.
 *
 * Non-finite numbers produced by a genuinely exploding network are *not* errors: they are data, reported by
 * the statistics (see `stats.ts`). These helpers are for arguments only.
 */

/**
 * Thrown for an argument that is not what a function expects. The message names the function it came from, the
 * argument, what was expected and what was received, and for a misspelt name the nearest valid one:
 * `mlp: spec.activation must be one of "identity", "sigmoid", "tanh", …; received "tahn" (did you mean "tanh"?)`.
 *
 * @example
 * ```ts
 * try { heNormal().create(0, 3, createRandom(1)); }
 * catch (e) { if (e instanceof GradscopeArgumentError) console.log(e.context, e.argument, e.expected); }
 * ```
 */
export class GradscopeArgumentError extends Error {
  /** The name of the argument, as the caller wrote it (`'learningRate'`, `'spec.sizes[2]'`). */
  readonly argument: string;
  /** The value received. */
  readonly received: unknown;
  /** What was expected, in words (`'a positive integer'`). */
  readonly expected: string;
  /** The function the error came from (`'mlp'`, `'heNormal.create'`). */
  readonly context: string;
  /** For a misspelt name or key: the valid one it is nearest to, if any is within two edits. */
  readonly suggestion: string | undefined;

  constructor(argument: string, received: unknown, expected: string, context: string, suggestion?: string) {
    const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
    super(`${context}: ${argument} must be ${expected}; received ${describeValue(received)}${hint}`);
    this.name = 'GradscopeArgumentError';
    this.argument = argument;
    this.received = received;
    this.expected = expected;
    this.context = context;
    this.suggestion = suggestion;
  }

  /**
   * The error for a value that is not one of `choices`, listing them and suggesting the nearest to a misspelt
   * string: what every check of a name (an activation, an initializer, a loss, a dtype) throws.
   *
   * @example
   * ```ts
   * if (!['log', 'linear'].includes(scale)) throw GradscopeArgumentError.notOneOf('yScale', scale, ['log', 'linear'], 'depthProfileChart');
   * // depthProfileChart: yScale must be one of "log", "linear"; received "lgo" (did you mean "log"?)
   * ```
   */
  static notOneOf(
    argument: string,
    received: unknown,
    choices: readonly string[],
    context: string,
    expected = `one of ${quotedNames(choices)}`,
  ): GradscopeArgumentError {
    const suggestion = typeof received === 'string' ? nearestName(received, choices) : undefined;
    return new GradscopeArgumentError(argument, received, expected, context, suggestion);
  }
}

/**
 * A short, readable rendering of any value for an error message.
 *
 * @internal
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
 * @internal
 * @example
 * ```ts
 * expectPositiveInteger('depth', 50, 'linearNetwork'); // 50
 * expectPositiveInteger('depth', 0, 'linearNetwork'); // throws: linearNetwork: depth must be a positive integer; received 0
 * ```
 */
export function expectPositiveInteger(argument: string, value: unknown, context: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new GradscopeArgumentError(argument, value, 'a positive integer', context);
  }
  return value;
}

/**
 * Throws unless `value` is an integer ≥ 0.
 *
 * @internal
 * @example
 * ```ts
 * expectNonNegativeInteger('options.example', 0, 'recurrentJacobianNorms'); // 0
 * ```
 */
export function expectNonNegativeInteger(argument: string, value: unknown, context: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new GradscopeArgumentError(argument, value, 'a non-negative integer', context);
  }
  return value;
}

/**
 * Throws unless `value` is a finite number (not NaN, not ±Infinity).
 *
 * @internal
 * @example
 * ```ts
 * expectFiniteNumber('k', 1.5, 'linearNetwork'); // 1.5
 * expectFiniteNumber('k', NaN, 'linearNetwork'); // throws: linearNetwork: k must be a finite number; received NaN
 * ```
 */
export function expectFiniteNumber(argument: string, value: unknown, context: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new GradscopeArgumentError(argument, value, 'a finite number', context);
  }
  return value;
}

/**
 * Throws unless `value` is a finite number > 0.
 *
 * @internal
 * @example
 * ```ts
 * expectPositiveNumber('learningRate', 0.02, 'sgd'); // 0.02
 * ```
 */
export function expectPositiveNumber(argument: string, value: unknown, context: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new GradscopeArgumentError(argument, value, 'a finite number greater than 0', context);
  }
  return value;
}

/**
 * Throws unless `value` is a finite number ≥ 0.
 *
 * @internal
 * @example
 * ```ts
 * expectNonNegativeNumber('options.noiseStd', 0.1, 'teacherRegression'); // 0.1
 * ```
 */
export function expectNonNegativeNumber(argument: string, value: unknown, context: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new GradscopeArgumentError(argument, value, 'a finite number ≥ 0', context);
  }
  return value;
}

/**
 * Throws unless `value` is a finite number in the closed interval [min, max].
 *
 * @internal
 * @example
 * ```ts
 * expectNumberInRange('options.momentum', 0.9, 0, 1, 'batchNorm'); // 0.9
 * ```
 */
export function expectNumberInRange(
  argument: string,
  value: unknown,
  min: number,
  max: number,
  context: string,
): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new GradscopeArgumentError(argument, value, `a number between ${min} and ${max}`, context);
  }
  return value;
}

/**
 * Throws unless `value` is one of `options`; the message lists them all.
 *
 * @internal
 * @example
 * ```ts
 * expectOneOf('spec.dtype', 'float32', ['float64', 'float32'], 'mlp'); // 'float32'
 * expectOneOf('spec.dtype', 'flaot32', ['float64', 'float32'], 'mlp'); // throws: … (did you mean "float32"?)
 * ```
 */
export function expectOneOf<T extends string>(
  argument: string,
  value: unknown,
  options: readonly T[],
  context: string,
): T {
  if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) {
    throw GradscopeArgumentError.notOneOf(argument, value, options, context);
  }
  return value as T;
}

/**
 * The names, each in double quotes, separated by commas: how error messages list the valid choices.
 *
 * @internal
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
 * @internal
 * @example
 * ```ts
 * expectBoolean('options.bias', false, 'dense'); // false
 * expectBoolean('options.bias', 1, 'dense'); // throws: dense: options.bias must be true or false; received 1
 * ```
 */
export function expectBoolean(argument: string, value: unknown, context: string): boolean {
  if (typeof value !== 'boolean') throw new GradscopeArgumentError(argument, value, 'true or false', context);
  return value;
}

/**
 * Throws unless `value` is an object (an options bag, a spec); the message shows how a correct one looks.
 *
 * @param example how a correct object looks, for the message (`'{ size, activation }'`).
 * @internal
 * @example
 * ```ts
 * expectObject('options', null, '{ size }', 'batchNorm'); // throws: batchNorm: options must be an object like { size }; received null
 * ```
 */
export function expectObject(
  argument: string,
  value: unknown,
  example: string,
  context: string,
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
 * @internal
 * @example
 * ```ts
 * expectKnownKeys('options', { lr: 0.1 }, ['learningRate'], '{ learningRate: 0.1 }', 'sgd');
 * // throws: sgd: options.lr must be left out (it is not an option; …); received 0.1 (did you mean "learningRate"?)
 * ```
 */
export function expectKnownKeys<T>(
  argument: string,
  value: T,
  known: readonly string[],
  example: string,
  context: string,
): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new GradscopeArgumentError(argument, value, `an object like ${example}`, context);
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (known.includes(key)) continue;
    throw new GradscopeArgumentError(
      `${argument}.${key}`,
      record[key],
      `left out (it is not an option; the options are ${known.join(', ')})`,
      context,
      nearestName(key, known),
    );
  }
  return value;
}

/**
 * The name in `names` closest to `typo`: within two edits of the whole name (`'tahn'` → `'tanh'`), or else within
 * one edit of the start of a longer name (`'xavir'` → `'xavierNormal'`, the first such name in `names`). Case and
 * surrounding spaces are ignored. Undefined when nothing is that close (a different word, not a typo). The site's
 * own did-you-mean hints (lesson examples, citation keys, chart meanings) use it too, so every hint reads alike.
 *
 * @example
 * ```ts
 * nearestName('tahn', ['relu', 'tanh']); // 'tanh'
 * nearestName('xavir', ['heNormal', 'xavierNormal', 'xavierUniform']); // 'xavierNormal'
 * ```
 */
export function nearestName(typo: string, names: readonly string[]): string | undefined {
  const text = typo.trim().toLowerCase();
  let best: string | undefined;
  let bestDistance = 3;
  for (const name of names) {
    const distance = editDistance(text, name.toLowerCase());
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  if (best !== undefined || text.length < 3) return best;
  return names.find((name) => {
    const lower = name.toLowerCase();
    if (lower.length <= text.length) return false;
    return (
      editDistance(text, lower.slice(0, text.length)) <= 1 ||
      editDistance(text, lower.slice(0, text.length + 1)) <= 1
    );
  });
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
