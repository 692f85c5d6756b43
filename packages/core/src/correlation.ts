/**
 * How the correlation between two inputs changes from layer to layer in a wide random network (Poole et al. 2016,
 * eq. 4–5; Schoenholz et al. 2017, §3): the mean-field theory of meanfield.ts for a pair of signals.
 *
 * Two inputs whose pre-activations at layer l have the same variance q and correlation c are, unit by unit, a pair
 * (u1, u2) of Gaussians with covariance q·[[1, c], [c, 1]]. The next layer's covariance and variance are
 *     q12 = σ_w²·E[φ(u1)φ(u2)] + σ_b²,        q' = σ_w²·E[φ(u1)²] + σ_b²   (the variance map),
 * so the correlation map is
 *     C(c; q) = q12 / q' = (σ_w²·E[φ(u1)φ(u2)] + σ_b²) / (σ_w²·E[φ(u)²] + σ_b²),
 * which at the fixed point q* = q' is Poole et al.'s C(c; q*) = (σ_w²·E[φ(u1)φ(u2)] + σ_b²)/q*. C(1) = 1 always:
 * identical inputs stay identical. Its slope is ∂C/∂c = σ_w²·q·E[φ'(u1)φ'(u2)]/q' (Price's theorem), which at
 * c = 1 and q = q* is χ_1 = σ_w²·E[φ'(u)²], the gradient factor of meanfield.ts: when χ_1 < 1 the fixed point
 * c* = 1 attracts (ordered phase: inputs become indistinguishable); when χ_1 > 1 it repels and another fixed point
 * c* < 1 attracts (chaotic phase). Near c*, |c^l − c*| ∝ e^{−l/ξ_c} with ξ_c = −1/ln χ_c(c*) (Schoenholz eq. 9),
 * which diverges at the edge of chaos, where χ_c(c*) = χ_1 = 1.
 *
 * The expectation over the pair is nested: E[f(u1)g(u2)] = E_{u1}[f(u1)·E[g(u2) | u1]], with u2 | u1 ~
 * N(c·u1, q(1 − c²)), each level by composite Gauss–Legendre quadrature with panels at the kink 0 (quadrature.ts).
 * The outer panels near 0 are also no wider than the inner standard deviation, where E[g(u2) | u1] bends.
 */

import { type Activation } from './activations.js';
import { GradscopeArgumentError, expectNumberInRange } from './errors.js';
import {
  activationSquare,
  atFixedPoint,
  deepVariances,
  depthScaleOf,
  linearSlopes,
  slopeSquare,
  type AtFixedPointOptions,
  type DeepMeanFieldOptions,
} from './meanfield.js';
import { gaussLegendre, piecewiseExpectation } from './quadrature.js';
import { brent } from './roots.js';

/**
 * Options of `correlationMap` and `correlationSlope`: the network, the correlation c of the two inputs'
 * pre-activations, and (optionally) their common variance q, q* by default.
 *
 * @example
 * ```ts
 * correlationMap({ activation: 'tanh', weightVariance: 2.5, biasVariance: 0.05, correlation: 0.5 });
 * ```
 */
export interface CorrelationOptions extends AtFixedPointOptions {
  /** c, the correlation of the two inputs' pre-activations, in [−1, 1]. Default 1 for `correlationSlope`. */
  readonly correlation?: number;
}

/**
 * Options of `forwardCorrelation`: a deep mean-field network (its depth and q^1, as `forwardVariance` takes them)
 * and the correlation c^1 of the two inputs' first-layer pre-activations.
 *
 * @example
 * ```ts
 * forwardCorrelation({ activation: 'tanh', weightVariance: 2.5, inputVariance: 1, depth: 20, inputCorrelation: 0.9 });
 * ```
 */
export interface DeepCorrelationOptions extends DeepMeanFieldOptions {
  /** c^1, the correlation of the two examples' pre-activations z^[1], in [−1, 1]. */
  readonly inputCorrelation: number;
}

const RULE = gaussLegendre(12);

/**
 * The correlation map c ↦ C(c; q) between two inputs (Poole et al. eq. 5), at the fixed point q* of the variance
 * map unless `variance` gives another q: if the two inputs' pre-activations have correlation c at one layer, they
 * have correlation C(c) at the next. C(1) = 1. Plot it against the diagonal to see c*.
 *
 * @example
 * ```ts
 * correlationMap({ activation: 'relu', weightVariance: 2, correlation: 0 }); // 1/π: ReLU correlates what it receives
 * correlationMap({ activation: 'tanh', weightVariance: 2.5, biasVariance: 0.05, correlation: 0.5 }); // < 0.5: chaos
 * ```
 */
export function correlationMap(options: CorrelationOptions): number {
  const context = 'correlationMap';
  const setup = atFixedPoint(options, context, ['correlation']);
  const c = expectCorrelation('options.correlation', options.correlation, context, undefined);
  return mapOf(setup, c, context);
}

/**
 * χ_c(c) = ∂C/∂c, the slope of the correlation map at c (default 1), at q* unless `variance` gives another q:
 * σ_w²·q·E[φ'(u1)φ'(u2)]/q' (Price's theorem). At c = 1 and q = q* it is χ_1, the same number as `chi`: the
 * factor by which a small difference between two inputs, like a gradient, grows or shrinks per layer.
 *
 * @example
 * ```ts
 * correlationSlope({ activation: 'tanh', weightVariance: 1.5, biasVariance: 0.05 }); // = chi(…) ≈ 0.9386
 * correlationSlope({ activation: 'relu', weightVariance: 2, correlation: 0 }); // 1/2
 * ```
 */
export function correlationSlope(options: CorrelationOptions): number {
  const context = 'correlationSlope';
  const setup = atFixedPoint(options, context, ['correlation']);
  const c = expectCorrelation('options.correlation', options.correlation, context, 1);
  return slopeOf(setup, c, context);
}

/**
 * c*, the correlation that two inputs' signals settle to deep in the network: the fixed point of the correlation
 * map reached from c = 0 upwards (where uncorrelated inputs end up; for a non-decreasing φ the map is
 * non-decreasing, so its iterates climb to it). c* = 1 when χ_1 ≤ 1 (ordered phase: all inputs become the same
 * signal); c* < 1 when χ_1 > 1 (chaotic phase: even close inputs decorrelate, down to c*). For odd φ without
 * bias, c* = 0 in the chaotic phase.
 *
 * @example
 * ```ts
 * correlationFixedPoint({ activation: 'tanh', weightVariance: 1.5, biasVariance: 0.05 }); // 1: ordered
 * correlationFixedPoint({ activation: 'tanh', weightVariance: 2.5, biasVariance: 0.05 }); // ≈ 0.3: chaotic
 * ```
 */
export function correlationFixedPoint(options: AtFixedPointOptions): number {
  const context = 'correlationFixedPoint';
  return fixedPointOf(atFixedPoint(options, context), context);
}

/**
 * ξ_c = −1/ln χ_c(c*), the depth over which two inputs' correlation settles to c* (Schoenholz et al. eq. 9):
 * |c^l − c*| ∝ e^{−l/ξ_c}. It bounds how deep a signal can carry the difference between inputs, and so how deep
 * a network can be trained (Schoenholz et al. find networks of up to about 6ξ_c layers trainable). Infinity at the
 * edge of chaos, where χ_c(c*) = χ_1 = 1.
 *
 * @example
 * ```ts
 * correlationDepthScale({ activation: 'tanh', weightVariance: 1.5, biasVariance: 0.05 }); // −1/ln χ_1 ≈ 15.8
 * correlationDepthScale({ activation: 'relu', weightVariance: 2 }); // Infinity: He initialization is critical
 * ```
 */
export function correlationDepthScale(options: AtFixedPointOptions): number {
  const context = 'correlationDepthScale';
  const setup = atFixedPoint(options, context);
  return depthScaleOf(slopeOf(setup, fixedPointOf(setup, context), context));
}

/**
 * The correlations c^1 … c^L between two inputs' pre-activations, layer by layer (entry l − 1 is layer l): c^1
 * given, then c^{l+1} = C(c^l; q^l) with the q^l of `forwardVariance` (both inputs have the same length, q^1). The
 * curve a measured deep network's correlations follow.
 *
 * @example
 * ```ts
 * forwardCorrelation({ activation: 'tanh', weightVariance: 1.5, biasVariance: 0.05, inputVariance: 0.5,
 *   depth: 30, inputCorrelation: 0 }); // climbs towards c* = 1: the ordered phase forgets which input it saw
 * ```
 */
export function forwardCorrelation(options: DeepCorrelationOptions): Float64Array {
  const context = 'forwardCorrelation';
  const { q, g, weightVariance, biasVariance } = deepVariances(options, context, ['inputCorrelation']);
  const c = new Float64Array(q.length);
  c[0] = expectCorrelation('options.inputCorrelation', options.inputCorrelation, context, undefined);
  for (let l = 1; l < q.length; l++)
    c[l] = mapOf({ g, weightVariance, biasVariance, q: q[l - 1] }, c[l - 1], context);
  return c;
}

// ---------------------------------------------------------------------------------------------------------------

interface Setup {
  readonly g: Activation;
  readonly weightVariance: number;
  readonly biasVariance: number;
  readonly q: number;
}

/**
 * The variance q to integrate at, and whether the bias terms count: q itself, or for a piecewise-linear φ at
 * q = Infinity (an exploding ReLU network) q = 1 without σ_b², since E[φ(u1)φ(u2)] ∝ q and σ_b²/q → 0. A
 * correlation needs signals: q = 0 without bias, or an unbounded q for another φ, has none to compare.
 */
function scaleOf(setup: Setup, context: string): { q: number; biasVariance: number } {
  const { g, q, biasVariance } = setup;
  const linear = linearSlopes(g) !== null;
  if (q === Infinity && linear) return { q: 1, biasVariance: 0 };
  if (q === 0 && linear) return { q: 1, biasVariance };
  if (q === Infinity || (q === 0 && biasVariance === 0)) {
    throw new GradscopeArgumentError(
      'options',
      `q = ${q}`,
      q === 0
        ? 'a network whose signal does not die out: here q* = 0 (σ_b² = 0 in the ordered phase), so two inputs have no signal left to correlate; give a biasVariance > 0 or a variance'
        : 'a network with a finite fixed point q* (here q grows without bound), or a variance to evaluate at',
      context,
    );
  }
  return { q, biasVariance };
}

function mapOf(setup: Setup, c: number, context: string): number {
  const { g, weightVariance } = setup;
  const { q, biasVariance } = scaleOf(setup, context);
  if (c === 1) return 1;
  const phi = (z: number): number => g.apply(z);
  const covariance = weightVariance * pairExpectation(phi, phi, q, c) + biasVariance;
  return covariance / (weightVariance * activationSquare(g, q) + biasVariance);
}

function slopeOf(setup: Setup, c: number, context: string): number {
  const { g, weightVariance } = setup;
  const { q, biasVariance } = scaleOf(setup, context);
  const slope = (z: number): number => g.derivative(z, g.apply(z));
  const next = weightVariance * activationSquare(g, q) + biasVariance;
  // At c = 1 the pair is one variable: E[φ'(u)²], as chi takes it (exactly 1/2 for ReLU, so He is exactly critical).
  const slopes = c === 1 ? slopeSquare(g, q) : pairExpectation(slope, slope, q, c);
  return (weightVariance * q * slopes) / next;
}

function fixedPointOf(setup: Setup, context: string): number {
  // c = 1 is always a fixed point; it attracts when the slope there is at most 1.
  if (slopeOf(setup, 1, context) <= 1 + 1e-12) return 1;
  // h(c) = C(c) − c ≥ 0 at c = 0 (C(0) = (σ_w²E[φ]² + σ_b²)/q' ≥ 0) and < 0 just below 1 (C'(1) > 1): find where
  // it first turns negative on the grid c_k = 1 − 2^−k, and solve h = 0 on that interval.
  const h = (c: number): number => mapOf(setup, c, context) - c;
  let low = 0;
  let hLow = h(0);
  if (hLow === 0) return 0;
  for (let k = 1; k <= 40; k++) {
    const high = 1 - 2 ** -k;
    const hHigh = h(high);
    if (hHigh < 0) return brent(h, low, high, hLow, hHigh, 1e-14);
    [low, hLow] = [high, hHigh];
  }
  return 1; // within 1e−12 of 1: indistinguishable from the critical c* = 1
}

/**
 * E[f1(u1)·f2(u2)] for (u1, u2) ~ N(0, q·[[1, c], [c, 1]]), nested: the inner expectation is over
 * u2 | u1 ~ N(c·u1, q(1 − c²)).
 */
function pairExpectation(f1: (z: number) => number, f2: (z: number) => number, q: number, c: number): number {
  const conditionalVariance = q * (1 - c * c);
  const degenerate = conditionalVariance <= 1e-24 * q; // |c| = 1 up to rounding: u2 = c·u1
  const inner = degenerate
    ? (u1: number) => f2(c * u1)
    : (u1: number) => piecewiseExpectation(f2, conditionalVariance, c * u1, [0], 1, RULE);
  const width = degenerate ? 1 : Math.min(1, Math.sqrt(conditionalVariance));
  const outer = (u1: number): number => {
    const a = f1(u1);
    return a === 0 ? 0 : a * inner(u1);
  };
  return piecewiseExpectation(outer, q, 0, [0], width, RULE);
}

function expectCorrelation(
  argument: string,
  value: unknown,
  context: string,
  fallback: number | undefined,
): number {
  if (value === undefined && fallback !== undefined) return fallback;
  return expectNumberInRange(argument, value, -1, 1, context);
}
