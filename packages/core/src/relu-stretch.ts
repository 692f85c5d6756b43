/**
 * What a stack of random ReLU layers does to a signal's length, exactly, at finite width: the ReLU counterpart of
 * `gaussianStretch` (lyapunov.ts).
 *
 * Take a bias-free layer a = relu(W·v) of n units reading n inputs, with i.i.d. W_ij ~ N(0, σ_w²/n) and a fixed
 * v ≠ 0. The entries of W·v are i.i.d. N(0, σ_w²‖v‖²/n). Flipping the sign of a row of W changes neither the law
 * of W nor the square of that row's product with v, but switches the unit on or off; so which units are on is a
 * fair coin per unit, independent of the sizes. Hence
 *
 *     ‖relu(W·v)‖² / ‖v‖² = (σ_w²/n)·χ²_K,   K ~ Binomial(n, ½) the number of units that are on,
 *
 * and successive layers contribute independent factors of this law (each one's law is the same whatever the
 * layers before did). From it, with E[χ²_k] = k, Var[χ²_k] = 2k, E[ln χ²_k] = ln 2 + ψ(k/2) and
 * Var[ln χ²_k] = ψ'(k/2):
 * - the mean-square factor per layer is E[(σ_w²/n)·χ²_K] = σ_w²/2: He initialization (σ_w² = 2) keeps the mean
 *   square of the signal exactly, at every width (He et al. 2015 derive the same from E[relu(z)²] = q/2);
 * - its second moment is (σ_w²/2)²·(1 + 5/n), so E[R²]/E[R]² over L layers is (1 + 5/n)^L ≈ e^(5L/n): the
 *   spread of the squared length grows exponentially in the depth-to-width ratio, the phenomenon Hanin 2018
 *   ("Which neural net architectures give rise to exploding and vanishing gradients?", NeurIPS) proves for the
 *   squared entries of a ReLU network's input-output Jacobian, with β = Σ 1/n_l in place of L/n;
 * - the logarithm: when no layer has every unit off (probability (1 − 2^−n)^L; otherwise the signal is exactly 0),
 *   ln(‖a^[L]‖/‖x‖) is a sum of L independent terms, each half of ln(σ_w²/n) + ln 2 + ψ(K/2), of mean about
 *   ½ln(σ_w²/2) − 5/(4n) and variance about 5/(4n). So at He initialization the typical length shrinks by about
 *   e^(−5/(4n)) per layer, while the mean square stays put (Hanin & Nica 2020 show such logarithms are
 *   asymptotically Gaussian when depth and width grow together).
 */

import { digamma, trigamma } from './digamma.js';
import { expectKnownKeys, expectPositiveInteger, expectPositiveNumber } from './errors.js';

/** What `depth` random bias-free ReLU layers of one width do to the length of a signal (see `reluStretch`). */
export interface ReluStretch {
  /** E[‖a^[L]‖²/‖x‖²] = (σ_w²/2)^L: the mean-square stretch. */
  readonly meanSquare: number;
  /** E[R²]/E[R]² for R = ‖a^[L]‖²/‖x‖²: (1 + 5/n)^L, how heavy the tail of the squared length is. */
  readonly secondMomentRatio: number;
  /** e^logMean: the typical (geometric-mean) stretch of ‖x‖. */
  readonly typical: number;
  /** E[ln(‖a^[L]‖/‖x‖)], given that no layer has every unit off. */
  readonly logMean: number;
  /** The standard deviation of ln(‖a^[L]‖/‖x‖), given that no layer has every unit off. */
  readonly logStd: number;
  /** The probability that some layer has every unit off for this input, so that a^[L] = 0: 1 − (1 − 2^−n)^L. */
  readonly allOffProbability: number;
}

/**
 * The exact law of a signal's length through `depth` bias-free ReLU layers of `width` units with Gaussian weights
 * of variance σ_w²/width (σ_w² = `weightVariance`, default 2, He's), for a fixed input x of `width` entries: the
 * mean-square stretch (σ_w²/2)^L, the typical one, and the mean and spread of its logarithm (see the file header
 * for the derivation). A backward pass through the same layers has the same law if its weights are treated as
 * independent of the forward pass (the mean-field assumption); at small width that is an approximation.
 *
 * @example
 * ```ts
 * reluStretch(64, 50).meanSquare; // 1: He keeps the mean square exactly
 * reluStretch(64, 50).typical; // about e^(−50·5/(4·64)) ≈ 0.38: the typical length still shrinks
 * reluStretch(64, 50, { weightVariance: 1 }).meanSquare; // 2^−50: Xavier's variance halves it per layer
 * ```
 */
export function reluStretch(
  width: number,
  depth: number,
  options: { readonly weightVariance?: number } = {},
): ReluStretch {
  const context = 'reluStretch';
  const n = expectPositiveInteger('width', width, context);
  const L = expectPositiveInteger('depth', depth, context);
  expectKnownKeys('options', options, ['weightVariance'], '{ weightVariance: 2 }', context);
  const variance = expectPositiveNumber('options.weightVariance', options.weightVariance ?? 2, context);
  const { mean, varianceOfLog, allOff } = layerLogMoments(n, variance);
  return {
    meanSquare: (variance / 2) ** L,
    secondMomentRatio: (1 + 5 / n) ** L,
    typical: Math.exp((L * mean) / 2),
    logMean: (L * mean) / 2,
    logStd: Math.sqrt(L * varianceOfLog) / 2,
    allOffProbability: -Math.expm1(L * Math.log1p(-allOff)),
  };
}

/**
 * Mean and variance of ln R for one layer's factor R = (σ²/n)·χ²_K, K ~ Binomial(n, ½), given K ≥ 1, by summing
 * over K (binomial weights in logarithms, so n in the thousands does not underflow); and P(K = 0) = 2^−n.
 */
function layerLogMoments(
  n: number,
  variance: number,
): { mean: number; varianceOfLog: number; allOff: number } {
  const allOff = 2 ** -n;
  const base = Math.log(variance / n) + Math.LN2;
  let logChoose = 0; // ln C(n, k), updated as k grows
  let mean = 0;
  let square = 0;
  let within = 0; // E[ψ'(K/2)]
  for (let k = 1; k <= n; k++) {
    logChoose += Math.log((n - k + 1) / k);
    const p = Math.exp(logChoose - n * Math.LN2) / (1 - allOff);
    const m = base + digamma(k / 2);
    mean += p * m;
    square += p * m * m;
    within += p * trigamma(k / 2);
  }
  // Var[ln R] = Var[E[ln R | K]] + E[Var[ln R | K]].
  return { mean, varianceOfLog: Math.max(0, square - mean * mean) + within, allOff };
}
