/**
 * Gradient checking: compare a backpropagated gradient with centred finite differences, the test every layer,
 * activation and loss of the engine passes (as convnetjs's spec does).
 *
 * For a scalar function f of parameters x (say the loss L as a function of the entries of W^[l]),
 *   numeric_i = (f(x + ε e_i) − f(x − ε e_i)) / 2ε,
 * whose error is O(ε²) from truncation plus O(u/ε) from rounding (u ≈ 1.1e−16 in float64); ε = 1e−5 puts both
 * near 1e−10 relative to the size of f, far below the 1e−6 tolerance (CS231n notes, "Gradient checks").
 *
 * The comparison is the relative error |a − n| / max(|a| + |n|, floor). The floor (1e−8 by default) matters
 * only when both gradients are essentially 0, e.g. a dead ReLU's weights: then a tiny absolute disagreement
 * is not blown up into a large relative one, and two exact zeros give 0 instead of 0/0.
 */

import { GradscopeArgumentError, expectKnownKeys, expectPositiveNumber } from './errors.js';

/** Options of `gradientCheck`. */
export interface GradientCheckOptions {
  /** Step of the centred difference (default 1e−5). */
  readonly epsilon?: number;
  /** Largest relative error that passes (default 1e−6). */
  readonly tolerance?: number;
  /** Lower bound of the denominator |a| + |n| (default 1e−8). */
  readonly floor?: number;
}

/** What `gradientCheck` found. */
export interface GradientCheckResult {
  /** The largest relative error over all entries (NaN if any entry gave NaN). */
  readonly maxRelativeError: number;
  /** The entry where it occurred. */
  readonly worstIndex: number;
  /** `maxRelativeError <= tolerance`. */
  readonly passed: boolean;
  /** The finite-difference gradient. */
  readonly numeric: Float64Array;
}

const defaults = { epsilon: 1e-5, tolerance: 1e-6, floor: 1e-8 } as const;

function expectFunction(f: unknown, context: string): void {
  if (typeof f !== 'function')
    throw new GradscopeArgumentError('f', f, 'a function (x: Float64Array) => number', context);
}

function expectVector(x: unknown, context: string): Float64Array {
  if (!(x instanceof Float64Array) || x.length === 0) {
    throw new GradscopeArgumentError(
      'x',
      x,
      'a non-empty Float64Array (finite differences need float64; pass W.data of a float64 matrix)',
      context,
    );
  }
  return x;
}

/**
 * The centred finite-difference gradient of f at x. Each x[i] is perturbed in place (so `x` may be the data
 * of a weight matrix that `f` reads) and restored to its exact original value afterwards, even if f throws.
 *
 * @example
 * ```ts
 * numericGradient((x) => x[0] * x[0] + 3 * x[1], new Float64Array([2, 0])); // ≈ [4, 3]
 * ```
 */
export function numericGradient(
  f: (x: Float64Array) => number,
  x: Float64Array,
  epsilon: number = defaults.epsilon,
): Float64Array {
  const context = 'numericGradient';
  expectFunction(f, context);
  expectVector(x, context);
  expectPositiveNumber('epsilon', epsilon, context);
  const gradient = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const original = x[i];
    try {
      x[i] = original + epsilon;
      const plus = f(x);
      x[i] = original - epsilon;
      const minus = f(x);
      gradient[i] = (plus - minus) / (2 * epsilon);
    } finally {
      x[i] = original;
    }
  }
  return gradient;
}

/**
 * Checks an analytic gradient of f at x against centred finite differences.
 *
 * @example
 * ```ts
 * const x = new Float64Array([0.3, -1.2]);
 * const f = (v: Float64Array) => Math.sin(v[0]) + Math.sin(v[1]);
 * gradientCheck(f, x, [Math.cos(0.3), Math.cos(-1.2)]).passed; // true
 * ```
 */
export function gradientCheck(
  f: (x: Float64Array) => number,
  x: Float64Array,
  analytic: ArrayLike<number>,
  options: GradientCheckOptions = {},
): GradientCheckResult {
  const context = 'gradientCheck';
  expectFunction(f, context);
  expectVector(x, context);
  expectKnownKeys('options', options, ['epsilon', 'tolerance', 'floor'], '{ epsilon, tolerance }', context);
  const epsilon = expectPositiveNumber('options.epsilon', options.epsilon ?? defaults.epsilon, context);
  const tolerance = expectPositiveNumber(
    'options.tolerance',
    options.tolerance ?? defaults.tolerance,
    context,
  );
  const floor = expectPositiveNumber('options.floor', options.floor ?? defaults.floor, context);
  if (
    typeof analytic !== 'object' ||
    analytic === null ||
    typeof analytic.length !== 'number' ||
    analytic.length !== x.length
  ) {
    throw new GradscopeArgumentError(
      'analytic',
      analytic,
      `an array of ${x.length} numbers, one per entry of x`,
      context,
    );
  }
  const numeric = numericGradient(f, x, epsilon);
  let maxRelativeError = 0;
  let worstIndex = 0;
  for (let i = 0; i < numeric.length; i++) {
    const a = analytic[i];
    const n = numeric[i];
    const error = Math.abs(a - n) / Math.max(Math.abs(a) + Math.abs(n), floor);
    // A NaN anywhere must fail the check, so it wins over every number and is never replaced.
    if (Number.isNaN(error)) {
      if (!Number.isNaN(maxRelativeError)) {
        maxRelativeError = NaN;
        worstIndex = i;
      }
    } else if (error > maxRelativeError) {
      maxRelativeError = error;
      worstIndex = i;
    }
  }
  return { maxRelativeError, worstIndex, passed: maxRelativeError <= tolerance, numeric };
}
