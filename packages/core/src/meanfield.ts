/**
 * Mean-field theory of wide random networks (Poole, Lahiri, Raghu, Sohl-Dickstein & Ganguli, "Exponential
 * expressivity in deep neural networks through transient chaos", NeurIPS 2016; Schoenholz, Gilmer, Ganguli &
 * Sohl-Dickstein, "Deep information propagation", ICLR 2017): how the length of one input's signal, and the size
 * of its gradient, change from layer to layer. The correlation between two inputs is in correlation.ts.
 *
 * A wide network z^[l] = W^[l]·φ(z^[l−1]) + b^[l] with W_ij ~ N(0, σ_w²/N_{l−1}) and b_i ~ N(0, σ_b²) has, for each
 * example, pre-activations z^[l]_i that are approximately N(0, q^l) with
 *     q^1 = σ_w²·‖x‖²/N_0 + σ_b²,        q^l = σ_w²·E_{z~N(0, q^{l−1})}[φ(z)²] + σ_b²    (Poole eq. 3)
 * and, backward, delta^[l] = φ'(z^[l]) ⊙ (W^[l+1])ᵀ delta^[l+1] gives
 *     ‖delta^[l]‖² ≈ χ_l·‖delta^[l+1]‖²,   χ_l = σ_w²·E_{z~N(0, q^l)}[φ'(z)²]         (Schoenholz eq. 5)
 * whatever the widths (the fan-in N_l in Var(W) cancels the N_l entries of Wᵀdelta). The product assumes the
 * backward weights independent of the forward ones (Schoenholz et al.'s "gradient independence"), which wide
 * networks satisfy closely. At the fixed point q* of the variance map, χ_1 = χ_l: χ_1 < 1 vanishes (ordered),
 * χ_1 > 1 explodes (chaotic), χ_1 = 1 is the edge of chaos. Near q*, q^l − q* shrinks like e^{−l/ξ_q} with
 * ξ_q = −1/ln χ_q, χ_q the slope of the variance map at q* (Schoenholz eq. 5).
 *
 * Units: every variance is named (`weightVariance` σ_w², `biasVariance` σ_b², `variance` q, `inputVariance` q^1);
 * no function takes a variance by position, so a standard deviation cannot be passed for one by mistake.
 * Shapes: a function of one configuration returns a number (q*, χ, a depth scale ξ); a function over depth
 * returns a Float64Array of length `depth` whose entry l − 1 belongs to layer l; `criticalLine` returns points.
 *
 * Expectations use composite Gauss–Legendre quadrature on panels ending at the kink z = 0 (quadrature.ts), with
 * closed forms for the identity (E[z²] = q, E[1] = 1), ReLU (E[relu(z)²] = q/2, E[relu'(z)²] = 1/2) and leaky
 * ReLU with slope s ((1 + s²)·q/2 and (1 + s²)/2).
 */

import {
  activation as builtIn,
  resolveActivation,
  type Activation,
  type ActivationSpec,
} from './activations.js';
import {
  GradscopeArgumentError,
  expectFiniteNumber,
  expectKnownKeys,
  expectNonNegativeNumber,
  expectPositiveInteger,
  expectPositiveNumber,
} from './errors.js';
import { isMatrix, type Matrix } from './matrix.js';
import { gaussLegendre, piecewiseExpectation } from './quadrature.js';
import { brent } from './roots.js';

/**
 * The random network mean-field theory describes: W_ij ~ N(0, σ_w²/N_{l−1}), b_i ~ N(0, σ_b²).
 *
 * @example
 * ```ts
 * const he: MeanFieldOptions = { activation: 'relu', weightVariance: 2 };
 * ```
 */
export interface MeanFieldOptions {
  /** φ, the activation of every layer. */
  readonly activation: ActivationSpec;
  /** σ_w² (a variance, not σ_w): each weight has variance σ_w²/fan_in (He initialization for ReLU is 2). */
  readonly weightVariance: number;
  /** σ_b² (a variance, not σ_b), the variance of each bias. Default 0. */
  readonly biasVariance?: number;
}

/**
 * Mean-field options for a quantity taken at the fixed point q* of the variance map, or at a chosen `variance`.
 *
 * @example
 * ```ts
 * chi({ activation: 'tanh', weightVariance: 1.5, biasVariance: 0.05 }); // at q*
 * chi({ activation: 'tanh', weightVariance: 1.5, variance: 4 }); // at q = 4
 * ```
 */
export interface AtFixedPointOptions extends MeanFieldOptions {
  /** Evaluate at this pre-activation variance q instead of the fixed point q*. */
  readonly variance?: number;
  /** Where the search for q* starts (see `varianceFixedPoint`). Default 1. */
  readonly initialVariance?: number;
}

/**
 * A mean-field network with a depth and an input. Give exactly one of `inputVariance` (q^1 itself),
 * `inputSecondMoment` (‖x‖²/N_0, then q^1 = σ_w²·‖x‖²/N_0 + σ_b²) or `input` (one example x, as numbers or an
 * N_0 × 1 matrix).
 *
 * @example
 * ```ts
 * const deep: DeepMeanFieldOptions = { activation: 'tanh', weightVariance: 1, inputVariance: 1, depth: 50 };
 * ```
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
 * An activation and the variance q of its input z ~ N(0, q).
 *
 * @example
 * ```ts
 * meanSquaredActivation({ activation: 'relu', variance: 3 }); // 1.5
 * ```
 */
export interface ActivationMomentOptions {
  readonly activation: ActivationSpec;
  /** q, the variance of z (not its standard deviation); Infinity for the large-q limit. */
  readonly variance: number;
}

/**
 * Options of `varianceMap`: the network and the variance q it maps.
 *
 * @example
 * ```ts
 * varianceMap({ activation: 'relu', weightVariance: 2, variance: 0.7 }); // 0.7
 * ```
 */
export interface VarianceMapOptions extends MeanFieldOptions {
  /** q^{l−1}, the pre-activation variance of the layer before. */
  readonly variance: number;
}

/**
 * Options of `varianceFixedPoint`.
 *
 * @example
 * ```ts
 * varianceFixedPoint({ activation: 'tanh', weightVariance: 1, initialVariance: 4, tolerance: 1e-10 });
 * ```
 */
export interface FixedPointOptions extends MeanFieldOptions {
  /** q^1, where the iteration starts. Default 1. */
  readonly initialVariance?: number;
  /** Stop when |q^{l+1} − q^l| ≤ tolerance·q^{l+1}. Default 1e−12. */
  readonly tolerance?: number;
  /** Plain iterations before switching to bracketing and root-finding (for slow convergence). Default 50. */
  readonly maxIterations?: number;
}

/**
 * Options of `criticalWeightVariance`.
 *
 * @example
 * ```ts
 * criticalWeightVariance({ activation: 'tanh', biasVariance: 0.05 });
 * ```
 */
export interface CriticalOptions {
  readonly activation: ActivationSpec;
  /** σ_b², the variance of each bias. Default 0. */
  readonly biasVariance?: number;
  /** Where each search for q* starts (see `varianceFixedPoint`). Default 1. */
  readonly initialVariance?: number;
}

/**
 * Options of `criticalLine`.
 *
 * @example
 * ```ts
 * criticalLine({ activation: 'tanh', biasVariances: [0, 0.05, 0.1] });
 * ```
 */
export interface CriticalLineOptions {
  readonly activation: ActivationSpec;
  /** The σ_b² at which to find the critical σ_w², in the order the points should come. */
  readonly biasVariances: readonly number[];
  /** Where each search for q* starts (see `varianceFixedPoint`). Default 1. */
  readonly initialVariance?: number;
}

/**
 * A point (σ_b², σ_w²) of the order-to-chaos transition, where χ_1 = 1.
 *
 * @example
 * ```ts
 * const [{ biasVariance, weightVariance }] = criticalLine({ activation: 'tanh', biasVariances: [0.05] });
 * ```
 */
export interface CriticalPoint {
  readonly biasVariance: number;
  readonly weightVariance: number;
}

const MEAN_FIELD_KEYS = ['activation', 'weightVariance', 'biasVariance'] as const;
const AT_FIXED_POINT_KEYS = [...MEAN_FIELD_KEYS, 'variance', 'initialVariance'] as const;
const DEEP_KEYS = [...MEAN_FIELD_KEYS, 'depth', 'inputVariance', 'inputSecondMoment', 'input'] as const;
const fixedPointDefaults = { initialVariance: 1, tolerance: 1e-12, maxIterations: 50 };

/** Beyond this, q is treated as having escaped to infinity. */
const HUGE_VARIANCE = 1e300;

// ---------------------------------------------------------------------------------------------------------------
// One layer: moments of an activation and the variance map.
// ---------------------------------------------------------------------------------------------------------------

/**
 * E_{z~N(0, q)}[φ(z)²], the mean square of an activation's output when its input has variance q.
 * Infinity for an unbounded φ at q = Infinity.
 *
 * @example
 * ```ts
 * meanSquaredActivation({ activation: 'relu', variance: 3 }); // 1.5 (= q/2)
 * meanSquaredActivation({ activation: 'tanh', variance: 1 }); // ≈ 0.3943
 * ```
 */
export function meanSquaredActivation(options: ActivationMomentOptions): number {
  const { g, q } = momentOptions(options, 'meanSquaredActivation');
  return activationSquare(g, q);
}

/**
 * E_{z~N(0, q)}[φ'(z)²], the mean squared slope: the factor (times σ_w²) by which a layer scales ‖delta‖².
 * At q = 0 it is the limit q → 0⁺, the mean of the squared left and right slopes at 0 (1/2 for ReLU);
 * at q = Infinity the limit of large q (1/2 for ReLU, 0 for tanh).
 *
 * @example
 * ```ts
 * meanSquaredSlope({ activation: 'relu', variance: 5 }); // 0.5
 * meanSquaredSlope({ activation: 'tanh', variance: 1 }); // ≈ 0.4644
 * ```
 */
export function meanSquaredSlope(options: ActivationMomentOptions): number {
  const { g, q } = momentOptions(options, 'meanSquaredSlope');
  return slopeSquare(g, q);
}

/**
 * One step of the variance map (Poole et al. eq. 3): q ↦ σ_w²·E_{z~N(0, q)}[φ(z)²] + σ_b². Iterating it gives
 * `forwardVariance`; its fixed point is `varianceFixedPoint`. Plot it against the diagonal to see q* (the
 * figure of Poole et al. Fig. 1).
 *
 * @example
 * ```ts
 * varianceMap({ activation: 'relu', weightVariance: 2, variance: 0.7 }); // 0.7: He initialization preserves q
 * ```
 */
export function varianceMap(options: VarianceMapOptions): number {
  const context = 'varianceMap';
  const { g, weightVariance, biasVariance } = meanField(options, context, [...MEAN_FIELD_KEYS, 'variance']);
  const q = expectVariance('options.variance', options.variance, context);
  return weightVariance * activationSquare(g, q) + biasVariance;
}

// ---------------------------------------------------------------------------------------------------------------
// Over depth.
// ---------------------------------------------------------------------------------------------------------------

/**
 * The mean-field pre-activation variances q^1 … q^L of a deep random network (Poole et al. eq. 3):
 * q^1 from the input, then q^l = σ_w²·E_{z~N(0, q^{l−1})}[φ(z)²] + σ_b². In a wide network, the mean of z_i²
 * over the units of layer l is close to q^l (to within O(1/√N) per layer). Values may grow to Infinity (an
 * exploding ReLU network): that is data, not an error. Entry l − 1 is layer l.
 *
 * @example
 * ```ts
 * forwardVariance({ activation: 'relu', weightVariance: 2, inputVariance: 1, depth: 3 }); // [1, 1, 1]
 * forwardVariance({ activation: 'tanh', weightVariance: 1, inputVariance: 1, depth: 3 }); // [1, 0.394…, 0.236…]
 * ```
 */
export function forwardVariance(options: DeepMeanFieldOptions): Float64Array {
  return deepVariances(options, 'forwardVariance').q;
}

/**
 * χ_l = σ_w²·E_{z~N(0, q^l)}[φ'(z)²] for each layer l = 1 … L (entry l − 1), using the q^l of
 * `forwardVariance`: the factor by which ‖delta‖² grows going from layer l + 1 down to layer l. Valid away
 * from the fixed point too (the first layers of a network whose input is far from q*).
 *
 * @example
 * ```ts
 * chiPerLayer({ activation: 'relu', weightVariance: 2, inputVariance: 1, depth: 3 }); // [1, 1, 1]
 * ```
 */
export function chiPerLayer(options: DeepMeanFieldOptions): Float64Array {
  return chiOverDepth(options, 'chiPerLayer');
}

/**
 * The predicted ‖delta^[l]‖² / ‖delta^[L]‖² for l = 1 … L (entry l − 1; the last entry is 1): the product
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
  const chi = chiOverDepth(options, 'backwardGradientGrowth');
  const depth = chi.length;
  const ratio = new Float64Array(depth);
  ratio[depth - 1] = 1;
  for (let l = depth - 2; l >= 0; l--) ratio[l] = ratio[l + 1] * chi[l];
  return ratio;
}

function chiOverDepth(options: DeepMeanFieldOptions, context: string): Float64Array {
  const { q, g, weightVariance } = deepVariances(options, context);
  const chi = new Float64Array(q.length);
  for (let l = 0; l < q.length; l++) chi[l] = weightVariance * slopeSquare(g, q[l]);
  return chi;
}

/**
 * The variances q^1 … q^L of `forwardVariance`, with the checked activation and weight variance, for the
 * functions over depth (here and in correlation.ts).
 *
 * @internal
 * @example
 * ```ts
 * const { q, g } = deepVariances(options, 'forwardCorrelation', ['inputCorrelation']);
 * ```
 */
export function deepVariances(
  options: DeepMeanFieldOptions,
  context: string,
  extraKeys: readonly string[] = [],
): {
  readonly q: Float64Array;
  readonly g: Activation;
  readonly weightVariance: number;
  readonly biasVariance: number;
} {
  const { g, weightVariance, biasVariance } = meanField(options, context, [...DEEP_KEYS, ...extraKeys]);
  const depth = expectPositiveInteger('options.depth', options.depth, context);
  const q = new Float64Array(depth);
  q[0] = firstLayerVariance(options, weightVariance, biasVariance, context);
  for (let l = 1; l < depth; l++) q[l] = weightVariance * activationSquare(g, q[l - 1]) + biasVariance;
  return { q, g, weightVariance, biasVariance };
}

// ---------------------------------------------------------------------------------------------------------------
// The fixed point q* and what happens near it.
// ---------------------------------------------------------------------------------------------------------------

/**
 * The fixed point q* = σ_w²·E_{z~N(0, q*)}[φ(z)²] + σ_b² that the layer variances q^l settle to, found by
 * iterating the variance map from `initialVariance`. The map is increasing in q, so the iterates move
 * monotonically; when they crawl (near criticality, e.g. tanh at σ_w² = 1, σ_b = 0, where q^l ~ 1/(2l)), the
 * search brackets the limit and solves map(q) = q with Brent's method. When q grows without bound (ReLU with
 * σ_w² > 2, or σ_w² = 2 with σ_b > 0) the result is Infinity, not an exception.
 *
 * @example
 * ```ts
 * varianceFixedPoint({ activation: 'relu', weightVariance: 1, biasVariance: 0.5 }); // 1 = σ_b²/(1 − σ_w²/2)
 * varianceFixedPoint({ activation: 'relu', weightVariance: 3 }); // Infinity
 * ```
 */
export function varianceFixedPoint(options: FixedPointOptions): number {
  const context = 'varianceFixedPoint';
  const keys = [...MEAN_FIELD_KEYS, 'initialVariance', 'tolerance', 'maxIterations'];
  const { g, weightVariance, biasVariance } = meanField(options, context, keys);
  const q0 = expectNonNegativeNumber(
    'options.initialVariance',
    options.initialVariance ?? fixedPointDefaults.initialVariance,
    context,
  );
  const tolerance = expectPositiveNumber(
    'options.tolerance',
    options.tolerance ?? fixedPointDefaults.tolerance,
    context,
  );
  const maxIterations = expectPositiveInteger(
    'options.maxIterations',
    options.maxIterations ?? fixedPointDefaults.maxIterations,
    context,
  );
  return fixedPointOf(g, weightVariance, biasVariance, q0, tolerance, maxIterations);
}

function fixedPointOf(
  g: Activation,
  weightVariance: number,
  biasVariance: number,
  q0: number,
  tolerance: number,
  maxIterations: number,
): number {
  const map = (q: number): number => weightVariance * activationSquare(g, q) + biasVariance;
  const closeEnough = (a: number, b: number): boolean => Math.abs(a - b) <= tolerance * Math.max(a, b);

  let q = q0;
  for (let i = 0; i < maxIterations; i++) {
    const next = map(q);
    if (!(next < HUGE_VARIANCE)) return Infinity;
    if (next === q || closeEnough(next, q)) return next;
    q = next;
  }

  // Slow convergence. h(q) = map(q) − q has the sign of the iterates' motion: bracket its next zero in that
  // direction (steps of ×8) and solve h = 0 with Brent's method. A sign change counts only when |h| clears
  // the quadrature's rounding (1e−12·q): a softplus network at σ_w² = 2 grows by ~1/√q per layer, which at q
  // = 1e12 is below rounding, yet it has no fixed point.
  const h = (p: number): number => map(p) - p;
  const noise = (p: number): number => 1e-12 * p;
  const solve = (low: number, high: number, hLow: number, hHigh: number): number =>
    brent(h, low, high, hLow, hHigh, tolerance);
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
    return Infinity;
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
  if (h0 === 0) return 0;
  return solve(0, high, h0, hHigh);
}

/**
 * The checked options of a quantity taken at q* (or at `options.variance`), with that q: what `chi`, the depth
 * scales and the correlation functions start from.
 *
 * @internal
 * @example
 * ```ts
 * const { g, weightVariance, biasVariance, q } = atFixedPoint(options, 'chi');
 * ```
 */
export function atFixedPoint(
  options: AtFixedPointOptions,
  context: string,
  extraKeys: readonly string[] = [],
): {
  readonly g: Activation;
  readonly weightVariance: number;
  readonly biasVariance: number;
  readonly q: number;
} {
  const { g, weightVariance, biasVariance } = meanField(options, context, [
    ...AT_FIXED_POINT_KEYS,
    ...extraKeys,
  ]);
  const q0 = expectNonNegativeNumber(
    'options.initialVariance',
    options.initialVariance ?? fixedPointDefaults.initialVariance,
    context,
  );
  const q =
    options.variance === undefined
      ? fixedPointOf(
          g,
          weightVariance,
          biasVariance,
          q0,
          fixedPointDefaults.tolerance,
          fixedPointDefaults.maxIterations,
        )
      : expectVariance('options.variance', options.variance, context);
  return { g, weightVariance, biasVariance, q };
}

/**
 * χ_1 = σ_w²·E_{z~N(0, q*)}[φ'(z)²] at the fixed point q* (Schoenholz et al. eq. 5; Poole et al.'s χ_1): deep
 * in a network, each layer multiplies ‖delta‖² by χ_1 going backwards. χ_1 < 1: gradients vanish (ordered
 * phase); χ_1 > 1: they explode (chaotic phase); χ_1 = 1: the edge of chaos. Pass `variance` to evaluate at
 * another q. When q* is infinite (ReLU above σ_w² = 2) the large-q limit is used (σ_w²/2 for ReLU).
 *
 * @example
 * ```ts
 * chi({ activation: 'relu', weightVariance: 2 }); // 1: He initialization is critical
 * chi({ activation: 'tanh', weightVariance: 0.5 }); // 0.5: q* = 0, χ = σ_w²·tanh'(0)²
 * ```
 */
export function chi(options: AtFixedPointOptions): number {
  const { g, weightVariance, q } = atFixedPoint(options, 'chi');
  return weightVariance * slopeSquare(g, q);
}

/**
 * The depth scale ξ_∇ = 1/|ln χ_1| over which ‖delta‖² changes by a factor e (Schoenholz et al. §5): gradients
 * vanish (χ_1 < 1) or explode (χ_1 > 1) over about ξ_∇ layers. Infinity at criticality (χ_1 = 1).
 *
 * @example
 * ```ts
 * gradientDepthScale({ activation: 'relu', weightVariance: 1 }); // 1/ln 2 ≈ 1.44 layers
 * ```
 */
export function gradientDepthScale(options: AtFixedPointOptions): number {
  const { g, weightVariance, q } = atFixedPoint(options, 'gradientDepthScale');
  return 1 / Math.abs(Math.log(weightVariance * slopeSquare(g, q)));
}

/**
 * χ_q, the slope of the variance map at q* (Schoenholz et al. eq. 5):
 *   χ_q = ∂q^{l+1}/∂q^l = σ_w²·∫Dz [φ''(√q* z)·φ(√q* z) + φ'(√q* z)²],
 * computed as σ_w²·E_{z~N(0, q*)}[z·φ(z)·φ'(z)]/q* (the same by Gaussian integration by parts, and defined for
 * kinked φ too: ReLU's χ_q is σ_w²/2). Below 1 at a stable fixed point; `lengthDepthScale` is −1/ln χ_q. Pass
 * `variance` to take the slope at another q.
 *
 * @example
 * ```ts
 * lengthMapSlope({ activation: 'relu', weightVariance: 1, biasVariance: 0.5 }); // 0.5
 * lengthMapSlope({ activation: 'tanh', weightVariance: 1.5, biasVariance: 0.05 }); // < chi(…): tanh bends down
 * ```
 */
export function lengthMapSlope(options: AtFixedPointOptions): number {
  const context = 'lengthMapSlope';
  const { g, weightVariance, q } = atFixedPoint(options, context);
  return weightVariance * lengthSlope(g, q, context);
}

/**
 * ξ_q = −1/ln χ_q, the depth over which a signal's length q^l settles to q* (Schoenholz et al. eq. 5):
 * |q^l − q*| ∝ e^{−l/ξ_q} far enough in. Infinity when χ_q ≥ 1 (the fixed point is not attracting).
 *
 * @example
 * ```ts
 * lengthDepthScale({ activation: 'relu', weightVariance: 1, biasVariance: 0.5 }); // 1/ln 2 ≈ 1.44
 * ```
 */
export function lengthDepthScale(options: AtFixedPointOptions): number {
  const context = 'lengthDepthScale';
  const { g, weightVariance, q } = atFixedPoint(options, context);
  return depthScaleOf(weightVariance * lengthSlope(g, q, context));
}

/**
 * −1/ln χ for a contraction factor χ ∈ (0, 1), Infinity from 1 up (no contraction), 0 for χ = 0.
 *
 * @internal
 * @example
 * ```ts
 * depthScaleOf(Math.exp(-1 / 5)); // 5
 * ```
 */
export function depthScaleOf(factor: number): number {
  if (factor >= 1) return Infinity;
  return -1 / Math.log(factor);
}

function lengthSlope(g: Activation, q: number, context: string): number {
  const linear = linearSlopes(g);
  if (linear) return (linear.left ** 2 + linear.right ** 2) / 2;
  if (q === Infinity) {
    throw new GradscopeArgumentError(
      'options',
      g.label,
      'a network with a finite fixed point q* (here q grows without bound), or a `variance` to take the slope at',
      context,
    );
  }
  if (q === 0) {
    // z·φ(z)·φ'(z)/q → φ'(0)² + φ(0)·φ''(0) as q → 0; φ'' by a central difference of φ'.
    const h = 1e-4;
    const slope = (z: number): number => g.derivative(z, g.apply(z));
    return slopeSquare(g, 0) + (g.apply(0) * (slope(h) - slope(-h))) / (2 * h);
  }
  return expectation((z) => z * g.apply(z) * g.derivative(z, g.apply(z)), q) / q;
}

// ---------------------------------------------------------------------------------------------------------------
// The edge of chaos.
// ---------------------------------------------------------------------------------------------------------------

/**
 * The weight variance σ_w² at which χ_1 = 1, the edge of chaos for the given bias variance: ReLU 2 (He), leaky
 * ReLU with slope s 2/(1 + s²), identity 1, tanh 1 at σ_b² = 0 (growing with σ_b²). Other activations are
 * solved numerically: Brent's method on χ_1(σ_w²) − 1, with q* recomputed for each σ_w² from `initialVariance`.
 * When φ(0) = 0 and σ_b = 0, q* → 0 in the ordered phase, so the answer there is 1/E[φ'(0±)²] (ELU with
 * α = 1: 1). For an activation with two stable fixed points (GELU: q* = 0 is stable up to σ_w² = 4, while q
 * grows without bound above σ_w² = 2), χ_1 jumps across 1 where the starting variance stops falling to 0; the
 * σ_w² of that jump is returned, and it depends on `initialVariance`.
 *
 * @example
 * ```ts
 * criticalWeightVariance({ activation: 'relu' }); // 2
 * criticalWeightVariance({ activation: 'tanh' }); // 1
 * criticalWeightVariance({ activation: 'tanh', biasVariance: 0.05 }); // ≈ 1.761 (σ_w ≈ 1.327)
 * ```
 */
export function criticalWeightVariance(options: CriticalOptions): number {
  const context = 'criticalWeightVariance';
  expectKnownKeys(
    'options',
    options,
    ['activation', 'biasVariance', 'initialVariance'],
    '{ activation }',
    context,
  );
  const g = resolveActivation(options.activation, 'options.activation', context);
  const biasVariance = expectNonNegativeNumber('options.biasVariance', options.biasVariance ?? 0, context);
  const q0 = expectNonNegativeNumber(
    'options.initialVariance',
    options.initialVariance ?? fixedPointDefaults.initialVariance,
    context,
  );
  return criticalOf(g, biasVariance, q0, context);
}

/**
 * Points (σ_b², σ_w²) on the order-to-chaos transition, one per given σ_b²: the critical line of Poole et al.'s
 * and Schoenholz et al.'s phase diagrams, below which (smaller σ_w²) networks are ordered and gradients vanish,
 * above which they are chaotic and gradients explode. Each point is `criticalWeightVariance` at that σ_b².
 *
 * @example
 * ```ts
 * const points = criticalLine({ activation: 'tanh', biasVariances: [0, 0.05, 0.1, 0.2] });
 * // [{ biasVariance: 0, weightVariance: 1 }, { biasVariance: 0.05, weightVariance: 1.761… }, …]
 * Plot.line(points, { x: 'weightVariance', y: 'biasVariance' });
 * ```
 */
export function criticalLine(options: CriticalLineOptions): CriticalPoint[] {
  const context = 'criticalLine';
  expectKnownKeys(
    'options',
    options,
    ['activation', 'biasVariances', 'initialVariance'],
    '{ activation, biasVariances: [0, 0.05] }',
    context,
  );
  const g = resolveActivation(options.activation, 'options.activation', context);
  const q0 = expectNonNegativeNumber(
    'options.initialVariance',
    options.initialVariance ?? fixedPointDefaults.initialVariance,
    context,
  );
  const biasVariances = options.biasVariances as unknown;
  if (!Array.isArray(biasVariances) || biasVariances.length === 0) {
    throw new GradscopeArgumentError(
      'options.biasVariances',
      biasVariances,
      'a non-empty array of bias variances σ_b² ≥ 0',
      context,
    );
  }
  const checked = biasVariances.map((b, i) =>
    expectNonNegativeNumber(`options.biasVariances[${i}]`, b, context),
  );
  return checked.map((biasVariance) => ({
    biasVariance,
    weightVariance: criticalOf(g, biasVariance, q0, context),
  }));
}

function criticalOf(g: Activation, biasVariance: number, q0: number, context: string): number {
  const closedForm = linearSlopes(g);
  // Piecewise-linear φ: E[φ'(z)²] = (s₋² + s₊²)/2 for every q, so q* does not matter.
  if (closedForm) return 2 / (closedForm.left ** 2 + closedForm.right ** 2);
  const { tolerance, maxIterations } = fixedPointDefaults;
  const excess = (weightVariance: number): number =>
    weightVariance *
      slopeSquare(g, fixedPointOf(g, weightVariance, biasVariance, q0, tolerance, maxIterations)) -
    1;
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
      'options.activation',
      g.label,
      `an activation for which some σ_w² between 2^−60 and 2^60 makes χ = 1 (with σ_b² = ${biasVariance})`,
      context,
    );
  }
  return brent(excess, low, high, lowValue, highValue, 1e-13);
}

// ---------------------------------------------------------------------------------------------------------------
// Gaussian moments of an activation.
// ---------------------------------------------------------------------------------------------------------------

const IDENTITY = builtIn('identity');
const RELU = builtIn('relu');
const PANEL_RULE = gaussLegendre(12);

/**
 * E_{z~N(0, q)}[f(z)] on panels ending at the kink z = 0 (the engine's activations bend over |z| ≲ 1).
 *
 * @internal
 * @example
 * ```ts
 * expectation((z) => Math.tanh(z) ** 2, 1); // ≈ 0.3943
 * ```
 */
export function expectation(f: (z: number) => number, q: number, mean = 0): number {
  return piecewiseExpectation(f, q, mean, [0], 1, PANEL_RULE);
}

/**
 * The slopes (left of 0, right of 0) of a piecewise-linear activation through 0 (identity, ReLU, leaky ReLU), or
 * null: for these every Gaussian moment has a closed form.
 *
 * @internal
 * @example
 * ```ts
 * linearSlopes(activation('relu')); // { left: 0, right: 1 }
 * ```
 */
export function linearSlopes(g: Activation): { left: number; right: number } | null {
  if (g === IDENTITY) return { left: 1, right: 1 };
  if (g === RELU) return { left: 0, right: 1 };
  if (g.name === 'leakyRelu') return { left: g.derivative(-1, g.apply(-1)), right: 1 };
  return null;
}

/**
 * E_{z~N(0, q)}[φ(z)²]; at q = Infinity the large-q limit (Infinity for an unbounded φ, 1 for tanh).
 *
 * @internal
 * @example
 * ```ts
 * activationSquare(activation('relu'), 3); // 1.5
 * ```
 */
export function activationSquare(g: Activation, q: number): number {
  const linear = linearSlopes(g);
  if (linear) return ((linear.left ** 2 + linear.right ** 2) / 2) * q;
  if (q === 0) return g.apply(0) ** 2;
  if (q === Infinity) return atInfinity((z) => g.apply(z) ** 2);
  return expectation((z) => {
    const a = g.apply(z);
    return a * a;
  }, q);
}

/**
 * E_{z~N(0, q)}[φ'(z)²], with the one-sided limits at q = 0 and the large-q limit at q = Infinity.
 *
 * @internal
 * @example
 * ```ts
 * slopeSquare(activation('relu'), 3); // 0.5
 * ```
 */
export function slopeSquare(g: Activation, q: number): number {
  const linear = linearSlopes(g);
  if (linear) return (linear.left ** 2 + linear.right ** 2) / 2;
  const slope = (z: number): number => g.derivative(z, g.apply(z));
  if (q === 0) return (slope(-1e-300) ** 2 + slope(1e-300) ** 2) / 2;
  if (q === Infinity) return atInfinity((z) => slope(z) ** 2);
  return expectation((z) => {
    const s = slope(z);
    return s * s;
  }, q);
}

/**
 * lim_{q→∞} E_{z~N(0, q)}[f(z)] for an f with limits at ±∞: as q grows the Gaussian's mass leaves every bounded
 * interval, half to each side, so the limit is (f(−∞) + f(+∞))/2 (Infinity when f grows without bound).
 */
function atInfinity(f: (z: number) => number): number {
  const far = 1e300;
  const value = (f(-far) + f(far)) / 2;
  return Number.isFinite(value) ? value : Infinity;
}

// ---------------------------------------------------------------------------------------------------------------
// Validation.
// ---------------------------------------------------------------------------------------------------------------

/**
 * The checked activation, σ_w² and σ_b² of mean-field options whose keys must all be in `keys`.
 *
 * @internal
 * @example
 * ```ts
 * const { g, weightVariance, biasVariance } = meanField(options, 'chi', ['activation', 'weightVariance']);
 * ```
 */
export function meanField(
  options: MeanFieldOptions,
  context: string,
  keys: readonly string[],
): { g: Activation; weightVariance: number; biasVariance: number } {
  expectKnownKeys('options', options, keys, '{ activation, weightVariance, biasVariance }', context);
  return {
    g: resolveActivation(options.activation, 'options.activation', context),
    weightVariance: expectNonNegativeNumber('options.weightVariance', options.weightVariance, context),
    biasVariance: expectNonNegativeNumber('options.biasVariance', options.biasVariance ?? 0, context),
  };
}

function momentOptions(options: ActivationMomentOptions, context: string): { g: Activation; q: number } {
  expectKnownKeys('options', options, ['activation', 'variance'], '{ activation, variance }', context);
  return {
    g: resolveActivation(options.activation, 'options.activation', context),
    q: expectVariance('options.variance', options.variance, context),
  };
}

function firstLayerVariance(
  options: DeepMeanFieldOptions,
  weightVariance: number,
  biasVariance: number,
  context: string,
): number {
  const given = (['inputVariance', 'inputSecondMoment', 'input'] as const).filter(
    (k) => options[k] !== undefined,
  );
  if (given.length !== 1) {
    throw new GradscopeArgumentError(
      'options',
      given.length === 0 ? 'none of them' : given.join(' and '),
      'given exactly one of inputVariance (q^1), inputSecondMoment (‖x‖²/N_0) or input (x)',
      context,
    );
  }
  if (options.inputVariance !== undefined) {
    return expectNonNegativeNumber('options.inputVariance', options.inputVariance, context);
  }
  if (options.inputSecondMoment !== undefined) {
    const m = expectNonNegativeNumber('options.inputSecondMoment', options.inputSecondMoment, context);
    return weightVariance * m + biasVariance;
  }
  const x = options.input;
  let values: ArrayLike<number>;
  if (isMatrix(x)) {
    if (x.cols !== 1) {
      throw new GradscopeArgumentError(
        'options.input',
        x,
        'one example: an N_0 × 1 matrix or an array',
        context,
      );
    }
    values = x.data;
  } else if (Array.isArray(x) || ArrayBuffer.isView(x)) {
    values = x as ArrayLike<number>;
  } else {
    throw new GradscopeArgumentError(
      'options.input',
      x,
      'one example: an N_0 × 1 matrix or an array of numbers',
      context,
    );
  }
  if (values.length === 0) throw new GradscopeArgumentError('options.input', x, 'a non-empty input', context);
  let sumSquares = 0;
  for (let i = 0; i < values.length; i++) {
    const v = expectFiniteNumber(`options.input[${i}]`, values[i], context);
    sumSquares += v * v;
  }
  return (weightVariance * sumSquares) / values.length + biasVariance;
}

function expectVariance(argument: string, q: unknown, context: string): number {
  if (q === Infinity) return q;
  return expectNonNegativeNumber(argument, q, context);
}
