/**
 * The theory's curves in the (σ_w², σ_b²) plane of the phase diagram, for one activation and depth L:
 *   the edge of chaos, χ₁ = 1 (`criticalLine` of the engine);
 *   the edges of the band Schoenholz et al. (2017) found trainable, where 6ξ_c = L: on the ordered side, where
 *   c* = 1 and ξ_c = −1/ln χ₁, the σ_w² with χ₁ = e^(−6/L); on the chaotic side, the σ_w² where the engine's
 *   `correlationDepthScale` reaches L/6 (a nested quadrature per evaluation: the slow part, done last).
 * Each edge is found by bisection in σ_w² on its side of the critical line, where ξ_c is monotone.
 */
import { chi, criticalLine, type ActivationName } from '@gradscope/core';

import { SWEEP_RANGE } from './sweep.ts';
import { chaoticCorrelationScale } from './theory.ts';

/** A point of the plane: x = σ_w², y = σ_b². */
export interface PlanePoint {
  readonly x: number;
  readonly y: number;
}

/** The σ_b² at which the curves are found: the sweep's range, its ends included. */
export function curveBiasVariances(count: number): number[] {
  const [lo, hi] = SWEEP_RANGE.biasVariance;
  return Array.from({ length: count }, (_, i) => lo + (i * (hi - lo)) / (count - 1));
}

/**
 * The edge of chaos in the plane, σ_b² up the range.
 *
 * @example
 * criticalCurve('tanh', 16)[0]; // { x: 1, y: 0 }
 */
export function criticalCurve(activation: ActivationName, count = 16): PlanePoint[] {
  return criticalLine({ activation, biasVariances: curveBiasVariances(count) }).map((p) => ({
    x: p.weightVariance,
    y: p.biasVariance,
  }));
}

/**
 * Bisection for the σ_w² in [lo, hi] where `above(σ_w²)` turns from false to true; NaN when it does not (with
 * `checkLow` false, `above(lo)` is known to be false and is not evaluated).
 */
function bisect(
  lo: number,
  hi: number,
  above: (w: number) => boolean,
  steps: number,
  checkLow = true,
): number {
  if ((checkLow && above(lo)) || !above(hi)) return NaN;
  for (let i = 0; i < steps; i++) {
    const mid = (lo + hi) / 2;
    if (above(mid)) hi = mid;
    else lo = mid;
  }
  return (lo + hi) / 2;
}

/**
 * The ordered-side edge of the trainable band at depth L: for each σ_b² > 0, the σ_w² below the edge of chaos
 * where 6ξ_c = L, that is χ₁ = e^(−6/L). (At σ_b² = 0 the signal of an odd activation dies out: no ξ_c.)
 *
 * @example
 * orderedEdge('tanh', 30, critical); // points left of the critical line
 */
export function orderedEdge(
  activation: ActivationName,
  depth: number,
  critical: readonly PlanePoint[],
): PlanePoint[] {
  const target = Math.exp(-6 / depth);
  const out: PlanePoint[] = [];
  for (const { x: wc, y: biasVariance } of critical) {
    if (biasVariance === 0) continue;
    const w = bisect(
      Math.min(SWEEP_RANGE.weightVariance[0] / 4, wc),
      wc,
      (weightVariance) => chi({ activation, weightVariance, biasVariance }) >= target,
      24,
    );
    if (Number.isFinite(w)) out.push({ x: w, y: biasVariance });
  }
  return out;
}

/**
 * The chaotic-side edge of the trainable band at depth L: for each σ_b² > 0 of `critical`, the σ_w² above the
 * edge of chaos where 6ξ_c falls to L (within the sweep's range; beyond it, no point), to within 1/256 of that
 * range. Slow: each step is a nested quadrature (about 0.1 s). σ_b² = 0 is left out, as on the ordered side: there
 * c* = 0 with a wide q*, where each step costs seconds.
 *
 * @example
 * chaoticEdge('tanh', 30, criticalCurve('tanh', 7));
 */
export function chaoticEdge(
  activation: ActivationName,
  depth: number,
  critical: readonly PlanePoint[],
): PlanePoint[] {
  const out: PlanePoint[] = [];
  const hi = SWEEP_RANGE.weightVariance[1];
  for (const { x: wc, y: biasVariance } of critical) {
    if (biasVariance === 0 || !(wc < hi)) continue;
    // Just above the edge of chaos ξ_c is unbounded, so any depth trains there: only the top needs checking.
    const w = bisect(
      wc * 1.0001,
      hi,
      (weightVariance) => {
        const xi = chaoticCorrelationScale(activation, weightVariance, biasVariance);
        // An undefined ξ_c (q* = ∞) is past any trainable depth.
        return !(6 * xi > depth);
      },
      8,
      false,
    );
    if (Number.isFinite(w)) out.push({ x: w, y: biasVariance });
  }
  return out;
}
