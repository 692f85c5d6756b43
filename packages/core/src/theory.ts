/**
 * The closed forms the lessons draw next to their measurements.
 *
 * **The lecture's network.** With g(z) = z, b = 0 and every W^[l] = k·I, the forward pass is a^[l] =
 * k·a^[l−1], so ŷ = k^L·x. Backward, with delta^[l] = dL/dz^[l]: delta^[l] = (W^[l+1])ᵀ delta^[l+1] =
 * k^{L−l}·delta^[L], and dW^[l] = delta^[l]·(a^[l−1])ᵀ = k^{L−l}·delta^[L]·(k^{l−1}x)ᵀ =
 * k^{L−1}·delta^[L]·xᵀ: every layer's weight gradient carries the same factor k^{L−1}. Overflow and underflow
 * depths are computed by repeating the float multiplication a network would do, not from logarithms, so they
 * land on the exact layer.
 *
 * **Activation slopes and initialization constants**: the range of g'(z), and the weight variance of each classic
 * initialization scheme.
 *
 * The mean-field theory of wide random networks (variance propagation, χ, the edge of chaos) is in meanfield.ts,
 * and the propagation of correlations between two inputs in correlation.ts.
 */

import { resolveActivation, type ActivationSpec } from './activations.js';
import { expectDType, roundTo, type DType, type DTypeName } from './dtype.js';
import { scaledIdentityDepth, type DepthMethod } from './floatdepth.js';
import {
  GradscopeArgumentError,
  expectFiniteNumber,
  expectKnownKeys,
  expectOneOf,
  expectPositiveInteger,
} from './errors.js';
import { expectFans, type Fans } from './initializers.js';

// ---------------------------------------------------------------------------------------------------------
// The lecture: W = k·I, g(z) = z, b = 0.
// ---------------------------------------------------------------------------------------------------------

/** Options of the lecture's number-format-aware functions. */
export interface FloatOptions {
  /** The number format the network computes in. Default `'float64'`. */
  readonly dtype?: DType;
}

/**
 * The output k^L·x of the lecture's depth-L network (W^[l] = k·I, linear, no bias), computed as the network
 * does: one multiplication by k per layer, each rounded to `dtype`. Pass a number for one coordinate or an
 * array for a whole input vector.
 *
 * @example
 * ```ts
 * scaledIdentityOutput(1.5, 20, [1, 1]); // [3325.256730079651, 3325.256730079651]
 * scaledIdentityOutput(0.5, 20, 1); // 9.5367431640625e-7
 * ```
 */
export function scaledIdentityOutput(k: number, depth: number, x: number, options?: FloatOptions): number;
export function scaledIdentityOutput(
  k: number,
  depth: number,
  x: readonly number[],
  options?: FloatOptions,
): number[];
export function scaledIdentityOutput(
  k: number,
  depth: number,
  x: number | readonly number[],
  options: FloatOptions = {},
): number | number[] {
  const context = 'scaledIdentityOutput';
  expectFiniteNumber('k', k, context);
  expectPositiveInteger('depth', depth, context);
  const dtype = dtypeOf(options, context);
  const run = (x0: number): number => {
    const kd = roundTo(dtype, k);
    let v = roundTo(dtype, x0);
    for (let l = 1; l <= depth; l++) v = roundTo(dtype, v * kd);
    return v;
  };
  if (typeof x === 'number') return run(expectFiniteNumber('x', x, context));
  if (!Array.isArray(x) || x.length === 0) {
    throw new GradscopeArgumentError(
      'x',
      x,
      'a finite number or a non-empty array of finite numbers',
      context,
    );
  }
  return x.map((xi, i) => run(expectFiniteNumber(`x[${i}]`, xi, context)));
}

/**
 * The lecture network's activation a^[l] = k^l·x0 at every layer l = 0 … depth (index l), one rounded
 * multiplication per layer in `dtype`: the curve a lesson plots on a log scale. Once a value overflows it
 * stays Infinity (and once it underflows it stays 0), as in the network.
 *
 * @example
 * ```ts
 * scaledIdentityActivations(1.5, 3, 1); // Float64Array [1, 1.5, 2.25, 3.375]
 * ```
 */
export function scaledIdentityActivations(
  k: number,
  depth: number,
  x0 = 1,
  options: FloatOptions = {},
): Float64Array {
  const context = 'scaledIdentityActivations';
  expectFiniteNumber('k', k, context);
  expectPositiveInteger('depth', depth, context);
  expectFiniteNumber('x0', x0, context);
  const dtype = dtypeOf(options, context);
  const kd = roundTo(dtype, k);
  const out = new Float64Array(depth + 1);
  let v = roundTo(dtype, x0);
  out[0] = v;
  for (let l = 1; l <= depth; l++) {
    v = roundTo(dtype, v * kd);
    out[l] = v;
  }
  return out;
}

/** How the lecture network's gradients scale with k and depth (see `lectureGradientScale`). */
export interface LectureGradientScale {
  /** ŷ/x = k^L. */
  readonly output: number;
  /** delta[l − 1] = delta^[l]/delta^[L] = k^{L−l}, for l = 1 … L: the factor backprop has applied by layer l. */
  readonly delta: Float64Array;
  /** weightGradient[l − 1] = dW^[l] / (delta^[L]·xᵀ) = k^{L−1} for every l: all layers get the same factor. */
  readonly weightGradient: Float64Array;
}

/**
 * The factors by which the lecture's network (W^[l] = k·I, linear, no bias) scales its output and gradients:
 * ŷ = k^L·x, delta^[l] = k^{L−l}·delta^[L] and dW^[l] = k^{L−1}·delta^[L]·xᵀ. With the squared error
 * L = ½‖ŷ − y‖², delta^[L] = ŷ − y = k^L·x − y, so for k > 1 the weight gradients grow like k^{2L−1}.
 * Powers are computed by repeated float64 multiplication, as a float64 network does.
 *
 * @example
 * ```ts
 * const { output, delta, weightGradient } = lectureGradientScale(1.5, 3);
 * // output 3.375, delta [2.25, 1.5, 1], weightGradient [2.25, 2.25, 2.25]
 * ```
 */
export function lectureGradientScale(k: number, depth: number): LectureGradientScale {
  expectFiniteNumber('k', k, 'lectureGradientScale');
  expectPositiveInteger('depth', depth, 'lectureGradientScale');
  const powers = new Float64Array(depth + 1); // powers[j] = k^j
  powers[0] = 1;
  for (let j = 1; j <= depth; j++) powers[j] = powers[j - 1] * k;
  const delta = new Float64Array(depth);
  const weightGradient = new Float64Array(depth);
  for (let l = 1; l <= depth; l++) {
    delta[l - 1] = powers[depth - l];
    weightGradient[l - 1] = powers[depth - 1];
  }
  return { output: powers[depth], delta, weightGradient };
}

/** Options of `overflowDepth` and `underflowDepth`. */
export interface OverflowOptions {
  /** The number format: `'float64'` (default), `'float32'`, `'float16'`, `'bfloat16'`, or a `-ftz` variant. */
  readonly dtype?: DType;
  /** The input coordinate x0 (its absolute value is used). Default 1. */
  readonly x0?: number;
  /**
   * How many layers to simulate before giving up (returning Infinity). Default 10^7, which covers every
   * |k| farther than about 10^−4 from 1 (no network in a lesson is deeper).
   */
  readonly maxDepth?: number;
  /**
   * `'simulation'` (default): repeat the rounded multiplication v ← round(v·|k|) a network performs, which lands
   * on the exact layer. `'closedForm'`: the logarithm formula in exact arithmetic (see floatdepth.ts), which can
   * be off where rounding decides.
   */
  readonly method?: DepthMethod;
}

/**
 * The first layer L at which the lecture network's activation |x0|·k^L overflows to Infinity in `dtype`
 * (above the largest finite value after rounding: 65504 in float16, about 3.39e38 in bfloat16, 3.40e38 in
 * float32, Number.MAX_VALUE in float64). By default computed by repeating the rounded multiplication
 * v ← round(v·|k|) a network performs, because a formula like ⌈log(max/|x0|)/log|k|⌉ can be off by one where
 * rounding decides; `method: 'closedForm'` gives that formula. Returns 0 when x0 itself is not finite in
 * `dtype`, and Infinity when it never overflows: |k| ≤ 1, x0 = 0, |k| so close to 1 that v·|k| rounds back to
 * v, or no overflow within `maxDepth` layers.
 *
 * @example
 * ```ts
 * overflowDepth(1.5, { dtype: 'float32' }); // 219
 * overflowDepth(1.5, { dtype: 'float16' }); // 28
 * overflowDepth(1.5, { dtype: 'bfloat16' }); // 220: rounding to 8 bits lost 21% by layer 219
 * overflowDepth(1.5, { dtype: 'float16', method: 'closedForm' }); // 28, from ⌊log₂ 65504 / log₂ 1.5⌋ + 1
 * overflowDepth(1.5); // 1751
 * overflowDepth(0.5); // Infinity
 * ```
 */
export function overflowDepth(k: number, options: OverflowOptions = {}): number {
  return scaledIdentityDepth('overflow', k, options);
}

/**
 * The first layer L at which the lecture network's activation |x0|·k^L becomes exactly 0 in `dtype`: the
 * rounded product falls to half the smallest subnormal (float16 2^−24, bfloat16 2^−133, float32 2^−149, float64
 * 2^−1074) or below, or, in a `-ftz` dtype, below the smallest normal (flushed). Simulated by repeated rounded
 * multiplication, like `overflowDepth`, unless `method: 'closedForm'`. A subtlety the simulation gets right and
 * logarithms do not: for 0.5 < |k| < 1 the value never reaches 0. Among the subnormals, v = j·2^−149 (float32)
 * is a whole number j of steps, and v·|k| rounds back to v once j·(1 − |k|) < ½: with k = 0.9 the values stick
 * at 4·2^−149 (3.6 rounds to 4). Then the result is Infinity. Also Infinity for |k| ≥ 1 or beyond `maxDepth`; 0
 * when x0 is 0 (or rounds to 0) already.
 *
 * @example
 * ```ts
 * underflowDepth(0.5, { dtype: 'float32' }); // 150
 * underflowDepth(0.5, { dtype: 'float32-ftz' }); // 127: subnormals flushed to zero
 * underflowDepth(0.5, { dtype: 'float16' }); // 25
 * underflowDepth(0.5); // 1075
 * underflowDepth(0.9); // Infinity: stuck at 4·2^−1074
 * ```
 */
export function underflowDepth(k: number, options: OverflowOptions = {}): number {
  return scaledIdentityDepth('underflow', k, options);
}

/**
 * The product of per-layer scales, multiplied in the given order in float64 as a network would (an
 * intermediate overflow is kept, as in the network). The forum's "half the layers 0.5, half 1.5":
 * 0.5^25·1.5^25 = 0.75^25 ≈ 7.5e−4, so it still vanishes; the order of the layers does not change the
 * product.
 *
 * @example
 * ```ts
 * productOfScales([...Array(25).fill(0.5), ...Array(25).fill(1.5)]); // ≈ 7.53e-4 = 0.75 ** 25
 * ```
 */
export function productOfScales(scales: readonly number[]): number {
  const values = expectScales(scales, 'productOfScales');
  let product = 1;
  for (const s of values) product *= s;
  return product;
}

/**
 * The single per-layer scale with the same effect over the whole depth: the geometric mean (Π|s_l|)^{1/L},
 * computed through logarithms so it never overflows. Half 0.5 and half 1.5 act like √0.75 ≈ 0.866 per layer.
 *
 * @example
 * ```ts
 * effectiveScale([0.5, 1.5]); // 0.8660254037844386
 * ```
 */
export function effectiveScale(scales: readonly number[]): number {
  const values = expectScales(scales, 'effectiveScale');
  let logSum = 0;
  for (const s of values) logSum += Math.log(Math.abs(s));
  return Math.exp(logSum / values.length);
}

function expectScales(scales: readonly number[], context: string): readonly number[] {
  if (!Array.isArray(scales) || scales.length === 0) {
    throw new GradscopeArgumentError('scales', scales, 'a non-empty array of finite numbers', context);
  }
  scales.forEach((s, i) => expectFiniteNumber(`scales[${i}]`, s, context));
  return scales;
}

// ---------------------------------------------------------------------------------------------------------
// Activation slopes and the initialization constants.
// ---------------------------------------------------------------------------------------------------------

/**
 * The sigmoid's largest slope, σ'(0) = σ(0)(1 − σ(0)) = 1/4: through L sigmoid layers with unit weights the
 * gradient shrinks by at least 4^L.
 *
 * @example
 * ```ts
 * sigmoidMaxSlope ** 10; // ≈ 9.5e-7: ten sigmoid layers, even at their steepest
 * ```
 */
export const sigmoidMaxSlope = 0.25;

/** The range of an activation's slope g'(z) over all z. */
export interface SlopeBounds {
  /** inf_z g'(z). */
  readonly min: number;
  /** sup_z g'(z). */
  readonly max: number;
}

/**
 * The smallest and largest slope g'(z) over all z (infimum and supremum, so sigmoid's min is 0 although no z
 * attains it). Found on a fine grid over [−40, 40], at ±0 (kinks), far out (±10^6), then refined by
 * golden-section search: exact for piecewise-linear activations and to ~1e−12 for smooth ones.
 * sigmoid [0, 1/4], tanh [0, 1], ReLU [0, 1], GELU [−0.1289, 1.1289].
 *
 * @example
 * ```ts
 * activationSlopeBounds('sigmoid'); // { min: 0, max: 0.25 }
 * activationSlopeBounds('relu'); // { min: 0, max: 1 }
 * ```
 */
export function activationSlopeBounds(activation: ActivationSpec): SlopeBounds {
  const g = resolveActivation(activation, 'activation', 'activationSlopeBounds');
  const slope = (z: number): number => g.derivative(z, g.apply(z));
  let min = Infinity;
  let max = -Infinity;
  let argMin = 0;
  let argMax = 0;
  const consider = (z: number): void => {
    const s = slope(z);
    if (s < min) [min, argMin] = [s, z];
    if (s > max) [max, argMax] = [s, z];
  };
  const STEPS_PER_UNIT = 200;
  for (let i = -40 * STEPS_PER_UNIT; i <= 40 * STEPS_PER_UNIT; i++) consider(i / STEPS_PER_UNIT);
  for (const z of [-1e-300, 1e-300, -1e6, 1e6]) consider(z);
  const h = 1 / STEPS_PER_UNIT;
  if (Math.abs(argMax) < 40) max = Math.max(max, goldenExtremum(slope, argMax - h, argMax + h, 1));
  if (Math.abs(argMin) < 40) min = Math.min(min, goldenExtremum(slope, argMin - h, argMin + h, -1));
  return { min, max };
}

/** max (sign 1) or min (sign −1) of f on [a, b] by golden-section search. */
function goldenExtremum(f: (z: number) => number, a: number, b: number, sign: 1 | -1): number {
  const ratio = (Math.sqrt(5) - 1) / 2;
  let c = b - ratio * (b - a);
  let d = a + ratio * (b - a);
  let fc = sign * f(c);
  let fd = sign * f(d);
  for (let i = 0; i < 80; i++) {
    if (fc > fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - ratio * (b - a);
      fc = sign * f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + ratio * (b - a);
      fd = sign * f(d);
    }
  }
  return sign * Math.max(fc, fd);
}

/** The classic initialization schemes. */
export type InitScheme = 'lecun' | 'xavier' | 'he';

const INIT_SCHEMES: readonly InitScheme[] = ['lecun', 'xavier', 'he'];

/**
 * Var(W_ij) of a classic initialization, the variance `lecunNormal`, `xavierNormal`, `heNormal` (and their
 * uniform twins) draw. Derivation, with z_i = Σ_j W_ij a_j over fan_in inputs and independent zero-mean
 * weights: Var(z_i) = fan_in·Var(W)·E[a_j²]; backward, Var(dA_j) = fan_out·Var(W)·Var(delta_i).
 * - **LeCun** (LeCun et al., "Efficient BackProp", 1998): for linear units or tanh near 0 (a ≈ z), keeping
 *   Var(z) constant forward needs fan_in·Var(W) = 1, so Var(W) = 1/fan_in.
 * - **Xavier** (Glorot & Bengio, AISTATS 2010, eq. 12): forward wants 1/fan_in, backward wants 1/fan_out; the
 *   compromise is their harmonic mean, Var(W) = 2/(fan_in + fan_out).
 * - **He** (He, Zhang, Ren & Sun, ICCV 2015, eq. 10): ReLU zeroes half of a symmetric z, so
 *   E[relu(z)²] = q/2; restoring fan_in·Var(W)·q/2 = q needs Var(W) = 2/fan_in. In mean-field terms this is
 *   σ_w² = 2, ReLU's critical weight variance (`criticalWeightVariance('relu')`).
 *
 *
 * The fans are named, as `Initializer.std` takes them: fan_in = n_{l−1} = the cols of W^[l] and fan_out = n_l = its
 * rows (what `create(rows, cols)` receives), so a swapped pair cannot silently give another variance.
 *
 * @example
 * ```ts
 * initVariance('he', { fanIn: 256, fanOut: 128 }); // 2/256 = 0.0078125
 * initVariance('xavier', { fanIn: 100, fanOut: 300 }); // 2/400 = 0.005
 * heNormal().std!({ fanIn: 256, fanOut: 128 }) ** 2; // the same variance as initVariance('he', …)
 * ```
 */
export function initVariance(scheme: InitScheme, fans: Fans): number {
  const context = 'initVariance';
  expectOneOf('scheme', scheme, INIT_SCHEMES, context);
  const { fanIn, fanOut } = expectFans(fans, context);
  if (scheme === 'lecun') return 1 / fanIn;
  if (scheme === 'xavier') return 2 / (fanIn + fanOut);
  return 2 / fanIn;
}

function dtypeOf(options: FloatOptions, context: string, keys: readonly string[] = ['dtype']): DTypeName {
  expectKnownKeys('options', options, keys, '{ dtype: "float32" }', context);
  return expectDType('options.dtype', options.dtype, context);
}
