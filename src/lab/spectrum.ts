/**
 * The singular values of J_l = ∂a^[l]/∂x, the Jacobian of the first l layers at one input, for a dozen depths l:
 * how the network stretches or squeezes each direction of a small change of its input, and so (transposed) each
 * direction of a gradient on its way back. Their mean square follows the gradient's χ₁ per layer; their spread
 * is what that average hides (Pennington, Schoenholz & Ganguli 2017: orthogonal weights keep every singular value
 * of a linear network at 1, Gaussian ones spread them). The engine computes them (`jacobianSpectrumByDepth`).
 *
 * The output layer is left out: with one output unit its Jacobian has a single singular value, no spread.
 * Forming J_l costs about n³ multiply-adds per layer (n × n times n × n), so a very wide and deep network is not
 * attempted; `spectrumCost` says how much, and `SPECTRUM_BUDGET` where the page stops.
 */
import { jacobianSpectrumByDepth, zeros } from '@gradscope/core';

import { firstExamples, labData } from './data.ts';
import { buildNetwork } from './network.ts';
import type { LabState } from './state.ts';

/** At most this many depths are measured (the first hidden layer, the last, and evenly between). */
export const SPECTRUM_DEPTHS = 10;

/** Multiply-adds the page spends on a spectrum at most (a couple of seconds in a browser). */
export const SPECTRUM_BUDGET = 2e9;

/** The singular values at each measured depth, summarised. */
export interface SpectrumResult {
  /** The depths l (1 … L − 1). */
  readonly depths: readonly number[];
  /** Per depth: the smallest, 10th percentile, median, 90th percentile and largest singular value. */
  readonly min: Float64Array;
  readonly low: Float64Array;
  readonly median: Float64Array;
  readonly high: Float64Array;
  readonly max: Float64Array;
  /** The mean of σ² per depth (what χ₁ predicts: χ₁^l for a network at its fixed point). */
  readonly meanSquare: Float64Array;
  /** How many singular values each depth has (min(n, n_0) = n). */
  readonly count: number;
  /**
   * Whether some value fell below what float64 resolves in a product of matrices, about n·2⁻⁵² of the largest
   * singular value at its depth, and was raised to that floor (a Gaussian network's smallest singular values
   * shrink like e^(−3l) at width 128: far below it within a few dozen layers).
   */
  readonly floored: boolean;
}

/** Relative precision of float64: a computed singular value below n·EPSILON·σ_max is rounding, not signal. */
const RESOLUTION = Number.EPSILON;

/** Why no spectrum is computed for this state (too costly, or no hidden layer), or null. */
export function spectrumLimit(state: LabState): string | null {
  if (state.depth < 2) return 'A network of one layer has no hidden layer whose Jacobian could spread.';
  const cost = spectrumCost(state);
  if (cost > SPECTRUM_BUDGET) {
    return (
      `The spectrum would take about ${(cost / 1e9).toPrecision(2)} billion multiply-adds (depth × width³), ` +
      `more than the ${SPECTRUM_BUDGET / 1e9} billion this page spends on it: lower the width or the depth.`
    );
  }
  return null;
}

/** About how many multiply-adds `jacobianSpectrum` costs. */
export function spectrumCost(state: LabState): number {
  const { depth: L, width: n } = state;
  const plain = state.norm === 'none' && !state.residual;
  const depths = chooseDepths(L);
  // Plain dense networks: one running product through every layer. Others: one backward pass per depth.
  return plain
    ? L * n ** 3
    : depths.reduce((sum, d) => sum + 3 * d * n ** 3 * (state.norm === 'none' ? 1 : 2), 0);
}

/** Up to SPECTRUM_DEPTHS depths from 1 to L − 1, evenly spread, always both ends. */
export function chooseDepths(depth: number): number[] {
  const last = depth - 1;
  if (last < 1) return [];
  if (last <= SPECTRUM_DEPTHS) return Array.from({ length: last }, (_, i) => i + 1);
  const out = new Set<number>();
  for (let i = 0; i < SPECTRUM_DEPTHS; i++) out.add(Math.round(1 + (i * (last - 1)) / (SPECTRUM_DEPTHS - 1)));
  return [...out];
}

/**
 * The spectrum of J_l for the state's first seed, at its first example.
 *
 * @example
 * const { depths, median } = jacobianSpectrum({ ...DEFAULT_STATE, init: 'orthogonal', activation: 'identity' });
 * // median ≈ 1 at every depth: an orthogonal linear network is an isometry
 */
export function jacobianSpectrum(state: LabState): SpectrumResult {
  const { net, blocks } = buildNetwork(state, state.seed);
  const { x: batch } = firstExamples(labData(state, state.seed), 1);
  const x = zeros(batch.rows, 1, 'float64');
  x.data.set(batch.data);
  const depths = chooseDepths(state.depth);
  const engineDepths = depths.map((l) => blocks[l - 1].output + 1);
  const spectra = jacobianSpectrumByDepth(net, x, { depths: engineDepths });
  const k = depths.length;
  const result = {
    min: new Float64Array(k),
    low: new Float64Array(k),
    median: new Float64Array(k),
    high: new Float64Array(k),
    max: new Float64Array(k),
    meanSquare: new Float64Array(k),
  };
  let floored = false;
  spectra.forEach((spectrum, i) => {
    // Sorted ascending by logarithm, which stays finite where σ itself overflows or underflows float64.
    const logs = Float64Array.from(spectrum.logSingularValues).sort();
    const floor = logs[logs.length - 1] + Math.log(logs.length * RESOLUTION);
    const at = (q: number) => {
      const log = quantileOfSorted(logs, q);
      // An exact 0 (a ReLU unit that is off) stays 0: it is not rounding.
      if (log === -Infinity || !(log < floor)) return Math.exp(log);
      floored = true;
      return Math.exp(floor);
    };
    result.min[i] = at(0);
    result.low[i] = at(0.1);
    result.median[i] = at(0.5);
    result.high[i] = at(0.9);
    result.max[i] = at(1);
    result.meanSquare[i] = spectrum.meanSquare;
  });
  return { depths, ...result, count: spectra[0]?.singularValues.length ?? 0, floored };
}

function quantileOfSorted(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const position = (sorted.length - 1) * q;
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  // Between an infinite logarithm (σ = 0 or ∞) and a finite one there is nothing to interpolate.
  if (lo === hi || !Number.isFinite(sorted[lo]) || !Number.isFinite(sorted[hi]))
    return sorted[Math.round(position)];
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (position - lo);
}
