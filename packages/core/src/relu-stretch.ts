/**
 * The length of a signal through a deep ReLU network at finite width, exactly: what He initialization keeps (the
 * mean square) and what it does not (the typical size).
 *
 * The network: a^[0] = x, z^[l] = W^[l]·a^[l−1], a^[l] = relu(z^[l]), n units in every layer, no biases, and
 * W^[l]_ij ~ N(0, σ²/n) independent (σ² = n·Var(W_ij) is `weightVariance`: 2 for He initialization, 1 for LeCun's
 * and, between equal widths, Xavier's). Given a^[l−1] ≠ 0, the entries of z^[l] are independent N(0, σ²‖a^[l−1]‖²/n)
 * whatever the direction of a^[l−1] (a Gaussian matrix has no preferred direction). Exactly K ~ Binomial(n, ½) of
 * them are positive, and the positive ones are half-normal, so
 *     ‖a^[l]‖² / ‖a^[l−1]‖² = (σ²/n)·χ²_K,
 * independently from layer to layer. Everything follows from that one line:
 * - **mean square**: E[(σ²/n)χ²_K] = σ²/2 per layer, exactly 1 for He (the reason for 2/fan_in);
 * - **its spread**: E[((σ²/n)χ²_K)²] = (σ⁴/4)(1 + 5/n), so the squared length after L layers has relative variance
 *   (1 + 5/n)^L − 1: exponential in L/n (Hanin & Rolnick, "How to start training: the effect of initialization and
 *   architecture", NeurIPS 2018, who show that the sum of reciprocal widths Σ 1/n_l controls it);
 * - **dead networks**: K = 0 (every unit of a layer negative, probability 2^−n) makes a^[l] = 0 and every later
 *   layer 0 too, so a^[L] ≠ 0 with probability (1 − 2^−n)^L;
 * - **typical size**: given K ≥ 1, E[ln χ²_K | K] = ln 2 + ψ(K/2) and Var[ln χ²_K | K] = ψ'(K/2) (digamma.ts), so
 *   ln(‖a^[l]‖/‖a^[l−1]‖) has mean μ = ½[ln(2σ²/n) + E[ψ(K/2) | K ≥ 1]] and a variance v from the law of total
 *   variance. A network that survives has ln(‖a^[L]‖/‖x‖) with mean L·μ and standard deviation √(L·v). For large n,
 *   μ ≈ ½ ln(σ²/2) − 5/(4n) and v ≈ 5/(4n): at He initialization the typical length shrinks by about e^(−5/(4n)) per
 *   layer while the mean square stays put (a Gaussian linear layer drifts by e^(−1/(2n)), lyapunov.ts).
 */

import { digamma, trigamma } from './digamma.js';
import {
  GradscopeArgumentError,
  expectKnownKeys,
  expectPositiveInteger,
  expectPositiveNumber,
} from './errors.js';
import { createRandom, type Random, fillNormal } from './random.js';

/** Above this width the binomial sums of `reluLayerStretch` would take too long to be worth it. */
const MAX_WIDTH = 1_000_000;

/** What one ReLU layer of width n does to the length of its input, in closed form (see `reluLayerStretch`). */
export interface ReluLayerStretch {
  /** P(a^[l] ≠ 0 | a^[l−1] ≠ 0) = 1 − 2^−n. */
  readonly survival: number;
  /** E[‖a^[l]‖²/‖a^[l−1]‖²] = σ²/2, dead layers counted as 0. */
  readonly meanSquare: number;
  /** E[(‖a^[l]‖²/‖a^[l−1]‖²)²] = (σ⁴/4)(1 + 5/n). */
  readonly meanFourthPower: number;
  /** E[ln(‖a^[l]‖/‖a^[l−1]‖) | a^[l] ≠ 0]. */
  readonly logMean: number;
  /** Var[ln(‖a^[l]‖/‖a^[l−1]‖) | a^[l] ≠ 0]. */
  readonly logVariance: number;
}

/** What L ReLU layers of width n do to the length of the input, in closed form (see `reluStretch`). */
export interface ReluStretch {
  /** E[‖a^[L]‖²/‖x‖²] = (σ²/2)^L, dead networks counted as 0: 1 for He initialization at every depth. */
  readonly meanSquare: number;
  /** Var[‖a^[L]‖²]/E[‖a^[L]‖²]² = (1 + 5/n)^L − 1: how far one network's squared length strays from the mean. */
  readonly relativeVariance: number;
  /** P(a^[L] ≠ 0) = (1 − 2^−n)^L. */
  readonly survival: number;
  /** E[ln(‖a^[L]‖/‖x‖) | a^[L] ≠ 0] = L·μ. */
  readonly logMean: number;
  /** The standard deviation of ln(‖a^[L]‖/‖x‖) given a^[L] ≠ 0, √(L·v). */
  readonly logStd: number;
  /** e^(L·μ): the typical (geometric-mean) ‖a^[L]‖/‖x‖ of the networks that survive. */
  readonly typical: number;
}

/** Options of `reluLayerStretch` and `reluStretch`. */
export interface ReluStretchOptions {
  /** σ² = n·Var(W_ij): every weight has variance σ²/n. Default 2 (He initialization). */
  readonly weightVariance?: number;
}

/** Options of `sampleReluLogStretches`. */
export interface ReluSampleOptions extends ReluStretchOptions {
  /** n: units in every layer (and in the input). */
  readonly width: number;
  /** L: layers per sample. */
  readonly depth: number;
  /** How many independent networks to draw. */
  readonly samples: number;
  /** The seed of the draws. Default 0. */
  readonly seed?: number | string;
}

/**
 * One ReLU layer of width n with weights N(0, σ²/n), in closed form: the probability that it keeps a nonzero signal,
 * the mean and the mean square of the squared-length ratio ‖a^[l]‖²/‖a^[l−1]‖², and the mean and variance of the log
 * of the length ratio ‖a^[l]‖/‖a^[l−1]‖ when the layer survives (see the file header).
 *
 * @example
 * ```ts
 * reluLayerStretch(4); // { survival: 0.9375, meanSquare: 1, meanFourthPower: 2.25, logMean: −0.1786…, … }
 * reluLayerStretch(256).logMean; // −0.00490…, about −5/(4·256): He init keeps the mean square, not the typical size
 * ```
 */
export function reluLayerStretch(width: number, options: ReluStretchOptions = {}): ReluLayerStretch {
  const context = 'reluLayerStretch';
  const { n, variance } = resolve(width, options, context);
  // K ~ Binomial(n, ½), conditioned on K ≥ 1: moments of ψ(K/2) and ψ'(K/2), the binomial weights built in logs
  // (C(n, k) = C(n, k − 1)·(n − k + 1)/k) so that wide layers neither overflow nor underflow.
  const survival = -Math.expm1(-n * Math.LN2);
  let logChoose = 0;
  let [m1, m2, t] = [0, 0, 0];
  for (let k = 1; k <= n; k++) {
    logChoose += Math.log(n - k + 1) - Math.log(k);
    const p = Math.exp(logChoose - n * Math.LN2);
    if (p === 0) continue;
    const psi = digamma(k / 2);
    m1 += p * psi;
    m2 += p * psi * psi;
    t += p * trigamma(k / 2);
  }
  [m1, m2, t] = [m1 / survival, m2 / survival, t / survival];
  return {
    survival,
    meanSquare: variance / 2,
    meanFourthPower: (variance * variance * (1 + 5 / n)) / 4,
    // ln‖a^[l]‖ − ln‖a^[l−1]‖ = ½[ln(σ²/n) + ln χ²_K], and E[ln χ²_K | K] = ln 2 + ψ(K/2).
    logMean: 0.5 * (Math.log((2 * variance) / n) + m1),
    // Var[ln χ²_K] = E[ψ'(K/2)] + Var[ψ(K/2)] (total variance), and the ½ in front squares to ¼.
    logVariance: 0.25 * (t + m2 - m1 * m1),
  };
}

/**
 * A ReLU network of `depth` layers of width n with weights N(0, σ²/n) and no biases, in closed form: the mean square
 * and relative variance of ‖a^[L]‖²/‖x‖², the probability that a^[L] is not exactly 0, and the mean, spread and
 * typical value of ln(‖a^[L]‖/‖x‖) over the networks that survive (see the file header).
 *
 * @example
 * ```ts
 * const { meanSquare, survival, typical } = reluStretch(4, 30); // He initialization, width 4, 30 layers
 * // meanSquare 1, survival 0.144: 86% of these networks output exactly 0; the others are typically e^(30μ)
 * reluStretch(256, 30).relativeVariance; // (1 + 5/256)^30 − 1 ≈ 0.79
 * ```
 */
export function reluStretch(width: number, depth: number, options: ReluStretchOptions = {}): ReluStretch {
  const context = 'reluStretch';
  const L = expectPositiveInteger('depth', depth, context);
  resolve(width, options, context);
  const layer = reluLayerStretch(width, options);
  return {
    meanSquare: layer.meanSquare ** L,
    relativeVariance: Math.expm1(L * Math.log1p(5 / width)),
    survival: layer.survival ** L,
    logMean: L * layer.logMean,
    logStd: Math.sqrt(L * layer.logVariance),
    typical: Math.exp(L * layer.logMean),
  };
}

/**
 * ln(‖a^[L]‖/‖x‖) for `samples` independent ReLU networks of `depth` layers of width n (weights N(0, σ²/n), no
 * biases), each applied to its own random unit input x, by actually multiplying: every layer's weights are drawn as
 * they multiply the signal (n² normal draws per layer), the ReLU is applied, and the signal is renormalized after
 * every layer so nothing overflows while the logarithms of the lengths are summed. A network whose signal becomes
 * exactly 0 (every unit of some layer negative) gives −Infinity: that is data, the dead networks of a narrow ReLU
 * stack.
 *
 * @example
 * ```ts
 * const logs = sampleReluLogStretches({ width: 4, depth: 30, samples: 1000, seed: 1 });
 * logs.filter((v) => v === -Infinity).length / 1000; // ≈ 0.86 = 1 − (15/16)^30
 * ```
 */
export function sampleReluLogStretches(options: ReluSampleOptions): Float64Array {
  const context = 'sampleReluLogStretches';
  expectKnownKeys(
    'options',
    options,
    ['width', 'depth', 'samples', 'weightVariance', 'seed'],
    '{ width: 16, depth: 30, samples: 1000 }',
    context,
  );
  const { n, variance } = resolve(
    options.width,
    { weightVariance: options.weightVariance },
    context,
    'options.',
  );
  const L = expectPositiveInteger('options.depth', options.depth, context);
  const samples = expectPositiveInteger('options.samples', options.samples, context);
  const seed = options.seed ?? 0;
  if (typeof seed !== 'string' && !Number.isFinite(seed)) {
    throw new GradscopeArgumentError('options.seed', seed, 'a finite number or a string', context);
  }
  const random = createRandom(seed);
  const std = Math.sqrt(variance / n);
  const a = new Float64Array(n);
  const next = new Float64Array(n);
  const out = new Float64Array(samples);
  for (let s = 0; s < samples; s++) out[s] = logStretch(a, next, L, std, random);
  return out;
}

/** ln(‖a^[L]‖/‖x‖) of one fresh network for a random unit x, drawing each W_ij ~ N(0, std²) as it is used. */
function logStretch(a: Float64Array, next: Float64Array, L: number, std: number, random: Random): number {
  const n = a.length;
  const row = new Float64Array(n);
  let length: number;
  do {
    length = 0;
    fillNormal(a, random);
    for (let i = 0; i < n; i++) length += a[i] * a[i];
  } while (length === 0);
  length = Math.sqrt(length);
  for (let i = 0; i < n; i++) a[i] /= length;
  let sum = 0;
  for (let l = 0; l < L; l++) {
    let squares = 0;
    for (let i = 0; i < n; i++) {
      let z = 0;
      // Row i of this layer's weights, drawn in the order the draws were always taken (same numbers, bit for bit).
      fillNormal(row, random);
      for (let j = 0; j < n; j++) z += row[j] * a[j];
      const value = z > 0 ? std * z : 0;
      next[i] = value;
      squares += value * value;
    }
    // Every unit negative: this layer, and so every later one, is exactly 0.
    if (squares === 0) return -Infinity;
    const norm = Math.sqrt(squares);
    sum += Math.log(norm);
    for (let i = 0; i < n; i++) a[i] = next[i] / norm;
  }
  return sum;
}

function resolve(
  width: unknown,
  options: ReluStretchOptions,
  context: string,
  prefix = '',
): { n: number; variance: number } {
  const n = expectPositiveInteger(`${prefix}width`, width, context);
  if (n > MAX_WIDTH) {
    throw new GradscopeArgumentError(`${prefix}width`, n, `a width of at most ${MAX_WIDTH}`, context);
  }
  if (prefix === '') {
    expectKnownKeys('options', options, ['weightVariance'], '{ weightVariance: 2 }', context);
  }
  const variance = expectPositiveNumber(
    `${prefix === '' ? 'options.' : prefix}weightVariance`,
    options.weightVariance ?? 2,
    context,
  );
  return { n, variance };
}
