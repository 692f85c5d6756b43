/**
 * Where one sigmoid layer can stretch a gradient: the inputs a for which the layer a ↦ σ(w·a + b) has a slope
 * |w·σ'(w·a + b)| of at least a gain G (G = 1 by default: where the layer does not shrink a gradient).
 *
 * The sigmoid's slope is σ'(u) = σ(u)(1 − σ(u)) = 1/(4·cosh²(u/2)): largest, 1/4, at u = 0, and even in u. So
 *   |w|·σ'(u) ≥ G  ⇔  σ'(u) ≥ G/|w|  ⇔  |u| ≤ u*,  u* = 2·artanh(√(1 − 4G/|w|)),
 * which needs |w| ≥ 4G. With u = w·a + b, the inputs a form one interval of width 2u* / |w| around a = −b/w. This is
 * a problem of chapter 5 of M. Nielsen, "Neural Networks and Deep Learning" (2015), in its section on what causes
 * the vanishing gradient problem; its bound (2/|w|)·ln(|w|(1 + √(1 − 4/|w|))/2 − 1) is the same width written with
 * a logarithm.
 *
 * The widest interval over all weights: write the width through u* alone. Since G/|w| = σ'(u*), the width is
 * 2u*·σ'(u*)/G, and its derivative in u* vanishes where σ'(u) + u·σ''(u) = 0, i.e. (with σ'' = σ'(1 − 2σ))
 * u·tanh(u/2) = 1. That root, u ≈ 1.543, gives |w| = G/σ'(u) ≈ 6.894·G and a width of about 0.4477/G.
 */

import {
  GradscopeArgumentError,
  expectFiniteNumber,
  expectKnownKeys,
  expectPositiveNumber,
} from './errors.js';
import { brent } from './roots.js';

/** σ'(u) = σ(u)(1 − σ(u)), through cosh so that it stays accurate far into the tails (no 1 − σ cancellation). */
function sigmoidSlope(u: number): number {
  const c = Math.cosh(u / 2);
  return 1 / (4 * c * c);
}

/**
 * How far from 0 the sigmoid stays at least as steep as `slope`: the u* ≥ 0 with σ'(u*) = slope, so that
 * σ'(u) ≥ slope exactly when |u| ≤ u*. It is 2·artanh(√(1 − 4·slope)) = 2·arcosh(1/(2√slope)), for
 * 0 < slope ≤ 1/4 (the sigmoid is nowhere steeper than 1/4). Far out, σ'(u) ≈ e^(−|u|), so u* ≈ ln(1/slope).
 *
 * @example
 * ```ts
 * sigmoidSlopeEdge(0.25); // 0: only at u = 0 is the slope 1/4
 * sigmoidSlopeEdge(0.01 * 0.25); // 5.9869: beyond it a unit's slope is under 1% of its largest
 * ```
 */
export function sigmoidSlopeEdge(slope: number): number {
  const context = 'sigmoidSlopeEdge';
  if (typeof slope !== 'number' || !Number.isFinite(slope) || slope <= 0 || slope > 0.25) {
    throw new GradscopeArgumentError(
      'slope',
      slope,
      'a number greater than 0 and at most 1/4 (the sigmoid’s largest slope)',
      context,
    );
  }
  const r = Math.sqrt(1 - 4 * slope); // 1 − 4·slope is exact near 1/4, where the edge is small
  // Near the top, artanh of a small r is accurate; far out, r is near 1 and artanh(r) would lose the digits that
  // 1 − r keeps, so use the equal form ln((1 + r)/(2√slope)) there.
  return r < 0.5 ? 2 * Math.atanh(r) : 2 * Math.log((1 + r) / (2 * Math.sqrt(slope)));
}

/** Options of `sigmoidGainInterval`. */
export interface SigmoidGainOptions {
  /** The layer's bias b (default 0): it moves the interval, not its width. */
  readonly bias?: number;
  /** The gain G the slope must reach (default 1: the layer does not shrink a gradient). */
  readonly gain?: number;
}

/** The inputs a at which one sigmoid layer's slope reaches the gain: the interval [from, to]. */
export interface SigmoidGainInterval {
  /** The smallest such input. */
  readonly from: number;
  /** The largest such input. */
  readonly to: number;
  /** to − from = 2u* / |w|. */
  readonly width: number;
  /** u*: the interval in the pre-activation u = w·a + b is [−u*, u*]. */
  readonly edge: number;
}

/**
 * The interval of inputs a where the layer a ↦ σ(w·a + b) has slope |w·σ'(w·a + b)| ≥ G (default G = 1), or
 * `null` when there is none: the slope is at most |w|/4, so |w| < 4G leaves no input. Its width 2u* / |w| does not
 * depend on b (see the file header for the derivation).
 *
 * @example
 * ```ts
 * sigmoidGainInterval(1); // null: |w·σ'| ≤ 1/4 everywhere
 * sigmoidGainInterval(4); // { from: 0, to: 0, width: 0, edge: 0 }: exactly 1 at a = 0 only
 * sigmoidGainInterval(6.9, { bias: -3.45 }).width; // ≈ 0.4477, centred on a = 0.5
 * ```
 */
export function sigmoidGainInterval(
  weight: number,
  options: SigmoidGainOptions = {},
): SigmoidGainInterval | null {
  const context = 'sigmoidGainInterval';
  const w = expectFiniteNumber('weight', weight, context);
  expectKnownKeys('options', options, ['bias', 'gain'], '{ bias: 0, gain: 1 }', context);
  const b = expectFiniteNumber('options.bias', options.bias ?? 0, context);
  const gain = expectPositiveNumber('options.gain', options.gain ?? 1, context);
  if (Math.abs(w) < 4 * gain) return null;
  const edge = sigmoidSlopeEdge(gain / Math.abs(w));
  const centre = -b / w;
  const half = edge / Math.abs(w);
  return { from: centre - half, to: centre + half, width: 2 * half, edge };
}

/** The widest interval of `sigmoidGainInterval` over all weights. */
export interface WidestSigmoidGainInterval {
  /** The |w| that gives it, about 6.894·G. */
  readonly weight: number;
  /** Its width, about 0.4477/G. */
  readonly width: number;
  /** Its u*, the root of u·tanh(u/2) = 1 (about 1.543), the same for every G. */
  readonly edge: number;
}

/**
 * The widest interval of inputs on which one sigmoid layer can reach slope G (default 1), over every weight w
 * and bias b: the root u* of u·tanh(u/2) = 1 by Brent's method, then |w| = G/σ'(u*) and width = 2u*·σ'(u*)/G
 * (see the file header). Even at the best weight, a layer passes a gradient undiminished only for inputs in a
 * window less than half a unit wide.
 *
 * @example
 * ```ts
 * widestSigmoidGainInterval(); // { weight: 6.8942…, width: 0.4477…, edge: 1.5434… }
 * widestSigmoidGainInterval({ gain: 2 }).width; // half as wide, at twice the weight
 * ```
 */
export function widestSigmoidGainInterval(
  options: { readonly gain?: number } = {},
): WidestSigmoidGainInterval {
  const context = 'widestSigmoidGainInterval';
  expectKnownKeys('options', options, ['gain'], '{ gain: 1 }', context);
  const gain = expectPositiveNumber('options.gain', options.gain ?? 1, context);
  const f = (u: number) => u * Math.tanh(u / 2) - 1; // increasing on u > 0, from −1 at 0
  const edge = brent(f, 1, 2, f(1), f(2), 1e-15);
  const slope = sigmoidSlope(edge);
  return { weight: gain / slope, width: (2 * edge * slope) / gain, edge };
}
