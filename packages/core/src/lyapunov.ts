/**
 * Products of random Gaussian layers: how a signal's length changes through L linear layers W_L⋯W_1 with i.i.d.
 * entries (W_l)_ij ~ N(0, σ²/n), and why the average and the typical answer differ.
 *
 * For any vector v independent of W, Wv has i.i.d. N(0, σ²‖v‖²/n) entries, so ‖Wv‖²/‖v‖² = (σ²/n)·χ²_n, and
 * successive layers contribute independent factors. Hence:
 * - the **mean-square** stretch per layer is E[‖Wv‖²/‖v‖²] = σ² (exactly 1 at σ² = 1: the reason for the 1/n
 *   variance of LeCun/Xavier initialization);
 * - the **typical** stretch per layer is e^λ₁, with the top Lyapunov exponent
 *       λ₁ = E[ln(‖Wv‖/‖v‖)] = ln σ + ½[ln 2 + ψ(n/2) − ln n] = ln σ + ½[ψ(n/2) − ln(n/2)],
 *   since E[ln χ²_n] = ln 2 + ψ(n/2). With unit-variance entries (σ² = n) this is Newman's ½[ln 2 + ψ(n/2)]
 *   (C. M. Newman, "The distribution of Lyapunov exponents: exact results for random matrices", Commun. Math.
 *   Phys. 103, 1986; Cohen & Newman, Ann. Probab. 12, 1984); the variance σ²/n subtracts ½ ln n and adds ln σ.
 *   As ψ(x) ≈ ln x − 1/(2x), λ₁ ≈ ln σ − 1/(2n): at σ² = 1 every layer shrinks a typical signal by about
 *   e^(−1/(2n)), although on average (in mean square) it keeps its size;
 * - ln(‖W_L⋯W_1 v‖/‖v‖) is a sum of L independent terms of variance ¼ψ'(n/2) ≈ 1/(2n), so its spread grows like
 *   √(L/(2n)). For L/n large the mean square is carried by rare, huge samples while almost every sample is near
 *   e^(Lλ₁) (Hanin, "Which neural net architectures give rise to exploding and vanishing gradients?", NeurIPS 2018,
 *   where the sum of reciprocal widths Σ 1/n_l sets that spread).
 *
 * Width 2, 100 layers: typical factor e^(100·λ₁) ≈ 2.9e−13. Width 256: ≈ 0.822, close to e^(−100/512).
 */

import { digamma, trigamma } from './digamma.js';
import {
  GradscopeArgumentError,
  expectKnownKeys,
  expectPositiveInteger,
  expectPositiveNumber,
} from './errors.js';
import { createRandom, fillNormal } from './random.js';

/**
 * The top Lyapunov exponent λ₁ = lim (1/L) ln‖W_L⋯W_1 v‖ of i.i.d. n×n Gaussian layers with entry variance
 * σ²/n, in closed form: ln σ + ½[ψ(n/2) − ln(n/2)] (see the file header). Negative at σ² = 1 for every width.
 *
 * @example
 * ```ts
 * gaussianLyapunovExponent(2); // −0.2886 = −γ/2
 * gaussianLyapunovExponent(256); // −0.0019557 ≈ −1/512
 * gaussianLyapunovExponent(256, { weightVariance: 2 }); // ln √2 − 0.0019557 ≈ 0.3446
 * ```
 */
export function gaussianLyapunovExponent(
  width: number,
  options: { readonly weightVariance?: number } = {},
): number {
  const context = 'gaussianLyapunovExponent';
  const n = expectPositiveInteger('width', width, context);
  expectKnownKeys('options', options, ['weightVariance'], '{ weightVariance: 1 }', context);
  const variance = expectPositiveNumber('options.weightVariance', options.weightVariance ?? 1, context);
  return 0.5 * Math.log(variance) + 0.5 * (digamma(n / 2) - Math.log(n / 2));
}

/** What a stack of Gaussian layers does to a signal's length, in closed form (see `gaussianStretch`). */
export interface GaussianStretch {
  /** E[‖W_L⋯W_1 v‖²/‖v‖²] = σ^(2L): the mean-square stretch. */
  readonly meanSquare: number;
  /** e^(L·λ₁): the typical (geometric-mean) stretch of ‖v‖. */
  readonly typical: number;
  /** E[ln(‖W_L⋯W_1 v‖/‖v‖)] = L·λ₁. */
  readonly logMean: number;
  /** The standard deviation of ln(‖W_L⋯W_1 v‖/‖v‖), √(L·ψ'(n/2))/2. */
  readonly logStd: number;
}

/**
 * The mean-square and the typical stretch of a signal through `depth` Gaussian layers of width n and entry
 * variance σ²/n, with the mean and spread of its logarithm: the "typical vs mean-square" contrast of Hanin 2018.
 *
 * @example
 * ```ts
 * gaussianStretch(2, 100); // { meanSquare: 1, typical: 2.92e-13, logMean: −28.86, logStd: 6.41 }
 * gaussianStretch(256, 100).typical; // 0.8224, about e^(−100/512)
 * ```
 */
export function gaussianStretch(
  width: number,
  depth: number,
  options: { readonly weightVariance?: number } = {},
): GaussianStretch {
  const context = 'gaussianStretch';
  const n = expectPositiveInteger('width', width, context);
  const L = expectPositiveInteger('depth', depth, context);
  expectKnownKeys('options', options, ['weightVariance'], '{ weightVariance: 1 }', context);
  const variance = expectPositiveNumber('options.weightVariance', options.weightVariance ?? 1, context);
  const lambda = gaussianLyapunovExponent(n, { weightVariance: variance });
  return {
    meanSquare: variance ** L,
    typical: Math.exp(L * lambda),
    logMean: L * lambda,
    logStd: Math.sqrt(L * trigamma(n / 2)) / 2,
  };
}

/** Options of `sampleLogStretches` and `lyapunovExponent`. */
export interface GaussianProductOptions {
  /** n: every layer is an n×n matrix. */
  readonly width: number;
  /** L: layers per sample (per run, for `lyapunovExponent`). Default 100 for samples, 1000 for runs. */
  readonly depth?: number;
  /** σ²: the entries have variance σ²/n. Default 1. */
  readonly weightVariance?: number;
  /** The seed of the draws. Default 0. */
  readonly seed?: number | string;
}

/**
 * ln(‖W_L⋯W_1 v‖/‖v‖) for `samples` independent products of `depth` fresh Gaussian layers (entries
 * N(0, σ²/n)), each applied to a random unit vector v, by actually multiplying: a layer's matrix is drawn
 * entry by entry as it multiplies v (n² draws per layer), and v is renormalized after every layer so nothing
 * overflows; the logarithms of the norms are summed. Logarithms, because the stretches themselves span hundreds
 * of orders of magnitude.
 *
 * @example
 * ```ts
 * const logs = sampleLogStretches({ width: 2, depth: 100, samples: 1000, seed: 1 });
 * // median of e^logs ≈ 1e-13 (typical), while the mean of e^(2·logs) is dominated by a few huge samples
 * ```
 */
export function sampleLogStretches(
  options: GaussianProductOptions & { readonly samples: number },
): Float64Array {
  const context = 'sampleLogStretches';
  const { n, L, std, random } = resolve(options, ['samples'], 100, context);
  const samples = expectPositiveInteger('options.samples', options.samples, context);
  const out = new Float64Array(samples);
  const v = new Float64Array(n);
  const next = new Float64Array(n);
  for (let s = 0; s < samples; s++) out[s] = logStretch(v, next, L, std, random);
  return out;
}

/** A Monte Carlo estimate of λ₁ (see `lyapunovExponent`). */
export interface LyapunovEstimate {
  /** The mean over the runs of (1/L)·ln(‖W_L⋯W_1 v‖/‖v‖). */
  readonly estimate: number;
  /** Its standard error: the standard deviation of the runs' values divided by √runs. */
  readonly standardError: number;
  /** Each run's value. */
  readonly runs: Float64Array;
  /** The closed form ln σ + ½[ψ(n/2) − ln(n/2)], to compare with. */
  readonly closedForm: number;
}

/**
 * The top Lyapunov exponent λ₁ of a product of i.i.d. n×n Gaussian layers (entries N(0, σ²/n)), estimated by
 * Monte Carlo: `runs` independent products of `depth` layers each, renormalizing the vector after every layer
 * (as `sampleLogStretches`), each run giving (1/L)·ln‖W_L⋯W_1 v‖ for a unit v; returns their mean, its standard
 * error and the closed form. Gaussian layers need no burn-in: every layer's factor is independent of the
 * direction it meets.
 *
 * @example
 * ```ts
 * const { estimate, standardError, closedForm } = lyapunovExponent({ width: 2, depth: 1000, runs: 20, seed: 1 });
 * // estimate ≈ −0.289 ± 0.005; closedForm = −0.2886
 * ```
 */
export function lyapunovExponent(
  options: GaussianProductOptions & { readonly runs?: number },
): LyapunovEstimate {
  const context = 'lyapunovExponent';
  const { n, L, std, random, variance } = resolve(options, ['runs'], 1000, context);
  const count = expectPositiveInteger('options.runs', options.runs ?? 10, context);
  if (count < 2) {
    throw new GradscopeArgumentError(
      'options.runs',
      count,
      'an integer ≥ 2 (a standard error needs two runs)',
      context,
    );
  }
  const runs = new Float64Array(count);
  const v = new Float64Array(n);
  const next = new Float64Array(n);
  for (let r = 0; r < count; r++) runs[r] = logStretch(v, next, L, std, random) / L;
  let mean = 0;
  for (const x of runs) mean += x;
  mean /= count;
  let squares = 0;
  for (const x of runs) squares += (x - mean) ** 2;
  return {
    estimate: mean,
    standardError: Math.sqrt(squares / (count - 1) / count),
    runs,
    closedForm: gaussianLyapunovExponent(n, { weightVariance: variance }),
  };
}

function resolve(
  options: GaussianProductOptions,
  extra: readonly string[],
  defaultDepth: number,
  context: string,
): { n: number; L: number; std: number; variance: number; random: ReturnType<typeof createRandom> } {
  expectKnownKeys(
    'options',
    options,
    ['width', 'depth', 'weightVariance', 'seed', ...extra],
    '{ width: 64, depth: 100 }',
    context,
  );
  const n = expectPositiveInteger('options.width', options.width, context);
  const L = expectPositiveInteger('options.depth', options.depth ?? defaultDepth, context);
  const variance = expectPositiveNumber('options.weightVariance', options.weightVariance ?? 1, context);
  const seed = options.seed ?? 0;
  if (typeof seed !== 'string' && !Number.isFinite(seed)) {
    throw new GradscopeArgumentError('options.seed', seed, 'a finite number or a string', context);
  }
  return { n, L, variance, std: Math.sqrt(variance / n), random: createRandom(seed) };
}

/** ln(‖W_L⋯W_1 v‖/‖v‖) for a random unit v, drawing each W_ij ~ N(0, std²) as it is used. */
function logStretch(
  v: Float64Array,
  next: Float64Array,
  L: number,
  std: number,
  random: ReturnType<typeof createRandom>,
): number {
  const n = v.length;
  const row = new Float64Array(n);
  let length: number;
  do {
    length = 0;
    fillNormal(v, random);
    for (let i = 0; i < n; i++) length += v[i] * v[i];
  } while (length === 0);
  length = Math.sqrt(length);
  for (let i = 0; i < n; i++) v[i] /= length;
  let sum = 0;
  for (let l = 0; l < L; l++) {
    let squares = 0;
    for (let i = 0; i < n; i++) {
      let dot = 0;
      // Row i of this layer's weights, drawn in the order the draws were always taken (same numbers, bit for bit).
      fillNormal(row, random);
      for (let j = 0; j < n; j++) dot += row[j] * v[j];
      const value = std * dot;
      next[i] = value;
      squares += value * value;
    }
    const norm = Math.sqrt(squares);
    // A product that hits exactly 0 (possible only in theory) has lost the signal for good.
    if (norm === 0) return -Infinity;
    sum += Math.log(norm);
    for (let i = 0; i < n; i++) v[i] = next[i] / norm;
  }
  return sum;
}
