/**
 * What mean-field theory (Poole et al. 2016; Schoenholz et al. 2017; the engine's meanfield.ts and
 * correlation.ts) says about a Lab state, and whether it applies to it.
 *
 * It describes wide plain stacks of layers with independent weights of variance σ_w²/fan_in and biases of
 * variance σ_b²: the pre-activations of layer l are about N(0, q^l), q^l follows the variance map to its fixed
 * point q*, and backwards ‖δ‖² is multiplied by χ_l = σ_w²·E[φ'(z)²] per layer, χ₁ at q*. χ₁ < 1 is the ordered
 * phase (gradients vanish), χ₁ > 1 the chaotic one (they explode). Two inputs' correlation settles over ξ_c
 * layers, and Schoenholz et al. found networks trainable up to about 6ξ_c layers deep.
 *
 * Orthogonal weights have the same σ_w² in this sense (‖W·v‖² = σ_w²‖v‖² exactly), so the forward prediction
 * holds for them too. It does not apply to normalized or residual networks, nor to k·I weights with a nonlinear
 * activation (k·I never mixes units, so nothing makes them Gaussian): the summary then describes the plain
 * Gaussian network with the same activation, σ_w² and σ_b², and no prediction is drawn.
 *
 * ξ_c: in the ordered phase the correlations' fixed point is c* = 1, where the correlation map's slope is χ₁
 * (Schoenholz et al. 2017), so ξ_c = −1/ln χ₁ costs nothing; in the chaotic phase it needs c* and the slope there
 * (`correlationDepthScale`, a nested quadrature of some tenths of a second), computed separately
 * (`chaoticCorrelationScale`) so the rest of the summary never waits for it. When q* is 0 (σ_b² = 0 in the
 * ordered phase of an activation with φ(0) = 0) or infinite, there is no signal whose correlation could settle,
 * and ξ_c is left undefined.
 */
import {
  backwardGradientGrowth,
  chi,
  correlationDepthScale,
  forwardVariance,
  lengthDepthScale,
  meanSquaredActivation,
  varianceFixedPoint,
  type ActivationName,
} from '@gradscope/core';

import { outputActivation } from './network.ts';
import type { LabState } from './state.ts';

/** Where a configuration sits between order and chaos. */
export type Phase = 'ordered' | 'critical' | 'chaotic';

/** Within this of χ₁ = 1 a configuration counts as critical: gradients change by less than 1% per layer. */
export const CRITICAL_TOLERANCE = 0.01;

/** The theory's numbers for one state. */
export interface TheorySummary {
  /** Whether the predictions describe this network (else: a plain one with the same dials). */
  readonly applies: boolean;
  /** Why they do not, in a sentence; null when they do. */
  readonly reason: string | null;
  readonly activation: ActivationName;
  readonly weightVariance: number;
  /** σ_b², 0 when the network has no biases. */
  readonly biasVariance: number;
  /** q*, the fixed point of the variance map (0 or Infinity allowed). */
  readonly qStar: number;
  /** χ₁ = σ_w²·E[φ'(z)²] at q*: the factor by which ‖δ‖² changes per layer, deep in the network. */
  readonly chi1: number;
  readonly phase: Phase;
  /** ξ_q: the depth over which q^l settles to q* (Infinity when it does not settle). */
  readonly lengthScale: number;
  /** ξ_c in the ordered and critical phases; null in the chaotic phase (see `chaoticCorrelationScale`) or when undefined. */
  readonly correlationScale: number | null;
  /** Why ξ_c is undefined, when it is (and not merely left to `chaoticCorrelationScale`). */
  readonly correlationNote: string | null;
  /** The predicted RMS of a^[l] for l = 1 … L (entry l − 1), when the theory applies. */
  readonly activationRms: Float64Array | null;
  /** The predicted ‖δ^[l]‖² / ‖δ^[L]‖² for l = 1 … L, when the theory applies. */
  readonly gradientRatio: Float64Array | null;
}

/** Why the theory does not describe this network, or null. */
export function theoryLimit(state: LabState): string | null {
  if (state.norm !== 'none') {
    return 'Normalization rescales every layer by statistics of the batch or of the example, which the mean-field recursion does not model.';
  }
  if (state.residual) {
    return 'Each residual layer adds its input back, and the mean-field recursion here is for plain stacks of layers.';
  }
  if (state.init === 'identity' && state.activation !== 'identity') {
    return 'Weights k·I never mix units, so the pre-activations do not become Gaussian as the theory assumes.';
  }
  return null;
}

/**
 * The mean-field summary of a state; `inputSecondMoment` is the measured ‖x‖²/n of the input (1 on average).
 *
 * @example
 * theorySummary({ ...DEFAULT_STATE, activation: 'relu', weightVariance: 1 }).chi1; // 0.5
 */
export function theorySummary(state: LabState, inputSecondMoment = 1): TheorySummary {
  const activation = state.activation;
  const weightVariance = state.weightVariance;
  const biasVariance = state.bias ? state.biasVariance : 0;
  const dials = { activation, weightVariance, biasVariance };
  const qStar = varianceFixedPoint(dials);
  const chi1 = chi(dials);
  const phase: Phase =
    Math.abs(chi1 - 1) <= CRITICAL_TOLERANCE ? 'critical' : chi1 < 1 ? 'ordered' : 'chaotic';
  const lengthScale = safely(() => lengthDepthScale(dials));
  let correlationScale: number | null = null;
  let correlationNote: string | null = null;
  if (qStar === 0) {
    correlationNote = 'q* = 0: the signal dies out, so there is no correlation left to settle.';
  } else if (qStar === Infinity) {
    correlationNote =
      'q* = ∞: the signal grows without bound, so the correlation has no fixed point to settle to.';
  } else if (phase !== 'chaotic') {
    correlationScale = chi1 >= 1 ? Infinity : -1 / Math.log(chi1);
  }
  const reason = theoryLimit(state);
  const L = state.depth;
  let activationRms: Float64Array | null = null;
  let gradientRatio: Float64Array | null = null;
  if (reason === null) {
    const deep = { ...dials, inputSecondMoment, depth: L };
    const q = forwardVariance(deep);
    activationRms = q.map((ql, i) =>
      Math.sqrt(
        meanSquaredActivation({
          activation: i === L - 1 ? outputActivation(state.loss) : activation,
          variance: ql,
        }),
      ),
    );
    gradientRatio = backwardGradientGrowth(deep);
  }
  return {
    applies: reason === null,
    reason,
    activation,
    weightVariance,
    biasVariance,
    qStar,
    chi1,
    phase,
    lengthScale: Number.isNaN(lengthScale) ? Infinity : lengthScale,
    correlationScale,
    correlationNote,
    activationRms,
    gradientRatio,
  };
}

/**
 * ξ_c in the chaotic phase, from c* and the correlation map's slope there (slow: a nested quadrature); NaN when
 * the engine finds no such fixed point.
 *
 * @example
 * chaoticCorrelationScale('tanh', 2.5, 0.05); // ≈ 11.8 layers
 */
export function chaoticCorrelationScale(
  activation: ActivationName,
  weightVariance: number,
  biasVariance: number,
): number {
  return safely(() => correlationDepthScale({ activation, weightVariance, biasVariance }));
}

/** The value of `f`, or NaN when the engine says the quantity does not exist for these dials. */
function safely(f: () => number): number {
  try {
    return f();
  } catch {
    return NaN;
  }
}

/**
 * The trainable depth Schoenholz et al. observed, 6ξ_c (Infinity at criticality), or null when ξ_c is undefined.
 *
 * @example
 * trainableDepth(10); // 60
 */
export function trainableDepth(correlationScale: number | null): number | null {
  return correlationScale === null || Number.isNaN(correlationScale) ? null : 6 * correlationScale;
}
