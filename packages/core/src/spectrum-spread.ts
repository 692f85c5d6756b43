/**
 * How widely the singular values of a Jacobian are spread, summarised in logarithms: quantiles of ln σ over the
 * singular values float64 can resolve, and how many it cannot. A network is dynamically isometric when the
 * quantiles all sit near ln σ = 0 (Pennington, Schoenholz & Ganguli 2017); a Gaussian network whose mean-square
 * singular value is 1 can still have its quantiles spread over many orders of magnitude.
 *
 * Which singular values count as zero: those below σ_max · p · 2⁻⁵² (p of them in all), the tolerance NumPy's
 * `matrix_rank` uses (with max(rows, cols) for p; Press et al., "Numerical Recipes", 3rd ed., §2.6). An SVD in
 * float64 cannot tell a singular value below it from 0, so it is left out of the quantiles and counted instead:
 * `count − rank` of them. A ReLU network's Jacobian has exact zeros among them, one for every direction its
 * switched-off units cannot pass back.
 *
 * Quantiles interpolate linearly between order statistics (Hyndman & Fan's definition 7, the default of R and
 * NumPy): with the values sorted x_0 ≤ … ≤ x_{r−1} and h = (r − 1)·p, the p-quantile is
 * x_⌊h⌋ + (h − ⌊h⌋)·(x_⌊h⌋+1 − x_⌊h⌋).
 */

import { GradscopeArgumentError, expectKnownKeys } from './errors.js';
import type { DepthSpectrum } from './jacobian-spectrum.js';

/** Options of `spectrumSpread`. */
export interface SpectrumSpreadOptions {
  /** The probabilities p of the quantiles, each in [0, 1] (default [0.1, 0.5, 0.9]). */
  readonly quantiles?: readonly number[];
}

/**
 * The defaults of `spectrumSpread`: the 10th, 50th and 90th percentiles (the middle 80 per cent and the median).
 *
 * @example
 * ```ts
 * SPECTRUM_SPREAD_DEFAULTS.quantiles; // [0.1, 0.5, 0.9]
 * ```
 */
export const SPECTRUM_SPREAD_DEFAULTS = { quantiles: [0.1, 0.5, 0.9] } as const;

/** The spread of one Jacobian's singular values (see `spectrumSpread`). */
export interface SpectrumSpread {
  /** The depth l of the spectrum summarised. */
  readonly depth: number;
  /** p: how many singular values the Jacobian has, min(n_l, n_0). */
  readonly count: number;
  /** How many lie above the tolerance (the numerical rank); NaN when the spectrum is undefined (NaN). */
  readonly rank: number;
  /** ln of the tolerance σ_max · p · 2⁻⁵²; −Infinity when every singular value is 0. */
  readonly logTolerance: number;
  /** The probabilities asked for, in the order asked. */
  readonly probabilities: readonly number[];
  /** ln σ at each probability, over the `rank` resolvable singular values; NaN when there are none. */
  readonly logQuantiles: Float64Array;
}

/**
 * Quantiles of ln σ over the singular values of one spectrum from `jacobianSpectrumByDepth`, leaving out (and
 * counting) those too small for float64 to tell from zero. Works on the logarithms, so a spectrum beyond
 * float64's range is summarised as well as any other.
 *
 * @example
 * ```ts
 * const [spectrum] = jacobianSpectrumByDepth(net, x, { depths: [50] });
 * const { logQuantiles, count, rank } = spectrumSpread(spectrum); // ln σ at 10 %, 50 %, 90 %
 * (logQuantiles[2] - logQuantiles[0]) / Math.LN10; // the middle 80 % spans this many orders of magnitude
 * count - rank; // singular values that are 0 (or too small to resolve)
 * ```
 */
export function spectrumSpread(spectrum: DepthSpectrum, options: SpectrumSpreadOptions = {}): SpectrumSpread {
  const context = 'spectrumSpread';
  const logs = spectrum?.logSingularValues;
  if (
    typeof spectrum !== 'object' ||
    spectrum === null ||
    !(logs instanceof Float64Array) ||
    logs.length === 0 ||
    !Number.isInteger(spectrum.depth)
  ) {
    throw new GradscopeArgumentError(
      'spectrum',
      spectrum,
      'one entry of jacobianSpectrumByDepth(net, x): { depth, singularValues, logSingularValues, meanSquare }',
      context,
    );
  }
  expectKnownKeys('options', options, ['quantiles'], '{ quantiles: [0.1, 0.5, 0.9] }', context);
  const probabilities = options.quantiles ?? SPECTRUM_SPREAD_DEFAULTS.quantiles;
  if (!Array.isArray(probabilities) || probabilities.length === 0) {
    throw new GradscopeArgumentError(
      'options.quantiles',
      probabilities,
      'a non-empty array of probabilities in [0, 1]',
      context,
    );
  }
  probabilities.forEach((p, i) => {
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
      throw new GradscopeArgumentError(`options.quantiles[${i}]`, p, 'a probability in [0, 1]', context);
    }
  });

  const count = logs.length;
  const undefinedResult = (rank: number, logTolerance: number): SpectrumSpread => ({
    depth: spectrum.depth,
    count,
    rank,
    logTolerance,
    probabilities: [...probabilities],
    logQuantiles: new Float64Array(probabilities.length).fill(NaN),
  });
  if (logs.some(Number.isNaN)) return undefinedResult(NaN, NaN);
  const largest = Math.max(...logs);
  if (largest === -Infinity) return undefinedResult(0, -Infinity);
  const logTolerance = largest + Math.log(count) - 52 * Math.LN2;
  const kept = Float64Array.from(logs.filter((l) => l > logTolerance)).sort();
  const logQuantiles = Float64Array.from(probabilities, (p) => {
    const h = (kept.length - 1) * p;
    const below = Math.floor(h);
    const above = Math.min(below + 1, kept.length - 1);
    return kept[below] + (h - below) * (kept[above] - kept[below]);
  });
  return {
    depth: spectrum.depth,
    count,
    rank: kept.length,
    logTolerance,
    probabilities: [...probabilities],
    logQuantiles,
  };
}
