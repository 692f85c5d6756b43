/**
 * How much the product J_l = J^[l] ⋯ J^[1] = ∂a^[l]/∂x can stretch or shrink a vector, bounded layer by layer from
 * the slopes and the singular values of the weights alone. For any vector v,
 *   ‖D·W·v‖ ≤ max_i |g'(z_i)| · ‖W·v‖ ≤ max_i |g'(z_i)| · σ_max(W) · ‖v‖,
 * and, when W has at least as many rows as columns (so it has no null space),
 *   ‖D·W·v‖ ≥ min_i |g'(z_i)| · σ_min(W) · ‖v‖.
 * Applying these once per layer:
 *   σ_max(J_l) ≤ Π_{k ≤ l} max_i |g'(z^[k]_i)| · σ_max(W^[k])        (upper)
 *   ‖J_l·v‖ ≥ Π_{k ≤ l} min_i |g'(z^[k]_i)| · σ_min(W^[k]) · ‖v‖     (lower; σ_min(W) = 0 for a wide W)
 * The bounds are exact for W^[k] = k·I and linear g, and loose when the directions each layer stretches most
 * do not line up with the next layer's, which is the usual case for random weights. The products are summed in
 * logarithms, so a bound far beyond float64's range still has a finite logarithm.
 */

import { GradscopeArgumentError } from './errors.js';
import type { DenseLayer } from './dense.js';
import { layerJacobians } from './layer-jacobians.js';
import type { Matrix } from './matrix.js';
import { expectNetwork, type Network } from './network.js';
import { singularValues } from './svd.js';

/** The bounds on J_l = ∂a^[l]/∂x for one depth l (see `jacobianBounds`). */
export interface JacobianBound {
  /** l: the bounds hold for the first l layers. */
  readonly depth: number;
  /** Layer l's own factor max_i |g'(z^[l]_i)| · σ_max(W^[l]): the most it can stretch any vector. */
  readonly layerUpper: number;
  /** Layer l's own factor min_i |g'(z^[l]_i)| · σ_min(W^[l]): the least it can stretch any vector (0 if W^[l] is wide). */
  readonly layerLower: number;
  /** ln of `upper`, finite even where `upper` overflows. */
  readonly logUpper: number;
  /** ln of `lower` (−Infinity when it is 0). */
  readonly logLower: number;
  /** Π_{k ≤ l} of the layers' upper factors: σ_max(J_l) ≤ upper. */
  readonly upper: number;
  /** Π_{k ≤ l} of the layers' lower factors: ‖J_l·v‖ ≥ lower·‖v‖ for every v. */
  readonly lower: number;
}

/**
 * Upper and lower bounds on how much the first l layers of a dense network stretch a small change of the input
 * at the point x, for every depth l = 1 … L, from each layer's largest and smallest slope g'(z) and its weights'
 * largest and smallest singular values (see the file header).
 *
 * @example
 * ```ts
 * jacobianBounds(linearNetwork(3, 1.5), column([1, 1])).map((b) => [b.lower, b.upper]);
 * // [[1.5, 1.5], [2.25, 2.25], [3.375, 3.375]]: exact for k·I
 * ```
 */
export function jacobianBounds(net: Network, x: Matrix): JacobianBound[] {
  const context = 'jacobianBounds';
  expectNetwork('net', net, context);
  let jacobians;
  try {
    jacobians = layerJacobians(net, x);
  } catch (error) {
    // The same argument errors, named by the function the reader called.
    if (error instanceof GradscopeArgumentError) {
      throw new GradscopeArgumentError(error.argument, error.received, error.expected, context);
    }
    throw error;
  }
  let logUpper = 0;
  let logLower = 0;
  return jacobians.map(({ slopes }, i) => {
    const W = (net.layers[i] as DenseLayer).W.value;
    const sigma = singularValues(W);
    const sigmaMax = sigma[0];
    // A wide W (fewer rows than columns) sends some direction to 0, so nothing bounds ‖W·v‖ away from 0.
    const sigmaMin = W.rows >= W.cols ? sigma[sigma.length - 1] : 0;
    let maxSlope = 0;
    let minSlope = Infinity;
    for (const s of slopes) {
      maxSlope = Math.max(maxSlope, Math.abs(s));
      minSlope = Math.min(minSlope, Math.abs(s));
    }
    const layerUpper = maxSlope * sigmaMax;
    const layerLower = minSlope * sigmaMin;
    logUpper += Math.log(layerUpper);
    logLower += Math.log(layerLower);
    return {
      depth: i + 1,
      layerUpper,
      layerLower,
      logUpper,
      logLower,
      upper: Math.exp(logUpper),
      lower: Math.exp(logLower),
    };
  });
}
