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
 * **Mean field** (Poole, Lahiri, Raghu, Sohl-Dickstein & Ganguli, "Exponential expressivity in deep neural
 * networks through transient chaos", NeurIPS 2016; Schoenholz, Gilmer, Ganguli & Sohl-Dickstein, "Deep
 * information propagation", ICLR 2017). A wide network z^[l] = W^[l]·φ(z^[l−1]) + b^[l] with
 * W_ij ~ N(0, σ_w²/N_{l−1}) and b_i ~ N(0, σ_b²) has, for each example, pre-activations z^[l]_i that are
 * approximately N(0, q^l) with
 *     q^1 = σ_w²·‖x‖²/N_0 + σ_b²,        q^l = σ_w²·E_{z~N(0, q^{l−1})}[φ(z)²] + σ_b²    (Poole eq. 3)
 * and, backward, delta^[l] = φ'(z^[l]) ⊙ (W^[l+1])ᵀ delta^[l+1] gives
 *     ‖delta^[l]‖² ≈ χ_l·‖delta^[l+1]‖²,   χ_l = σ_w²·E_{z~N(0, q^l)}[φ'(z)²]         (Schoenholz eq. 5)
 * whatever the widths (the fan-in N_l in Var(W) cancels the N_l entries of Wᵀdelta). The product assumes the
 * backward weights independent of the forward ones (Schoenholz et al.'s "gradient independence"), which wide
 * networks satisfy closely. At the fixed point q* of the variance map, χ = χ_l: χ < 1 vanishes (ordered),
 * χ > 1 explodes (chaotic), χ = 1 is the edge of chaos.
 *
 * Expectations use `gaussianExpectationPiecewise` (panels ending at the kink z = 0), with closed forms for
 * the identity (E[z²] = q, E[1] = 1), ReLU (E[relu(z)²] = q/2, E[relu'(z)²] = 1/2) and leaky ReLU with slope
 * s ((1 + s²)·q/2 and (1 + s²)/2).
 */

import { resolveActivation, type Activation, type ActivationSpec } from './activations.js';
import { expectDType, roundTo, type DType, type DTypeName } from './dtype.js';
import { scaledIdentityDepth, type DepthMethod } from './floatdepth.js';
import {
  GradscopeArgumentError,
  expectFiniteNumber,
  expectNonNegativeNumber,
  expectObject,
  expectOneOf,
  expectPositiveInteger,
  expectPositiveNumber,
} from './errors.js';
import { isMatrix, type Matrix } from './matrix.js';
import { gaussianExpectationPiecewise } from './quadrature.js';

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
  expectFiniteNumber('k', k);
  expectPositiveInteger('depth', depth);
  const dtype = dtypeOf(options);
  const run = (x0: number): number => {
    const kd = roundTo(dtype, k);
    let v = roundTo(dtype, x0);
    for (let l = 1; l <= depth; l++) v = roundTo(dtype, v * kd);
    return v;
  };
  if (typeof x === 'number') return run(expectFiniteNumber('x', x));
  if (!Array.isArray(x) || x.length === 0) {
    throw new GradscopeArgumentError('x', x, 'a finite number or a non-empty array of finite numbers');
  }
  return x.map((xi, i) => run(expectFiniteNumber(`x[${i}]`, xi)));
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
  expectFiniteNumber('k', k);
  expectPositiveInteger('depth', depth);
  expectFiniteNumber('x0', x0);
  const dtype = dtypeOf(options);
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
  expectFiniteNumber('k', k);
  expectPositiveInteger('depth', depth);
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
  const values = expectScales(scales);
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
  const values = expectScales(scales);
  let logSum = 0;
  for (const s of values) logSum += Math.log(Math.abs(s));
  return Math.exp(logSum / values.length);
}

function expectScales(scales: readonly number[]): readonly number[] {
  if (!Array.isArray(scales) || scales.length === 0) {
    throw new GradscopeArgumentError('scales', scales, 'a non-empty array of finite numbers');
  }
  scales.forEach((s, i) => expectFiniteNumber(`scales[${i}]`, s));
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
  const g = resolveActivation(activation, 'activation');
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
 * @example
 * ```ts
 * initVariance('he', 256, 128); // 2/256 = 0.0078125
 * initVariance('xavier', 100, 300); // 2/400 = 0.005
 * ```
 */
export function initVariance(scheme: InitScheme, fanIn: number, fanOut: number): number {
  expectOneOf('scheme', scheme, INIT_SCHEMES);
  expectPositiveInteger('fanIn', fanIn);
  expectPositiveInteger('fanOut', fanOut);
  if (scheme === 'lecun') return 1 / fanIn;
  if (scheme === 'xavier') return 2 / (fanIn + fanOut);
  return 2 / fanIn;
}

// ---------------------------------------------------------------------------------------------------------
// Mean field: variance propagation and the gradient growth factor χ.
// ---------------------------------------------------------------------------------------------------------

/** The random network mean-field theory describes: W_ij ~ N(0, σ_w²/N_{l−1}), b_i ~ N(0, σ_b²). */
export interface MeanFieldOptions {
  /** φ, the activation of every layer. */
  readonly activation: ActivationSpec;
  /** σ_w²: each weight has variance σ_w²/fan_in (He initialization for ReLU is σ_w² = 2). */
  readonly weightVariance: number;
  /** σ_b², the variance of each bias. Default 0. */
  readonly biasVariance?: number;
}

/**
 * A mean-field network with a depth and an input. Give exactly one of `inputVariance` (q^1 itself),
 * `inputSecondMoment` (‖x‖²/N_0, then q^1 = σ_w²·‖x‖²/N_0 + σ_b²) or `input` (one example x, as numbers or an
 * N_0 × 1 matrix).
 */
export interface DeepMeanFieldOptions extends MeanFieldOptions {
  /** L, the number of layers. */
  readonly depth: number;
  /** q^1, the variance of the first layer's pre-activations. */
  readonly inputVariance?: number;
  /** ‖x‖²/N_0, the mean square of the input's entries. */
  readonly inputSecondMoment?: number;
  /** One input example x. */
  readonly input?: ArrayLike<number> | Matrix;
}

/**
 * E_{z~N(0, q)}[φ(z)²], the mean square of an activation's output when its input has variance q.
 * Infinity for an unbounded φ at q = Infinity.
 *
 * @example
 * ```ts
 * meanSquaredActivation('relu', 3); // 1.5 (= q/2)
 * meanSquaredActivation('tanh', 1); // ≈ 0.3943
 * ```
 */
export function meanSquaredActivation(activation: ActivationSpec, q: number): number {
  const g = resolveActivation(activation, 'activation');
  return activationSquare(g, expectVariance('q', q));
}

/**
 * E_{z~N(0, q)}[φ'(z)²], the mean squared slope: the factor (times σ_w²) by which a layer scales ‖delta‖².
 * At q = 0 it is the limit q → 0⁺, the mean of the squared left and right slopes at 0 (1/2 for ReLU);
 * at q = Infinity the limit of large q (1/2 for ReLU, 0 for tanh).
 *
 * @example
 * ```ts
 * meanSquaredSlope('relu', 5); // 0.5
 * meanSquaredSlope('tanh', 1); // ≈ 0.4644
 * ```
 */
export function meanSquaredSlope(activation: ActivationSpec, q: number): number {
  const g = resolveActivation(activation, 'activation');
  return slopeSquare(g, expectVariance('q', q));
}

/**
 * One step of the variance map (Poole et al. eq. 3): q ↦ σ_w²·E_{z~N(0, q)}[φ(z)²] + σ_b². Iterating it gives
 * `forwardVariance`; its fixed point is `varianceFixedPoint`. Plot it against the diagonal to see q* (the
 * figure of Poole et al. Fig. 1).
 *
 * @example
 * ```ts
 * varianceMap({ activation: 'relu', weightVariance: 2 }, 0.7); // 0.7: He initialization preserves q
 * ```
 */
export function varianceMap(options: MeanFieldOptions, q: number): number {
  const { g, weightVariance, biasVariance } = meanField(options);
  return weightVariance * activationSquare(g, expectVariance('q', q)) + biasVariance;
}

/**
 * The mean-field pre-activation variances q^1 … q^L of a deep random network (Poole et al. eq. 3):
 * q^1 from the input, then q^l = σ_w²·E_{z~N(0, q^{l−1})}[φ(z)²] + σ_b². In a wide network, the mean of z_i²
 * over the units of layer l is close to q^l (to within O(1/√N) per layer). Values may grow to Infinity (an
 * exploding ReLU network): that is data, not an error.
 *
 * @example
 * ```ts
 * forwardVariance({ activation: 'relu', weightVariance: 2, inputVariance: 1, depth: 3 }); // [1, 1, 1]
 * forwardVariance({ activation: 'tanh', weightVariance: 1, inputVariance: 1, depth: 3 }); // [1, 0.394…, 0.236…]
 * ```
 */
export function forwardVariance(options: DeepMeanFieldOptions): Float64Array {
  const { g, weightVariance, biasVariance } = meanField(options);
  const depth = expectPositiveInteger('options.depth', options.depth);
  const q = new Float64Array(depth);
  q[0] = firstLayerVariance(options, weightVariance, biasVariance);
  for (let l = 1; l < depth; l++) q[l] = weightVariance * activationSquare(g, q[l - 1]) + biasVariance;
  return q;
}

/**
 * χ_l = σ_w²·E_{z~N(0, q^l)}[φ'(z)²] for each layer l = 1 … L (index l − 1), using the q^l of
 * `forwardVariance`: the factor by which ‖delta‖² grows going from layer l + 1 down to layer l. Valid away
 * from the fixed point too (the first layers of a network whose input is far from q*).
 *
 * @example
 * ```ts
 * chiPerLayer({ activation: 'relu', weightVariance: 2, inputVariance: 1, depth: 3 }); // [1, 1, 1]
 * ```
 */
export function chiPerLayer(options: DeepMeanFieldOptions): Float64Array {
  const { g, weightVariance } = meanField(options);
  const q = forwardVariance(options);
  const chi = new Float64Array(q.length);
  for (let l = 0; l < q.length; l++) chi[l] = weightVariance * slopeSquare(g, q[l]);
  return chi;
}

/**
 * The predicted ‖delta^[l]‖² / ‖delta^[L]‖² for l = 1 … L (index l − 1; the last entry is 1): the product
 * χ_l·χ_{l+1}·…·χ_{L−1} of `chiPerLayer`, delta^[l] = dL/dz^[l]. Below 1 towards the input: vanishing
 * gradients; above 1: exploding. May underflow to 0 or overflow to Infinity for deep networks: data.
 *
 * @example
 * ```ts
 * backwardGradientGrowth({ activation: 'relu', weightVariance: 1, inputVariance: 1, depth: 4 });
 * // [0.125, 0.25, 0.5, 1]: each layer halves ‖delta‖² at σ_w² = 1
 * ```
 */
export function backwardGradientGrowth(options: DeepMeanFieldOptions): Float64Array {
  const chi = chiPerLayer(options);
  const depth = chi.length;
  const ratio = new Float64Array(depth);
  ratio[depth - 1] = 1;
  for (let l = depth - 2; l >= 0; l--) ratio[l] = ratio[l + 1] * chi[l];
  return ratio;
}

/** Options of `varianceFixedPoint`. */
export interface FixedPointOptions extends MeanFieldOptions {
  /** q^1, where the iteration starts. Default 1. */
  readonly initialVariance?: number;
  /** Stop when |q^{l+1} − q^l| ≤ tolerance·q^{l+1}. Default 1e−12. */
  readonly tolerance?: number;
  /** Plain iterations before switching to bracketing and root-finding (for slow convergence). Default 50. */
  readonly maxIterations?: number;
}

/** The outcome of `varianceFixedPoint`. */
export interface FixedPointResult {
  /** q*, or Infinity when q^l grows without bound. */
  readonly value: number;
  /** True when a finite fixed point was found to the tolerance. */
  readonly converged: boolean;
  /** Evaluations of the variance map used. */
  readonly iterations: number;
  /** Why the search stopped, in a sentence for a lesson or a console. */
  readonly reason: string;
}

const fixedPointDefaults = { initialVariance: 1, tolerance: 1e-12, maxIterations: 50 };

/** Beyond this, q is treated as having escaped to infinity. */
const HUGE_VARIANCE = 1e300;

/**
 * The fixed point q* = σ_w²·E_{z~N(0, q*)}[φ(z)²] + σ_b² that the layer variances q^l settle to, found by
 * iterating the variance map from `initialVariance`. The map is increasing in q, so the iterates move
 * monotonically; when they crawl (near criticality, e.g. tanh at σ_w² = 1, σ_b = 0, where q^l ~ 1/(2l)), the
 * search brackets the limit and solves map(q) = q with Brent's method. When q grows without bound (ReLU with
 * σ_w² > 2, or σ_w² = 2 with σ_b > 0) the result is `{ value: Infinity, converged: false }` with the reason,
 * not an exception.
 *
 * @example
 * ```ts
 * varianceFixedPoint({ activation: 'relu', weightVariance: 1, biasVariance: 0.5 }).value; // 1 = σ_b²/(1 − σ_w²/2)
 * varianceFixedPoint({ activation: 'relu', weightVariance: 3 }); // { value: Infinity, converged: false, … }
 * ```
 */
export function varianceFixedPoint(options: FixedPointOptions): FixedPointResult {
  const { g, weightVariance, biasVariance } = meanField(options);
  const q0 = expectNonNegativeNumber(
    'options.initialVariance',
    options.initialVariance ?? fixedPointDefaults.initialVariance,
  );
  const tolerance = expectPositiveNumber(
    'options.tolerance',
    options.tolerance ?? fixedPointDefaults.tolerance,
  );
  const maxIterations = expectPositiveInteger(
    'options.maxIterations',
    options.maxIterations ?? fixedPointDefaults.maxIterations,
  );
  let evaluations = 0;
  const map = (q: number): number => {
    evaluations++;
    return weightVariance * activationSquare(g, q) + biasVariance;
  };
  const found = (value: number, how: string): FixedPointResult => ({
    value,
    converged: true,
    iterations: evaluations,
    reason: `converged to q* = ${value} ${how}`,
  });
  const diverged = (): FixedPointResult => ({
    value: Infinity,
    converged: false,
    iterations: evaluations,
    reason:
      `q grows without bound: σ_w²·E[φ(z)²] + σ_b² > q for every q up to ${HUGE_VARIANCE} ` +
      `(σ_w² = ${weightVariance}, σ_b² = ${biasVariance}), so there is no finite fixed point to reach`,
  });
  const closeEnough = (a: number, b: number): boolean => Math.abs(a - b) <= tolerance * Math.max(a, b);

  let q = q0;
  for (let i = 0; i < maxIterations; i++) {
    const next = map(q);
    if (!(next < HUGE_VARIANCE)) return diverged();
    if (next === q || closeEnough(next, q)) return found(next, `after ${evaluations} iterations`);
    q = next;
  }

  // Slow convergence. h(q) = map(q) − q has the sign of the iterates' motion: bracket its next zero in that
  // direction (steps of ×8) and solve h = 0 with Brent's method. A sign change counts only when |h| clears
  // the quadrature's rounding (1e−12·q): a softplus network at σ_w² = 2 grows by ~1/√q per layer, which at q
  // = 1e12 is below rounding, yet it has no fixed point.
  const h = (p: number): number => map(p) - p;
  const noise = (p: number): number => 1e-12 * p;
  const solve = (low: number, high: number, hLow: number, hHigh: number): FixedPointResult =>
    found(brent(h, low, high, hLow, hHigh, tolerance), 'by root-finding after slow iteration');
  const STEP = 8;
  const hq = h(q);
  if (hq > 0) {
    let low = q;
    let hLow = hq;
    for (let high = STEP * q + 1e-300; high < HUGE_VARIANCE; high *= STEP) {
      const hHigh = h(high);
      if (hHigh < -noise(high)) return solve(low, high, hLow, hHigh);
      if (hHigh > 0) [low, hLow] = [high, hHigh];
    }
    return diverged();
  }
  let high = q;
  let hHigh = hq;
  for (let j = 0; j < 14; j++) {
    const low = high / STEP;
    const hLow = h(low);
    if (hLow >= 0) return solve(low, high, hLow, hHigh);
    [high, hHigh] = [low, hLow];
  }
  // Still decreasing at q/8^14: the iterates creep towards 0. If 0 is a fixed point (σ_b = 0, φ(0) = 0), that
  // is the limit (tanh at σ_w² ≤ 1 in the ordered phase); otherwise a root lies in (0, high).
  const h0 = h(0);
  if (h0 === 0) return found(0, 'as the iterates fall towards 0, itself a fixed point (σ_b = 0, φ(0) = 0)');
  return solve(0, high, h0, hHigh);
}

/** Options of `chi`. */
export interface ChiOptions extends MeanFieldOptions {
  /** Where the fixed-point search starts (see `varianceFixedPoint`). Default 1. */
  readonly initialVariance?: number;
  /** Evaluate at this pre-activation variance q instead of the fixed point q*. */
  readonly variance?: number;
}

/**
 * χ = σ_w²·E_{z~N(0, q*)}[φ'(z)²] at the fixed point q* (Schoenholz et al. eq. 5; Poole et al.'s χ_1): deep
 * in a network, each layer multiplies ‖delta‖² by χ going backwards. χ < 1: gradients vanish (ordered phase);
 * χ > 1: they explode (chaotic phase); χ = 1: the edge of chaos. Pass `variance` to evaluate at another q.
 * When q* is infinite (ReLU above σ_w² = 2) the large-q limit is used (σ_w²/2 for ReLU).
 *
 * @example
 * ```ts
 * chi({ activation: 'relu', weightVariance: 2 }); // 1: He initialization is critical
 * chi({ activation: 'tanh', weightVariance: 0.5 }); // 0.5: q* = 0, χ = σ_w²·tanh'(0)²
 * ```
 */
export function chi(options: ChiOptions): number {
  const { g, weightVariance } = meanField(options);
  const q =
    options.variance === undefined
      ? varianceFixedPoint(options).value
      : expectNonNegativeNumber('options.variance', options.variance);
  return weightVariance * slopeSquare(g, q);
}

/**
 * The depth scale ξ = 1/|ln χ| over which ‖delta‖² changes by a factor e (Schoenholz et al.'s ξ_∇): gradients
 * vanish (χ < 1) or explode (χ > 1) over about ξ layers. Infinity at criticality (χ = 1).
 *
 * @example
 * ```ts
 * gradientDepthScale({ activation: 'relu', weightVariance: 1 }); // 1/ln 2 ≈ 1.44 layers
 * ```
 */
export function gradientDepthScale(options: ChiOptions): number {
  return 1 / Math.abs(Math.log(chi(options)));
}

/**
 * The weight variance σ_w² at which χ = 1, the edge of chaos for the given bias variance: ReLU 2 (He), leaky
 * ReLU with slope s 2/(1 + s²), identity 1, tanh 1 at σ_b = 0 (growing with σ_b). Other activations are
 * solved numerically: Brent's method on χ(σ_w²) − 1, with q* recomputed for each σ_w² by `varianceFixedPoint`
 * from `initialVariance`. When φ(0) = 0 and σ_b = 0, q* → 0 in the ordered phase, so the answer there is
 * 1/E[φ'(0±)²] (ELU with α = 1: 1). For an activation with two stable fixed points (GELU: q* = 0 is stable up
 * to σ_w² = 4, while q grows without bound above σ_w² = 2), χ jumps across 1 where the starting variance
 * stops falling to 0; the σ_w² of that jump is returned, and it depends on `initialVariance`.
 *
 * @example
 * ```ts
 * criticalWeightVariance('relu'); // 2
 * criticalWeightVariance('tanh'); // 1
 * criticalWeightVariance('tanh', 0.05); // ≈ 1.761 (σ_w ≈ 1.327, on Poole et al.'s phase boundary)
 * ```
 */
export function criticalWeightVariance(
  activation: ActivationSpec,
  biasVariance = 0,
  initialVariance = 1,
): number {
  const g = resolveActivation(activation, 'activation');
  expectNonNegativeNumber('biasVariance', biasVariance);
  expectNonNegativeNumber('initialVariance', initialVariance);
  const closedForm = linearSlopes(g);
  // Piecewise-linear φ: E[φ'(z)²] = (s₋² + s₊²)/2 for every q, so q* does not matter.
  if (closedForm) return 2 / (closedForm.left ** 2 + closedForm.right ** 2);
  const excess = (weightVariance: number): number =>
    chi({ activation: g, weightVariance, biasVariance, initialVariance }) - 1;
  let low = 1;
  let high = 1;
  let lowValue = excess(low);
  let highValue = lowValue;
  for (let i = 0; lowValue > 0 && i < 60; i++) {
    high = low;
    highValue = lowValue;
    low /= 2;
    lowValue = excess(low);
  }
  for (let i = 0; highValue < 0 && i < 60; i++) {
    low = high;
    lowValue = highValue;
    high *= 2;
    highValue = excess(high);
  }
  if (!(lowValue <= 0 && highValue >= 0)) {
    throw new GradscopeArgumentError(
      'activation',
      g.label,
      `an activation for which some σ_w² between 2^−60 and 2^60 makes χ = 1 (with σ_b² = ${biasVariance})`,
    );
  }
  return brent(excess, low, high, lowValue, highValue, 1e-13);
}

/** Brent's method (Brent 1973, "zeroin") for a zero of f in [a, b] given f(a), f(b) of opposite signs. */
function brent(
  f: (x: number) => number,
  a: number,
  b: number,
  fa: number,
  fb: number,
  tolerance: number,
): number {
  if (fa === 0) return a;
  if (fb === 0) return b;
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let i = 0; i < 200; i++) {
    if (Math.sign(fb) === Math.sign(fc)) {
      c = a;
      fc = fa;
      d = e = b - a;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      [a, b, c] = [b, c, b];
      [fa, fb, fc] = [fb, fc, fb];
    }
    const tol = (2 * Number.EPSILON + tolerance) * Math.abs(b) + 1e-300;
    const m = (c - b) / 2;
    if (Math.abs(m) <= tol || fb === 0) return b;
    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      // Inverse quadratic interpolation (secant when only two points are distinct).
      const s = fb / fa;
      let p: number;
      let r: number;
      if (a === c) {
        p = 2 * m * s;
        r = 1 - s;
      } else {
        const t = fa / fc;
        const u = fb / fc;
        p = s * (2 * m * t * (t - u) - (b - a) * (u - 1));
        r = (t - 1) * (u - 1) * (s - 1);
      }
      if (p > 0) r = -r;
      else p = -p;
      if (2 * p < Math.min(3 * m * r - Math.abs(tol * r), Math.abs(e * r))) {
        e = d;
        d = p / r;
      } else {
        d = m;
        e = m;
      }
    } else {
      d = m;
      e = m;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol ? d : m > 0 ? tol : -tol;
    fb = f(b);
  }
  return b;
}

// ---------------------------------------------------------------------------------------------------------
// Gaussian moments of an activation.
// ---------------------------------------------------------------------------------------------------------

const IDENTITY = resolveActivation('identity');
const RELU = resolveActivation('relu');

/** The slopes (left of 0, right of 0) of a piecewise-linear activation through 0, or null. */
function linearSlopes(g: Activation): { left: number; right: number } | null {
  if (g === IDENTITY) return { left: 1, right: 1 };
  if (g === RELU) return { left: 0, right: 1 };
  if (g.name === 'leakyRelu') return { left: g.derivative(-1, g.apply(-1)), right: 1 };
  return null;
}

/** E_{z~N(0, q)}[φ(z)²]; at q = Infinity the large-q limit (Infinity for an unbounded φ, 1 for tanh). */
function activationSquare(g: Activation, q: number): number {
  const linear = linearSlopes(g);
  if (linear) return ((linear.left ** 2 + linear.right ** 2) / 2) * q;
  if (q === 0) return g.apply(0) ** 2;
  return gaussianExpectationPiecewise(
    (z) => {
      const a = g.apply(z);
      return a * a;
    },
    { variance: q === Infinity ? Number.MAX_VALUE : q },
  );
}

/** E_{z~N(0, q)}[φ'(z)²], with the one-sided limits at q = 0 and the large-q limit at q = Infinity. */
function slopeSquare(g: Activation, q: number): number {
  const linear = linearSlopes(g);
  if (linear) return (linear.left ** 2 + linear.right ** 2) / 2;
  const slope = (z: number): number => g.derivative(z, g.apply(z));
  if (q === 0) return (slope(-1e-300) ** 2 + slope(1e-300) ** 2) / 2;
  return gaussianExpectationPiecewise(
    (z) => {
      const s = slope(z);
      return s * s;
    },
    { variance: q === Infinity ? Number.MAX_VALUE : q },
  );
}

// ---------------------------------------------------------------------------------------------------------
// Validation.
// ---------------------------------------------------------------------------------------------------------

function meanField(options: MeanFieldOptions): {
  g: Activation;
  weightVariance: number;
  biasVariance: number;
} {
  expectObject('options', options, '{ activation, weightVariance }');
  return {
    g: resolveActivation(options.activation, 'options.activation'),
    weightVariance: expectNonNegativeNumber('options.weightVariance', options.weightVariance),
    biasVariance: expectNonNegativeNumber('options.biasVariance', options.biasVariance ?? 0),
  };
}

function firstLayerVariance(
  options: DeepMeanFieldOptions,
  weightVariance: number,
  biasVariance: number,
): number {
  const given = (['inputVariance', 'inputSecondMoment', 'input'] as const).filter(
    (k) => options[k] !== undefined,
  );
  if (given.length !== 1) {
    throw new GradscopeArgumentError(
      'options',
      given.length === 0 ? 'none of them' : given.join(' and '),
      'given exactly one of inputVariance (q^1), inputSecondMoment (‖x‖²/N_0) or input (x)',
    );
  }
  if (options.inputVariance !== undefined) {
    return expectNonNegativeNumber('options.inputVariance', options.inputVariance);
  }
  if (options.inputSecondMoment !== undefined) {
    const m = expectNonNegativeNumber('options.inputSecondMoment', options.inputSecondMoment);
    return weightVariance * m + biasVariance;
  }
  const x = options.input;
  let values: ArrayLike<number>;
  if (isMatrix(x)) {
    if (x.cols !== 1) {
      throw new GradscopeArgumentError('options.input', x, 'one example: an N_0 × 1 matrix or an array');
    }
    values = x.data;
  } else if (Array.isArray(x) || ArrayBuffer.isView(x)) {
    values = x as ArrayLike<number>;
  } else {
    throw new GradscopeArgumentError(
      'options.input',
      x,
      'one example: an N_0 × 1 matrix or an array of numbers',
    );
  }
  if (values.length === 0) throw new GradscopeArgumentError('options.input', x, 'a non-empty input');
  let sumSquares = 0;
  for (let i = 0; i < values.length; i++) {
    const v = expectFiniteNumber(`options.input[${i}]`, values[i]);
    sumSquares += v * v;
  }
  return (weightVariance * sumSquares) / values.length + biasVariance;
}

function expectVariance(argument: string, q: unknown): number {
  if (q === Infinity) return q;
  return expectNonNegativeNumber(argument, q);
}

function dtypeOf(options: FloatOptions): DTypeName {
  expectObject('options', options, '{ dtype: "float32" }');
  return expectDType('options.dtype', options.dtype);
}
