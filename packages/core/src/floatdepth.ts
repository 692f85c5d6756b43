/**
 * How deep the lecture's network (W^[l] = k·I, g(z) = z, b = 0, so a^[l] = k^l·x) can go in each number format
 * before its activations, or its loss ½‖ŷ‖², stop being usable numbers. Two ways to answer, side by side:
 *
 * - **closed form**: exact arithmetic on the stored k and x0. The activation overflows at the first L with
 *   |x0|·|k|^L > max, that is L = ⌊log₂(max/|x0|)/log₂|k|⌋ + 1. It becomes 0 at the first L with
 *   |x0|·|k|^L ≤ ½·(smallest subnormal) (half the smallest subnormal rounds to the even neighbour, 0), that is
 *   L = ⌈log₂(½·minSubnormal/|x0|)/log₂|k|⌉; when subnormals are flushed, at the first L with
 *   |x0|·|k|^L < (smallest normal), L = ⌊log₂(minNormal/|x0|)/log₂|k|⌋ + 1.
 * - **simulation**: repeat what the network does, v ← round(v·|k|), one rounding per layer, and report the first
 *   layer whose value is ±Infinity (or 0). This is the layer a network run in that format shows.
 *
 * The simulation is the one a network run agrees with (floatdepth.test.ts runs the network in every dtype). The
 * closed form agrees with it for the lecture's k = 1.5 and 0.5 in float64, float32 and float16, and parts from it
 * where rounding decides. In bfloat16, 8 significand bits round 1.5·v on nearly every layer, and the rounded
 * values drift 21% below 1.5^L by layer 219, so the network overflows at 220, one layer after the closed form's
 * 219. For 0.5 < |k| < 1 the closed form predicts an underflow depth, but among the subnormals v·|k| rounds back
 * to v once the step is less than half a spacing, and the simulated value stops shrinking (k = 0.9 sticks at 4
 * spacings above zero), so the simulation says it never reaches 0.
 */

import { DTYPES, expectDType, floatFormat, rounderFor, type DType, type DTypeName } from './dtype.js';
import {
  GradscopeArgumentError,
  expectFiniteNumber,
  expectKnownKeys,
  expectOneOf,
  expectPositiveInteger,
} from './errors.js';
import type { OverflowOptions } from './theory.js';

/**
 * Which event a depth is counted to: the first ±Infinity, or the first exact 0.
 *
 * @internal
 */
export type DepthEvent = 'overflow' | 'underflow';

/** How a depth is computed: by repeating the rounded multiplication, or from logarithms in exact arithmetic. */
export type DepthMethod = 'simulation' | 'closedForm';

/** Both methods, for validation and for tables that show them side by side. */
export const DEPTH_METHODS: readonly DepthMethod[] = ['simulation', 'closedForm'];

const DEFAULT_MAX_DEPTH = 10_000_000;

/**
 * The first layer L at which the lecture network's activation |x0|·k^L overflows to ±Infinity (`'overflow'`) or
 * becomes exactly 0 (`'underflow'`) in `options.dtype`, by `options.method` (`'simulation'` by default, or
 * `'closedForm'`; see the file header). 0 when x0 itself already overflows or rounds to 0; Infinity when the event
 * never happens (|k| ≤ 1 for overflow, |k| ≥ 1 for underflow, a simulated value that stops changing, or none
 * within `options.maxDepth` layers). `overflowDepth` and `underflowDepth` are this function with the event fixed.
 *
 * @internal
 * @example
 * ```ts
 * scaledIdentityDepth('overflow', 1.5, { dtype: 'float16' }); // 28
 * scaledIdentityDepth('underflow', 0.5, { dtype: 'float32-ftz' }); // 127: 2^−127 is subnormal, flushed
 * scaledIdentityDepth('underflow', 0.9, { dtype: 'float16', method: 'closedForm' }); // 165
 * scaledIdentityDepth('underflow', 0.9, { dtype: 'float16' }); // Infinity: stuck at 4·2^−24
 * ```
 */
export function scaledIdentityDepth(event: DepthEvent, k: number, options: OverflowOptions = {}): number {
  const context = event === 'overflow' ? 'overflowDepth' : 'underflowDepth';
  expectOneOf('event', event, ['overflow', 'underflow'] as const, 'scaledIdentityDepth');
  expectFiniteNumber('k', k, context);
  expectKnownKeys('options', options, ['dtype', 'x0', 'maxDepth', 'method'], "{ dtype: 'float16' }", context);
  const dtype = expectDType('options.dtype', options.dtype, context);
  const x0 = expectFiniteNumber('options.x0', options.x0 ?? 1, context);
  const maxDepth = expectPositiveInteger('options.maxDepth', options.maxDepth ?? DEFAULT_MAX_DEPTH, context);
  const method = expectOneOf('options.method', options.method ?? 'simulation', DEPTH_METHODS, context);
  const round = rounderFor(dtype);
  const factor = round(Math.abs(k));
  const start = round(Math.abs(x0));
  if (method === 'closedForm') return closedFormDepth(event, factor, start, dtype);
  return simulatedDepth(event === 'overflow' ? isInfinite : isZero, factor, start, round, maxDepth);
}

const isInfinite = (v: number): boolean => v === Infinity;
const isZero = (v: number): boolean => v === 0;

/** The first layer whose value v ← round(v·factor) is `done`; Infinity once v stops changing or past maxDepth. */
function simulatedDepth(
  done: (v: number) => boolean,
  factor: number,
  start: number,
  round: (x: number) => number,
  maxDepth: number,
): number {
  let v = start;
  if (done(v)) return 0;
  for (let layer = 1; layer <= maxDepth; layer++) {
    const next = round(v * factor);
    if (done(next)) return layer;
    // With a constant factor the sequence is monotone, so a value that maps to itself stays forever.
    if (next === v) return Infinity;
    v = next;
  }
  return Infinity;
}

/** The closed forms of the file header, for a stored factor |k| and start |x0|. */
function closedFormDepth(event: DepthEvent, factor: number, start: number, dtype: DTypeName): number {
  const { max, minNormal, minSubnormal, flushSubnormals } = floatFormat(dtype);
  if (event === 'overflow') {
    if (start === Infinity) return 0;
    if (factor <= 1 || start === 0) return Infinity;
    return firstAbove(Math.log2(max) - Math.log2(start), Math.log2(factor));
  }
  if (start === 0) return 0;
  if (factor >= 1) return Infinity;
  if (factor === 0) return 1;
  const logFactor = Math.log2(factor);
  if (flushSubnormals) return firstAbove(Math.log2(minNormal) - Math.log2(start), logFactor);
  // |x0|·|k|^L ≤ t ⟺ L ≥ log₂(t/|x0|)/log₂|k| (log₂|k| < 0 flips the inequality).
  // log₂(minSubnormal) − 1, not log₂(minSubnormal/2): half of float64's smallest subnormal is 0.
  return Math.max(1, Math.ceil((Math.log2(minSubnormal) - 1 - Math.log2(start)) / logFactor));
}

/**
 * The first L ≥ 1 with L·step > gap (step > 0) or L·step < gap (step < 0): ⌊gap/step⌋ + 1, or 1 when the
 * start is already past the threshold.
 */
function firstAbove(gap: number, step: number): number {
  return Math.max(1, Math.floor(gap / step) + 1);
}

/** Options of `lossOverflowDepth`. */
export interface LossOverflowOptions {
  /** The format of the network: every activation, and ŷ, is rounded to it. Default `'float64'`. */
  readonly dtype?: DType;
  /**
   * The format the squares ŷ_i² and their running sum are rounded to: `'float32'` as a float32 framework's
   * reduction kernel does, `'float64'` for a wider accumulator. Default: the network's dtype.
   */
  readonly accumulate?: DType;
  /** The format the loss itself is stored in (a framework's loss tensor). Default: the network's dtype. */
  readonly lossDType?: DType;
  /** The input x (its entries' absolute values are used). Default [1, 1], the lecture's. */
  readonly input?: readonly number[];
  /** `'simulation'` (default) or `'closedForm'`, as for `overflowDepth`. */
  readonly method?: DepthMethod;
  /** How many layers to simulate before giving up (returning Infinity). Default 10^7. */
  readonly maxDepth?: number;
}

/**
 * The first depth L at which the loss ½‖ŷ‖² of the lecture's network (ŷ = k^L·x, so the loss is ½‖x‖²·k^{2L},
 * k^{2L} for the lecture's x = (1, 1)) is ±Infinity. The simulation computes ŷ in `dtype` (one rounding per layer),
 * then each square and the running sum rounded to `accumulate`, then ½·sum rounded to `accumulate` and stored in
 * `lossDType`. The closed form is the first L at which, in exact arithmetic, any of these exceeds its format's
 * largest value: an entry of ŷ (dtype), the sum ‖ŷ‖² (accumulate) or the loss (lossDType). The loss overflows at
 * about half the depth of the activations, because it is a square, and one layer earlier still when the sum of
 * squares, twice the loss here, has to fit the narrow format first.
 *
 * @example
 * ```ts
 * lossOverflowDepth(1.5, { dtype: 'float32', accumulate: 'float64' }); // 110: 1.5^220 > 3.4e38
 * lossOverflowDepth(1.5, { dtype: 'float32', accumulate: 'float32' }); // 109: the sum 2·1.5^218 overflows first
 * lossOverflowDepth(1.5, { dtype: 'float16', accumulate: 'float32' }); // 14
 * ```
 */
export function lossOverflowDepth(k: number, options: LossOverflowOptions = {}): number {
  const context = 'lossOverflowDepth';
  expectFiniteNumber('k', k, context);
  expectKnownKeys(
    'options',
    options,
    ['dtype', 'accumulate', 'lossDType', 'input', 'method', 'maxDepth'],
    "{ dtype: 'float32', accumulate: 'float64' }",
    context,
  );
  const dtype = expectDType('options.dtype', options.dtype, context);
  const accumulate =
    options.accumulate === undefined ? dtype : expectDType('options.accumulate', options.accumulate, context);
  const lossDType =
    options.lossDType === undefined ? dtype : expectDType('options.lossDType', options.lossDType, context);
  const method = expectOneOf('options.method', options.method ?? 'simulation', DEPTH_METHODS, context);
  const maxDepth = expectPositiveInteger('options.maxDepth', options.maxDepth ?? DEFAULT_MAX_DEPTH, context);
  const input = options.input ?? [1, 1];
  if (!Array.isArray(input) || input.length === 0) {
    throw new GradscopeArgumentError('options.input', input, 'a non-empty array of finite numbers', context);
  }
  const round = rounderFor(dtype);
  const roundSum = rounderFor(accumulate);
  const roundLoss = rounderFor(lossDType);
  const factor = round(Math.abs(k));
  const start = input.map((x, i) => round(Math.abs(expectFiniteNumber(`options.input[${i}]`, x, context))));

  const lossOf = (y: readonly number[]): number => {
    let sum = 0;
    for (const v of y) sum = roundSum(sum + roundSum(v * v));
    return roundLoss(roundSum(0.5 * sum));
  };
  if (lossOf(start) === Infinity) return 0;
  if (method === 'closedForm') {
    if (factor <= 1) return Infinity;
    const largest = Math.max(...start);
    let sumOfSquares = 0;
    for (const v of start) sumOfSquares += v * v;
    if (largest === 0) return Infinity;
    const logFactor = Math.log2(factor);
    return Math.min(
      firstAbove(Math.log2(floatFormat(dtype).max) - Math.log2(largest), logFactor),
      firstAbove(Math.log2(floatFormat(accumulate).max) - Math.log2(sumOfSquares), 2 * logFactor),
      firstAbove(Math.log2(floatFormat(lossDType).max) - Math.log2(sumOfSquares / 2), 2 * logFactor),
    );
  }
  if (factor <= 1) return Infinity; // every |ŷ_i| stays at most |x_i|, so neither does the loss grow
  let y = start;
  for (let layer = 1; layer <= maxDepth; layer++) {
    const next = y.map((v) => round(v * factor));
    if (lossOf(next) === Infinity) return layer;
    if (next.every((v, i) => v === y[i])) return Infinity;
    y = next;
  }
  return Infinity;
}

/** One row of `depthLimitTable`: how deep the lecture's network goes in one dtype. */
export interface DepthLimits {
  /** The dtype of the row. */
  readonly dtype: DTypeName;
  /** The first layer whose activation is ±Infinity for k = `grow`, by simulation and by the closed form. */
  readonly overflow: { readonly simulation: number; readonly closedForm: number };
  /** The first layer whose activation is exactly 0 for k = `shrink`, by simulation and by the closed form. */
  readonly underflow: { readonly simulation: number; readonly closedForm: number };
}

/** Options of `depthLimitTable`. */
export interface DepthLimitTableOptions {
  /** The k > 1 whose overflow depth is listed. Default 1.5, the lecture's. */
  readonly grow?: number;
  /** The k < 1 whose underflow depth is listed. Default 0.5, the lecture's. */
  readonly shrink?: number;
  /** The input coordinate. Default 1. */
  readonly x0?: number;
  /** The rows, in order. Default: every dtype (float64, float32, float16, bfloat16, then the -ftz ones). */
  readonly dtypes?: readonly DType[];
}

/**
 * The overflow depth for k = `grow` and the underflow depth for k = `shrink` of the lecture's network in each
 * dtype, by simulation and by the closed form side by side: the table a lesson on number formats shows.
 *
 * @example
 * ```ts
 * depthLimitTable({ dtypes: ['float16', 'float32'] });
 * // [{ dtype: 'float16', overflow: { simulation: 28, closedForm: 28 }, underflow: { simulation: 25, closedForm: 25 } },
 * //  { dtype: 'float32', overflow: { simulation: 219, closedForm: 219 }, underflow: { simulation: 150, closedForm: 150 } }]
 * ```
 */
export function depthLimitTable(options: DepthLimitTableOptions = {}): DepthLimits[] {
  const context = 'depthLimitTable';
  expectKnownKeys(
    'options',
    options,
    ['grow', 'shrink', 'x0', 'dtypes'],
    '{ grow: 1.5, shrink: 0.5 }',
    context,
  );
  const grow = expectFiniteNumber('options.grow', options.grow ?? 1.5, context);
  const shrink = expectFiniteNumber('options.shrink', options.shrink ?? 0.5, context);
  const x0 = expectFiniteNumber('options.x0', options.x0 ?? 1, context);
  const dtypes = options.dtypes ?? DTYPES;
  if (!Array.isArray(dtypes) || dtypes.length === 0) {
    throw new GradscopeArgumentError(
      'options.dtypes',
      dtypes,
      "a non-empty array of dtypes like ['float16']",
      context,
    );
  }
  return dtypes.map((d, i) => {
    const dtype = expectDType(`options.dtypes[${i}]`, d, context);
    const depth = (event: DepthEvent, k: number, method: DepthMethod) =>
      scaledIdentityDepth(event, k, { dtype, x0, method });
    return {
      dtype,
      overflow: {
        simulation: depth('overflow', grow, 'simulation'),
        closedForm: depth('overflow', grow, 'closedForm'),
      },
      underflow: {
        simulation: depth('underflow', shrink, 'simulation'),
        closedForm: depth('underflow', shrink, 'closedForm'),
      },
    };
  });
}
