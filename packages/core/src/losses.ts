/**
 * Loss functions: the number L that training lowers, and its gradient with respect to the network's output,
 * dA^[L] = ∂L/∂a^[L], where backpropagation starts.
 *
 * Prediction ŷ = a^[L] and target y are (n_L × m) matrices, one example per column; every loss averages over
 * the m examples, so its gradient carries a factor 1/m:
 * - mean squared error:    L = (1/2m) Σ_j ‖ŷ_j − y_j‖²,
 *                          ∂L/∂ŷ = (ŷ − y)/m
 * - binary cross-entropy:  L = −(1/m) Σ [y log ŷ + (1 − y) log(1 − ŷ)],
 *                          ∂L/∂ŷ = (−y/ŷ + (1 − y)/(1 − ŷ))/m
 *   on probabilities ŷ ∈ [0, 1] (sigmoid outputs). Nothing is clipped: a saturated sigmoid that outputs
 *   exactly 0 for a positive example gives L = Infinity, which is what the lesson on saturation shows.
 * - softmax cross-entropy: L = −(1/m) Σ_j Σ_k y_kj log softmax(z_j)_k,
 *                          ∂L/∂z = (softmax(z)·Σ_k y_k − y)/m
 *   on logits z (use an identity output layer); the familiar (softmax(z) − y)/m when each column of y sums
 *   to 1. log softmax(z)_k = z_k − logsumexp(z), with logsumexp(z) = max z + log Σ exp(z − max z), which
 *   never overflows (Goodfellow, Bengio & Courville, Deep Learning, 2016, §4.1).
 *
 * Terms whose target weight is exactly 0 are skipped, so 0·log 0 counts as 0 (the usual convention) instead
 * of NaN. Every sum runs in float64; the gradient is stored in the prediction's dtype.
 */

import { GradscopeArgumentError, quotedNames } from './errors.js';
import { expectMatrix, expectSameShape, roundInPlace, zeros, type Matrix } from './matrix.js';

/** The names `resolveLoss` accepts. */
export type LossName = 'mse' | 'bce' | 'softmaxCrossEntropy';

/** A loss averaged over the examples (columns), with its gradient. */
export interface Loss {
  /** Machine name, accepted by `resolveLoss`. */
  readonly name: LossName;
  /** Readable name for legends and tables. */
  readonly label: string;
  /** L(ŷ, y), averaged over the m columns. */
  value(prediction: Matrix, target: Matrix): number;
  /** ∂L/∂ŷ, written into `out` when given (same shape as the prediction). */
  gradient(prediction: Matrix, target: Matrix, out?: Matrix): Matrix;
}

/** A loss name or a Loss object. */
export type LossSpec = LossName | Loss;

/** Every loss name, for validation and menus. */
export const LOSS_NAMES: readonly LossName[] = ['mse', 'bce', 'softmaxCrossEntropy'];

function checkPair(context: string, prediction: unknown, target: unknown): Matrix {
  const p = expectMatrix('prediction', prediction, context);
  const t = expectMatrix('target', target, context);
  expectSameShape('target', t, p, context);
  return p;
}

/** Checks a gradient's arguments and returns where it goes: `out` when given, else a new matrix like ŷ. */
function gradientOutput(
  context: string,
  prediction: Matrix,
  target: Matrix,
  out: Matrix | undefined,
): Matrix {
  checkPair(context, prediction, target);
  if (out === undefined) return zeros(prediction.rows, prediction.cols, prediction.dtype);
  const checked = expectMatrix('out', out, context);
  expectSameShape('out', checked, prediction, context);
  return checked;
}

/**
 * Mean squared error, L = (1/2m) Σ ‖ŷ − y‖² (the ½ makes the gradient simply (ŷ − y)/m).
 *
 * @example
 * ```ts
 * meanSquaredError.value(matrix([[1, 2]]), matrix([[0, 0]])); // (1 + 4)/(2·2) = 1.25
 * ```
 */
export const meanSquaredError: Loss = {
  name: 'mse',
  label: 'mean squared error',
  value(prediction, target) {
    const p = checkPair('meanSquaredError.value', prediction, target).data;
    const y = target.data;
    let sum = 0;
    for (let i = 0; i < p.length; i++) {
      const r = p[i] - y[i];
      sum += r * r;
    }
    return sum / (2 * prediction.cols);
  },
  gradient(prediction, target, out) {
    const result = gradientOutput('meanSquaredError.gradient', prediction, target, out);
    const p = prediction.data;
    const y = target.data;
    const g = result.data;
    const inv = 1 / prediction.cols;
    for (let i = 0; i < p.length; i++) g[i] = (p[i] - y[i]) * inv;
    return roundInPlace(result);
  },
};

/**
 * Binary cross-entropy on probabilities (e.g. sigmoid outputs), targets in [0, 1]. Not clipped: a confident
 * wrong prediction of exactly 0 or 1 gives Infinity, as data.
 *
 * @example
 * ```ts
 * binaryCrossEntropy.value(matrix([[0.5]]), matrix([[1]])); // log 2 = 0.6931471805599453
 * ```
 */
export const binaryCrossEntropy: Loss = {
  name: 'bce',
  label: 'binary cross-entropy',
  value(prediction, target) {
    const p = checkPair('binaryCrossEntropy.value', prediction, target).data;
    const y = target.data;
    let sum = 0;
    for (let i = 0; i < p.length; i++) {
      const yi = y[i];
      const pi = p[i];
      // log1p(−p) keeps log(1 − p) accurate for small p.
      if (yi !== 0) sum -= yi * Math.log(pi);
      if (yi !== 1) sum -= (1 - yi) * Math.log1p(-pi);
    }
    return sum / prediction.cols;
  },
  gradient(prediction, target, out) {
    const result = gradientOutput('binaryCrossEntropy.gradient', prediction, target, out);
    const p = prediction.data;
    const y = target.data;
    const g = result.data;
    const inv = 1 / prediction.cols;
    for (let i = 0; i < p.length; i++) {
      const yi = y[i];
      const pi = p[i];
      let d = 0;
      if (yi !== 0) d -= yi / pi;
      if (yi !== 1) d += (1 - yi) / (1 - pi);
      g[i] = d * inv;
    }
    return roundInPlace(result);
  },
};

/**
 * Softmax followed by cross-entropy, on logits (classes × m) with one-hot (or probability) targets. Stable
 * for any finite logits: ±1000 is fine.
 *
 * @example
 * ```ts
 * softmaxCrossEntropy.value(matrix([[0], [0], [0]]), matrix([[1], [0], [0]])); // log 3
 * ```
 */
export const softmaxCrossEntropy: Loss = {
  name: 'softmaxCrossEntropy',
  label: 'softmax cross-entropy',
  value(prediction, target) {
    checkPair('softmaxCrossEntropy.value', prediction, target);
    const { rows, cols } = prediction;
    const z = prediction.data;
    const y = target.data;
    let sum = 0;
    for (let j = 0; j < cols; j++) {
      const lse = logSumExpColumn(z, rows, cols, j);
      for (let k = 0; k < rows; k++) {
        const yk = y[k * cols + j];
        if (yk !== 0) sum -= yk * (z[k * cols + j] - lse);
      }
    }
    return sum / cols;
  },
  gradient(prediction, target, out) {
    const result = gradientOutput('softmaxCrossEntropy.gradient', prediction, target, out);
    const { rows, cols } = prediction;
    const z = prediction.data;
    const y = target.data;
    const g = result.data;
    const inv = 1 / cols;
    for (let j = 0; j < cols; j++) {
      const lse = logSumExpColumn(z, rows, cols, j);
      let mass = 0;
      for (let k = 0; k < rows; k++) mass += y[k * cols + j];
      // Read y before writing g: `out` may be the target itself.
      for (let k = 0; k < rows; k++) {
        const i = k * cols + j;
        g[i] = (Math.exp(z[i] - lse) * mass - y[i]) * inv;
      }
    }
    return roundInPlace(result);
  },
};

/** log Σ_k exp(z_kj) for column j, shifted by the column's maximum so no exp overflows. */
function logSumExpColumn(z: ArrayLike<number>, rows: number, cols: number, j: number): number {
  let max = -Infinity;
  for (let k = 0; k < rows; k++) {
    const v = z[k * cols + j];
    if (v > max) max = v;
  }
  // All −Infinity (or a lone +Infinity): the shift would give NaN; return the max itself, as data.
  if (!Number.isFinite(max)) return max;
  let sum = 0;
  for (let k = 0; k < rows; k++) sum += Math.exp(z[k * cols + j] - max);
  return max + Math.log(sum);
}

/**
 * A Loss from a name ('mse', 'bce', 'softmaxCrossEntropy') or a Loss object; throws for anything else,
 * listing the names and suggesting the nearest to a misspelt one.
 *
 * @param argument the caller's name for the value, used in the error message.
 * @param context the function the value was given to, named in the error message.
 * @internal
 * @example
 * ```ts
 * resolveLoss('mse', 'options.loss', 'fit') === meanSquaredError; // true
 * resolveLoss('mse ', 'options.loss', 'fit'); // throws: … (did you mean "mse"?)
 * ```
 */
export function resolveLoss(spec: unknown, argument: string, context: string): Loss {
  if (spec === 'mse') return meanSquaredError;
  if (spec === 'bce') return binaryCrossEntropy;
  if (spec === 'softmaxCrossEntropy') return softmaxCrossEntropy;
  const names = quotedNames(LOSS_NAMES);
  if (typeof spec === 'string') throw GradscopeArgumentError.notOneOf(argument, spec, LOSS_NAMES, context);
  if (
    typeof spec === 'object' &&
    spec !== null &&
    typeof (spec as Loss).value === 'function' &&
    typeof (spec as Loss).gradient === 'function'
  ) {
    return spec as Loss;
  }
  throw new GradscopeArgumentError(
    argument,
    spec,
    `a loss name (one of ${names}) or a Loss object with value and gradient`,
    context,
  );
}
